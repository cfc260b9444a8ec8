//! What the git subcommands share: the repository option, and callbacks that show progress
//! and remote messages on stderr.

use std::io::Write;
use std::path::PathBuf;

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

/// Shows transfer progress and the remote's messages on stderr. It asks nothing: credentials
/// come from git's credential helper, the ssh-agent and unencrypted keys in `~/.ssh`.
#[derive(Debug, Default)]
pub struct StderrCallbacks {
    /// The last whole percentage shown, so progress prints a line per 10%, not per object.
    last_percent: Option<usize>,
}

impl GitCallbacks for StderrCallbacks {
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
