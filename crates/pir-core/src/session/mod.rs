//! One PIR open for editing: its document, its undo history, its preview and its saving.
//!
//! The editor's logic lives here rather than in the UI: every change arrives as one
//! [`Edit`], is applied to the [`LoadedDocument`] and answered with the new model and the
//! preview HTML (parse and render take about a millisecond on the largest PIRs, so this is
//! the keystroke path). Undo and redo keep, for each edit, only the bytes it changed: a
//! `Step` says which bytes of the text it was made from become what, so applying it to that
//! text restores the other one byte for byte (a lossless document needs nothing less), while
//! 200 steps of a 77 KB PIR hold a few kilobytes instead of 200 copies.
//!
//! The keystroke answer ([`EditorSession::edit`]) is a [`PreviewPatch`]: the text and the
//! HTML go as [`Splice`]s of what the UI was given last, not whole. A long PIR's text and
//! page are 170 KB together while an edited cell changes a few bytes of each, and carrying
//! and parsing the whole of both took most of the time between a keystroke and its preview.
//!
//! A save is planned first ([`EditorSession::plan_save`]): the PIR and every file of the site
//! that follows its new title, date, severity, ... (nav, home list, index-table rows), each
//! with its diff, so the author sees them and picks the extra files to write. Saving never
//! overwrites someone else's change silently: when the file changed on disk since it was
//! opened (or last saved), [`EditorSession::save`] answers [`SaveOutcome::Conflict`] with the
//! diff of the disk's text and the editor's, and the author picks [`EditorSession::reload`] or
//! [`EditorSession::save_overwrite`]. `pir save` and `pir timeline` save through the same
//! [`plan_save`].
//!
//! The parts: this file holds the session, its edits and its undo history; `save` plans and
//! writes a save, the one save path of the app and the command line; `draft` keeps the
//! session's text as its autosaved draft; `splice` computes the
//! smallest change between two texts, in UTF-16 units for the UI ([`Splice`]) and in bytes
//! for undo.

mod draft;
mod save;
mod splice;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::doc::{Document, Edit, LoadedDocument, PirModel};
use crate::error::Result;
use crate::render::render;
use crate::site::preview_images::PreviewImages;

pub use save::{PirWrite, PlannedFile, PlannedSave, SaveOutcome, SavePlan, Written, plan_save};
pub use splice::Splice;
use splice::Step;

/// How many steps undo keeps; older ones are dropped first.
const UNDO_LIMIT: usize = 200;

/// What the editor shows after an edit: the model, the rendered page and the session's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Preview {
    /// The file being edited.
    pub path: PathBuf,
    /// What the document says now.
    pub model: PirModel,
    /// The sanitised HTML of the whole document, the images it may show named by their
    /// preview URLs ([`crate::site::preview_images`]).
    pub html: String,
    /// The document's text (section spans in the model are byte offsets into it).
    pub text: String,
    /// Whether the text differs from what was last read or saved.
    pub dirty: bool,
    /// Whether there is an edit to undo.
    pub can_undo: bool,
    /// Whether there is an undone edit to redo.
    pub can_redo: bool,
    /// Counts the previews and patches the session gave; a [`PreviewPatch`] applies to the
    /// one whose revision is its `base`.
    pub revision: u64,
}

/// The answer to an edit: the [`Preview`] whose revision is `base` turns into the new one
/// by splicing its text and HTML and taking this model and state. A UI holding another
/// revision (it missed an answer) asks for the whole preview instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PreviewPatch {
    /// The file being edited.
    pub path: PathBuf,
    /// The revision of the preview this patch applies to.
    pub base: u64,
    /// The revision of the preview it makes.
    pub revision: u64,
    /// What the document says now.
    pub model: PirModel,
    /// The change to the document's text.
    pub text: Splice,
    /// The change to the sanitised HTML.
    pub html: Splice,
    /// Whether the text differs from what was last read or saved.
    pub dirty: bool,
    /// Whether there is an edit to undo.
    pub can_undo: bool,
    /// Whether there is an undone edit to redo.
    pub can_redo: bool,
}

