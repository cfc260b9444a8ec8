//! One connection to a remote, bounded by the overall deadline: it runs on a thread of its
//! own (libgit2 calls back only at some points, so a stalled server would otherwise hold the
//! caller forever), relays credential requests, progress and the remote's messages to the
//! caller's [`GitCallbacks`], and hands back what the remote answered.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::credentials::CredState;
use super::{GitCallbacks, RemoteOptions, TransferProgress};
use crate::error::{CoreError, ErrorKind, Result};
use crate::git::git_msg;

/// What one connection is for.
pub(super) enum Job {
    /// Push with this refspec.
    Push { refspec: String },
    /// Fetch the remote's configured refspecs.
    Fetch,
}

/// What one connection did, handed back from the thread that ran it.
pub(super) struct Exchange {
    /// libgit2's answer.
    pub(super) result: std::result::Result<(), git2::Error>,
    /// No credential was left to try.
    pub(super) creds_gave_up: bool,
    /// The credentials tried, in order.
    pub(super) tried: Vec<String>,
    /// Refs the remote refused, with its status message.
    pub(super) rejected: Vec<(String, String)>,
    /// Text the remote sent on the side band.
    pub(super) remote_text: String,
    /// (old, new) remote tips of the refs being pushed.
    pub(super) updates: Vec<(git2::Oid, git2::Oid)>,
    /// The remote answered at least once (asked for credentials, sent progress, text or the
    /// refs to update): a failure after that is not a failure to reach it.
    pub(super) heard_back: bool,
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
            heard_back: false,
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
pub(super) fn exchange(
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
            crate::git::timeout::DEADLINE_VAR
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
        heard_back: session.heard_back,
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
    /// Any callback ran, so the remote was reached.
    heard_back: bool,
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
            heard_back: false,
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
        s.heard_back = true;
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
        session.borrow_mut().heard_back = true;
        session.borrow_mut().callbacks.progress(&TransferProgress {
            objects_done: current,
            objects_total: total,
            bytes,
        });
    });
    cbs.transfer_progress(move |p| {
        session.borrow_mut().heard_back = true;
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
        s.heard_back = true;
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
        session.borrow_mut().heard_back = true;
        if let Some(status) = status {
            session
                .borrow_mut()
                .rejected
                .push((refname.to_string(), status.to_string()));
        }
        Ok(())
    });
    cbs.push_negotiation(move |updates| {
        session.borrow_mut().heard_back = true;
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
