//! Refreshing an entry from its PIR: the link text's date and title and the Severity
//! sub-bullet, and on request other sub-bullets still showing an old copy; each a replacement
//! of exactly the bytes that change.

use super::link::{escape_link_text, parse_link, unescape_link_text};
use super::list::{ListEntry, ListPir};
use super::read::{line_offsets, sub_bullet};
use crate::site::link_text::{join_dated, split_link_text};

/// Returns `text` with `entry`'s link text (date and title) and Severity sub-bullet set from
/// `pir`, keeping the entry's own separators, bullet and key spelling. Other sub-bullets (an
/// index's summary is often written for the index) are left as they are.
pub fn update_list_entry(text: &str, entry: &ListEntry, pir: &ListPir<'_>) -> String {
    update_list_entry_with(text, entry, pir, &[])
}

/// As [`update_list_entry`], and also the sub-bullets named in `refresh` (key, old value)
/// that still show the old value or `TBD`: copies of the PIR that the PIR has since changed.
pub fn update_list_entry_with(
    text: &str,
    entry: &ListEntry,
    pir: &ListPir<'_>,
    refresh: &[(&str, &str)],
) -> String {
    let offsets = line_offsets(text);
    let mut out = text.to_string();
    for (s, e, new) in list_entry_edits(text, &offsets, entry, pir, refresh)
        .into_iter()
        .rev()
    {
        out.replace_range(s..e, &new);
    }
    out
}

/// The replacements (byte range of `text`, new text; in text order, not overlapping) that
/// [`update_list_entry_with`] makes, given the line starts of `text` ([`line_offsets`]).
/// Edits of different entries never overlap, so a whole list's can be made in one pass.
pub(crate) fn list_entry_edits(
    text: &str,
    offsets: &[usize],
    entry: &ListEntry,
    pir: &ListPir<'_>,
    refresh: &[(&str, &str)],
) -> Vec<(usize, usize, String)> {
    let line_range = |n: usize| {
        let start = offsets.get(n - 1).copied().unwrap_or(text.len());
        let end = offsets.get(n).copied().unwrap_or(text.len());
        let body_end = start + text[start..end].trim_end_matches(['\n', '\r']).len();
        (start, body_end)
    };
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let (start, end) = line_range(entry.line);
    let line = &text[start..end];
    // The bullet and its space are two bytes: `- [..](..)`.
    if let Some(link) = line.get(2..).and_then(parse_link) {
        let old = unescape_link_text(link.text);
        let (old_date, old_title) = split_link_text(&old);
        let date = pir.date.format("%Y-%m-%d").to_string();
        let new = match old_date {
            Some(d) => {
                let sep_and_title = &old.trim()[d.len()..];
                let sep = &sep_and_title[..sep_and_title.len() - old_title.len()];
                join_dated(&date, sep, pir.title)
            }
            None => pir.title.to_string(),
        };
        if new != old {
            edits.push((
                start + 3,
                start + 3 + link.text.len(),
                escape_link_text(&new),
            ));
        }
    }
    for n in entry.line + 1..=entry.last_line {
        let (start, end) = line_range(n);
        let l = &text[start..end];
        let Some((key, value)) = sub_bullet(l) else {
            continue;
        };
        let Some((_, new)) = pir.fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) else {
            continue;
        };
        let refreshed = refresh.iter().any(|(k, old)| {
            k.eq_ignore_ascii_case(key)
                && (value == old.trim() || value.eq_ignore_ascii_case("tbd"))
        });
        if !(key.eq_ignore_ascii_case("severity") || refreshed) || value == new {
            continue;
        }
        // The value is what ends the (trimmed) line.
        let value_end = start + l.trim_end().len();
        edits.push((value_end - value.len(), value_end, new.clone()));
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::index::{PAGE, parse_recent_list, test_pir as pir};

    #[test]
    fn updates_link_text_and_severity_only() {
        let l = parse_recent_list(PAGE).unwrap();
        let fields = [
            ("Severity", "High".to_string()),
            ("Summary", "new summary".to_string()),
        ];
        let out = update_list_entry(
            PAGE,
            &l.entries[0],
            &pir(
                "incidents/2026-05-02-dns-loop.md",
                "2026-05-03",
                "DNS Loop Between Resolvers",
                &fields,
            ),
        );
        assert_eq!(
            out,
            PAGE.replace(
                "- [2026-05-02 - Dns Loop]",
                "- [2026-05-03 - DNS Loop Between Resolvers]"
            )
            .replacen("  - **Severity**: Critical", "  - **Severity**: High", 1)
        );
    }
}
