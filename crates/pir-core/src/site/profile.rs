//! The site profile: everything the product assumes about a site, learnt from the site itself,
//! each value with the evidence it was learnt from, and overridable in `.pir.toml`.
//!
//! Teams write PIRs differently (metadata in front matter, bold lines or a table; SEV1, P2 or
//! High; `2026-03-30-slug.md` or `INC-2041-slug.md`; explicit nav or none). Nothing here is
//! one site's convention imposed on another: each fact is the majority of what the site's
//! own files do (ties going to the newest files), or what its template says, and a team that
//! disagrees writes the value in `.pir.toml` at the repository root. `pir profile` prints the
//! profile with where every value came from; `pir profile --write` writes the learnt one for
//! editing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Site;
use super::summary::PirSummary;
use crate::doc::{Document, MetadataPlace, TimelineStyle};
use crate::error::{CoreError, ErrorKind, Result};
use crate::fsio;
use crate::severity::SeverityScale;

/// The name of the override file, at the repository root (else beside `mkdocs.yml`).
pub const PROFILE_FILE: &str = ".pir.toml";

/// Where a value of the profile came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// Learnt from the site; `evidence` says from what (`3 of 3 PIR files`).
    Learnt {
        /// What the value was learnt from.
        evidence: String,
    },
    /// Written in `.pir.toml`, at this line.
    Override {
        /// 1-based line of the key.
        line: usize,
    },
    /// Nothing in the site says: the product's default, and why.
    Default {
        /// Why the default applies.
        reason: String,
    },
}

/// One value of the profile and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Fact<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub origin: Origin,
}

impl<T> Fact<T> {
    pub(crate) fn learnt(value: T, evidence: impl Into<String>) -> Self {
        Fact {
            value,
            origin: Origin::Learnt {
                evidence: evidence.into(),
            },
        }
    }

    pub(crate) fn default(value: T, reason: impl Into<String>) -> Self {
        Fact {
            value,
            origin: Origin::Default {
                reason: reason.into(),
            },
        }
    }
}

/// What the product does with `mkdocs.yml`'s nav when it adds a PIR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum NavPolicy {
    /// An explicit nav lists the PIRs: a new PIR gets its entry, `check` reports missing ones.
    KeptInStep,
    /// The nav is absent, owned by a plugin, or the site's recent PIRs are not in it: the
    /// product never writes it and never reports a PIR missing from it.
    LeftAlone,
}

/// Everything the product assumes about a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SiteProfile {
    /// The folder holding the PIRs, relative to the docs folder (`incidents`).
    pub pirs_folder: Fact<String>,
    /// How PIR files are named: `{date}-{slug}.md`, `INC-{number}-{slug}.md`, `{slug}.md`.
    pub file_names: Fact<String>,
    /// The template new PIRs start from, relative to the site's root; `None`: the skeleton of
    /// the newest PIR (learnt) or, on a site without PIRs, the built-in template (default).
    pub template: Fact<Option<String>>,
    /// The sections (level-2 headings) the site's PIRs are expected to have, in order.
    pub sections: Fact<Vec<String>>,
    /// The metadata fields a PIR is expected to have (of Date, Duration, Severity, Status):
    /// those the template has.
    pub fields: Fact<Vec<String>>,
    /// Where the PIRs keep their metadata.
    pub metadata: Fact<MetadataPlace>,
    /// The severity levels in use, most severe first, in the site's words.
    pub severity: Fact<SeverityScale>,
    /// How the timeline is written.
    pub timeline: Fact<TimelineStyle>,
    /// The zone the PIRs' timeline headings name, as written in their parentheses
    /// (`AEST — UTC+10`): a new PIR's timeline heading names it in place of the template's.
    /// `None`: the headings name none, and the template's heading is kept.
    pub timeline_zone: Fact<Option<String>>,
    /// How the PIRs write a timeline row's time, as a pattern: `{time}` (plain),
    /// `**{time}**` (bold), `**{time} AEST**` (bold with a zone suffix). A new PIR's
    /// placeholder rows, and so its first real rows, are written so. `None`: as the
    /// template writes them.
    pub timeline_times: Fact<Option<String>>,
    /// Whether a new PIR goes into the nav.
    pub nav: Fact<NavPolicy>,
    /// Branch name for a PIR's changes: `{slug}` stands for the PIR's slug.
    pub branch: Fact<String>,
    /// The pages that list the PIRs and that `new`, `sync` and `check` keep in step, each
    /// with the shape of its entries (`index.md: Recent Incidents list under year headings`,
    /// `incidents/index.md: table Date | Title | Severity, newest first`). Pages a plugin or
    /// hook generates are not among them. `index_pages` in `.pir.toml` names the pages to
    /// keep (the shapes are still learnt from them).
    pub index_pages: Fact<Vec<String>>,
    /// Where a PIR's pasted and dropped images go, relative to the docs folder, `{pir}`
    /// standing for the PIR's file name without `.md` (`assets/{pir}`): the folder most of
    /// the images the site's PIRs show are in (see [`super::assets::folder_pattern`]).
    pub images_folder: Fact<String>,
}

