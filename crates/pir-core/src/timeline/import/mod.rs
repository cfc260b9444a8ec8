//! Evidence turned into timeline rows: the files that alerting, chat, logging and cluster
//! systems already give an engineer (a Slack export, Alertmanager payloads, a Nagios log,
//! `kubectl get events`, `journalctl -o json`, PagerDuty log entries, syslog, git history).
//!
//! Each source format has one reader, a pure function from the file's text to [`Evidence`]:
//! an instant with its offset, the event as an author would write it, and where it came from.
//! Readers never panic and never guess silently: a file they cannot read is a
//! [`CoreError`](crate::CoreError) naming the file and line, and nothing of it is used.
//!
//! What happens after reading (the window, merging duplicates, sorting, the site's row style
//! and zone) is shared by every format and lives here, so a new format is one reader.
//!
//! The parts: one file per reader (`slack`, `alertmanager`, `pagerduty`, `git`, `nagios`,
//! `syslog`, `journal`, `k8s`), what the JSON readers share (`json`), `stream`: line-based
//! logs read a line at a time in bounded memory, each record kept or left out as it is read
//! ([`Keep`]); the line readers (`syslog`, `nagios`, `journal`) offer a `Stream` for that
//! beside their whole-text `read`; and `pipeline`: the [`Format`] names and their detection,
//! [`read_sources`] (window, merge, sort), [`plan_rows`] and [`insert_rows`]; and `review`:
//! the [`candidates`] the app's review table offers and the [`import_edits`] of those kept.
//! A new format is its reader file plus one [`Format`] variant wired to its `read` and `sniff`.

pub mod alertmanager;
pub mod git;
mod json;
pub mod pagerduty;
mod pipeline;
mod review;
pub mod slack;
pub mod stream;
pub mod zone;

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

pub use pipeline::{
    Format, ImportOptions, ImportRow, MAX_SOURCE_BYTES, ReadOutcome, WINDOW_MARGIN_HOURS, Window,
    already_present, incident_window, insert_rows, merge, not_yet_present, parse_instant,
    parse_zone, plan_rows, read_from, read_source, read_sources, timeline_zone,
};
pub use review::{
    ImportCandidate, ImportPlan, ImportRequest, candidates, import_edits, merge_candidates,
};
pub use stream::{Keep, MAX_CANDIDATES, MAX_LINE_BYTES, SNIFF_BYTES};

/// One thing that happened, read from a source file, before it becomes a timeline row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evidence {
    /// When it happened, with the offset the source gave (or the one it was read in).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub time: DateTime<FixedOffset>,
    /// The event text as an author would write it (readable names, no chat markup, one line).
    pub event: String,
    /// The source format's name (`slack`, `alertmanager`, `nagios`, ...): the row's badge.
    pub source: String,
    /// How many source records this one stands for (repeated events folded into one).
    pub count: u32,
    /// The source's own severity or state word (`CRITICAL`, `firing`, `warning`, `err`),
    /// for filtering; none when the source has no such notion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// What makes two records the same thing for merging duplicates (an alert fingerprint
    /// plus its state, a Kubernetes event's object and reason); none merges on time and text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The stamp exactly as the source wrote it (shown in a tooltip; kept for the author).
    pub original: String,
    /// The 1-based line of the source file the record starts on (0 when the format has no
    /// lines to speak of).
    pub line: usize,
}

/// What a reader may need beyond the text: sources that leave out the year or the zone
/// (syslog, Nagios's local times) take them from here, and say so.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadContext {
    /// The file being read, for error messages.
    pub file: PathBuf,
    /// The PIR's date: the year (and day) for stamps without one.
    pub incident_date: Option<NaiveDate>,
    /// The zone of stamps that carry none (`--zone`), else UTC.
    pub zone: Option<zone::Zone>,
    /// Keep only HARD states (Nagios/Icinga), leaving SOFT retries out.
    pub only_hard: bool,
}

pub mod journal;
pub mod k8s;
pub mod nagios;
pub mod syslog;
