//! A first look at a site: its name and its PIR files, dated from their file names.
//!
//! This is what the app shows as soon as a site is opened. It reads only `mkdocs.yml` and the
//! incidents folder's listing, so it is quick on any site; what each PIR says (title,
//! severity, status) comes from reading the documents themselves.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{NavOwner, Site, slug};
use crate::error::Result;

/// One PIR file of a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PirFile {
    /// The file.
    pub path: PathBuf,
    /// Its name (`2026-03-14-payments-api-tls-certificate-expiry.md`).
    pub file_name: String,
    /// The date its name starts with, when the name follows `YYYY-MM-DD-slug.md`.
    pub date: Option<NaiveDate>,
    /// The slug after the date, when the name follows the convention.
    pub slug: Option<String>,
}

/// What the app shows of a site it has just opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SiteOverview {
    /// The folder holding `mkdocs.yml`.
    pub root: PathBuf,
    /// `site_name`, else the folder's name.
    pub name: String,
    /// The incidents folder.
    pub incidents_dir: PathBuf,
    /// Who owns the nav (whether new PIRs get a nav entry).
    pub nav_owner: NavOwner,
    /// The PIR files, newest first (by the date in their name, then by name).
    pub pirs: Vec<PirFile>,
}

/// The overview of an opened site.
pub fn overview(site: &Site) -> Result<SiteOverview> {
    let mut pirs: Vec<PirFile> = site
        .pir_files()?
        .into_iter()
        .map(|path| {
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let parsed = slug::parse_pir_file_name(&file_name);
            PirFile {
                date: parsed.map(|(d, _)| d),
                slug: parsed.map(|(_, s)| s.to_string()),
                file_name,
                path,
            }
        })
        .collect();
    pirs.sort_by(|a, b| b.date.cmp(&a.date).then(a.file_name.cmp(&b.file_name)));
    let name = site
        .config
        .site_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| {
            site.root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| site.root.display().to_string());
    Ok(SiteOverview {
        root: site.root.clone(),
        name,
        incidents_dir: site.incidents_dir(),
        nav_owner: site.config.nav_owner,
        pirs,
    })
}

/// Opens the site containing `start` and gives its overview.
pub fn open_overview(start: &Path) -> Result<SiteOverview> {
    overview(&Site::open(start)?)
}
