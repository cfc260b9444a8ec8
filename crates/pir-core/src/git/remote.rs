//! Push and pull, with credentials tried in the order git users expect.
//!
//! Credentials, for each connection: for HTTP(S), the configured credential helper first,
//! then a username and password asked through [`GitCallbacks::userpass`] (up to three times);
//! for SSH, the ssh-agent (when `SSH_AUTH_SOCK` is set), then the default keys in `~/.ssh`
//! (`id_ed25519`, `id_ecdsa`, `id_rsa`; an encrypted key's passphrase is asked through
//! [`GitCallbacks::ssh_passphrase`]). Attempts are counted and the connection gives up after
//! the last one, since libgit2 would otherwise ask again forever on a wrong password; that
//! ends as `NeedsCredentials`. A username and password that worked are handed to the
//! credential helper (`git credential approve`), and a helper's password that failed is
//! withdrawn from it (`git credential reject`): this crate never stores a password itself.
//!
//! Host keys: SSH hosts are checked against `~/.ssh/known_hosts` by libgit2; an unknown or
//! changed host key is an error saying so, never accepted silently. HTTPS certificates are
//! checked against the system's certificate store.
//!
//! Remotes: `file://` URLs and plain paths, `git://`, `http(s)://`, `ssh://` and scp-style
//! `user@host:path`, as libgit2 reads them. For a `file://` or path remote, libgit2 writes
//! into the other repository directly instead of running `git receive-pack` there, so that
//! repository's server-side hooks (`pre-receive`, `update`) would not run: a push to such a
//! remote that has them goes through the git command line instead (see `local.rs`); over the
//! network protocols the server runs them, and their refusal is reported.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{Head, ensure_clean_state, git_err, git_msg, local, open_repo, read_head, short};
use crate::error::{CoreError, ErrorKind, Result};

/// How many times one connection may ask for credentials before giving up.
const MAX_CREDENTIAL_REQUESTS: usize = 12;

/// How many times a username and password are asked through [`GitCallbacks::userpass`].
const MAX_PASSWORD_PROMPTS: usize = 3;

/// Progress of sending or receiving objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TransferProgress {
    /// Objects sent (push) or received (fetch) so far.
    pub objects_done: usize,
    /// Objects to send or receive in all.
    pub objects_total: usize,
    /// Bytes sent or received so far.
    pub bytes: usize,
}

/// What push and pull need from a person, and where they report progress. Every method has
/// a default that asks nothing and shows nothing.
pub trait GitCallbacks {
    /// A username and password for `url` (HTTP(S) remotes), `username` being the one given
    /// in the URL, if any. `None` gives up.
    fn userpass(&mut self, url: &str, username: Option<&str>) -> Option<(String, String)> {
        let _ = (url, username);
        None
    }

    /// The passphrase of the encrypted SSH key `key`. `None` skips that key.
    fn ssh_passphrase(&mut self, key: &Path) -> Option<String> {
        let _ = key;
        None
    }

    /// Objects and bytes transferred so far.
    fn progress(&mut self, progress: &TransferProgress) {
        let _ = progress;
    }

    /// Called once, before connecting, with the URL the connection uses (`pushurl` when
    /// pushing to a remote that has one), so the caller can prepare for that transport: a
    /// command line that skipped loading CA certificates loads them for `https://`.
    fn connecting(&mut self, url: &str) {
        let _ = url;
    }

    /// A line of text the remote sent (`remote: ...` in git's output).
    fn remote_message(&mut self, line: &str) {
        let _ = line;
    }
}

/// How a push or pull may use the network.
///
/// Why a deadline of its own: libgit2's limits (see [`super::init_network_timeouts`]) bound
/// each read, so a server that sends one byte every few seconds keeps a push going forever.
/// The deadline bounds the whole exchange with the remote; time spent waiting for a person
/// (a password, a passphrase) does not count against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemoteOptions {
    /// The longest the exchange with the remote may take.
    pub deadline: Duration,
}

impl Default for RemoteOptions {
    fn default() -> Self {
        RemoteOptions {
            deadline: super::timeout::DEFAULT_DEADLINE,
        }
    }
}

