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
//!
//! Reading is `read`, writing (lock, check, temporary file, rename) is `write`; this module
//! holds what both speak of: the size limits, a content's [`Fingerprint`], and paths taken
//! apart by name.

mod read;
mod write;

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

#[cfg(doc)]
use crate::error::ErrorKind;
pub use read::{Loaded, decode_utf8, read_string, read_string_up_to, read_text, regular_file};
pub use write::{WriteMode, write_atomic};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_paths_never_climb_above_the_root() {
        assert_eq!(
            lexical_path(Path::new("/a/b/../c")),
            Some(PathBuf::from("/a/c"))
        );
        assert_eq!(lexical_path(Path::new("a/../..")), None);
    }

    #[test]
    fn fingerprint_round_trips_through_json() {
        let fp = Fingerprint::of(b"hello");
        let json = serde_json::to_string(&fp).unwrap();
        assert_eq!(serde_json::from_str::<Fingerprint>(&json).unwrap(), fp);
    }
}
