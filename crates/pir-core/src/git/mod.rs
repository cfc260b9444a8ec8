//! Git for PIR authors: see what changed, commit exactly the PIR's files, push, pull.
//!
//! Plain functions over `git2` (libgit2), each opening the repository it is given:
//!
//! - [`status()`]: branch (or detached / unborn), upstream, ahead/behind, changed files,
//!   merge or rebase in progress.
//! - [`pir_changes()`]: which changed files of a site are the PIR's changes (PIRs, the nav,
//!   the incident lists), the files `pir commit` takes by default.
//! - [`commit()`]: commits exactly the given paths, leaving every other change (modified,
//!   staged or untracked) exactly as it was, the index included.
//! - [`push()`]: pushes the current branch and says what happened as a [`PushOutcome`]
//!   (pushed, up to date, needs credentials, rejected and why).
//! - [`pull()`]: fetches and rebases local commits onto the upstream when they apply cleanly;
//!   otherwise leaves everything as it was.
//!
//! - [`branch_names()`]: the repository's branches, for the site profile's branch naming.
//! - [`log_between()`]: the commits in a time window, for the timeline import.
//! - [`commit_review()`]: what the commit panel shows: the PIR files' diffs against the last
//!   commit, the author, the remote; [`review_link_for()`]: the forge's pull-request page for
//!   a pushed branch (GitHub, GitLab, Gitea/Forgejo, Bitbucket, Azure DevOps).
//!
//! - [`init_network_timeouts()`]: time limits on connections, so a server that stops
//!   answering fails the push or pull instead of hanging it; [`RemoteOptions`] (from
//!   [`network_deadline()`]) bounds a whole push or pull, so one that trickles fails too.
//!
//! Anything that needs a person (a password, a key passphrase) or shows progress goes through
//! [`GitCallbacks`], so the desktop app and the command line can each ask in their own way.
//! Git's own configuration decides identity, signing and credential helpers, read the way
//! `git` reads it (repository, global, XDG, system, environment variables).

mod changes;
mod commit;
mod forge;
mod local;
mod log;
mod remote;
mod review;
mod sign;
mod status;
mod timeout;
mod url;

use std::path::Path;

pub use changes::{PirChanges, PirFile, PirFileRole, incident_listing, nav_block, pir_changes};
pub use commit::{CommitOptions, CommitOutcome, commit};
pub use forge::{Forge, ReviewLink, review_link};
pub use log::{CommitInfo, is_repository, log_between};
pub use remote::{
    GitCallbacks, NoInteraction, PullOutcome, PushOutcome, RemoteOptions, TransferProgress, pull,
    pull_with, push, push_with,
};
pub use review::{
    Author, CommitReview, FileDiff, TypedCallbacks, TypedCredentials, author, commit_review,
    file_diffs, open_web_page, remote_url, review_link_for, suggested_branch,
};
pub use status::{FileChange, FileStatus, HeadState, RepoOperation, RepoStatus, status};
pub use timeout::{
    DEADLINE_VAR, DEFAULT_CONNECT_TIMEOUT, DEFAULT_DEADLINE, DEFAULT_IO_TIMEOUT, TIMEOUT_VAR,
    init_network_timeouts, network_deadline, network_timeouts,
};

use crate::error::{CoreError, ErrorKind, Result};

/// An error saying what was being done and what libgit2 answered, of the kind libgit2's
/// error code and class make it (see [`kind_of`]).
fn git_err(what: &str, err: &git2::Error) -> CoreError {
    CoreError::new(kind_of(err), format!("{what}: {}", err.message()))
}

/// A plain [`ErrorKind::Git`] error: a case none of the more precise git kinds names.
fn git_msg(message: impl Into<String>) -> CoreError {
    CoreError::new(ErrorKind::Git, message)
}

