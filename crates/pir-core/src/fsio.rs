//! File input and output with the guarantees an editor owes its user.
//!
//! - Reads are bounded ([`MAX_FILE_BYTES`]) and checked to be UTF-8, with the line and column of
//!   the first bad byte in the error.
//! - Writes are atomic: the bytes go to a temporary file in the same folder, are flushed to disk,
//!   and the temporary file is renamed over the target, so a crash leaves either the old file or
//!   the new one, never half of each.
//! - A write that replaces a file states the [`Fingerprint`] of the version it was based on and is
//!   refused with [`ErrorKind::Conflict`] when the file on disk is no longer that version, so a
//!   change made elsewhere (another editor, `git pull`) is never silently overwritten.

use std::fs;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, ErrorKind, Result, line_col};

/// The largest file `pir` reads: 8 MiB.
///
/// The largest real PIR seen is under 100 KB; a file a hundred times larger is almost surely not
/// a PIR (a log or an image saved as `.md`), and reading it whole would make the editor sluggish.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

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
    let meta = fs::metadata(path).map_err(|e| CoreError::io("cannot read file", path, &e))?;
    if meta.is_dir() {
        return Err(
            CoreError::new(ErrorKind::InvalidInput, "is a folder, not a file").with_path(path),
        );
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path, meta.len()));
    }
    let bytes = fs::read(path).map_err(|e| CoreError::io("cannot read file", path, &e))?;
    // The file may have grown between metadata() and read().
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    decode_utf8(bytes).map_err(|e| e.with_path(path))
}

fn too_large(path: &Path, len: u64) -> CoreError {
    CoreError::new(
        ErrorKind::TooLarge,
        format!("file is {len} bytes, over the {MAX_FILE_BYTES}-byte limit for a PIR"),
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
/// the temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: WriteMode) -> Result<Fingerprint> {
    match mode {
        WriteMode::CreateNew => {
            if path.symlink_metadata().is_ok() {
                return Err(
                    CoreError::new(ErrorKind::AlreadyExists, "file already exists").with_path(path),
                );
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
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile_in(dir, path)?;
    let result = (|| {
        tmp.file.write_all(bytes)?;
        if let Ok(meta) = fs::metadata(path) {
            // Keep the permissions the author gave the file.
            tmp.file.set_permissions(meta.permissions())?;
        }
        tmp.file.sync_all()?;
        fs::rename(&tmp.path, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp.path);
        return Err(CoreError::io("cannot write file", path, &e));
    }
    tmp.renamed = true;
    // Make the rename itself durable where the platform allows opening a folder.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(Fingerprint::of(bytes))
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

    #[test]
    fn fingerprint_round_trips_through_json() {
        let fp = Fingerprint::of(b"hello");
        let json = serde_json::to_string(&fp).unwrap();
        assert_eq!(serde_json::from_str::<Fingerprint>(&json).unwrap(), fp);
    }
}