impl RemoteOptions {
    /// The options a program configured through its environment (`PIR_GIT_DEADLINE`, see
    /// [`super::network_deadline`]). Read this where the program starts, not deep inside.
    pub fn from_env() -> Self {
        RemoteOptions {
            deadline: super::timeout::network_deadline(),
        }
    }
}

/// Callbacks that ask nothing and show nothing: credentials come only from the credential
/// helper, the ssh-agent and unencrypted default keys.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoInteraction;

impl GitCallbacks for NoInteraction {}

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

/// Pushes the current branch: to its upstream, or, when it has none, to `remote` (default
/// `origin`) under the same name, then makes that its upstream.
///
/// A rejection (the remote has commits this branch does not, a hook refused) is a
/// [`PushOutcome::Rejected`] with the remote's reason, not an error; so are missing
/// credentials ([`PushOutcome::NeedsCredentials`]). Errors are for everything else: no such
/// remote, detached HEAD, an unreachable host, an unknown SSH host key, and a remote that
/// takes longer than the deadline ([`ErrorKind::Timeout`]).
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
    if let Some(path) = local::local_path(&url, &workdir) {
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

/// The branch HEAD is on and its tip, or an error saying why there is none to `action`.
fn current_branch(repo: &git2::Repository, action: &str) -> Result<(String, git2::Oid)> {
    match read_head(repo)? {
        Head::Branch { name, oid } => Ok((name, oid)),
        Head::Unborn { name } => Err(git_msg(format!(
            "branch `{name}` has no commit yet: commit before you {action}"
        ))),
        Head::Detached { oid } => Err(git_msg(format!(
            "HEAD is detached at {}: check out a branch to {action}",
            short(oid)
        ))),
    }
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
    Err(connection_error("pushing", &e, url))
}

/// A connection error in words a user can act on.
fn connection_error(what: &str, e: &git2::Error, url: &str) -> CoreError {
    if e.code() == git2::ErrorCode::Certificate || e.message().contains("hostkey") {
        git_msg(format!(
            "{what} to {url}: the server's identity could not be verified ({}); for SSH, its host \
             key must be in ~/.ssh/known_hosts: connect once with `ssh` to check and accept it",
            e.message()
        ))
    } else {
        git_msg(format!("{what} to {url}: {}", e.message()))
    }
}

/// The rejected refs' statuses and whatever the remote said (a hook's message), joined.
pub(super) fn rejection_reason(rejected: &[(String, String)], remote_text: &str) -> String {
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

/// The remote called `name`, or an error saying how to add one.
fn find_remote<'r>(repo: &'r git2::Repository, name: &str) -> Result<git2::Remote<'r>> {
    repo.find_remote(name).map_err(|e| {
        if e.code() == git2::ErrorCode::NotFound || e.code() == git2::ErrorCode::InvalidSpec {
            git_msg(format!(
                "there is no remote named `{name}`: add one with `git remote add {name} URL`"
            ))
        } else {
            git_err(&format!("reading remote `{name}`"), &e)
        }
    })
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
        return Err(git_msg(format!(
            "branch `{branch}` has no upstream: push it first (which sets one), or set one with \
             `git branch --set-upstream-to`"
        )));
    };
    let git_remote = find_remote(&repo, &remote_name)?;
    let url = git_remote.url().unwrap_or("").to_string();
    drop(git_remote);
    drop(config);
    callbacks.connecting(&url);
    let workdir = repo.workdir().unwrap_or(repo.path());
    if let Some(path) = local::local_path(&url, workdir)
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
        return Err(connection_error("fetching", &e, &url));
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
    let (_, committer) = super::commit::identity(repo)?;
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

/// What one connection is for.
enum Job {
    /// Push with this refspec.
    Push { refspec: String },
    /// Fetch the remote's configured refspecs.
    Fetch,
}

/// What one connection did, handed back from the thread that ran it.
struct Exchange {
    /// libgit2's answer.
    result: std::result::Result<(), git2::Error>,
    /// No credential was left to try.
    creds_gave_up: bool,
    /// The credentials tried, in order.
    tried: Vec<String>,
    /// Refs the remote refused, with its status message.
    rejected: Vec<(String, String)>,
    /// Text the remote sent on the side band.
    remote_text: String,
    /// (old, new) remote tips of the refs being pushed.
    updates: Vec<(git2::Oid, git2::Oid)>,
}

