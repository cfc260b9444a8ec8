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
//! two views of a text being edited that `place` plans against), over `pages` (what a nav
//! lists, and the PIR to add).

mod insert;
mod lines;
mod pages;
mod place;
mod title;

#[cfg(test)]
use chrono::NaiveDate;

pub use insert::{NavAdded, insert_nav_entries, insert_nav_entry, insert_nav_entry_parsed};
pub use pages::{NavPir, nav_contains, nav_pages};
pub use title::set_nav_title;
pub(crate) use title::yaml_quote;

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
