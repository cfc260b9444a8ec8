//! Line diffs for people: what a draft, a save or a commit would change, in hunks with a
//! little context, ready to show line by line (the UI colours each line by its
//! [`LineChange`]). Putting two changed versions together is [`crate::merge`]'s.

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

/// Unchanged lines shown around each change, as `git diff` does.
pub const CONTEXT_LINES: usize = 3;

/// Whether a line is kept, removed or added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LineChange {
    /// In both texts.
    Same,
    /// Only in the old text.
    Removed,
    /// Only in the new text.
    Added,
}

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DiffLine {
    /// Kept, removed or added.
    pub change: LineChange,
    /// The line without its line ending.
    pub text: String,
    /// Its 1-based number in the old text (none for an added line).
    pub old_line: Option<usize>,
    /// Its 1-based number in the new text (none for a removed line).
    pub new_line: Option<usize>,
}

/// A run of changes with [`CONTEXT_LINES`] of context on each side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DiffHunk {
    /// The hunk's lines in order.
    pub lines: Vec<DiffLine>,
}

/// The hunks that turn `old` into `new`; empty when the texts are equal.
pub fn line_diff(old: &str, new: &str) -> Vec<DiffHunk> {
    let diff = TextDiff::from_lines(old, new);
    diff.grouped_ops(CONTEXT_LINES)
        .iter()
        .map(|group| DiffHunk {
            lines: group
                .iter()
                .flat_map(|op| diff.iter_changes(op))
                .map(|c| DiffLine {
                    change: match c.tag() {
                        ChangeTag::Equal => LineChange::Same,
                        ChangeTag::Delete => LineChange::Removed,
                        ChangeTag::Insert => LineChange::Added,
                    },
                    text: c
                        .value()
                        .trim_end_matches('\n')
                        .trim_end_matches('\r')
                        .to_string(),
                    old_line: c.old_index().map(|i| i + 1),
                    new_line: c.new_index().map(|i| i + 1),
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_hunks() {
        assert!(line_diff("a\nb\n", "a\nb\n").is_empty());
    }

    #[test]
    fn a_changed_line_is_removed_then_added_with_numbers() {
        let hunks = line_diff("one\ntwo\nthree\n", "one\nTWO\nthree\n");
        assert_eq!(hunks.len(), 1);
        let l = &hunks[0].lines;
        assert_eq!(l.len(), 4);
        assert_eq!((l[0].change, l[0].text.as_str()), (LineChange::Same, "one"));
        assert_eq!(
            (l[1].change, l[1].old_line, l[1].new_line),
            (LineChange::Removed, Some(2), None)
        );
        assert_eq!(
            (l[2].change, l[2].text.as_str()),
            (LineChange::Added, "TWO")
        );
        assert_eq!(l[2].new_line, Some(2));
    }

    #[test]
    fn distant_changes_make_separate_hunks_without_far_context() {
        let old: String = (1..=30).map(|i| format!("line {i}\n")).collect();
        let new = old
            .replace("line 2\n", "line two\n")
            .replace("line 28\n", "line 28!\n");
        let hunks = line_diff(&old, &new);
        assert_eq!(hunks.len(), 2);
        assert!(
            hunks
                .iter()
                .all(|h| !h.lines.iter().any(|l| l.text == "line 15"))
        );
    }
}
