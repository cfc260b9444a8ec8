//! An index built in the background and kept current, for an app that must show its window
//! before the index is ready.
//!
//! [`LiveIndex::start`] returns at once; a thread opens the site and builds the index (then
//! follows the docs folder, see [`IndexWatcher`]). Until it is done, [`LiveIndex::status`] says
//! [`IndexStatus::Indexing`] and searches return no hits with that status, so the caller can
//! show "indexing…" instead of waiting.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{IndexWatcher, SearchFilters, SearchHit, SearchIndex};
use crate::error::{CoreError, Result};
use crate::site::Site;

/// Where a [`LiveIndex`] is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum IndexStatus {
    /// The index is being built.
    Indexing,
    /// The index is built and follows the files on disk.
    Ready {
        /// How many PIRs are indexed now.
        pirs: usize,
        /// How long the build took, in milliseconds.
        build_ms: u64,
    },
    /// The index could not be built (the site cannot be opened, a PIR cannot be read, the
    /// folder cannot be watched).
    Failed {
        /// Why.
        error: CoreError,
    },
}

/// What a search of a [`LiveIndex`] gives: the hits, and the status they come from (no hits
/// while [`IndexStatus::Indexing`] or [`IndexStatus::Failed`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchResults {
    /// Where the index is.
    pub status: IndexStatus,
    /// The hits, best first.
    pub hits: Vec<SearchHit>,
}

/// What the building thread leaves for the readers.
enum Slot {
    Building,
    Ready {
        watcher: IndexWatcher,
        build: Duration,
    },
    Failed(CoreError),
}

type Shared = Arc<(Mutex<Slot>, Condvar)>;

/// A search index of one site, built on a background thread; see [the module](self).
///
/// Dropping it stops following the folder (a build still running finishes and is dropped).
pub struct LiveIndex {
    root: PathBuf,
    shared: Shared,
}

impl std::fmt::Debug for LiveIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveIndex")
            .field("root", &self.root)
            .field("status", &self.status())
            .finish()
    }
}

impl LiveIndex {
    /// Starts building the index of the site at `root` (any folder inside it) on a new
    /// thread and returns at once.
    pub fn start(root: &Path) -> LiveIndex {
        let shared: Shared = Arc::new((Mutex::new(Slot::Building), Condvar::new()));
        let done = {
            let shared = shared.clone();
            let root = root.to_path_buf();
            move || {
                let t0 = Instant::now();
                let slot = match Site::open(&root).and_then(|s| SearchIndex::watch(&s)) {
                    Ok(watcher) => Slot::Ready {
                        watcher,
                        build: t0.elapsed(),
                    },
                    Err(e) => Slot::Failed(e),
                };
                let (lock, signal) = &*shared;
                *lock.lock().unwrap_or_else(PoisonError::into_inner) = slot;
                signal.notify_all();
            }
        };
        let spawned = std::thread::Builder::new()
            .name("pir-search-build".into())
            .spawn(done);
        if let Err(e) = spawned {
            let (lock, _) = &*shared;
            *lock.lock().unwrap_or_else(PoisonError::into_inner) = Slot::Failed(CoreError::io(
                "cannot start building the search index",
                root,
                &e,
            ));
        }
        LiveIndex {
            root: root.to_path_buf(),
            shared,
        }
    }

    /// The folder the index was started for.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the index is.
    pub fn status(&self) -> IndexStatus {
        status_of(&self.shared.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Runs a query once the index is ready; no hits (and the status saying why) before.
    pub fn search(&self, query: &str, filters: &SearchFilters, limit: usize) -> SearchResults {
        let slot = self.shared.0.lock().unwrap_or_else(PoisonError::into_inner);
        let hits = match &*slot {
            Slot::Ready { watcher, .. } => watcher.search(query, filters, limit),
            _ => Vec::new(),
        };
        SearchResults {
            status: status_of(&slot),
            hits,
        }
    }

    /// Waits (at most `timeout`) for the build to end; the status then.
    pub fn wait(&self, timeout: Duration) -> IndexStatus {
        let (lock, signal) = &*self.shared;
        let guard = lock.lock().unwrap_or_else(PoisonError::into_inner);
        let (guard, _) = signal
            .wait_timeout_while(guard, timeout, |s| matches!(s, Slot::Building))
            .unwrap_or_else(PoisonError::into_inner);
        status_of(&guard)
    }

    /// Runs `f` on the index's watcher once it is ready (for waiting on changes in tests and
    /// tools); an error with the status while it is not.
    pub fn with_watcher<T>(&self, f: impl FnOnce(&IndexWatcher) -> T) -> Result<T> {
        let slot = self.shared.0.lock().unwrap_or_else(PoisonError::into_inner);
        match &*slot {
            Slot::Ready { watcher, .. } => Ok(f(watcher)),
            Slot::Failed(e) => Err(e.clone()),
            Slot::Building => Err(CoreError::new(
                crate::error::ErrorKind::InvalidInput,
                "the search index is still being built",
            )
            .with_path(&self.root)),
        }
    }
}

fn status_of(slot: &Slot) -> IndexStatus {
    match slot {
        Slot::Building => IndexStatus::Indexing,
        Slot::Ready { watcher, build } => IndexStatus::Ready {
            pirs: watcher.read().len(),
            build_ms: u64::try_from(build.as_millis()).unwrap_or(u64::MAX),
        },
        Slot::Failed(e) => IndexStatus::Failed { error: e.clone() },
    }
}
