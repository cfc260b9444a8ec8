//! The commits of a repository within a time window, as plain values: what the timeline
//! import shows as deploy and configuration changes, without libgit2 leaving this module.

use std::path::Path;

use chrono::{DateTime, FixedOffset, TimeZone};

use super::{git_err, open_repo};
use crate::error::Result;

/// One commit, as a timeline row needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// The full commit id.
    pub id: String,
    /// The short id git shows (7 hex digits).
    pub short: String,
    /// When it was committed, in the committer's offset.
    pub time: DateTime<FixedOffset>,
    /// The author's name.
    pub author: String,
    /// The first line of the message.
    pub summary: String,
}

/// The commits reachable from HEAD of the repository containing `dir` whose commit time lies
/// in `since..=until` (either end open when `None`), oldest first. A repository with no
/// commit yet has none.
pub fn log_between(
    dir: &Path,
    since: Option<DateTime<FixedOffset>>,
    until: Option<DateTime<FixedOffset>>,
) -> Result<Vec<CommitInfo>> {
    let repo = open_repo(dir)?;
    if repo.head().is_err() {
        return Ok(Vec::new());
    }
    let mut walk = repo
        .revwalk()
        .map_err(|e| git_err("reading the history", &e).with_path(dir))?;
    walk.push_head()
        .map_err(|e| git_err("reading the history", &e).with_path(dir))?;
    walk.set_sorting(git2::Sort::TIME)
        .map_err(|e| git_err("reading the history", &e).with_path(dir))?;
    let mut out = Vec::new();
    for oid in walk {
        let oid = oid.map_err(|e| git_err("reading the history", &e).with_path(dir))?;
        let commit = repo
            .find_commit(oid)
            .map_err(|e| git_err("reading a commit", &e).with_path(dir))?;
        let t = commit.time();
        let Some(offset) = FixedOffset::east_opt(t.offset_minutes() * 60) else {
            continue;
        };
        let Some(time) = offset.timestamp_opt(t.seconds(), 0).single() else {
            continue;
        };
        if since.is_some_and(|s| time < s) || until.is_some_and(|u| time > u) {
            continue;
        }
        out.push(CommitInfo {
            id: oid.to_string(),
            short: super::short(oid),
            time,
            author: commit.author().name().unwrap_or("unknown").to_string(),
            summary: commit
                .summary()
                .ok()
                .flatten()
                .unwrap_or_default()
                .to_string(),
        });
    }
    out.reverse();
    Ok(out)
}

/// Whether `dir` is the top of a git working tree (it has a `.git`): a folder given to the
/// import as a repository rather than as files.
pub fn is_repository(dir: &Path) -> bool {
    dir.join(".git").exists()
}
