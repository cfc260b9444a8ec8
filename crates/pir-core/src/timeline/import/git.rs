//! A repository's commits in the incident window as rows: deploys and configuration changes
//! are evidence too. The history is read through [`crate::git::log_between`] (libgit2 stays
//! in [`crate::git`]); this reader only words the rows.
//!
//! A repository is a folder, not a text, so [`read`] takes the text of
//! `git log --format='%H %aI %an%x09%s'` instead (one commit a line: id, ISO 8601 author date,
//! author, a tab, subject), for a history exported elsewhere; [`read_repo`] reads the folder.

use std::path::Path;

use chrono::{DateTime, FixedOffset};

use super::{Evidence, ReadContext};
use crate::error::{CoreError, ErrorKind, Result};
use crate::git::CommitInfo;

/// The source name written on each row.
const SOURCE: &str = "git";

/// Reads the commits of the repository containing `dir` committed in `since..=until`.
pub fn read_repo(
    dir: &Path,
    since: Option<DateTime<FixedOffset>>,
    until: Option<DateTime<FixedOffset>>,
) -> Result<Vec<Evidence>> {
    Ok(crate::git::log_between(dir, since, until)?
        .iter()
        .map(|c| evidence(c, 0))
        .collect())
}

/// Reads `git log --format='%H %aI %an%x09%s'` output. A line of another shape is an error
/// naming it.
pub fn read(text: &str, ctx: &ReadContext) -> Result<Vec<Evidence>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let c = log_line(line).ok_or_else(|| {
            CoreError::new(
                ErrorKind::Parse,
                "git log: expected `ID DATE AUTHOR<TAB>SUBJECT` (git log --format='%H %aI %an%x09%s')",
            )
            .with_path(&ctx.file)
            .at_line(n + 1)
        })?;
        out.push(evidence(&c, n + 1));
    }
    Ok(out)
}

/// Whether `text` looks like that `git log` output: its first line starts with a commit id
/// and an ISO 8601 date.
pub fn sniff(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| log_line(l).is_some())
}

/// One line of `git log --format='%H %aI %an%x09%s'`.
fn log_line(line: &str) -> Option<CommitInfo> {
    let (head, summary) = line.split_once('\t')?;
    let mut words = head.splitn(3, ' ');
    let id = words.next()?;
    if id.len() < 7 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let time = DateTime::parse_from_rfc3339(words.next()?).ok()?;
    let author = words.next().unwrap_or("unknown").trim().to_string();
    Some(CommitInfo {
        id: id.to_string(),
        short: id.chars().take(7).collect(),
        time,
        author,
        summary: summary.trim().to_string(),
    })
}

/// One commit as evidence.
fn evidence(c: &CommitInfo, line: usize) -> Evidence {
    Evidence {
        time: c.time,
        event: super::json::one_line(&format!(
            "commit {} by {}: {}",
            c.short, c.author, c.summary
        )),
        source: SOURCE.to_string(),
        count: 1,
        severity: None,
        key: Some(format!("git:{}", c.id)),
        original: c.time.to_rfc3339(),
        line,
    }
}
