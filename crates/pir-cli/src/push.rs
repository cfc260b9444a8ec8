//! `pir push`: push the current branch.

use std::process::ExitCode;

use pir_core::git::{PushOutcome, RemoteOptions, push_with};

use crate::gitui::{GitArgs, StderrCallbacks, print_json};

/// Push the current branch to its upstream, or to the remote (default origin), setting the
/// upstream.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    git: GitArgs,
    /// The remote to push to when the branch has no upstream (default: origin).
    #[arg(long)]
    remote: Option<String>,
}

/// Runs `pir push`. Exit status 1 when the push was rejected or needs credentials.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let out = push_with(
        &args.git.dir,
        args.remote.as_deref(),
        &mut StderrCallbacks::default(),
        &RemoteOptions::from_env(),
    )?;
    if args.git.json {
        print_json(&out)?;
    }
    let ok = matches!(out, PushOutcome::Pushed { .. } | PushOutcome::UpToDate);
    if !args.git.json {
        match out {
            PushOutcome::Pushed {
                remote,
                branch,
                remote_ref,
                commit,
                upstream_set,
            } => {
                println!(
                    "pushed {branch} ({}) to {remote} {remote_ref}",
                    &commit[..7.min(commit.len())]
                );
                if upstream_set {
                    println!("{branch} now tracks {remote}");
                }
            }
            PushOutcome::UpToDate => println!("up to date"),
            PushOutcome::NeedsCredentials { url, tried } => eprintln!(
                "pir: {url} needs credentials (tried: {}). Configure a git credential helper, \
                 load your key into ssh-agent, or push once with git.",
                if tried.is_empty() {
                    "nothing available".to_string()
                } else {
                    tried.join(", ")
                }
            ),
            PushOutcome::Rejected { reason } => eprintln!("pir: push rejected: {reason}"),
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
