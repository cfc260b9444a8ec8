//! A problem `pir check` finds: its kind, the file and line it is in, what is wrong in words,
//! and whether `pir sync` fixes it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[cfg(doc)]
use super::check_site;

/// What kind of problem, for tools that filter or fix them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// A PIR is not in the explicit nav.
    MissingFromNav,
    /// A PIR is not in the home page's Recent Incidents list.
    MissingFromList,
    /// A nav entry points at a page that does not exist.
    NavTargetMissing,
    /// A list entry points at a page that does not exist.
    ListTargetMissing,
    /// A list entry's date, title or severity disagrees with the PIR.
    ListEntryStale,
    /// A nav entry's date disagrees with the PIR.
    NavEntryStale,
    /// The file name does not follow the site's naming pattern (its profile's `file_names`).
    BadFileName,
    /// The file name's date is not the PIR's Date.
    FileDateMismatch,
    /// The PIR lacks sections of the site's template.
    MissingSections,
    /// The PIR lacks metadata fields the site's template has (of Date, Duration, Severity,
    /// Status).
    MissingMetadata,
    /// A timeline row is earlier than the row before it.
    TimelineOutOfOrder,
    /// A line is still the template's placeholder text, word for word.
    Placeholder,
    /// A PIR has no row in an incidents table of an index page.
    MissingFromTable,
    /// An incidents table row links to a page that does not exist.
    TableTargetMissing,
    /// An incidents table row's date, title or severity disagrees with the PIR.
    TableEntryStale,
    /// A file of the incidents folder, or a nav page, leads outside the site (a symlink to a
    /// file elsewhere, `../` in the nav); it is left out of every list, search and sync.
    OutsideSite,
    /// A page `index_pages` in `.pir.toml` names does not exist: its list is kept nowhere.
    IndexPageMissing,
}

/// One problem found by [`check_site`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Problem {
    /// The file it is in.
    pub path: PathBuf,
    /// 1-based line, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Its kind.
    pub code: ProblemCode,
    /// What is wrong.
    pub message: String,
    /// Whether `pir sync` fixes it.
    pub fixable: bool,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, "{line}:")?;
        }
        write!(f, " {}", self.message)
    }
}

pub(crate) fn problem(
    path: &Path,
    line: Option<usize>,
    code: ProblemCode,
    message: String,
) -> Problem {
    let fixable = matches!(
        code,
        ProblemCode::MissingFromNav
            | ProblemCode::MissingFromList
            | ProblemCode::ListEntryStale
            | ProblemCode::MissingFromTable
            | ProblemCode::TableEntryStale
    );
    Problem {
        path: path.to_path_buf(),
        line,
        code,
        message,
        fixable,
    }
}
