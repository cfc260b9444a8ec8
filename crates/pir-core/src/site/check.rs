//! `pir check`: what a docs repo's CI should catch before a PIR is published half-done.
//!
//! Every problem names a file and line, says what is wrong in words, and says whether
//! [`super::sync`] can fix it mechanically.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::index::{ListPir, RecentList, parse_recent_list};
use super::link_text::split_link_text;
use super::nav::nav_pages;
use super::profile::{NavPolicy, Origin, SiteProfile, fits};
use super::slug::parse_pir_file_name;
use super::summary::PirSummary;
use super::table_index::{index_pages, resolve_link, stale_cells};
use super::{NavOwner, Site, confine};
use crate::error::Result;
use crate::fsio;
use crate::severity::SeverityBadge;
use crate::template::{Template, placeholder_lines};

/// What kind of problem, for tools that filter or fix them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// A PIR is not in the explicit nav.
    MissingFromNav,
    /// A PIR is not in the home page's Recent Incidents list.
    MissingFromList,
    /// A nav entry points at a page that does not exist.
    NavTargetMissing,
    /// A list entry points at a page that does not exist.
    ListTargetMissing,
    /// A list entry's date, title or severity disagrees with the PIR.
    ListEntryStale,
    /// A nav entry's date disagrees with the PIR.
    NavEntryStale,
    /// The file name does not follow the site's naming pattern (its profile's `file_names`).
    BadFileName,
    /// The file name's date is not the PIR's Date.
    FileDateMismatch,
    /// The PIR lacks sections of the site's template.
    MissingSections,
    /// The PIR lacks metadata fields the site's template has (of Date, Duration, Severity,
    /// Status).
    MissingMetadata,
    /// A timeline row is earlier than the row before it.
    TimelineOutOfOrder,
    /// A line is still the template's placeholder text, word for word.
    Placeholder,
    /// A PIR has no row in an incidents table of an index page.
    MissingFromTable,
    /// An incidents table row links to a page that does not exist.
    TableTargetMissing,
    /// An incidents table row's date, title or severity disagrees with the PIR.
    TableEntryStale,
    /// A file of the incidents folder, or a nav page, leads outside the site (a symlink to a
    /// file elsewhere, `../` in the nav); it is left out of every list, search and sync.
    OutsideSite,
    /// A page `index_pages` in `.pir.toml` names does not exist: its list is kept nowhere.
    IndexPageMissing,
}

/// One problem found by [`check_site`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Problem {
    /// The file it is in.
    pub path: PathBuf,
    /// 1-based line, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Its kind.
    pub code: ProblemCode,
    /// What is wrong.
    pub message: String,
    /// Whether `pir sync` fixes it.
    pub fixable: bool,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, "{line}:")?;
        }
        write!(f, " {}", self.message)
    }
}

pub(crate) fn problem(
    path: &Path,
    line: Option<usize>,
    code: ProblemCode,
    message: String,
) -> Problem {
    let fixable = matches!(
        code,
        ProblemCode::MissingFromNav
            | ProblemCode::MissingFromList
            | ProblemCode::ListEntryStale
            | ProblemCode::MissingFromTable
            | ProblemCode::TableEntryStale
    );
    Problem {
        path: path.to_path_buf(),
        line,
        code,
        message,
        fixable,
    }
}

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

/// Whether a PIR's heading `have` is the template's section `want`: the same known section
/// (`Root Cause` and `Root Causes`), or the same words once case, a trailing colon and a
/// parenthesised note (`Timeline (AEST — UTC+10)`) are set aside.
fn same_section(want: &str, have: &str) -> bool {
    super::profile::section_identity(want) == super::profile::section_identity(have)
}

