//! What the git subcommands share: the repository option, and callbacks that show progress
//! and remote messages on stderr.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

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

/// Shows transfer progress and the remote's messages on stderr, and, when run from a terminal,
/// asks there for a username and password or a key's passphrase (without echo) once git's
/// credential helper, the ssh-agent and unencrypted keys in `~/.ssh` have had their turn.
/// Without a terminal it asks nothing, so scripts get `NeedsCredentials` instead of hanging.
#[derive(Debug, Default)]
pub struct StderrCallbacks {
    /// The last whole percentage shown, so progress prints a line per 10%, not per object.
    last_percent: Option<usize>,
}

impl GitCallbacks for StderrCallbacks {
    fn userpass(&mut self, url: &str, username: Option<&str>) -> Option<(String, String)> {
        if !std::io::stdin().is_terminal() {
            return None;
        }
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
    }

    fn ssh_passphrase(&mut self, key: &Path) -> Option<String> {
        if !std::io::stdin().is_terminal() {
            return None;
        }
        rpassword::prompt_password(format!("Passphrase for key {}: ", key.display())).ok()
    }

    fn progress(&mut self, p: &TransferProgress) {
        if p.objects_total == 0 {
            return;
        }
        let percent = p.objects_done * 100 / p.objects_total;
        let step = percent / 10 * 10;
        if self.last_percent.is_some_and(|last| last >= step) {
            return;
        }
        self.last_percent = Some(step);
        let _ = writeln!(
            std::io::stderr(),
            "objects: {}/{} ({} bytes)",
            p.objects_done,
            p.objects_total,
            p.bytes
        );
    }

    fn remote_message(&mut self, line: &str) {
        let _ = writeln!(std::io::stderr(), "remote: {line}");
    }
}

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
