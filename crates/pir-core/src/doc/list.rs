//! Timelines written as lists: `- 2026-09-14 06:12 — Certificate expires.`, then
//! `- 06:14 — First alert fires.`, bullet or numbered, the time possibly bold.
//!
//! Many sites write their timeline as a list rather than a table. Each item that starts with a
//! time is one timeline row: the time as written, a separator (` — `, ` – `, ` - `, `: `, or
//! only a space after a bold time) and the event. The spans kept here let an edit splice only
//! the time or the event of one item, and let a new item copy its neighbour's marker,
//! separator and bold.
//!
//! A template's placeholder item (`- YYYY-MM-DD HH:MM — First event.`) is an item too, so a
//! PIR or wizard step started from a list template keeps its list when rows are added.

use std::ops::Range;

/// The separators between an item's time and its event, in no order of preference: the
/// earliest one after a time wins. Those without a space after them only count at the end of
/// the line (an item whose event was emptied: `- 06:14 —`).
const SEPARATORS: &[&str] = &[" — ", " – ", " - ", ": ", " —", " –", " -", ":"];

/// One timeline item of a list, as byte offsets into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ItemAt {
    /// Start of the line.
    pub start: usize,
    /// End of the line's text, before its line ending.
    pub content_end: usize,
    /// Start of the next line (after the line ending), or the end of the text.
    pub next: usize,
    /// 1-based line.
    pub line: usize,
    /// The list marker (`-`, `*`, `+`, `3.`, `3)`).
    pub marker: Range<usize>,
    /// The number of a numbered item.
    pub number: Option<u64>,
    /// The time as written (bold included).
    pub time: Range<usize>,
    /// The separator as written; empty when the item has no event.
    pub sep: Range<usize>,
    /// The event, without trailing whitespace.
    pub event: Range<usize>,
    /// End of the text of the item's last line: its own, or the last of the indented lines
    /// that continue it (a wrapped event, nested notes).
    pub last_content_end: usize,
    /// Start of the line after the item and its continuation lines.
    pub end: usize,
}

impl ItemAt {
    /// The line ending of this item (empty on a last line without one).
    pub fn eol<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.content_end..self.next).unwrap_or("")
    }
}

/// The parts of one item line, as offsets into the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ItemParts {
    pub marker: Range<usize>,
    pub number: Option<u64>,
    pub time: Range<usize>,
    pub sep: Range<usize>,
    pub event: Range<usize>,
}

/// Reads `line` (without its line ending) as a timeline list item: a list marker, then a time,
/// then a separator and the event. `None` for any other line.
pub(crate) fn item_parts(line: &str) -> Option<ItemParts> {
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[indent..];
    let (mlen, number) = if rest.starts_with(['-', '*', '+']) {
        (1, None)
    } else {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || digits > 9 || !rest[digits..].starts_with(['.', ')']) {
            return None;
        }
        (digits + 1, rest[..digits].parse::<u64>().ok())
    };
    let after = &rest[mlen..];
    let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
    if gap == 0 {
        return None;
    }
    let body_start = indent + mlen + gap;
    let body = line[body_start..].trim_end();
    let at = |r: Range<usize>| body_start + r.start..body_start + r.end;
    // The earliest separator that follows a time.
    let mut best: Option<(usize, usize)> = None;
    for sep in SEPARATORS {
        let mut from = 0;
        while let Some(i) = body.get(from..).and_then(|b| b.find(sep)) {
            let pos = from + i;
            if best.is_some_and(|(b, _)| b <= pos) {
                break;
            }
            let end = pos + sep.len();
            // A separator ending the line (` —`) only counts at the end.
            let ends_ok = sep.ends_with(' ') || end == body.len();
            if ends_ok && is_item_time(&body[..pos]) {
                best = Some((pos, end));
                break;
            }
            from = pos + sep.len();
        }
    }
    let parts = |time: Range<usize>, sep: Range<usize>| {
        let event_start = sep.end;
        ItemParts {
            marker: indent..indent + mlen,
            number,
            time: at(time),
            sep: at(sep),
            event: at(event_start..body.len()),
        }
    };
    if let Some((pos, end)) = best {
        return Some(parts(0..pos, pos..end));
    }
    // A bold time followed by a space: `**06:14** First alert fires.`
    if let Some(inner) = body.strip_prefix("**")
        && let Some(close) = inner.find("**")
    {
        let tend = close + 4;
        let rest = &body[tend..];
        let ws = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if ws > 0 && is_item_time(&body[..tend]) {
            return Some(parts(0..tend, tend..tend + ws));
        }
    }
    // A time alone.
    if is_item_time(body) {
        return Some(parts(0..body.len(), body.len()..body.len()));
    }
    None
}