impl Exchange {
    /// A connection that failed before it started (the repository or remote could not be
    /// opened again on the connection's thread).
    fn failed(e: git2::Error) -> Self {
        Exchange {
            result: Err(e),
            creds_gave_up: false,
            tried: Vec::new(),
            rejected: Vec::new(),
            remote_text: String::new(),
            updates: Vec::new(),
        }
    }
}

/// A request from the connection's thread to the caller's [`GitCallbacks`], or its result.
enum Ask {
    Userpass {
        url: String,
        username: Option<String>,
        reply: mpsc::Sender<Option<(String, String)>>,
    },
    Passphrase {
        key: PathBuf,
        reply: mpsc::Sender<Option<String>>,
    },
    Progress(TransferProgress),
    Message(String),
    Done(Box<Exchange>),
}

/// The [`GitCallbacks`] of the connection's thread: forwards everything to the caller's.
struct Relay {
    tx: mpsc::Sender<Ask>,
}

impl GitCallbacks for Relay {
    fn userpass(&mut self, url: &str, username: Option<&str>) -> Option<(String, String)> {
        let (reply, answer) = mpsc::channel();
        let ask = Ask::Userpass {
            url: url.to_string(),
            username: username.map(str::to_string),
            reply,
        };
        self.tx.send(ask).ok()?;
        // The caller gone (it gave up) drops the reply sender: nothing to offer then.
        answer.recv().ok().flatten()
    }

    fn ssh_passphrase(&mut self, key: &Path) -> Option<String> {
        let (reply, answer) = mpsc::channel();
        let ask = Ask::Passphrase {
            key: key.to_path_buf(),
            reply,
        };
        self.tx.send(ask).ok()?;
        answer.recv().ok().flatten()
    }

    fn progress(&mut self, progress: &TransferProgress) {
        let _ = self.tx.send(Ask::Progress(*progress));
    }

    fn remote_message(&mut self, line: &str) {
        let _ = self.tx.send(Ask::Message(line.to_string()));
    }
}

/// Runs one connection (`job` on `remote_name` of the repository at `git_dir`, its working
/// tree or git folder) within
/// `options.deadline`.
///
/// Why a thread: libgit2 calls back only at some points of an exchange (credentials,
/// certificates, progress, the remote's messages); while it reads the server's first answer
/// it calls nothing, and a server that drips a byte at a time never trips the per-read
/// limit. So the connection runs on a thread of its own, which opens the repository again,
/// and this thread serves its requests to `callbacks` and stops waiting at the deadline.
/// Then it tells the connection to stop: each of its callbacks from then on fails, so the
/// refs are not updated if the negotiation is not done yet, and a transfer in progress is
/// abandoned at the next callback. A connection stuck in a read ends when that read does
/// (the per-read limit, or the server closing); nothing waits for it.
fn exchange(
    git_dir: &Path,
    remote_name: &str,
    url: &str,
    job: Job,
    callbacks: &mut dyn GitCallbacks,
    options: &RemoteOptions,
) -> Result<Exchange> {
    let (tx, rx) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let worker = {
        let (git_dir, remote_name, url) = (
            git_dir.to_path_buf(),
            remote_name.to_string(),
            url.to_string(),
        );
        let stop = Arc::clone(&stop);
        move || {
            let done = tx.clone();
            let out = run_exchange(&git_dir, &remote_name, &url, &job, Relay { tx }, stop)
                .unwrap_or_else(Exchange::failed);
            let _ = done.send(Ask::Done(Box::new(out)));
        }
    };
    std::thread::Builder::new()
        .name("pir-git-remote".into())
        .spawn(worker)
        .map_err(|e| git_msg(format!("starting the connection to {url}: {e}")))?;
    let mut until = Instant::now() + options.deadline;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(Ask::Done(out)) => return Ok(*out),
            Ok(Ask::Progress(p)) => callbacks.progress(&p),
            Ok(Ask::Message(line)) => callbacks.remote_message(&line),
            Ok(Ask::Userpass {
                url,
                username,
                reply,
            }) => {
                let asked = Instant::now();
                let _ = reply.send(callbacks.userpass(&url, username.as_deref()));
                // A person's time to answer is not the remote's.
                until += asked.elapsed();
            }
            Ok(Ask::Passphrase { key, reply }) => {
                let asked = Instant::now();
                let _ = reply.send(callbacks.ssh_passphrase(&key));
                until += asked.elapsed();
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                stop.store(true, Ordering::SeqCst);
                // It may have finished just now.
                while let Ok(ask) = rx.try_recv() {
                    if let Ask::Done(out) = ask {
                        return Ok(*out);
                    }
                }
                return Err(deadline_error(options.deadline, url));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(git_msg(format!(
                    "the connection to {url} ended without a result"
                )));
            }
        }
    }
}

