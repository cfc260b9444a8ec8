//! Remotes on this machine: `file://` URLs and plain paths.
//!
//! libgit2 reaches such a remote by writing into the other repository directly, where git
//! runs `git receive-pack` there; so the other repository's `pre-receive`, `update` and
//! `proc-receive` hooks never run, and a push they would refuse is reported as pushed. Here:
//! a local remote that has such a hook is pushed to through the git command line, which
//! runs them and reports their refusal (and when git is not installed, the push is refused
//! with a message saying why); one without hooks is left to libgit2, as before. A path that
//! does not exist gets an error naming it, instead of libgit2's "unsupported URL protocol".

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::git_msg;
use super::remote::{GitCallbacks, PushOutcome, RemoteOptions};
use crate::error::{CoreError, ErrorKind, Result};

/// The hooks of a receiving repository that only `git receive-pack` runs, and that can
/// refuse a push.
const RECEIVE_HOOKS: [&str; 3] = ["pre-receive", "update", "proc-receive"];

/// The error for a remote whose path does not exist.
pub(super) fn missing_remote(remote: &str, path: &Path) -> CoreError {
    git_msg(format!(
        "remote `{remote}` points at {}, which does not exist: check the path, or change it \
         with `git remote set-url {remote} URL`",
        path.display()
    ))
}

/// The executable hooks among [`RECEIVE_HOOKS`] of the repository at `path` (bare, or with a
/// working tree), in its hooks folder: `core.hooksPath` when the repository sets one,
/// `hooks/` in its git folder otherwise. Empty when `path` is not a repository.
pub(super) fn receive_hooks(path: &Path) -> Vec<PathBuf> {
    let Ok(repo) = git2::Repository::open(path) else {
        return Vec::new();
    };
    let configured = repo
        .config()
        .ok()
        .and_then(|c| c.get_path("core.hooksPath").ok());
    let dir = match configured {
        // Relative to where hooks run: the working tree, or the git folder of a bare one.
        Some(p) if p.is_relative() => repo.workdir().unwrap_or(repo.path()).join(p),
        Some(p) => p,
        None => repo.path().join("hooks"),
    };
    RECEIVE_HOOKS
        .iter()
        .map(|name| dir.join(name))
        .filter(|hook| is_executable(hook))
        .collect()
}

/// Whether `path` is a file git would run as a hook.
fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// What `git push` did to the one ref it was asked to update.
pub(super) enum CliPush {
    /// The ref was updated.
    Pushed,
    /// The push was declined or failed: the outcome to report as is.
    Outcome(PushOutcome),
}

/// Pushes `refspec` to `remote` with the git command line in `workdir`, so that the
/// receiving repository's hooks run. `hooks` (non-empty) are why, for messages. Bounded by
/// `options.deadline`: a hook that never ends is killed.
pub(super) fn push_through_git(
    workdir: &Path,
    remote: &str,
    refspec: &str,
    remote_ref: &str,
    hooks: &[PathBuf],
    callbacks: &mut dyn GitCallbacks,
    options: &RemoteOptions,
) -> Result<CliPush> {
    let child = Command::new("git")
        .args(["push", "--porcelain", remote, refspec])
        .current_dir(workdir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(git_msg(format!(
                "remote `{remote}` is a repository on this machine with a {} hook, which only \
                 git itself runs, and git is not installed: nothing was pushed. Install git, \
                 or push with git",
                hook_names(hooks)
            )));
        }
        Err(e) => return Err(git_msg(format!("running `git push`: {e}"))),
    };
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= options.deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(CoreError::new(
                    ErrorKind::Timeout,
                    format!(
                        "gave up after {} s: `git push` to `{remote}` (a repository on this \
                         machine, running its {} hook) did not finish in that time",
                        options.deadline.as_secs().max(1),
                        hook_names(hooks)
                    ),
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(git_msg(format!("waiting for `git push`: {e}"))),
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    let remote_text: String = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("remote:"))
        .map(|l| format!("{}\n", l.trim()))
        .collect();
    for line in remote_text.lines().filter(|l| !l.is_empty()) {
        callbacks.remote_message(line);
    }
    // `--porcelain`: `<flag>\t<from>:<to>\t<summary> (<reason>)` for each ref.
    let line = stdout.lines().find_map(|l| {
        let mut fields = l.split('\t');
        let flag = fields.next()?;
        let (_, to) = fields.next()?.split_once(':')?;
        (to == remote_ref).then(|| (flag.to_string(), fields.next().unwrap_or("").to_string()))
    });
    let Some((flag, summary)) = line else {
        return Err(git_msg(format!(
            "`git push` to `{remote}` failed ({status}): {}",
            stderr.trim()
        )));
    };
    match flag.as_str() {
        "=" => Ok(CliPush::Outcome(PushOutcome::UpToDate)),
        " " | "+" | "*" => Ok(CliPush::Pushed),
        _ if summary.contains("non-fast-forward") || summary.contains("fetch first") => {
            Ok(CliPush::Outcome(PushOutcome::Rejected {
                reason: "the remote branch has commits that this branch does not have: pull \
                         first, then push again"
                    .to_string(),
            }))
        }
        _ => {
            // `[remote rejected] (pre-receive hook declined)`: the part in parentheses.
            let why = summary
                .split_once('(')
                .and_then(|(_, rest)| rest.strip_suffix(')'))
                .unwrap_or(&summary);
            Ok(CliPush::Outcome(PushOutcome::Rejected {
                reason: super::remote::rejection_reason(
                    &[(remote_ref.to_string(), why.to_string())],
                    &remote_text,
                ),
            }))
        }
    }
}

/// `pre-receive` or `pre-receive and update`: the hooks' file names.
fn hook_names(hooks: &[PathBuf]) -> String {
    hooks
        .iter()
        .filter_map(|h| h.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" and ")
}
