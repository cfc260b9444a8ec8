//! `pir init`: a new PIR site (mkdocs-material, CI workflow, git repository).

use std::path::PathBuf;
use std::process::ExitCode;

use pir_core::scaffold::{DEFAULT_PIR_REPO, ScaffoldOptions, scaffold};

/// Create a PIR site in a new or empty folder and commit it to a new git repository.
///
/// The site has mkdocs.yml with the extensions PIRs use, a home page with an empty Recent
/// Incidents list, an incidents folder, a template page with the section guide, a GitHub
/// Actions workflow running `pir check` and `mkdocs build --strict`, and a .gitignore.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create the site in (must be new or empty).
    dir: PathBuf,
    /// The site name.
    #[arg(long)]
    name: Option<String>,
    /// The git repository CI builds `pir` from.
    #[arg(long, default_value = DEFAULT_PIR_REPO)]
    pir_repo: String,
    /// Print what was made as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `pir init`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let made = scaffold(
        &args.dir,
        &ScaffoldOptions {
            name: args.name,
            pir_repo: Some(args.pir_repo),
        },
    )?;
    if args.json {
        crate::out::print(&(serde_json::to_string_pretty(&made)? + "\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = format!("created {}\n", made.root.display());
    for f in &made.files {
        out.push_str(&format!("  {f}\n"));
    }
    match (&made.commit, &made.commit_skipped) {
        (Some(id), _) => out.push_str(&format!("committed {}\n", &id[..id.len().min(12)])),
        (None, Some(why)) => {
            eprintln!("pir: the files are not committed: {why}");
        }
        (None, None) => {}
    }
    out.push_str("next: pir new --title \"Short title\" --date YYYY-MM-DD --severity High\n");
    crate::out::print(&out)?;
    Ok(ExitCode::SUCCESS)
}
