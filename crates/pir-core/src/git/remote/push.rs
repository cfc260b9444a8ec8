//! Push: the current branch to its upstream (or to a remote under its own name, which then
//! becomes its upstream), and what came of it: pushed, up to date, refused with the remote's
//! reason, or in need of credentials.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::exchange::{Exchange, Job, exchange};
use super::{GitCallbacks, RemoteOptions, connection_error, current_branch, find_remote};
use crate::error::Result;
use crate::git::{git_err, local, open_repo};

/// What [`push()`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PushOutcome {
    /// The branch was pushed.
    Pushed {
        /// The remote's name (`origin`).
        remote: String,
        /// The local branch pushed (short name).
        branch: String,
        /// The remote branch updated (`refs/heads/main`).
        remote_ref: String,
        /// The commit the remote branch now points at, full hex id.
        commit: String,
        /// The branch had no upstream and now tracks the pushed remote branch.
        upstream_set: bool,
    },
    /// The remote already had this commit: nothing was sent.
    UpToDate,
    /// No credential that was tried worked, or none was available.
    NeedsCredentials {
        /// The remote's URL.
        url: String,
        /// What was tried, in order (`credential helper`, `ssh-agent`, a key file, ...).
        tried: Vec<String>,
    },
    /// The remote refused the update.
    Rejected {
        /// Why, in the remote's words where it gave any (a hook's message included).
        reason: String,
    },
}

/// Pushes the current branch: to its upstream, or, when it has none, to `remote` (default
/// `origin`) under the same name, then makes that its upstream.
///
/// A rejection (the remote has commits this branch does not, a hook refused) is a
/// [`PushOutcome::Rejected`] with the remote's reason, not an error; so are missing
/// credentials ([`PushOutcome::NeedsCredentials`]). Errors are for everything else: no such
/// remote, detached HEAD, an unreachable host, an unknown SSH host key, and a remote that
/// takes longer than the deadline ([`crate::error::ErrorKind::Timeout`]).
///
/// The deadline is [`RemoteOptions::from_env`]'s; [`push_with`] takes it from the caller.
pub fn push(
    repo_dir: &Path,
    remote: Option<&str>,
    callbacks: &mut dyn GitCallbacks,
) -> Result<PushOutcome> {
    push_with(repo_dir, remote, callbacks, &RemoteOptions::from_env())
}

/// [`push()`] with explicit [`RemoteOptions`].
pub fn push_with(
    repo_dir: &Path,
    remote: Option<&str>,
    callbacks: &mut dyn GitCallbacks,
    options: &RemoteOptions,
) -> Result<PushOutcome> {
    let repo = open_repo(repo_dir)?;
    let (branch, local_oid) = current_branch(&repo, "push")?;
    let config = repo
        .config()
        .map_err(|e| git_err("reading the git configuration", &e))?;
    let upstream_remote = config.get_string(&format!("branch.{branch}.remote")).ok();
    let upstream_merge = config.get_string(&format!("branch.{branch}.merge")).ok();
    let remote_name = remote
        .map(str::to_string)
        .or_else(|| upstream_remote.clone())
        .unwrap_or_else(|| "origin".to_string());
    let remote_ref = match (&upstream_remote, &upstream_merge) {
        (Some(r), Some(m)) if *r == remote_name => m.clone(),
        _ => format!("refs/heads/{branch}"),
    };
    let git_remote = find_remote(&repo, &remote_name)?;
    // A push connects to `pushurl` when the remote has one (except libgit2's local transport,
    // which writes to `url`); credentials and messages are about that URL, as in git.
    let url = git_remote
        .pushurl()
        .ok()
        .flatten()
        .or_else(|| git_remote.url().ok())
        .unwrap_or("")
        .to_string();
    drop(git_remote);
    drop(config);
    callbacks.connecting(&url);
    let refspec = format!("refs/heads/{branch}:{remote_ref}");
    let workdir = repo.workdir().unwrap_or(repo.path()).to_path_buf();
    if let Some(path) = super::super::url::local_path(&url, &workdir) {
        if !path.exists() {
            return Err(local::missing_remote(&remote_name, &path));
        }
        // libgit2 would write there directly, skipping these hooks: let git push.
        let hooks = local::receive_hooks(&path);
        if !hooks.is_empty() {
            let cli = local::push_through_git(
                &workdir,
                &remote_name,
                &refspec,
                &remote_ref,
                &hooks,
                callbacks,
                options,
            )?;
            return match cli {
                local::CliPush::Outcome(outcome) => Ok(outcome),
                local::CliPush::Pushed => pushed(
                    &repo,
                    branch,
                    remote_name,
                    remote_ref,
                    local_oid,
                    upstream_remote.is_none(),
                ),
            };
        }
    }
    let mut session = exchange(
        repo.workdir().unwrap_or(repo.path()),
        &remote_name,
        &url,
        Job::Push { refspec },
        callbacks,
        options,
    )?;
    if let Err(e) = std::mem::replace(&mut session.result, Ok(())) {
        return failed_push(e, session, &url);
    }
    if !session.rejected.is_empty() {
        return Ok(PushOutcome::Rejected {
            reason: rejection_reason(&session.rejected, &session.remote_text),
        });
    }
    if session.updates.iter().all(|(old, new)| old == new) {
        return Ok(PushOutcome::UpToDate);
    }
    pushed(
        &repo,
        branch,
        remote_name,
        remote_ref,
        local_oid,
        upstream_remote.is_none(),
    )
}