/// Which [`ErrorKind`] a libgit2 error is, from its code and class, never its wording (which
/// libgit2 may change, and which the user's language does not share): a lock held by another
/// process, refused credentials, an unreachable remote, a conflict, a connection that hit
/// its time limit ([`ErrorKind::Timeout`]); anything else is [`ErrorKind::Git`].
fn kind_of(err: &git2::Error) -> ErrorKind {
    use git2::{ErrorClass, ErrorCode};
    match err.code() {
        ErrorCode::Locked => ErrorKind::GitLocked,
        ErrorCode::Auth => ErrorKind::GitAuth,
        ErrorCode::Timeout => ErrorKind::Timeout,
        ErrorCode::Conflict | ErrorCode::MergeConflict | ErrorCode::Unmerged => {
            ErrorKind::GitConflict
        }
        // Resolving the host, connecting, reading and writing the socket: libgit2 files
        // every one of these under its network class.
        _ if err.class() == ErrorClass::Net => ErrorKind::GitNetwork,
        // A server that refuses the credentials it was sent without asking again (GitHub's
        // 403 for a token without access): libgit2 has no code for it, only the status.
        _ if err.class() == ErrorClass::Http && matches!(http_status(err), Some(401 | 403)) => {
            ErrorKind::GitAuth
        }
        _ => ErrorKind::Git,
    }
}

/// The HTTP status of an HTTP-class libgit2 error that reports one (libgit2 gives no code
/// for it, only its fixed `unexpected http status code: N`), else `None`.
fn http_status(err: &git2::Error) -> Option<u16> {
    err.message()
        .strip_prefix("unexpected http status code: ")?
        .trim()
        .parse()
        .ok()
}

/// Opens the repository that contains `dir` (which may be a subfolder, such as a docs site
/// inside a larger repository). Bare repositories are refused: there is nothing to edit.
fn open_repo(dir: &Path) -> Result<git2::Repository> {
    if !dir.exists() {
        return Err(CoreError::new(ErrorKind::NotFound, "folder does not exist").with_path(dir));
    }
    let repo = git2::Repository::discover(dir).map_err(|e| {
        if e.code() == git2::ErrorCode::NotFound {
            git_msg("not inside a git repository (run `git init` or clone the docs repository)")
                .with_path(dir)
        } else {
            git_err("opening the git repository", &e).with_path(dir)
        }
    })?;
    if repo.is_bare() {
        return Err(
            git_msg("the repository is bare: it has no working tree to commit from").with_path(dir),
        );
    }
    Ok(repo)
}

/// Creates an empty git repository in `dir` (as `git init` does), for a new site that will
/// be committed to it. It lives here so that libgit2 stays behind this module.
pub fn init_repository(dir: &Path) -> Result<()> {
    git2::Repository::init(dir).map_err(|e| {
        git_msg(format!("cannot create the git repository: {}", e.message())).with_path(dir)
    })?;
    Ok(())
}

/// The work tree of the git repository holding `dir`, when there is one (not bare): where
/// a site's files may live, as [`crate::site::confine::boundary`] decides.
pub fn work_tree_of(dir: &Path) -> Option<std::path::PathBuf> {
    git2::Repository::discover(dir)
        .ok()
        .and_then(|r| r.workdir().map(Path::to_path_buf))
}

/// The names of the repository's branches, local (`pir/db-outage`) and remote-tracking
/// without their remote (`origin/docs/pir-x` → `docs/pir-x`), each once, sorted: what the
/// site profile learns a team's branch naming from. Empty when `dir` is in no repository.
pub fn branch_names(dir: &Path) -> Result<Vec<String>> {
    let Ok(repo) = git2::Repository::discover(dir) else {
        return Ok(Vec::new());
    };
    let mut names = Vec::new();
    let branches = repo
        .branches(None)
        .map_err(|e| git_err("listing the branches", &e))?;
    for item in branches {
        let (branch, kind) = item.map_err(|e| git_err("listing the branches", &e))?;
        let Ok(Some(name)) = branch.name() else {
            continue;
        };
        let name = match kind {
            git2::BranchType::Local => name,
            git2::BranchType::Remote => match name.split_once('/') {
                Some((_, rest)) if rest != "HEAD" => rest,
                _ => continue,
            },
        };
        names.push(name.to_string());
    }
    names.sort();
    names.dedup();
    Ok(names)
}

