//! `pir check`: report what is wrong with a site's PIRs, for the docs repo's CI.

use std::path::PathBuf;
use std::process::ExitCode;

use pir_core::site::Site;
use pir_core::site::check::check_site;

/// Report PIRs missing from the nav, the Recent Incidents list or an index page's incidents table,
/// entries pointing at nothing or disagreeing with their PIR, badly named files, missing sections
/// or metadata, and timeline rows out of order. Exits 1 when anything is found.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The docs site (any folder inside it); default: the current folder.
    #[arg(default_value = ".")]
    site: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// How `check` prints problems.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// `path:line: message`, one per line.
    Text,
    /// A JSON array of problems.
    Json,
}

/// Runs `pir check`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let site = Site::open(&args.site)?;
    let problems = check_site(&site, &site.summaries()?)?;
    match args.format {
        Format::Json => {
            crate::out::print(&format!("{}\n", serde_json::to_string_pretty(&problems)?))?
        }
        Format::Text => {
            let cwd = std::env::current_dir().unwrap_or_default();
            for p in &problems {
                // Paths relative to where the command runs, as compilers print them.
                let mut shown = p.clone();
                if let Ok(rel) = p.path.strip_prefix(&cwd) {
                    shown.path = rel.to_path_buf();
                }
                crate::out::print(&format!("{shown}\n"))?;
            }
            if !problems.is_empty() {
                let fixable = problems.iter().filter(|p| p.fixable).count();
                eprintln!(
                    "{} problem(s), {fixable} fixable with `pir sync`",
                    problems.len()
                );
            }
        }
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
