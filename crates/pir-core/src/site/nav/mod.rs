//! Adding a PIR to an explicit `nav` in `mkdocs.yml`, losslessly.
//!
//! The new entry is one inserted line (or a few, when a year section must be created); every
//! other byte of the file, comments included, stays as it was. Its place and look are learnt
//! from the entries already there: the incidents section (the one whose pages live in the
//! incidents folder, else one titled "Incidents"), year sub-sections when the site uses them,
//! newest-first or oldest-first order, and the title style.
//!
//! One file a responsibility: `insert` (the public ways to add entries, each result parsed
//! again before it is given), `place` (where an entry goes and what lines it is), `title`
//! (the title in the neighbours' style, retitling an entry, YAML quoting), and `lines` (the
//! two views of a text being edited that `place` plans against).

mod insert;
mod lines;
mod place;
mod title;

use chrono::NaiveDate;

use super::config::NavEntry;

pub use insert::{NavAdded, insert_nav_entries, insert_nav_entry, insert_nav_entry_parsed};
pub use title::set_nav_title;
pub(crate) use title::yaml_quote;

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

/// `text` with an entry for a PIR of `date` (`YYYY-MM-DD`) added, as a one-line test reads it.
#[cfg(test)]
fn add(text: &str, path: &str, date: &str, title: &str) -> String {
    let c = super::config::SiteConfig::parse(text).unwrap();
    let pir = NavPir {
        path,
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        title,
    };
    insert_nav_entry(text, &c.nav.unwrap(), "incidents/", &pir, &|_| None)
        .unwrap()
        .unwrap()
}
