//! Creating a PIR the way the site expects: the file, its nav entry, its home-list entry and
//! a row in every incidents table of the index pages ([`super::table_index`]).
//!
//! Nothing is written where something else owns it ([`super::owners`]): no nav entry when a
//! plugin, a per-folder nav file or a hook owns the nav, and no list entry or table row where
//! the page is generated.
//!
//! Everything is computed and checked before anything is written, so a refusal (unsafe title,
//! existing file, bad date, broken `mkdocs.yml`) leaves the site untouched. The writes then go
//! file by file, atomically; if a later one fails, the earlier ones are undone.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::index::{ListPir, insert_list_entry};
use super::nav::{NavPir, insert_nav_entry};
use super::profile::{NavPolicy, SiteProfile};
use super::table_index::{RowAction, index_pages, sync_page_tables};
use super::{NavOwner, Site, slug};
use crate::error::{CoreError, ErrorKind, Result};
use crate::fsio::{self, Fingerprint, WriteMode};
use crate::template::{
    NewPirFields, SectionKey, Template, TextSection, WizardStep, fill, fill_by_heading,
    fill_sections, number_title, sections, wizard_steps,
};

/// What the author gives to start a PIR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewPir {
    /// The title, without the `Post Incident Review:` prefix.
    pub title: String,
    /// The incident's date.
    pub date: NaiveDate,
    /// Severity (`High`, or `High (reason)`).
    pub severity: String,
    /// Tags for the front matter.
    #[serde(default)]
    pub tags: Vec<String>,
    /// A template page to use instead of the site's own (or the built-in one).
    #[serde(default)]
    pub template: Option<PathBuf>,
}

/// What creating a PIR did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Created {
    /// The new PIR file.
    pub path: PathBuf,
    /// Whether `mkdocs.yml`'s nav got an entry.
    pub nav_updated: bool,
    /// Index pages that got an entry.
    pub index_updated: Vec<PathBuf>,
}

/// A write planned by [`plan`].
struct Planned {
    path: PathBuf,
    text: String,
    mode: WriteMode,
    /// What to restore if a later write fails (`None`: delete the new file).
    previous: Option<String>,
}

/// The file name a PIR with this title and date gets, or why it cannot have one.
pub fn file_name_for(title: &str, date: NaiveDate) -> Result<String> {
    slug::pir_file_name(date, title)
}

/// The file name a new PIR of `site` with this title and a date typed as `YYYY-MM-DD` gets,
/// by the site's own naming ([`SiteProfile::file_name`]: `INC-{number}-{slug}.md` takes the
/// next number), or why there can be none (bad date, unsafe or empty title): what `create`
/// will write, shown live while the author types.
pub fn file_name_preview(site: &Site, title: &str, date: &str) -> Result<String> {
    let date = slug::parse_date(date)?;
    let title = slug::strip_title_prefix(title).trim().to_string();
    SiteProfile::of(site)?.file_name(&title, date, &existing_names(site)?)
}

/// The file names of the site's PIRs.
fn existing_names(site: &Site) -> Result<Vec<String>> {
    Ok(site
        .pir_files()?
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect())
}

/// The text a new PIR would start with (the site's template, or the skeleton of its newest
/// PIR, with title, date, severity and tags filled in), cut into the sections the wizard
/// walks through.
pub fn draft_sections(site: &Site, fields: &NewPirFields) -> Result<Vec<TextSection>> {
    let template = super::templates::new_pir_template(site)?;
    let profile = SiteProfile::of(site)?;
    let text = follow_profile(&fill(&template.text, fields), &profile);
    let text = match profile.file_name(&fields.title, fields.date, &existing_names(site)?) {
        Ok(name) => number_title(&text, &name),
        Err(_) => text,
    };
    Ok(sections(&text))
}

/// The wizard's steps for a new PIR with these fields: one per section of the text it would
/// start with (the site's template, or the skeleton of its newest PIR), by heading and in
/// order, with a metadata step where the site keeps its metadata in the body (see
/// [`crate::template::steps`]).
pub fn draft_steps(site: &Site, fields: &NewPirFields) -> Result<Vec<WizardStep>> {
    let template = super::templates::new_pir_template(site)?;
    let profile = SiteProfile::of(site)?;
    let text = follow_profile(
        &fill_metadata(&fill(&template.text, fields), fields),
        &profile,
    );
    let text = match profile.file_name(&fields.title, fields.date, &existing_names(site)?) {
        Ok(name) => number_title(&text, &name),
        Err(_) => text,
    };
    let place = profile.metadata.value;
    Ok(wizard_steps(&text, &template, place))
}

