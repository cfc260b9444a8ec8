//! Lists with Python-Markdown's rules, re-emitted as CommonMark with the same nesting.

use super::{
    SOFT_BREAK, container, dedent, indent, is_blank, is_rule, is_setext_underline, push_line,
    splits_block,
};
use crate::render::Ctx;

/// A list item marker at the start of a line.
#[derive(Debug, Clone, Copy)]
pub(super) struct ListMarker<'a> {
    pub(super) indent: usize,
    pub(super) ordered: bool,
    /// Length of the marker itself (`-`, `12.`).
    pub(super) marker_len: usize,
    /// The item text after the marker and its spaces.
    pub(super) content: &'a str,
}

impl<'a> ListMarker<'a> {
    pub(super) fn parse(line: &'a str) -> Option<Self> {
        let indent = indent(line);
        let rest = &line[indent..];
        let bytes = rest.as_bytes();
        let (ordered, marker_len) = match bytes.first()? {
            b'-' | b'*' | b'+' => (false, 1),
            b'0'..=b'9' => {
                let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
                if bytes.get(digits) != Some(&b'.') {
                    return None;
                }
                (true, digits + 1)
            }
            _ => return None,
        };
        let after = &rest[marker_len..];
        if !after.starts_with(' ') {
            return None;
        }
        Some(ListMarker {
            indent,
            ordered,
            marker_len,
            content: after.trim_start_matches(' '),
        })
    }
}

/// One list item's body, Python-Markdown style, before it is rendered.
struct Item<'a> {
    lines: Vec<&'a str>,
    /// A blank line separated it from the previous item (a loose list).
    blank_before: bool,
    /// An indented block after a blank line continues it.
    continued: bool,
}

/// A list starting at `lines[start]` with Python-Markdown's rules, re-emitted as CommonMark
/// with the same nesting; returns the index after it.
pub(super) fn list(lines: &[&str], start: usize, ctx: &mut Ctx, out: &mut String) -> usize {
    let ordered = ListMarker::parse(lines[start]).is_some_and(|m| m.ordered);
    let mut items: Vec<Item<'_>> = Vec::new();
    let mut i = item_block(lines, start, &mut items, false);
    loop {
        let mut j = i;
        while j < lines.len() && lines[j] != SOFT_BREAK && is_blank(lines[j]) {
            j += 1;
        }
        if j == i || j >= lines.len() || lines[j] == SOFT_BREAK {
            break;
        }
        let line = lines[j];
        if indent(line) >= 4 {
            // An indented block after a blank line continues the last item.
            let Some(item) = items.last_mut() else { break };
            item.lines.push("");
            item.continued = true;
            while j < lines.len() && lines[j] != SOFT_BREAK && !is_blank(lines[j]) {
                item.lines.push(dedent(lines[j]));
                j += 1;
            }
            i = j;
        } else if ListMarker::parse(line).is_some()
            && !is_rule(line)
            && !lines.get(j + 1).is_some_and(|l| is_setext_underline(l))
        {
            i = item_block(lines, j, &mut items, true);
        } else {
            break;
        }
    }
    let (marker, pad) = if ordered {
        ("1. ", "   ")
    } else {
        ("- ", "  ")
    };
    // One buffer for every item's body: a page has hundreds of items, each body rendered
    // into a fresh string was a visible share of the render's allocations.
    let mut body = String::new();
    for (k, item) in items.iter().enumerate() {
        if k > 0 && item.blank_before {
            out.push('\n');
        }
        // Python-Markdown wraps an item's text in <p> only next to a blank line between
        // items or when a later block continues it; CommonMark would wrap every item of the
        // list, so the choice is recorded for the HTML step.
        let next_blank = items.get(k + 1).is_some_and(|n| n.blank_before);
        ctx.loose_items
            .push((k > 0 && item.blank_before) || next_blank || item.continued);
        body.clear();
        container(&item.lines, ctx, &mut body);
        let body = body.trim_matches('\n');
        if body.is_empty() {
            push_line(out, marker.trim_end());
            continue;
        }
        for (n, line) in body.split('\n').enumerate() {
            if n == 0 {
                out.push_str(marker);
            } else if !line.is_empty() {
                out.push_str(pad);
            }
            push_line(out, line);
        }
    }
    i
}

/// Reads one block (up to a blank line) of list lines into `items`.
///
/// Markers indented 0-3 spaces start items; markers indented 4-7 start a nested chunk in the
/// last item; other lines continue whatever came last.
fn item_block<'a>(
    lines: &[&'a str],
    start: usize,
    items: &mut Vec<Item<'a>>,
    blank_before: bool,
) -> usize {
    let mut i = start;
    let mut in_chunk = false;
    let mut blank_before = blank_before;
    while i < lines.len() && lines[i] != SOFT_BREAK && !is_blank(lines[i]) {
        let line = lines[i];
        if splits_block(line) {
            break;
        }
        let marker = ListMarker::parse(line);
        match (marker, items.last_mut()) {
            (Some(m), _) if m.indent <= 3 => {
                items.push(Item {
                    lines: vec![m.content],
                    blank_before,
                    continued: false,
                });
                blank_before = false;
                in_chunk = false;
            }
            (Some(m), Some(item)) if m.indent <= 7 => {
                if !in_chunk {
                    item.lines.push(SOFT_BREAK);
                    in_chunk = true;
                }
                item.lines.push(dedent(line));
            }
            (_, Some(item)) => item.lines.push(if in_chunk { dedent(line) } else { line }),
            (_, None) => break,
        }
        i += 1;
    }
    i
}
