//! Drafts: the text of a PIR being edited, kept in the user's data folder so that a crash, a
//! power cut or a closed window loses at most the last few seconds of typing.
//!
//! The editor saves a draft a moment after each change ([`save_draft`]); on start the app
//! lists the drafts left over ([`list_drafts`]) and offers to restore one ([`restore`]),
//! compare it with the file on disk ([`compare`]) or throw it away ([`discard`]). Saving the
//! PIR itself discards its draft, and so does discarding the edits. A draft holds only text
//! the file does not: saving a text equal to the file on disk (an edit undone back to the
//! saved text, a reload) removes the draft instead of writing one, and a draft found equal to
//! its file when listed is dropped.
//!
//! Each draft is one JSON file named after a hash of its site and path, written atomically
//! with [`fsio::write_atomic`], so a draft is always either the previous one or the new one.
//! A draft that cannot be written (full disk, read-only data folder) is an [`ErrorKind::Io`]
//! error: the edit stays in the editor's memory and the UI warns that it is not backed up.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diff::{DiffHunk, line_diff};
use crate::error::{CoreError, ErrorKind, Result};
use crate::fsio::{self, Fingerprint, WriteMode};

/// The drafts folder inside the app's data folder.
pub const DRAFTS_DIR: &str = "drafts";

/// A saved draft: which file it is of and the text being edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Draft {
    /// The site's root folder.
    pub site: PathBuf,
    /// The PIR file, relative to the site root (or absolute, as the editor gave it).
    pub path: PathBuf,
    /// The editor's text when the draft was saved.
    pub text: String,
    /// When it was saved (RFC 3339, UTC).
    pub saved_at: String,
    /// Whether restoring it wrote its text back as the PIR file, which no longer existed.
    #[serde(default)]
    pub written_back: bool,
}

/// A draft as listed on start: everything but its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DraftInfo {
    /// The site's root folder.
    pub site: PathBuf,
    /// The PIR file, as the editor gave it.
    pub path: PathBuf,
    /// When it was saved (RFC 3339, UTC).
    pub saved_at: String,
    /// Its text's length in bytes.
    pub len: usize,
    /// Whether the PIR file still exists on disk (a draft of a new, unsaved PIR has none).
    pub on_disk: bool,
}

/// A draft against the file on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DraftComparison {
    /// What restoring the draft would change in the file (from disk to draft).
    pub hunks: Vec<DiffHunk>,
    /// Whether the file exists; when not, every line of the draft is added.
    pub on_disk: bool,
}

/// The file on disk a draft is of.
fn disk_file(draft_site: &Path, draft_path: &Path) -> PathBuf {
    draft_site.join(draft_path)
}

/// The draft file for `site` + `path`: a stable hash of both, so the same PIR always maps to
/// the same file and names never need escaping.
fn draft_file(data_dir: &Path, site: &Path, path: &Path) -> PathBuf {
    let key = format!("{}\0{}", site.display(), path.display());
    let hash = Fingerprint::of(key.as_bytes()).hash;
    data_dir
        .join(DRAFTS_DIR)
        .join(format!("{}.json", String::from(hash)))
}

/// Saves the editor's `text` of `path` in `site` as its draft, replacing the previous one.
///
/// A text equal to the file on disk has nothing to keep: the draft is removed instead and the
/// answer is `None`, so an edit undone back to the saved text leaves no draft to offer.
pub fn save_draft(
    data_dir: &Path,
    site: &Path,
    path: &Path,
    text: &str,
) -> Result<Option<DraftInfo>> {
    if fsio::read_text(&disk_file(site, path)).is_ok_and(|l| l.text == text) {
        discard(data_dir, site, path)?;
        return Ok(None);
    }
    let dir = data_dir.join(DRAFTS_DIR);
    fs::create_dir_all(&dir)
        .map_err(|e| CoreError::io("cannot create the drafts folder", &dir, &e))?;
    let draft = Draft {
        site: site.to_path_buf(),
        path: path.to_path_buf(),
        text: text.to_string(),
        saved_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        written_back: false,
    };
    let json = serde_json::to_vec(&draft)
        .map_err(|e| CoreError::new(ErrorKind::Io, format!("cannot encode the draft: {e}")))?;
    let file = draft_file(data_dir, site, path);
    // The error says why (no space, read-only, not permitted) and names the draft file; the
    // UI puts it after "drafts cannot be saved".
    fsio::write_atomic(&file, &json, WriteMode::Overwrite)?;
    Ok(Some(info(&draft)))
}

