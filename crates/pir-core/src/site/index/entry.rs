//! A new entry's lines, in the shape of the entry already there: its link text's date
//! separator, its bullet, and its sub-bullets' keys and spelling (or the default fields when
//! the list is empty).

use super::link::escape_link_text;
use super::list::{DEFAULT_FIELDS, ListEntry, ListPir};
use super::read::{Line, sub_bullet};
use crate::site::link_text::{join_dated, split_link_text};

/// The entry's lines (without the final newline), shaped like `model`.
pub(super) fn render_entry(
    pir: &ListPir<'_>,
    model: Option<&ListEntry>,
    ls: &[Line<'_>],
    nl: &str,
) -> String {
    let date = pir.date.format("%Y-%m-%d").to_string();
    let link_text = match model {
        Some(m) => match split_link_text(&m.text) {
            (Some(md), body)
                if m.date.map(|d| d.format("%Y-%m-%d").to_string()).as_deref() == Some(md) =>
            {
                let t = m.text.trim();
                let sep = &t[md.len()..t.len() - body.len()];
                join_dated(&date, sep, pir.title)
            }
            _ => pir.title.to_string(),
        },
        None => format!("{date} - {}", pir.title),
    };
    let bullet = model
        .and_then(|m| ls.get(m.line - 1))
        .map_or('-', |l| l.text.chars().next().unwrap_or('-'));
    let mut out = format!(
        "{bullet} [{}]({})",
        escape_link_text(&link_text),
        pir.target
    );
    // Sub-bullets: copy each model line's prefix and key spelling, swapping in our value.
    let model_lines: Vec<&str> = model.map_or_else(Vec::new, |m| {
        (m.line + 1..=m.last_line)
            .filter_map(|n| ls.get(n - 1).map(|l| l.text))
            .collect()
    });
    if model_lines.is_empty() {
        for key in DEFAULT_FIELDS {
            if let Some((_, v)) = pir.fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
                out.push_str(&format!("{nl}  - **{key}**: {v}"));
            }
        }
    } else {
        for line in model_lines {
            let Some((key, _)) = sub_bullet(line) else {
                continue;
            };
            let Some((_, value)) = pir.fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(key))
            else {
                continue;
            };
            // Everything up to the end of the key's closing `**` (and a colon after it) is kept.
            let Some(key_at) = line.find(key) else {
                continue;
            };
            let after_key = &line[key_at + key.len()..];
            let close = after_key.find("**").map_or(0, |i| i + 2);
            let mut prefix_end = key_at + key.len() + close;
            if line[prefix_end..].starts_with(':') {
                prefix_end += 1;
            }
            out.push_str(&format!("{nl}{} {value}", &line[..prefix_end]));
        }
    }
    out
}
