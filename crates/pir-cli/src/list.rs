//! `pir list`: the site's PIRs, newest first, with filters.

use std::path::PathBuf;
use std::process::ExitCode;

use pir_core::site::Site;
use pir_core::site::slug::parse_date;
use pir_core::site::summary::PirSummary;

/// List the site's PIRs (date, severity, status, duration, title, tags), newest first.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The docs site (any folder inside it); default: the current folder.
    #[arg(default_value = ".")]
    site: PathBuf,
    /// Only PIRs of this severity, on the site's scale in any spelling (High, SEV-1, P2).
    #[arg(long)]
    severity: Option<String>,
    /// Only PIRs with this tag.
    #[arg(long)]
    tag: Option<String>,
    /// Only PIRs dated on or after this day (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Only PIRs whose title or summary contains this text (any case).
    #[arg(long)]
    text: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Runs `pir list`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let site = Site::open(&args.site)?;
    let since = args.since.as_deref().map(parse_date).transpose()?;
    let text = args.text.as_deref().map(str::to_lowercase);
    let pirs: Vec<PirSummary> = site
        .summaries()?
        .into_iter()
        .filter(|p| {
            args.severity.as_deref().is_none_or(|s| {
                p.severity_level()
                    .is_some_and(|l| pir_core::severity::same_level(l, s))
            })
        })
        .filter(|p| {
            args.tag
                .as_deref()
                .is_none_or(|t| p.tags.iter().any(|x| x.eq_ignore_ascii_case(t)))
        })
        .filter(|p| since.is_none_or(|s| p.date.is_some_and(|d| d >= s)))
        .filter(|p| {
            text.as_deref().is_none_or(|t| {
                [p.title.as_deref(), p.summary.as_deref()]
                    .iter()
                    .flatten()
                    .any(|v| v.to_lowercase().contains(t))
            })
        })
        .collect();
    if args.json {
        crate::out::print(&format!("{}\n", serde_json::to_string_pretty(&pirs)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    // Levels as the site spells them, on its declared scale when it has one (`red` shown as
    // `Red`), as the app's list shows them.
    let scale = pir_core::site::profile::severity_scale(
        &site,
        pirs.iter().filter_map(|p| p.severity.as_deref()),
    );
    let rows: Vec<[String; 6]> = pirs
        .iter()
        .map(|p| {
            [
                p.date.map_or_else(
                    || p.date_text.clone().unwrap_or_default(),
                    |d| d.to_string(),
                ),
                p.severity_level()
                    .map(|l| scale.spell(l))
                    .unwrap_or_default(),
                p.status.clone().unwrap_or_default(),
                p.duration.clone().unwrap_or_default(),
                p.title.clone().unwrap_or_else(|| p.rel.clone()),
                p.tags.join(", "),
            ]
        })
        .collect();
    crate::out::print(&table(
        &["DATE", "SEVERITY", "STATUS", "DURATION", "TITLE", "TAGS"],
        &rows,
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Rows as aligned columns, a line each; long cells are cut so a row fits a terminal line.
fn table<const N: usize>(header: &[&str; N], rows: &[[String; N]]) -> String {
    const MAX: usize = 48;
    let cut = |s: &str| -> String {
        if s.chars().count() > MAX {
            s.chars().take(MAX - 1).collect::<String>() + "…"
        } else {
            s.to_string()
        }
    };
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cut(cell).chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        out.push_str(padded.join("  ").trim_end());
        out.push('\n');
    };
    line(header.iter().map(|h| h.to_string()).collect());
    for row in rows {
        line(row.iter().map(|c| cut(c)).collect());
    }
    out
}
