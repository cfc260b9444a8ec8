//! The serialisable view of a PIR that a UI shows, edits and sends back.
//!
//! Everything here is derived from the document text by [`super::Document::parse`]; nothing in
//! it is authoritative on its own. Fields marked *derived* (lines, spans, parsed time cells,
//! metrics) are ignored by [`super::Document::apply_model`]; the editable fields are listed on
//! that method. [`PirModel::source`] says which text a model was read from, so that a model
//! edited while the text changed is refused instead of reverting the change.

use serde::{Deserialize, Serialize};

use crate::fsio::Fingerprint;
use crate::timeline::{KeyEvent, TimeCell, TimeZoneLabel, TimelineMetrics};

/// A byte range `start..end` in the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span {
            start: r.start,
            end: r.end,
        }
    }
}

/// What a PIR says, as a UI edits it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PirModel {
    /// The fingerprint of the text this model was read from: set by
    /// [`super::LoadedDocument::model_to_edit`] (`pir show --json`), checked by
    /// [`super::Document::apply_model`], which refuses with
    /// [`ErrorKind::Conflict`](crate::error::ErrorKind::Conflict) a model read from any other
    /// text, since applying it would silently undo every change made since.
    ///
    /// A model without one (hand-written JSON) is applied to whatever the text is now, which
    /// reverts any field that changed meanwhile to the model's value: leave it out only for a
    /// model built from the current text. Not part of what the document says (*derived*).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Fingerprint>,
    /// The H1 heading text as written (`Post Incident Review: Payments API outage`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The H1 text without the `Post Incident Review: ` prefix (`Payments API outage`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_title: Option<String>,
    /// The Date field's value (`**Date:**`, a metadata-table row or front matter `date:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The Duration field's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// The Severity field's value, under any of its names (`Impact`, `Priority`, `Sev`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// The Status field's value (`Status` or `State`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Every metadata field, in document order: front matter keys the product knows, then
    /// `**Key:** value` lines and metadata-table rows.
    #[serde(default)]
    pub metadata: Vec<MetadataField>,
    /// Whether the file starts with YAML front matter.
    #[serde(default)]
    pub has_front_matter: bool,
    /// The front matter `tags`, unquoted, in order.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Every ATX heading, in document order (*derived*).
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The `## Timeline` section, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
    /// Every table outside the timeline, in document order.
    #[serde(default)]
    pub tables: Vec<Table>,
    /// The "How ...?" chains under `## Root Causes`.
    #[serde(default)]
    pub how_chains: Vec<HowChain>,
    /// Template sections the document lacks (*derived*), named as in the template.
    #[serde(default)]
    pub missing_sections: Vec<String>,
    /// Metadata fields among Date, Duration, Severity, Status the document lacks (*derived*).
    #[serde(default)]
    pub missing_metadata: Vec<String>,
}

/// One metadata field: a `**Key:** value` line, a row of the metadata table under the title
/// (`| **Date** | 2026-07-21 |`), or a front matter key the product knows (`severity: SEV-1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MetadataField {
    /// The key as written, without `**` and `:` (`Date`, `impact`).
    pub key: String,
    /// The value, trimmed (unquoted in front matter, unescaped in a table).
    pub value: String,
    /// 1-based line (*derived*).
    #[serde(default)]
    pub line: usize,
    /// Where the field is written (*derived*); an edit writes it back there.
    #[serde(default)]
    pub place: MetadataPlace,
}

/// Where a site writes a PIR's metadata. Sites differ, and an edit must keep each field where
/// the author put it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MetadataPlace {
    /// A `**Key:** value` line between the title and the first section.
    #[default]
    Line,
    /// A row of a two-column table between the title and the first section.
    Table,
    /// A top-level scalar of the YAML front matter.
    FrontMatter,
}

/// One ATX heading and the text it owns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Section {
    /// Index in document order; edits name sections by it.
    pub id: usize,
    /// The heading text, without `#` marks.
    pub heading: String,
    /// 1 for `#`, 2 for `##`, ...
    pub level: u8,
    /// 1-based line of the heading.
    pub line: usize,
    /// The heading line, with its line ending.
    pub heading_span: Span,
    /// The section's own content: after the heading line up to the next heading of any level.
    pub body_span: Span,
    /// Where the section ends, sub-sections included: the next heading of the same or a higher level.
    pub end: usize,
    /// The enclosing section (the nearest earlier heading of a lower level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<usize>,
    /// Direct sub-sections.
    #[serde(default)]
    pub children: Vec<usize>,
}

