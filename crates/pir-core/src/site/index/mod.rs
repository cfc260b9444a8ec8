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
//! (refreshing an entry from its PIR), over `list` (the list and a PIR to add, as types).

mod entry;
mod insert;
mod link;
mod list;
mod read;
mod update;

#[cfg(test)]
use chrono::NaiveDate;

pub use insert::{insert_list_entries, insert_list_entry};
pub(crate) use link::{escape_link_text, parse_link, unescape_link_text};
pub use list::{DEFAULT_FIELDS, ListEntry, ListPir, RecentList};
pub(crate) use read::line_offsets;
pub use read::parse_recent_list;
pub(crate) use update::list_entry_edits;
pub use update::{update_list_entry, update_list_entry_with};

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
