//! Which changed files of a site are "the PIR's changes", the files `pir commit` takes when
//! it is given none.
//!
//! The rule, applied to the files that differ from HEAD (staged, modified, new or deleted):
//!
//! - a PIR file ([`Site::is_pir_path`]): a `*.md` file directly in the incidents folder that
//!   is not an index, readme or template page;
//! - `mkdocs.yml`, when its `nav` differs from HEAD's (a new PIR's nav entry). A change
//!   elsewhere in it alone (theme, plugins) is not a PIR change and stays uncommitted; when
//!   both changed, the whole file is taken, since a commit records whole files;
//! - an `index.md` page of the docs folder whose "Recent Incidents" list or incidents table
//!   (a table row linking to a PIR file) differs from HEAD's, by the same reasoning.
//!
//! - an image (or any file) of the docs folder that one of those changed PIRs shows
//!   (`![alt](../assets/pir/graph.png)`): pasted into the PIR, it is committed with it.
//!
//! Everything else (other pages, hooks, other assets, scratch files, whatever is staged for
//! them) is left out, and [`super::commit()`] leaves it exactly as it was.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::status::changed_files;
use super::{git_err, open_repo};
use crate::doc::Document;
use crate::error::Result;
use crate::site::index::parse_recent_list;
use crate::site::slug::parse_pir_file_name;
use crate::site::{CONFIG_FILE, Site, assets};

/// Why a changed file belongs to the PIR's changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PirFileRole {
    /// A PIR.
    Pir,
    /// `mkdocs.yml`, whose nav changed.
    Nav,
    /// An index page whose incident list or table changed.
    Index,
    /// An image a changed PIR shows.
    Asset,
}

/// One file of the PIR's changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "ChangedPirFile"))]
pub struct PirFile {
    /// Path relative to the site folder, `/`-separated (`docs/incidents/2026-01-02-x.md`).
    pub path: PathBuf,
    /// Why it is included.
    pub role: PirFileRole,
    /// For a PIR: its title (without `Post Incident Review:`), from the document model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The file was deleted.
    pub deleted: bool,
}

/// The changed files that make up the PIR's changes, and those left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PirChanges {
    /// The files to commit, sorted by path.
    pub files: Vec<PirFile>,
    /// Changed files of the repository that are not PIR changes (relative to the repository's
    /// working tree), sorted: they stay as they are.
    pub left_out: Vec<PathBuf>,
}

impl PirChanges {
    /// The paths to commit, relative to the site folder.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(|f| f.path.clone()).collect()
    }

    /// A commit message: `PIR: <title>` for one PIR, `PIR: 3 reviews (A, B, C)` for several
    /// (at most three titles, then how many more), `PIR: update the nav and incident lists`
    /// when only those changed.
    pub fn default_message(&self) -> String {
        let titles: Vec<String> = self
            .files
            .iter()
            .filter(|f| f.role == PirFileRole::Pir)
            .map(|f| {
                f.title.clone().unwrap_or_else(|| {
                    f.path
                        .file_stem()
                        .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
                })
            })
            .collect();
        match titles.as_slice() {
            [] => "PIR: update the nav and incident lists".to_string(),
            [one] => format!("PIR: {one}"),
            many => {
                let shown = many.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
                let more = many.len().saturating_sub(3);
                let rest = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                format!("PIR: {} reviews ({shown}{rest})", many.len())
            }
        }
    }
}

