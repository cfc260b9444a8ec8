//! Edits: what a UI can change, and how each change becomes byte splices.
//!
//! Every edit is planned against the current text as a list of `(range, replacement)` splices
//! that touch only the bytes of what changed; the document then parses itself again. New
//! lines copy the style of their neighbours (table padding, pipes, indentation, line ending).

use std::ops::Range;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::frontmatter::{self, TagsAt};
use super::list::{self, ItemAt};
use super::model::{Align, MetadataPlace};
use super::parse::{self, BlockAt, REQUIRED_METADATA, TableAt};
use super::table::{self, RowAt, RowStyle};
use super::{Document, invalid};
use crate::error::Result;
use crate::timeline::{self, EventKind, TimeCell};

/// One change to a document. Indexes are those of the current [`super::PirModel`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Sets a metadata field's value (`**Key:** value`), adding the line when absent.
    SetMetadata {
        /// The key (matched case-insensitively).
        key: String,
        /// The new value (one line).
        value: String,
    },
    /// Removes a metadata line.
    RemoveMetadata {
        /// The key (matched case-insensitively).
        key: String,
    },
    /// Sets the H1 heading text (adding an H1 when there is none).
    SetTitle {
        /// The full heading text, prefix included.
        text: String,
    },
    /// Replaces a section's own content (up to the next heading of any level).
    ReplaceSectionBody {
        /// The section id.
        section: usize,
        /// The new markdown, `\n` line endings (written with the file's).
        text: String,
    },
    /// Replaces everything from the end of section `first`'s heading to the end of section
    /// `last`'s content, the headings between included: a section's text in which the author
    /// typed headings of its own, which made sections of their own once applied.
    ReplaceSectionRange {
        /// The first section id (its heading stays).
        first: usize,
        /// The last section id replaced, `first` or after it.
        last: usize,
        /// The new markdown, `\n` line endings (written with the file's).
        text: String,
    },
    /// Adds a front matter tag (creating front matter or the `tags` key when needed).
    AddTag {
        /// The tag.
        tag: String,
    },
    /// Removes a front matter tag.
    RemoveTag {
        /// The tag.
        tag: String,
    },
    /// Appends a timeline row to the last table, or to the table of `phase`.
    TimelineAdd {
        /// Time cell text.
        time: String,
        /// Event cell text.
        event: String,
        /// The phase (sub-heading text) whose table gets the row.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phase: Option<String>,
    },
    /// Inserts a timeline row before row `index` (in that row's table); `index` = row count
    /// appends to the last table.
    TimelineInsert {
        /// Position in the timeline's rows.
        index: usize,
        /// Time cell text.
        time: String,
        /// Event cell text.
        event: String,
    },
    /// Inserts a row into one timeline table (an index into the model's `timeline.tables`)
    /// before that table's row `index`; `index` = the table's row count appends to it.
    TimelineInsertInTable {
        /// Timeline table.
        table: usize,
        /// Position among that table's rows.
        index: usize,
        /// Time cell text.
        time: String,
        /// Event cell text.
        event: String,
    },
    /// Deletes a timeline row.
    TimelineDelete {
        /// Position in the timeline's rows.
        index: usize,
    },
    /// Moves a timeline row so that it ends up at `to` (dropped after row `to` when moving
    /// down, before it when moving up; it joins that row's table).
    TimelineMove {
        /// Current position.
        from: usize,
        /// Target position.
        to: usize,
    },
    /// Sorts each timeline table by time; rows whose time cannot be read stay after the row
    /// they followed.
    TimelineSort,
    /// Sets a timeline row's time cell.
    TimelineSetTime {
        /// Position in the timeline's rows.
        index: usize,
        /// The new cell text.
        text: String,
    },
    /// Sets a timeline row's time, keeping the bold the cell is written in: what the grid's
    /// time cell edits ([`TimeCell::text`]).
    TimelineSetTimeText {
        /// Position in the timeline's rows.
        index: usize,
        /// The new time, without emphasis.
        text: String,
    },
    /// Sets a timeline row's event cell.
    TimelineSetEvent {
        /// Position in the timeline's rows.
        index: usize,
        /// The new cell text.
        text: String,
    },
    /// Sets the text after a timeline row's key-event marker, keeping the marker and the
    /// space after it as written; the whole cell when the row has no marker. This is what
    /// the grid's event cell edits ([`TimelineRow::event_text`](crate::doc::TimelineRow)).
    TimelineSetEventText {
        /// Position in the timeline's rows.
        index: usize,
        /// The new text after the marker.
        text: String,
    },
    /// Sets or clears the key-event marker of a timeline row (`**ROOT EVENT**:` at the start
    /// of its event cell), rewriting only that marker in the style the timeline already uses
    /// (the row's own marker, else the first marked row's, else `**LABEL**: `). Setting the
    /// kind the row already has changes nothing.
    TimelineSetKeyEvent {
        /// Position in the timeline's rows.
        index: usize,
        /// The kind to mark the row with; none clears the marker.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kind: Option<EventKind>,
        /// The label to write; needed for the kinds without a standard one (resolution steps,
        /// phases, other labels), else the standard label (`ROOT EVENT`) is written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Appends a row to a table.
    TableAddRow {
        /// Table id.
        table: usize,
        /// Cells (missing ones are empty).
        cells: Vec<String>,
    },
    /// Inserts a row before body row `index` (`index` = row count appends).
    TableInsertRow {
        /// Table id.
        table: usize,
        /// Position among the body rows.
        index: usize,
        /// Cells (missing ones are empty).
        cells: Vec<String>,
    },
    /// Deletes a body row.
    TableDeleteRow {
        /// Table id.
        table: usize,
        /// Position among the body rows.
        index: usize,
    },
    /// Moves a body row so that it ends up at position `to`.
    TableMoveRow {
        /// Table id.
        table: usize,
        /// Current position.
        from: usize,
        /// Target position.
        to: usize,
    },
    /// Sorts the body rows by one column (numbers numerically, other text case-insensitively).
    TableSort {
        /// Table id.
        table: usize,
        /// Column to sort by.
        column: usize,
        /// Largest first.
        #[serde(default)]
        descending: bool,
    },
    /// Sets one body cell.
    TableSetCell {
        /// Table id.
        table: usize,
        /// Body row.
        row: usize,
        /// Column.
        column: usize,
        /// The new text (one line; a `|` outside code spans is escaped).
        text: String,
    },
    /// Sets several cells of one body row at once, each as [`Edit::TableSetCell`] would, all
    /// read against the row as it is (a row short of cells is written again once).
    TableSetCells {
        /// Table id.
        table: usize,
        /// Body row.
        row: usize,
        /// (column, new text) pairs.
        cells: Vec<(usize, String)>,
    },
    /// Sets one header cell.
    TableSetHeader {
        /// Table id.
        table: usize,
        /// Column.
        column: usize,
        /// The new text.
        text: String,
    },
    /// Sets a how-step's question (its heading text).
    SetHowQuestion {
        /// Chain index.
        chain: usize,
        /// Step index.
        step: usize,
        /// The new heading text.
        text: String,
    },
    /// Sets a how-step's answer (the markdown under the question).
    SetHowAnswer {
        /// Chain index.
        chain: usize,
        /// Step index.
        step: usize,
        /// The new markdown, `\n` line endings.
        text: String,
    },
}