/// The keys of `.pir.toml`, each optional: a key overrides the learnt value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// See [`SiteProfile::pirs_folder`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pirs_folder: Option<String>,
    /// See [`SiteProfile::file_names`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_names: Option<String>,
    /// See [`SiteProfile::template`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// See [`SiteProfile::sections`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sections: Option<Vec<String>>,
    /// See [`SiteProfile::fields`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
    /// See [`SiteProfile::metadata`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<MetadataPlace>,
    /// See [`SiteProfile::severity`]: the levels, most severe first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Vec<String>>,
    /// See [`SiteProfile::timeline`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<TimelineStyle>,
    /// See [`SiteProfile::timeline_zone`]; `""`: keep the template's heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline_zone: Option<String>,
    /// See [`SiteProfile::timeline_times`]: `{time}`, `**{time}**`, `**{time} AEST**`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline_times: Option<String>,
    /// See [`SiteProfile::nav`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nav: Option<NavPolicy>,
    /// See [`SiteProfile::branch`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// The pages, relative to the docs folder (`index.md`, `incidents/index.md`), whose PIR
    /// lists and tables `new`, `sync` and `check` keep in step; every other page is left
    /// alone. An empty list: none. See [`SiteProfile::index_pages`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_pages: Option<Vec<String>>,
    /// The folder, relative to the docs folder, where a PIR's pasted images go, `{pir}`
    /// standing for the PIR's file name without `.md` (`assets/{pir}`); else the folder the
    /// site's PIRs keep their images in (see [`super::assets::folder_pattern`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub images_folder: Option<String>,
}

pub use super::slug::{fits, name_shape};

impl SiteProfile {
    /// The profile of `site`: learnt from its files, then overridden by `.pir.toml`.
    ///
    /// A `.pir.toml` that is not valid TOML, names an unknown key or gives a value of the
    /// wrong type is an [`ErrorKind::Config`] error with its line and column.
    pub fn of(site: &Site) -> Result<SiteProfile> {
        SiteProfile::of_summaries(site, &site.summaries()?)
    }

    /// [`SiteProfile::of`] from the site's PIRs already read (`summaries`, newest first).
    pub fn of_summaries(site: &Site, summaries: &[PirSummary]) -> Result<SiteProfile> {
        let mut profile = SiteProfile::learn(site, summaries)?;
        if let Some(file) = &site.overrides_file {
            profile.apply(&site.overrides, &file.text);
        }
        Ok(profile)
    }

