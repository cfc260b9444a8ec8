//! The home page's Recent Incidents list against the PIRs: every PIR listed, every entry
//! pointing at a page, and each entry's date, title and severity the PIR's.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::problem::{Problem, ProblemCode, problem};
use crate::error::Result;
use crate::fsio;
use crate::site::Site;
use crate::site::index::{RecentList, parse_recent_list};
use crate::site::link_text::split_link_text;
use crate::site::summary::PirSummary;

/// The home page (`<docs>/index.md`) and its Recent Incidents list, when it has one.
pub fn home_list(site: &Site) -> Result<Option<(PathBuf, String, RecentList)>> {
    // A home page leading out of the site is not the site's list.
    let Some(home) = site.docs_page("index.md") else {
        return Ok(None);
    };
    if !home.is_file() {
        return Ok(None);
    }
    let text = fsio::read_text(&home)?.text;
    Ok(parse_recent_list(&text).map(|list| (home, text, list)))
}

/// Home list: every PIR listed; every entry points at a page; date/title/severity agree.
pub(super) fn check_home_list(
    site: &Site,
    pirs: &[PirSummary],
    by_rel: &HashMap<&str, &PirSummary>,
    out: &mut Vec<Problem>,
) -> Result<()> {
    let docs = site.docs_dir();
    let home_list = home_list(site)?.filter(|(_, text, _)| {
        site.keeps_page("index.md") && !site.list_generated("index.md", text)
    });
    if let Some((home, _, list)) = home_list {
        let listed: HashSet<&str> = list.entries.iter().map(|e| e.target.as_str()).collect();
        for pir in pirs {
            if !listed.contains(pir.rel.as_str()) {
                out.push(problem(
                    &home,
                    Some(list.heading_line),
                    ProblemCode::MissingFromList,
                    format!("the Recent Incidents list has no entry for {}", pir.rel),
                ));
            }
        }
        for entry in &list.entries {
            if entry.target.contains("://") {
                continue;
            }
            let Some(pir) = by_rel.get(entry.target.as_str()).copied() else {
                if !docs.join(&entry.target).exists() {
                    out.push(problem(
                        &home,
                        Some(entry.line),
                        ProblemCode::ListTargetMissing,
                        format!(
                            "list entry points at {}, which does not exist",
                            entry.target
                        ),
                    ));
                }
                continue;
            };
            let mut stale = Vec::new();
            let (date_text, title_text) = split_link_text(&entry.text);
            if let (Some(d), Some(date)) = (date_text, pir.date) {
                if d != date.format("%Y-%m-%d").to_string() {
                    stale.push(format!("date {d} (PIR: {date})"));
                }
            }
            if let Some(title) = pir.title.as_deref() {
                if title_text != title.trim() {
                    stale.push(format!(
                        "title \"{title_text}\" (PIR: \"{}\")",
                        title.trim()
                    ));
                }
            }
            if let (Some(sev), Some(level)) = (entry.field("Severity"), pir.severity_level()) {
                if !sev.eq_ignore_ascii_case(level) {
                    stale.push(format!("severity {sev} (PIR: {level})"));
                }
            }
            if !stale.is_empty() {
                out.push(problem(
                    &home,
                    Some(entry.line),
                    ProblemCode::ListEntryStale,
                    format!(
                        "list entry for {} disagrees with the PIR: {}",
                        entry.target,
                        stale.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(())
}
