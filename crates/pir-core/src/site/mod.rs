//! A PIR docs site: the MkDocs project PIRs live in, and its conventions.
//!
//! - [`assets`]: where a PIR's images go, and storing a pasted or dropped one there.
//! - [`check`]: what `pir check` reports: PIRs missing from nav or list, stale entries, ...
//! - [`confine`]: keeping every file the site names inside its repository.
//! - [`config`]: what `mkdocs.yml` says (docs folder, nav, plugins, hooks).
//! - [`yaml`]: a position-keeping YAML reader tolerant of mkdocs' custom tags.
//! - [`nav`]: adding a PIR to an explicit nav without disturbing the rest of the file.
//! - [`owners`]: plugins, per-folder nav files and hooks that own the nav or the lists.
//! - [`index`]: the home page's "Recent Incidents" list.
//! - `link_text`: how a link names a PIR (`2026-01-02 - Title`), read and written.
//! - [`link_targets`]: the pages and headings a link in a PIR can point to, and a search.
//! - [`links`]: where a link in a page leads, for the preview to follow it in the app.
//! - [`preview_images`]: which of a page's images the preview shows, and their bytes.
//! - [`settings`]: the Site settings page: the profile and `.pir.toml`.
//! - [`table_index`]: tables of incidents on index pages (a row per PIR).
//! - [`templates`]: which template the site's new PIRs start from.
//! - [`new`]: creating a PIR with its nav and home-list entries.
//! - [`profile`]: what the product assumes about a site, learnt from it, overridable in
//!   `.pir.toml`.
//! - [`overview`]: what a site is called and which PIR files it holds, for a first look.
//! - [`slug`]: `YYYY-MM-DD-brief-description.md` file names.
//! - [`summary`]: what the list and the checks know of one PIR.
//! - [`sync`]: fixing mechanically what `check` finds.

pub mod assets;
pub mod check;
pub mod config;
pub mod confine;
pub mod index;
pub mod link_targets;
pub(crate) mod link_text;
pub mod links;
pub mod nav;
pub mod new;
pub mod overview;
pub mod owners;
pub mod preview_images;
pub mod profile;
pub mod settings;
pub mod slug;
pub mod summary;
pub mod sync;
pub mod table_index;
pub mod templates;
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
    /// The folder every file the site names must resolve into (see [`confine::boundary`]):
    /// nothing outside it is read into the site's lists or written.
    pub boundary: PathBuf,
    /// What the site's `.pir.toml` says (empty without one), read once with the site so that
    /// every view (list, search, metrics, new, sync, check) follows the same file.
    pub overrides: profile::Overrides,
    /// Where `.pir.toml` is, or would be written (see [`profile::overrides_path`]).
    pub overrides_path: PathBuf,
    /// `.pir.toml` as read when the site opened (its text, for the lines the profile and the
    /// checks name, and its fingerprint, for a write that must not clobber a newer file);
    /// `None` without one.
    pub overrides_file: Option<fsio::Loaded>,
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

/// A failure to read `mkdocs.yml`, said of a site configuration rather than of a PIR: a file
/// too large is a [`ErrorKind::Config`] error saying that a configuration is a few kilobytes.
fn config_read_error(e: CoreError) -> CoreError {
    if e.kind != ErrorKind::TooLarge {
        return e;
    }
    let mut out = CoreError::new(
        ErrorKind::Config,
        format!(
            "{CONFIG_FILE} is too large to be a site configuration (over {} MiB; one is a few \
             kilobytes): check that it is the file mkdocs reads",
            fsio::MAX_FILE_BYTES / (1024 * 1024)
        ),
    );
    out.path = e.path;
    out
}