/// Checks the site's PIRs against its nav and home list, and each PIR on its own, by the
/// site's own conventions (its [`SiteProfile`]): file names by its naming pattern, sections
/// and metadata by its template, the nav only where the site keeps PIRs in it.
pub fn check_site(site: &Site, pirs: &[PirSummary]) -> Result<Vec<Problem>> {
    let profile = SiteProfile::of_summaries(site, pirs)?;
    let mut out = Vec::new();
    let config_path = site.config_path();
    let docs = site.docs_dir();
    // Looked up once per entry and per PIR: by hash, so a large site checks in linear time.
    let by_rel: HashMap<&str, &PirSummary> = pirs.iter().map(|p| (p.rel.as_str(), p)).collect();

    // Nav: every PIR listed; every page listed exists; dates agree.
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

    // Home list: every PIR listed; every entry points at a page; date/title/severity agree.
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

    check_tables(site, pirs, &mut out)?;

    // Pages `.pir.toml` says to keep in step, that are not there.
    if let Some(named) = &site.overrides.index_pages {
        let path = &site.overrides_path;
        let line = site
            .overrides_file
            .as_ref()
            .map_or(1, |f| super::profile::key_line(&f.text, "index_pages"));
        for rel in named {
            let rel = super::normalize_page(rel);
            if !site.docs_page(&rel).is_some_and(|p| p.is_file()) {
                out.push(problem(
                    path,
                    Some(line),
                    ProblemCode::IndexPageMissing,
                    format!("index_pages names {rel}, which is not a page of the docs folder"),
                ));
            }
        }
    }

    // Each PIR on its own. Placeholder text is that of the template new PIRs start from.
    let template = match &profile.template.value {
        Some(rel) => Template::load(&site.root.join(rel))?.unwrap_or_else(Template::builtin),
        None => Template::builtin(),
    };
    let placeholders = placeholder_lines(&template.text);
    for pir in pirs {
        let name = pir
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let pattern = &profile.file_names.value;
        if !fits(pattern, &name) {
            out.push(problem(
                &pir.path,
                None,
                ProblemCode::BadFileName,
                format!("file name {name} does not follow the site's pattern {pattern}"),
            ));
        }
        match parse_pir_file_name(&name) {
            None => {}
            Some((file_date, _)) => {
                if let Some(date) = pir.date {
                    if date != file_date {
                        out.push(problem(
                            &pir.path,
                            Some(pir.date_line),
                            ProblemCode::FileDateMismatch,
                            format!("the file name says {file_date}, the Date field says {date}"),
                        ));
                    }
                }
            }
        }
        let missing_metadata: Vec<&str> = profile
            .fields
            .value
            .iter()
            .map(String::as_str)
            .filter(|f| pir.missing_metadata.iter().any(|m| m == f))
            .collect();
        if !missing_metadata.is_empty() {
            out.push(problem(
                &pir.path,
                Some(1),
                ProblemCode::MissingMetadata,
                format!("missing metadata: {}", missing_metadata.join(", ")),
            ));
        }
        if let (Some(text), None) = (&pir.date_text, pir.date) {
            out.push(problem(
                &pir.path,
                Some(pir.date_line),
                ProblemCode::MissingMetadata,
                format!("Date \"{text}\" is not a YYYY-MM-DD date"),
            ));
        }
        // A scale the site declares is the whole of its scale: a level off it is a typo or
        // a level the team has not agreed on.
        let scale = &profile.severity.value;
        if let Some(sev) = pir.severity.as_deref()
            && scale.declared
            && !crate::severity::level(sev).is_empty()
            && scale.position(sev).is_none()
        {
            out.push(problem(
                &pir.path,
                None,
                ProblemCode::MissingMetadata,
                format!(
                    "Severity \"{}\" is not on the site's scale ({})",
                    crate::severity::level(sev),
                    scale.levels.join(", ")
                ),
            ));
        }
        // The built-in template's sections are known ones, already matched while parsing.
        let missing_sections: Vec<&str> = match profile.sections.origin {
            Origin::Default { .. } => pir.missing_sections.iter().map(String::as_str).collect(),
            _ => profile
                .sections
                .value
                .iter()
                .filter(|want| !pir.sections.iter().any(|h| same_section(want, h)))
                .map(String::as_str)
                .collect(),
        };
        if !missing_sections.is_empty() {
            out.push(problem(
                &pir.path,
                None,
                ProblemCode::MissingSections,
                format!("missing sections: {}", missing_sections.join(", ")),
            ));
        }
        if !placeholders.is_empty() {
            let text = fsio::read_text(&pir.path)?.text;
            let lines: Vec<usize> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| placeholders.contains(l.trim()))
                .map(|(i, _)| i + 1)
                .collect();
            if let Some(&first) = lines.first() {
                let mut shown: Vec<String> = lines.iter().take(8).map(usize::to_string).collect();
                if lines.len() > 8 {
                    shown.push(format!("and {} more", lines.len() - 8));
                }
                out.push(problem(
                    &pir.path,
                    Some(first),
                    ProblemCode::Placeholder,
                    format!(
                        "still holds the template's placeholder text on line{} {}",
                        if lines.len() == 1 { "" } else { "s" },
                        shown.join(", ")
                    ),
                ));
            }
        }
        for line in &pir.timeline_out_of_order {
            out.push(problem(
                &pir.path,
                Some(*line),
                ProblemCode::TimelineOutOfOrder,
                "timeline row is earlier than the row before it".to_string(),
            ));
        }
    }
    for path in site.outside_pir_files()? {
        let target = confine::resolve(&path)
            .map_or_else(|| "a broken link".to_string(), |p| p.display().to_string());
        out.push(problem(
            &path,
            None,
            ProblemCode::OutsideSite,
            format!(
                "leads outside the site, to {target}: left out of the list, search and sync; keep PIRs inside the repository"
            ),
        ));
    }
    Ok(out)
}

