//! One PIR open for editing: its document, its undo history, its preview and its saving.
//!
//! The editor's logic lives here rather than in the UI: every change arrives as one
//! [`Edit`], is applied to the [`LoadedDocument`] and answered with the new model and the
//! preview HTML (parse and render take about a millisecond on the largest PIRs, so this is
//! the keystroke path). Undo and redo keep whole earlier texts: documents are small and a
//! text is the one thing that restores a lossless document exactly.
//!
//! The keystroke answer ([`EditorSession::edit`]) is a [`PreviewPatch`]: the text and the
//! HTML go as [`Splice`]s of what the UI was given last, not whole. A long PIR's text and
//! page are 170 KB together while an edited cell changes a few bytes of each, and carrying
//! and parsing the whole of both took most of the time between a keystroke and its preview.
//!
//! Saving never overwrites someone else's change silently: when the file changed on disk since
//! it was opened (or last saved), [`EditorSession::save`] answers [`SaveOutcome::Conflict`]
//! with the disk's text, and the author picks [`EditorSession::reload`] or
//! [`EditorSession::save_overwrite`]. After a save the PIR's nav entry, home-list entry and
//! index-table rows follow its new title, date, severity, ... through
//! [`crate::site::sync::after_edit`].

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::doc::{Document, Edit, LoadedDocument, PirModel};
use crate::error::{ErrorKind, Result};
use crate::fsio::{self, WriteMode};
use crate::render::render;
use crate::site::Site;
use crate::site::check::Problem;
use crate::site::summary::PirSummary;
use crate::site::sync::{after_edit, apply_changes};

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
    /// The sanitised HTML of the whole document.
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

/// A change to a string in UTF-16 code units, the unit of the JavaScript strings it is
/// applied to: `insert` takes the place of the `remove` units from `start`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Splice {
    /// Where the change starts, in UTF-16 code units.
    pub start: usize,
    /// How many UTF-16 code units it replaces.
    pub remove: usize,
    /// What goes in their place.
    pub insert: String,
}

impl Splice {
    /// The smallest splice turning `old` into `new`: everything but their common prefix and
    /// common suffix (whole characters only, so `insert` is always a valid string).
    pub fn between(old: &str, new: &str) -> Splice {
        let (head, tail) = common_ends(old, new);
        Splice {
            start: utf16_len(&old[..head]),
            remove: utf16_len(&old[head..old.len() - tail]),
            insert: new[head..new.len() - tail].to_string(),
        }
    }

    /// `old` with the splice applied, as the UI applies it; `None` when the splice does not
    /// fit `old` (it was made for another string, or cuts a character in two).
    pub fn apply(&self, old: &str) -> Option<String> {
        let start = byte_offset(old, self.start)?;
        let end = start + byte_offset(old.get(start..)?, self.remove)?;
        Some([&old[..start], self.insert.as_str(), &old[end..]].concat())
    }

    /// Whether the splice changes nothing.
    pub fn is_empty(&self) -> bool {
        self.remove == 0 && self.insert.is_empty()
    }
}

/// How many leading and trailing bytes `old` and `new` share, in whole characters (the
/// suffix never overlaps the prefix).
fn common_ends(old: &str, new: &str) -> (usize, usize) {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let mut head = common_prefix(o, n);
    while !(old.is_char_boundary(head) && new.is_char_boundary(head)) {
        head -= 1;
    }
    let most = o.len().min(n.len()) - head;
    let mut tail = common_suffix(&o[o.len() - most..], &n[n.len() - most..]);
    while !(old.is_char_boundary(o.len() - tail) && new.is_char_boundary(n.len() - tail)) {
        tail -= 1;
    }
    (head, tail)
}

/// One undo or redo step: in the text it applies to, the bytes `start..start + remove` become
/// `insert`. A step holds only what an edit changed, where a whole earlier text per step
/// held 200 copies of a 77 KB PIR after as many edits.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Step {
    start: usize,
    remove: usize,
    insert: String,
}

impl Step {
    /// The step turning `from` into `to`.
    fn between(from: &str, to: &str) -> Step {
        let (head, tail) = common_ends(from, to);
        Step {
            start: head,
            remove: from.len() - tail - head,
            insert: to[head..to.len() - tail].to_string(),
        }
    }

    /// `text` with the step applied; `text` is the one it was made from (the session keeps
    /// them in step: each is popped only while the text is the one it was made for).
    fn apply(&self, text: &str) -> String {
        [
            &text[..self.start],
            self.insert.as_str(),
            &text[self.start + self.remove..],
        ]
        .concat()
    }
}