/// A planned change.
pub(crate) type Splice = (Range<usize>, String);

/// Plans `edit` against `doc`.
pub(crate) fn plan(doc: &Document, edit: &Edit) -> Result<Vec<Splice>> {
    let p = Planner {
        text: &doc.text,
        ix: &doc.index,
        doc,
    };
    match edit {
        Edit::SetMetadata { key, value } => p.set_metadata(key, value),
        Edit::RemoveMetadata { key } => p.remove_metadata(key),
        Edit::SetTitle { text } => p.set_title(text),
        Edit::ReplaceSectionBody { section, text } => p.replace_section(*section, *section, text),
        Edit::ReplaceSectionRange { first, last, text } => p.replace_section(*first, *last, text),
        Edit::AddTag { tag } => p.add_tag(tag),
        Edit::RemoveTag { tag } => p.remove_tag(tag),
        Edit::TimelineAdd { time, event, phase } => p.timeline_add(time, event, phase.as_deref()),
        Edit::TimelineInsert { index, time, event } => p.timeline_insert(*index, time, event),
        Edit::TimelineInsertInTable {
            table,
            index,
            time,
            event,
        } => p.timeline_insert_in_table(*table, *index, time, event),
        Edit::TimelineDelete { index } => {
            let (t, i) = p.timeline_row(*index)?;
            Ok(p.delete_in_block(t, i))
        }
        Edit::TimelineMove { from, to } => p.timeline_move(*from, *to),
        Edit::TimelineSort => p.timeline_sort(),
        Edit::TimelineSetTime { index, text } => {
            let (t, i) = p.timeline_row(*index)?;
            p.set_row_time(t, i, text)
        }
        Edit::TimelineSetTimeText { index, text } => {
            let (t, i) = p.timeline_row(*index)?;
            p.set_row_time_text(t, i, text)
        }
        Edit::TimelineSetEvent { index, text } => {
            let (t, i) = p.timeline_row(*index)?;
            p.set_row_event(t, i, text)
        }
        Edit::TimelineSetEventText { index, text } => {
            let (t, i) = p.timeline_row(*index)?;
            p.set_row_event(t, i, &timeline::with_event_text(&p.row_event(t, i), text))
        }
        Edit::TimelineSetKeyEvent { index, kind, label } => {
            p.timeline_set_key_event(*index, *kind, label.as_deref())
        }
        Edit::TableAddRow { table, cells } => {
            let t = p.table(*table)?;
            Ok(vec![p.insert_row(t, t.rows.len(), cells)?])
        }
        Edit::TableInsertRow {
            table,
            index,
            cells,
        } => {
            let t = p.table(*table)?;
            if *index > t.rows.len() {
                return Err(out_of_range("row", *index, t.rows.len() + 1));
            }
            Ok(vec![p.insert_row(t, *index, cells)?])
        }
        Edit::TableDeleteRow { table, index } => {
            let t = p.table(*table)?;
            check(*index, t.rows.len(), "row")?;
            Ok(vec![p.delete_row(t, *index)])
        }
        Edit::TableMoveRow { table, from, to } => {
            let t = p.table(*table)?;
            check(*from, t.rows.len(), "row")?;
            check(*to, t.rows.len(), "row")?;
            let mut order: Vec<usize> = (0..t.rows.len()).collect();
            let r = order.remove(*from);
            order.insert(*to, r);
            Ok(p.reorder(t, &order).into_iter().collect())
        }
        Edit::TableSort {
            table,
            column,
            descending,
        } => p.table_sort(*table, *column, *descending),
        Edit::TableSetCells { table, row, cells } => {
            let t = p.table(*table)?;
            check(*row, t.rows.len(), "row")?;
            p.set_cells(t, *row, cells)
        }
        Edit::TableSetCell {
            table,
            row,
            column,
            text,
        } => {
            let t = p.table(*table)?;
            check(*row, t.rows.len(), "row")?;
            p.set_cell(t, Some(*row), *column, text)
        }
        Edit::TableSetHeader {
            table,
            column,
            text,
        } => p.set_cell(p.table(*table)?, None, *column, text),
        Edit::SetHowQuestion { chain, step, text } => {
            let (hi, _) = p.how_step(*chain, *step)?;
            one_line(text)?;
            Ok(vec![p.heading_text(hi, text)])
        }
        Edit::SetHowAnswer { chain, step, text } => p.set_how_answer(*chain, *step, text),
    }
}

fn out_of_range(what: &str, index: usize, len: usize) -> crate::CoreError {
    invalid(format!("{what} {index} is out of range (there are {len})"))
}

fn no_event_column() -> crate::CoreError {
    invalid("this timeline table has one column, the time; it has no event cell")
}

fn check(index: usize, len: usize, what: &str) -> Result<()> {
    if index < len {
        Ok(())
    } else {
        Err(out_of_range(what, index, len))
    }
}

/// Refuses a table row that would not read back as `values`: the site pairs backticks across
/// cells (a lone `` ` `` in one cell and one in another make a code span holding the pipe
/// between them), so such a row would show as fewer cells than were written.
fn reads_back(line: &str, values: &[String]) -> Result<()> {
    let row = table::split_row(line, 0, 0, line.len(), line.len(), 1);
    let read = row.values();
    let same = read.len() == values.len() && read.iter().zip(values).all(|(r, v)| r == v.trim());
    if same || !line.contains('`') {
        return Ok(());
    }
    Err(invalid(
        "a backtick in this row would pair with one in another cell and join the cells into one \
         code span on the site: close the code span (`like this`) within its cell, or remove \
         the lone backtick",
    ))
}

fn one_line(s: &str) -> Result<()> {
    if s.contains(['\n', '\r']) {
        Err(invalid(
            "this field is one line; it cannot contain a line break",
        ))
    } else {
        Ok(())
    }
}

/// `\n` (or `\r\n`) line endings as `eol`.
fn with_eol(s: &str, eol: &str) -> String {
    let lf = s.replace("\r\n", "\n");
    if eol == "\n" {
        lf
    } else {
        lf.replace('\n', eol)
    }
}

/// The range that removes the line `start..next` whole; a last line without a line ending
/// takes the previous line's ending with it, so the file still lacks a final newline.
fn line_removal(text: &str, start: usize, next: usize) -> Range<usize> {
    if text.get(start..next).is_some_and(|l| l.ends_with('\n')) || start == 0 {
        return start..next;
    }
    let before = text.get(..start).unwrap_or("");
    let eol = if before.ends_with("\r\n") {
        2
    } else if before.ends_with('\n') {
        1
    } else {
        0
    };
    start - eol..next
}

struct Planner<'a> {
    text: &'a str,
    ix: &'a parse::Index,
    doc: &'a Document,
}