fn info(d: &Draft) -> DraftInfo {
    DraftInfo {
        site: d.site.clone(),
        path: d.path.clone(),
        saved_at: d.saved_at.clone(),
        len: d.text.len(),
        on_disk: disk_file(&d.site, &d.path).is_file(),
    }
}

fn read_draft(file: &Path) -> Result<Draft> {
    let loaded = fsio::read_text(file)?;
    serde_json::from_str(&loaded.text).map_err(|e| {
        CoreError::new(ErrorKind::Parse, format!("the draft is damaged: {e}"))
            .with_path(file)
            .at(e.line(), e.column())
    })
}

/// The drafts left in `data_dir`, newest first. Drafts whose text equals their file on disk
/// are removed (they were saved); damaged draft files are skipped, never deleted, so nothing
/// typed is thrown away without the user seeing it.
pub fn list_drafts(data_dir: &Path) -> Result<Vec<DraftInfo>> {
    let dir = data_dir.join(DRAFTS_DIR);
    let entries = match fs::read_dir(&dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(CoreError::io("cannot list the drafts", &dir, &e)),
    };
    let mut drafts = Vec::new();
    for entry in entries.flatten() {
        let file = entry.path();
        if file.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let Ok(draft) = read_draft(&file) else {
            continue;
        };
        let on_disk = fsio::read_text(&disk_file(&draft.site, &draft.path));
        if on_disk.is_ok_and(|l| l.text == draft.text) {
            let _ = fs::remove_file(&file);
            continue;
        }
        drafts.push(info(&draft));
    }
    drafts.sort_by(|a, b| b.saved_at.cmp(&a.saved_at).then(a.path.cmp(&b.path)));
    Ok(drafts)
}

/// The draft of `path` in `site`, to load into the editor.
///
/// When the PIR file no longer exists (deleted, or gone with a branch switch), the editor
/// has nothing to open the draft over, so the draft's text is written back as the file
/// (never over one that has appeared meanwhile) and [`Draft::written_back`] says so. The
/// draft stays until the file is saved: nothing typed is dropped on the way.
pub fn restore(data_dir: &Path, site: &Path, path: &Path) -> Result<Draft> {
    let file = draft_file(data_dir, site, path);
    let mut draft = read_draft(&file).map_err(|e| {
        if e.kind == ErrorKind::NotFound {
            CoreError::new(ErrorKind::NotFound, "there is no draft of this file").with_path(path)
        } else {
            e
        }
    })?;
    let target = disk_file(site, path);
    if !target.exists() {
        write_back(site, &target, &draft.text)?;
        draft.written_back = true;
    }
    Ok(draft)
}

/// Writes `text` as the new file `target`, which must lie inside `site`.
fn write_back(site: &Path, target: &Path, text: &str) -> Result<()> {
    let inside = target.starts_with(site)
        && !target
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir));
    if !inside {
        return Err(CoreError::new(
            ErrorKind::UnsafePath,
            "the draft's file would be outside its site; it was not written back",
        )
        .with_path(target));
    }
    if let Some(dir) = target.parent() {
        fs::create_dir_all(dir)
            .map_err(|e| CoreError::io("cannot create the PIR's folder", dir, &e))?;
    }
    fsio::write_atomic(target, text.as_bytes(), WriteMode::CreateNew)?;
    Ok(())
}

/// What restoring the draft of `path` would change in the file on disk.
pub fn compare(data_dir: &Path, site: &Path, path: &Path) -> Result<DraftComparison> {
    let draft = restore(data_dir, site, path)?;
    let (disk, on_disk) = match fsio::read_text(&disk_file(site, path)) {
        Ok(l) => (l.text, true),
        Err(e) if e.kind == ErrorKind::NotFound => (String::new(), false),
        Err(e) => return Err(e),
    };
    Ok(DraftComparison {
        hunks: line_diff(&disk, &draft.text),
        on_disk,
    })
}

/// Removes the draft of `path` in `site` (after a save, or when the user discards it). No
/// draft is not an error: the outcome is the same.
pub fn discard(data_dir: &Path, site: &Path, path: &Path) -> Result<()> {
    let file = draft_file(data_dir, site, path);
    match fs::remove_file(&file) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(CoreError::io("cannot remove the draft", &file, &e)),
    }
}