/// A new PIR's text with its timeline heading and placeholder times as the site writes them
/// (see [`crate::template::follow_site_timeline`]).
fn follow_profile(text: &str, profile: &SiteProfile) -> String {
    crate::template::follow_site_timeline(
        text,
        profile.timeline_zone.value.as_deref(),
        profile.timeline_times.value.as_deref(),
    )
}

/// The template's Date and Severity set to the new PIR's, wherever and under whatever name
/// the template keeps them (front matter `date:`, a metadata table's `Priority` row); `fill`
/// has done the `**Date:**` lines already. A field the template lacks is not added.
fn fill_metadata(text: &str, fields: &NewPirFields) -> String {
    let mut doc = crate::doc::Document::parse(text);
    let date = fields.date.format("%Y-%m-%d").to_string();
    for (key, value, present) in [
        ("Date", date.as_str(), doc.model().date.is_some()),
        (
            "Severity",
            fields.severity.trim(),
            doc.model().severity.is_some(),
        ),
    ] {
        if present {
            // A value the field cannot hold stays the template's: the author sees it.
            let _ = doc.apply(&crate::doc::Edit::SetMetadata {
                key: key.into(),
                value: value.into(),
            });
        }
    }
    doc.into_text()
}

/// The severity a new PIR starts with when its author names none: the level the site's PIRs
/// name most, on the site's scale (see [`crate::severity::SeverityScale::usual`]).
pub fn usual_severity(site: &Site) -> Result<Option<String>> {
    let summaries = site.summaries()?;
    let named = || summaries.iter().filter_map(|s| s.severity.as_deref());
    Ok(super::profile::severity_scale(site, named()).usual(named()))
}

/// Creates the PIR, its nav entry (when the nav is explicit) and its home-list entry.
pub fn create_pir(site: &Site, req: &NewPir) -> Result<Created> {
    create_pir_with(site, req, &[])
}

/// [`create_pir`], with the bodies of some sections written by the author (see
/// [`fill_sections`]) instead of the template's placeholders. A section the template lacks
/// is refused before anything is written.
pub fn create_pir_with(
    site: &Site,
    req: &NewPir,
    bodies: &[(SectionKey, String)],
) -> Result<Created> {
    create_filled(site, req, |text| fill_sections(text, bodies))
}

/// [`create_pir`], with the bodies of the wizard's steps, named by heading as
/// [`draft_steps`] gives them, written by the author in place of the template's. A heading the
/// template lacks is refused before anything is written.
pub fn create_pir_from_steps(
    site: &Site,
    req: &NewPir,
    bodies: &[(String, String)],
) -> Result<Created> {
    create_filled(site, req, |text| fill_by_heading(text, bodies))
}

