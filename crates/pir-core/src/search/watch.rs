//! Keeping an index current while PIR files change on disk.
//!
//! The docs folder is watched for PIR files, and the site's own settings (`mkdocs.yml`,
//! `.pir.toml`) for changes that alter what is indexed or how hits rank (the incidents
//! folder, a declared severity scale): those reopen the site and rebuild the index.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock, RwLockReadGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use super::{SearchFilters, SearchHit, SearchIndex};
use crate::error::{CoreError, ErrorKind, Result};
use crate::fsio;
use crate::site::{Site, is_pir_file_name};

/// How long the folder must be quiet before changes are applied: an editor's save is often
/// several events (write, rename, attribute change), and one re-index is enough.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

/// The longest a change waits while the folder keeps changing (a file rewritten every few
/// milliseconds would otherwise never be quiet long enough).
const MAX_DELAY: Duration = Duration::from_secs(1);

/// How often the worker checks whether it should stop while nothing happens.
const IDLE_POLL: Duration = Duration::from_millis(100);

/// A [`SearchIndex`] that follows the site's incidents folder; see [`SearchIndex::watch`].
///
/// Dropping it stops watching.
pub struct IndexWatcher {
    index: Arc<RwLock<SearchIndex>>,
    /// Batches of changes applied so far, and a signal for each new one.
    applied: Arc<(Mutex<u64>, Condvar)>,
    stop: Arc<AtomicBool>,
    watcher: Option<RecommendedWatcher>,
    worker: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for IndexWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexWatcher")
            .field("generation", &self.generation())
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Builds the index of `site` and keeps it current: PIR files created, changed, renamed
    /// or deleted in the incidents folder are re-indexed once the folder has been quiet for
    /// [`DEFAULT_DEBOUNCE`]; a change to `mkdocs.yml` or `.pir.toml` rebuilds the index from
    /// the site as it now reads (a settings file that no longer parses leaves the index as
    /// it was, so a half-typed edit never empties the search).
    pub fn watch(site: &Site) -> Result<IndexWatcher> {
        SearchIndex::watch_with(site, DEFAULT_DEBOUNCE)
    }

    /// [`SearchIndex::watch`] with another quiet period.
    pub fn watch_with(site: &Site, debounce: Duration) -> Result<IndexWatcher> {
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(tx).map_err(|e| watch_err(&e, site))?;
        // The docs folder, not the incidents folder: that one may not exist yet.
        watcher
            .watch(&site.docs_dir(), RecursiveMode::Recursive)
            .map_err(|e| watch_err(&e, site))?;
        // The folders of the settings files, not the files: editors replace files by renaming.
        let settings = settings_files(site);
        let mut settings_dirs: Vec<&Path> = settings
            .iter()
            .filter_map(|f| f.parent())
            .map(|d| {
                if d.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    d
                }
            })
            .collect();
        settings_dirs.dedup();
        for dir in settings_dirs {
            if !dir.starts_with(site.docs_dir()) {
                watcher
                    .watch(dir, RecursiveMode::NonRecursive)
                    .map_err(|e| watch_err(&e, site))?;
            }
        }
        // Built after the watch starts, so no change falls between the two.
        let index = Arc::new(RwLock::new(SearchIndex::build(site)?));
        let applied = Arc::new((Mutex::new(0u64), Condvar::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let worker = {
            let (index, applied, stop) = (index.clone(), applied.clone(), stop.clone());
            let watched = site.clone();
            std::thread::Builder::new()
                .name("pir-search-watch".into())
                .spawn(move || run(&watched, &rx, &index, &applied, &stop, debounce))
                .map_err(|e| CoreError::io("cannot start the index watcher", &site.root, &e))?
        };
        Ok(IndexWatcher {
            index,
            applied,
            stop,
            watcher: Some(watcher),
            worker: Some(worker),
        })
    }
}

/// The files whose change reopens the site: its MkDocs configuration and `.pir.toml`.
fn settings_files(site: &Site) -> [PathBuf; 2] {
    [
        site.root.join(crate::site::CONFIG_FILE),
        site.overrides_path.clone(),
    ]
}

fn watch_err(e: &notify::Error, site: &Site) -> CoreError {
    CoreError::new(ErrorKind::Io, format!("cannot watch the docs folder: {e}"))
        .with_path(site.docs_dir())
}

impl IndexWatcher {
    /// The index, shared with the watcher.
    pub fn index(&self) -> Arc<RwLock<SearchIndex>> {
        self.index.clone()
    }

    /// Reads the index (a change being applied waits until the guard is dropped).
    pub fn read(&self) -> RwLockReadGuard<'_, SearchIndex> {
        self.index.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs a query on the current index.
    pub fn search(&self, query: &str, filters: &SearchFilters, limit: usize) -> Vec<SearchHit> {
        self.read().search(query, filters, limit)
    }

