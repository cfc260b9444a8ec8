//! Timeline cells: what the time column and the event column of a PIR timeline mean.
//!
//! Everything here is a pure function over cell text; the document model ([`crate::doc`])
//! finds the cells and keeps their bytes, this module understands them. Nothing here ever
//! changes what the author wrote: each parsed value keeps its `raw` text.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A wall-clock time as written in a time cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ClockTime {
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, when the cell gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second: Option<u8>,
}

/// A timeline time cell: the text as written and what it says.
///
/// Examples it understands: `14:01`, `~18:05`, `18:48:28`, `**2026-02-22 14:01**`,
/// `**~09:00 AEST**`, `09:15-09:30`, `14:01 → 18:05`, `~22:25 onwards`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeCell {
    /// The cell's text exactly as written (without the table padding around it).
    pub raw: String,
    /// The date, when the cell gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The (start) time, when one could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<ClockTime>,
    /// The end of a range (`09:15-09:30`, `14:01 → 18:05`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<ClockTime>,
    /// Marked approximate with `~`.
    pub approximate: bool,
    /// Followed by `onwards`.
    pub onwards: bool,
    /// Written in bold (`**...**`).
    pub bold: bool,
    /// A zone label written in the cell itself (`AEST` in `**~09:00 AEST**`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
}

/// The kinds of key event a timeline marks in bold at the start of its event cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// `**ROOT EVENT**`: what set the incident in motion (may precede the impact).
    RootEvent,
    /// `**INCIDENT START**`: impact began.
    IncidentStart,
    /// `**INCIDENT DETECTED**` (also `DETECTED`, `ALERT`): someone or something noticed.
    Detected,
    /// `**DECISION**`: a decision point.
    Decision,
    /// `**RESOLUTION START**`: work on the fix began.
    ResolutionStart,
    /// `**RESOLUTION 1.2**` and similar: one numbered remediation step.
    ResolutionStep,
    /// `**SERVICE RESTORED**`: a service came back.
    ServiceRestored,
    /// `**PHASE 2 START**`: a phase of a multi-phase incident began.
    PhaseStart,
    /// `**PHASE 4 END**`: a phase ended.
    PhaseEnd,
    /// `**INCIDENT RESOLVED**` / `**INCIDENT END**`: impact over.
    Resolved,
    /// Another bold label (`**Root cause identified**`); kept as written in [`KeyEvent::label`].
    Other,
}

/// A key event marker found at the start of an event cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyEvent {
    /// What kind of key event.
    pub kind: EventKind,
    /// The label as written, without the `**` (`RESOLUTION 1.1`, `INCIDENT DETECTED`).
    pub label: String,
}

/// The timezone a timeline heading declares: `## Timeline (AEST — UTC+10)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeZoneLabel {
    /// The zone's short name (`AEST`), or the offset text when no name is given.
    pub label: String,
    /// Offset from UTC in minutes (`600` for UTC+10), when the heading says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset_minutes: Option<i32>,
    /// The text inside the parentheses, as written.
    pub raw: String,
}

/// Durations derived from a timeline's key events, in minutes.
///
/// Derived values are offered to the author (for the Duration field); they are never written
/// into the document unless the author asks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineMetrics {
    /// When impact began (root event or incident start, else the first timed row).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<NaiveDateTime>,
    /// When the incident was detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detected: Option<NaiveDateTime>,
    /// When it was resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<NaiveDateTime>,
    /// Minutes from start to detection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_detect_minutes: Option<i64>,
    /// Minutes from start to resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_resolve_minutes: Option<i64>,
    /// A Duration text to offer, such as `~20h23m (22:25 AEST 2026-02-21 → 18:48 AEST 2026-02-22)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested_duration: Option<String>,
}

/// One row made from a pasted line (chat or log line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastedRow {
    /// The time cell text to write (in the timeline's zone when the line gave UTC).
    pub time: String,
    /// The event text.
    pub event: String,
}

/// Parses a time cell. Never fails: what cannot be understood stays in `raw` only.
pub fn parse_time_cell(raw: &str) -> TimeCell {
    TimeCell {
        raw: raw.to_string(),
        date: None,
        start: None,
        end: None,
        approximate: false,
        onwards: false,
        bold: false,
        zone: None,
    }
}

/// Finds the key-event marker at the start of an event cell, if any.
pub fn classify_event(_event: &str) -> Option<KeyEvent> {
    None
}

/// Reads the timezone from a timeline heading's text (`Timeline (AEST — UTC+10)`).
pub fn parse_timezone_heading(_heading: &str) -> Option<TimeZoneLabel> {
    None
}

/// Gives each row a full date and time: dates carry forward from earlier rows (or
/// `base_date`, the PIR's Date), and a time earlier than the previous row's rolls over to the
/// next day. Rows without a readable time get `None`.
pub fn resolve_datetimes(
    _cells: &[&TimeCell],
    _base_date: Option<NaiveDate>,
) -> Vec<Option<NaiveDateTime>> {
    Vec::new()
}

/// Computes time to detect and time to resolve from the key events of a timeline.
pub fn compute_metrics(
    _rows: &[(&TimeCell, Option<&KeyEvent>)],
    _zone: Option<&TimeZoneLabel>,
    _base_date: Option<NaiveDate>,
) -> TimelineMetrics {
    TimelineMetrics::default()
}

/// Turns pasted chat or log lines into timeline rows, one per line that has a time.
pub fn parse_pasted_lines(_text: &str, _zone: Option<&TimeZoneLabel>) -> Vec<PastedRow> {
    Vec::new()
}
