//! `pir sync`: fix mechanically what [`super::check`] finds — add missing nav entries, home-list
//! entries and index-table rows, refresh stale list entries and rows — changing only the lines
//! concerned. Nav, lists and tables owned by a plugin or a hook ([`super::owners`]) are left
//! alone.
//!
//! [`after_edit`] does the same for one PIR whose title, date, severity, duration or summary
//! the author just changed.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::check::{Problem, ProblemCode, problem};
use super::config::SiteConfig;
use super::index::{
    ListPir, RecentList, insert_list_entries, line_offsets, list_entry_edits, parse_recent_list,
    update_list_entry_with,
};
use super::link_text::{join_dated, split_link_text};
use super::nav::{NavAdded, NavPir, insert_nav_entries, nav_pages, set_nav_title};
use super::new::first_heading;
use super::profile::{NavPolicy, SiteProfile};
use super::slug::parse_pir_file_name;
use super::summary::PirSummary;
use super::table_index::{
    IndexPage, PageTables, RowAction, SyncItem, index_pages, sync_page_tables,
};
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

    // Only where the site keeps its PIRs in the nav (its profile), never where it stopped.
    let nav_kept = SiteProfile::of_summaries(site, pirs)?.nav.value == NavPolicy::KeptInStep;
    if site.config.nav_owner == NavOwner::Explicit && nav_kept {
        let prefix = format!("{}/", site.incidents_rel);
        let title_of = |target: &str| site.docs_page(target).and_then(|p| first_heading(&p));
        let entries: Vec<NavPir<'_>> = ordered
            .iter()
            .map(|(pir, date)| NavPir {
                path: &pir.rel,
                date: *date,
                title: pir.title.as_deref().unwrap_or(&pir.rel),
            })
            .collect();
        // All the entries in one pass: the file is parsed once here and once to check.
        let nav = if entries.is_empty() {
            None
        } else {
            SiteConfig::parse(&site.config_text)
                .map_err(|e| e.with_path(site.config_path()))?
                .nav
        };
        if let Some(nav) = nav
            && let Some(NavAdded {
                text: after, added, ..
            }) = insert_nav_entries(&site.config_text, &nav, &prefix, &entries, &title_of)?
            && after != site.config_text
        {
            changes.push(FileChange {
                path: site.config_path(),
                before: site.config_text.clone(),
                after,
                fingerprint: site.config_fingerprint,
                what: added
                    .iter()
                    .map(|p| format!("add {p} to the nav"))
                    .collect(),
            });
        }
    }

    let home = site.docs_dir().join("index.md");
    site.ensure_inside(&home, "the home page")?;
    let home_text = if home.is_file() {
        Some(fsio::read_text(&home)?)
    } else {
        None
    };
    if let Some(loaded) = home_text
        .filter(|l| site.keeps_page("index.md") && !site.list_generated("index.md", &l.text))
    {
        let mut list = HomeList::new(loaded.text.clone());
        let mut what = Vec::new();
        let fields: Vec<_> = ordered.iter().map(|(pir, _)| list_fields(pir)).collect();
        let entries: Vec<ListPir> = ordered
            .iter()
            .zip(&fields)
            .map(|((pir, date), fields)| ListPir {
                target: &pir.rel,
                date: *date,
                title: pir.title.as_deref().unwrap_or(&pir.rel),
                fields,
            })
            .collect();
        // Entries listed already are updated in place; the others are added in one pass.
        let mut missing = Vec::new();
        for entry in &entries {
            let Some((base, (parsed, by_target, offsets))) = list.parsed() else {
                break;
            };
            let Some(&i) = by_target.get(entry.target) else {
                missing.push(entry.clone());
                continue;
            };
            let existing = &parsed.entries[i];
            let edits: Vec<(usize, usize, String)> =
                list_entry_edits(base, offsets, existing, entry, &[])
                    .into_iter()
                    .filter(|(s, e, new)| base[*s..*e] != *new)
                    .collect();
            if !edits.is_empty() {
                what.push(format!(
                    "update the list entry of {} (was \"{}\")",
                    entry.target,
                    split_link_text(&existing.text).1
                ));
                list.pending.extend(edits);
            }
        }
        if !missing.is_empty()
            && let Some((next, added)) = insert_list_entries(list.text(), &missing)
        {
            for k in added {
                what.push(format!(
                    "add {} to the Recent Incidents list",
                    missing[k].target
                ));
            }
            list = HomeList::new(next);
        }
        let text = list.text().to_string();
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
    for page in index_pages(site)? {
        let ids: Vec<usize> = page.tables.iter().map(|t| t.table).collect();
        let mut change = take_change(&mut changes, &page);
        let mut tables = PageTables::new(std::mem::take(&mut change.after));
        let fields: Vec<_> = ordered.iter().map(|(pir, _)| list_fields(pir)).collect();
        let items: Vec<SyncItem> = ordered
            .iter()
            .zip(&fields)
            .map(|((pir, date), fields)| {
                let entry = ListPir {
                    target: &pir.rel,
                    date: *date,
                    title: pir.title.as_deref().unwrap_or(&pir.rel),
                    fields,
                };
                // Without a title there is nothing to tell a row is stale by.
                let action = if pir.title.is_some() {
                    RowAction::InsertOrUpdate(&[])
                } else {
                    RowAction::Insert
                };
                (pir.rel.as_str(), entry, action)
            })
            .collect();
        change
            .what
            .extend(tables.sync_all(&page.rel, &ids, &items)?);
        change.after = tables.text;
        if change.after != change.before {
            changes.push(change);
        }
    }
    Ok(changes)
}