/// After a push that updated the remote: sets the upstream when the branch had none
/// (`upstream_set`), and says what was pushed.
fn pushed(
    repo: &git2::Repository,
    branch: String,
    remote_name: String,
    remote_ref: String,
    local_oid: git2::Oid,
    upstream_set: bool,
) -> Result<PushOutcome> {
    if upstream_set {
        set_upstream(repo, &branch, &remote_name, &remote_ref)?;
    }
    Ok(PushOutcome::Pushed {
        remote: remote_name,
        branch,
        remote_ref,
        commit: local_oid.to_string(),
        upstream_set,
    })
}

/// Maps a failed push to its outcome: credentials, a non-fast-forward, or an error.
fn failed_push(e: git2::Error, session: Exchange, url: &str) -> Result<PushOutcome> {
    if session.creds_gave_up {
        return Ok(PushOutcome::NeedsCredentials {
            url: url.to_string(),
            tried: session.tried,
        });
    }
    if e.code() == git2::ErrorCode::NotFastForward {
        return Ok(PushOutcome::Rejected {
            reason: "the remote branch has commits that this branch does not have: pull first, \
                     then push again"
                .to_string(),
        });
    }
    if !session.rejected.is_empty() {
        return Ok(PushOutcome::Rejected {
            reason: rejection_reason(&session.rejected, &session.remote_text),
        });
    }
    Err(connection_error("pushing", &e, url, session.heard_back))
}

/// The rejected refs' statuses and whatever the remote said (a hook's message), joined.
pub(in crate::git) fn rejection_reason(rejected: &[(String, String)], remote_text: &str) -> String {
    let mut parts: Vec<String> = rejected
        .iter()
        .map(|(refname, status)| format!("{refname}: {status}"))
        .collect();
    let said: Vec<&str> = remote_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if !said.is_empty() {
        parts.push(format!("the remote said: {}", said.join("\n")));
    }
    parts.join("\n")
}

/// Records `remote`/`merge` as the upstream of `branch`, as `git push -u` does.
fn set_upstream(repo: &git2::Repository, branch: &str, remote: &str, merge: &str) -> Result<()> {
    let mut config = repo
        .config()
        .and_then(|c| c.open_level(git2::ConfigLevel::Local))
        .map_err(|e| git_err("opening the repository configuration", &e))?;
    config
        .set_str(&format!("branch.{branch}.remote"), remote)
        .and_then(|()| config.set_str(&format!("branch.{branch}.merge"), merge))
        .map_err(|e| git_err("setting the upstream", &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejection_reason_keeps_hook_lines_and_statuses() {
        let reason = rejection_reason(
            &[("refs/heads/main".into(), "pre-receive hook declined".into())],
            "no pushes on Fridays\n\n",
        );
        assert!(reason.contains("refs/heads/main: pre-receive hook declined"));
        assert!(reason.contains("no pushes on Fridays"));
    }
}