    /// The profile learnt from `site` and its PIRs (`summaries`, newest first), before
    /// `.pir.toml`'s values are applied. The site already follows what it reads of the file
    /// when it opens (`pirs_folder`, the pages `index_pages` keeps, the `template`), so the
    /// values learnt from those are learnt within them.
    pub fn learn(site: &Site, summaries: &[PirSummary]) -> Result<SiteProfile> {
        let n = summaries.len();
        let pirs_folder = if n > 0 {
            Fact::learnt(
                site.incidents_rel.clone(),
                format!("{n} PIR file{} there", plural(n)),
            )
        } else {
            Fact::default(site.incidents_rel.clone(), "no PIRs yet")
        };

        let names: Vec<String> = summaries
            .iter()
            .filter_map(|s| s.path.file_name().map(|f| f.to_string_lossy().into_owned()))
            .collect();
        let file_names = match majority(names.iter().map(|n| name_shape(n))) {
            Some((shape, k)) => Fact::learnt(shape, format!("{k} of {n} PIR file names")),
            None => Fact::default("{date}-{slug}.md".to_string(), "no PIRs yet"),
        };

        let template = super::templates::site_template(site)?;
        let follow_builtin = crate::template::follow_builtin(summaries);
        let template_fact = match (&template.source, summaries.first()) {
            (Some(p), _) => Fact::learnt(
                Some(relative(&site.root, p)),
                "the site's template page".to_string(),
            ),
            // See `templates::new_pir_template`.
            (None, Some(newest)) if !follow_builtin => Fact::learnt(
                None,
                format!(
                    "the newest PIR, {} (no template page: new PIRs copy its headings and metadata keys)",
                    newest.rel
                ),
            ),
            (None, Some(_)) => Fact::default(
                None,
                "no template page, and the PIRs follow the built-in template",
            ),
            (None, None) => Fact::default(None, "the site has no template page and no PIR"),
        };
        let headings = h2_headings(&template.text);
        let common = common_sections(summaries);
        // Without a template page, the site's PIRs say which sections it expects: the
        // headings most of them have. While they follow the built-in template (new PIRs start
        // from it), only those of its sections: one every PIR leaves out is not the site's,
        // and one the template lacks a new PIR could not have. Spelt as the PIRs spell them.
        let in_template: Vec<String> = common
            .iter()
            .filter(|c| {
                let id = section_identity(c);
                headings.iter().any(|h| section_identity(h) == id)
            })
            .cloned()
            .collect();
        let sections = match &template.source {
            Some(p) => Fact::learnt(
                headings,
                format!("the level-2 headings of {}", relative(&site.root, p)),
            ),
            None if !in_template.is_empty() && follow_builtin => Fact::learnt(
                in_template,
                format!(
                    "the built-in template's headings most of the {n} PIRs have (no template page; they follow it)"
                ),
            ),
            None if !common.is_empty() => Fact::learnt(
                common,
                format!("the headings most of the {n} PIRs have (no template page)"),
            ),
            None => Fact::default(headings, "the built-in template's sections"),
        };

        let template_fields = crate::doc::known_metadata(&template.text);
        let common = common_fields(summaries);
        let fields = match &template.source {
            Some(p) if !template_fields.is_empty() => Fact::learnt(
                template_fields,
                format!("the metadata of {}", relative(&site.root, p)),
            ),
            None if !common.is_empty() => Fact::learnt(
                common,
                format!("the fields most of the {n} PIRs have (no template page)"),
            ),
            _ => Fact::default(
                ["Date", "Duration", "Severity", "Status"]
                    .map(String::from)
                    .to_vec(),
                "the built-in template's metadata",
            ),
        };
        let places = summaries.iter().filter_map(|s| s.metadata_place);
        let metadata = match majority(places) {
            Some((place, k)) => Fact::learnt(place, format!("{k} of {n} PIRs")),
            None => Fact::default(MetadataPlace::Line, "no PIR has metadata yet"),
        };

        let severities: Vec<&str> = summaries
            .iter()
            .filter_map(|s| s.severity.as_deref())
            .collect();
        let scale = SeverityScale::learn(severities.iter().copied());
        let severity = if scale.levels.is_empty() {
            Fact::default(
                SeverityScale::learn(["Critical", "High", "Medium", "Low"]),
                "no PIR names a severity yet",
            )
        } else {
            let k = severities.len();
            Fact::learnt(scale, format!("the Severity of {k} PIR{}", plural(k)))
        };

        let styles = summaries.iter().filter_map(|s| s.timeline_style);
        let timeline = match majority(styles) {
            Some((s, k)) => Fact::learnt(s, format!("{k} of {n} PIRs")),
            None => Fact::default(TimelineStyle::Table, "no PIR has a timeline yet"),
        };

        let timeline_zone = zone_fact(summaries);
        let timeline_times =
            match majority(summaries.iter().filter_map(|s| s.timeline_times.clone())) {
                Some((p, k)) => {
                    let m = summaries
                        .iter()
                        .filter(|s| s.timeline_times.is_some())
                        .count();
                    Fact::learnt(Some(p), format!("the timeline rows of {k} of {m} PIRs"))
                }
                None => Fact::default(None, "no PIR's timeline has a row with a time yet"),
            };

        let nav = nav_policy(site, summaries);
        let branch = branch_pattern(site, summaries);
        let index_pages = index_pages_fact(site)?;
        let images_folder = match super::assets::learnt_folder(site) {
            Some(l) => Fact::learnt(
                l.folder,
                format!(
                    "{} of {} image{} the PIRs show",
                    l.images,
                    l.total,
                    if l.total == 1 { "" } else { "s" }
                ),
            ),
            None => Fact::default(
                super::assets::DEFAULT_FOLDER.to_string(),
                "no PIR shows an image from the docs folder yet",
            ),
        };
        Ok(SiteProfile {
            pirs_folder,
            file_names,
            template: template_fact,
            sections,
            fields,
            metadata,
            severity,
            timeline,
            timeline_zone,
            timeline_times,
            nav,
            branch,
            index_pages,
            images_folder,
        })
    }

