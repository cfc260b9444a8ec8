//! The Site settings page: the site profile with where each value came from, and the
//! `.pir.toml` that overrides it, read and written here so the app and `pir profile` agree.
//!
//! The page edits the file's text rather than a form of fields: a team's `.pir.toml` may carry
//! comments and an order of its own, and a text saved as typed keeps every byte the author did
//! not change. Nothing reaches the disk that does not parse as a profile, and a file changed by
//! someone else since the page read it is a conflict, not overwritten.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Site;
use super::profile::{SiteProfile, overrides_text, parse_overrides};
use crate::error::Result;
use crate::fsio::{self, Fingerprint, WriteMode};

/// One value of the profile as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProfileRow {
    /// The `.pir.toml` key (`file_names`).
    pub key: String,
    /// The value in words (`{date}-{slug}.md`).
    pub value: String,
    /// Where it came from (`learnt from 3 of 3 PIR files`, `.pir.toml line 4`).
    pub origin: String,
}

/// What the Site settings page shows and edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SiteSettings {
    /// The profile in effect, one row per key, in `pir profile`'s order.
    pub rows: Vec<ProfileRow>,
    /// Where `.pir.toml` is or would be written: relative to the site's folder when inside it
    /// (`.pir.toml`), else the full path (a repository root above the site).
    pub file: String,
    /// The file's text; when there is no file yet, the profile learnt from the site written as
    /// one, to start editing from.
    pub text: String,
    /// What the file was when read, for [`write_settings`] to check; `None`: no file yet.
    pub fingerprint: Option<Fingerprint>,
}

/// The settings of `site`: its profile and its `.pir.toml` as the site read them when it
/// opened (a file that does not parse stops the site opening, at its line).
pub fn settings(site: &Site) -> Result<SiteSettings> {
    let profile = SiteProfile::of(site)?;
    let (text, fingerprint) = match &site.overrides_file {
        Some(file) => (file.text.clone(), Some(file.fingerprint)),
        None => (overrides_text(&profile), None),
    };
    Ok(SiteSettings {
        rows: rows(&profile),
        file: shown_path(&site.root, &site.overrides_path),
        text,
        fingerprint,
    })
}

/// Writes `text` as the site's `.pir.toml` and gives the settings that follow from it.
///
/// `base` is the fingerprint the page read (`None` when there was no file): a file changed
/// since is a [`Conflict`](crate::ErrorKind::Conflict), one created since
/// [`AlreadyExists`](crate::ErrorKind::AlreadyExists). A text that is not a valid profile is
/// a [`Config`](crate::ErrorKind::Config) error with its line and column, and nothing is
/// written.
pub fn write_settings(site: &Site, text: &str, base: Option<Fingerprint>) -> Result<SiteSettings> {
    let path = &site.overrides_path;
    parse_overrides(text).map_err(|e| e.with_path(path))?;
    let mode = match base {
        Some(f) => WriteMode::Replace(f),
        None => WriteMode::CreateNew,
    };
    fsio::write_atomic(path, text.as_bytes(), mode)?;
    // The site as the new file makes it: what it keeps in step, the template and the scale
    // it follows are read when it opens.
    settings(&Site::open(&site.root)?)
}

fn rows(profile: &SiteProfile) -> Vec<ProfileRow> {
    profile
        .describe()
        .into_iter()
        .map(|(key, value, origin)| ProfileRow {
            key: key.to_string(),
            value,
            origin,
        })
        .collect()
}

fn shown_path(root: &Path, path: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(rel) => rel.to_string_lossy().into_owned(),
        Err(_) => path.to_string_lossy().into_owned(),
    }
}