/// The PIR's changes of `site` (see the module documentation for the rule).
pub fn pir_changes(site: &Site) -> Result<PirChanges> {
    let repo = open_repo(&site.root)?;
    let workdir = repo.workdir().unwrap_or(repo.path());
    let workdir = std::fs::canonicalize(workdir).unwrap_or_else(|_| workdir.to_path_buf());
    // The site may be a folder inside a larger repository.
    let site_rel = site.root.strip_prefix(&workdir).unwrap_or(Path::new(""));
    let files = changed_files(&repo, &[], false)?;
    let head_tree = match repo.head() {
        Ok(head) => Some(
            head.peel_to_tree()
                .map_err(|e| git_err("reading the HEAD tree", &e))?,
        ),
        // No commit yet: everything is new.
        Err(_) => None,
    };
    let head_text = |rel: &Path| -> Option<String> {
        let entry = head_tree.as_ref()?.get_path(rel).ok()?;
        let blob = entry.to_object(&repo).ok()?.peel_to_blob().ok()?;
        Some(String::from_utf8_lossy(blob.content()).into_owned())
    };
    let docs = site.docs_dir();
    // The images the changed PIRs show, to commit with them.
    let shown: Vec<PathBuf> = files
        .iter()
        .map(|f| workdir.join(&f.path))
        .filter(|abs| site.is_pir_path(abs))
        .filter_map(|abs| Some((std::fs::read_to_string(&abs).ok()?, abs)))
        .flat_map(|(text, abs)| {
            assets::image_links(&text)
                .into_iter()
                .filter_map(move |l| assets::image_file(site, &abs, &l))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out = PirChanges::default();
    for f in files {
        let abs = workdir.join(&f.path);
        let deleted = abs.symlink_metadata().is_err();
        let role = match abs.strip_prefix(&site.root) {
            Ok(in_site) if in_site == Path::new(CONFIG_FILE) => (!deleted
                && differs(&abs, head_text(&f.path), nav_block))
            .then_some(PirFileRole::Nav),
            Ok(_) if site.is_pir_path(&abs) => Some(PirFileRole::Pir),
            Ok(_)
                if !deleted
                    && abs.starts_with(&docs)
                    && abs.file_name().is_some_and(|n| n == "index.md") =>
            {
                differs(&abs, head_text(&f.path), incident_listing).then_some(PirFileRole::Index)
            }
            Ok(_) if !deleted && shown.contains(&abs) => Some(PirFileRole::Asset),
            _ => None,
        };
        let Some(role) = role else {
            out.left_out.push(f.path);
            continue;
        };
        let title = (role == PirFileRole::Pir && !deleted)
            .then(|| std::fs::read_to_string(&abs).ok())
            .flatten()
            .and_then(|text| Document::parse(text).model().short_title.clone());
        let rel = f.path.strip_prefix(site_rel).unwrap_or(&f.path);
        out.files.push(PirFile {
            path: rel.to_path_buf(),
            role,
            title,
            deleted,
        });
    }
    Ok(out)
}

/// Whether the part of the file at `abs` that `part` picks out differs from that part of its
/// HEAD version (`None`: not in HEAD, so any such part is new).
fn differs(abs: &Path, head: Option<String>, part: fn(&str) -> Option<String>) -> bool {
    let Ok(now) = std::fs::read_to_string(abs) else {
        return false;
    };
    let now = part(&now);
    now.is_some() && now != head.as_deref().and_then(part)
}

/// The text of `mkdocs.yml`'s top-level `nav:` block: its key line and every line after it up
/// to the next top-level key.
pub fn nav_block(text: &str) -> Option<String> {
    let mut lines = text.lines().skip_while(|l| !is_nav_key(l));
    let first = lines.next()?;
    let mut block = vec![first];
    block.extend(lines.take_while(|l| {
        // Indented lines, blank lines and comments belong to the block; a top-level key ends it.
        l.is_empty() || l.starts_with([' ', '\t', '#', '-'])
    }));
    Some(block.join("\n").trim_end().to_string())
}

/// `nav:` at the start of a line (the top-level key).
fn is_nav_key(line: &str) -> bool {
    line.strip_prefix("nav")
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

/// The incident listings of an index page: its "Recent Incidents" list and every table row
/// linking to a PIR file (a `YYYY-MM-DD-description.md` target).
pub fn incident_listing(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut picked: Vec<&str> = Vec::new();
    if let Some(list) = parse_recent_list(text) {
        let end = list.end_line.saturating_sub(1).min(lines.len());
        let start = list.heading_line.saturating_sub(1).min(end);
        picked.extend(&lines[start..end]);
    }
    picked.extend(
        lines
            .iter()
            .filter(|l| l.trim_start().starts_with('|') && links_to_pir(l)),
    );
    (!picked.is_empty()).then(|| picked.join("\n"))
}

/// Whether `line` has a markdown link whose target is a PIR file name.
fn links_to_pir(line: &str) -> bool {
    line.split("](").skip(1).any(|after| {
        let target = after.split(')').next().unwrap_or("");
        let target = target.split(['#', ' ']).next().unwrap_or("");
        let name = target.rsplit('/').next().unwrap_or(target);
        parse_pir_file_name(name).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_block_stops_at_the_next_top_level_key() {
        let text = "site_name: X\nnav:\n  - Home: index.md\n\n  # old ones\n  - A: a.md\ntheme:\n  name: material\n";
        assert_eq!(
            nav_block(text).as_deref(),
            Some("nav:\n  - Home: index.md\n\n  # old ones\n  - A: a.md")
        );
        assert_eq!(nav_block("site_name: X\nnavigation: 1\n"), None);
        // A theme change does not change the nav block.
        assert_eq!(
            nav_block(text),
            nav_block(&text.replace("material", "readthedocs"))
        );
    }

    #[test]
    fn incident_listing_takes_the_recent_list_and_pir_table_rows() {
        let text = "# Home\n\nIntro.\n\n## Recent Incidents\n\n- [2026-01-02 - A](incidents/2026-01-02-a.md)\n  - **Severity**: High\n\n## About\n\nText.\n\n| Date | Review |\n|---|---|\n| 2026-01-02 | [A](incidents/2026-01-02-a.md) |\n| x | [Runbook](runbooks/disk.md) |\n";
        let listing = incident_listing(text).expect("a listing");
        assert!(listing.contains("- [2026-01-02 - A]"), "{listing}");
        assert!(listing.contains("  - **Severity**: High"), "{listing}");
        assert!(listing.contains("| 2026-01-02 | [A]"), "{listing}");
        assert!(!listing.contains("Runbook"), "{listing}");
        assert!(
            !listing.contains("About") && !listing.contains("Intro"),
            "{listing}"
        );
        // Editing the intro or the about text does not touch the listing.
        assert_eq!(
            incident_listing(&text.replace("Intro.", "Welcome.")),
            Some(listing)
        );
        assert_eq!(incident_listing("# Runbooks\n\n- [Disk](disk.md)\n"), None);
    }

    fn pir(title: &str) -> PirFile {
        PirFile {
            path: PathBuf::from(format!("docs/incidents/2026-01-01-{title}.md")),
            role: PirFileRole::Pir,
            title: Some(title.to_uppercase()),
            deleted: false,
        }
    }

    #[test]
    fn default_messages() {
        let nav = PirFile {
            path: PathBuf::from("mkdocs.yml"),
            role: PirFileRole::Nav,
            title: None,
            deleted: false,
        };
        let mut changes = PirChanges {
            files: vec![pir("a"), nav.clone()],
            left_out: Vec::new(),
        };
        assert_eq!(changes.default_message(), "PIR: A");
        changes.files.push(pir("b"));
        changes.files.push(pir("c"));
        assert_eq!(changes.default_message(), "PIR: 3 reviews (A, B, C)");
        changes.files.push(pir("d"));
        assert_eq!(
            changes.default_message(),
            "PIR: 4 reviews (A, B, C and 1 more)"
        );
        changes.files = vec![nav];
        assert_eq!(
            changes.default_message(),
            "PIR: update the nav and incident lists"
        );
        let mut untitled = pir("z");
        untitled.title = None;
        changes.files = vec![untitled];
        assert_eq!(changes.default_message(), "PIR: 2026-01-01-z");
    }
}