/// A PIR open for editing.
#[derive(Debug, Clone)]
pub struct EditorSession {
    loaded: LoadedDocument,
    /// The text last read or saved: dirty means "differs from this".
    saved_text: String,
    /// The save last planned, which a save carries out while the text is still the same.
    plan: Option<PlannedSave>,
    /// Each step turns the text back into the one before an edit, newest last.
    undo: Vec<Step>,
    /// Each step turns the text into the one an undone edit made, newest last.
    redo: Vec<Step>,
    /// What the UI was given last, which the next [`PreviewPatch`] changes.
    shown: Shown,
    /// Where the page's images are found for the preview; `None` outside a site.
    images: Option<PreviewImages>,
}

/// The revision, text and HTML of the last preview or patch given.
#[derive(Debug, Clone, Default)]
struct Shown {
    revision: u64,
    text: String,
    html: String,
}

impl EditorSession {
    /// Opens the PIR at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<EditorSession> {
        let loaded = Document::load(&path)?;
        let saved_text = loaded.document.text().to_string();
        Ok(EditorSession {
            loaded,
            saved_text,
            plan: None,
            undo: Vec::new(),
            redo: Vec::new(),
            shown: Shown::default(),
            images: PreviewImages::for_page(path.as_ref()),
        })
    }

    /// A session over `text` that is not read from a file: the new-PIR wizard's timeline
    /// step, edited with the same grid, edits and undo as a PIR's before the PIR exists.
    /// `path` only names it; its fingerprint is the text's, so saving it would refuse to
    /// overwrite any file there (the wizard never saves it: it takes the text back).
    pub fn unsaved(path: impl AsRef<Path>, text: &str) -> EditorSession {
        let loaded = LoadedDocument {
            path: path.as_ref().to_path_buf(),
            document: Document::parse(text),
            fingerprint: crate::fsio::Fingerprint::of(text.as_bytes()),
        };
        EditorSession {
            loaded,
            saved_text: text.to_string(),
            plan: None,
            undo: Vec::new(),
            redo: Vec::new(),
            shown: Shown::default(),
            images: PreviewImages::for_page(path.as_ref()),
        }
    }

    /// The file being edited.
    pub fn path(&self) -> &Path {
        &self.loaded.path
    }

    /// The document's text now.
    pub fn text(&self) -> &str {
        self.loaded.document.text()
    }

    /// The document as it is now, for what reads its text and model together (the rows an
    /// import would add to the text being edited).
    pub fn document(&self) -> &Document {
        &self.loaded.document
    }

    /// What the document says now.
    pub fn model(&self) -> &PirModel {
        self.loaded.document.model()
    }

    /// The repository the preview's images are served from (see
    /// [`crate::site::preview_images`]); `None` for a file outside a site, whose preview
    /// shows no image.
    pub fn image_boundary(&self) -> Option<&Path> {
        self.images.as_ref().map(PreviewImages::boundary)
    }

    /// Whether the text differs from what was last read or saved.
    pub fn dirty(&self) -> bool {
        self.text() != self.saved_text
    }

    /// The model, the rendered page and the session's state, whole.
    pub fn preview(&mut self) -> Preview {
        self.show();
        Preview {
            path: self.loaded.path.clone(),
            model: self.model().clone(),
            html: self.shown.html.clone(),
            text: self.shown.text.clone(),
            dirty: self.dirty(),
            can_undo: !self.undo.is_empty(),
            can_redo: !self.redo.is_empty(),
            revision: self.shown.revision,
        }
    }

    /// What changed since the last preview or patch given, as a patch of it.
    pub fn patch(&mut self) -> PreviewPatch {
        let old = self.show();
        PreviewPatch {
            path: self.loaded.path.clone(),
            base: old.revision,
            revision: self.shown.revision,
            model: self.model().clone(),
            text: Splice::between(&old.text, &self.shown.text),
            html: Splice::between(&old.html, &self.shown.html),
            dirty: self.dirty(),
            can_undo: !self.undo.is_empty(),
            can_redo: !self.redo.is_empty(),
        }
    }

    /// Makes the text now, with its HTML, what the UI is given next (a new revision), and
    /// gives back what it was given before. The HTML is rendered only when the text changed.
    fn show(&mut self) -> Shown {
        let html = if self.shown.revision > 0 && self.shown.text == self.text() {
            self.shown.html.clone()
        } else {
            let html = render(self.text());
            match &self.images {
                Some(images) => images.rewrite(html),
                None => html,
            }
        };
        let now = Shown {
            revision: self.shown.revision + 1,
            text: self.text().to_string(),
            html,
        };
        std::mem::replace(&mut self.shown, now)
    }

    /// Applies edits as one undo step, all or nothing (on error nothing changes), and answers
    /// with a patch of the last preview or patch given: the keystroke path. A paste of many
    /// rows is one step; edits that leave the text as it was are none.
    pub fn edit(&mut self, edits: &[Edit]) -> Result<PreviewPatch> {
        let before = self.text().to_string();
        self.loaded.document.apply_all(edits)?;
        if self.text() != before {
            self.record_undo(&before);
        }
        Ok(self.patch())
    }

    /// Puts `text` in place of the whole document as one undo step (a restored draft). The
    /// file on disk is untouched: the session is dirty until saved, and the save follows the
    /// usual rule, so a file changed on disk meanwhile is a [`SaveOutcome::Conflict`]. The same
    /// text as now changes nothing and adds no undo step.
    pub fn set_text(&mut self, text: &str) -> Preview {
        if text != self.text() {
            let before = self.replace_text(text.to_string());
            self.record_undo(&before);
        }
        self.preview()
    }

    /// Goes back one edit; without one, nothing changes.
    pub fn undo(&mut self) -> Preview {
        if let Some(step) = self.undo.pop() {
            let now = self.replace_text(step.apply(self.text()));
            self.redo.push(Step::between(self.text(), &now));
        }
        self.preview()
    }

    /// Redoes the last undone edit; without one, nothing changes.
    pub fn redo(&mut self) -> Preview {
        if let Some(step) = self.redo.pop() {
            let now = self.replace_text(step.apply(self.text()));
            self.undo.push(Step::between(self.text(), &now));
        }
        self.preview()
    }

    /// Keeps the way from the text now back to `before` (the text before the change just
    /// made) as the newest undo step, dropping the oldest past the limit; a new change ends
    /// what could be redone.
    fn record_undo(&mut self, before: &str) {
        self.undo.push(Step::between(self.text(), before));
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Puts `text` in place of the document's, giving back the text it replaces.
    fn replace_text(&mut self, text: String) -> String {
        let doc = std::mem::replace(&mut self.loaded.document, Document::parse(text));
        doc.into_text()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) const PIR: &str = "# Post Incident Review: Queue stall\n\n**Date:** 2026-02-03\n**Severity:** High\n\n## Timeline (UTC)\n\n| Time | Event |\n| ---- | ----- |\n| 10:00 | Alert fired |\n| 10:30 | Fixed |\n";

    pub(super) fn session() -> (tempfile::TempDir, PathBuf, EditorSession) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2026-02-03-queue-stall.md");
        std::fs::write(&path, PIR).unwrap();
        let s = EditorSession::open(&path).unwrap();
        (dir, path, s)
    }

    pub(super) fn add(time: &str, event: &str) -> Edit {
        Edit::TimelineAdd {
            time: time.into(),
            event: event.into(),
            phase: None,
        }
    }

    #[test]
    fn edits_render_and_undo_redo_restore_exact_texts() {
        let (_d, _p, mut s) = session();
        assert!(!s.dirty());
        let first = s.preview();
        let p = s.edit(&[add("10:45", "Closed")]).unwrap();
        assert!(p.dirty && p.can_undo && !p.can_redo);
        assert_eq!(p.model.timeline.as_ref().unwrap().rows.len(), 3);
        assert!(p.html.apply(&first.html).unwrap().contains("Closed"));
        let p = s.undo();
        assert_eq!(s.text(), PIR);
        assert!(!p.dirty && p.can_redo && !p.can_undo);
        assert!(!p.html.contains("Closed"));
        let p = s.redo();
        assert!(p.html.contains("Closed") && p.dirty);
        // A failed edit changes nothing and adds no undo step.
        let before = s.text().to_string();
        assert!(s.edit(&[Edit::TimelineDelete { index: 9 }]).is_err());
        assert_eq!(s.text(), before);
        s.undo();
        assert_eq!(s.text(), PIR);
    }

    #[test]
    fn undo_keeps_only_what_each_edit_changed_and_walks_back_byte_for_byte() {
        let (_dir, _path, mut s) = session();
        let original = s.text().to_string();
        let mut texts = vec![original.clone()];
        for i in 0..UNDO_LIMIT {
            s.edit(&[Edit::TimelineSetEvent {
                index: i % 2,
                text: format!("Step {i} — ✓"),
            }])
            .unwrap();
            texts.push(s.text().to_string());
        }
        // Each step holds the few bytes of one cell, not a copy of the text.
        let held: usize = s.undo.iter().map(|x| x.insert.len()).sum();
        assert!(held < UNDO_LIMIT * 32, "undo holds {held} bytes");
        for want in texts.iter().rev().skip(1) {
            s.undo();
            assert_eq!(s.text(), want);
        }
        assert!(s.undo.is_empty());
        for want in texts.iter().skip(1) {
            s.redo();
            assert_eq!(s.text(), want);
        }
        // Past the limit the oldest step goes; the rest still walk back exactly.
        s.edit(&[add("11:00", "One more")]).unwrap();
        assert_eq!(s.undo.len(), UNDO_LIMIT);
        for _ in 0..UNDO_LIMIT {
            s.undo();
        }
        assert_eq!(s.text(), texts[1]);
    }

    #[test]
    fn patches_chain_from_the_preview_given_and_carry_only_the_change() {
        let (_d, _p, mut s) = session();
        let first = s.preview();
        let p = s.edit(&[add("10:45", "Closed")]).unwrap();
        assert_eq!((p.base, p.revision), (first.revision, first.revision + 1));
        assert!(p.dirty && p.can_undo);
        assert_eq!(p.text.apply(&first.text).as_deref(), Some(s.text()));
        let html = p.html.apply(&first.html).unwrap();
        assert_eq!(html, render(s.text()));
        assert!(p.text.insert.len() < 30, "{:?}", p.text);
        assert!(p.html.insert.contains("Closed") && p.html.insert.len() < 80);
        // The next patch applies to this one's result; an edit that changes nothing is empty.
        let q = s
            .edit(&[Edit::TimelineSetEvent {
                index: 2,
                text: "Closed".into(),
            }])
            .unwrap();
        assert_eq!(q.base, p.revision);
        assert!(q.text.is_empty() && q.html.is_empty());
        // A whole preview (undo) starts a new revision the next patch builds on.
        let u = s.undo();
        assert_eq!(u.revision, q.revision + 1);
        let r = s.edit(&[add("11:00", "Later")]).unwrap();
        assert_eq!(r.base, u.revision);
        assert_eq!(r.text.apply(&u.text).as_deref(), Some(s.text()));
        // A failed edit gives no patch and moves nothing on.
        assert!(s.edit(&[Edit::TimelineDelete { index: 9 }]).is_err());
        assert_eq!(s.patch().base, r.revision);
    }

    #[test]
    fn edits_given_together_are_one_undo_step() {
        let (_d, _p, mut s) = session();
        s.edit(&[add("11:00", "a"), add("11:05", "b"), add("11:10", "c")])
            .unwrap();
        assert_eq!(s.model().timeline.as_ref().unwrap().rows.len(), 5);
        s.undo();
        assert_eq!(s.text(), PIR);
    }
}