    /// Replaces learnt values with those `overrides` gives (`text` is the file, for lines).
    pub fn apply(&mut self, o: &Overrides, text: &str) {
        fn set<T>(fact: &mut Fact<T>, value: Option<T>, key: &str, text: &str) {
            if let Some(v) = value {
                *fact = Fact {
                    value: v,
                    origin: Origin::Override {
                        line: key_line(text, key),
                    },
                };
            }
        }
        set(
            &mut self.pirs_folder,
            // As the site reads it (see `Site::open`).
            o.pirs_folder
                .as_deref()
                .map(|f| f.trim().trim_matches('/').to_string()),
            "pirs_folder",
            text,
        );
        set(
            &mut self.file_names,
            o.file_names.clone(),
            "file_names",
            text,
        );
        set(
            &mut self.template,
            o.template.clone().map(Some),
            "template",
            text,
        );
        set(&mut self.sections, o.sections.clone(), "sections", text);
        set(&mut self.fields, o.fields.clone(), "fields", text);
        set(&mut self.metadata, o.metadata, "metadata", text);
        let scale = o.severity.as_deref().map(SeverityScale::declared);
        set(&mut self.severity, scale, "severity", text);
        set(&mut self.timeline, o.timeline, "timeline", text);
        let zone = o.timeline_zone.as_deref().map(str::trim);
        let zone = zone.map(|z| (!z.is_empty()).then(|| z.to_string()));
        set(&mut self.timeline_zone, zone, "timeline_zone", text);
        let times = o.timeline_times.as_deref().map(str::trim);
        let times = times.map(|p| (!p.is_empty()).then(|| p.to_string()));
        set(&mut self.timeline_times, times, "timeline_times", text);
        set(&mut self.nav, o.nav, "nav", text);
        set(&mut self.branch, o.branch.clone(), "branch", text);
        set(
            &mut self.images_folder,
            // As the assets read it (see `assets::folder_pattern`).
            o.images_folder
                .as_deref()
                .map(|f| f.trim_matches('/').to_string()),
            "images_folder",
            text,
        );
        // The pages are those `.pir.toml` names already (the site reads the key when it
        // opens, see `Site::keeps_page`); only the origin is said here.
        if o.index_pages.is_some() {
            self.index_pages.origin = Origin::Override {
                line: key_line(text, "index_pages"),
            };
        }
    }

    /// The profile's values as `.pir.toml` keys: what `pir profile --write` writes.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            pirs_folder: Some(self.pirs_folder.value.clone()),
            file_names: Some(self.file_names.value.clone()),
            template: self.template.value.clone(),
            sections: Some(self.sections.value.clone()),
            fields: Some(self.fields.value.clone()),
            metadata: Some(self.metadata.value),
            severity: Some(self.severity.value.full()),
            timeline: Some(self.timeline.value),
            timeline_zone: self.timeline_zone.value.clone(),
            timeline_times: self.timeline_times.value.clone(),
            nav: Some(self.nav.value),
            branch: Some(self.branch.value.clone()),
            index_pages: Some(self.index_page_paths()),
            images_folder: Some(self.images_folder.value.clone()),
        }
    }

    /// The docs-relative paths of [`SiteProfile::index_pages`], once each, in order.
    pub fn index_page_paths(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for page in &self.index_pages.value {
            let rel = page.split_once(": ").map_or(page.as_str(), |(r, _)| r);
            if !out.iter().any(|o| o == rel) {
                out.push(rel.to_string());
            }
        }
        out
    }

    /// Every value as one line of text with where it came from, in key order: what
    /// `pir profile` prints (`key`, `value`, `origin`).
    pub fn describe(&self) -> Vec<(&'static str, String, String)> {
        fn origin(o: &Origin) -> String {
            match o {
                Origin::Learnt { evidence } => format!("learnt from {evidence}"),
                Origin::Override { line } => format!("{PROFILE_FILE} line {line}"),
                Origin::Default { reason } => format!("default: {reason}"),
            }
        }
        let json = |v: serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
        vec![
            (
                "pirs_folder",
                self.pirs_folder.value.clone(),
                origin(&self.pirs_folder.origin),
            ),
            (
                "file_names",
                self.file_names.value.clone(),
                origin(&self.file_names.origin),
            ),
            (
                "template",
                self.template.value.clone().unwrap_or_else(|| {
                    match self.template.origin {
                        Origin::Learnt { .. } => "(the newest PIR's skeleton)",
                        _ => "(built-in)",
                    }
                    .into()
                }),
                origin(&self.template.origin),
            ),
            (
                "sections",
                self.sections.value.join(" | "),
                origin(&self.sections.origin),
            ),
            (
                "fields",
                self.fields.value.join(", "),
                origin(&self.fields.origin),
            ),
            (
                "metadata",
                json(serde_json::to_value(self.metadata.value).unwrap_or_default()),
                origin(&self.metadata.origin),
            ),
            (
                "severity",
                self.severity.value.levels.join(", "),
                origin(&self.severity.origin),
            ),
            (
                "timeline",
                json(serde_json::to_value(self.timeline.value).unwrap_or_default()),
                origin(&self.timeline.origin),
            ),
            (
                "timeline_zone",
                self.timeline_zone
                    .value
                    .clone()
                    .unwrap_or_else(|| "(the template's)".into()),
                origin(&self.timeline_zone.origin),
            ),
            (
                "timeline_times",
                self.timeline_times
                    .value
                    .clone()
                    .unwrap_or_else(|| "(the template's)".into()),
                origin(&self.timeline_times.origin),
            ),
            (
                "nav",
                json(serde_json::to_value(self.nav.value).unwrap_or_default()),
                origin(&self.nav.origin),
            ),
            (
                "branch",
                self.branch.value.clone(),
                origin(&self.branch.origin),
            ),
            (
                "index_pages",
                match self.index_pages.value.as_slice() {
                    [] => "(none)".to_string(),
                    pages => pages.join("; "),
                },
                origin(&self.index_pages.origin),
            ),
            (
                "images_folder",
                self.images_folder.value.clone(),
                origin(&self.images_folder.origin),
            ),
        ]
    }

    /// The file name of a new PIR by the site's pattern: `{date}` is `date`, `{slug}` the
    /// title's slug, `{number}` one more than the highest number among `existing` names of
    /// the same pattern (1 for the first).
    pub fn file_name(&self, title: &str, date: NaiveDate, existing: &[String]) -> Result<String> {
        let pattern = &self.file_names.value;
        let slug = super::slug::slugify(title)?;
        let mut name = pattern
            .replace("{date}", &date.format("%Y-%m-%d").to_string())
            .replace("{slug}", &slug);
        if pattern.contains("{number}") {
            let (before, _) = pattern.split_once("{number}").unwrap_or((pattern, ""));
            let next = existing
                .iter()
                .filter(|n| fits(pattern, n))
                .filter_map(|n| {
                    let rest = n.get(before.len()..)?;
                    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    digits.parse::<u64>().ok()
                })
                .max()
                .map_or(1, |m| m + 1);
            name = name.replace("{number}", &next.to_string());
        }
        if !name.ends_with(".md") || name.contains(['/', '\\']) || !fits(pattern, &name) {
            return Err(CoreError::new(
                ErrorKind::Config,
                format!("the file name pattern {pattern} does not make a PIR file name ({name})"),
            ));
        }
        Ok(name)
    }

    /// The branch for the PIR at `path`: [`SiteProfile::branch`] with its slug.
    pub fn branch_for(&self, path: &Path) -> Option<String> {
        let slug = slug_of(path.file_name()?.to_str()?)?;
        Some(self.branch.value.replace("{slug}", &slug))
    }
}

