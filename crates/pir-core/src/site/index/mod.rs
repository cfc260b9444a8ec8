//! The home page's "Recent Incidents" list, read and extended losslessly.
//!
//! The list looks like this on real sites (year sub-headings, newest first, an entry per PIR
//! with a few bold-keyed sub-bullets, entries separated by blank lines):
//!
//! ```markdown
//! ## Recent Incidents
//!
//! ### 2026
//!
//! - [2026-02-22 - Storage Replica Divergence](incidents/2026-02-22-storage-replica-divergence.md)
//!   - **Severity**: High
//!   - **Duration**: ~47m
//!   - **Summary**: One sentence
//! ```
//!
//! A new entry copies the shape of the entries already there (link text, which sub-bullets,
//! their spelling, blank lines between entries); only the inserted lines differ afterwards.
//!
//! One file a responsibility: `read` (finding the list and its entries), `link` (the
//! markdown link an entry starts with), `insert` (placing new entries, one or many in one
//! pass), `entry` (a new entry's lines, shaped like the entries there), and `update`
//! (refreshing an entry from its PIR).

mod entry;
mod insert;
mod link;
mod read;
mod update;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use insert::{insert_list_entries, insert_list_entry};
pub(crate) use link::{escape_link_text, parse_link, unescape_link_text};
pub(crate) use read::line_offsets;
pub use read::parse_recent_list;
pub(crate) use update::list_entry_edits;
pub use update::{update_list_entry, update_list_entry_with};

/// One entry of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListEntry {
    /// 1-based line of the `- [..](..)` line.
    pub line: usize,
    /// The link target as written (`incidents/2026-02-22-x.md`).
    pub target: String,
    /// The link text, markdown escapes undone (`[x]` for `\[x\]`).
    pub text: String,
    /// The date from the link's file name, if it follows the convention.
    pub date: Option<NaiveDate>,
    /// The sub-bullets as (key, value): `("Severity", "High")`.
    pub fields: Vec<(String, String)>,
    /// Line span `[first, last]` (1-based, inclusive) of the entry, sub-bullets included.
    pub last_line: usize,
}

impl ListEntry {
    /// The value of sub-bullet `key` (case-insensitive).
    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// The "Recent Incidents" list of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentList {
    /// 1-based line of the list's heading.
    pub heading_line: usize,
    /// The heading level (2 for `##`).
    pub level: usize,
    /// Year sub-headings as (year, line).
    pub years: Vec<(i32, usize)>,
    /// The entries in page order.
    pub entries: Vec<ListEntry>,
    /// 1-based line after the list's section (the next heading of the same or higher level, or
    /// one past the end).
    pub end_line: usize,
}

/// A PIR to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPir<'a> {
    /// Link target relative to the page (`incidents/2026-01-02-x.md`).
    pub target: &'a str,
    /// The PIR's date.
    pub date: NaiveDate,
    /// Its title without the `Post Incident Review:` prefix.
    pub title: &'a str,
    /// Sub-bullet values by key (`Severity`, `Duration`, `Summary`, `Status`).
    pub fields: &'a [(&'a str, String)],
}

/// Sub-bullets of a new entry when the page has no entry to copy.
pub const DEFAULT_FIELDS: &[&str] = &["Severity", "Duration", "Summary"];

/// A [`ListPir`] from a `YYYY-MM-DD` date, for tests.
#[cfg(test)]
pub(crate) fn test_pir<'a>(
    target: &'a str,
    date: &str,
    title: &'a str,
    fields: &'a [(&'a str, String)],
) -> ListPir<'a> {
    ListPir {
        target,
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        title,
        fields,
    }
}

/// The page the tests read and extend: a list by years, newest first, spaced entries.
#[cfg(test)]
const PAGE: &str = "# Site\n\nIntro.\n\n## Recent Incidents\n\n### 2026\n\n- [2026-05-02 - Dns Loop](incidents/2026-05-02-dns-loop.md)\n  - **Severity**: Critical\n  - **Summary**: Loops\n\n- [2026-03-14 - Cert Expiry](incidents/2026-03-14-cert-expiry.md)\n  - **Severity**: High\n  - **Summary**: Expired\n\n### 2025\n\n- [2025-11-01 - Old](incidents/2025-11-01-old.md)\n  - **Severity**: Low\n  - **Summary**: Old one\n\n## Contributing\n\nText.\n";
