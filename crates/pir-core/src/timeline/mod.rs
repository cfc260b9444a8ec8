//! Timeline cells: what the time column and the event column of a PIR timeline mean.
//!
//! Everything here is a pure function over cell text; the document model ([`crate::doc`])
//! finds the cells and keeps their bytes, this module understands them. Nothing here ever
//! changes what the author wrote: each parsed value keeps its `raw` text.
//!
//! The parts, one reader each:
//!
//! - `time`: the time column (`~09:15-09:30 AEST`) and the zone a timeline heading declares.
//! - `event`: the event column's key-event marker (`**INCIDENT DETECTED**:`), read and rewritten
//!   in the timeline's own style.
//! - `metrics`: dates for every row, and time to detect and resolve from the key events.
//! - `paste`: pasted chat and log lines turned into rows.
//! - `import`: evidence files (chat exports, alerts, logs, cluster events) read as rows.
//! - `scan`: the character-level readers (dates, clock times, offsets) the others share.

mod event;
pub mod import;
mod metrics;
mod paste;
mod scan;
mod time;

pub use event::{
    EventKind, EventMarker, KeyEvent, MarkerColon, MarkerStyle, classify_event, find_marker,
    set_event_marker, with_event_text,
};
pub use metrics::{ROLLOVER_BACKSTEP_MINUTES, TimelineMetrics, compute_metrics, resolve_datetimes};
pub use paste::{PastedRow, parse_pasted_lines};
pub use time::{
    ClockTime, TimeCell, TimeZoneLabel, parse_time_cell, parse_timezone_heading, with_time_text,
};