/// The severity scale every view of `site` ranks and colours by: the one its `.pir.toml`
/// declares (`severity = [...]`, most severe first), else the one learnt from `severities`
/// (the PIRs' Severity fields as written). The list, the search and the metrics all take
/// it from here, so a declared order holds in each of them.
pub fn severity_scale<'a>(
    site: &Site,
    severities: impl IntoIterator<Item = &'a str>,
) -> SeverityScale {
    match &site.overrides.severity {
        Some(levels) => SeverityScale::declared(levels),
        None => SeverityScale::learn(severities),
    }
}

/// The zone the PIRs' timeline headings name: the zone most of them name (ties to the
/// newest), as the newest of those writes it.
fn zone_fact(summaries: &[PirSummary]) -> Fact<Option<String>> {
    let zones: Vec<&crate::timeline::TimeZoneLabel> = summaries
        .iter()
        .filter_map(|s| s.timeline_zone.as_ref())
        .collect();
    let with_timeline = summaries
        .iter()
        .filter(|s| s.timeline_style.is_some() || s.timeline_zone.is_some())
        .count();
    match majority(zones.iter().map(|z| z.label.to_uppercase())) {
        Some((label, k)) => {
            let raw = zones
                .iter()
                .find(|z| z.label.to_uppercase() == label)
                .map_or(label.clone(), |z| z.raw.clone());
            Fact::learnt(
                Some(raw),
                format!("the timeline headings of {k} of {with_timeline} PIRs, which name {label}"),
            )
        }
        None => Fact::default(None, "no PIR's timeline heading names a zone"),
    }
}

