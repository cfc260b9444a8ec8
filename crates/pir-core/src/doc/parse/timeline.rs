//! The timeline section: which tables and time-led lists under it are timeline blocks and
//! which columns hold the time, date and event; their rows read into the model's
//! [`Timeline`]; and a split Date/Time row's time joined and split again.

use std::ops::Range;

use super::headings::{HeadingAt, section_of};
use super::tables::TableAt;
use super::{Index, LineIndex, base_date, first_date};
use crate::doc::list::{self, ItemAt};
use crate::doc::model::{Timeline, TimelineKind, TimelineRow, TimelineTable};
use crate::timeline;

/// The timeline section and its tables (indexes into [`Index::tables`]).
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
    /// A table (an index into [`Index::tables`]).
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

pub(super) fn timeline_model(
    text: &str,
    ix: &Index,
    t: &TimelineAt,
    date: Option<&str>,
) -> Timeline {
    let h = &ix.headings[t.heading];
    let timezone = timeline::parse_timezone_heading(&h.text);
    let mut tables = Vec::new();
    let mut rows = Vec::new();
    for (k, tt) in t.tables.iter().enumerate() {
        let mut push_row = |time: timeline::TimeCell, event: String, line: usize| {
            let marker = timeline::find_marker(&event);
            let event_text = match &marker {
                Some(m) => event[m.rest_start..].to_string(),
                None => event.clone(),
            };
            rows.push(TimelineRow {
                time,
                key_event: marker.map(|m| m.event),
                event,
                event_text,
                phase: tt.phase.clone(),
                table: k,
                line,
            });
        };
        match &tt.block {
            BlockAt::Table(ti) => {
                let table = &ix.tables[*ti];
                tables.push(TimelineTable {
                    phase: tt.phase.clone(),
                    line: table.header.line,
                    header: table.header.values(),
                    time_column: tt.time_col,
                    event_column: tt.event_col,
                    date_column: tt.date_col,
                    kind: TimelineKind::Table,
                });
                for r in &table.rows {
                    let cell =
                        |c: usize| r.cells.get(c).map(|c| c.value.clone()).unwrap_or_default();
                    let event = tt.event_col.map(cell).unwrap_or_default();
                    let time = match tt.date_col {
                        Some(dc) => split_time_cell(&cell(dc), &cell(tt.time_col)),
                        None => timeline::parse_time_cell(&cell(tt.time_col)),
                    };
                    push_row(time, event, r.line);
                }
            }
            BlockAt::List { items, numbered } => {
                tables.push(TimelineTable {
                    phase: tt.phase.clone(),
                    line: items.first().map_or(h.line, |i| i.line),
                    header: Vec::new(),
                    time_column: 0,
                    event_column: Some(1),
                    date_column: None,
                    kind: if *numbered {
                        TimelineKind::Numbered
                    } else {
                        TimelineKind::Bullets
                    },
                });
                for i in items {
                    let get = |r: &Range<usize>| text.get(r.clone()).unwrap_or("").to_string();
                    push_row(
                        timeline::parse_time_cell(&get(&i.time)),
                        get(&i.event),
                        i.line,
                    );
                }
            }
        }
    }
    let pairs: Vec<_> = rows
        .iter()
        .map(|r| (&r.time, r.key_event.as_ref()))
        .collect();
    let metrics = timeline::compute_metrics(&pairs, timezone.as_ref(), base_date(date));
    Timeline {
        section: t.heading,
        heading: h.text.clone(),
        timezone,
        tables,
        rows,
        metrics,
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