/// The error of a connection that ran out of time.
fn deadline_error(deadline: Duration, url: &str) -> CoreError {
    CoreError::new(
        ErrorKind::Timeout,
        format!(
            "gave up after {} s: {url} sent too little in that time (a stalled server or a very \
             slow link). Try again, or allow more time with {}=SECONDS",
            deadline.as_secs().max(1),
            super::timeout::DEADLINE_VAR
        ),
    )
}

/// The connection's thread: opens the repository and the remote, runs `job`, and hands the
/// credentials that worked (or failed) to the credential helper.
fn run_exchange(
    git_dir: &Path,
    remote_name: &str,
    url: &str,
    job: &Job,
    mut relay: Relay,
    stop: Arc<AtomicBool>,
) -> std::result::Result<Exchange, git2::Error> {
    let repo = git2::Repository::open(git_dir)?;
    let mut remote = repo.find_remote(remote_name)?;
    let config = repo.config()?;
    let session = RefCell::new(Session::new(&mut relay, config, url, stop));
    let result = match job {
        Job::Push { refspec } => {
            let mut opts = git2::PushOptions::new();
            opts.remote_callbacks(remote_callbacks(&session));
            remote.push(&[refspec.as_str()], Some(&mut opts))
        }
        Job::Fetch => {
            let mut opts = git2::FetchOptions::new();
            opts.remote_callbacks(remote_callbacks(&session));
            remote.fetch::<&str>(&[], Some(&mut opts), None)
        }
    };
    let session = session.into_inner();
    let workdir = repo.workdir().unwrap_or(repo.path());
    if result.is_ok() {
        session.creds.approve(workdir);
    } else if session.creds.gave_up {
        session.creds.reject(workdir);
    }
    Ok(Exchange {
        result,
        creds_gave_up: session.creds.gave_up,
        tried: session.creds.tried,
        rejected: session.rejected,
        remote_text: session.remote_text,
        updates: session.updates,
    })
}

/// Everything one connection's callbacks share.
struct Session<'c> {
    callbacks: &'c mut dyn GitCallbacks,
    creds: CredState,
    /// Set when the caller stopped waiting: every callback then fails.
    stop: Arc<AtomicBool>,
    /// Refs the remote refused, with its status message.
    rejected: Vec<(String, String)>,
    /// Text the remote sent on the side band (hook output, progress).
    remote_text: String,
    /// (old, new) remote tips of the refs being pushed.
    updates: Vec<(git2::Oid, git2::Oid)>,
}

impl<'c> Session<'c> {
    fn new(
        callbacks: &'c mut dyn GitCallbacks,
        config: git2::Config,
        url: &str,
        stop: Arc<AtomicBool>,
    ) -> Self {
        Session {
            callbacks,
            creds: CredState::new(config, url),
            stop,
            rejected: Vec::new(),
            remote_text: String::new(),
            updates: Vec::new(),
        }
    }
}

impl Session<'_> {
    /// Whether the caller stopped waiting (the deadline passed).
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

/// The error a callback returns once the deadline has passed, which ends the connection.
fn stopped_error() -> git2::Error {
    git2::Error::from_str("the time allowed for the remote ran out")
}

