//! The session's own draft: autosave writes the text the session already holds, so the
//! editor's text never travels to the UI and back just to be kept on disk.

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
}
