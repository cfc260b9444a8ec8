//! Pull: fetch the upstream, then fast-forward or replay the local commits on it in memory,
//! so that a conflict (or an uncommitted change in the way) changes nothing at all.

use std::cell::RefCell;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::exchange::{Job, exchange};
use super::{GitCallbacks, RemoteOptions, connection_error, current_branch, find_remote};
use crate::error::{CoreError, ErrorKind, Result};
use crate::git::{ensure_clean_state, git_err, git_msg, local, open_repo, short};

/// What [`pull()`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PullOutcome {
    /// Nothing new upstream.
    UpToDate,
    /// There were no local commits: the branch now points at the upstream's tip.
    FastForwarded {
        /// The previous tip, full hex id.
        from: String,
        /// The new tip, full hex id.
        to: String,
    },
    /// Local commits were replayed on top of the upstream.
    Rebased {
        /// The upstream commit they were replayed onto.
        onto: String,
        /// How many local commits were replayed.
        commits: usize,
        /// The new tip, full hex id.
        head: String,
    },
    /// The local commits do not apply cleanly on the upstream, or uncommitted changes would
    /// be overwritten: nothing was changed (branch, index and files are as before the pull).
    Conflict {
        /// What conflicted.
        reason: String,
        /// The files concerned, relative to the working tree.
        files: Vec<String>,
    },
    /// No credential that was tried worked, or none was available.
    NeedsCredentials {
        /// The remote's URL.
        url: String,
        /// What was tried, in order.
        tried: Vec<String>,
    },
}

/// Fetches from the current branch's upstream remote, then brings in what is new: a
/// fast-forward when there are no local commits, otherwise a rebase of the local commits
/// onto the upstream, done in memory so that if any commit does not apply cleanly nothing at
/// all is changed. Uncommitted changes are kept; if the update would overwrite one, nothing
/// is changed either (both are [`PullOutcome::Conflict`]).
///
/// The deadline is [`RemoteOptions::from_env`]'s; [`pull_with`] takes it from the caller.
pub fn pull(repo_dir: &Path, callbacks: &mut dyn GitCallbacks) -> Result<PullOutcome> {
    pull_with(repo_dir, callbacks, &RemoteOptions::from_env())
}

/// [`pull()`] with explicit [`RemoteOptions`].
pub fn pull_with(
    repo_dir: &Path,
    callbacks: &mut dyn GitCallbacks,
    options: &RemoteOptions,
) -> Result<PullOutcome> {
    let repo = open_repo(repo_dir)?;
    ensure_clean_state(&repo)?;
    let (branch, local) = current_branch(&repo, "pull")?;
    let config = repo
        .config()
        .map_err(|e| git_err("reading the git configuration", &e))?;
    let Ok(remote_name) = config.get_string(&format!("branch.{branch}.remote")) else {
        return Err(CoreError::new(
            ErrorKind::GitNoUpstream,
            format!(
                "branch `{branch}` has no upstream: push it first (which sets one), or set one \
                 with `git branch --set-upstream-to`"
            ),
        ));
    };
    let git_remote = find_remote(&repo, &remote_name)?;
    let url = git_remote.url().unwrap_or("").to_string();
    drop(git_remote);
    drop(config);
    callbacks.connecting(&url);
    let workdir = repo.workdir().unwrap_or(repo.path());
    if let Some(path) = super::super::url::local_path(&url, workdir)
        && !path.exists()
    {
        return Err(local::missing_remote(&remote_name, &path));
    }
    let session = exchange(workdir, &remote_name, &url, Job::Fetch, callbacks, options)?;
    if let Err(e) = session.result {
        if session.creds_gave_up {
            return Ok(PullOutcome::NeedsCredentials {
                url,
                tried: session.tried,
            });
        }
        return Err(connection_error("fetching", &e, &url, session.heard_back));
    }

    let upstream = repo
        .find_branch(&branch, git2::BranchType::Local)
        .and_then(|b| b.upstream())
        .map_err(|e| git_err("reading the upstream branch", &e))?;
    let Some(up) = upstream.get().target() else {
        return Err(git_msg("the upstream branch does not point at a commit"));
    };
    let descends = |a, b| repo.graph_descendant_of(a, b).unwrap_or(false);
    if up == local || descends(local, up) {
        return Ok(PullOutcome::UpToDate);
    }
    if descends(up, local) {
        if let Some(conflict) = move_branch(&repo, &branch, local, up, "pull: fast-forward")? {
            return Ok(conflict);
        }
        return Ok(PullOutcome::FastForwarded {
            from: local.to_string(),
            to: up.to_string(),
        });
    }
    rebase_onto(&repo, &branch, local, up)
}