/// Creates the PIR from the template filled with `req`'s fields and then by `bodies`.
fn create_filled(
    site: &Site,
    req: &NewPir,
    bodies: impl FnOnce(&str) -> Result<String>,
) -> Result<Created> {
    if req.severity.trim().is_empty() || req.severity.contains(['\n', '\r']) {
        return Err(CoreError::new(
            ErrorKind::InvalidInput,
            "severity must be one line of text, such as High",
        ));
    }
    let title = slug::strip_title_prefix(&req.title).trim().to_string();
    if title.contains(['\n', '\r']) {
        return Err(CoreError::new(
            ErrorKind::InvalidInput,
            "title must be one line",
        ));
    }
    // Named, and listed in the nav or not, by the site's own conventions.
    let profile = SiteProfile::of(site)?;
    let name = profile.file_name(&title, req.date, &existing_names(site)?)?;
    let dir = site.incidents_dir();
    let path = dir.join(&name);
    site.ensure_inside(&dir, "the incidents folder")?;
    if path.symlink_metadata().is_ok() {
        return Err(CoreError::new(
            ErrorKind::AlreadyExists,
            "a PIR with this date and title already exists",
        )
        .with_path(&path));
    }
    let template = match &req.template {
        Some(p) => Template::load(p)?.ok_or_else(|| {
            CoreError::new(
                ErrorKind::InvalidInput,
                "no `## Template` section with a fenced template in this page",
            )
            .with_path(p)
        })?,
        None => super::templates::new_pir_template(site)?,
    };
    let fields = NewPirFields {
        title: title.clone(),
        date: req.date,
        severity: req.severity.clone(),
        tags: req.tags.clone(),
    };
    // The site's timeline zone and time style first: the wizard's steps are named by the
    // headings `draft_steps` gave, which already follow them.
    let text = bodies(&number_title(
        &follow_profile(
            &fill_metadata(&fill(&template.text, &fields), &fields),
            &profile,
        ),
        &name,
    ))?;
    let rel = format!("{}/{name}", site.incidents_rel);
    // Listed under the title it got (`INC-2051: Disk full` where titles carry the number).
    let title = crate::doc::Document::parse(text.clone())
        .model()
        .short_title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(title);

    let mut plan = vec![Planned {
        path: path.clone(),
        text,
        mode: WriteMode::CreateNew,
        previous: None,
    }];
    let mut nav_updated = false;
    if site.config.nav_owner == NavOwner::Explicit && profile.nav.value == NavPolicy::KeptInStep {
        if let Some(nav) = &site.config.nav {
            let pir = NavPir {
                path: &rel,
                date: req.date,
                title: &title,
            };
            let prefix = format!("{}/", site.incidents_rel);
            let title_of = |target: &str| site.docs_page(target).and_then(|p| first_heading(&p));
            if let Some(new_config) =
                insert_nav_entry(&site.config_text, nav, &prefix, &pir, &title_of)
                    .map_err(|e| e.with_path(site.config_path()))?
            {
                plan.push(Planned {
                    path: site.config_path(),
                    text: new_config,
                    mode: WriteMode::Replace(site.config_fingerprint),
                    previous: Some(site.config_text.clone()),
                });
                nav_updated = true;
            }
        }
    }
    let mut index_updated = Vec::new();
    let home = site.docs_dir().join("index.md");
    site.ensure_inside(&home, "the home page")?;
    let fields = [
        (
            "Severity",
            crate::severity::level(&req.severity).to_string(),
        ),
        ("Duration", "TBD".to_string()),
        ("Summary", "TBD".to_string()),
        ("Status", "Draft".to_string()),
    ];
    let entry = ListPir {
        target: &rel,
        date: req.date,
        title: &title,
        fields: &fields,
    };
    if home.is_file() {
        let page = fsio::read_text(&home)?;
        if let Some(new_page) = insert_list_entry(&page.text, &entry)
            .filter(|_| site.keeps_page("index.md") && !site.list_generated("index.md", &page.text))
        {
            plan.push(Planned {
                path: home.clone(),
                text: new_page,
                mode: WriteMode::Replace(page.fingerprint),
                previous: Some(page.text),
            });
            index_updated.push(home);
        }
    }
    for page in index_pages(site)? {
        let ids: Vec<usize> = page.tables.iter().map(|t| t.table).collect();
        // The home page may already carry a new list entry: add the rows to that text.
        let planned = plan.iter_mut().find(|p| p.path == page.path);
        let base = planned
            .as_ref()
            .map_or(page.text.as_str(), |p| p.text.as_str());
        let (text, what) =
            sync_page_tables(base, &page.rel, &ids, &rel, &entry, RowAction::Insert)?;
        if what.is_empty() {
            continue;
        }
        match planned {
            Some(p) => p.text = text,
            None => {
                plan.push(Planned {
                    path: page.path.clone(),
                    text,
                    mode: WriteMode::Replace(page.fingerprint),
                    previous: Some(page.text),
                });
                index_updated.push(page.path);
            }
        }
    }

    std::fs::create_dir_all(&dir)
        .map_err(|e| CoreError::io("cannot create the incidents folder", &dir, &e))?;
    apply(&plan)?;
    Ok(Created {
        path,
        nav_updated,
        index_updated,
    })
}

/// The H1 of a markdown file without the `Post Incident Review:` prefix, if readable.
pub fn first_heading(path: &Path) -> Option<String> {
    let text = fsio::read_text(path).ok()?.text;
    crate::doc::Document::parse(text)
        .model()
        .short_title
        .clone()
}

/// Writes every planned file; on a failure, restores the ones already written.
fn apply(plan: &[Planned]) -> Result<()> {
    let mut done: Vec<(&Planned, Fingerprint)> = Vec::new();
    for p in plan {
        match fsio::write_atomic(&p.path, p.text.as_bytes(), p.mode) {
            Ok(fp) => done.push((p, fp)),
            Err(e) => {
                for (undo, fp) in done.into_iter().rev() {
                    restore(&undo.path, undo.previous.as_deref(), fp);
                }
                return Err(e);
            }
        }
    }
    Ok(())
}

fn restore(path: &Path, previous: Option<&str>, written: Fingerprint) {
    match previous {
        // Only undo our own write: if someone changed the file since, leave theirs.
        Some(text) => {
            let _ = fsio::write_atomic(path, text.as_bytes(), WriteMode::Replace(written));
        }
        None => {
            if std::fs::read(path).is_ok_and(|b| Fingerprint::of(&b) == written) {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}
