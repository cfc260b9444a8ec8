//! What state the repository is in: branch, upstream, ahead/behind, changed files.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Head, git_err, open_repo, read_head};
use crate::error::Result;

/// Where HEAD is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HeadState {
    /// On a branch that has commits.
    Branch {
        /// Short branch name (`main`, `pir/db-outage`).
        name: String,
        /// The branch tip, full hex id.
        commit: String,
    },
    /// On a branch with no commit yet: the next commit is the first.
    Unborn {
        /// Short branch name.
        name: String,
    },
    /// Not on any branch.
    Detached {
        /// The commit HEAD points at, full hex id.
        commit: String,
    },
}

/// A git operation that was started and not finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RepoOperation {
    /// `git merge` stopped (usually on conflicts).
    Merge,
    /// `git rebase` (any flavour) stopped.
    Rebase,
    /// `git cherry-pick` stopped.
    CherryPick,
    /// `git revert` stopped.
    Revert,
    /// `git bisect` is running.
    Bisect,
    /// `git am` / mailbox apply stopped.
    ApplyMailbox,
}

impl RepoOperation {
    /// How to name it in a sentence.
    pub fn describe(self) -> &'static str {
        match self {
            RepoOperation::Merge => "merge",
            RepoOperation::Rebase => "rebase",
            RepoOperation::CherryPick => "cherry-pick",
            RepoOperation::Revert => "revert",
            RepoOperation::Bisect => "bisect",
            RepoOperation::ApplyMailbox => "`git am`",
        }
    }
}

/// The operation in progress for libgit2's repository state, if any.
pub(super) fn operation(state: git2::RepositoryState) -> Option<RepoOperation> {
    use git2::RepositoryState as S;
    match state {
        S::Clean => None,
        S::Merge => Some(RepoOperation::Merge),
        S::Revert | S::RevertSequence => Some(RepoOperation::Revert),
        S::CherryPick | S::CherryPickSequence => Some(RepoOperation::CherryPick),
        S::Bisect => Some(RepoOperation::Bisect),
        S::Rebase | S::RebaseInteractive | S::RebaseMerge => Some(RepoOperation::Rebase),
        S::ApplyMailbox | S::ApplyMailboxOrRebase => Some(RepoOperation::ApplyMailbox),
    }
}

/// How a file differs, on one side (index vs HEAD, or working tree vs index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FileChange {
    /// Added (in the index) or untracked (in the working tree).
    New,
    /// Content changed.
    Modified,
    /// Removed.
    Deleted,
    /// Renamed.
    Renamed,
    /// Changed type (file ↔ symlink, mode).
    TypeChange,
}

/// One changed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileStatus {
    /// Path relative to the repository's working tree, with `/` separators.
    pub path: PathBuf,
    /// What is staged for it (index vs HEAD), if anything.
    pub staged: Option<FileChange>,
    /// What is changed and not staged (working tree vs index); `New` means untracked.
    pub unstaged: Option<FileChange>,
    /// It has unresolved merge conflicts.
    pub conflicted: bool,
}

/// Everything the UI shows about a repository at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RepoStatus {
    /// The repository's working tree (the folder holding `.git`).
    pub workdir: PathBuf,
    /// Where HEAD is.
    pub head: HeadState,
    /// The upstream branch (`origin/main`), when the branch has one.
    pub upstream: Option<String>,
    /// The branch tracks nothing, but the remote has a branch of the same name
    /// (`origin/main`, as last fetched): ahead/behind are counted against it, and a push
    /// updates it and makes it the upstream.
    pub untracked_remote: Option<String>,
    /// Commits on the branch not yet on its upstream (as of the last fetch).
    pub ahead: usize,
    /// Commits on the upstream not yet on the branch (as of the last fetch).
    pub behind: usize,
    /// Changed, staged and untracked files (ignored files are left out), sorted by path.
    pub files: Vec<FileStatus>,
    /// A merge, rebase or similar that is in progress.
    pub operation: Option<RepoOperation>,
}

