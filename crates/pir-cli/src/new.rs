//! `pir new`: start a PIR from the site's template, with its nav, home-list and index-table entries.

use std::path::PathBuf;
use std::process::ExitCode;

use pir_core::site::Site;
use pir_core::site::new::{NewPir, create_pir, usual_severity};
use pir_core::site::slug::parse_date;

/// Create a PIR file from the site's template, named as the site names its PIRs and in its PIR
/// folder (`pir profile` shows both), and add it to the nav, the home page's list and the
/// index pages' tables as the site keeps them (unless a plugin or hook owns them). Prints the
/// new file's path.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The incident's title (without "Post Incident Review:").
    #[arg(long)]
    title: String,
    /// The incident's date, YYYY-MM-DD.
    #[arg(long)]
    date: String,
    /// Severity, in the site's own scale (`pir profile` shows it: SEV-2, P1, High, ...); a
    /// reason in parentheses may follow. Default: the level the site's PIRs name most.
    #[arg(long)]
    severity: Option<String>,
    /// A tag for the front matter (repeat for more).
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// The docs site (any folder inside it); default: the current folder.
    #[arg(long, default_value = ".")]
    site: PathBuf,
    /// A page holding a `## Template` section to use instead of the site's template.
    #[arg(long)]
    template: Option<PathBuf>,
}

/// Runs `pir new`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let site = Site::open(&args.site)?;
    let severity = match args.severity {
        Some(s) => s,
        None => usual_severity(&site)?
            .ok_or_else(|| anyhow::anyhow!("the site has no severity scale: give --severity"))?,
    };
    let req = NewPir {
        title: args.title,
        date: parse_date(&args.date)?,
        severity,
        tags: args.tags,
        template: args.template,
    };
    let created = create_pir(&site, &req)?;
    if created.nav_updated {
        eprintln!("added to the nav in {}", site.config_path().display());
    }
    for page in &created.index_updated {
        eprintln!("added to the index in {}", page.display());
    }
    println!("{}", created.path.display());
    Ok(ExitCode::SUCCESS)
}
