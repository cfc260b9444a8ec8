//! `pir pull`: fetch and rebase local commits onto the upstream.

use std::process::ExitCode;

use pir_core::git::{PullOutcome, RemoteOptions, pull_with};

use crate::gitui::{GitArgs, StderrCallbacks, print_json};

/// Fetch the upstream and replay local commits on top of it; nothing changes on conflict.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    git: GitArgs,
}

/// Runs `pir pull`. Exit status 1 on a conflict or missing credentials.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let out = pull_with(
        &args.git.dir,
        &mut StderrCallbacks::default(),
        &RemoteOptions::from_env(),
    )?;
    if args.git.json {
        print_json(&out)?;
    }
    let ok = matches!(
        out,
        PullOutcome::UpToDate | PullOutcome::FastForwarded { .. } | PullOutcome::Rebased { .. }
    );
    if !args.git.json {
        match out {
            PullOutcome::UpToDate => println!("up to date"),
            PullOutcome::FastForwarded { to, .. } => println!("fast-forwarded to {}", &to[..7]),
            PullOutcome::Rebased { commits, head, .. } => {
                println!("rebased {commits} local commit(s), now at {}", &head[..7])
            }
            PullOutcome::Conflict { reason, files } => {
                eprintln!("pir: {reason}");
                for f in files {
                    eprintln!("  {f}");
                }
            }
            PullOutcome::NeedsCredentials { url, .. } => eprintln!(
                "pir: {url} needs credentials: configure a git credential helper or load your \
                 key into ssh-agent"
            ),
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
