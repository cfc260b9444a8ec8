//! Placing new entries: newest first under their year's heading (created in order when
//! missing), spaced as the list is; one at a time, or many in one pass over the page.

use chrono::{Datelike, NaiveDate};

use super::entry::render_entry;
use super::list::{ListEntry, ListPir, RecentList};
use super::read::{line_offsets, lines, parse_recent_list, trim_blank_back};

/// Returns `text` with an entry for `pir` added to its Recent Incidents list: newest first,
/// under its year's heading (created when the list uses year headings and this year has none).
///
/// `Ok(None)` when the page has no such list or already links to the PIR.
pub fn insert_list_entry(text: &str, pir: &ListPir<'_>) -> Option<String> {
    let list = parse_recent_list(text)?;
    if list.entries.iter().any(|e| e.target == pir.target) {
        return None;
    }
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let ls = lines(text);
    let model = list.entries.first();
    let entry = render_entry(pir, model, &ls, nl);
    let gap = if spaced(&list) { nl } else { "" };
    let offsets = line_offsets(text);
    let at_line = |n: usize| offsets.get(n - 1).copied().unwrap_or(text.len());

    let year = pir.date.year();
    let uses_years = !list.years.is_empty() || list.entries.is_empty();
    let (insert_at, insert) = if uses_years {
        let sub = "#".repeat(list.level + 1);
        match list.years.iter().position(|(y, _)| *y == year) {
            Some(k) => {
                let heading_line = list.years[k].1;
                let group_end = list.years.get(k + 1).map_or(list.end_line, |(_, l)| *l);
                let group: Vec<&ListEntry> = list
                    .entries
                    .iter()
                    .filter(|e| e.line > heading_line && e.line < group_end)
                    .collect();
                place_in_group(&group, pir.date, &entry, gap, nl, heading_line, &at_line)
            }
            None => {
                // Years newest first; the new heading goes before the first older year.
                let next = list.years.iter().find(|(y, _)| *y < year);
                let block = format!("{sub} {year}{nl}{nl}{entry}{nl}");
                match next {
                    Some((_, l)) => (at_line(*l), format!("{block}{nl}")),
                    None => {
                        let end = list.end_line;
                        let before_end = trim_blank_back(&ls, end);
                        (at_line(before_end), format!("{nl}{block}"))
                    }
                }
            }
        }
    } else {
        let group: Vec<&ListEntry> = list.entries.iter().collect();
        place_in_group(
            &group,
            pir.date,
            &entry,
            gap,
            nl,
            list.heading_line,
            &at_line,
        )
    };
    let mut out = String::with_capacity(text.len() + insert.len() + 2);
    out.push_str(&text[..insert_at]);
    if insert_at > 0 && !out.ends_with('\n') {
        out.push_str(nl);
    }
    out.push_str(&insert);
    out.push_str(&text[insert_at..]);
    Some(out)
}

/// Whether the list separates its entries with blank lines: as the first two entries with no
/// year heading between them are, or yes when no two are (too few to tell). Entries added in
/// that spacing keep the answer the same.
fn spaced(list: &RecentList) -> bool {
    list.entries
        .windows(2)
        .find(|w| {
            !list
                .years
                .iter()
                .any(|(_, l)| *l > w[0].last_line && *l < w[1].line)
        })
        .is_none_or(|w| w[1].line > w[0].last_line + 1)
}

