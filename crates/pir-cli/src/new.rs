//! `pir new`: start a PIR from the site's template, with its nav, home-list and index-table entries.

use std::path::PathBuf;
use std::process::ExitCode;

use pir_core::site::Site;
use pir_core::site::new::{NewPir, create_pir};
use pir_core::site::slug::parse_date;

/// Create a PIR file named `YYYY-MM-DD-brief-description.md` in the incidents folder, and add
/// it to the nav, the home page's Recent Incidents list and the incidents tables of index pages
/// (unless a plugin or hook owns them). Prints the new file's path.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The incident's title (without "Post Incident Review:").
    #[arg(long)]
    title: String,
    /// The incident's date, YYYY-MM-DD.
    #[arg(long)]
    date: String,
    /// Severity, in the site's own scale (`pir profile` shows it: SEV-2, P1, High, ...); a
    /// reason in parentheses may follow.
    #[arg(long)]
    severity: String,
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
    let req = NewPir {
        title: args.title,
        date: parse_date(&args.date)?,
        severity: args.severity,
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
