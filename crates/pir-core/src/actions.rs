//! Action items: the rows of the tables under `## Action Items`, and which of them are open.
//!
//! Search filters on "has open action items" and the site metrics count open items by owner,
//! so both read the rows the same way, here.

use serde::{Deserialize, Serialize};

use crate::doc::PirModel;
use crate::doc::section_key::SectionKey;

/// One row of an Action Items table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    /// The action text (the `Action` column, else the first column that is not `#`).
    pub action: String,
    /// The `Owner` (or `Assignee`, `Who`) cell, when the table has that column and it is filled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The `Status` cell as written, when the table has that column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// 1-based line of the row.
    pub line: usize,
    /// The table has a Status column and this row's status is not Done, Closed, Resolved or
    /// Complete(d). A table without a Status column says nothing about openness, so its rows
    /// are not counted as open.
    pub open: bool,
}

/// Whether a status cell says the item is finished: its first word (ignoring markup such as
/// `**` or a leading check mark) is Done, Closed, Resolved, Complete or Completed.
pub fn is_closed_status(status: &str) -> bool {
    let first = status
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    matches!(
        first.as_str(),
        "done" | "closed" | "resolved" | "complete" | "completed"
    )
}

/// Whether the section `section` of `model` is the `## Action Items` section or inside it:
/// where [`action_items`] reads its tables.
pub(crate) fn in_action_items(model: &PirModel, mut section: Option<usize>) -> bool {
    while let Some(id) = section {
        let Some(s) = model.sections.get(id) else {
            return false;
        };
        if s.level <= 2 {
            return SectionKey::from_heading(&s.heading) == Some(SectionKey::ActionItems);
        }
        section = s.parent;
    }
    false
}

/// Every row of the tables in the `## Action Items` section (sub-sections included).
pub fn action_items(model: &PirModel) -> Vec<ActionItem> {
    let mut out = Vec::new();
    for table in model
        .tables
        .iter()
        .filter(|t| in_action_items(model, t.section))
    {
        let column = |names: &[&str]| {
            table.header.iter().position(|h| {
                let h = h.trim().trim_matches('*').trim().to_lowercase();
                names.contains(&h.as_str())
            })
        };
        let status_col = column(&["status", "state"]);
        let owner_col = column(&["owner", "owners", "assignee", "who", "responsible"]);
        let action_col = column(&["action", "action item", "item", "task", "description"])
            .or_else(|| (0..table.header.len()).find(|&i| table.header[i].trim() != "#"))
            .unwrap_or(0);
        for (row, line) in table.rows.iter().zip(&table.row_lines) {
            let cell = |col: Option<usize>| {
                col.and_then(|c| row.get(c))
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
            };
            let status = status_col.map(|c| row.get(c).map_or("", |v| v.trim()).to_string());
            out.push(ActionItem {
                action: cell(Some(action_col)).unwrap_or_default(),
                owner: cell(owner_col),
                open: status.as_deref().is_some_and(|s| !is_closed_status(s)),
                status,
                line: *line,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Document;

    #[test]
    fn closed_statuses_ignore_markup_and_case() {
        for s in [
            "Done",
            "**closed**",
            "✅ Complete",
            "Resolved (2026-01-02)",
            "COMPLETED",
        ] {
            assert!(is_closed_status(s), "{s}");
        }
        for s in ["Open", "In progress", "", "Not done", "Blocked"] {
            assert!(!is_closed_status(s), "{s}");
        }
    }

    #[test]
    fn reads_rows_of_action_tables_only() {
        let text = "# Post Incident Review: X\n\n## Impact\n\n| Service | Status |\n| --- | --- |\n| Web | Open |\n\n## Action Items\n\n| # | Action | Owner | Status |\n| - | ------ | ----- | ------ |\n| 1 | Add alert | Ops | Open |\n| 2 | Fix job | | Done |\n\n### Later\n\n| Action | Status |\n| --- | --- |\n| Audit | |\n";
        let items = action_items(Document::parse(text).model());
        let got: Vec<(&str, Option<&str>, bool, usize)> = items
            .iter()
            .map(|i| (i.action.as_str(), i.owner.as_deref(), i.open, i.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Add alert", Some("Ops"), true, 13),
                ("Fix job", None, false, 14),
                ("Audit", None, true, 20),
            ]
        );
    }
}