/// Returns `text` with entries for `pirs` added to its Recent Incidents list, each placed
/// as [`insert_list_entry`] would place it given those added before it, and the positions
/// in `pirs` of those added (not those already listed); `None` when the page has no list.
///
/// The page is read once and every entry written in one pass, where adding them one by one
/// would read the page again after each: what keeps `pir sync` linear on a large site.
pub fn insert_list_entries(text: &str, pirs: &[ListPir<'_>]) -> Option<(String, Vec<usize>)> {
    /// An entry of a year group: one the page has (its position in the list's entries) or
    /// one being added (its position in `pirs`).
    #[derive(Clone, Copy)]
    enum Item {
        Old(usize),
        New(usize),
    }
    /// A year's group (or the whole list, without years): its heading line when the page
    /// has it, and its entries in page order.
    struct Group {
        year: Option<i32>,
        heading: Option<usize>,
        items: Vec<Item>,
    }
    let list = parse_recent_list(text)?;
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let ls = lines(text);
    let model = list.entries.first();
    let gap = if spaced(&list) { nl } else { "" };
    let offsets = line_offsets(text);
    let at_line = |n: usize| offsets.get(n - 1).copied().unwrap_or(text.len());

    let uses_years = !list.years.is_empty() || list.entries.is_empty();
    let mut groups: Vec<Group> = if uses_years {
        list.years
            .iter()
            .enumerate()
            .map(|(k, (year, line))| {
                let end = list.years.get(k + 1).map_or(list.end_line, |(_, l)| *l);
                Group {
                    year: Some(*year),
                    heading: Some(*line),
                    items: (0..list.entries.len())
                        .filter(|&i| list.entries[i].line > *line && list.entries[i].line < end)
                        .map(Item::Old)
                        .collect(),
                }
            })
            .collect()
    } else {
        vec![Group {
            year: None,
            heading: Some(list.heading_line),
            items: (0..list.entries.len()).map(Item::Old).collect(),
        }]
    };
    let mut listed: std::collections::HashSet<&str> =
        list.entries.iter().map(|e| e.target.as_str()).collect();
    let mut added = Vec::new();
    for (i, pir) in pirs.iter().enumerate() {
        if !listed.insert(pir.target) {
            continue;
        }
        added.push(i);
        let g = if uses_years {
            let year = pir.date.year();
            match groups.iter().position(|g| g.year == Some(year)) {
                Some(g) => g,
                None => {
                    // Years newest first: the new heading goes before the first older year.
                    let at = groups
                        .iter()
                        .position(|g| g.year.is_some_and(|y| y < year))
                        .unwrap_or(groups.len());
                    groups.insert(
                        at,
                        Group {
                            year: Some(year),
                            heading: None,
                            items: Vec::new(),
                        },
                    );
                    at
                }
            }
        } else {
            0
        };
        let date_of = |item: &Item| match *item {
            Item::Old(k) => list.entries[k].date,
            Item::New(k) => Some(pirs[k].date),
        };
        let items = &mut groups[g].items;
        let at = items
            .iter()
            .position(|it| date_of(it).is_some_and(|d| d < pir.date))
            .unwrap_or(items.len());
        items.insert(at, Item::New(i));
    }
    if added.is_empty() {
        return Some((text.to_string(), added));
    }

    // What to insert where: (byte offset, text), pushed in page order (so that, at one
    // offset, a group's last entries come before the new year after it).
    let render = |k: usize| render_entry(&pirs[k], model, &ls, nl);
    let mut splices: Vec<(usize, String)> = Vec::new();
    let sub = "#".repeat(list.level + 1);
    let end = at_line(trim_blank_back(&ls, list.end_line));
    for (n, group) in groups.iter().enumerate() {
        let Some(heading) = group.heading else {
            // A new year: its heading and entries, before the next year the page has, else
            // at the end of the list.
            let mut block = format!("{sub} {}{nl}{nl}", group.year.unwrap_or_default());
            for (j, item) in group.items.iter().enumerate() {
                if let Item::New(k) = item {
                    let sep = if j == 0 { "" } else { gap };
                    block.push_str(&format!("{sep}{}{nl}", render(*k)));
                }
            }
            match groups[n + 1..].iter().find_map(|g| g.heading) {
                Some(next) => splices.push((at_line(next), format!("{block}{nl}"))),
                None => splices.push((end, format!("{nl}{block}"))),
            }
            continue;
        };
        let has_old = group.items.iter().any(|it| matches!(it, Item::Old(_)));
        let mut run: Vec<usize> = Vec::new();
        for item in &group.items {
            match item {
                Item::New(k) => run.push(*k),
                Item::Old(k) => {
                    if !run.is_empty() {
                        let text: String = run
                            .drain(..)
                            .map(|k| format!("{}{nl}{gap}", render(k)))
                            .collect();
                        splices.push((at_line(list.entries[*k].line), text));
                    }
                }
            }
        }
        if run.is_empty() {
            continue;
        }
        if has_old {
            let last = group.items.iter().rev().find_map(|it| match it {
                Item::Old(k) => Some(&list.entries[*k]),
                Item::New(_) => None,
            });
            let at = last.map_or(end, |l| at_line(l.last_line + 1));
            let text: String = run
                .iter()
                .map(|k| format!("{gap}{}{nl}", render(*k)))
                .collect();
            splices.push((at, text));
        } else {
            let mut text = String::new();
            for (j, k) in run.iter().enumerate() {
                let sep = if j == 0 { nl } else { gap };
                text.push_str(&format!("{sep}{}{nl}", render(*k)));
            }
            splices.push((at_line(heading + 1), text));
        }
    }
    splices.sort_by_key(|(at, _)| *at);
    let mut out =
        String::with_capacity(text.len() + splices.iter().map(|s| s.1.len()).sum::<usize>() + 2);
    let mut from = 0;
    for (at, insert) in &splices {
        out.push_str(&text[from..*at]);
        if *at > 0 && !out.ends_with('\n') {
            out.push_str(nl);
        }
        out.push_str(insert);
        from = *at;
    }
    out.push_str(&text[from..]);
    Some((out, added))
}

fn place_in_group(
    group: &[&ListEntry],
    date: NaiveDate,
    entry: &str,
    gap: &str,
    nl: &str,
    heading_line: usize,
    at_line: &dyn Fn(usize) -> usize,
) -> (usize, String) {
    match group.iter().find(|e| e.date.is_some_and(|d| d < date)) {
        Some(e) => (at_line(e.line), format!("{entry}{nl}{gap}")),
        None => match group.last() {
            Some(last) => (at_line(last.last_line + 1), format!("{gap}{entry}{nl}")),
            None => (at_line(heading_line + 1), format!("{nl}{entry}{nl}")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::index::{PAGE, test_pir as pir};

    #[test]
    fn inserts_newest_first_within_its_year_copying_the_entry_shape() {
        let fields = [
            ("Severity", "Medium".to_string()),
            ("Summary", "Slow".to_string()),
            ("Duration", "1h".to_string()),
        ];
        let out = insert_list_entry(
            PAGE,
            &pir(
                "incidents/2026-04-01-slow.md",
                "2026-04-01",
                "Slow Queue",
                &fields,
            ),
        )
        .unwrap();
        let expected = PAGE.replace(
            "- [2026-03-14",
            "- [2026-04-01 - Slow Queue](incidents/2026-04-01-slow.md)\n  - **Severity**: Medium\n  - **Summary**: Slow\n\n- [2026-03-14",
        );
        assert_eq!(out, expected);
        // Oldest of its year: after the year's last entry.
        let out = insert_list_entry(
            PAGE,
            &pir("incidents/2026-01-01-x.md", "2026-01-01", "X", &fields),
        )
        .unwrap();
        assert!(out.contains("  - **Summary**: Expired\n\n- [2026-01-01 - X](incidents/2026-01-01-x.md)\n  - **Severity**: Medium\n  - **Summary**: Slow\n\n### 2025"), "{out}");
    }

    #[test]
    fn creates_a_missing_year_heading_in_order() {
        let fields = [("Severity", "High".to_string())];
        let out = insert_list_entry(
            PAGE,
            &pir("incidents/2027-01-05-y.md", "2027-01-05", "Y", &fields),
        )
        .unwrap();
        assert!(out.contains("## Recent Incidents\n\n### 2027\n\n- [2027-01-05 - Y](incidents/2027-01-05-y.md)\n  - **Severity**: High\n\n### 2026\n"), "{out}");
        let out = insert_list_entry(
            PAGE,
            &pir("incidents/2024-01-05-z.md", "2024-01-05", "Z", &fields),
        )
        .unwrap();
        assert!(out.contains("  - **Summary**: Old one\n\n### 2024\n\n- [2024-01-05 - Z](incidents/2024-01-05-z.md)\n  - **Severity**: High\n\n## Contributing"), "{out}");
    }

    #[test]
    fn leaves_pages_without_a_list_or_with_the_entry_alone() {
        assert_eq!(
            insert_list_entry(
                "# Home\n",
                &pir("incidents/2026-01-01-a.md", "2026-01-01", "A", &[])
            ),
            None
        );
        assert_eq!(
            insert_list_entry(
                PAGE,
                &pir(
                    "incidents/2026-03-14-cert-expiry.md",
                    "2026-03-14",
                    "C",
                    &[]
                )
            ),
            None
        );
    }
}