/// The pages that list the site's PIRs, each with the shape of its entries.
fn index_pages_fact(site: &Site) -> Result<Fact<Vec<String>>> {
    use super::table_index::ColumnRole;
    let mut pages = Vec::new();
    let home = site.docs_dir().join("index.md");
    if site.is_inside(&home) && home.is_file() {
        let text = fsio::read_text(&home)?.text;
        if site.keeps_page("index.md")
            && !site.list_generated("index.md", &text)
            && let Some(list) = super::index::parse_recent_list(&text)
        {
            let years = if list.years.is_empty() {
                ""
            } else {
                " under year headings"
            };
            pages.push(format!(
                "index.md: a list at line {}{years}",
                list.heading_line
            ));
        }
    }
    for page in super::table_index::index_pages(site)? {
        for t in &page.tables {
            let columns: Vec<&str> = t
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| match c {
                    _ if i == t.link_column => "Link",
                    ColumnRole::Date => "Date",
                    ColumnRole::Title => "Title",
                    ColumnRole::Severity => "Severity",
                    ColumnRole::Duration => "Duration",
                    ColumnRole::Status => "Status",
                    ColumnRole::Summary => "Summary",
                    ColumnRole::Other => "(other)",
                })
                .collect();
            let order = if t.newest_first {
                "newest first"
            } else {
                "oldest first"
            };
            pages.push(format!(
                "{}: a table at line {} ({}), {order}",
                page.rel,
                t.line,
                columns.join(" | ")
            ));
        }
    }
    // A page `.pir.toml` names that has nothing to keep is said so, not silently dropped.
    for rel in site.overrides.index_pages.iter().flatten() {
        let rel = super::normalize_page(rel);
        if !pages
            .iter()
            .any(|p| p.split_once(": ").is_some_and(|(r, _)| r == rel))
        {
            pages.push(format!("{rel}: no list or table of PIRs found"));
        }
    }
    Ok(if pages.is_empty() {
        Fact::default(pages, "no page lists the PIRs")
    } else {
        let n = pages.len();
        Fact::learnt(pages, format!("{n} list{} of PIRs", plural(n)))
    })
}

/// Where `.pir.toml` is (or would be written) for `site`: at the repository root (the
/// nearest folder above the site holding `.git`), else beside `mkdocs.yml`.
pub fn overrides_path(site: &Site) -> PathBuf {
    site.overrides_path.clone()
}

/// [`overrides_path`] of the site at `root` confined to `boundary`, before it is opened.
pub(crate) fn overrides_path_in(root: &Path, boundary: &Path) -> PathBuf {
    let mut dir = Some(root);
    while let Some(d) = dir {
        if d.join(".git").exists() {
            return d.join(PROFILE_FILE);
        }
        if !d.starts_with(boundary) {
            break;
        }
        dir = d.parent();
    }
    root.join(PROFILE_FILE)
}

/// Reads `.pir.toml`; errors carry the line and column TOML reports.
pub fn parse_overrides(text: &str) -> Result<Overrides> {
    toml::from_str::<Overrides>(text).map_err(|e| {
        let mut err = CoreError::new(
            ErrorKind::Config,
            format!("{PROFILE_FILE}: {}", e.message()),
        );
        if let Some(span) = e.span() {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            err = err.at(line, column);
        }
        err
    })
}

/// `overrides` as the text of a `.pir.toml`, each key with a comment saying what it means.
pub fn overrides_text(profile: &SiteProfile) -> String {
    let body = toml::to_string(&profile.overrides()).unwrap_or_default();
    format!(
        "# PIR Editor's profile of this site: what it assumes about its PIRs. Every key is\n\
         # optional; a key written here wins over what `pir profile` learns from the site.\n\
         # Keys: pirs_folder, file_names ({{date}}, {{number}}, {{slug}}), template, sections,\n\
         # fields (of Date, Duration, Severity, Status), metadata (line | table | front_matter), severity (most severe first),\n\
         # timeline (table | split_table | bullet_list | numbered_list),\n\
         # timeline_zone (the zone a new PIR's timeline heading names: \"AEST — UTC+10\"),\n\
         # timeline_times (how a row's time is written: {{time}}, **{{time}}**, **{{time}} AEST**),\n\
         # nav (kept_in_step | left_alone), branch ({{slug}}),\n\
         # index_pages (docs-relative pages whose PIR lists are kept in step; [] for none),\n\
         # images_folder (docs-relative folder of a PIR's pasted images, {{pir}}: its file name).\n\n{body}"
    )
}

