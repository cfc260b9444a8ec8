//! A PIR docs site: the MkDocs project PIRs live in, and its conventions.
//!
//! - [`check`]: what `pir check` reports: PIRs missing from nav or list, stale entries, ...
//! - [`config`]: what `mkdocs.yml` says (docs folder, nav, plugins, hooks).
//! - [`yaml`]: a position-keeping YAML reader tolerant of mkdocs' custom tags.
//! - [`nav`]: adding a PIR to an explicit nav without disturbing the rest of the file.
//! - [`owners`]: plugins, per-folder nav files and hooks that own the nav or the lists.
//! - [`index`]: the home page's "Recent Incidents" list.
//! - [`table_index`]: tables of incidents on index pages (a row per PIR).
//! - [`new`]: creating a PIR with its nav and home-list entries.
//! - [`overview`]: what a site is called and which PIR files it holds, for a first look.
//! - [`slug`]: `YYYY-MM-DD-brief-description.md` file names.
//! - [`summary`]: what the list and the checks know of one PIR.
//! - [`sync`]: fixing mechanically what `check` finds.

pub mod check;
pub mod config;
pub mod index;
pub mod nav;
pub mod new;
pub mod overview;
pub mod owners;
pub mod slug;
pub mod summary;
pub mod sync;
pub mod table_index;
pub mod yaml;

use std::path::{Path, PathBuf};

use crate::error::{CoreError, ErrorKind, Result};
use crate::fsio::{self, Fingerprint};
pub use config::{NavEntry, NavOwner, SiteConfig};

/// The name of the MkDocs configuration file.
pub const CONFIG_FILE: &str = "mkdocs.yml";

/// An opened docs site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The folder holding `mkdocs.yml`.
    pub root: PathBuf,
    /// What `mkdocs.yml` says.
    pub config: SiteConfig,
    /// The text of `mkdocs.yml` as read, for lossless edits.
    pub config_text: String,
    /// What `mkdocs.yml` was when read, so a write refuses to clobber a newer version.
    pub config_fingerprint: Fingerprint,
    /// The incidents folder, relative to the docs folder, with `/` separators (`incidents`).
    pub incidents_rel: String,
}

/// Walks up from `start` (a folder or a file inside a site) to the folder holding `mkdocs.yml`.
pub fn find_root(start: &Path) -> Result<PathBuf> {
    let start = if start.is_file() {
        start.parent().unwrap_or(start)
    } else {
        start
    };
    // canonicalize also resolves `..`, so paths in messages read as the user expects.
    let abs = std::fs::canonicalize(start)
        .or_else(|_| std::path::absolute(start))
        .map_err(|e| CoreError::io("cannot resolve folder", start, &e))?;
    let mut dir = Some(abs.as_path());
    while let Some(d) = dir {
        if d.join(CONFIG_FILE).is_file() {
            return Ok(d.to_path_buf());
        }
        dir = d.parent();
    }
    Err(CoreError::new(
        ErrorKind::Config,
        "no mkdocs.yml here or in any folder above: open the folder of an MkDocs site",
    )
    .with_path(start))
}

impl Site {
    /// Opens the site containing `start`.
    pub fn open(start: &Path) -> Result<Site> {
        let root = find_root(start)?;
        let config_path = root.join(CONFIG_FILE);
        let loaded = fsio::read_text(&config_path)?;
        let mut config = SiteConfig::parse(&loaded.text).map_err(|e| e.with_path(&config_path))?;
        let docs = root.join(&config.docs_dir);
        if !docs.is_dir() {
            return Err(CoreError::new(
                ErrorKind::Config,
                format!("docs_dir `{}` does not exist", config.docs_dir),
            )
            .with_path(&config_path));
        }
        let incidents_rel = detect_incidents_folder(&docs, &config);
        // A per-folder nav file or an `on_nav` hook owns the nav as surely as a plugin does.
        if owners::nav_file(&docs, &docs.join(&incidents_rel)).is_some()
            || owners::hooks_own_nav(&owners::hook_texts(&root, &config.hooks))
        {
            config.nav_owner = NavOwner::Plugin;
        }
        Ok(Site {
            root,
            config,
            config_text: loaded.text,
            config_fingerprint: loaded.fingerprint,
            incidents_rel,
        })
    }

    /// The path of `mkdocs.yml`.
    pub fn config_path(&self) -> PathBuf {
        self.root.join(CONFIG_FILE)
    }

    /// The docs folder.
    pub fn docs_dir(&self) -> PathBuf {
        self.root.join(&self.config.docs_dir)
    }

    /// The incidents folder.
    pub fn incidents_dir(&self) -> PathBuf {
        self.docs_dir().join(&self.incidents_rel)
    }

    /// `path` relative to the docs folder with `/` separators, as nav and links write it.
    pub fn docs_relative(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(self.docs_dir()).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }

    /// The PIR files of the incidents folder (`*.md` except index pages), sorted by name.
    pub fn pir_files(&self) -> Result<Vec<PathBuf>> {
        let dir = self.incidents_dir();
        let read = match std::fs::read_dir(&dir) {
            Ok(r) => r,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(CoreError::io("cannot list the incidents folder", &dir, &e)),
        };
        let mut files: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_pir_name(p) && p.is_file())
            .collect();
        files.sort();
        Ok(files)
    }

    /// Whether `path` is (or, once written or after being deleted, would be) one of the
    /// site's PIR files: a `*.md` file directly in the incidents folder that is not an index,
    /// readme or template page. Looks only at the path, never at the disk.
    pub fn is_pir_path(&self, path: &Path) -> bool {
        path.parent() == Some(self.incidents_dir().as_path()) && is_pir_name(path)
    }
}

/// A `*.md` file name other than the index, readme and template pages.
fn is_pir_name(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| is_pir_file_name(&n.to_string_lossy()))
}

/// Whether a file of the incidents folder is a PIR by its name: any `*.md` except the
/// folder's index, readme and template pages.
pub fn is_pir_file_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.ends_with(".md")
        && !matches!(
            name.as_str(),
            "index.md" | "readme.md" | "template.md" | "pir-template.md"
        )
}

/// The incidents folder relative to `docs`: `incidents` when it exists, else the folder most
/// nav entries with dated file names point into, else the first sub-folder holding dated
/// files, else `incidents` (created on the first new PIR).
fn detect_incidents_folder(docs: &Path, config: &SiteConfig) -> String {
    if docs.join("incidents").is_dir() {
        return "incidents".to_string();
    }
    if let Some(nav) = &config.nav {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for page in nav::nav_pages(nav) {
            let Some(t) = page.target.as_deref() else {
                continue;
            };
            let (dir, file) = t.rsplit_once('/').unwrap_or(("", t));
            if slug::parse_pir_file_name(file).is_some() && !dir.is_empty() {
                match counts.iter_mut().find(|(d, _)| d == dir) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((dir.to_string(), 1)),
                }
            }
        }
        if let Some((dir, _)) = counts.into_iter().max_by_key(|(_, n)| *n) {
            return dir;
        }
    }
    if let Ok(read) = std::fs::read_dir(docs) {
        let mut dirs: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for d in dirs {
            let has_dated = std::fs::read_dir(&d).is_ok_and(|r| {
                r.filter_map(|e| e.ok())
                    .any(|e| slug::parse_pir_file_name(&e.file_name().to_string_lossy()).is_some())
            });
            if has_dated {
                if let Some(name) = d.file_name() {
                    return name.to_string_lossy().into_owned();
                }
            }
        }
    }
    "incidents".to_string()
}
