//! One timeline row's cells: its time (in one cell, or split over Date and Time columns),
//! its event and the key-event marker that opens it, whether the timeline is a table or a
//! list. Finding rows across a timeline's tables lives here too, as every timeline edit
//! starts from it.

use std::ops::Range;

use super::Splice;
use super::plan::{Planner, no_event_column, one_line, out_of_range};
use super::timeline_rows::list_separator;
use crate::doc::invalid;
use crate::doc::list::{self, ItemAt};
use crate::doc::parse::{self, BlockAt};
use crate::error::Result;
use crate::timeline::{self, EventKind};

impl<'a> Planner<'a> {
    pub(super) fn timeline(&self) -> Result<&'a parse::TimelineAt> {
        self.ix
            .timeline
            .as_ref()
            .filter(|t| !t.tables.is_empty())
            .ok_or_else(|| invalid("the document has no timeline table"))
    }

    /// How many rows a timeline block has.
    pub(super) fn block_len(&self, t: &parse::TimelineTableAt) -> usize {
        match &t.block {
            BlockAt::Table(ti) => self.ix.tables[*ti].rows.len(),
            BlockAt::List { items, .. } => items.len(),
        }
    }

    /// Global timeline row positions as (timeline table, row in it).
    pub(super) fn timeline_rows(&self) -> Result<Vec<(usize, usize)>> {
        let tl = self.timeline()?;
        Ok(tl
            .tables
            .iter()
            .enumerate()
            .flat_map(|(k, t)| (0..self.block_len(t)).map(move |i| (k, i)))
            .collect())
    }

    pub(super) fn timeline_row(&self, index: usize) -> Result<(&'a parse::TimelineTableAt, usize)> {
        let rows = self.timeline_rows()?;
        let &(k, i) = rows
            .get(index)
            .ok_or_else(|| out_of_range("timeline row", index, rows.len()))?;
        Ok((&self.timeline()?.tables[k], i))
    }

    /// Row `i`'s time as the model gives it (`time.raw`): the cell, the Date and Time cells
    /// together, or the item's time as written.
    pub(super) fn row_time(&self, t: &parse::TimelineTableAt, i: usize) -> String {
        match &t.block {
            BlockAt::Table(ti) => {
                let table = &self.ix.tables[*ti];
                let time = Self::cell_value(table, i, t.time_col);
                match t.date_col {
                    Some(dc) => parse::join_date_time(&Self::cell_value(table, i, dc), &time),
                    None => time,
                }
            }
            BlockAt::List { items, .. } => self.text[items[i].time.clone()].to_string(),
        }
    }

    /// Row `i`'s event as the model gives it; empty without an event column.
    pub(super) fn row_event(&self, t: &parse::TimelineTableAt, i: usize) -> String {
        match &t.block {
            BlockAt::Table(ti) => t
                .event_col
                .map(|c| Self::cell_value(&self.ix.tables[*ti], i, c))
                .unwrap_or_default(),
            BlockAt::List { items, .. } => self.text[items[i].event.clone()].to_string(),
        }
    }

    /// Sets row `i`'s time to `new` (as `time.raw` reads): a split table writes the date part
    /// to its Date column and the rest to its Time column.
    pub(super) fn set_row_time(
        &self,
        t: &parse::TimelineTableAt,
        i: usize,
        new: &str,
    ) -> Result<Vec<Splice>> {
        one_line(new)?;
        match &t.block {
            BlockAt::Table(ti) => {
                let table = &self.ix.tables[*ti];
                match t.date_col {
                    Some(dc) => {
                        let (d, tm) = parse::split_date_time(new);
                        self.set_cells(table, i, &[(dc, d), (t.time_col, tm)])
                    }
                    None => self.set_cells(table, i, &[(t.time_col, new.to_string())]),
                }
            }
            BlockAt::List { items, .. } => {
                let item = &items[i];
                let new = new.trim();
                if new == &self.text[item.time.clone()] {
                    return Ok(Vec::new());
                }
                self.checked_item_splice(item, item.time.clone(), new, new, None)
            }
        }
    }

    /// Sets row `i`'s time from the grid's text: the bold each cell (or item) is written in
    /// stays.
    pub(super) fn set_row_time_text(
        &self,
        t: &parse::TimelineTableAt,
        i: usize,
        text: &str,
    ) -> Result<Vec<Splice>> {
        match (&t.block, t.date_col) {
            (BlockAt::Table(ti), Some(dc)) => {
                one_line(text)?;
                let table = &self.ix.tables[*ti];
                let (d, tm) = parse::split_date_time(text);
                let d = timeline::with_time_text(&Self::cell_value(table, i, dc), &d);
                let tm = timeline::with_time_text(&Self::cell_value(table, i, t.time_col), &tm);
                self.set_cells(table, i, &[(dc, d), (t.time_col, tm)])
            }
            _ => self.set_row_time(t, i, &timeline::with_time_text(&self.row_time(t, i), text)),
        }
    }

    /// Sets row `i`'s event; a table without an event column takes only an empty event.
    pub(super) fn set_row_event(
        &self,
        t: &parse::TimelineTableAt,
        i: usize,
        new: &str,
    ) -> Result<Vec<Splice>> {
        one_line(new)?;
        match &t.block {
            BlockAt::Table(ti) => {
                let Some(col) = t.event_col else {
                    return if new.trim().is_empty() {
                        Ok(Vec::new())
                    } else {
                        Err(no_event_column())
                    };
                };
                self.set_cell(&self.ix.tables[*ti], Some(i), col, new)
            }
            BlockAt::List { items, .. } => {
                let item = &items[i];
                let new = new.trim();
                let time = &self.text[item.time.clone()];
                if new == &self.text[item.event.clone()] {
                    return Ok(Vec::new());
                }
                if new.is_empty() {
                    // No event: no separator either.
                    return self.checked_item_splice(
                        item,
                        item.time.end..item.event.end,
                        "",
                        time,
                        Some(""),
                    );
                }
                // No separator yet, or one left dangling at the end of the line (` —`).
                let sep_now = &self.text[item.sep.clone()];
                if !sep_now.ends_with([' ', '\t']) {
                    let sep = if sep_now.is_empty() {
                        list_separator(self.text, items)
                    } else {
                        format!("{sep_now} ")
                    };
                    return self.checked_item_splice(
                        item,
                        item.time.end..item.event.end,
                        &format!("{sep}{new}"),
                        time,
                        Some(new),
                    );
                }
                self.checked_item_splice(item, item.event.clone(), new, time, Some(new))
            }
        }
    }

    /// Replaces `range` of a list item's line by `new`, provided the line still reads as a
    /// timeline item with the time `time` (and the event `event`, when given): an edit that
    /// would turn the item into prose, or move text between time and event, is refused.
    pub(super) fn checked_item_splice(
        &self,
        item: &ItemAt,
        range: Range<usize>,
        new: &str,
        time: &str,
        event: Option<&str>,
    ) -> Result<Vec<Splice>> {
        let line = format!(
            "{}{new}{}",
            &self.text[item.start..range.start],
            &self.text[range.end..item.content_end]
        );
        let reads = list::item_parts(&line)
            .is_some_and(|p| line[p.time] == *time && event.is_none_or(|e| line[p.event] == *e));
        if !reads {
            return Err(invalid(format!(
                "{line:?} would not read back as a timeline item with the time {time:?}: a \
                 list row starts with a time (such as 06:14 or 2026-09-14 06:12) and its \
                 event follows a separator"
            )));
        }
        Ok(vec![(range, new.to_string())])
    }

    /// Rewrites the key-event marker of timeline row `index` (see [`Edit::TimelineSetKeyEvent`]).
    pub(super) fn timeline_set_key_event(
        &self,
        index: usize,
        kind: Option<EventKind>,
        label: Option<&str>,
    ) -> Result<Vec<Splice>> {
        let (t, i) = self.timeline_row(index)?;
        if t.event_col.is_none() {
            return match kind {
                None => Ok(Vec::new()),
                Some(_) => Err(no_event_column()),
            };
        }
        let event = self.row_event(t, i);
        let current = timeline::find_marker(&event);
        let label = match kind {
            None if current.is_none() => return Ok(Vec::new()),
            None => None,
            Some(kind) => {
                let label = match label.map(str::trim).filter(|l| !l.is_empty()) {
                    Some(l) => l,
                    None => kind.standard_label().ok_or_else(|| {
                        invalid(format!(
                            "a {kind:?} key event needs its label (such as RESOLUTION 1.2)"
                        ))
                    })?,
                };
                let same = current.as_ref().is_some_and(|m| {
                    m.event.kind == kind
                        && (label == m.event.label || kind.standard_label() == Some(label))
                });
                if same {
                    return Ok(Vec::new());
                }
                Some((kind, label))
            }
        };
        let style = current
            .as_ref()
            .map(|m| m.style)
            .or_else(|| self.timeline_marker_style())
            .unwrap_or_default();
        let new = timeline::set_event_marker(&event, label.map(|(_, l)| l), style);
        if let Some((kind, label)) = label {
            // The label must read back as the kind asked for, or the row would silently get
            // another kind (or none).
            let read = timeline::classify_event(&new);
            if read.as_ref().map(|e| (e.kind, e.label.as_str())) != Some((kind, label)) {
                return Err(invalid(format!(
                    "{label:?} cannot be written as a {kind:?} key-event marker"
                )));
            }
        }
        self.set_row_event(t, i, &new)
    }

    /// The style of the first key-event marker in the timeline, if any row has one.
    pub(super) fn timeline_marker_style(&self) -> Option<timeline::MarkerStyle> {
        let tl = self.ix.timeline.as_ref()?;
        tl.tables.iter().find_map(|t| {
            t.event_col?;
            (0..self.block_len(t))
                .find_map(|i| timeline::find_marker(&self.row_event(t, i)).map(|m| m.style))
        })
    }
}
