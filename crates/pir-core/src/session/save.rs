//! Saving a PIR: one path for the app and the command line.
//!
//! A save is planned before anything is written ([`plan_save`]): the PIR, and every file of
//! the site that follows it (the nav in `mkdocs.yml`, the home page's Recent Incidents list,
//! index-table rows), each with the diff it would make. The plan is a value: the app shows it
//! when it holds more than the PIR and the author unticks the extra files they do not want;
//! `pir save` and `pir timeline` print it. [`PlannedSave::write`] then writes the PIR and
//! exactly the extra files chosen, each atomically and only over the version the plan was
//! made from, so nothing is written that was not shown.
//!
//! The PIR is written only over the version that was read: a change made elsewhere is a
//! [`SaveOutcome::Conflict`] the author decides on, with the diff between the disk's text
//! and theirs.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{EditorSession, Preview};
use crate::diff::{DiffHunk, line_diff};
use crate::doc::Document;
use crate::error::{CoreError, ErrorKind, Result};
use crate::fsio::{self, Fingerprint, WriteMode};
use crate::merge::{CombinedChange, merge_texts, merged_text};
use crate::site::check::Problem;
use crate::site::summary::PirSummary;
use crate::site::sync::{FileChange, after_edit};
use crate::site::{Site, assets};

/// One file a save would change, as the author sees it before it is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlannedFile {
    /// The file.
    pub path: PathBuf,
    /// Its path relative to the site's folder (`/`-separated), or its file name outside a site.
    pub name: String,
    /// Whether it is the PIR itself, which every save writes (the other files can be left out).
    pub pir: bool,
    /// What changes, one line each. For the PIR: the images it shows that the saved version
    /// did not (stored when pasted, committed with it).
    pub what: Vec<String>,
    /// The change, from the file now to the file saved.
    pub hunks: Vec<DiffHunk>,
}

/// Every file a save would change, the PIR first, and what is left for the author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavePlan {
    /// The PIR being saved.
    pub path: PathBuf,
    /// The PIR, then the site's files that follow it (nav, home list, index pages).
    pub files: Vec<PlannedFile>,
    /// What a save cannot fix (a date the file name no longer matches).
    pub problems: Vec<Problem>,
}

impl SavePlan {
    /// Whether the save changes more than the PIR, so that the author should see the plan.
    pub fn has_extra_files(&self) -> bool {
        self.files.iter().any(|f| !f.pir)
    }
}

/// A plan with what it takes to carry it out: the text of each file after the save and the
/// version of each it was made from.
#[derive(Debug, Clone)]
pub struct PlannedSave {
    /// What the author is shown.
    pub plan: SavePlan,
    /// The PIR's change, then one per extra file, in the order of `plan.files`.
    changes: Vec<FileChange>,
    /// The PIR's summary after the save.
    summary: PirSummary,
}

/// How the PIR is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PirWrite {
    /// Only over the version the plan was made from (a change on disk is a conflict).
    Replace,
    /// Over whatever is on disk ("keep mine" after a conflict).
    Overwrite,
}

/// What [`PlannedSave::write`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The PIR's fingerprint as written.
    pub fingerprint: Fingerprint,
    /// The files written, the PIR first.
    pub files: Vec<PathBuf>,
    /// The extra files of the plan that were left as they were.
    pub left_out: Vec<PathBuf>,
}