/// The home page's text being synced: the text its list was last parsed from, and the entry
/// updates made since (which never overlap, and leave the list's shape alone), so that
/// updating every entry reads the page once. An insertion applies them and starts again.
/// A list, its entries by target (the first one of each) and the line starts of its text.
type ParsedList = (RecentList, HashMap<String, usize>, Vec<usize>);

struct HomeList {
    /// The text the list was parsed from.
    base: String,
    /// Replacements in `base` (byte range, new text) not yet applied.
    pending: Vec<(usize, usize, String)>,
    /// `base`'s list, its entries by target (the first one of each) and its line starts.
    parsed: Option<Option<ParsedList>>,
}

impl HomeList {
    fn new(base: String) -> HomeList {
        HomeList {
            base,
            pending: Vec::new(),
            parsed: None,
        }
    }

    /// The list of `base`, parsed on first use.
    fn parsed(&mut self) -> Option<(&str, &ParsedList)> {
        let base = &self.base;
        let parsed = self
            .parsed
            .get_or_insert_with(|| {
                let list = parse_recent_list(base)?;
                let mut by_target = HashMap::new();
                for (i, e) in list.entries.iter().enumerate() {
                    by_target.entry(e.target.clone()).or_insert(i);
                }
                Some((list, by_target, line_offsets(base)))
            })
            .as_ref()?;
        Some((base, parsed))
    }

    /// The text with every pending update applied (which then become the base).
    fn text(&mut self) -> &str {
        if !self.pending.is_empty() {
            let mut edits = std::mem::take(&mut self.pending);
            edits.sort_by_key(|(s, _, _)| *s);
            let mut out = String::with_capacity(self.base.len());
            let mut at = 0;
            for (s, e, new) in &edits {
                out.push_str(&self.base[at..*s]);
                out.push_str(new);
                at = *e;
            }
            out.push_str(&self.base[at..]);
            self.base = out;
            self.parsed = None;
        }
        &self.base
    }
}

/// The change already planned for `page` (taken out of `changes`), or a new one from its text.
fn take_change(changes: &mut Vec<FileChange>, page: &IndexPage) -> FileChange {
    match changes.iter().position(|c| c.path == page.path) {
        Some(i) => changes.remove(i),
        None => FileChange {
            path: page.path.clone(),
            before: page.text.clone(),
            after: page.text.clone(),
            fingerprint: page.fingerprint,
            what: Vec::new(),
        },
    }
}

/// What [`after_edit`] found: the changes to write, and what it cannot fix.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AfterEdit {
    /// The nav, list and table changes, one per file.
    pub changes: Vec<FileChange>,
    /// What is left for the author (a date change the file name no longer matches).
    pub problems: Vec<Problem>,
}

