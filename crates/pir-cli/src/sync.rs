//! `pir sync`: fix what `pir check` can fix mechanically.

use std::path::PathBuf;
use std::process::ExitCode;

use pir_core::site::Site;
use pir_core::site::sync::{apply_changes, plan_sync};

/// Add missing nav entries, Recent Incidents entries and index-table rows, and refresh stale ones,
/// changing only those lines.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The docs site (any folder inside it); default: the current folder.
    #[arg(default_value = ".")]
    site: PathBuf,
    /// Print the changes as a diff and write nothing.
    #[arg(long)]
    dry_run: bool,
}

/// Runs `pir sync`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let site = Site::open(&args.site)?;
    let changes = plan_sync(&site, &site.summaries()?)?;
    if changes.is_empty() {
        eprintln!("nothing to sync");
        return Ok(ExitCode::SUCCESS);
    }
    if args.dry_run {
        for c in &changes {
            print!("{}", c.diff(&site.root));
        }
        return Ok(ExitCode::SUCCESS);
    }
    apply_changes(&changes)?;
    for c in &changes {
        for what in &c.what {
            println!("{}: {what}", c.path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