/// Plans saving `text` as the PIR at `path`, which was read as `saved_text` (the version with
/// `fingerprint`): the PIR's diff, and the nav, home-list and index-table changes that carry
/// its new title, date, severity, ... over to the site (none for a PIR outside any site).
/// Nothing is written.
pub fn plan_save(
    path: &Path,
    fingerprint: Fingerprint,
    saved_text: &str,
    text: &str,
) -> Result<PlannedSave> {
    let site = Site::open(path).ok();
    let (old, new) = match &site {
        Some(site) => (
            site_summary(site, path, saved_text),
            site_summary(site, path, text),
        ),
        None => (summary_of(path, saved_text), summary_of(path, text)),
    };
    let root = site.as_ref().map(|s| s.root.clone());
    let name_of = |p: &Path| match root.as_ref().and_then(|r| p.strip_prefix(r).ok()) {
        Some(rel) => rel.to_string_lossy().replace('\\', "/"),
        None => p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let mut changes = vec![FileChange {
        path: path.to_path_buf(),
        before: saved_text.to_string(),
        after: text.to_string(),
        fingerprint,
        what: site
            .as_ref()
            .map(|s| new_images(s, path, saved_text, text, &name_of))
            .unwrap_or_default(),
    }];
    let mut problems = Vec::new();
    // A PIR outside any site (a loose file) has no nav or index to follow it.
    if let Some(site) = &site {
        let old = PirSummary {
            rel: new.rel.clone(),
            ..old
        };
        let planned = after_edit(site, &old, &new)?;
        changes.extend(planned.changes);
        problems = planned.problems;
    }
    let files = changes
        .iter()
        .enumerate()
        .map(|(i, c)| PlannedFile {
            path: c.path.clone(),
            name: name_of(&c.path),
            pir: i == 0,
            what: c.what.clone(),
            hunks: line_diff(&c.before, &c.after),
        })
        .collect();
    Ok(PlannedSave {
        plan: SavePlan {
            path: path.to_path_buf(),
            files,
            problems,
        },
        changes,
        summary: new,
    })
}

/// The images `text` shows that `saved_text` did not, and that are files of the site, each as
/// a line of the plan (`adds the image docs/assets/x/graph.png (12 KiB)`): stored when they were
/// pasted, they are part of what the author saves and commits.
fn new_images(
    site: &Site,
    path: &Path,
    saved_text: &str,
    text: &str,
    name_of: &dyn Fn(&Path) -> String,
) -> Vec<String> {
    let before = assets::image_links(saved_text);
    let mut seen = Vec::new();
    assets::image_links(text)
        .into_iter()
        .filter(|l| !before.contains(l))
        .filter_map(|l| assets::image_file(site, path, &l))
        .filter_map(|file| {
            let size = std::fs::metadata(&file).ok().filter(|m| m.is_file())?.len();
            if seen.contains(&file) {
                return None;
            }
            let line = format!(
                "adds the image {} ({} KiB)",
                name_of(&file),
                size.div_ceil(1024)
            );
            seen.push(file);
            Some(line)
        })
        .collect()
}

impl PlannedSave {
    /// The PIR's text as the plan saves it.
    pub fn text(&self) -> &str {
        &self.changes[0].after
    }

    /// The PIR's summary after the save.
    pub fn summary(&self) -> &PirSummary {
        &self.summary
    }

    /// Writes the PIR and the extra files in `include` (each must be one of the plan's extra
    /// files), every one atomically and only over the version the plan was made from.
    ///
    /// The extra files are checked before anything is written, so a changed index page
    /// stops the save with a [`ErrorKind::Conflict`] naming it while the PIR is still as it
    /// was; a changed PIR (with [`PirWrite::Replace`]) is a conflict too, and writes nothing.
    pub fn write(&self, include: &[PathBuf], mode: PirWrite) -> Result<Written> {
        let extra = &self.changes[1..];
        if let Some(stray) = include
            .iter()
            .find(|p| !extra.iter().any(|c| &c.path == *p))
        {
            return Err(CoreError::new(
                ErrorKind::InvalidInput,
                "this file is not among the files the save was planned to change",
            )
            .with_path(stray));
        }
        let chosen: Vec<&FileChange> = extra.iter().filter(|c| include.contains(&c.path)).collect();
        for c in &chosen {
            let now = fsio::read_text(&c.path)?;
            if now.fingerprint != c.fingerprint {
                return Err(CoreError::new(
                    ErrorKind::Conflict,
                    "the file changed on disk since the save was planned; nothing was written",
                )
                .with_path(&c.path));
            }
        }
        let pir = &self.changes[0];
        let pir_mode = match mode {
            PirWrite::Replace => WriteMode::Replace(pir.fingerprint),
            PirWrite::Overwrite => WriteMode::Overwrite,
        };
        let fingerprint = fsio::write_atomic(&pir.path, pir.after.as_bytes(), pir_mode)?;
        let mut files = vec![pir.path.clone()];
        for c in &chosen {
            fsio::write_atomic(
                &c.path,
                c.after.as_bytes(),
                WriteMode::Replace(c.fingerprint),
            )?;
            files.push(c.path.clone());
        }
        let left_out = extra
            .iter()
            .filter(|c| !include.contains(&c.path))
            .map(|c| c.path.clone())
            .collect();
        Ok(Written {
            fingerprint,
            files,
            left_out,
        })
    }

    /// The paths of the plan's extra files (all of them: a save that keeps the site in step).
    pub fn extra_paths(&self) -> Vec<PathBuf> {
        self.changes[1..].iter().map(|c| c.path.clone()).collect()
    }
}

/// How a save ended. A file changed on disk is an outcome the author decides on, not an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SaveOutcome {
    /// Written: the PIR and the extra files chosen from the plan.
    Saved {
        /// The files written, the PIR first, as the plan names them.
        written: Vec<String>,
        /// The plan's extra files the author left out, as the plan names them.
        left_out: Vec<String>,
        /// What is left for the author (a date the file name no longer matches).
        problems: Vec<Problem>,
        /// The session after the save.
        preview: Box<Preview>,
    },
    /// The PIR changed on disk since it was read; nothing was written.
    Conflict {
        /// The file's text on disk now.
        disk_text: String,
        /// The version of the file on disk the hunks were made from.
        disk: Fingerprint,
        /// The changes of the editor's text and the disk's that overlap (a three-way merge from
        /// the text the editor read): each from the disk's lines ("theirs", removed) to the
        /// editor's (added), one choice each for [`EditorSession::merge_disk`].
        hunks: Vec<DiffHunk>,
        /// The changes only one side made (or both alike), which a merge takes without asking.
        combined: Vec<CombinedChange>,
    },
}