    /// How many batches of changes have been applied since the watch started.
    pub fn generation(&self) -> u64 {
        *self
            .applied
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits (at most `timeout`) until `ready` holds for the index; whether it does.
    pub fn wait_until(&self, timeout: Duration, ready: impl Fn(&SearchIndex) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            // Read the generation first: a batch applied after it wakes the wait below.
            let seen = self.generation();
            if ready(&self.read()) {
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            let (lock, signal) = &*self.applied;
            let guard = lock.lock().unwrap_or_else(PoisonError::into_inner);
            let _ = signal
                .wait_timeout_while(guard, deadline - now, |g| *g == seen)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

impl Drop for IndexWatcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.watcher.take();
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// The worker: gathers changed paths until the folder is quiet, then applies them.
fn run(
    site: &Site,
    rx: &Receiver<notify::Result<notify::Event>>,
    index: &RwLock<SearchIndex>,
    applied: &(Mutex<u64>, Condvar),
    stop: &AtomicBool,
    debounce: Duration,
) {
    let mut site = site.clone();
    let mut settings = settings_files(&site);
    let mut incidents = site.incidents_dir();
    let mut pending: BTreeSet<PathBuf> = BTreeSet::new();
    let mut rescan = false;
    let mut reopen = false;
    // When the oldest change not yet applied arrived.
    let mut since: Option<Instant> = None;
    while !stop.load(Ordering::Relaxed) {
        let wait = match since {
            None => IDLE_POLL,
            Some(t) => debounce.min(MAX_DELAY.saturating_sub(t.elapsed())),
        };
        let received = rx.recv_timeout(wait);
        let quiet = matches!(received, Err(RecvTimeoutError::Timeout));
        match received {
            Ok(Ok(event)) => {
                rescan |= event.need_rescan();
                reopen |= event.paths.iter().any(|p| settings.contains(p));
                pending.extend(
                    event
                        .paths
                        .into_iter()
                        .filter(|p| is_pir_path(p, &incidents)),
                );
            }
            // The watcher lost events (queue overflow): re-read the whole folder.
            Ok(Err(_)) => rescan = true,
            Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => {}
        }
        if pending.is_empty() && !rescan && !reopen {
            continue;
        }
        let first = *since.get_or_insert_with(Instant::now);
        if quiet || first.elapsed() >= MAX_DELAY {
            if std::mem::take(&mut reopen)
                && let Ok(opened) = Site::open(&site.root)
                && let Ok(rebuilt) = SearchIndex::build(&opened)
            {
                site = opened;
                settings = settings_files(&site);
                incidents = site.incidents_dir();
                *index.write().unwrap_or_else(PoisonError::into_inner) = rebuilt;
                // The rebuild read every file: what was pending is in it.
                pending.clear();
                rescan = false;
            }
            if rescan {
                pending.extend(site.pir_files().unwrap_or_default());
                let indexed = index.read().unwrap_or_else(PoisonError::into_inner);
                pending.extend(indexed.paths().map(Path::to_path_buf));
            }
            apply(&site, index, std::mem::take(&mut pending));
            rescan = false;
            since = None;
            let (lock, signal) = applied;
            *lock.lock().unwrap_or_else(PoisonError::into_inner) += 1;
            signal.notify_all();
        }
    }
}

/// Whether `path` is (or was) a PIR file of the incidents folder.
fn is_pir_path(path: &Path, incidents: &Path) -> bool {
    path.parent() == Some(incidents)
        && path.extension().is_some_and(|x| x == "md")
        && path
            .file_name()
            .is_some_and(|n| is_pir_file_name(&n.to_string_lossy()))
}

/// Re-reads each path: indexed when it is a readable file, taken out when it is gone or now
/// leads outside the site (a symlink to a file elsewhere is never read). A file that cannot
/// be read right now (mid-write, too large) keeps its previous entry.
fn apply(site: &Site, index: &RwLock<SearchIndex>, paths: BTreeSet<PathBuf>) {
    // Read outside the lock so searches are not held up by the disk.
    let read: Vec<(PathBuf, Option<String>)> = paths
        .into_iter()
        .filter_map(|p| {
            if !site.is_inside(&p) {
                return Some((p, None));
            }
            match fsio::read_text(&p) {
                Ok(loaded) => Some((p, Some(loaded.text))),
                Err(_) if !p.exists() => Some((p, None)),
                Err(_) => None,
            }
        })
        .collect();
    let mut index = index.write().unwrap_or_else(PoisonError::into_inner);
    for (path, text) in read {
        match text {
            Some(text) => index.update(&path, &text),
            None => {
                index.remove(&path);
            }
        }
    }
}