pub(crate) fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn relative(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The most frequent value and how often it occurs; on a tie, the one seen first (the
/// newest, since PIRs are read newest first).
fn majority<T: Eq + std::hash::Hash + Clone>(items: impl Iterator<Item = T>) -> Option<(T, usize)> {
    let mut counts: HashMap<T, (usize, usize)> = HashMap::new();
    for (i, item) in items.enumerate() {
        counts.entry(item).or_insert((0, i)).0 += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .map(|(v, (k, _))| (v, k))
}

/// The level-2 headings more than half of the PIRs have, in the order of the newest PIR
/// holding them all: what a site without a template page expects.
fn common_sections(summaries: &[PirSummary]) -> Vec<String> {
    let n = summaries.len();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for s in summaries {
        let mut seen: Vec<String> = Vec::new();
        for h in &s.sections {
            let k = section_identity(h);
            if !seen.contains(&k) {
                *counts.entry(k.clone()).or_default() += 1;
                seen.push(k);
            }
        }
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for s in summaries {
        for h in &s.sections {
            let k = section_identity(h);
            if counts.get(&k).is_some_and(|c| c * 2 > n) && !out.iter().any(|(o, _)| *o == k) {
                out.push((k, h.clone()));
            }
        }
    }
    out.into_iter().map(|(_, h)| h).collect()
}

/// What makes two headings the same section across PIRs: a known section by its key
/// (`Timeline (AEST - UTC+10)` and `Timeline (AEST — UTC+10)` are both the timeline),
/// another by its words without a trailing `(...)` or `:`, in any case.
pub(crate) fn section_identity(heading: &str) -> String {
    if let Some(key) = crate::doc::section_key::SectionKey::from_heading(heading) {
        return format!("{key:?}");
    }
    let h = heading.trim();
    let h = match h.find(" (") {
        Some(i) if h.ends_with(')') => &h[..i],
        _ => h,
    };
    h.trim_end_matches(':')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The known metadata fields more than half of the PIRs have, in canonical order.
fn common_fields(summaries: &[PirSummary]) -> Vec<String> {
    let n = summaries.len();
    let have = |f: &str, s: &PirSummary| match f {
        "Date" => s.date_text.is_some(),
        "Duration" => s.duration.is_some(),
        "Severity" => s.severity.is_some(),
        _ => s.status.is_some(),
    };
    ["Date", "Duration", "Severity", "Status"]
        .into_iter()
        .filter(|f| summaries.iter().filter(|s| have(f, s)).count() * 2 > n)
        .map(String::from)
        .collect()
}

/// The level-2 headings of a template, in order (fenced code skipped).
fn h2_headings(text: &str) -> Vec<String> {
    let doc = Document::parse(text);
    doc.model()
        .sections
        .iter()
        .filter(|s| s.level == 2)
        .map(|s| s.heading.clone())
        .collect()
}

/// Whether new PIRs go into the nav: when the nav is explicit and not owned by a plugin,
/// unless the site stopped listing PIRs there (older PIRs in the nav, none of the newest: it
/// keeps them in an index page instead).
fn nav_policy(site: &Site, summaries: &[PirSummary]) -> Fact<NavPolicy> {
    use super::config::NavOwner;
    match site.config.nav_owner {
        NavOwner::Automatic => {
            return Fact::learnt(NavPolicy::LeftAlone, "mkdocs.yml has no nav");
        }
        NavOwner::Plugin => {
            return Fact::learnt(NavPolicy::LeftAlone, "a plugin or hook owns the nav");
        }
        NavOwner::Explicit => {}
    }
    let targets: Vec<&str> = site
        .config
        .nav
        .as_deref()
        .map(super::nav::nav_pages)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|e| e.target.as_deref())
        .collect();
    let newest: Vec<&PirSummary> = summaries.iter().take(5).collect();
    if newest.is_empty() {
        return Fact::learnt(NavPolicy::KeptInStep, "mkdocs.yml has an explicit nav");
    }
    let listed = newest
        .iter()
        .filter(|s| targets.contains(&s.rel.as_str()))
        .count();
    // Older PIRs in the nav but none of the newest: the site stopped listing them there.
    let older_listed = summaries
        .iter()
        .skip(newest.len())
        .any(|s| targets.contains(&s.rel.as_str()));
    if listed == 0 && older_listed {
        Fact::learnt(
            NavPolicy::LeftAlone,
            format!("none of the {} newest PIRs is in the nav", newest.len()),
        )
    } else {
        Fact::learnt(
            NavPolicy::KeptInStep,
            format!(
                "{listed} of the {} newest PIRs are in the nav",
                newest.len()
            ),
        )
    }
}

/// The slug of a PIR file name of any shape: the part after the date or number.
fn slug_of(name: &str) -> Option<String> {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let shape = name_shape(name);
    let slug = if shape.starts_with("{date}-") {
        stem.get(11..)?
    } else if shape.contains("{number}-") {
        let after = stem.split_once('-')?.1;
        after.split_once('-').map_or(after, |(_, s)| s)
    } else {
        stem
    };
    (!slug.is_empty()).then(|| slug.to_string())
}

/// The branch pattern the repository's branches follow for PIRs (`docs/pir-{slug}` when a
/// branch `docs/pir-db-outage` exists beside `db-outage.md`), else `pir/{slug}`.
fn branch_pattern(site: &Site, summaries: &[PirSummary]) -> Fact<String> {
    let slugs: Vec<String> = summaries
        .iter()
        .filter_map(|s| slug_of(s.path.file_name()?.to_str()?))
        .collect();
    let branches = crate::git::branch_names(&site.root).unwrap_or_default();
    let patterns = branches.iter().filter_map(|b| {
        slugs.iter().find_map(|slug| {
            let prefix = b.strip_suffix(slug.as_str())?;
            (!prefix.is_empty()).then(|| format!("{prefix}{{slug}}"))
        })
    });
    match majority(patterns) {
        Some((p, k)) => Fact::learnt(
            p,
            format!("{k} branch{} named so", if k == 1 { "" } else { "es" }),
        ),
        None => Fact::default(
            "pir/{slug}".into(),
            "no branch of the repository names a PIR",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_have_shapes() {
        for (name, shape) in [
            ("2026-03-30-db-outage.md", "{date}-{slug}.md"),
            ("2026-03-30-microk8s-1.35-upgrade.md", "{date}-{slug}.md"),
            ("INC-2041-card-auth-timeouts.md", "INC-{number}-{slug}.md"),
            ("inc-7.md", "inc-{number}.md"),
            ("db-outage.md", "{slug}.md"),
            ("2026-13-01-x.md", "{slug}.md"),
        ] {
            assert_eq!(name_shape(name), shape, "{name}");
            assert!(fits(shape, name), "{name}");
        }
        assert!(!fits("{date}-{slug}.md", "INC-1-x.md"));
        assert!(!fits("INC-{number}-{slug}.md", "PRB-1-x.md"));
    }

    #[test]
    fn slugs_of_every_shape() {
        assert_eq!(
            slug_of("2026-03-30-db-outage.md").as_deref(),
            Some("db-outage")
        );
        assert_eq!(
            slug_of("INC-2041-card-auth.md").as_deref(),
            Some("card-auth")
        );
        assert_eq!(slug_of("db-outage.md").as_deref(), Some("db-outage"));
    }

    #[test]
    fn new_file_names_follow_the_pattern() {
        let site_profile = |pattern: &str| SiteProfile {
            file_names: Fact::default(pattern.to_string(), "test"),
            ..dummy()
        };
        let d = NaiveDate::from_ymd_opt(2026, 9, 14).unwrap();
        let existing = vec![
            "INC-2041-a.md".to_string(),
            "INC-2050-b.md".to_string(),
            "notes.md".to_string(),
        ];
        assert_eq!(
            site_profile("INC-{number}-{slug}.md")
                .file_name("Card auth timeouts", d, &existing)
                .unwrap(),
            "INC-2051-card-auth-timeouts.md"
        );
        assert_eq!(
            site_profile("INC-{number}-{slug}.md")
                .file_name("First", d, &[])
                .unwrap(),
            "INC-1-first.md"
        );
        assert_eq!(
            site_profile("{date}-{slug}.md")
                .file_name("Cert expiry", d, &[])
                .unwrap(),
            "2026-09-14-cert-expiry.md"
        );
        assert_eq!(
            site_profile("{slug}.md")
                .file_name("Cert expiry", d, &[])
                .unwrap(),
            "cert-expiry.md"
        );
        assert!(site_profile("{slug}.txt").file_name("x", d, &[]).is_err());
    }

    fn dummy() -> SiteProfile {
        let f = |v: &str| Fact::default(v.to_string(), "test");
        SiteProfile {
            pirs_folder: f("incidents"),
            file_names: f("{date}-{slug}.md"),
            template: Fact::default(None, "test"),
            sections: Fact::default(Vec::new(), "test"),
            fields: Fact::default(Vec::new(), "test"),
            metadata: Fact::default(MetadataPlace::Line, "test"),
            severity: Fact::default(SeverityScale::default(), "test"),
            timeline: Fact::default(TimelineStyle::Table, "test"),
            timeline_zone: Fact::default(None, "test"),
            timeline_times: Fact::default(None, "test"),
            nav: Fact::default(NavPolicy::KeptInStep, "test"),
            branch: f("pir/{slug}"),
            index_pages: Fact::default(Vec::new(), "test"),
            images_folder: f("assets/{pir}"),
        }
    }

    #[test]
    fn the_majority_wins_and_ties_go_to_the_first_seen() {
        assert_eq!(majority(["a", "b", "b"].into_iter()), Some(("b", 2)));
        assert_eq!(majority(["a", "b"].into_iter()), Some(("a", 1)));
        assert_eq!(majority(std::iter::empty::<&str>()), None);
    }

    #[test]
    fn bad_overrides_say_where() {
        let e = parse_overrides("nav = \"kept_in_step\"\nfile_nmes = \"x\"\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Config);
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("file_nmes"), "{}", e.message);
        let e = parse_overrides("timeline = \"spiral\"\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        let o = parse_overrides("severity = [\"P1\", \"P2\"]\n").unwrap();
        assert_eq!(o.severity, Some(vec!["P1".into(), "P2".into()]));
    }
}