impl EditorSession {
    /// Plans saving the text now (see [`plan_save`]) and keeps the plan, which
    /// [`EditorSession::save`] then carries out.
    pub fn plan_save(&mut self) -> Result<SavePlan> {
        let planned = plan_save(
            &self.loaded.path,
            self.loaded.fingerprint,
            &self.saved_text,
            self.text(),
        )?;
        let plan = planned.plan.clone();
        self.plan = Some(planned);
        Ok(plan)
    }

    /// Saves the PIR and the extra files of the plan in `include`, unless the PIR changed on
    /// disk since it was read or saved (a [`SaveOutcome::Conflict`]).
    ///
    /// Extra files can be written only from the plan the author was shown
    /// ([`EditorSession::plan_save`]), for the text now: when the text changed since, the save
    /// is refused. Without extra files, a save plans afresh and writes the PIR alone.
    pub fn save(&mut self, include: &[PathBuf]) -> Result<SaveOutcome> {
        self.save_with(include, PirWrite::Replace)
    }

    /// Saves the PIR over whatever is on disk ("keep mine" after a conflict), and the extra
    /// files of the plan in `include`.
    pub fn save_overwrite(&mut self, include: &[PathBuf]) -> Result<SaveOutcome> {
        self.save_with(include, PirWrite::Overwrite)
    }

