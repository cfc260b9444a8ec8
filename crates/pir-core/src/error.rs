//! The one error type of `pir-core`.
//!
//! Every failure is a [`CoreError`]: a machine-readable [`ErrorKind`] that the UI maps to what
//! the user sees, a human message, and where it happened (file, line, column) when that is
//! known. It serialises as `{kind, message, path?, line?, column?}`, which is exactly what
//! crosses the IPC boundary to the UI.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Shorthand for results whose error is a [`CoreError`].
pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// What kind of failure happened; the UI and the CLI decide what to show from this alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Reading or writing a file failed (permissions, disk full, ...).
    Io,
    /// A file or folder that must exist does not.
    NotFound,
    /// A file is not valid UTF-8.
    NotUtf8,
    /// A file is larger than the documented limit.
    TooLarge,
    /// Text could not be parsed (YAML, JSON, markdown structure the edit needs).
    Parse,
    /// An argument or edit is not valid (bad date, row index out of range, ...).
    InvalidInput,
    /// The file changed on disk since it was read; writing would lose someone's change.
    Conflict,
    /// The target already exists and will not be overwritten.
    AlreadyExists,
    /// The file is read-only (no write permission in its mode): its owner asked that it not be
    /// changed, so it is not replaced even where the folder would allow it.
    ReadOnly,
    /// A path would leave the folder it must stay in.
    UnsafePath,
    /// The docs site configuration (`mkdocs.yml`) is missing or malformed.
    Config,
    /// A git operation failed in a way none of the `Git*` kinds below names (a detached
    /// HEAD, no identity, a damaged repository, ...): the message says what.
    Git,
    /// The remote refused the credentials it was given, or asks for a kind of sign-in that
    /// cannot be offered (an error, unlike running out of credentials to try, which push and
    /// pull report as their `NeedsCredentials` outcome so the caller can ask for more).
    GitAuth,
    /// The repository has no remote of the name a push or pull needs (`origin` by default):
    /// commits can only stay on this computer until one is added.
    GitNoRemote,
    /// The branch tracks no remote branch, so there is nothing to pull from yet; a push sets
    /// one.
    GitNoUpstream,
    /// The remote could not be reached: its name did not resolve, nothing answered, or the
    /// connection broke. Nothing is wrong with the repository; the network is the place to
    /// look.
    GitNetwork,
    /// A merge or rebase is in progress, or files conflict: git itself must finish or abort
    /// it before anything is committed, pushed or pulled here.
    GitConflict,
    /// Another git process holds a lock in the repository (`.git/index.lock`, a branch's
    /// `.lock` file): waiting for it, or removing a lock it left behind, lets this go on.
    GitLocked,
    /// A remote took longer than allowed (a stalled or very slow connection): nothing is
    /// wrong with the repository, and trying again, later or with more time, may work.
    Timeout,
}

impl ErrorKind {
    /// A stable snake_case name, the same one used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::NotFound => "not_found",
            ErrorKind::NotUtf8 => "not_utf8",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Parse => "parse",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::Conflict => "conflict",
            ErrorKind::AlreadyExists => "already_exists",
            ErrorKind::ReadOnly => "read_only",
            ErrorKind::UnsafePath => "unsafe_path",
            ErrorKind::Config => "config",
            ErrorKind::Git => "git",
            ErrorKind::GitAuth => "git_auth",
            ErrorKind::GitNoRemote => "git_no_remote",
            ErrorKind::GitNoUpstream => "git_no_upstream",
            ErrorKind::GitNetwork => "git_network",
            ErrorKind::GitConflict => "git_conflict",
            ErrorKind::GitLocked => "git_locked",
            ErrorKind::Timeout => "timeout",
        }
    }
}

/// A failure, with where it happened when known.
///
/// `Display` renders it as `path:line:column: message`, the form compilers and linters use,
/// so editors and CI logs can jump to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CoreError {
    /// What kind of failure this is.
    pub kind: ErrorKind,
    /// What failed, in words a user understands.
    pub message: String,
    /// The file concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// 1-based line in `path`, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column (in characters) on `line`, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl CoreError {
    /// A new error of `kind` with `message` and no location yet.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CoreError {
            kind,
            message: message.into(),
            path: None,
            line: None,
            column: None,
        }
    }

    /// The same error, naming the file it concerns.
    #[must_use]
    pub fn with_path(mut self, path: impl AsRef<Path>) -> Self {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    /// The same error, naming a 1-based line.
    #[must_use]
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(u32::try_from(line).unwrap_or(u32::MAX));
        self
    }

    /// The same error, naming a 1-based line and column.
    #[must_use]
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(u32::try_from(line).unwrap_or(u32::MAX));
        self.column = Some(u32::try_from(column).unwrap_or(u32::MAX));
        self
    }

    /// An [`ErrorKind::Io`] (or [`ErrorKind::NotFound`]) error from `err` while doing `what` on `path`.
    pub fn io(what: &str, path: impl AsRef<Path>, err: &std::io::Error) -> Self {
        let kind = if err.kind() == std::io::ErrorKind::NotFound {
            ErrorKind::NotFound
        } else {
            ErrorKind::Io
        };
        CoreError::new(kind, format!("{what}: {err}")).with_path(path)
    }
}

impl fmt::Display for CoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}:", path.display())?;
            if let Some(line) = self.line {
                write!(f, "{line}:")?;
                if let Some(column) = self.column {
                    write!(f, "{column}:")?;
                }
            }
            write!(f, " ")?;
        } else if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// The 1-based line and column (in characters) of byte offset `offset` in `text`.
///
/// Offsets past the end, or inside a character, are clamped to the nearest valid position,
/// so this never panics.
pub fn line_col(text: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // Count characters, not bytes: a UTF-8 continuation byte does not start a character.
    let column = before[line_start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_column() {
        let e = CoreError::new(ErrorKind::Parse, "bad table")
            .with_path("a/b.md")
            .at(3, 7);
        assert_eq!(e.to_string(), "a/b.md:3:7: bad table");
        let e = CoreError::new(ErrorKind::Parse, "bad").at_line(2);
        assert_eq!(e.to_string(), "line 2: bad");
    }

    #[test]
    fn serialises_as_ipc_shape() {
        let e = CoreError::new(ErrorKind::NotUtf8, "x")
            .with_path("p.md")
            .at_line(4);
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"kind": "not_utf8", "message": "x", "path": "p.md", "line": 4})
        );
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nc—d\n".as_bytes();
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // After "c—": 'c' is one byte, '—' three.
        assert_eq!(line_col(text, 7), (2, 3));
        assert_eq!(line_col(text, 999), (3, 1));
    }
}
