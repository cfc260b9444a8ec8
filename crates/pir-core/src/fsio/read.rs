//! Reading a text file: bounded by a size limit, checked to be UTF-8 (the first bad byte
//! named by line and column), and fingerprinted for the write that may follow.

use std::fs;
use std::path::Path;

#[cfg(doc)]
use super::MAX_MODEL_BYTES;
#[cfg(doc)]
use super::write_atomic;
use super::{Fingerprint, MAX_FILE_BYTES};
use crate::error::{CoreError, ErrorKind, Result, line_col};

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
}
