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
//!
//! The parts: `push` and `pull` say what each does with the repository and what it comes to
//! (the outcomes a caller acts on); `exchange` runs one connection on a thread of its own
//! within the deadline and relays libgit2's callbacks; `credentials` decides which credential
//! to offer next. What they share (the caller's callbacks, the options, finding the branch and
//! the remote) is here.

mod credentials;
mod exchange;
mod pull;
mod push;

use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{Head, git_err, git_msg, kind_of, read_head, short};
use crate::error::{CoreError, ErrorKind, Result};

pub use pull::{PullOutcome, pull, pull_with};
pub(super) use push::rejection_reason;
pub use push::{PushOutcome, push, push_with};

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
/// Why a deadline of its own: libgit2's limits (see [`crate::git::init_network_timeouts`]) bound
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
            deadline: crate::git::timeout::DEFAULT_DEADLINE,
        }
    }
}

impl RemoteOptions {
    /// The options a program configured through its environment (`PIR_GIT_DEADLINE`, see
    /// [`crate::git::network_deadline`]). Read this where the program starts, not deep inside.
    pub fn from_env() -> Self {
        RemoteOptions {
            deadline: crate::git::timeout::network_deadline(),
        }
    }
}

/// Callbacks that ask nothing and show nothing: credentials come only from the credential
/// helper, the ssh-agent and unencrypted default keys.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoInteraction;

impl GitCallbacks for NoInteraction {}

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

/// A connection error in words a user can act on, of the kind libgit2's code and class make
/// it: refused credentials are [`ErrorKind::GitAuth`], a name that does not resolve or a
/// connection that breaks [`ErrorKind::GitNetwork`]. `reached` says whether the remote
/// answered at all: libgit2 files a refused connection under its operating-system class,
/// which also holds local failures (a full disk), so such an error counts as the network's
/// only when nothing came back from a remote that is not on this machine.
fn connection_error(what: &str, e: &git2::Error, url: &str, reached: bool) -> CoreError {
    if e.code() == git2::ErrorCode::Certificate || e.message().contains("hostkey") {
        return git_msg(format!(
            "{what} to {url}: the server's identity could not be verified ({}); for SSH, its host \
             key must be in ~/.ssh/known_hosts: connect once with `ssh` to check and accept it",
            e.message()
        ));
    }
    let over_network = super::url::local_path(url, Path::new("")).is_none();
    let kind = match kind_of(e) {
        ErrorKind::Git if e.class() == git2::ErrorClass::Os && over_network && !reached => {
            ErrorKind::GitNetwork
        }
        kind => kind,
    };
    CoreError::new(kind, format!("{what} to {url}: {}", e.message()))
}

/// The remote called `name`, or an error saying how to add one.
fn find_remote<'r>(repo: &'r git2::Repository, name: &str) -> Result<git2::Remote<'r>> {
    repo.find_remote(name).map_err(|e| {
        if e.code() == git2::ErrorCode::NotFound || e.code() == git2::ErrorCode::InvalidSpec {
            CoreError::new(
                ErrorKind::GitNoRemote,
                format!(
                    "there is no remote named `{name}`: add one with `git remote add {name} URL`"
                ),
            )
        } else {
            git_err(&format!("reading remote `{name}`"), &e)
        }
    })
}
