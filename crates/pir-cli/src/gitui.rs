//! What the git subcommands share: the repository option, and callbacks that show progress
//! (an indicatif bar on a terminal) and remote messages on stderr.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use indicatif::{HumanBytes, ProgressBar, ProgressDrawTarget, ProgressStyle};
use pir_core::git::{GitCallbacks, TransferProgress};

/// Options every git subcommand takes: where, and whether to answer in JSON.
#[derive(Debug, clap::Args)]
pub struct GitArgs {
    /// Run as if started in DIR (a folder inside the repository), like `git -C`.
    #[arg(short = 'C', value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Shows transfer progress (a bar of objects and bytes, only when stderr is a terminal) and
/// the remote's messages on stderr, and, when run from a terminal, asks there for a username
/// and password or a key's passphrase (without echo) once git's credential helper, the
/// ssh-agent and unencrypted keys in `~/.ssh` have had their turn. Without a terminal it asks
/// nothing, so scripts get `NeedsCredentials` instead of hanging.
#[derive(Debug, Default)]
pub struct StderrCallbacks {
    /// The progress bar, made on the first progress report (none for a transfer of nothing).
    bar: Option<ProgressBar>,
}

impl StderrCallbacks {
    /// The bar, made on first use: drawn on stderr when it is a terminal, hidden otherwise
    /// (a log or a pipe gets no bar redraws).
    fn bar(&mut self, total: usize) -> &ProgressBar {
        self.bar.get_or_insert_with(|| {
            let bar = if std::io::stderr().is_terminal() {
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
            } else {
                ProgressBar::hidden()
            };
            let style =
                ProgressStyle::with_template("{prefix:.bold} [{bar:30}] {pos}/{len} objects {msg}")
                    .map(|s| s.progress_chars("=> "))
                    .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.set_prefix("objects");
            bar
        })
    }
}

impl Drop for StderrCallbacks {
    /// Leaves the bar's last state on screen, as git leaves its last progress line, and ends
    /// that line so the outcome printed next starts on its own.
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish();
            if !bar.is_hidden() {
                eprintln!();
            }
        }
    }
}

impl GitCallbacks for StderrCallbacks {
    fn userpass(&mut self, url: &str, username: Option<&str>) -> Option<(String, String)> {
        if !std::io::stdin().is_terminal() {
            return None;
        }
        let ask = || {
            let user = match username {
                Some(u) => u.to_string(),
                None => {
                    eprint!("Username for {url}: ");
                    let mut line = String::new();
                    std::io::stdin().lock().read_line(&mut line).ok()?;
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            let password =
                rpassword::prompt_password(format!("Password for {user} at {url}: ")).ok()?;
            Some((user, password))
        };
        // A prompt must not be drawn over by the bar.
        match &self.bar {
            Some(bar) => bar.suspend(ask),
            None => ask(),
        }
    }

    fn ssh_passphrase(&mut self, key: &Path) -> Option<String> {
        if !std::io::stdin().is_terminal() {
            return None;
        }
        let ask =
            || rpassword::prompt_password(format!("Passphrase for key {}: ", key.display())).ok();
        match &self.bar {
            Some(bar) => bar.suspend(ask),
            None => ask(),
        }
    }

    fn progress(&mut self, p: &TransferProgress) {
        if p.objects_total == 0 {
            return;
        }
        let bar = self.bar(p.objects_total);
        bar.set_length(p.objects_total as u64);
        bar.set_position(p.objects_done as u64);
        // libgit2's local transport counts no bytes: show none rather than "0 B".
        if p.bytes > 0 {
            bar.set_message(HumanBytes(p.bytes as u64).to_string());
        }
    }

    fn connecting(&mut self, url: &str) {
        // Returns only when nothing had to be done, or when restarting with the certificates
        // failed: then OpenSSL still has the system's certificate folder, so say so and go on.
        if let Err(e) = crate::tls::prepare_connection(url) {
            eprintln!("pir: {e:#}");
        }
    }

    fn remote_message(&mut self, line: &str) {
        match &self.bar {
            Some(bar) if !bar.is_hidden() => bar.println(format!("remote: {line}")),
            _ => {
                let _ = writeln!(std::io::stderr(), "remote: {line}");
            }
        }
    }
}

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    crate::out::print(&format!("{}\n", serde_json::to_string_pretty(value)?))?;
    Ok(())
}