/// Replays the local commits after the merge base onto `up`, in memory; then checks out the
/// result and moves the branch, or changes nothing if any step conflicts.
fn rebase_onto(
    repo: &git2::Repository,
    branch: &str,
    local: git2::Oid,
    up: git2::Oid,
) -> Result<PullOutcome> {
    let config = repo
        .config()
        .map_err(|e| git_err("reading the git configuration", &e))?;
    if config.get_bool("commit.gpgsign").unwrap_or(false) {
        // Replayed commits are new commits; they would need signing, which a rebase here
        // does not do. Never produce unsigned commits silently.
        return Err(git_msg(
            "the branch and its upstream have both moved on and commit.gpgsign is on: replaying \
             the local commits would need re-signing them; run `git pull --rebase` instead",
        ));
    }
    let (_, committer) = crate::git::commit::identity(repo)?;
    let local_ann = repo
        .find_annotated_commit(local)
        .map_err(|e| git_err("reading the branch", &e))?;
    let up_ann = repo
        .find_annotated_commit(up)
        .map_err(|e| git_err("reading the upstream", &e))?;
    let mut opts = git2::RebaseOptions::new();
    opts.inmemory(true);
    let mut rebase = repo
        .rebase(Some(&local_ann), Some(&up_ann), None, Some(&mut opts))
        .map_err(|e| git_err("starting the rebase", &e))?;
    let mut head = up;
    let mut commits = 0;
    while let Some(op) = rebase.next() {
        let op_id = match op {
            Ok(op) => op.id(),
            Err(e) => {
                let _ = rebase.abort();
                return Err(git_err("rebasing", &e));
            }
        };
        let index = rebase
            .inmemory_index()
            .map_err(|e| git_err("rebasing", &e))?;
        if index.has_conflicts() {
            let files = conflicted_paths(&index);
            let _ = rebase.abort();
            return Ok(PullOutcome::Conflict {
                reason: format!(
                    "local commit {} conflicts with the upstream: nothing was changed; your \
                     commits are still on the branch. Resolve it with `git pull --rebase`.",
                    short(op_id)
                ),
                files,
            });
        }
        match rebase.commit(None, &committer, None) {
            Ok(oid) => {
                head = oid;
                commits += 1;
            }
            // The upstream already has this change: nothing to replay.
            Err(e) if e.code() == git2::ErrorCode::Applied => {}
            Err(e) => {
                let _ = rebase.abort();
                return Err(git_err("rebasing", &e));
            }
        }
    }
    rebase
        .finish(None)
        .map_err(|e| git_err("finishing the rebase", &e))?;
    if let Some(conflict) = move_branch(repo, branch, local, head, "pull: rebase")? {
        return Ok(conflict);
    }
    Ok(PullOutcome::Rebased {
        onto: up.to_string(),
        commits,
        head: head.to_string(),
    })
}

/// Paths with conflicts in `index`.
fn conflicted_paths(index: &git2::Index) -> Vec<String> {
    let mut files: Vec<String> = index
        .conflicts()
        .map(|it| {
            it.filter_map(|c| c.ok())
                .filter_map(|c| c.our.or(c.their).or(c.ancestor))
                .map(|e| String::from_utf8_lossy(&e.path).into_owned())
                .collect()
        })
        .unwrap_or_default();
    files.dedup();
    files
}

/// Checks out `to` over `from` keeping uncommitted changes (a safe checkout, which refuses to
/// overwrite any), then moves `branch` from `from` to `to`. A refused checkout changes
/// nothing and is returned as a [`PullOutcome::Conflict`].
fn move_branch(
    repo: &git2::Repository,
    branch: &str,
    from: git2::Oid,
    to: git2::Oid,
    log: &str,
) -> Result<Option<PullOutcome>> {
    let target = repo
        .find_commit(to)
        .map_err(|e| git_err("reading the new commit", &e))?;
    let files = RefCell::new(Vec::new());
    let mut checkout = git2::build::CheckoutBuilder::new();
    checkout
        .safe()
        .notify_on(git2::CheckoutNotificationType::CONFLICT)
        .notify(|_, path, _, _, _| {
            if let Some(p) = path {
                files
                    .borrow_mut()
                    .push(p.to_string_lossy().replace('\\', "/"));
            }
            true
        });
    let result = repo.checkout_tree(target.as_object(), Some(&mut checkout));
    drop(checkout);
    if let Err(e) = result {
        if e.code() == git2::ErrorCode::Conflict || e.class() == git2::ErrorClass::Checkout {
            return Ok(Some(PullOutcome::Conflict {
                reason: "uncommitted changes would be overwritten by the pulled commits: \
                         nothing was changed; commit or stash them, then pull again"
                    .to_string(),
                files: files.into_inner(),
            }));
        }
        return Err(git_err("updating the working tree", &e));
    }
    repo.reference_matching(&format!("refs/heads/{branch}"), to, true, from, log)
        .map_err(|e| git_err(&format!("moving branch `{branch}`"), &e))?;
    Ok(None)
}
