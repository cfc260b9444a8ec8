//! From source files to inserted timeline rows: which reader reads a file (`--format`, else
//! told from the content and, for folders, their shape), the window of time kept, duplicates
//! merged, rows sorted, then worded as time cells in the timeline's zone and inserted in time
//! order among the rows already there, as document edits that add lines and change nothing
//! else.
//!
//! The parts, in the order an import runs:
//! - `format`: the [`Format`] names `--format` takes, and telling a format from the content.
//! - `read`: reading the sources (files, Slack folders, repositories) into evidence within
//!   the window, streamed or whole, then merging duplicates.
//! - `window`: the zone the timeline is written in and the incident's span, which bound
//!   what is kept.
//! - `rows`: evidence worded as timeline rows, placed in time order among the existing rows,
//!   those already there left out, and inserted as document edits.
//! - `parse`: the zone and instants an author gives (`--zone`, `--since`, `--until`).

mod format;
mod parse;
mod read;
mod rows;
mod window;

pub use format::Format;
pub use parse::{parse_instant, parse_zone};
pub use read::{
    ImportOptions, MAX_SOURCE_BYTES, ReadOutcome, merge, read_from, read_source, read_sources,
};
pub use rows::{ImportRow, already_present, insert_rows, not_yet_present, plan_rows};
pub use window::{WINDOW_MARGIN_HOURS, Window, incident_window, timeline_zone};
