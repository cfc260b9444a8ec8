//! The session's own draft: autosave writes the text the session already holds, and a
//! restored draft goes from disk straight into the session, so the editor's text never
//! travels to the UI and back just to be kept or put back.

use std::path::Path;

use super::EditorSession;
use crate::drafts::{self, DraftInfo};
use crate::error::Result;

impl EditorSession {
    /// Saves the session's text as the draft of its PIR in `site`, kept in `data_dir`
    /// (autosave), replacing the previous one. A text equal to the file on disk removes the
    /// draft instead (`None`): an edit undone back to the saved text leaves none to offer.
    pub fn save_draft(&self, data_dir: &Path, site: &Path) -> Result<Option<DraftInfo>> {
        drafts::save_draft(data_dir, site, self.path(), self.text())
    }

    /// Puts the draft of its PIR (kept in `data_dir` for `site`) in place of the session's
    /// text, as one undo step, unsaved: the draft goes from disk into the session without
    /// passing through the UI. The file on disk is untouched until saved.
    pub fn restore_draft(&mut self, data_dir: &Path, site: &Path) -> Result<super::Preview> {
        let draft = drafts::restore(data_dir, site, self.path())?;
        Ok(self.set_text(&draft.text))
    }
}
