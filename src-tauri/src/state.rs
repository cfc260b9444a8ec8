//! What the shell keeps for the commands: where its files are and the folder it was given.

use std::path::PathBuf;

/// The app's state, managed by Tauri and handed to the commands.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The site folder given on the command line, if any.
    pub arg: Option<PathBuf>,
    /// The recent-sites list, in the user's config folder.
    pub recent_file: PathBuf,
    /// The user's data folder for the app (the sample site goes there).
    pub data_dir: PathBuf,
}

/// The PIRs open for editing, keyed by path: each command on one locks the map for the
/// length of one edit (about a millisecond), so a plain mutex is enough.
#[derive(Debug, Default)]
pub struct Sessions(
    std::sync::Mutex<std::collections::HashMap<PathBuf, pir_core::session::EditorSession>>,
);

impl Sessions {
    /// Runs `f` on the session of `path`, opening it first when it is not open yet.
    pub fn with<T>(
        &self,
        path: &std::path::Path,
        f: impl FnOnce(&mut pir_core::session::EditorSession) -> pir_core::Result<T>,
    ) -> pir_core::Result<T> {
        // A panic in another command cannot leave a session half-edited (edits are all or
        // nothing), so a poisoned lock is still safe to use.
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let session = match map.entry(path.to_path_buf()) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(pir_core::session::EditorSession::open(path)?)
            }
        };
        f(session)
    }

    /// Puts a session over `text`, not read from a file, under `path` (replacing any session
    /// there) and gives its preview.
    pub fn open_unsaved(
        &self,
        path: &std::path::Path,
        text: &str,
    ) -> pir_core::Result<pir_core::session::Preview> {
        let mut session = pir_core::session::EditorSession::unsaved(path, text);
        let preview = session.preview();
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf(), session);
        Ok(preview)
    }

    /// The repositories the preview's images are served from: those of the open sessions
    /// (see `pir_core::site::preview_images`), each once.
    pub fn image_boundaries(&self) -> Vec<PathBuf> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut roots: Vec<PathBuf> = Vec::new();
        for root in map.values().filter_map(|s| s.image_boundary()) {
            if !roots.iter().any(|r| r == root) {
                roots.push(root.to_path_buf());
            }
        }
        roots
    }

    /// Forgets the session of `path` (its unsaved edits are dropped).
    pub fn close(&self, path: &std::path::Path) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(path);
    }
}

/// The search index of the open site. The window shows one site at a time, so one index is
/// kept: asking for another site's drops it (and stops its watcher) and starts the new one.
#[derive(Debug, Default)]
pub struct SearchIndexes(std::sync::Mutex<Option<pir_core::search::LiveIndex>>);

impl SearchIndexes {
    /// Runs `f` on the index of the site at `root`, starting its build in the background
    /// when it is not the one kept.
    pub fn with<T>(
        &self,
        root: &std::path::Path,
        f: impl FnOnce(&pir_core::search::LiveIndex) -> T,
    ) -> T {
        // An index is only read under the lock, never left half-changed: a poisoned lock is
        // still safe to use.
        let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if slot.as_ref().is_some_and(|i| i.root() != root) {
            *slot = None;
        }
        f(slot.get_or_insert_with(|| pir_core::search::LiveIndex::start(root)))
    }
}

/// The link targets of the open site (each page's title and headings), kept between the link
/// picker's searches and read again only for the pages whose file changed.
#[derive(Debug, Default)]
pub struct LinkTargets(std::sync::Mutex<pir_core::site::link_targets::LinkTargetCache>);

impl LinkTargets {
    /// Runs `f` on the kept targets (they drop another site's pages themselves).
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut pir_core::site::link_targets::LinkTargetCache) -> T,
    ) -> T {
        // The cache only ever holds whole pages: a poisoned lock is still safe to use.
        f(&mut self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use pir_core::search::{IndexStatus, SearchFilters};

    use super::SearchIndexes;

    /// One index is kept: asking again for the same site reuses it (already built), asking for
    /// another site replaces it with that site's.
    #[test]
    fn keeps_the_open_site_index_and_replaces_it_for_another_site() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        pir_core::sample::write_sample_site(a.path()).unwrap();
        pir_core::sample::write_generated_site(b.path(), 5).unwrap();
        let indexes = SearchIndexes::default();
        let wait = Duration::from_secs(30);
        let first = indexes.with(a.path(), |i| i.wait(wait));
        assert!(
            matches!(first, IndexStatus::Ready { pirs: 3, .. }),
            "{first:?}"
        );
        // The same site: the built index answers at once, without waiting.
        let again = indexes.with(a.path(), |i| i.status());
        assert_eq!(again, first);
        let hits = indexes.with(a.path(), |i| {
            i.search("certificate", &SearchFilters::default(), 5)
        });
        assert!(!hits.hits.is_empty());
        let other = indexes.with(b.path(), |i| i.wait(wait));
        assert!(
            matches!(other, IndexStatus::Ready { pirs: 8, .. }),
            "{other:?}"
        );
    }
}
