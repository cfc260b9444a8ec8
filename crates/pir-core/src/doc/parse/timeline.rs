//! The timeline section: which tables and time-led lists under it are timeline blocks and
//! which columns hold the time, date and event; and a split Date/Time row's time joined and
//! split again.

use std::ops::Range;

use super::dates::first_date;
use super::headings::{HeadingAt, section_of};
use super::lines::LineIndex;
use super::tables::TableAt;
use crate::doc::list::{self, ItemAt};
use crate::timeline;

/// The timeline section and its tables (indexes into [`Index::tables`](super::Index::tables)).
#[derive(Debug, Clone)]
pub(crate) struct TimelineAt {
    pub heading: usize,
    pub tables: Vec<TimelineTableAt>,
}

/// One block of the timeline: a table or a list.
#[derive(Debug, Clone)]
pub(crate) struct TimelineTableAt {
    pub block: BlockAt,
    pub phase: Option<String>,
    pub time_col: usize,
    pub event_col: Option<usize>,
    /// The Date column of a table that splits date and time.
    pub date_col: Option<usize>,
}

/// What a timeline block is written as.
#[derive(Debug, Clone)]
pub(crate) enum BlockAt {
    /// A table (an index into [`Index::tables`](super::Index::tables)).
    Table(usize),
    /// A list: its timeline items, in order.
    List { items: Vec<ItemAt>, numbered: bool },
}

impl TimelineTableAt {
    /// The table index, for a table block.
    pub fn table(&self) -> Option<usize> {
        match self.block {
            BlockAt::Table(t) => Some(t),
            BlockAt::List { .. } => None,
        }
    }
}

pub(super) fn timeline_at(
    text: &str,
    lines: &LineIndex,
    hi: usize,
    headings: &[HeadingAt],
    tables: &[TableAt],
    code: &[Range<usize>],
) -> TimelineAt {
    let h = &headings[hi];
    let phase_of = |section: Option<usize>| {
        section
            .filter(|&s| s != hi && headings[s].start >= h.end)
            .map(|s| headings[s].text.clone())
    };
    let mut out: Vec<(usize, TimelineTableAt)> = Vec::new();
    let mut table_lines: Vec<Range<usize>> = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        if t.start() < h.end || t.start() >= h.extent_end {
            continue;
        }
        table_lines.push(t.start()..t.rows.last().unwrap_or(&t.delim).next);
        let phase = phase_of(t.section);
        let header: Vec<String> = t.header.values().iter().map(|v| v.to_lowercase()).collect();
        let time_col = header
            .iter()
            .position(|c| c.contains("time") || c.contains("when"))
            .or_else(|| header.iter().position(|c| c == "date"))
            .unwrap_or(0);
        // `| Date | Time | Event |`: the date is a column of its own.
        let date_col = header
            .iter()
            .position(|c| matches!(c.trim_matches(['*', '_', ' ']), "date" | "day"))
            .filter(|&c| c != time_col);
        let others = || (0..header.len()).filter(|&c| c != time_col && Some(c) != date_col);
        // A one-column table has no event column: its only cell is the time.
        let event_col = others()
            .find(|&c| {
                let h = &header[c];
                h.contains("event") || h.contains("what") || h.contains("description")
            })
            .or_else(|| others().next());
        out.push((
            t.start(),
            TimelineTableAt {
                block: BlockAt::Table(ti),
                phase,
                time_col,
                event_col,
                date_col,
            },
        ));
    }
    // Lists whose items start with a time: one block per sub-heading.
    let in_any = |ranges: &[Range<usize>], pos: usize| {
        ranges
            .partition_point(|c| c.start <= pos)
            .checked_sub(1)
            .is_some_and(|i| pos < ranges[i].end)
    };
    let skip = |pos: usize| {
        in_any(code, pos)
            || in_any(&table_lines, pos)
            || headings.binary_search_by_key(&pos, |h| h.start).is_ok()
    };
    let items = list::items_in(text, h.end, h.extent_end, |p| lines.line(p), skip);
    let mut groups: Vec<(Option<usize>, Vec<ItemAt>)> = Vec::new();
    for item in items {
        let section = section_of(headings, item.start);
        match groups.last_mut() {
            Some((s, g)) if *s == section => g.push(item),
            _ => groups.push((section, vec![item])),
        }
    }
    for (section, items) in groups {
        let numbered = items.iter().all(|i| i.number.is_some());
        out.push((
            items[0].start,
            TimelineTableAt {
                block: BlockAt::List { items, numbered },
                phase: phase_of(section),
                time_col: 0,
                event_col: Some(1),
                date_col: None,
            },
        ));
    }
    out.sort_by_key(|(start, _)| *start);
    TimelineAt {
        heading: hi,
        tables: out.into_iter().map(|(_, t)| t).collect(),
    }
}

/// The time of a row that splits its date and time into two cells: the two values joined by a
/// space (either alone when the other is empty), read as one time cell. Bold is the time
/// cell's, and the grid's text is both parts without their bold.
pub(super) fn split_time_cell(date: &str, time: &str) -> timeline::TimeCell {
    let raw = join_date_time(date, time);
    let mut cell = timeline::parse_time_cell(&raw);
    let d = timeline::parse_time_cell(date);
    let t = timeline::parse_time_cell(time);
    cell.bold = if time.trim().is_empty() {
        d.bold
    } else {
        t.bold
    };
    cell.text = join_date_time(&d.text, &t.text);
    cell
}

/// `date time`, or either alone when the other is empty.
pub(crate) fn join_date_time(date: &str, time: &str) -> String {
    match (date.trim(), time.trim()) {
        ("", t) => t.to_string(),
        (d, "") => d.to_string(),
        (d, t) => format!("{d} {t}"),
    }
}

/// Splits a split-column row's time text into its date part (a leading token that is a
/// date, emphasis and all) and its time part.
pub(crate) fn split_date_time(raw: &str) -> (String, String) {
    let raw = raw.trim();
    let (first, rest) = match raw.find([' ', '\t']) {
        Some(i) => (&raw[..i], raw[i..].trim_start()),
        None => (raw, ""),
    };
    let bare = first.trim_matches(['*', '_', '~']);
    let is_date = bare.len() == 10 && first_date(bare).is_some();
    if is_date {
        (first.to_string(), rest.to_string())
    } else {
        (String::new(), raw.to_string())
    }
}