/// The status of the repository containing `repo_dir`.
pub fn status(repo_dir: &Path) -> Result<RepoStatus> {
    let repo = open_repo(repo_dir)?;
    let workdir = repo.workdir().unwrap_or(repo.path()).to_path_buf();
    let head = read_head(&repo)?;
    let (head_state, branch) = match &head {
        Head::Branch { name, oid } => (
            HeadState::Branch {
                name: name.clone(),
                commit: oid.to_string(),
            },
            Some((name.clone(), *oid)),
        ),
        Head::Unborn { name } => (HeadState::Unborn { name: name.clone() }, None),
        Head::Detached { oid } => (
            HeadState::Detached {
                commit: oid.to_string(),
            },
            None,
        ),
    };
    let (mut upstream, mut untracked_remote, mut ahead, mut behind) = (None, None, 0, 0);
    if let Some((name, oid)) = branch
        && let Ok(local) = repo.find_branch(&name, git2::BranchType::Local)
    {
        let (other, tracked) = match local.upstream() {
            Ok(up) => (Some(up), true),
            Err(_) => (
                repo.find_branch(&format!("origin/{name}"), git2::BranchType::Remote)
                    .ok(),
                false,
            ),
        };
        if let Some(other) = other {
            let other_name = other.name().ok().flatten().map(str::to_string);
            if tracked {
                upstream = other_name;
            } else {
                untracked_remote = other_name;
            }
            if let Some(other_oid) = other.get().target() {
                (ahead, behind) = repo
                    .graph_ahead_behind(oid, other_oid)
                    .map_err(|e| git_err("comparing with the upstream", &e))?;
            }
        }
    }
    Ok(RepoStatus {
        workdir,
        head: head_state,
        upstream,
        untracked_remote,
        ahead,
        behind,
        files: changed_files(&repo, &[], true)?,
        operation: operation(repo.state()),
    })
}

/// Changed files of the working tree and index, sorted by path: all of them, or those that
/// `pathspecs` (git pathspecs relative to the working tree) match. With `renames`, a staged
/// rename is one entry (the new path, [`FileChange::Renamed`]); without, it is a deletion and
/// an addition, each path listed.
pub(super) fn changed_files(
    repo: &git2::Repository,
    pathspecs: &[String],
    renames: bool,
) -> Result<Vec<FileStatus>> {
    let mut opts = git2::StatusOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .renames_head_to_index(renames);
    for spec in pathspecs {
        opts.pathspec(spec);
    }
    let statuses = repo
        .statuses(Some(&mut opts))
        .map_err(|e| git_err("reading the status", &e))?;
    let mut files: Vec<FileStatus> = statuses
        .iter()
        .filter_map(|entry| {
            let s = entry.status();
            let path = PathBuf::from(String::from_utf8_lossy(entry.path_bytes()).into_owned());
            // The first flag that is set names the change on each side.
            let pick = |pairs: [(bool, FileChange); 5]| {
                pairs
                    .into_iter()
                    .find_map(|(set, change)| set.then_some(change))
            };
            let staged = pick([
                (s.is_index_new(), FileChange::New),
                (s.is_index_modified(), FileChange::Modified),
                (s.is_index_deleted(), FileChange::Deleted),
                (s.is_index_renamed(), FileChange::Renamed),
                (s.is_index_typechange(), FileChange::TypeChange),
            ]);
            let unstaged = pick([
                (s.is_wt_new(), FileChange::New),
                (s.is_wt_modified(), FileChange::Modified),
                (s.is_wt_deleted(), FileChange::Deleted),
                (s.is_wt_renamed(), FileChange::Renamed),
                (s.is_wt_typechange(), FileChange::TypeChange),
            ]);
            let conflicted = s.is_conflicted();
            (staged.is_some() || unstaged.is_some() || conflicted).then_some(FileStatus {
                path,
                staged,
                unstaged,
                conflicted,
            })
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
