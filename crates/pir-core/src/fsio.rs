//! File input and output with the guarantees an editor owes its user.
//!
//! - Reads are bounded ([`MAX_FILE_BYTES`]) and checked to be UTF-8, with the line and column of
//!   the first bad byte in the error.
//! - Writes are atomic: the bytes go to a temporary file in the same folder, are flushed to disk,
//!   and the temporary file is renamed over the target, so a crash leaves either the old file or
//!   the new one, never half of each. A symlink is kept: the file it points to is the one
//!   replaced, with the temporary file in that file's folder.
//! - A write that replaces a file states the [`Fingerprint`] of the version it was based on and is
//!   refused with [`ErrorKind::Conflict`] when the file on disk is no longer that version, so a
//!   change made elsewhere (another editor, `git pull`) is never silently overwritten.
//! - A read-only file (no write bit in its mode) is refused with [`ErrorKind::ReadOnly`] and
//!   left as it is; a file that is replaced keeps its mode.
//! - Writers do not race each other. Every write holds an exclusive advisory lock (`flock`) on
//!   the target's folder from the check of [`WriteMode`] to the rename, so of two `pir`
//!   processes (or threads) replacing the same version of a file at once exactly one succeeds
//!   and the other gets [`ErrorKind::Conflict`]: a writer that reports success never has its
//!   change lost to another. Locking the folder itself needs no lock file to clean up.
//!   [`WriteMode::CreateNew`] links the finished temporary file to the target, which the file
//!   system refuses when the target exists, so of two creators exactly one succeeds even against
//!   programs that take no lock.
//! - The lock is advisory: it orders `pir`'s own writers, not other programs, which the
//!   fingerprint check still catches unless they write in the instant between check and rename.
//!   Where the folder cannot be opened or locked (some network file systems, platforms other
//!   than Unix) the write goes ahead unlocked, with only the fingerprint check.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, ErrorKind, Result, line_col};

/// The largest file `pir` reads: 8 MiB.
///
/// The largest real PIR seen is under 100 KB; a file a hundred times larger is almost surely not
/// a PIR (a log or an image saved as `.md`), and reading it whole would make the editor sluggish.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// How many bytes of `pir show --json` one byte of a PIR can become, at most.
///
/// The editable model repeats each row, cell and heading with its position, spans and flags, so
/// the densest PIRs (a line of `#` per heading, a one-digit row per timeline line) give about
/// 140 bytes of pretty JSON per byte of text; ordinary PIRs give 2 to 5.
pub const MODEL_BYTES_PER_TEXT_BYTE: u64 = 160;

/// The largest model file (`pir save --model`) `pir` reads: the model of any PIR under
/// [`MAX_FILE_BYTES`], as `pir show --json` prints it, fits.
pub const MAX_MODEL_BYTES: u64 = MAX_FILE_BYTES * MODEL_BYTES_PER_TEXT_BYTE;

/// What a file's content was when it was read: its length and a 64-bit FNV-1a hash.
///
/// Content, not modification time, decides: mtimes are coarse on some file systems and are
/// reset by tools such as `git checkout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Fingerprint {
    /// Length in bytes.
    pub len: u64,
    /// FNV-1a 64-bit hash of the bytes, as 16 hex digits (a string so it survives JSON intact).
    pub hash: HexHash,
}

/// A 64-bit hash that serialises as 16 lowercase hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(type = "string"))]
#[serde(into = "String", try_from = "String")]
pub struct HexHash(pub u64);

impl From<HexHash> for String {
    fn from(h: HexHash) -> String {
        format!("{:016x}", h.0)
    }
}

impl TryFrom<String> for HexHash {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        u64::from_str_radix(&s, 16)
            .map(HexHash)
            .map_err(|e| format!("bad hash {s:?}: {e}"))
    }
}

impl Fingerprint {
    /// The fingerprint of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        // FNV-1a: tiny, fast enough for files under MAX_FILE_BYTES, and stable across builds.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Fingerprint {
            len: bytes.len() as u64,
            hash: HexHash(hash),
        }
    }
}

/// `path` with `.` and `..` taken out by name, without touching the file system (the file
/// may not exist, or be deleted); `None` when `..` climbs above the root.
pub fn lexical_path(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

/// A text file as read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// The whole content.
    pub text: String,
    /// What the content was, for [`write_atomic`] to check against.
    pub fingerprint: Fingerprint,
}

/// Reads `path` as UTF-8 text, refusing files over [`MAX_FILE_BYTES`] and naming the line and
/// column of the first byte that is not UTF-8.
pub fn read_text(path: &Path) -> Result<Loaded> {
    let text = read_string(path)?;
    let fingerprint = Fingerprint::of(text.as_bytes());
    Ok(Loaded { text, fingerprint })
}

/// Reads a text file with the checks of [`read_text`] but without its fingerprint, for a
/// file that will not be written back (`pir render`): hashing a large page byte by byte costs
/// about as much as reading it.
pub fn read_string(path: &Path) -> Result<String> {
    read_string_up_to(path, MAX_FILE_BYTES)
}