    fn save_with(&mut self, include: &[PathBuf], mode: PirWrite) -> Result<SaveOutcome> {
        let current = self
            .plan
            .take()
            .filter(|p| p.text() == self.text() && p.changes[0].before == self.saved_text);
        let planned = match current {
            Some(p) => p,
            None if include.is_empty() => plan_save(
                &self.loaded.path,
                self.loaded.fingerprint,
                &self.saved_text,
                self.text(),
            )?,
            None => {
                return Err(CoreError::new(
                    ErrorKind::InvalidInput,
                    "the PIR changed since its save was shown; save again to see what it changes",
                )
                .with_path(&self.loaded.path));
            }
        };
        let written = match planned.write(include, mode) {
            Ok(w) => w,
            Err(e) if e.kind == ErrorKind::Conflict && e.path.as_deref() == Some(self.path()) => {
                let disk = fsio::read_text(&self.loaded.path)?;
                let merge = merge_texts(Some(&self.saved_text), &disk.text, self.text());
                // The plan stays for "keep mine", which writes the same files.
                self.plan = Some(planned);
                return Ok(SaveOutcome::Conflict {
                    disk_text: disk.text,
                    disk: disk.fingerprint,
                    hunks: merge.choices,
                    combined: merge.combined,
                });
            }
            Err(e) => {
                self.plan = Some(planned);
                return Err(e);
            }
        };
        self.loaded.fingerprint = written.fingerprint;
        self.saved_text = planned.text().to_string();
        let name = |p: &PathBuf| {
            planned
                .plan
                .files
                .iter()
                .find(|f| &f.path == p)
                .map(|f| f.name.clone())
                .unwrap_or_else(|| p.display().to_string())
        };
        Ok(SaveOutcome::Saved {
            written: written.files.iter().map(name).collect(),
            left_out: written.left_out.iter().map(name).collect(),
            problems: planned.plan.problems.clone(),
            preview: Box::new(self.preview()),
        })
    }

    /// Reads the file again, dropping the edits not saved ("reload" after a conflict). The
    /// edits stay one undo away.
    pub fn reload(&mut self) -> Result<Preview> {
        let fresh = Document::load(&self.loaded.path)?;
        let text = fresh.document.text().to_string();
        let mine = std::mem::replace(&mut self.loaded, fresh)
            .document
            .into_text();
        if text != mine {
            self.record_undo(&mine);
        }
        self.saved_text = text;
        self.plan = None;
        Ok(self.preview())
    }

    /// After a conflict, change by change: takes the file on disk (the version `disk` the
    /// conflict was shown for) as the version read, merged three ways with the editor's text
    /// from the text read before: every change only one side made is kept, and of the
    /// overlapping ones (the conflict's hunks) mine where `take_mine` says so (one per hunk),
    /// theirs elsewhere; one undo step. Nothing is written: the text is unsaved, and the next
    /// save writes over the disk's version as any save does. A file changed again since is
    /// refused (its changes were not the ones shown).
    pub fn merge_disk(&mut self, disk: Fingerprint, take_mine: &[bool]) -> Result<Preview> {
        let now = fsio::read_text(&self.loaded.path)?;
        let merged = (now.fingerprint == disk)
            .then(|| merged_text(Some(&self.saved_text), &now.text, self.text(), take_mine))
            .flatten()
            .ok_or_else(|| {
                CoreError::new(
                    ErrorKind::Conflict,
                    "the file changed on disk again since its changes were shown; save again to see them",
                )
                .with_path(&self.loaded.path)
            })?;
        if merged != self.text() {
            let before = self.replace_text(merged);
            self.record_undo(&before);
        }
        self.loaded.fingerprint = now.fingerprint;
        self.saved_text = now.text;
        self.plan = None;
        Ok(self.preview())
    }
}

/// A summary without a site (its `rel` is the file name).
fn summary_of(path: &Path, text: &str) -> PirSummary {
    let rel = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    PirSummary::from_text(path, &rel, text)
}

