//! Saving a session: the file is written only over the version that was read (a change
//! made elsewhere is a [`SaveOutcome::Conflict`] the author decides on), and after a save
//! the site's nav, home list and index tables follow the PIR's new title, date, severity, ...

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{EditorSession, Preview};
use crate::doc::Document;
use crate::error::{ErrorKind, Result};
use crate::fsio::{self, WriteMode};
use crate::site::Site;
use crate::site::check::Problem;
use crate::site::summary::PirSummary;
use crate::site::sync::{after_edit, apply_changes};

/// How a save ended. A file changed on disk is an outcome the author decides on, not an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SaveOutcome {
    /// Written; the site's other files were updated to match.
    Saved {
        /// What changed in the nav, home list and index tables, one line each.
        nav_index_changes: Vec<String>,
        /// What is left for the author (a date the file name no longer matches).
        problems: Vec<Problem>,
        /// The session after the save.
        preview: Box<Preview>,
    },
    /// The file changed on disk since it was read; nothing was written.
    Conflict {
        /// The file's text on disk now.
        disk_text: String,
    },
}

impl EditorSession {
    /// Writes the document unless the file changed on disk since it was read or saved, then
    /// updates the site's nav, home list and index tables.
    pub fn save(&mut self) -> Result<SaveOutcome> {
        match self.loaded.save() {
            Ok(()) => self.after_save(),
            Err(e) if e.kind == ErrorKind::Conflict => Ok(SaveOutcome::Conflict {
                disk_text: fsio::read_text(&self.loaded.path)?.text,
            }),
            Err(e) => Err(e),
        }
    }

    /// Writes the document over whatever is on disk ("keep mine" after a conflict).
    pub fn save_overwrite(&mut self) -> Result<SaveOutcome> {
        self.loaded.fingerprint = fsio::write_atomic(
            &self.loaded.path,
            self.text().as_bytes(),
            WriteMode::Overwrite,
        )?;
        self.after_save()
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
        self.saved_summary = summary_of(&self.loaded.path, &text);
        self.saved_text = text;
        Ok(self.preview())
    }

    fn after_save(&mut self) -> Result<SaveOutcome> {
        let text = self.text().to_string();
        let (summary, site) = match Site::open(&self.loaded.path) {
            Ok(site) => (site_summary(&site, &self.loaded.path, &text), Some(site)),
            Err(_) => (summary_of(&self.loaded.path, &text), None),
        };
        let mut nav_index_changes = Vec::new();
        let mut problems = Vec::new();
        // A PIR outside any site (a loose file) has no nav or index to follow it.
        if let Some(site) = site {
            let old = PirSummary {
                rel: summary.rel.clone(),
                ..self.saved_summary.clone()
            };
            let planned = after_edit(&site, &old, &summary)?;
            apply_changes(&planned.changes)?;
            nav_index_changes = planned.changes.into_iter().flat_map(|c| c.what).collect();
            problems = planned.problems;
        }
        self.saved_text = text;
        self.saved_summary = summary;
        Ok(SaveOutcome::Saved {
            nav_index_changes,
            problems,
            preview: Box::new(self.preview()),
        })
    }
}

/// A summary without a site (its `rel` is the file name).
pub(super) fn summary_of(path: &Path, text: &str) -> PirSummary {
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
        let SaveOutcome::Saved { .. } = s.save().unwrap() else {
            panic!("expected a save")
        };
        assert!(!s.dirty());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), s.text());

        std::fs::write(&path, "someone else's text\n").unwrap();
        s.edit(&[Edit::TimelineSort]).unwrap();
        s.edit(&[add("11:00", "Mine")]).unwrap();
        match s.save().unwrap() {
            SaveOutcome::Conflict { disk_text } => {
                assert_eq!(disk_text, "someone else's text\n")
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "someone else's text\n"
        );
        let mine = s.text().to_string();
        assert!(matches!(
            s.save_overwrite().unwrap(),
            SaveOutcome::Saved { .. }
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), mine);
        // After the overwrite, saving again is an ordinary save.
        s.edit(&[add("11:30", "Later")]).unwrap();
        assert!(matches!(s.save().unwrap(), SaveOutcome::Saved { .. }));
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
        assert!(matches!(s.save().unwrap(), SaveOutcome::Saved { .. }));
    }
}
