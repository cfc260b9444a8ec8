//! `pir commit`: commit exactly the given files (by default, the PIR's changes).

use std::path::PathBuf;
use std::process::ExitCode;

use pir_core::git::{CommitOptions, commit, pir_changes};
use pir_core::site::Site;

use crate::gitui::{GitArgs, print_json};

/// Commit exactly the given files, leaving every other change as it is.
///
/// Without PATHS: the PIR's changes of the site in DIR: new, modified or deleted PIRs, and
/// `mkdocs.yml` and index pages when their nav or incident list changed. Nothing else.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    git: GitArgs,
    /// Files to commit (new, modified or deleted), relative to DIR.
    paths: Vec<PathBuf>,
    /// The commit message (default: `PIR: <title>`, or a summary of several PIRs).
    #[arg(short, long)]
    message: Option<String>,
    /// Create this branch (e.g. pir/db-outage), switch to it and commit there.
    #[arg(long, value_name = "NAME")]
    branch: Option<String>,
}

/// Runs `pir commit`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (dir, paths, default_message) = if args.paths.is_empty() {
        let site = Site::open(&args.git.dir)?;
        let changes = pir_changes(&site)?;
        if changes.files.is_empty() {
            eprintln!(
                "pir: nothing to commit: no PIR, nav or incident list has changed{}",
                match changes.left_out.len() {
                    0 => String::new(),
                    n => format!(" ({n} other changed files left as they are)"),
                }
            );
            return Ok(ExitCode::FAILURE);
        }
        let message = changes.default_message();
        (site.root, changes.paths(), message)
    } else {
        let message = default_message(&args.paths);
        (args.git.dir.clone(), args.paths.clone(), message)
    };
    let message = args.message.clone().unwrap_or(default_message);
    let opts = CommitOptions {
        branch: args.branch.clone(),
    };
    let out = commit(&dir, &paths, &message, &opts)?;
    if args.git.json {
        print_json(&out)?;
    } else {
        println!(
            "[{} {}] {}",
            out.branch,
            &out.commit[..7],
            message.lines().next().unwrap_or("")
        );
        for f in &out.files {
            println!("  {f}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `pir: update NAME` for one file, `pir: update N files` otherwise.
fn default_message(paths: &[PathBuf]) -> String {
    match paths {
        [one] => format!(
            "pir: update {}",
            one.file_stem().map_or(one.display().to_string(), |s| s
                .to_string_lossy()
                .into_owned())
        ),
        many => format!("pir: update {} files", many.len()),
    }
}
