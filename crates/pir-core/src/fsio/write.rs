//! Writing a file atomically and without losing anyone's change: under the folder's lock, the
//! target checked against the [`WriteMode`], the bytes written to a temporary file beside it,
//! flushed, and renamed (or linked, for a new file) over it.

use std::fs;
use std::io::Write;
use std::path::Path;

use super::Fingerprint;
use crate::error::{CoreError, ErrorKind, Result};

/// What a write may find at its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// The target must not exist yet (a new PIR); an existing file is [`ErrorKind::AlreadyExists`].
    CreateNew,
    /// The target must still be exactly the version with this fingerprint.
    Replace(Fingerprint),
    /// Write whatever is there (for files the caller owns, such as drafts).
    Overwrite,
}

/// Writes `bytes` to `path` atomically and returns their fingerprint.
///
/// Nothing is written when `mode` is not satisfied; on any failure the target is untouched and
/// the temporary file is removed. The check of `mode` and the rename happen under the folder's
/// lock (see [the module doc](super)), so concurrent writers cannot both pass the check.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: WriteMode) -> Result<Fingerprint> {
    let target = link_target(path, mode);
    let path = target.as_path();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // Held until this function returns: dropping the handle releases the lock.
    let locked = lock_folder(dir);
    check_mode(path, mode)?;
    let mut tmp = tempfile_in(dir, path)?;
    let result = (|| {
        tmp.file.write_all(bytes)?;
        if let Ok(meta) = fs::metadata(path) {
            // Keep the permissions the author gave the file.
            tmp.file.set_permissions(meta.permissions())?;
        }
        tmp.file.sync_all()?;
        match mode {
            WriteMode::CreateNew => create_from(&tmp.path, path),
            WriteMode::Replace(_) | WriteMode::Overwrite => fs::rename(&tmp.path, path),
        }
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp.path);
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            return Err(already_exists(path));
        }
        return Err(CoreError::io("cannot write file", path, &e));
    }
    tmp.renamed = true;
    // Make the rename itself durable where the platform allows opening a folder.
    if let Some(d) = locked.as_ref() {
        let _ = d.sync_all();
    } else if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(Fingerprint::of(bytes))
}

/// Where a write to `path` must go: the file a symlink points to (all links followed), so the
/// link stays a link and the file it names gets the new content, written and renamed in that
/// file's own folder. A path that is not a link, or a link that leads nowhere, is itself.
///
/// A new file ([`WriteMode::CreateNew`]) never follows a link: any link there already exists.
fn link_target(path: &Path, mode: WriteMode) -> std::path::PathBuf {
    let is_link = path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    if is_link && mode != WriteMode::CreateNew {
        if let Ok(target) = fs::canonicalize(path) {
            return target;
        }
    }
    path.to_path_buf()
}

/// Opens `dir` and takes an exclusive lock on it, waiting for any other writer to finish;
/// `None` where the folder cannot be opened or locked, the write then relying on its checks
/// alone (see [the module doc](super)).
#[cfg(unix)]
fn lock_folder(dir: &Path) -> Option<fs::File> {
    let handle = fs::File::open(dir).ok()?;
    rustix::fs::flock(&handle, rustix::fs::FlockOperation::LockExclusive).ok()?;
    Some(handle)
}

/// Elsewhere folders cannot be opened as files to lock: the write relies on its checks alone.
#[cfg(not(unix))]
fn lock_folder(_dir: &Path) -> Option<fs::File> {
    None
}

/// Refuses the write when the target is not as `mode` requires.
fn check_mode(path: &Path, mode: WriteMode) -> Result<()> {
    match mode {
        WriteMode::CreateNew => {
            if path.symlink_metadata().is_ok() {
                return Err(already_exists(path));
            }
        }
        WriteMode::Replace(expected) => {
            let current = match fs::read(path) {
                Ok(current) => current,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(CoreError::new(
                        ErrorKind::Conflict,
                        "file was deleted or moved since it was opened",
                    )
                    .with_path(path));
                }
                Err(e) => return Err(CoreError::io("cannot re-read file before saving", path, &e)),
            };
            if Fingerprint::of(&current) != expected {
                return Err(CoreError::new(
                    ErrorKind::Conflict,
                    "file changed on disk since it was opened; reload it or keep your version",
                )
                .with_path(path));
            }
        }
        WriteMode::Overwrite => {}
    }
    // Replacing a file needs only a writable folder, so the file's own mode is checked here:
    // a file without any write bit is one its owner (or a checkout) marked as not to be
    // changed. The bits, not access(2), decide, so the answer is the same for root.
    if mode != WriteMode::CreateNew {
        if let Ok(meta) = fs::metadata(path) {
            if meta.permissions().readonly() {
                return Err(CoreError::new(
                    ErrorKind::ReadOnly,
                    "file is read-only (its mode has no write permission); make it writable to save",
                )
                .with_path(path));
            }
        }
    }
    Ok(())
}