/// Incidents tables of index pages: a row per PIR, every row's link resolves, rows agree.
fn check_tables(site: &Site, pirs: &[PirSummary], out: &mut Vec<Problem>) -> Result<()> {
    let docs = site.docs_dir();
    let by_rel: HashMap<&str, &PirSummary> = pirs.iter().map(|p| (p.rel.as_str(), p)).collect();
    for page in index_pages(site)? {
        for table in &page.tables {
            let present: HashSet<String> = table
                .rows
                .iter()
                .filter_map(|r| resolve_link(&page.rel, &r.target))
                .collect();
            for pir in pirs {
                if !present.contains(&pir.rel) {
                    out.push(problem(
                        &page.path,
                        Some(table.line),
                        ProblemCode::MissingFromTable,
                        format!("the incidents table has no row for {}", pir.rel),
                    ));
                }
            }
            for row in &table.rows {
                let Some(target) = resolve_link(&page.rel, &row.target) else {
                    continue;
                };
                let Some(pir) = by_rel.get(target.as_str()).copied() else {
                    if !docs.join(&target).exists() {
                        out.push(problem(
                            &page.path,
                            Some(row.line),
                            ProblemCode::TableTargetMissing,
                            format!("table row points at {}, which does not exist", row.target),
                        ));
                    }
                    continue;
                };
                let (Some(date), Some(title)) = (pir.date, pir.title.as_deref()) else {
                    continue;
                };
                let fields: Vec<(&str, String)> = pir
                    .severity_level()
                    .map(|s| ("Severity", s.to_string()))
                    .into_iter()
                    .collect();
                let entry = ListPir {
                    target: &row.target,
                    date,
                    title,
                    fields: &fields,
                };
                let stale = stale_cells(table, row, &entry);
                if !stale.is_empty() {
                    let words: Vec<String> = stale.into_iter().map(|(_, _, w)| w).collect();
                    out.push(problem(
                        &page.path,
                        Some(row.line),
                        ProblemCode::TableEntryStale,
                        format!(
                            "table row for {} disagrees with the PIR: {}",
                            pir.rel,
                            words.join(", ")
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// One PIR of the site list: what the list shows of it and the problems found with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PirCheck {
    /// Date, title, severity, duration, status, tags, ...
    pub summary: PirSummary,
    /// The problems in the PIR's file, and those elsewhere (nav, lists, tables) naming it.
    pub problems: Vec<Problem>,
    /// Its severity as the list shows it: the level in the site's spelling and its band on
    /// the site's scale; none when the PIR names no severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity_badge: Option<SeverityBadge>,
}

/// Every PIR of a site with its problems, newest first, and the problems naming no PIR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SiteCheck {
    /// The PIRs, newest first.
    pub pirs: Vec<PirCheck>,
    /// Problems of no one PIR (a nav entry pointing at a missing page).
    pub other: Vec<Problem>,
    /// The severity levels the PIRs name, as the site spells them, most severe first (the
    /// severity filter's choices, each the `level` of the badges it finds).
    pub severity_levels: Vec<String>,
    /// The site's whole severity scale, most severe first: a new PIR's choices (see
    /// [`crate::severity::SeverityScale::choices`]).
    pub severity_scale: Vec<String>,
    /// The level a new PIR starts with (see [`crate::severity::SeverityScale::usual`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usual_severity: Option<String>,
}

/// Reads every PIR's summary and runs [`check_site`], handing each problem to the PIR it is
/// about: the one whose file it is in, else the one whose docs path it names.
pub fn site_check(site: &Site) -> Result<SiteCheck> {
    let summaries = site.summaries()?;
    let problems = check_site(site, &summaries)?;
    let severities = || summaries.iter().filter_map(|s| s.severity.as_deref());
    let scale = super::profile::severity_scale(site, severities());
    let severity_levels = scale.in_use(severities());
    let severity_scale = scale.choices();
    let usual_severity = scale.usual(severities());
    let mut pirs: Vec<PirCheck> = summaries
        .into_iter()
        .map(|summary| PirCheck {
            severity_badge: summary.severity.as_deref().and_then(|s| scale.badge(s)),
            summary,
            problems: Vec::new(),
        })
        .collect();
    let mut other = Vec::new();
    for p in problems {
        let owner = pirs
            .iter()
            .position(|c| c.summary.path == p.path)
            .or_else(|| {
                pirs.iter()
                    .position(|c| !c.summary.rel.is_empty() && p.message.contains(&c.summary.rel))
            });
        match owner {
            Some(i) => pirs[i].problems.push(p),
            None => other.push(p),
        }
    }
    Ok(SiteCheck {
        pirs,
        other,
        severity_levels,
        severity_scale,
        usual_severity,
    })
}