/// After the author saved a PIR (`old` and `new` are its summaries before and after), the
/// changes that carry its new title, date, severity, duration, summary and status over to its
/// nav entry, its home-list entry and its index-table rows, without writing anything.
///
/// The nav title changes only when it follows the PIR title (`Title` or `2026-01-02 Title`);
/// a title made from the file name stays. Duration, summary and status in the list and the
/// tables change only where they still show the old value (or `TBD`): text written for the
/// index stays. Entries are never added here (that is [`plan_sync`]'s job), and owned navs
/// and generated lists are left alone. A date change does not rename the file: it is reported
/// as [`ProblemCode::FileDateMismatch`] instead.
pub fn after_edit(site: &Site, old: &PirSummary, new: &PirSummary) -> Result<AfterEdit> {
    let mut out = AfterEdit::default();
    let rel = new.rel.as_str();
    let Some(date) = pir_date(new) else {
        return Ok(out);
    };
    let title = new.title.as_deref().unwrap_or(rel);
    let file_date = new
        .path
        .file_name()
        .and_then(|n| parse_pir_file_name(&n.to_string_lossy()).map(|(d, _)| d));
    if let (Some(file_date), Some(d)) = (file_date, new.date)
        && file_date != d
    {
        out.problems.push(problem(
            &new.path,
            Some(new.date_line),
            ProblemCode::FileDateMismatch,
            format!(
                "the file name says {file_date}, the Date field now says {d}: rename the file to match"
            ),
        ));
    }

    if site.config.nav_owner == NavOwner::Explicit
        && let Some(nav) = &site.config.nav
        && let Some(entry) = nav_pages(nav)
            .into_iter()
            .find(|e| e.target.as_deref() == Some(rel))
        && let (Some(nav_title), Some(old_title)) = (entry.title.as_deref(), old.title.as_deref())
    {
        let nav_title = nav_title.trim();
        let (d, rest) = split_link_text(nav_title);
        let wanted = match d {
            None if nav_title == old_title.trim() => Some(title.to_string()),
            Some(d) if rest == old_title.trim() => {
                let sep = &nav_title[d.len()..nav_title.len() - rest.len()];
                Some(join_dated(&date.format("%Y-%m-%d").to_string(), sep, title))
            }
            _ => None,
        };
        if let Some(wanted) = wanted.filter(|w| w != nav_title)
            && let Some(after) = set_nav_title(&site.config_text, entry, &wanted)
        {
            out.changes.push(FileChange {
                path: site.config_path(),
                before: site.config_text.clone(),
                after,
                fingerprint: site.config_fingerprint,
                what: vec![format!("retitle the nav entry of {rel} \"{wanted}\"")],
            });
        }
    }

    let fields = list_fields(new);
    let entry = ListPir {
        target: rel,
        date,
        title,
        fields: &fields,
    };
    let old_summary = old.summary_sentence();
    let refresh: Vec<(&str, &str)> = [
        ("Duration", old.duration.as_deref()),
        ("Summary", old_summary.as_deref()),
        ("Status", old.status.as_deref()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    let home = site.docs_dir().join("index.md");
    site.ensure_inside(&home, "the home page")?;
    if home.is_file() {
        let loaded = fsio::read_text(&home)?;
        if site.keeps_page("index.md")
            && !site.list_generated("index.md", &loaded.text)
            && let Some(list) = parse_recent_list(&loaded.text)
            && let Some(existing) = list.entries.iter().find(|e| e.target == rel)
        {
            let after = update_list_entry_with(&loaded.text, existing, &entry, &refresh);
            if after != loaded.text {
                out.changes.push(FileChange {
                    path: home,
                    before: loaded.text.clone(),
                    after,
                    fingerprint: loaded.fingerprint,
                    what: vec![format!("update the list entry of {rel}")],
                });
            }
        }
    }
    for page in index_pages(site)? {
        let ids: Vec<usize> = page.tables.iter().map(|t| t.table).collect();
        let mut change = take_change(&mut out.changes, &page);
        let (text, what) = sync_page_tables(
            &change.after,
            &page.rel,
            &ids,
            rel,
            &entry,
            RowAction::Update(&refresh),
        )?;
        change.after = text;
        change.what.extend(what);
        if change.after != change.before {
            out.changes.push(change);
        }
    }
    Ok(out)
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