/// Where HEAD is: on a branch with commits, on a branch with none yet, or detached.
enum Head {
    /// On branch `name` (short form), whose tip is `oid`.
    Branch { name: String, oid: git2::Oid },
    /// On branch `name`, which has no commit yet (a fresh repository).
    Unborn { name: String },
    /// Not on any branch, at commit `oid`.
    Detached { oid: git2::Oid },
}

/// Reads where HEAD is without failing on the unborn case.
fn read_head(repo: &git2::Repository) -> Result<Head> {
    match repo.head() {
        Ok(head) => {
            let oid = head
                .target()
                .ok_or_else(|| git_msg("HEAD does not point at a commit"))?;
            if repo.head_detached().unwrap_or(false) || !head.is_branch() {
                Ok(Head::Detached { oid })
            } else {
                let name = head.shorthand().unwrap_or("HEAD").to_string();
                Ok(Head::Branch { name, oid })
            }
        }
        Err(e)
            if e.code() == git2::ErrorCode::UnbornBranch
                || e.code() == git2::ErrorCode::NotFound =>
        {
            // HEAD names a branch that does not exist yet: read the symbolic target directly.
            let head_ref = repo
                .find_reference("HEAD")
                .map_err(|e| git_err("reading HEAD", &e))?;
            let target = head_ref
                .symbolic_target()
                .ok()
                .flatten()
                .unwrap_or("refs/heads/main");
            let name = target
                .strip_prefix("refs/heads/")
                .unwrap_or(target)
                .to_string();
            Ok(Head::Unborn { name })
        }
        Err(e) => Err(git_err("reading HEAD", &e)),
    }
}

/// A short, human form of a commit id (7 hex digits, as git shows them).
fn short(oid: git2::Oid) -> String {
    let s = oid.to_string();
    s[..7.min(s.len())].to_string()
}

/// Refuses to work while git is in the middle of a merge, rebase or similar: committing then
/// would record a half-finished operation, which the user must finish or abort in git first.
fn ensure_clean_state(repo: &git2::Repository) -> Result<()> {
    match status::operation(repo.state()) {
        None => Ok(()),
        Some(op) => Err(CoreError::new(
            ErrorKind::GitConflict,
            format!(
                "a {} is in progress in this repository: finish it or abort it with git first \
                 (nothing was changed)",
                op.describe()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use git2::{ErrorClass, ErrorCode};

    fn err(code: ErrorCode, class: ErrorClass, message: &str) -> git2::Error {
        git2::Error::new(code, class, message)
    }

    #[test]
    fn kinds_come_from_code_and_class() {
        use ErrorClass as C;
        use ErrorCode as E;
        let cases = [
            (
                err(E::Locked, C::Os, "failed to lock"),
                ErrorKind::GitLocked,
            ),
            (
                err(E::Auth, C::Ssh, "authentication failed"),
                ErrorKind::GitAuth,
            ),
            (
                err(E::GenericError, C::Net, "failed to resolve"),
                ErrorKind::GitNetwork,
            ),
            (err(E::Timeout, C::Net, "timed out"), ErrorKind::Timeout),
            (
                err(E::MergeConflict, C::Merge, "conflict"),
                ErrorKind::GitConflict,
            ),
            (
                err(E::GenericError, C::Http, "unexpected http status code: 403"),
                ErrorKind::GitAuth,
            ),
            (
                err(E::GenericError, C::Http, "unexpected http status code: 404"),
                ErrorKind::Git,
            ),
            // The same words from another class are not an HTTP status.
            (
                err(E::GenericError, C::Os, "unexpected http status code: 401"),
                ErrorKind::Git,
            ),
            (err(E::NotFound, C::Reference, "not found"), ErrorKind::Git),
        ];
        for (e, kind) in cases {
            assert_eq!(kind_of(&e), kind, "{e}");
        }
    }
}