/// The UTF-16 length of `s`: one unit per character, two for those beyond the Basic
/// Multilingual Plane (whose UTF-8 form starts with a byte of `0xF0` or more).
fn utf16_len(s: &str) -> usize {
    s.bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// The byte offset in `s` of its `units`-th UTF-16 code unit, if that falls between two
/// characters.
fn byte_offset(s: &str, units: usize) -> Option<usize> {
    let mut seen = 0;
    for (at, c) in s.char_indices() {
        if seen >= units {
            return (seen == units).then_some(at);
        }
        seen += c.len_utf16();
    }
    (seen == units).then_some(s.len())
}

/// How many leading bytes `a` and `b` share, compared a block at a time (the texts are
/// tens of kilobytes and usually differ in one place).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let mut n = 0;
    for (x, y) in a.chunks(BLOCK).zip(b.chunks(BLOCK)) {
        if x == y {
            n += x.len();
        } else {
            return n + x.iter().zip(y).take_while(|(x, y)| x == y).count();
        }
    }
    n
}

/// How many trailing bytes `a` and `b` share.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let mut n = 0;
    for (x, y) in a.rchunks(BLOCK).zip(b.rchunks(BLOCK)) {
        if x == y {
            n += x.len();
        } else {
            return n + x
                .iter()
                .rev()
                .zip(y.iter().rev())
                .take_while(|(x, y)| x == y)
                .count();
        }
    }
    n
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

