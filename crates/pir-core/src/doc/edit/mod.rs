//! Edits: what a UI can change, and how each change becomes byte splices.
//!
//! Every edit is planned against the current text as a list of `(range, replacement)` splices
//! that touch only the bytes of what changed; the document then parses itself again. New
//! lines copy the style of their neighbours (table padding, pipes, indentation, line ending).
//!
//! The parts:
//!
//! - `plan`: the one dispatch from an [`Edit`] to the part that plans it, the planner's view
//!   of the document, and the checks every part shares (one line, in range, line removal).
//! - `header`: the title, the `**Key:** value` metadata (or the front matter and tables a
//!   site keeps it in instead) and the tags.
//! - `section`: section bodies and the answers of a "5 whys" chain.
//! - `table`: cells and rows of ordinary tables, each new row in its table's style.
//! - `timeline`: a timeline row's time, event and key-event marker, in a table or a list.
//! - `timeline_rows`: adding, moving, deleting and sorting timeline rows, and a first
//!   timeline table for a section that has none.

mod header;
mod plan;
mod section;
mod table;
mod timeline;
mod timeline_rows;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::timeline::EventKind;

pub(crate) use plan::plan;

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
    /// time cell edits ([`crate::timeline::TimeCell::text`]).
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