impl Site {
    /// Opens the site containing `start`.
    ///
    /// A `docs_dir`, a nav entry or a symlink that makes the docs or incidents folder lie
    /// outside the site's [`confine::boundary`] is an [`ErrorKind::UnsafePath`] error naming
    /// the `mkdocs.yml` line (or the folder) responsible: PIRs would be read from, and new
    /// ones written to, someone else's files.
    pub fn open(start: &Path) -> Result<Site> {
        let root = find_root(start)?;
        let boundary = confine::boundary(&root);
        let config_path = root.join(CONFIG_FILE);
        let loaded = fsio::read_text(&config_path).map_err(config_read_error)?;
        let mut config = SiteConfig::parse(&loaded.text).map_err(|e| e.with_path(&config_path))?;
        if let Some((parent, line)) = &config.inherit {
            check_inherit(&root, &boundary, &loaded.text, parent)
                .map_err(|e| e.with_path(&config_path).at_line(*line))?;
        }
        let docs = root.join(&config.docs_dir);
        check_docs_dir(&root, &boundary, &config).map_err(|e| e.with_path(&config_path))?;
        if !docs.is_dir() {
            let e = CoreError::new(
                ErrorKind::Config,
                format!("docs_dir `{}` does not exist", config.docs_dir),
            )
            .with_path(&config_path);
            return Err(match config.docs_dir_line {
                Some(line) => e.at_line(line),
                None => e,
            });
        }
        // `pirs_folder` in `.pir.toml` says where the PIRs are; else it is found.
        let overrides_path = profile::overrides_path_in(&root, &boundary);
        let (overrides_file, overrides, pirs_folder) = read_site_overrides(&overrides_path)?;
        let (incidents_rel, from_nav) = match pirs_folder {
            Some((folder, line)) => {
                check_incidents_folder(&docs, &boundary, &folder, None)
                    .map_err(|e| e.with_path(&overrides_path).at_line(line))?;
                (folder, None)
            }
            None => detect_incidents_folder(&docs, &boundary, &config),
        };
        check_incidents_folder(&docs, &boundary, &incidents_rel, from_nav).map_err(|e| {
            match from_nav {
                Some(_) => e.with_path(&config_path),
                None => e,
            }
        })?;
        // A per-folder nav file or an `on_nav` hook owns the nav as surely as a plugin does,
        // and so does the blog plugin for its posts.
        if config.blog_posts.as_deref() == Some(incidents_rel.as_str())
            || owners::nav_file(&docs, &docs.join(&incidents_rel)).is_some()
            || owners::hooks_own_nav(&owners::hook_texts(&root, &boundary, &config.hooks))
        {
            config.nav_owner = NavOwner::Plugin;
        }
        Ok(Site {
            root,
            config,
            config_text: loaded.text,
            config_fingerprint: loaded.fingerprint,
            incidents_rel,
            boundary,
            overrides,
            overrides_path,
            overrides_file,
        })
    }

    /// Whether `path` resolves (symlinks followed) inside the site's boundary.
    pub fn is_inside(&self, path: &Path) -> bool {
        confine::is_inside(&self.boundary, path)
    }

    /// `Ok` when `path` resolves inside the site's boundary, else an
    /// [`ErrorKind::UnsafePath`] error saying that `what` leads out: for paths about to be
    /// read into the site or written.
    pub fn ensure_inside(&self, path: &Path, what: &str) -> Result<()> {
        confine::ensure_inside(&self.boundary, path, what)
    }

    /// The file of a docs-relative page named by the site (a nav target), when it is one of
    /// the site's: a relative path without `..` that resolves inside the boundary.
    pub fn docs_page(&self, rel: &str) -> Option<PathBuf> {
        let path = self.docs_dir().join(rel);
        (confine::is_plain_relative(rel) && self.is_inside(&path)).then_some(path)
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
    ///
    /// A file that resolves outside the site (a symlink to a file elsewhere) is left out:
    /// see [`Site::outside_pir_files`].
    pub fn pir_files(&self) -> Result<Vec<PathBuf>> {
        Ok(self.pir_files_split()?.0)
    }

    /// The PIR-named entries of the incidents folder that lead outside the site (symlinks to
    /// files elsewhere), which [`Site::pir_files`] leaves out and `pir check` reports.
    pub fn outside_pir_files(&self) -> Result<Vec<PathBuf>> {
        Ok(self.pir_files_split()?.1)
    }

    /// The PIR files inside the site, and the PIR-named entries leading out of it.
    fn pir_files_split(&self) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
        let dir = self.incidents_dir();
        let read = match std::fs::read_dir(&dir) {
            Ok(r) => r,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Vec::new(), Vec::new()));
            }
            Err(e) => return Err(CoreError::io("cannot list the incidents folder", &dir, &e)),
        };
        let (mut inside, mut outside): (Vec<PathBuf>, Vec<PathBuf>) = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_pir_name(p))
            .partition(|p| self.is_inside(p));
        inside.retain(|p| p.is_file());
        outside.retain(|p| p.symlink_metadata().is_ok());
        inside.sort();
        outside.sort();
        Ok((inside, outside))
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

