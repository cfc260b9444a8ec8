//! What a nav lists (its page entries, whether it has a page) and a PIR to add to it: what
//! every part of the module reads.

use chrono::NaiveDate;

use crate::site::config::NavEntry;

/// A PIR to add to the nav.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavPir<'a> {
    /// Path relative to docs_dir, with `/` separators (`incidents/2026-01-02-x.md`).
    pub path: &'a str,
    /// The PIR's date.
    pub date: NaiveDate,
    /// The PIR's title, without the `Post Incident Review:` prefix.
    pub title: &'a str,
}

/// Whether `nav` already links to `path` anywhere.
pub fn nav_contains(nav: &[NavEntry], path: &str) -> bool {
    nav.iter()
        .any(|e| e.target.as_deref() == Some(path) || nav_contains(&e.children, path))
}

/// Every page target in `nav`, with the entry's line.
pub fn nav_pages(nav: &[NavEntry]) -> Vec<&NavEntry> {
    let mut out = Vec::new();
    fn walk<'a>(entries: &'a [NavEntry], out: &mut Vec<&'a NavEntry>) {
        for e in entries {
            if e.target.is_some() {
                out.push(e);
            }
            walk(&e.children, out);
        }
    }
    walk(nav, &mut out);
    out
}