/// libgit2 callbacks feeding `session`. Once the caller stops waiting, each fails (returns
/// an error or `false`), which makes libgit2 end the connection at that point.
fn remote_callbacks<'a>(session: &'a RefCell<Session<'_>>) -> git2::RemoteCallbacks<'a> {
    let mut cbs = git2::RemoteCallbacks::new();
    cbs.credentials(move |url, username, allowed| {
        let mut s = session.borrow_mut();
        if s.stopped() {
            return Err(stopped_error());
        }
        let s = &mut *s;
        s.creds.next(&mut *s.callbacks, url, username, allowed)
    });
    // No certificate callback: with one, libgit2 reports an untrusted certificate as a
    // plain error instead of a certificate error, and a connection that has not yet been
    // verified is covered by the caller's deadline anyway.
    cbs.push_transfer_progress(move |current, total, bytes| {
        // This one cannot fail the push; the next callback will.
        session.borrow_mut().callbacks.progress(&TransferProgress {
            objects_done: current,
            objects_total: total,
            bytes,
        });
    });
    cbs.transfer_progress(move |p| {
        if session.borrow().stopped() {
            return false;
        }
        session.borrow_mut().callbacks.progress(&TransferProgress {
            objects_done: p.received_objects(),
            objects_total: p.total_objects(),
            bytes: p.received_bytes(),
        });
        true
    });
    cbs.sideband_progress(move |data| {
        let mut s = session.borrow_mut();
        if s.stopped() {
            return false;
        }
        let text = String::from_utf8_lossy(data).into_owned();
        for line in text.split(['\n', '\r']).filter(|l| !l.trim().is_empty()) {
            s.callbacks.remote_message(line);
            // Progress counters ("Resolving deltas: 50%") are noise in a rejection reason.
            if !line.contains('%') {
                s.remote_text.push_str(line);
                s.remote_text.push('\n');
            }
        }
        true
    });
    cbs.push_update_reference(move |refname, status| {
        if let Some(status) = status {
            session
                .borrow_mut()
                .rejected
                .push((refname.to_string(), status.to_string()));
        }
        Ok(())
    });
    cbs.push_negotiation(move |updates| {
        if session.borrow().stopped() {
            return Err(stopped_error());
        }
        session
            .borrow_mut()
            .updates
            .extend(updates.iter().map(|u| (u.src(), u.dst())));
        Ok(())
    });
    cbs
}

/// Which credentials have been tried on one connection, and which to try next.
struct CredState {
    config: git2::Config,
    url: String,
    requests: usize,
    helper_tried: bool,
    prompts: usize,
    agent_tried: bool,
    default_tried: bool,
    keys: Option<VecDeque<PathBuf>>,
    /// The last username/password handed out, and whether the helper supplied it.
    last_userpass: Option<(String, String, bool)>,
    tried: Vec<String>,
    gave_up: bool,
}

impl CredState {
    fn new(config: git2::Config, url: &str) -> Self {
        CredState {
            config,
            url: url.to_string(),
            requests: 0,
            helper_tried: false,
            prompts: 0,
            agent_tried: false,
            default_tried: false,
            keys: None,
            last_userpass: None,
            tried: Vec::new(),
            gave_up: false,
        }
    }

    /// The next credential to offer, or an error that ends the connection when none is left.
    fn next(
        &mut self,
        callbacks: &mut dyn GitCallbacks,
        url: &str,
        username: Option<&str>,
        allowed: git2::CredentialType,
    ) -> std::result::Result<git2::Cred, git2::Error> {
        use git2::CredentialType as T;
        self.requests += 1;
        if self.requests > MAX_CREDENTIAL_REQUESTS {
            return self.give_up();
        }
        if allowed.contains(T::USERNAME) {
            return git2::Cred::username(username.unwrap_or("git"));
        }
        if allowed.contains(T::SSH_KEY) {
            let user = username.unwrap_or("git");
            if !self.agent_tried {
                self.agent_tried = true;
                if agent_available() {
                    self.tried.push("ssh-agent".into());
                    return git2::Cred::ssh_key_from_agent(user);
                }
            }
            let keys = self.keys.get_or_insert_with(default_keys);
            while let Some(key) = keys.pop_front() {
                let passphrase = if key_is_encrypted(&key) {
                    match callbacks.ssh_passphrase(&key) {
                        Some(p) => Some(p),
                        None => continue,
                    }
                } else {
                    None
                };
                let public = PathBuf::from(format!("{}.pub", key.display()));
                let public = public.is_file().then_some(public);
                self.tried.push(format!("ssh key {}", key.display()));
                return git2::Cred::ssh_key(user, public.as_deref(), &key, passphrase.as_deref());
            }
        }
        if allowed.contains(T::USER_PASS_PLAINTEXT) {
            if !self.helper_tried {
                self.helper_tried = true;
                if let Some((user, pass)) = git2::CredentialHelper::new(url)
                    .config(&self.config)
                    .username(username)
                    .execute()
                {
                    self.tried.push("credential helper".into());
                    let cred = git2::Cred::userpass_plaintext(&user, &pass);
                    self.last_userpass = Some((user, pass, true));
                    return cred;
                }
            }
            if self.prompts < MAX_PASSWORD_PROMPTS {
                self.prompts += 1;
                if let Some((user, pass)) = callbacks.userpass(url, username) {
                    self.tried.push("username and password".into());
                    let cred = git2::Cred::userpass_plaintext(&user, &pass);
                    self.last_userpass = Some((user, pass, false));
                    return cred;
                }
                // A caller that has nothing to offer will not have anything the next time.
                self.prompts = MAX_PASSWORD_PROMPTS;
            }
        }
        if allowed.contains(T::DEFAULT) && !self.default_tried {
            self.default_tried = true;
            self.tried.push("system default (Negotiate/NTLM)".into());
            return git2::Cred::default();
        }
        self.give_up()
    }

