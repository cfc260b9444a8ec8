//! The list as read (its heading, year sub-headings and entries) and a PIR to add to it: what
//! every part of the module speaks of.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
