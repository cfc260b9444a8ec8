//! `pir status`: the branch, its upstream and the changed files.

use std::process::ExitCode;

use pir_core::git::{FileChange, HeadState, status};

use crate::gitui::{GitArgs, print_json};

/// Show the branch, its upstream and the changed files.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    git: GitArgs,
}

/// Runs `pir status`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let st = status(&args.git.dir)?;
    if args.git.json {
        print_json(&st)?;
        return Ok(ExitCode::SUCCESS);
    }
    match &st.head {
        HeadState::Branch { name, .. } => print!("On branch {name}"),
        HeadState::Unborn { name } => print!("On branch {name} (no commits yet)"),
        HeadState::Detached { commit } => {
            print!("HEAD detached at {}", &commit[..7.min(commit.len())])
        }
    }
    match (&st.upstream, &st.untracked_remote) {
        (Some(up), _) => println!(", tracking {up}: {} ahead, {} behind", st.ahead, st.behind),
        (None, Some(remote)) => println!(
            ", not tracking {remote} (push makes it the upstream): {} ahead, {} behind",
            st.ahead, st.behind
        ),
        (None, None) => println!(", no upstream"),
    }
    if let Some(op) = st.operation {
        println!("A {} is in progress.", op.describe());
    }
    // Two columns as in `git status --short`: staged, then not staged.
    let letter = |c: Option<FileChange>, untracked: bool| match c {
        None => ' ',
        Some(FileChange::New) if untracked => '?',
        Some(FileChange::New) => 'A',
        Some(FileChange::Modified) => 'M',
        Some(FileChange::Deleted) => 'D',
        Some(FileChange::Renamed) => 'R',
        Some(FileChange::TypeChange) => 'T',
    };
    for f in &st.files {
        let (x, y) = if f.conflicted {
            ('U', 'U')
        } else if f.unstaged == Some(FileChange::New) && f.staged.is_none() {
            ('?', '?')
        } else {
            (letter(f.staged, false), letter(f.unstaged, true))
        };
        println!("{x}{y} {}", f.path.display());
    }
    Ok(ExitCode::SUCCESS)
}