/// A PIR open for editing.
#[derive(Debug, Clone)]
pub struct EditorSession {
    loaded: LoadedDocument,
    /// The text last read or saved: dirty means "differs from this".
    saved_text: String,
    /// The summary of the saved text, which `after_edit` compares the new one with.
    saved_summary: PirSummary,
    /// Each step turns the text back into the one before an edit, newest last.
    undo: Vec<Step>,
    /// Each step turns the text into the one an undone edit made, newest last.
    redo: Vec<Step>,
    /// What the UI was given last, which the next [`PreviewPatch`] changes.
    shown: Shown,
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
        let loaded = Document::load(path)?;
        let saved_text = loaded.document.text().to_string();
        let saved_summary = summary_of(&loaded.path, &saved_text);
        Ok(EditorSession {
            loaded,
            saved_text,
            saved_summary,
            undo: Vec::new(),
            redo: Vec::new(),
            shown: Shown::default(),
        })
    }

    /// The file being edited.
    pub fn path(&self) -> &Path {
        &self.loaded.path
    }

    /// The document's text now.
    pub fn text(&self) -> &str {
        self.loaded.document.text()
    }

    /// What the document says now.
    pub fn model(&self) -> &PirModel {
        self.loaded.document.model()
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
            render(self.text())
        };
        let now = Shown {
            revision: self.shown.revision + 1,
            text: self.text().to_string(),
            html,
        };
        std::mem::replace(&mut self.shown, now)
    }

    /// Applies one edit (on error nothing changes). An edit that leaves the text as it was is
    /// not an undo step.
    pub fn apply(&mut self, edit: &Edit) -> Result<Preview> {
        self.apply_all(std::slice::from_ref(edit))
    }

    /// Applies edits as one undo step, all or nothing (a paste of many rows).
    pub fn apply_all(&mut self, edits: &[Edit]) -> Result<Preview> {
        self.change(edits)?;
        Ok(self.preview())
    }

    /// Applies edits as [`EditorSession::apply_all`] does, answering with a patch of the last
    /// preview or patch given: the keystroke path.
    pub fn edit(&mut self, edits: &[Edit]) -> Result<PreviewPatch> {
        self.change(edits)?;
        Ok(self.patch())
    }

    fn change(&mut self, edits: &[Edit]) -> Result<()> {
        let before = self.text().to_string();
        self.loaded.document.apply_all(edits)?;
        if self.text() != before {
            self.record_undo(&before);
        }
        Ok(())
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
    use super::*;

    const PIR: &str = "# Post Incident Review: Queue stall\n\n**Date:** 2026-02-03\n**Severity:** High\n\n## Timeline (UTC)\n\n| Time | Event |\n| ---- | ----- |\n| 10:00 | Alert fired |\n| 10:30 | Fixed |\n";

    fn session() -> (tempfile::TempDir, PathBuf, EditorSession) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2026-02-03-queue-stall.md");
        std::fs::write(&path, PIR).unwrap();
        let s = EditorSession::open(&path).unwrap();
        (dir, path, s)
    }

    fn add(time: &str, event: &str) -> Edit {
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
        let p = s.apply(&add("10:45", "Closed")).unwrap();
        assert!(p.dirty && p.can_undo && !p.can_redo);
        assert_eq!(p.model.timeline.as_ref().unwrap().rows.len(), 3);
        assert!(p.html.contains("Closed"));
        let p = s.undo();
        assert_eq!(s.text(), PIR);
        assert!(!p.dirty && p.can_redo && !p.can_undo);
        assert!(!p.html.contains("Closed"));
        let p = s.redo();
        assert!(p.html.contains("Closed") && p.dirty);
        // A failed edit changes nothing and adds no undo step.
        let before = s.text().to_string();
        assert!(s.apply(&Edit::TimelineDelete { index: 9 }).is_err());
        assert_eq!(s.text(), before);
        s.undo();
        assert_eq!(s.text(), PIR);
    }

    /// `s` as UTF-16 code units, how the UI's strings count.
    fn units(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn a_splice_keeps_common_ends_in_utf16_units() {
        let sp = Splice::between(
            "| 10:00 | Alert 🔥 fired |",
            "| 10:00 | Alert 🔥 fired, again |",
        );
        // The emoji is four bytes and two UTF-16 units: the start counts units.
        assert_eq!(
            sp,
            Splice {
                start: units("| 10:00 | Alert 🔥 fired").len(),
                remove: 0,
                insert: ", again".into()
            }
        );
        // A change inside a multi-byte character takes the whole character.
        let sp = Splice::between("café", "cafè");
        assert_eq!((sp.start, sp.remove, sp.insert.as_str()), (3, 1, "è"));
        assert!(Splice::between("same", "same").is_empty());
        // A splice made for another string does not apply.
        let sp = Splice::between("abc", "abXc");
        assert_eq!(sp.apply("abc").as_deref(), Some("abXc"));
        assert_eq!(sp.apply("a").as_deref(), None);
        assert_eq!(Splice::between("😀", "").apply("😀x").as_deref(), Some("x"));
        assert_eq!(
            Splice {
                start: 1,
                remove: 0,
                insert: "x".into()
            }
            .apply("😀"),
            None
        );
    }

    #[test]
    fn undo_keeps_only_what_each_edit_changed_and_walks_back_byte_for_byte() {
        let (_dir, _path, mut s) = session();
        let original = s.text().to_string();
        let mut texts = vec![original.clone()];
        for i in 0..UNDO_LIMIT {
            s.apply(&Edit::TimelineSetEvent {
                index: i % 2,
                text: format!("Step {i} — ✓"),
            })
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
        s.apply(&add("11:00", "One more")).unwrap();
        assert_eq!(s.undo.len(), UNDO_LIMIT);
        for _ in 0..UNDO_LIMIT {
            s.undo();
        }
        assert_eq!(s.text(), texts[1]);
    }

    proptest::proptest! {
        #[test]
        fn a_step_turns_its_text_into_the_other_and_back(
            a in "[a-cé😀\\n|]{0,40}",
            b in "[a-cé😀\\n|]{0,40}",
        ) {
            let there = Step::between(&a, &b);
            proptest::prop_assert_eq!(there.apply(&a), b.clone());
            proptest::prop_assert_eq!(Step::between(&b, &a).apply(&b), a);
        }

        #[test]
        fn a_splice_turns_the_old_text_into_the_new(
            old in "[a-cé😀\\n|]{0,40}",
            new in "[a-cé😀\\n|]{0,40}",
        ) {
            let sp = Splice::between(&old, &new);
            proptest::prop_assert_eq!(sp.apply(&old), Some(new.clone()));
            // The same as a JavaScript string would do it, unit by unit.
            let mut js = units(&old);
            js.splice(sp.start..sp.start + sp.remove, units(&sp.insert));
            proptest::prop_assert_eq!(js, units(&new));
            // Nothing of the common prefix or suffix is carried.
            let prefix = old.chars().zip(new.chars()).take_while(|(a, b)| a == b).count();
            proptest::prop_assert!(sp.insert.chars().count() <= new.chars().count() - prefix);
        }
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
    fn apply_all_is_one_undo_step() {
        let (_d, _p, mut s) = session();
        s.apply_all(&[add("11:00", "a"), add("11:05", "b"), add("11:10", "c")])
            .unwrap();
        assert_eq!(s.model().timeline.as_ref().unwrap().rows.len(), 5);
        s.undo();
        assert_eq!(s.text(), PIR);
    }

    #[test]
    fn save_writes_then_a_change_on_disk_is_a_conflict_until_overwritten() {
        let (_d, path, mut s) = session();
        s.apply(&add("10:45", "Closed")).unwrap();
        let SaveOutcome::Saved { .. } = s.save().unwrap() else {
            panic!("expected a save")
        };
        assert!(!s.dirty());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), s.text());

        std::fs::write(&path, "someone else's text\n").unwrap();
        s.apply(&Edit::TimelineSort).unwrap();
        s.apply(&add("11:00", "Mine")).unwrap();
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
        s.apply(&add("11:30", "Later")).unwrap();
        assert!(matches!(s.save().unwrap(), SaveOutcome::Saved { .. }));
    }

    #[test]
    fn reload_takes_the_disk_text_and_keeps_mine_one_undo_away() {
        let (_d, path, mut s) = session();
        s.apply(&add("10:45", "Mine")).unwrap();
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