/// The timeline: rows of every table in the `## Timeline` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Timeline {
    /// The section id of the `## Timeline` heading (*derived*).
    pub section: usize,
    /// The heading text (`Timeline (AEST — UTC+10)`) (*derived*).
    pub heading: String,
    /// The zone the heading declares (*derived*).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<TimeZoneLabel>,
    /// The tables, one per phase (*derived*).
    #[serde(default)]
    pub tables: Vec<TimelineTable>,
    /// All rows of all tables, in document order.
    #[serde(default)]
    pub rows: Vec<TimelineRow>,
    /// Durations from the key events (*derived*).
    #[serde(default)]
    pub metrics: TimelineMetrics,
}

/// One block of the timeline: a table, or a list whose items start with a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimelineTable {
    /// The sub-heading it is under (`Phase 1: ...`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// 1-based line of its header row (of a list's first item).
    pub line: usize,
    /// The header cells (none for a list).
    pub header: Vec<String>,
    /// Which column holds the time (0 for a list).
    pub time_column: usize,
    /// Which column holds the event (none in a one-column table; 1 for a list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_column: Option<usize>,
    /// Which column holds the date, when the table splits it from the time
    /// (`| Date | Time | Event |`): each row's time is then the two cells together (*derived*).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_column: Option<usize>,
    /// How the block is written (*derived*), so a UI can say so; edits keep it.
    #[serde(default)]
    pub kind: TimelineKind,
}

/// How a timeline block is written. Sites differ, and a new row must look like its neighbours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    /// A markdown table.
    #[default]
    Table,
    /// A bullet list (`- 06:14 — First alert fires.`).
    Bullets,
    /// A numbered list (`1. 06:14 — First alert fires.`).
    Numbered,
}

/// One timeline row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimelineRow {
    /// The time cell, parsed; `time.raw` is the editable text.
    pub time: TimeCell,
    /// The event cell text (unescaped).
    pub event: String,
    /// The event without its key-event marker (*derived*): what the grid's event cell edits,
    /// the marker being shown and set by the key-event menu (see
    /// [`Edit::TimelineSetEventText`](crate::doc::Edit::TimelineSetEventText)).
    #[serde(default)]
    pub event_text: String,
    /// The phase of the table the row is in (*derived*).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// The index of that table in [`Timeline::tables`] (*derived*).
    #[serde(default)]
    pub table: usize,
    /// The key event marked at the start of the event (*derived*).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_event: Option<KeyEvent>,
    /// 1-based line (*derived*).
    #[serde(default)]
    pub line: usize,
}

/// Column alignment, from the table's delimiter row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// `---`
    None,
    /// `:---`
    Left,
    /// `:---:`
    Center,
    /// `---:`
    Right,
}

/// A table outside the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Table {
    /// Index among the non-timeline tables, in document order; edits name tables by it.
    pub id: usize,
    /// The section the table is in (*derived*).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<usize>,
    /// 1-based line of the header row (*derived*).
    pub line: usize,
    /// Header cells (unescaped).
    pub header: Vec<String>,
    /// Column alignments (*derived*; the delimiter row is kept as written).
    pub align: Vec<Align>,
    /// Body rows, cells unescaped. A row may have fewer or more cells than the header, as written.
    pub rows: Vec<Vec<String>>,
    /// 1-based line of each body row (*derived*).
    #[serde(default)]
    pub row_lines: Vec<usize>,
}

/// One root-cause chain of "How ...?" steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HowChain {
    /// The `Chain N: ...` heading text, when the chain has one (*derived*).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The steps in order.
    pub steps: Vec<HowStep>,
}

/// One "How ...?" heading and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HowStep {
    /// The section id of the question heading (*derived*).
    pub section: usize,
    /// The heading text (`How did the pool run dry?`).
    pub question: String,
    /// The markdown under it up to the next heading, without surrounding blank lines or a
    /// trailing `---` rule; line endings as `\n`.
    pub answer: String,
    /// 1-based line of the heading (*derived*).
    pub line: usize,
}

/// How a site shows its timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TimelineStyle {
    /// A table with a time column and an event column.
    Table,
    /// A table with separate Date and Time columns.
    SplitTable,
    /// A bullet list of `time — event` items.
    BulletList,
    /// A numbered list of `time — event` items.
    NumberedList,
}

/// How one PIR writes its timeline, when it has one with rows.
pub fn timeline_style(m: &PirModel) -> Option<TimelineStyle> {
    let t = m.timeline.as_ref()?;
    let block = t.tables.first()?;
    Some(match block.kind {
        TimelineKind::Bullets => TimelineStyle::BulletList,
        TimelineKind::Numbered => TimelineStyle::NumberedList,
        TimelineKind::Table if block.date_column.is_some() => TimelineStyle::SplitTable,
        TimelineKind::Table => TimelineStyle::Table,
    })
}