    fn give_up(&mut self) -> std::result::Result<git2::Cred, git2::Error> {
        self.gave_up = true;
        Err(git2::Error::from_str(
            "no more credentials to try: the remote refused those that were tried",
        ))
    }

    /// After success: hands the username/password that worked to the credential helper.
    fn approve(&self, workdir: &Path) {
        if let Some((user, pass, _)) = &self.last_userpass {
            credential_command(workdir, "approve", &self.url, user, pass);
        }
    }

    /// After giving up: withdraws a helper-supplied password that the remote refused, as
    /// git does, so it is not offered again.
    fn reject(&self, workdir: &Path) {
        if let Some((user, pass, true)) = &self.last_userpass {
            credential_command(workdir, "reject", &self.url, user, pass);
        }
    }
}

/// Runs `git credential approve|reject` in `workdir` (so the repository's own helper
/// configuration applies). Best effort: without git on PATH, the helper is not told.
fn credential_command(workdir: &Path, action: &str, url: &str, user: &str, pass: &str) {
    let child = Command::new("git")
        .arg("credential")
        .arg(action)
        .current_dir(workdir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return;
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = write!(stdin, "url={url}\nusername={user}\npassword={pass}\n\n");
    }
    let _ = child.wait();
}

/// Whether an ssh-agent can be reached.
fn agent_available() -> bool {
    if cfg!(windows) {
        // Pageant and the OpenSSH agent service have no variable to look for: try it.
        return true;
    }
    std::env::var_os("SSH_AUTH_SOCK").is_some_and(|s| Path::new(&s).exists())
}

/// `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`: those that exist, in that order.
fn default_keys() -> VecDeque<PathBuf> {
    let Some(home) = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")) else {
        return VecDeque::new();
    };
    let dir = PathBuf::from(home).join(".ssh");
    ["id_ed25519", "id_ecdsa", "id_rsa"]
        .iter()
        .map(|name| dir.join(name))
        .filter(|p| p.is_file())
        .collect()
}

/// Whether a private key file needs a passphrase: an OpenSSH key whose cipher is not
/// `none`, or a PEM key marked encrypted. libssh2 fails hard (not as a refused credential) on
/// a missing passphrase, so this must be known before offering the key.
fn key_is_encrypted(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    if text.contains("ENCRYPTED") {
        return true;
    }
    if !text.contains("BEGIN OPENSSH PRIVATE KEY") {
        return false;
    }
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat();
    let bytes = base64_prefix(&body, 64);
    // "openssh-key-v1\0", then the cipher name as a 4-byte big-endian length and bytes.
    let magic = b"openssh-key-v1\0";
    let Some(rest) = bytes.strip_prefix(magic.as_slice()) else {
        return false;
    };
    let Some(len) = rest.get(..4) else {
        return false;
    };
    let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
    rest.get(4..4 + len).is_some_and(|cipher| cipher != b"none")
}

/// Decodes the first `max` bytes of standard base64 `text` (enough to read a key header).
fn base64_prefix(text: &str, max: usize) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for v in text.bytes().map_while(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
            if out.len() >= max {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_prefix_decodes() {
        assert_eq!(
            base64_prefix("b3BlbnNzaC1rZXktdjEA", 64),
            b"openssh-key-v1\0"
        );
        assert_eq!(base64_prefix("aGVsbG8=", 3), b"hel");
    }

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