/// `Ok` unless `docs_dir` resolves outside `boundary` or to a folder holding the site's
/// own folder (MkDocs refuses that too): either would put files that are not the site's
/// pages among them.
fn check_docs_dir(root: &Path, boundary: &Path, config: &SiteConfig) -> Result<()> {
    let docs = root.join(&config.docs_dir);
    let what = format!("docs_dir `{}`", config.docs_dir);
    let resolved = confine::resolve(&docs);
    let message = match &resolved {
        Some(r) if !r.starts_with(boundary) => confine::outside_message(boundary, &what, Some(r)),
        Some(r) if root.starts_with(r) && r.as_path() != root => format!(
            "{what} holds the folder of mkdocs.yml ({}); the docs folder must be inside it",
            root.display()
        ),
        Some(_) => return Ok(()),
        None => confine::outside_message(boundary, &what, None),
    };
    let e = CoreError::new(ErrorKind::UnsafePath, message);
    Err(match config.docs_dir_line {
        Some(line) => e.at_line(line),
        None => e,
    })
}

/// How many `INHERIT` files deep a configuration is followed (mkdocs sets no limit; a chain
/// this long is a loop or a mistake).
const MAX_INHERIT_DEPTH: usize = 8;

/// `Ok` when the files `mkdocs.yml` inherits from (`INHERIT: parent`, relative to the file that
/// names it, followed up the chain) give the site none of the settings PIR Editor reads
/// ([`config::INHERITED_KEYS`]) that `mkdocs.yml` does not set itself: PIR Editor reads and
/// edits `mkdocs.yml` alone, so a nav or docs_dir that comes from a parent would be silently
/// missed. A parent outside the repository, missing or malformed is an error too.
fn check_inherit(root: &Path, boundary: &Path, child_text: &str, parent: &str) -> Result<()> {
    let child = yaml::parse(child_text)?;
    let mut missing: Vec<&str> = config::INHERITED_KEYS
        .iter()
        .copied()
        .filter(|k| child.get(k).is_none())
        .collect();
    let mut dir = root.to_path_buf();
    let mut name = parent.to_string();
    for _ in 0..MAX_INHERIT_DEPTH {
        if name.is_empty() {
            return Err(CoreError::new(
                ErrorKind::Config,
                "`INHERIT` must name the configuration file this one extends",
            ));
        }
        let path = dir.join(&name);
        confine::ensure_inside(boundary, &path, &format!("INHERIT `{parent}`"))?;
        let text = fsio::read_string(&path).map_err(|e| {
            CoreError::new(
                ErrorKind::Config,
                format!("INHERIT `{name}` cannot be read: {}", e.message),
            )
        })?;
        let node = yaml::parse(&text).map_err(|e| {
            CoreError::new(
                ErrorKind::Config,
                format!("INHERIT `{name}` is not valid YAML: {}", e.message),
            )
        })?;
        let given: Vec<&str> = missing
            .iter()
            .copied()
            .filter(|k| node.get(k).is_some())
            .collect();
        if !given.is_empty() {
            let keys = given
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(CoreError::new(
                ErrorKind::Config,
                format!(
                    "INHERIT is not supported for {keys}: this site takes {keys} from `{name}`, \
                     which PIR Editor does not read; set {keys} in {CONFIG_FILE} itself"
                ),
            ));
        }
        missing.retain(|k| node.get(k).is_none());
        match node.get("INHERIT").and_then(yaml::Node::as_str) {
            Some(next) => {
                dir = path.parent().map_or(dir, Path::to_path_buf);
                name = next.trim().to_string();
            }
            None => return Ok(()),
        }
    }
    Err(CoreError::new(
        ErrorKind::Config,
        format!("INHERIT goes more than {MAX_INHERIT_DEPTH} files deep (a loop?)"),
    ))
}

/// `Ok` unless the incidents folder lies outside the docs folder by its name or outside
/// `boundary` once resolved. `from_nav` is the line of the nav entry it was learnt from.
/// A docs-relative page path as `.pir.toml` may write it (`/incidents/index.md`,
/// `./index.md`) in the form the site's pages are named (`incidents/index.md`).
pub(crate) fn normalize_page(rel: &str) -> String {
    let rel = rel.trim().trim_start_matches("./").trim_start_matches('/');
    rel.replace('\\', "/")
}

/// `.pir.toml` at `path` as read (`None` without the file), what it says (empty without it),
/// and the `pirs_folder` it sets (without leading or trailing `/`) with its line. A file that
/// does not read is an error naming its line and column: a site whose overrides are silently
/// dropped would follow conventions its team has said are not theirs.
type SiteOverrides = (
    Option<fsio::Loaded>,
    profile::Overrides,
    Option<(String, usize)>,
);