/// Puts the finished temporary file `tmp` at `target` unless something is already there.
///
/// A hard link fails when the target exists, atomically; the temporary name is then removed.
/// Where the file system has no hard links, a rename does it, still under the folder's lock
/// after the existence check.
fn create_from(tmp: &Path, target: &Path) -> std::io::Result<()> {
    match fs::hard_link(tmp, target) {
        Ok(()) => {
            let _ = fs::remove_file(tmp);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => {
            if target.symlink_metadata().is_ok() {
                return Err(std::io::ErrorKind::AlreadyExists.into());
            }
            fs::rename(tmp, target)
        }
    }
}

fn already_exists(path: &Path) -> CoreError {
    CoreError::new(ErrorKind::AlreadyExists, "file already exists").with_path(path)
}

struct TempFile {
    file: fs::File,
    path: std::path::PathBuf,
    renamed: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

fn tempfile_in(dir: &Path, target: &Path) -> Result<TempFile> {
    let stem = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pid = std::process::id();
    for attempt in 0..100u32 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = dir.join(format!(".{stem}.{pid}.{nanos:x}{attempt}.tmp"));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => {
                return Ok(TempFile {
                    file,
                    path,
                    renamed: false,
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(CoreError::io(
                    "cannot create a temporary file to save",
                    target,
                    &e,
                ));
            }
        }
    }
    Err(CoreError::new(ErrorKind::Io, "cannot create a temporary file to save").with_path(target))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fsio::read_text;

    #[test]
    fn replace_refuses_a_file_changed_on_disk_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        fs::write(&p, "one").unwrap();
        let loaded = read_text(&p).unwrap();
        fs::write(&p, "someone else").unwrap();
        let err = write_atomic(&p, b"mine", WriteMode::Replace(loaded.fingerprint)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Conflict);
        assert_eq!(fs::read_to_string(&p).unwrap(), "someone else");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn replace_writes_when_unchanged_and_create_new_refuses_existing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        fs::write(&p, "one").unwrap();
        let loaded = read_text(&p).unwrap();
        let fp = write_atomic(&p, b"two", WriteMode::Replace(loaded.fingerprint)).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(fp, Fingerprint::of(b"two"));
        assert_eq!(
            write_atomic(&p, b"x", WriteMode::CreateNew)
                .unwrap_err()
                .kind,
            ErrorKind::AlreadyExists
        );
        let q = dir.path().join("b.md");
        write_atomic(&q, b"new", WriteMode::CreateNew).unwrap();
        assert_eq!(fs::read_to_string(&q).unwrap(), "new");
    }

    /// Runs `writers` threads at once, `rounds` times; each returns what it claims to have
    /// written, or `None` when refused.
    fn race<T: Send>(
        writers: usize,
        rounds: usize,
        mut setup: impl FnMut(usize),
        write: impl Fn(usize, usize) -> Option<T> + Sync,
        mut check: impl FnMut(usize, Vec<T>),
    ) {
        for round in 0..rounds {
            setup(round);
            let barrier = std::sync::Barrier::new(writers);
            let won = std::thread::scope(|s| {
                let handles: Vec<_> = (0..writers)
                    .map(|w| {
                        let (barrier, write) = (&barrier, &write);
                        s.spawn(move || {
                            barrier.wait();
                            write(round, w)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .filter_map(|h| h.join().unwrap())
                    .collect()
            });
            check(round, won);
        }
    }

    #[test]
    fn concurrent_replace_writers_lose_no_update() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        race(
            6,
            50,
            |_| fs::write(&p, "start\n").unwrap(),
            |round, w| {
                let loaded = read_text(&p).unwrap();
                let line = format!("round {round} writer {w}\n");
                let text = format!("{}{line}", loaded.text);
                match write_atomic(&p, text.as_bytes(), WriteMode::Replace(loaded.fingerprint)) {
                    Ok(_) => Some(line),
                    Err(e) => {
                        assert_eq!(e.kind, ErrorKind::Conflict, "{e}");
                        None
                    }
                }
            },
            |round, won| {
                let text = fs::read_to_string(&p).unwrap();
                // The first writer to get in read the file as it was, so it cannot be refused.
                assert!(!won.is_empty(), "round {round}: every writer refused");
                for line in won {
                    assert!(
                        text.contains(&line),
                        "round {round}: {line:?} lost: {text:?}"
                    );
                }
            },
        );
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn concurrent_create_new_has_exactly_one_winner() {
        let dir = tempfile::tempdir().unwrap();
        let file = |round: usize| dir.path().join(format!("new-{round}.md"));
        race(
            6,
            50,
            |_| {},
            |round, w| {
                let text = format!("writer {w}");
                match write_atomic(&file(round), text.as_bytes(), WriteMode::CreateNew) {
                    Ok(_) => Some(text),
                    Err(e) => {
                        assert_eq!(e.kind, ErrorKind::AlreadyExists, "{e}");
                        None
                    }
                }
            },
            |round, won| {
                assert_eq!(won.len(), 1, "round {round}: {won:?} all created the file");
                assert_eq!(fs::read_to_string(file(round)).unwrap(), won[0]);
            },
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 50);
    }
}