impl<'a> Planner<'a> {
    fn eol(&self) -> &'static str {
        self.ix.eol
    }

    /// Replaces a heading's text, keeping its `#` marks, spacing and closing sequence.
    fn heading_text(&self, heading: usize, new: &str) -> Splice {
        let h = &self.ix.headings[heading];
        let mut new = new.trim().to_string();
        // An empty heading (`#`) has no space yet after its marks.
        if !new.is_empty() && self.text[..h.text_span.start].ends_with('#') {
            new.insert(0, ' ');
        }
        (h.text_span.clone(), new)
    }

    /// A first timeline table, holding one row, for a Timeline section that has none: after
    /// the section's text, or right under its heading.
    fn new_timeline_table(&self, time: &str, event: &str) -> Result<Vec<Splice>> {
        one_line(time)?;
        one_line(event)?;
        let tl = self
            .ix
            .timeline
            .as_ref()
            .ok_or_else(|| invalid("the document has no Timeline section"))?;
        let h = &self.ix.headings[tl.heading];
        let eol = self.eol();
        let style = RowStyle {
            prefix: String::new(),
            leading_pipe: true,
            trailing_pipe: true,
            spaced: true,
            widths: None,
            align: Vec::new(),
        };
        let values = [time.to_string(), event.to_string()];
        let row = table::format_row(&style, &values);
        reads_back(&row, &values)?;
        let table = format!("| Time | Event |{eol}| ---- | ----- |{eol}{row}");
        let block = parse::trimmed_block(self.text, h.end, h.body_end);
        Ok(vec![if !block.is_empty() {
            (block.end..block.end, format!("{eol}{eol}{table}"))
        } else if self.text[h.start..h.end].ends_with('\n') {
            (h.end..h.end, format!("{eol}{table}{eol}"))
        } else {
            (h.end..h.end, format!("{eol}{eol}{table}"))
        }])
    }

    fn table(&self, id: usize) -> Result<&'a TableAt> {
        self.ix
            .other_tables
            .get(id)
            .map(|&t| &self.ix.tables[t])
            .ok_or_else(|| invalid(format!("there is no table {id}")))
    }

    fn timeline(&self) -> Result<&'a parse::TimelineAt> {
        self.ix
            .timeline
            .as_ref()
            .filter(|t| !t.tables.is_empty())
            .ok_or_else(|| invalid("the document has no timeline table"))
    }

    /// How many rows a timeline block has.
    fn block_len(&self, t: &parse::TimelineTableAt) -> usize {
        match &t.block {
            BlockAt::Table(ti) => self.ix.tables[*ti].rows.len(),
            BlockAt::List { items, .. } => items.len(),
        }
    }

    /// Global timeline row positions as (timeline table, row in it).
    fn timeline_rows(&self) -> Result<Vec<(usize, usize)>> {
        let tl = self.timeline()?;
        Ok(tl
            .tables
            .iter()
            .enumerate()
            .flat_map(|(k, t)| (0..self.block_len(t)).map(move |i| (k, i)))
            .collect())
    }

    fn timeline_row(&self, index: usize) -> Result<(&'a parse::TimelineTableAt, usize)> {
        let rows = self.timeline_rows()?;
        let &(k, i) = rows
            .get(index)
            .ok_or_else(|| out_of_range("timeline row", index, rows.len()))?;
        Ok((&self.timeline()?.tables[k], i))
    }

    /// A table cell's value, empty when the row lacks the cell.
    fn cell_value(table: &TableAt, row: usize, col: usize) -> String {
        table.rows[row]
            .cells
            .get(col)
            .map(|c| c.value.clone())
            .unwrap_or_default()
    }

    /// Row `i`'s time as the model gives it (`time.raw`): the cell, the Date and Time cells
    /// together, or the item's time as written.
    fn row_time(&self, t: &parse::TimelineTableAt, i: usize) -> String {
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
    fn row_event(&self, t: &parse::TimelineTableAt, i: usize) -> String {
        match &t.block {
            BlockAt::Table(ti) => t
                .event_col
                .map(|c| Self::cell_value(&self.ix.tables[*ti], i, c))
                .unwrap_or_default(),
            BlockAt::List { items, .. } => self.text[items[i].event.clone()].to_string(),
        }
    }

    /// Sets several cells of one body row: each cell on its own, or the whole row written
    /// again when it lacks one of them.
    fn set_cells(
        &self,
        table: &TableAt,
        i: usize,
        cells: &[(usize, String)],
    ) -> Result<Vec<Splice>> {
        let r = &table.rows[i];
        let ncols = table.header.cells.len();
        if cells.iter().all(|(c, _)| *c < r.cells.len()) {
            let mut out = Vec::new();
            for (c, v) in cells {
                out.extend(self.set_cell(table, Some(i), *c, v)?);
            }
            return Ok(out);
        }
        let mut values = r.values();
        values.resize(ncols.max(values.len()), String::new());
        for (c, v) in cells {
            one_line(v)?;
            if *c >= values.len() {
                return Err(out_of_range("column", *c, ncols));
            }
            values[*c] = v.clone();
        }
        let line = table::format_row(&self.style(table, r), &values);
        Ok(vec![(r.start..r.content_end, line)])
    }

    /// Sets row `i`'s time to `new` (as `time.raw` reads): a split table writes the date part
    /// to its Date column and the rest to its Time column.
    fn set_row_time(&self, t: &parse::TimelineTableAt, i: usize, new: &str) -> Result<Vec<Splice>> {
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
    fn set_row_time_text(
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
    fn set_row_event(
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
    fn checked_item_splice(
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
    fn style(&self, t: &TableAt, neighbour: &RowAt) -> RowStyle {
        let text = self.text;
        RowStyle {
            prefix: text
                .get(neighbour.start..neighbour.content_start)
                .unwrap_or("")
                .to_string(),
            leading_pipe: neighbour.leading_pipe,
            trailing_pipe: neighbour.trailing_pipe,
            spaced: neighbour.cells.iter().any(|c| {
                text.get(c.span.clone())
                    .is_some_and(|s| s.starts_with([' ', '\t']))
            }),
            widths: t.padded.then(|| {
                t.header
                    .cells
                    .iter()
                    .map(|c| table::width(text.get(c.span.clone()).unwrap_or("")))
                    .collect()
            }),
            align: t.align.clone(),
        }
    }

    fn neighbour<'t>(&self, t: &'t TableAt, pos: usize) -> &'t RowAt {
        if pos > 0 {
            t.rows.get(pos - 1).unwrap_or(&t.header)
        } else {
            t.rows.first().unwrap_or(&t.header)
        }
    }

    /// A new body row at `pos` holding `values`.
    fn insert_row(&self, t: &TableAt, pos: usize, values: &[String]) -> Result<Splice> {
        let ncols = t.header.cells.len();
        if values.len() > ncols {
            return Err(invalid(format!(
                "the table has {ncols} columns, not {}",
                values.len()
            )));
        }
        for v in values {
            one_line(v)?;
        }
        let mut values = values.to_vec();
        values.resize(ncols, String::new());
        let nb = self.neighbour(t, pos);
        let line = table::format_row(&self.style(t, nb), &values);
        reads_back(&line, &values)?;
        let eol = match nb.eol(self.text) {
            "" => self.eol(),
            e => e,
        };
        if let Some(r) = t.rows.get(pos) {
            return Ok((r.start..r.start, format!("{line}{eol}")));
        }
        let last = t.rows.last().unwrap_or(&t.delim);
        if last.next > last.content_end {
            Ok((last.next..last.next, format!("{line}{eol}")))
        } else {
            // The table ends the file without a final newline: keep it that way.
            Ok((last.content_end..last.content_end, format!("{eol}{line}")))
        }
    }

    fn delete_row(&self, t: &TableAt, i: usize) -> Splice {
        let r = &t.rows[i];
        (line_removal(self.text, r.start, r.next), String::new())
    }

    /// Rewrites the rows so that row `k` holds what row `order[k]` held, each line keeping
    /// its bytes and each position keeping its line ending.
    fn reorder(&self, t: &TableAt, order: &[usize]) -> Option<Splice> {
        let first = order.iter().enumerate().position(|(k, &o)| k != o)?;
        let last = order.iter().enumerate().rposition(|(k, &o)| k != o)?;
        let mut out = String::new();
        for (k, &o) in order.iter().enumerate().take(last + 1).skip(first) {
            let src = &t.rows[o];
            out.push_str(self.text.get(src.start..src.content_end).unwrap_or(""));
            if k < last {
                out.push_str(t.rows[k].eol(self.text));
            }
        }
        Some((t.rows[first].start..t.rows[last].content_end, out))
    }

    /// Sets one cell of body row `row` (or of the header when `None`).
    fn set_cell(
        &self,
        t: &TableAt,
        row: Option<usize>,
        col: usize,
        value: &str,
    ) -> Result<Vec<Splice>> {
        one_line(value)?;
        let ncols = t.header.cells.len();
        let r = match row {
            Some(i) => &t.rows[i],
            None => &t.header,
        };
        if col >= ncols.max(r.cells.len()) {
            return Err(out_of_range("column", col, ncols));
        }
        if let Some(c) = r.cells.get(col) {
            if c.value == value.trim() {
                return Ok(Vec::new());
            }
            let raw = self.text.get(c.span.clone()).unwrap_or("");
            let align = t.align.get(col).copied().unwrap_or(super::Align::None);
            let mut new = table::replace_cell(raw, value, t.padded, align);
            // An empty outer cell needs its outer pipe, or the row loses the cell (and a
            // row of only `|` and spaces would end the table).
            if table::escape_cell(value).is_empty() {
                if col + 1 == r.cells.len() && !r.trailing_pipe {
                    new.push('|');
                }
                if col == 0 && !r.leading_pipe {
                    new.insert(0, '|');
                }
            }
            let mut values = r.values();
            values[col] = value.to_string();
            let line = format!(
                "{}{new}{}",
                &self.text[r.content_start..c.span.start],
                &self.text[c.span.end..r.content_end]
            );
            reads_back(&line, &values)?;
            return Ok(vec![(c.span.clone(), new)]);
        }
        // The row has fewer cells than the header: write it again with the missing cells.
        let mut values = r.values();
        values.resize(ncols, String::new());
        values[col] = value.to_string();
        let line = table::format_row(&self.style(t, r), &values);
        reads_back(&line, &values)?;
        Ok(vec![(r.start..r.content_end, line)])
    }

    fn timeline_values(
        &self,
        t: &parse::TimelineTableAt,
        table: &TableAt,
        pos: usize,
        time: &str,
        event: &str,
    ) -> Result<Vec<String>> {
        let n = table.header.cells.len();
        let mut v = vec![String::new(); n.max(t.time_col + 1)];
        match t.event_col {
            Some(c) if c < v.len() => v[c] = event.to_string(),
            _ if event.trim().is_empty() => {}
            _ => return Err(no_event_column()),
        }
        match t.date_col {
            Some(dc) if dc < v.len() && !table.rows.is_empty() => {
                // A split row copies the table's style: bold cells, a date on every row (the
                // neighbour's, for a row given none).
                let nb = pos.saturating_sub(1).min(table.rows.len() - 1);
                let column = |c: usize| -> Vec<String> {
                    (0..table.rows.len())
                        .map(|i| Self::cell_value(table, i, c))
                        .collect()
                };
                let dates = column(dc);
                let (mut d, tm) = parse::split_date_time(time);
                if d.is_empty() && dates.iter().all(|d| !d.trim().is_empty()) {
                    d = dates[nb].clone();
                }
                v[dc] = styled_as(&dates, &d);
                v[t.time_col] = styled_as(&column(t.time_col), &tm);
            }
            Some(dc) if dc < v.len() => {
                let (d, tm) = parse::split_date_time(time);
                v[dc] = d;
                v[t.time_col] = tm;
            }
            _ if table.rows.is_empty() => v[t.time_col] = time.to_string(),
            _ => {
                // Bold and a zone suffix (`| **14:05 AEST** |`) the whole column shares.
                let times: Vec<String> = (0..table.rows.len())
                    .map(|i| Self::cell_value(table, i, t.time_col))
                    .collect();
                v[t.time_col] = styled_as(&times, time);
            }
        }
        v.truncate(n);
        Ok(v)
    }

    /// A new row at `pos` of timeline block `t`, in the block's style. `extra` gives the
    /// other cells of a row moved from another table.
    fn insert_in_block(
        &self,
        t: &parse::TimelineTableAt,
        pos: usize,
        time: &str,
        event: &str,
        extra: Option<&dyn Fn(usize) -> Option<String>>,
    ) -> Result<Vec<Splice>> {
        match &t.block {
            BlockAt::Table(ti) => {
                let table = &self.ix.tables[*ti];
                let mut values = self.timeline_values(t, table, pos, time, event)?;
                if let Some(extra) = extra {
                    let special = [Some(t.time_col), t.event_col, t.date_col];
                    for (c, v) in values.iter_mut().enumerate() {
                        if !special.contains(&Some(c))
                            && let Some(x) = extra(c)
                        {
                            *v = x;
                        }
                    }
                }
                Ok(vec![self.insert_row(table, pos, &values)?])
            }
            BlockAt::List { items, numbered } => {
                self.insert_item(items, *numbered, pos, time, event)
            }
        }
    }

    /// A new list item at `pos`, copying its neighbour's indentation, marker (the numbering
    /// goes on, and the items after it are renumbered when the list counts up one by one),
    /// separator, bold, zone and whether every item repeats the date.
    fn insert_item(
        &self,
        items: &[ItemAt],
        numbered: bool,
        pos: usize,
        time: &str,
        event: &str,
    ) -> Result<Vec<Splice>> {
        one_line(time)?;
        one_line(event)?;
        let text = self.text;
        let (time, event) = (time.trim(), event.trim());
        let nb = &items[pos.saturating_sub(1).min(items.len() - 1)];
        let numbers: Vec<u64> = items.iter().filter_map(|i| i.number).collect();
        let counting = numbered
            && numbers.len() == items.len()
            && numbers.windows(2).all(|w| w[1] == w[0] + 1);
        let mut out = Vec::new();
        let marker = match nb.number.filter(|_| numbered) {
            Some(n) => {
                let delim = text[nb.marker.clone()].chars().last().unwrap_or('.');
                let all_same = numbers.windows(2).all(|w| w[0] == w[1]);
                let number = if counting {
                    for later in &items[pos..] {
                        let n = later.number.unwrap_or(0) + 1;
                        out.push((later.marker.clone(), format!("{n}{delim}")));
                    }
                    numbers[0] + pos as u64
                } else if all_same || pos == 0 {
                    n
                } else {
                    n + 1
                };
                format!("{number}{delim}")
            }
            None => text[nb.marker.clone()].to_string(),
        };
        let repeat_dates = items.len() > 1
            && items.iter().all(|i| {
                timeline::parse_time_cell(&text[i.time.clone()])
                    .date
                    .is_some()
            });
        let nb_time = &text[nb.time.clone()];
        // An item must start with a time: a row added blank (to be filled in) starts at
        // its neighbour's.
        let time = if time.is_empty() {
            let own = timeline::parse_time_cell(nb_time).text;
            match parse::split_date_time(&own) {
                (_, t) if !t.is_empty() => t,
                _ => own,
            }
        } else {
            time.to_string()
        };
        let time = time.as_str();
        let mut time_text = time.to_string();
        if repeat_dates
            && timeline::parse_time_cell(time).date.is_none()
            && let (d, _) = parse::split_date_time(&timeline::parse_time_cell(nb_time).text)
            && !d.is_empty()
        {
            time_text = format!("{d} {time_text}");
        }
        let times: Vec<String> = items
            .iter()
            .map(|i| text[i.time.clone()].to_string())
            .collect();
        let time_text = styled_as(&times, &time_text);
        let sep = if event.is_empty() {
            String::new()
        } else {
            list_separator(text, items)
        };
        let line = format!(
            "{}{marker}{}{time_text}{sep}{event}",
            &text[nb.start..nb.marker.start],
            &text[nb.marker.end..nb.time.start],
        );
        let reads = list::item_parts(&line)
            .is_some_and(|p| line[p.time] == *time_text && line[p.event] == *event);
        if !reads {
            return Err(invalid(format!(
                "{line:?} would not read back as a timeline item: a list row starts with a \
                 time (such as 06:14 or 2026-09-14 06:12)"
            )));
        }
        let eol = match nb.eol(text) {
            "" => self.eol(),
            e => e,
        };
        // Renumbering splices first: one may start where the new line is inserted.
        if let Some(next) = items.get(pos) {
            out.push((next.start..next.start, format!("{line}{eol}")));
        } else {
            let last = &items[items.len() - 1];
            out.push(if last.end > last.last_content_end {
                (last.end..last.end, format!("{line}{eol}"))
            } else {
                (
                    last.last_content_end..last.last_content_end,
                    format!("{eol}{line}"),
                )
            });
        }
        Ok(out)
    }

    /// Deletes row `i` of timeline block `t` (renumbering a list that counts up one by one).
    fn delete_in_block(&self, t: &parse::TimelineTableAt, i: usize) -> Vec<Splice> {
        match &t.block {
            BlockAt::Table(ti) => vec![self.delete_row(&self.ix.tables[*ti], i)],
            BlockAt::List { items, numbered } => {
                let item = &items[i];
                let mut out = vec![(line_removal(self.text, item.start, item.end), String::new())];
                let numbers: Vec<u64> = items.iter().filter_map(|i| i.number).collect();
                let counting = *numbered
                    && numbers.len() == items.len()
                    && numbers.windows(2).all(|w| w[1] == w[0] + 1);
                if counting {
                    for later in &items[i + 1..] {
                        let m = &self.text[later.marker.clone()];
                        let delim = m.chars().last().unwrap_or('.');
                        let n = later.number.unwrap_or(1).saturating_sub(1);
                        out.push((later.marker.clone(), format!("{n}{delim}")));
                    }
                }
                out
            }
        }
    }

    /// Reorders the rows of block `t` (see [`Self::reorder`]); list items keep their
    /// markers in place, so numbering stays in order.
    fn reorder_block(&self, t: &parse::TimelineTableAt, order: &[usize]) -> Option<Splice> {
        match &t.block {
            BlockAt::Table(ti) => self.reorder(&self.ix.tables[*ti], order),
            BlockAt::List { items, .. } => {
                let first = order.iter().enumerate().position(|(k, &o)| k != o)?;
                let last = order.iter().enumerate().rposition(|(k, &o)| k != o)?;
                let text = self.text;
                let mut out = String::new();
                for (k, &o) in order.iter().enumerate().take(last + 1).skip(first) {
                    let (own, src) = (&items[k], &items[o]);
                    out.push_str(&text[own.start..own.time.start]);
                    out.push_str(&text[src.time.start..src.last_content_end]);
                    if k < last {
                        out.push_str(&text[own.last_content_end..items[k + 1].start]);
                    }
                }
                Some((items[first].start..items[last].last_content_end, out))
            }
        }
    }

    /// Rewrites the key-event marker of timeline row `index` (see [`Edit::TimelineSetKeyEvent`]).
    fn timeline_set_key_event(
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
    fn timeline_marker_style(&self) -> Option<timeline::MarkerStyle> {
        let tl = self.ix.timeline.as_ref()?;
        tl.tables.iter().find_map(|t| {
            t.event_col?;
            (0..self.block_len(t))
                .find_map(|i| timeline::find_marker(&self.row_event(t, i)).map(|m| m.style))
        })
    }

    /// A Timeline section exists but holds no table yet.
    fn timeline_has_no_table(&self) -> bool {
        self.ix
            .timeline
            .as_ref()
            .is_some_and(|t| t.tables.is_empty())
    }

    fn timeline_add(&self, time: &str, event: &str, phase: Option<&str>) -> Result<Vec<Splice>> {
        if phase.is_none() && self.timeline_has_no_table() {
            return self.new_timeline_table(time, event);
        }
        let tl = self.timeline()?;
        let t = match phase {
            Some(p) => tl
                .tables
                .iter()
                .find(|t| {
                    t.phase
                        .as_deref()
                        .is_some_and(|q| q.trim().eq_ignore_ascii_case(p.trim()))
                })
                .ok_or_else(|| invalid(format!("the timeline has no phase {p:?}")))?,
            None => tl
                .tables
                .last()
                .ok_or_else(|| invalid("no timeline table"))?,
        };
        self.insert_in_block(t, self.block_len(t), time, event, None)
    }

    fn timeline_insert(&self, index: usize, time: &str, event: &str) -> Result<Vec<Splice>> {
        if index == 0 && self.timeline_has_no_table() {
            return self.new_timeline_table(time, event);
        }
        let rows = self.timeline_rows()?;
        let tl = self.timeline()?;
        if index == rows.len() {
            return self.timeline_add(time, event, None);
        }
        let &(k, i) = rows
            .get(index)
            .ok_or_else(|| out_of_range("timeline row", index, rows.len() + 1))?;
        self.insert_in_block(&tl.tables[k], i, time, event, None)
    }

    fn timeline_insert_in_table(
        &self,
        k: usize,
        index: usize,
        time: &str,
        event: &str,
    ) -> Result<Vec<Splice>> {
        let tl = self.timeline()?;
        let t = tl
            .tables
            .get(k)
            .ok_or_else(|| out_of_range("timeline table", k, tl.tables.len()))?;
        let n = self.block_len(t);
        if index > n {
            return Err(out_of_range("row", index, n + 1));
        }
        self.insert_in_block(t, index, time, event, None)
    }

    fn timeline_move(&self, from: usize, to: usize) -> Result<Vec<Splice>> {
        let rows = self.timeline_rows()?;
        check(from, rows.len(), "timeline row")?;
        check(to, rows.len(), "timeline row")?;
        if from == to {
            return Ok(Vec::new());
        }
        let tl = self.timeline()?;
        let (kf, i_f) = rows[from];
        let (kt, i_t) = rows[to];
        let (src, dst) = (&tl.tables[kf], &tl.tables[kt]);
        if kf == kt {
            let mut order: Vec<usize> = (0..self.block_len(src)).collect();
            let r = order.remove(i_f);
            order.insert(i_t, r);
            return Ok(self.reorder_block(src, &order).into_iter().collect());
        }
        let time = self.row_time(src, i_f);
        let event = self.row_event(src, i_f);
        let src_special = [Some(src.time_col), src.event_col, src.date_col];
        let extra = |c: usize| match src.table() {
            Some(ti) if !src_special.contains(&Some(c)) => {
                Some(Self::cell_value(&self.ix.tables[ti], i_f, c))
            }
            _ => None,
        };
        let pos = if from < to { i_t + 1 } else { i_t };
        let mut out = self.delete_in_block(src, i_f);
        out.extend(self.insert_in_block(dst, pos, &time, &event, Some(&extra))?);
        Ok(out)
    }

    fn timeline_sort(&self) -> Result<Vec<Splice>> {
        let tl = self.timeline()?;
        let model = self
            .doc
            .model
            .timeline
            .as_ref()
            .ok_or_else(|| invalid("the document has no timeline"))?;
        let cells: Vec<&TimeCell> = model.rows.iter().map(|r| &r.time).collect();
        let keys = sort_keys(&cells, parse::base_date(self.doc.model.date.as_deref()));
        let mut out = Vec::new();
        let mut offset = 0;
        for t in &tl.tables {
            let n = self.block_len(t);
            let order = stable_order(keys.get(offset..offset + n).unwrap_or(&[]));
            offset += n;
            if order.len() == n {
                out.extend(self.reorder_block(t, &order));
            }
        }
        Ok(out)
    }

    fn table_sort(&self, id: usize, column: usize, descending: bool) -> Result<Vec<Splice>> {
        let t = self.table(id)?;
        check(column, t.header.cells.len(), "column")?;
        let value = |i: usize| {
            t.rows[i]
                .cells
                .get(column)
                .map(|c| c.value.clone())
                .unwrap_or_default()
        };
        let mut order: Vec<usize> = (0..t.rows.len()).collect();
        order.sort_by(|&a, &b| {
            let (va, vb) = (value(a), value(b));
            let ord = match (va.parse::<f64>(), vb.parse::<f64>()) {
                (Ok(x), Ok(y)) => x.total_cmp(&y),
                _ => va.to_lowercase().cmp(&vb.to_lowercase()),
            };
            if descending { ord.reverse() } else { ord }
        });
        Ok(self.reorder(t, &order).into_iter().collect())
    }

    fn set_metadata(&self, key: &str, value: &str) -> Result<Vec<Splice>> {
        one_line(value)?;
        one_line(key)?;
        let key = key.trim();
        if parse::parse_meta_line(&format!("**{key}:** x")).is_none() {
            return Err(invalid(format!("{key:?} cannot be a metadata key")));
        }
        let value = value.trim();
        let text = self.text;
        if let Some(m) = self.find_metadata(key) {
            if m.value == value {
                return Ok(Vec::new());
            }
            return Ok(vec![(m.value_span.clone(), self.metadata_value(m, value))]);
        }
        let eol = self.eol();
        let lines: Vec<&parse::MetaAt> = self
            .ix
            .meta
            .iter()
            .filter(|m| m.place == MetadataPlace::Line)
            .collect();
        if lines.is_empty()
            && let Some(splice) = self.add_metadata_elsewhere(key, value)
        {
            return Ok(vec![splice]);
        }
        let Some(&last) = lines.last() else {
            let line = format!("**{key}:** {value}");
            return Ok(vec![match self.ix.title.map(|t| &self.ix.headings[t]) {
                Some(h) if text[h.start..h.end].ends_with('\n') => {
                    (h.end..h.end, format!("{eol}{line}{eol}"))
                }
                Some(h) => (h.end..h.end, format!("{eol}{eol}{line}")),
                None => (
                    self.ix.body_start..self.ix.body_start,
                    format!("{line}{eol}{eol}"),
                ),
            }]);
        };
        // Keep the canonical order Date, Duration, Severity, Status where it can be kept.
        let rank = |k: &str| {
            REQUIRED_METADATA
                .iter()
                .position(|r| r.eq_ignore_ascii_case(k))
        };
        let anchor = match rank(key) {
            Some(new_rank) => {
                let after = lines
                    .iter()
                    .rev()
                    .find(|m| rank(&m.key).is_some_and(|r| r < new_rank));
                let before = lines
                    .iter()
                    .find(|m| rank(&m.key).is_some_and(|r| r > new_rank));
                match (after, before) {
                    (Some(a), _) => Err(*a),
                    (None, Some(b)) => Ok(*b),
                    (None, None) => Err(last),
                }
            }
            None => Err(last),
        };
        let (template, before) = match anchor {
            Ok(b) => (b, true),
            Err(a) => (a, false),
        };
        let tline = &text[template.start..template.next];
        let (tce, _) = parse::line_end(text, template.start);
        let star = tline.find("**").unwrap_or(0);
        let prefix = &tline[..star];
        let colon_inside = tline[star + 2..]
            .find("**")
            .is_some_and(|c| tline[star + 2..star + 2 + c].ends_with(':'));
        let suffix = text.get(template.value_span.end..tce).unwrap_or("");
        let line = if colon_inside {
            format!("{prefix}**{key}:** {value}{suffix}")
        } else {
            format!("{prefix}**{key}**: {value}{suffix}")
        };
        let teol = text.get(tce..template.next).unwrap_or("");
        Ok(vec![if before {
            let teol = if teol.is_empty() { eol } else { teol };
            (template.start..template.start, format!("{line}{teol}"))
        } else if teol.is_empty() {
            (tce..tce, format!("{eol}{line}"))
        } else {
            (template.next..template.next, format!("{line}{teol}"))
        }])
    }

    fn remove_metadata(&self, key: &str) -> Result<Vec<Splice>> {
        let m = self
            .find_metadata(key.trim())
            .ok_or_else(|| invalid(format!("there is no metadata field {key:?}")))?;
        // A metadata table's header row cannot go without breaking the table: empty its value.
        if m.table.is_some_and(|(_, header)| header) {
            return Ok(vec![(m.value_span.clone(), self.metadata_value(m, ""))]);
        }
        Ok(vec![(
            line_removal(self.text, m.start, m.next),
            String::new(),
        )])
    }

    /// The field named `key`: by its name as written, else by what it means (`Severity`
    /// finds `impact:`), so that a form's fields edit the site's own keys.
    fn find_metadata(&self, key: &str) -> Option<&parse::MetaAt> {
        let meta = &self.ix.meta;
        meta.iter()
            .find(|m| m.key.eq_ignore_ascii_case(key))
            .or_else(|| meta.iter().find(|m| parse::same_key(&m.key, key)))
    }

    /// `value` written the way field `m` is: after a space on a line, as a YAML scalar in
    /// front matter (quoted as before), as a cell keeping its padding in a table.
    fn metadata_value(&self, m: &parse::MetaAt, value: &str) -> String {
        let text = self.text;
        let raw = text.get(m.value_span.clone()).unwrap_or("");
        match (m.place, m.table) {
            (MetadataPlace::Table, Some((ti, _))) => {
                let t = &self.ix.tables[ti];
                // Keep emphasis the value had (`**2026-07-21**`).
                let bold = raw.trim().starts_with("**") && raw.trim().ends_with("**");
                let v = if bold && !value.is_empty() {
                    format!("**{value}**")
                } else {
                    value.to_string()
                };
                table::replace_cell(
                    raw,
                    &v,
                    t.padded,
                    t.align.get(1).copied().unwrap_or(Align::None),
                )
            }
            (MetadataPlace::FrontMatter, _) => {
                if raw.starts_with('\'') && !value.contains('\'') {
                    format!("'{value}'")
                } else if raw.starts_with('"') {
                    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
                } else {
                    frontmatter::quote(value)
                }
            }
            _ => {
                let glued =
                    m.value_span.start > 0 && !text[..m.value_span.start].ends_with([' ', '\t']);
                if glued && !value.is_empty() {
                    format!(" {value}")
                } else {
                    value.to_string()
                }
            }
        }
    }

    /// A new field where the PIR keeps its metadata when it has no `**Key:**` lines: a row
    /// after the metadata table's last, else a key at the end of the front matter when that
    /// holds the other fields. `None` when neither holds any (a line is added then).
    fn add_metadata_elsewhere(&self, key: &str, value: &str) -> Option<Splice> {
        let text = self.text;
        let meta = &self.ix.meta;
        if let Some(last) = meta.iter().rev().find(|m| m.place == MetadataPlace::Table)
            && let Some((ti, _)) = last.table
        {
            let t = &self.ix.tables[ti];
            let row = if last.table.is_some_and(|(_, h)| h) {
                &t.header
            } else {
                t.rows.iter().find(|r| r.start == last.start)?
            };
            let style = self.style(t, row);
            let key_cell = match text.get(row.cells[0].span.clone()).map(str::trim) {
                Some(k) if k.starts_with("**") => format!("**{key}**"),
                _ => key.to_string(),
            };
            // After the header comes the delimiter row: a new field goes below it.
            let row = if std::ptr::eq(row, &t.header) {
                &t.delim
            } else {
                row
            };
            let line = table::format_row(&style, &[key_cell, value.to_string()]);
            let eol = row.eol(text);
            return Some(if eol.is_empty() {
                (
                    row.content_end..row.content_end,
                    format!("{}{line}", self.eol()),
                )
            } else {
                (row.next..row.next, format!("{line}{eol}"))
            });
        }
        let last = meta
            .iter()
            .rev()
            .find(|m| m.place == MetadataPlace::FrontMatter)?;
        let front = self.ix.front.as_ref()?;
        let lower = last.key.chars().all(|c| !c.is_uppercase());
        let k = if lower {
            key.to_lowercase()
        } else {
            key.to_string()
        };
        let (_, next) = parse::line_end(text, last.start);
        let at = next.min(front.inner_end);
        let eol = text
            .get(last.value_span.end..next)
            .map(|t| if t.ends_with("\r\n") { "\r\n" } else { "\n" })
            .unwrap_or("\n");
        Some((at..at, format!("{k}: {}{eol}", frontmatter::quote(value))))
    }

    fn set_title(&self, title: &str) -> Result<Vec<Splice>> {
        one_line(title)?;
        let title = title.trim();
        match self.ix.title.map(|t| &self.ix.headings[t]) {
            Some(h) if h.text == title => Ok(Vec::new()),
            Some(_) => Ok(vec![self.heading_text(self.ix.title.unwrap_or(0), title)]),
            None => {
                let eol = self.eol();
                let at = self.ix.body_start;
                Ok(vec![(at..at, format!("# {title}{eol}{eol}"))])
            }
        }
    }

    fn replace_section(&self, section: usize, last: usize, body: &str) -> Result<Vec<Splice>> {
        let count = self.ix.headings.len();
        let h = self
            .ix
            .headings
            .get(section)
            .ok_or_else(|| out_of_range("section", section, count))?;
        let body_end = self
            .ix
            .headings
            .get(last)
            .ok_or_else(|| out_of_range("section", last, count))?
            .body_end;
        if last < section {
            return Err(invalid(format!(
                "section range {section}..={last}: the last section comes before the first"
            )));
        }
        let eol = self.eol();
        let mut new = with_eol(body, eol);
        if self.text.get(h.end..body_end).map(parse::to_lf) == Some(with_eol(body, "\n")) {
            return Ok(Vec::new());
        }
        if !new.is_empty() {
            if !self.text[h.start..h.end].ends_with('\n') {
                new.insert_str(0, eol);
            }
            if body_end < self.text.len() && !new.ends_with('\n') {
                new.push_str(eol);
            }
        }
        Ok(vec![(h.end..body_end, new)])
    }

    fn how_step(&self, chain: usize, step: usize) -> Result<(usize, Range<usize>)> {
        let c = self
            .ix
            .chains
            .get(chain)
            .ok_or_else(|| out_of_range("how chain", chain, self.ix.chains.len()))?;
        c.steps
            .get(step)
            .cloned()
            .ok_or_else(|| out_of_range("how step", step, c.steps.len()))
    }

    fn set_how_answer(&self, chain: usize, step: usize, answer: &str) -> Result<Vec<Splice>> {
        let (hi, span) = self.how_step(chain, step)?;
        let eol = self.eol();
        let answer = answer.trim_end_matches(['\n', '\r']);
        let current = parse::to_lf(&self.text[span.clone()]);
        if current == with_eol(answer, "\n") {
            return Ok(Vec::new());
        }
        let new = with_eol(answer, eol);
        if !span.is_empty() || new.is_empty() {
            return Ok(vec![(span, new)]);
        }
        let h = &self.ix.headings[hi];
        let rest = &self.text[h.end..];
        let s = if !self.text[h.start..h.end].ends_with('\n') {
            format!("{eol}{eol}{new}")
        } else if rest.starts_with(['\n', '\r']) {
            format!("{eol}{new}{eol}")
        } else {
            format!("{eol}{new}{eol}{eol}")
        };
        Ok(vec![(h.end..h.end, s)])
    }

    fn add_tag(&self, tag: &str) -> Result<Vec<Splice>> {
        one_line(tag)?;
        let tag = tag.trim();
        if tag.is_empty() {
            return Err(invalid("a tag cannot be empty"));
        }
        let eol = self.eol();
        let q = frontmatter::quote(tag);
        let Some(f) = &self.ix.front else {
            let at = self.ix.body_start;
            return Ok(vec![(
                at..at,
                format!("---{eol}tags:{eol}  - {q}{eol}---{eol}{eol}"),
            )]);
        };
        let Some(tags) = &f.tags else {
            return Ok(vec![(
                f.inner_end..f.inner_end,
                format!("tags:{eol}  - {q}{eol}"),
            )]);
        };
        if tags.values().iter().any(|t| t == tag) {
            return Ok(Vec::new());
        }
        Ok(vec![match tags {
            TagsAt::Flow { list, items } => {
                let mut raw: Vec<&str> = items.iter().map(|i| &self.text[i.span.clone()]).collect();
                raw.push(&q);
                (list.clone(), format!("[{}]", raw.join(", ")))
            }
            TagsAt::Scalar { item } => (
                item.span.clone(),
                format!("[{}, {q}]", &self.text[item.span.clone()]),
            ),
            TagsAt::Block {
                after_key,
                indent,
                items,
            } => {
                let at = items.last().map_or(*after_key, |i| i.line.end);
                (at..at, format!("{indent}- {q}{eol}"))
            }
        }])
    }

    fn remove_tag(&self, tag: &str) -> Result<Vec<Splice>> {
        let tag = tag.trim();
        let tags = self
            .ix
            .front
            .as_ref()
            .and_then(|f| f.tags.as_ref())
            .filter(|t| t.values().iter().any(|v| v == tag))
            .ok_or_else(|| invalid(format!("there is no tag {tag:?}")))?;
        Ok(vec![match tags {
            TagsAt::Flow { list, items } => {
                // Only the first of a tag written twice goes, as in a block list.
                let gone = items.iter().position(|i| i.value == tag);
                let raw: Vec<&str> = items
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| Some(*k) != gone)
                    .map(|(_, i)| &self.text[i.span.clone()])
                    .collect();
                (list.clone(), format!("[{}]", raw.join(", ")))
            }
            TagsAt::Scalar { item } => (item.span.clone(), "[]".to_string()),
            TagsAt::Block { items, .. } => {
                let item = items
                    .iter()
                    .find(|i| i.value == tag)
                    .ok_or_else(|| invalid("no tag"))?;
                (item.line.clone(), String::new())
            }
        }])
    }
}

/// `value` written in the style every time in `times` shares: in bold when they all are
/// (with their own `**` or `__`), with the zone they all end with when `value` names none.
/// So a new row looks like the rows of its table or list (`**14:05 AEST**`), while a table
/// that bolds only its key events gets a plain row.
fn styled_as(times: &[String], value: &str) -> String {
    let value = value.trim();
    let cells: Vec<TimeCell> = times
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| timeline::parse_time_cell(t))
        .collect();
    if value.is_empty() || cells.is_empty() {
        return value.to_string();
    }
    let new = timeline::parse_time_cell(value);
    let mut v = new.text.clone();
    let zone = cells[0].zone.as_deref().filter(|z| {
        cells
            .iter()
            .all(|c| c.zone.as_deref() == Some(z) && c.text.ends_with(z))
    });
    if new.zone.is_none()
        && new.start.is_some()
        && let Some(zone) = zone
    {
        v = format!("{v} {zone}");
    }
    if new.bold {
        timeline::with_time_text(value, &v)
    } else if cells.iter().all(|c| c.bold) {
        timeline::with_time_text(&cells[0].raw, &v)
    } else {
        v
    }
}

/// The separator a list writes between time and event: the first item's that has one, else
/// ` — `.
fn list_separator(text: &str, items: &[ItemAt]) -> String {
    items
        .iter()
        .filter_map(|i| text.get(i.sep.clone()))
        .find(|s| s.ends_with([' ', '\t']))
        .unwrap_or(" — ")
        .to_string()
}

/// A date and time to sort each timeline row by: its own time on the date last written in a
/// cell (or the PIR's Date). Each row is resolved on its own, so a row added out of order
/// sorts into place instead of being read as the next day.
pub(crate) fn sort_keys(
    cells: &[&TimeCell],
    base: Option<NaiveDate>,
) -> Vec<Option<NaiveDateTime>> {
    let fallback_day = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let mut day = base;
    cells
        .iter()
        .map(|c| {
            if c.date.is_some() {
                day = c.date;
            }
            let resolved = timeline::resolve_datetimes(&[*c], day)
                .into_iter()
                .next()
                .flatten();
            resolved.or_else(|| {
                let t = c.start?;
                let time = chrono::NaiveTime::from_hms_opt(
                    u32::from(t.hour),
                    u32::from(t.minute),
                    u32::from(t.second.unwrap_or(0)),
                )?;
                Some(day.unwrap_or(fallback_day).and_time(time))
            })
        })
        .collect()
}

/// The order that sorts rows by key, stably; a row without a key stays right after the row it
/// followed (rows before the first key stay first).
pub(crate) fn stable_order<K: Ord + Copy>(keys: &[Option<K>]) -> Vec<usize> {
    let mut carried: Vec<Option<K>> = Vec::with_capacity(keys.len());
    let mut last = None;
    for k in keys {
        if k.is_some() {
            last = *k;
        }
        carried.push(last);
    }
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&i| (carried[i], i));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::ClockTime;

    fn cell(date: Option<(i32, u32, u32)>, h: Option<u8>) -> TimeCell {
        TimeCell {
            raw: String::new(),
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            start: h.map(|hour| ClockTime {
                hour,
                minute: 0,
                second: None,
            }),
            end: None,
            approximate: false,
            onwards: false,
            bold: false,
            text: String::new(),
            zone: None,
        }
    }

    #[test]
    fn sort_keys_carry_dates_and_order_is_stable_for_unknown_times() {
        let cells = [
            cell(Some((2026, 3, 2)), Some(23)),
            cell(None, Some(9)),
            cell(None, None),
            cell(Some((2026, 3, 1)), Some(10)),
        ];
        let refs: Vec<&TimeCell> = cells.iter().collect();
        let keys = sort_keys(&refs, None);
        assert!(keys[2].is_none());
        assert!(keys[3] < keys[1] && keys[1] < keys[0]);
        // Row 2 has no time: it stays after row 1, which it followed.
        assert_eq!(stable_order(&keys), vec![3, 1, 2, 0]);
        assert_eq!(
            stable_order(&[None, Some(2), Some(1), None]),
            vec![0, 2, 3, 1]
        );
    }

    #[test]
    fn timeline_sort_reorders_lines_by_parsed_time() {
        let text = "## Timeline\n\n| Time  | Event |\n| ----- | ----- |\n| 10:00 | a     |\n\
                    | 09:00 | b     |\n| ?     | c     |\n| 08:30 | d     |\n";
        let mut doc = Document::parse(text);
        // Give the rows the times the timeline module reads from their cells.
        let hours = [Some(10), Some(9), None, Some(8)];
        let rows = &mut doc.model.timeline.as_mut().unwrap().rows;
        for (r, h) in rows.iter_mut().zip(hours) {
            r.time = cell(None, h);
        }
        let splices = plan(&doc, &Edit::TimelineSort).unwrap();
        doc.splice(splices);
        assert_eq!(
            doc.text(),
            "## Timeline\n\n| Time  | Event |\n| ----- | ----- |\n| 08:30 | d     |\n\
             | 09:00 | b     |\n| ?     | c     |\n| 10:00 | a     |\n"
        );
    }

    #[test]
    fn line_removal_keeps_a_missing_final_newline_missing() {
        let t = "a\r\nb\r\nc";
        assert_eq!(line_removal(t, 3, 6), 3..6);
        assert_eq!(line_removal(t, 6, 7), 4..7);
    }
}
