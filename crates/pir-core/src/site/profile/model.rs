//! The profile's types: every value a [`Fact`] that carries its [`Origin`], so `pir profile`
//! and the Site settings page can say where each assumption came from; and how a site's profile
//! is made: learnt from the site, then overridden by `.pir.toml`.

use serde::{Deserialize, Serialize};

use crate::doc::{MetadataPlace, TimelineStyle};
use crate::error::Result;
use crate::severity::SeverityScale;
use crate::site::Site;
use crate::site::summary::PirSummary;

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
    /// the images the site's PIRs show are in (see [`crate::site::assets::folder_pattern`]).
    pub images_folder: Fact<String>,
}

impl SiteProfile {
    /// The profile of `site`: learnt from its files, then overridden by `.pir.toml`.
    ///
    /// A `.pir.toml` that is not valid TOML, names an unknown key or gives a value of the
    /// wrong type is an [`ErrorKind::Config`](crate::error::ErrorKind::Config) error with its
    /// line and column.
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
