//! `pir sync`: fix mechanically what [`super::check`] finds — add missing nav and home-list
//! entries, refresh stale list entries — changing only the lines concerned.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::check::split_link_text;
use super::config::SiteConfig;
use super::index::{ListPir, insert_list_entry, parse_recent_list, update_list_entry};
use super::nav::{NavPir, insert_nav_entry};
use super::new::first_heading;
use super::slug::parse_pir_file_name;
use super::summary::PirSummary;
use super::{NavOwner, Site};
use crate::error::Result;
use crate::fsio::{self, Fingerprint, WriteMode};

/// A file `sync` would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChange {
    /// The file.
    pub path: PathBuf,
    /// Its text now.
    pub before: String,
    /// Its text after the change.
    pub after: String,
    /// What the file was when read; the write refuses if it changed since.
    pub fingerprint: Fingerprint,
    /// What changes, one line each.
    pub what: Vec<String>,
}

impl FileChange {
    /// A unified diff of the change, headed with the file's path relative to `root` (the
    /// site's folder) in git's `a/` `b/` style.
    pub fn diff(&self, root: &std::path::Path) -> String {
        let name = self
            .path
            .strip_prefix(root)
            .unwrap_or(&self.path)
            .display()
            .to_string();
        similar::TextDiff::from_lines(&self.before, &self.after)
            .unified_diff()
            .context_radius(2)
            .header(&format!("a/{name}"), &format!("b/{name}"))
            .to_string()
    }
}

/// The PIR's date: its Date field, else its file name's.
fn pir_date(pir: &PirSummary) -> Option<NaiveDate> {
    pir.date.or_else(|| {
        let name = pir.path.file_name()?.to_string_lossy().into_owned();
        parse_pir_file_name(&name).map(|(d, _)| d)
    })
}

fn list_fields(pir: &PirSummary) -> Vec<(&'static str, String)> {
    let or_tbd = |v: Option<&str>| {
        v.map(str::trim)
            .filter(|v| !v.is_empty())
            .unwrap_or("TBD")
            .to_string()
    };
    vec![
        ("Severity", or_tbd(pir.severity_level())),
        ("Duration", or_tbd(pir.duration.as_deref())),
        ("Summary", or_tbd(pir.summary_sentence().as_deref())),
        ("Status", or_tbd(pir.status.as_deref())),
    ]
}

/// Works out every change `sync` would make, without writing anything.
pub fn plan_sync(site: &Site, pirs: &[PirSummary]) -> Result<Vec<FileChange>> {
    let mut changes = Vec::new();
    // Oldest first, so each insertion lands among entries already in place.
    let mut ordered: Vec<(&PirSummary, NaiveDate)> = pirs
        .iter()
        .filter_map(|p| pir_date(p).map(|d| (p, d)))
        .collect();
    ordered.sort_by_key(|(p, d)| (*d, p.rel.clone()));

    if site.config.nav_owner == NavOwner::Explicit {
        let mut text = site.config_text.clone();
        let mut what = Vec::new();
        let prefix = format!("{}/", site.incidents_rel);
        let docs = site.docs_dir();
        let title_of = |target: &str| first_heading(&docs.join(target));
        for (pir, date) in &ordered {
            let config = SiteConfig::parse(&text).map_err(|e| e.with_path(site.config_path()))?;
            let Some(nav) = config.nav else { break };
            let title = pir.title.as_deref().unwrap_or(&pir.rel);
            let entry = NavPir {
                path: &pir.rel,
                date: *date,
                title,
            };
            if let Some(next) = insert_nav_entry(&text, &nav, &prefix, &entry, &title_of)? {
                text = next;
                what.push(format!("add {} to the nav", pir.rel));
            }
        }
        if text != site.config_text {
            changes.push(FileChange {
                path: site.config_path(),
                before: site.config_text.clone(),
                after: text,
                fingerprint: site.config_fingerprint,
                what,
            });
        }
    }

    let home = site.docs_dir().join("index.md");
    if home.is_file() {
        let loaded = fsio::read_text(&home)?;
        let mut text = loaded.text.clone();
        let mut what = Vec::new();
        for (pir, date) in &ordered {
            let fields = list_fields(pir);
            let title = pir.title.as_deref().unwrap_or(&pir.rel);
            let entry = ListPir {
                target: &pir.rel,
                date: *date,
                title,
                fields: &fields,
            };
            let Some(list) = parse_recent_list(&text) else {
                break;
            };
            match list.entries.iter().find(|e| e.target == pir.rel) {
                None => {
                    if let Some(next) = insert_list_entry(&text, &entry) {
                        text = next;
                        what.push(format!("add {} to the Recent Incidents list", pir.rel));
                    }
                }
                Some(existing) => {
                    let next = update_list_entry(&text, existing, &entry);
                    if next != text {
                        let (_, old_title) = split_link_text(&existing.text);
                        what.push(format!(
                            "update the list entry of {} (was \"{old_title}\")",
                            pir.rel
                        ));
                        text = next;
                    }
                }
            }
        }
        if text != loaded.text {
            changes.push(FileChange {
                path: home,
                before: loaded.text,
                after: text,
                fingerprint: loaded.fingerprint,
                what,
            });
        }
    }
    Ok(changes)
}

/// Writes planned changes, each atomically and only if its file is still as it was read.
pub fn apply_changes(changes: &[FileChange]) -> Result<()> {
    for c in changes {
        fsio::write_atomic(
            &c.path,
            c.after.as_bytes(),
            WriteMode::Replace(c.fingerprint),
        )?;
    }
    Ok(())
}