/// A summary with the path relative to the site's docs folder, as nav and lists name it.
fn site_summary(site: &Site, path: &Path, text: &str) -> PirSummary {
    // The site's root is canonical; the path the UI gave may not be (a symlinked folder).
    let canonical = std::fs::canonicalize(path).ok();
    let rel = site
        .docs_relative(path)
        .or_else(|| canonical.and_then(|c| site.docs_relative(&c)));
    match rel {
        Some(rel) => PirSummary::from_text(path, &rel, text),
        None => summary_of(path, text),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{PIR, add, session};
    use super::*;
    use crate::doc::Edit;

    #[test]
    fn save_writes_then_a_change_on_disk_is_a_conflict_until_overwritten() {
        let (_d, path, mut s) = session();
        s.edit(&[add("10:45", "Closed")]).unwrap();
        let SaveOutcome::Saved { written, .. } = s.save(&[]).unwrap() else {
            panic!("expected a save")
        };
        assert_eq!(written, ["2026-02-03-queue-stall.md"]);
        assert!(!s.dirty());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), s.text());

        std::fs::write(&path, "someone else's text\n").unwrap();
        s.edit(&[Edit::TimelineSort]).unwrap();
        s.edit(&[add("11:00", "Mine")]).unwrap();
        match s.save(&[]).unwrap() {
            SaveOutcome::Conflict {
                disk_text, hunks, ..
            } => {
                assert_eq!(disk_text, "someone else's text\n");
                assert!(!hunks.is_empty());
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "someone else's text\n"
        );
        let mine = s.text().to_string();
        assert!(matches!(
            s.save_overwrite(&[]).unwrap(),
            SaveOutcome::Saved { .. }
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), mine);
        // After the overwrite, saving again is an ordinary save.
        s.edit(&[add("11:30", "Later")]).unwrap();
        assert!(matches!(s.save(&[]).unwrap(), SaveOutcome::Saved { .. }));
    }

    #[test]
    fn reload_takes_the_disk_text_and_keeps_mine_one_undo_away() {
        let (_d, path, mut s) = session();
        s.edit(&[add("10:45", "Mine")]).unwrap();
        let mine = s.text().to_string();
        std::fs::write(&path, PIR.replace("Fixed", "Repaired")).unwrap();
        let p = s.reload().unwrap();
        assert!(!p.dirty);
        assert!(s.text().contains("Repaired"));
        s.undo();
        assert_eq!(s.text(), mine);
        assert!(matches!(s.save(&[]).unwrap(), SaveOutcome::Saved { .. }));
    }

    #[test]
    fn extra_files_are_written_only_from_the_plan_for_the_text_now() {
        let (_d, path, mut s) = session();
        s.edit(&[add("10:45", "Closed")]).unwrap();
        let plan = s.plan_save().unwrap();
        assert_eq!(plan.files.len(), 1, "a loose file has no site to follow it");
        assert!(plan.files[0].pir && !plan.has_extra_files());
        // An edit after the plan makes it stale: asking for an extra file is refused.
        s.edit(&[add("11:00", "More")]).unwrap();
        let e = s.save(&[path.with_file_name("index.md")]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidInput);
        // A file the plan does not hold is refused too.
        s.plan_save().unwrap();
        let e = s.save(&[path.with_file_name("index.md")]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidInput);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), PIR);
    }

    #[test]
    fn a_conflict_merges_the_changes_of_both_sides_and_asks_only_where_they_overlap() {
        let (_d, path, mut s) = session();
        // Mine: a row added at the end. Theirs: the first line retitled. Neither touches the
        // other's lines, so both are kept without asking.
        s.edit(&[add("10:45", "Mine")]).unwrap();
        let mine = s.text().to_string();
        let theirs = PIR.replace("Queue stall", "Queue stall (theirs)");
        std::fs::write(&path, &theirs).unwrap();
        let SaveOutcome::Conflict {
            disk,
            hunks,
            combined,
            ..
        } = s.save(&[]).unwrap()
        else {
            panic!("expected a conflict")
        };
        assert!(hunks.is_empty());
        assert_eq!(combined.len(), 2);
        let p = s.merge_disk(disk, &[]).unwrap();
        assert!(p.dirty);
        assert_eq!(
            s.text(),
            mine.replace("Queue stall", "Queue stall (theirs)")
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
        // The merge is one undo step; the save that follows is an ordinary one.
        assert!(matches!(s.save(&[]).unwrap(), SaveOutcome::Saved { .. }));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), s.text());
        // A file changed again since the hunks were shown is refused.
        s.edit(&[add("11:00", "More")]).unwrap();
        std::fs::write(&path, "another text\n").unwrap();
        let SaveOutcome::Conflict { disk, .. } = s.save(&[]).unwrap() else {
            panic!("expected a conflict")
        };
        std::fs::write(&path, "yet another text\n").unwrap();
        let e = s.merge_disk(disk, &[true]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Conflict);
    }
}