fn read_site_overrides(path: &Path) -> Result<SiteOverrides> {
    let loaded = match fsio::read_text(path) {
        Ok(t) => t,
        Err(e) if e.kind == ErrorKind::NotFound => return Ok(Default::default()),
        Err(e) => return Err(e),
    };
    let overrides = profile::parse_overrides(&loaded.text).map_err(|e| e.with_path(path))?;
    let folder = overrides.pirs_folder.as_ref().map(|f| {
        let line = profile::key_line(&loaded.text, "pirs_folder");
        (f.trim().trim_matches('/').to_string(), line)
    });
    Ok((Some(loaded), overrides, folder))
}

fn check_incidents_folder(
    docs: &Path,
    boundary: &Path,
    rel: &str,
    from_nav: Option<(usize, &str)>,
) -> Result<()> {
    let dir = docs.join(rel);
    let resolved = confine::resolve(&dir);
    let inside = confine::is_plain_relative(rel)
        && resolved.as_deref().is_some_and(|r| r.starts_with(boundary));
    if inside {
        return Ok(());
    }
    match from_nav {
        Some((line, target)) => Err(CoreError::new(
            ErrorKind::UnsafePath,
            format!(
                "nav entry `{target}` makes `{rel}` the incidents folder, which is outside the docs folder: nav pages must be paths inside docs_dir, without `..`"
            ),
        )
        .at_line(line)),
        None => Err(CoreError::new(
            ErrorKind::UnsafePath,
            confine::outside_message(
                boundary,
                &format!("the incidents folder `{rel}`"),
                resolved.as_deref(),
            ),
        )
        .with_path(dir)),
    }
}

/// The incidents folder relative to `docs`: `incidents` when it exists, else the blog
/// plugin's posts folder when it has one, else the folder most nav entries with dated file
/// names point into, else the first sub-folder holding dated files, else the same two for
/// numbered incident names (`INC-2041-slug.md`), else `incidents` (created on the first new
/// PIR).
///
/// When the nav decided, also the line and target of its first entry into that folder, for
/// errors about it.
fn detect_incidents_folder<'a>(
    docs: &Path,
    boundary: &Path,
    config: &'a SiteConfig,
) -> (String, Option<(usize, &'a str)>) {
    let incidents = docs.join("incidents");
    // A symlink counts even when broken, so that the check names it rather than ignoring it.
    if incidents.is_dir()
        || incidents
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
    {
        return ("incidents".to_string(), None);
    }
    // A site that keeps its PIRs as mkdocs-material blog posts.
    if let Some(posts) = &config.blog_posts
        && docs.join(posts).is_dir()
    {
        return (posts.clone(), None);
    }
    // Dated names (`2026-03-30-slug.md`) are the surest sign of PIRs; numbered incident
    // names (`INC-2041-slug.md`) count when no folder has dated ones.
    let dated = |name: &str| slug::parse_pir_file_name(name).is_some();
    let numbered = |name: &str| slug::name_shape(name).contains("-{number}");
    for looks_like_pir in [&dated as &dyn Fn(&str) -> bool, &numbered] {
        if let Some(nav) = &config.nav {
            let mut counts: Vec<(String, usize, (usize, &str))> = Vec::new();
            for page in nav::nav_pages(nav) {
                let Some(t) = page.target.as_deref() else {
                    continue;
                };
                let (dir, file) = t.rsplit_once('/').unwrap_or(("", t));
                if looks_like_pir(file) && !dir.is_empty() {
                    match counts.iter_mut().find(|(d, _, _)| d == dir) {
                        Some((_, n, _)) => *n += 1,
                        None => counts.push((dir.to_string(), 1, (page.line, t))),
                    }
                }
            }
            // The most used folder; on a tie, the last one (as `max_by_key` would).
            let mut best: Option<(String, usize, (usize, &str))> = None;
            for c in counts {
                if best.as_ref().is_none_or(|b| c.1 >= b.1) {
                    best = Some(c);
                }
            }
            if let Some((dir, _, entry)) = best {
                return (dir, Some(entry));
            }
        }
        if let Ok(read) = std::fs::read_dir(docs) {
            let mut dirs: Vec<PathBuf> = read
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir() && confine::is_inside(boundary, p))
                .collect();
            dirs.sort();
            for d in dirs {
                let has_pirs = std::fs::read_dir(&d).is_ok_and(|r| {
                    r.filter_map(|e| e.ok())
                        .any(|e| looks_like_pir(&e.file_name().to_string_lossy()))
                });
                if has_pirs && let Some(name) = d.file_name() {
                    return (name.to_string_lossy().into_owned(), None);
                }
            }
        }
    }
    ("incidents".to_string(), None)
}
