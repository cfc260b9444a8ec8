//! Headings and what hangs off them: top-level ATX headings with their extents and parents,
//! the section holding an offset, and the root cause's how-chains (the `How` questions under
//! it, with their answers trimmed of blank lines and rules).

use std::ops::Range;

use super::lines::LineIndex;
use crate::doc::line::line_end;

/// An ATX heading at the top level of the document.
#[derive(Debug, Clone)]
pub(crate) struct HeadingAt {
    pub level: u8,
    /// Start of the heading line.
    pub start: usize,
    /// After the heading line's line ending.
    pub end: usize,
    /// The heading text inside the line (without `#` marks and surrounding spaces).
    pub text_span: Range<usize>,
    pub text: String,
    pub line: usize,
    /// Start of the next heading of any level (or the end of the text).
    pub body_end: usize,
    /// Start of the next heading of the same or a higher level.
    pub extent_end: usize,
    pub parent: Option<usize>,
}

/// The heading starting at `start`, when it is an ATX heading (`## Text`) on one line.
pub(super) fn atx_heading(
    text: &str,
    lines: &LineIndex,
    start: usize,
    end: usize,
    level: u8,
) -> Option<HeadingAt> {
    let ls = lines.start(start);
    let (ce, next) = line_end(text, ls);
    if end > next {
        return None; // a setext heading spans two lines
    }
    let line = text.get(ls..ce)?;
    let t = line.trim_start_matches([' ', '\t']);
    let hashes = t.len() - t.trim_start_matches('#').len();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let after = &t[hashes..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let content_start = ce - after.len();
    let mut inner = after.trim_matches([' ', '\t']);
    // A closing run of `#` (preceded by a space, or the whole content) is not text.
    let without_close = inner.trim_end_matches('#');
    if without_close.is_empty() || without_close.ends_with([' ', '\t']) {
        inner = without_close.trim_end_matches([' ', '\t']);
    }
    let lead = after.len() - after.trim_start_matches([' ', '\t']).len();
    let s = if inner.is_empty() {
        content_start + lead.min(after.len())
    } else {
        content_start + lead
    };
    let text_span = s..s + inner.len();
    Some(HeadingAt {
        level,
        start: ls,
        end: next,
        text: inner.to_string(),
        text_span,
        line: lines.line(ls),
        body_end: text.len(),
        extent_end: text.len(),
        parent: None,
    })
}

pub(super) fn link_headings(headings: &mut [HeadingAt], len: usize) {
    for i in 0..headings.len() {
        let level = headings[i].level;
        headings[i].body_end = headings.get(i + 1).map_or(len, |h| h.start);
        headings[i].extent_end = headings[i + 1..]
            .iter()
            .find(|h| h.level <= level)
            .map_or(len, |h| h.start);
    }
    // The nearest earlier heading of each level, so that finding parents stays linear even in
    // a file of thousands of headings. (Each extent search above stops at the next heading
    // of its level at the latest, so it is linear too.)
    let mut last_at: [Option<usize>; 7] = [None; 7];
    for (i, h) in headings.iter_mut().enumerate() {
        let level = usize::from(h.level.min(6));
        h.parent = last_at[..level].iter().flatten().max().copied();
        last_at[level] = Some(i);
        for l in last_at.iter_mut().skip(level + 1) {
            *l = None;
        }
    }
}

/// The section (heading index) holding `offset`.
pub(super) fn section_of(headings: &[HeadingAt], offset: usize) -> Option<usize> {
    headings
        .partition_point(|h| h.start <= offset)
        .checked_sub(1)
}

/// A how-chain: its steps' heading indexes and answer spans.
#[derive(Debug, Clone)]
pub(crate) struct ChainAt {
    pub title: Option<String>,
    pub steps: Vec<(usize, Range<usize>)>,
}

/// Whether a line is a thematic break (`---`, `***`, `___`).
fn is_rule(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3
        && (t.chars().all(|c| c == '-')
            || t.chars().all(|c| c == '*')
            || t.chars().all(|c| c == '_'))
}

/// The answer of a how-step: the text between `from` and `to` without leading blank lines and
/// without trailing blank lines or rules.
pub(crate) fn trimmed_block(text: &str, from: usize, to: usize) -> Range<usize> {
    let mut kept: Vec<(usize, usize)> = Vec::new();
    let mut pos = from;
    while pos < to {
        let (ce, next) = line_end(text, pos);
        let ce = ce.min(to);
        kept.push((pos, ce));
        if next <= pos {
            break;
        }
        pos = next;
    }
    let blank = |&(s, e): &(usize, usize)| text.get(s..e).is_none_or(|l| l.trim().is_empty());
    let first = kept.iter().position(|l| !blank(l));
    let Some(first) = first else {
        return from..from;
    };
    while let Some(l) = kept.last() {
        if blank(l) || text.get(l.0..l.1).is_some_and(is_rule) {
            kept.pop();
        } else {
            break;
        }
    }
    match kept.get(first..) {
        Some([a, .., b]) => a.0..b.1,
        Some([a]) => a.0..a.1,
        _ => from..from,
    }
}

pub(super) fn how_chains(text: &str, headings: &[HeadingAt]) -> Vec<ChainAt> {
    let Some(rc) = headings
        .iter()
        .position(|h| h.level == 2 && h.text.to_lowercase().starts_with("root cause"))
    else {
        return Vec::new();
    };
    let end = headings[rc].extent_end;
    let mut chains: Vec<ChainAt> = Vec::new();
    for (i, h) in headings.iter().enumerate().skip(rc + 1) {
        if h.start >= end {
            break;
        }
        let lower = h.text.to_lowercase();
        let is_chain = lower
            .strip_prefix("chain")
            .is_some_and(|r| r.starts_with(|c: char| c.is_whitespace() || c.is_ascii_digit()));
        if is_chain {
            chains.push(ChainAt {
                title: Some(h.text.clone()),
                steps: Vec::new(),
            });
        } else if lower == "how" || lower.starts_with("how ") {
            if chains.is_empty() {
                chains.push(ChainAt {
                    title: None,
                    steps: Vec::new(),
                });
            }
            let span = trimmed_block(text, h.end, h.body_end);
            if let Some(c) = chains.last_mut() {
                c.steps.push((i, span));
            }
        }
    }
    chains.retain(|c| !c.steps.is_empty());
    chains
}