/// The metadata of `path` when it is a regular file (symlinks followed), the only kind of
/// file read as text: a folder, a device (`/dev/zero`, which has no length to check) or a
/// FIFO (whose open blocks until a writer comes) is an error naming `path`.
pub fn regular_file(path: &Path) -> Result<fs::Metadata> {
    let meta = fs::metadata(path).map_err(|e| CoreError::io("cannot read file", path, &e))?;
    if meta.is_dir() {
        return Err(
            CoreError::new(ErrorKind::InvalidInput, "is a folder, not a file").with_path(path),
        );
    }
    if !meta.is_file() {
        return Err(CoreError::new(
            ErrorKind::InvalidInput,
            "not a regular file (a device, pipe or socket): only text files are read",
        )
        .with_path(path));
    }
    Ok(meta)
}

/// Reads a text file with the checks of [`read_string`] but a limit of `limit` bytes, for files
/// that are not PIRs: a model file (see [`MAX_MODEL_BYTES`]) is many times larger than its PIR.
pub fn read_string_up_to(path: &Path, limit: u64) -> Result<String> {
    use std::io::Read;
    let meta = regular_file(path)?;
    if meta.len() > limit {
        return Err(too_large(path, meta.len(), limit));
    }
    let file = fs::File::open(path).map_err(|e| CoreError::io("cannot read file", path, &e))?;
    // The file may have grown (or been swapped) since metadata(): read one byte past the limit
    // at most, which is enough to tell it is too large.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CoreError::io("cannot read file", path, &e))?;
    if bytes.len() as u64 > limit {
        return Err(CoreError::new(
            ErrorKind::TooLarge,
            format!("file grew past the {limit}-byte limit while being read"),
        )
        .with_path(path));
    }
    decode_utf8(bytes).map_err(|e| e.with_path(path))
}

fn too_large(path: &Path, len: u64, limit: u64) -> CoreError {
    CoreError::new(
        ErrorKind::TooLarge,
        format!("file is {len} bytes, over the {limit}-byte limit"),
    )
    .with_path(path)
}

/// Decodes `bytes` as UTF-8, or says where the first invalid byte is.
pub fn decode_utf8(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let (line, column) = line_col(e.as_bytes(), offset);
        CoreError::new(
            ErrorKind::NotUtf8,
            format!(
                "not UTF-8 text: invalid byte 0x{:02x}",
                e.as_bytes()[offset]
            ),
        )
        .at(line, column)
    })
}

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
/// lock (see the module doc), so concurrent writers cannot both pass the check.
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
/// alone (see the module doc).
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
    use std::path::PathBuf;

    #[test]
    fn lexical_paths_never_climb_above_the_root() {
        assert_eq!(
            lexical_path(Path::new("/a/b/../c")),
            Some(PathBuf::from("/a/c"))
        );
        assert_eq!(lexical_path(Path::new("a/../..")), None);
    }

    use super::*;

    #[test]
    fn reads_utf8_and_reports_bad_bytes_with_position() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.md");
        fs::write(&good, "# T\n").unwrap();
        assert_eq!(read_text(&good).unwrap().text, "# T\n");

        let bad = dir.path().join("bad.md");
        fs::write(&bad, b"# T\nab\xffc\n").unwrap();
        let err = read_text(&bad).unwrap_err();
        assert_eq!(err.kind, ErrorKind::NotUtf8);
        assert_eq!((err.line, err.column), (Some(2), Some(3)));
        assert!(
            err.to_string()
                .starts_with(&format!("{}:2:3: not UTF-8", bad.display()))
        );
    }

    #[test]
    fn read_string_has_the_checks_of_read_text() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.md");
        fs::write(&good, "# T\n").unwrap();
        assert_eq!(read_string(&good).unwrap(), read_text(&good).unwrap().text);
        let bad = dir.path().join("bad.md");
        fs::write(&bad, b"ab\xffc\n").unwrap();
        assert_eq!(read_string(&bad).unwrap_err().kind, ErrorKind::NotUtf8);
        assert_eq!(
            read_string(dir.path()).unwrap_err().kind,
            ErrorKind::InvalidInput
        );
    }

    #[test]
    fn refuses_huge_files() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.md");
        let f = fs::File::create(&big).unwrap();
        f.set_len(MAX_FILE_BYTES + 1).unwrap();
        assert_eq!(read_text(&big).unwrap_err().kind, ErrorKind::TooLarge);
    }

    #[test]
    fn missing_file_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read_text(&dir.path().join("nope.md")).unwrap_err().kind,
            ErrorKind::NotFound
        );
    }

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

    #[test]
    fn fingerprint_round_trips_through_json() {
        let fp = Fingerprint::of(b"hello");
        let json = serde_json::to_string(&fp).unwrap();
        assert_eq!(serde_json::from_str::<Fingerprint>(&json).unwrap(), fp);
    }
}
