//! Which site the desktop app opens, and the sites it remembers between runs.
//!
//! On start the app opens, in this order: the folder given on its command line; the last
//! site opened that still exists; the sample site, written on first run into the user's data
//! folder and made a git repository so saving and committing work there like anywhere else.
//! Every site opened goes to the top of the recent-sites list, a small JSON file in the user's
//! config folder.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, ErrorKind, Result};
use crate::fsio::{self, WriteMode};
use crate::sample;
use crate::site::check::{SiteCheck, site_check};
use crate::site::overview::{SiteOverview, overview};
use crate::site::{CONFIG_FILE, Site};

/// How many sites the recent list keeps.
pub const MAX_RECENT: usize = 10;

/// The name of the recent-sites file in the app's config folder.
pub const RECENT_FILE: &str = "recent-sites.json";

/// The name of the sample site's folder in the app's data folder.
pub const SAMPLE_DIR: &str = "sample-site";

/// A site in the recent list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecentSite {
    /// The site's folder.
    pub path: PathBuf,
    /// Whether it still holds a `mkdocs.yml` (a moved or deleted site stays listed, greyed).
    pub available: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct RecentFile {
    #[serde(default)]
    sites: Vec<PathBuf>,
}

fn read_recent(file: &Path) -> Result<Vec<PathBuf>> {
    match fsio::read_text(file) {
        Ok(loaded) => serde_json::from_str::<RecentFile>(&loaded.text)
            .map(|r| r.sites)
            .map_err(|e| {
                CoreError::new(
                    ErrorKind::Parse,
                    format!("recent-sites list is damaged: {e}"),
                )
                .with_path(file)
                .at(e.line(), e.column())
            }),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// The recent sites in `file`, most recent first; none when the file does not exist yet.
pub fn recent_sites(file: &Path) -> Result<Vec<RecentSite>> {
    Ok(read_recent(file)?
        .into_iter()
        .map(|path| RecentSite {
            available: path.join(CONFIG_FILE).is_file(),
            path,
        })
        .collect())
}

/// Puts `root` at the top of the recent list in `file` (creating it and its folder).
///
/// A damaged list is replaced rather than kept: it only saves the user a few clicks.
pub fn remember_site(file: &Path, root: &Path) -> Result<()> {
    let mut sites = read_recent(file).unwrap_or_default();
    sites.retain(|p| p != root);
    sites.insert(0, root.to_path_buf());
    sites.truncate(MAX_RECENT);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| CoreError::io("cannot create the config folder", dir, &e))?;
    }
    let json = serde_json::to_string_pretty(&RecentFile { sites }).map_err(|e| {
        CoreError::new(
            ErrorKind::Io,
            format!("cannot encode the recent-sites list: {e}"),
        )
    })?;
    fsio::write_atomic(file, json.as_bytes(), WriteMode::Overwrite)?;
    Ok(())
}

/// What the app shows of a site it opens, in one answer: the list is drawn from it at once,
/// where asking for each part in turn cost a round trip and a redraw apiece on the start's path.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpenedSite {
    /// The site's name, folders and PIR files.
    pub overview: SiteOverview,
    /// Every PIR's summary and the problems `pir check` finds.
    pub check: SiteCheck,
    /// The recent-sites list after this site went to its top.
    pub recent: Vec<RecentSite>,
}

/// Opens the site containing `start`, checks its PIRs and remembers it in `recent_file`.
///
/// Failing to update or read the recent list does not fail the opening: the site is open and
/// usable; only the shortcut for next time is lost.
pub fn open_site(start: &Path, recent_file: &Path) -> Result<OpenedSite> {
    let site = Site::open(start)?;
    let overview = overview(&site)?;
    let check = site_check(&site)?;
    let _ = remember_site(recent_file, &overview.root);
    let recent = recent_sites(recent_file).unwrap_or_default();
    Ok(OpenedSite {
        overview,
        check,
        recent,
    })
}

/// Opens the site the app starts on (see [`startup_site`]) as [`open_site`] does.
pub fn open_startup_site(
    arg: Option<&Path>,
    recent_file: &Path,
    data_dir: &Path,
) -> Result<OpenedSite> {
    open_site(&startup_site(arg, recent_file, data_dir)?, recent_file)
}

/// The site to open at start: `arg` when given; else the most recent site that still exists;
/// else the sample site in `data_dir` (written there on first use, see [`ensure_sample_site`]).
pub fn startup_site(arg: Option<&Path>, recent_file: &Path, data_dir: &Path) -> Result<PathBuf> {
    if let Some(arg) = arg {
        return std::path::absolute(arg)
            .map_err(|e| CoreError::io("cannot resolve folder", arg, &e));
    }
    let recent = recent_sites(recent_file).unwrap_or_default();
    if let Some(site) = recent.into_iter().find(|s| s.available) {
        return Ok(site.path);
    }
    ensure_sample_site(&data_dir.join(SAMPLE_DIR))
}

/// Makes sure the sample site exists in `dest` and returns its root.
///
/// On first use the sample files are written and the folder becomes a git repository with
/// one commit, so the app's save-and-commit flow can be tried on it. Without `git` on the
/// PATH the site is still written, only not versioned. An existing sample site (which the user
/// may have edited) is left as it is.
pub fn ensure_sample_site(dest: &Path) -> Result<PathBuf> {
    if !dest.join(CONFIG_FILE).is_file() {
        sample::write_sample_site(dest)?;
        // TODO(git): use the git module once it exists; the CLI does the same job meanwhile.
        init_repository(dest)?;
    }
    std::path::absolute(dest).map_err(|e| CoreError::io("cannot resolve folder", dest, &e))
}

/// `git init` and one commit of everything in `dir`; nothing when git is not installed.
fn init_repository(dir: &Path) -> Result<()> {
    let steps: [&[&str]; 3] = [
        &["init", "--quiet"],
        &["add", "--all"],
        &[
            "-c",
            "user.name=PIR Editor",
            "-c",
            "user.email=pir-editor@localhost",
            "commit",
            "--quiet",
            "--no-gpg-sign",
            "-m",
            "Sample PIR site",
        ],
    ];
    for args in steps {
        let output = match Command::new("git").args(args).current_dir(dir).output() {
            Ok(o) => o,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(CoreError::io("cannot run git", dir, &e)),
        };
        if !output.status.success() {
            return Err(CoreError::new(
                ErrorKind::Git,
                format!(
                    "git {} failed: {}",
                    args.iter()
                        .find(|a| !a.starts_with('-') && !a.contains('='))
                        .unwrap_or(&""),
                    String::from_utf8_lossy(&output.stderr).trim()
                ),
            )
            .with_path(dir));
        }
    }
    Ok(())
}
