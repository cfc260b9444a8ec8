//! The explicit nav against the PIRs: every PIR listed where the site keeps PIRs in its nav,
//! every page listed inside the site and existing, and each entry's date the PIR's.

use std::collections::{HashMap, HashSet};

use super::problem::{Problem, ProblemCode, problem};
use crate::site::link_text::split_link_text;
use crate::site::nav::nav_pages;
use crate::site::profile::{NavPolicy, SiteProfile};
use crate::site::summary::PirSummary;
use crate::site::{NavOwner, Site};

/// Nav: every PIR listed; every page listed exists; dates agree.
pub(super) fn check_nav(
    site: &Site,
    profile: &SiteProfile,
    pirs: &[PirSummary],
    by_rel: &HashMap<&str, &PirSummary>,
    out: &mut Vec<Problem>,
) {
    let config_path = site.config_path();
    let docs = site.docs_dir();
    if site.config.nav_owner == NavOwner::Explicit {
        if let Some(nav) = &site.config.nav {
            let kept = profile.nav.value == NavPolicy::KeptInStep;
            let pages = nav_pages(nav);
            let in_nav: HashSet<&str> = pages.iter().filter_map(|e| e.target.as_deref()).collect();
            let folder = format!("{}/", site.incidents_rel);
            let first_incident_line = pages
                .iter()
                .find(|e| e.target.as_deref().is_some_and(|t| t.starts_with(&folder)))
                .map(|e| e.line);
            for pir in pirs.iter().filter(|_| kept) {
                if !in_nav.contains(pir.rel.as_str()) {
                    out.push(problem(
                        &config_path,
                        first_incident_line,
                        ProblemCode::MissingFromNav,
                        format!("the nav has no entry for {}", pir.rel),
                    ));
                }
            }
            for entry in nav_pages(nav) {
                let Some(target) = entry.target.as_deref() else {
                    continue;
                };
                if target.contains("://") || target.starts_with('/') {
                    continue;
                }
                if site.docs_page(target).is_none() {
                    out.push(problem(
                        &config_path,
                        Some(entry.line),
                        ProblemCode::OutsideSite,
                        format!(
                            "nav entry points at {target}, outside the docs folder or the repository: it is never read nor updated"
                        ),
                    ));
                    continue;
                }
                if !docs.join(target).exists() {
                    out.push(problem(
                        &config_path,
                        Some(entry.line),
                        ProblemCode::NavTargetMissing,
                        format!("nav entry points at {target}, which does not exist"),
                    ));
                    continue;
                }
                let Some(pir) = by_rel.get(target).copied() else {
                    continue;
                };
                let (Some(nav_date), Some(date)) = (
                    entry.title.as_deref().and_then(|t| split_link_text(t).0),
                    pir.date,
                ) else {
                    continue;
                };
                if nav_date != date.format("%Y-%m-%d").to_string() {
                    out.push(problem(
                        &config_path,
                        Some(entry.line),
                        ProblemCode::NavEntryStale,
                        format!("nav entry for {target} says {nav_date}, the PIR's Date is {date}"),
                    ));
                }
            }
        }
    }
}