/// Whether `s` reads as a time cell and nothing else: it starts with a digit (after emphasis
/// and `~`), gives a time or a date, and holds no word but zone names, `AM`/`PM`, `to` and
/// `onwards`. Prose that happens to mention a time (`Deployed at 06:14`) is not a time.
pub(crate) fn is_time_like(s: &str) -> bool {
    let t = s
        .trim()
        .trim_matches(['*', '_'])
        .trim_start_matches(['~', '≈', ' ']);
    if !t.starts_with(|c: char| c.is_ascii_digit()) || s.chars().count() > 48 {
        return false;
    }
    let cell = crate::timeline::parse_time_cell(s);
    if cell.start.is_none() && cell.date.is_none() {
        return false;
    }
    t.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .all(|w| {
            let l = w.to_lowercase();
            matches!(
                l.as_str(),
                "am" | "pm" | "to" | "onwards" | "onward" | "t" | "z"
            ) || (w.chars().all(|c| c.is_ascii_uppercase()) && w.len() <= 5)
        })
}

/// Whether `s` may open a timeline item: a time, or a template's placeholder for one.
fn is_item_time(s: &str) -> bool {
    is_time_like(s) || is_time_placeholder(s)
}

/// Whether `s` is a template's placeholder for a time and nothing else: `HH:MM`,
/// `YYYY-MM-DD HH:MM`, `**hh:mm UTC**`, possibly with a zone name.
pub(crate) fn is_time_placeholder(s: &str) -> bool {
    let t = s
        .trim()
        .trim_matches(['*', '_'])
        .trim_start_matches(['~', '≈', ' ']);
    let pattern = |w: &str| {
        w.len() >= 5
            && w.chars().all(|c| "YMDHhmSsT:-/.".contains(c))
            && (w.contains("HH") || w.contains("hh") || w.contains("YYYY"))
    };
    let zone = |w: &str| w.len() <= 5 && w.chars().all(|c| c.is_ascii_uppercase());
    // A split row's time reads `YYYY-MM-DD **HH:MM**`: each word may carry its own bold.
    let words: Vec<&str> = t
        .split_whitespace()
        .map(|w| w.trim_matches(['*', '_']))
        .collect();
    words.len() <= 4
        && words.iter().any(|w| pattern(w))
        && words.iter().all(|w| pattern(w) || zone(w))
}

/// The timeline items in `text[from..to]`, each line read with [`item_parts`]; lines for which
/// `skip` holds (code, tables, headings) are passed over.
pub(crate) fn items_in(
    text: &str,
    from: usize,
    to: usize,
    line_of: impl Fn(usize) -> usize,
    skip: impl Fn(usize) -> bool,
) -> Vec<ItemAt> {
    let mut out = Vec::new();
    let mut pos = from;
    while pos < to {
        let (ce, next) = super::line::line_end(text, pos);
        if !skip(pos)
            && let Some(line) = text.get(pos..ce)
            && let Some(p) = item_parts(line)
        {
            let o = |r: Range<usize>| pos + r.start..pos + r.end;
            out.push(ItemAt {
                start: pos,
                content_end: ce,
                next,
                line: line_of(pos),
                marker: o(p.marker),
                number: p.number,
                time: o(p.time),
                sep: o(p.sep),
                event: o(p.event),
                last_content_end: ce,
                end: next,
            });
        }
        if next <= pos {
            break;
        }
        pos = next;
    }
    // Indented lines after an item, up to a blank line or the next item, continue it: they
    // go where it goes.
    for k in 0..out.len() {
        let limit = out.get(k + 1).map_or(to, |n| n.start);
        let mut pos = out[k].end;
        while pos < limit {
            let (ce, next) = super::line::line_end(text, pos);
            let line = text.get(pos..ce).unwrap_or("");
            if line.trim().is_empty() || !line.starts_with([' ', '\t']) || next <= pos {
                break;
            }
            out[k].last_content_end = ce;
            out[k].end = next;
            pos = next;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Option<(String, String, String)> {
        let p = item_parts(line)?;
        Some((
            line[p.time].to_string(),
            line[p.sep].to_string(),
            line[p.event].to_string(),
        ))
    }

    #[test]
    fn reads_times_separators_and_events() {
        let s = |a: &str, b: &str, c: &str| Some((a.into(), b.into(), c.into()));
        assert_eq!(
            split("- 2026-09-14 06:12 — Certificate expires."),
            s("2026-09-14 06:12", " — ", "Certificate expires.")
        );
        assert_eq!(
            split("* 06:14: First alert"),
            s("06:14", ": ", "First alert")
        );
        assert_eq!(split("12. 06:14 - a - b"), s("06:14", " - ", "a - b"));
        assert_eq!(split("- **06:14** First"), s("**06:14**", " ", "First"));
        assert_eq!(
            split("- **06:14 AEST** – x"),
            s("**06:14 AEST**", " – ", "x")
        );
        assert_eq!(split("- 06:14"), s("06:14", "", ""));
        assert_eq!(split("- Deployed at 06:14 — done"), None);
        assert_eq!(split("- **Date:** 2026-01-01"), None);
        assert_eq!(split("-06:14 — x"), None);
        assert_eq!(split("| 06:14 | x |"), None);
        // A template's placeholder item is an item, so rows added after it copy the list.
        assert_eq!(
            split("- YYYY-MM-DD HH:MM — First event."),
            s("YYYY-MM-DD HH:MM", " — ", "First event.")
        );
        assert_eq!(
            split("1. **HH:MM UTC** — x"),
            s("**HH:MM UTC**", " — ", "x")
        );
        assert_eq!(split("- HH — x"), None);
        assert_eq!(split("- DD MM YYYY stuff — x"), None);
    }
}
