//! `pir stats`: incidents per month, severity and tag, time to detect and resolve, and open
//! action items, across the site.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use pir_core::site::Site;
use pir_core::site::slug::parse_date;
use pir_core::stats::{Spread, site_stats};

use crate::out::print;

/// Show the site's incident metrics.
///
/// Times come from the timelines' key events (INCIDENT START or ROOT EVENT, INCIDENT
/// DETECTED, INCIDENT RESOLVED); PIRs without them are listed as not measurable.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The docs site (any folder inside it); default: the current folder.
    #[arg(default_value = ".")]
    site: PathBuf,
    /// Count action item ages to this day (YYYY-MM-DD) instead of today.
    #[arg(long)]
    today: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `pir stats`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let site = Site::open(&args.site)?;
    let today = match args.today.as_deref() {
        Some(t) => parse_date(t)?,
        None => chrono::Local::now().date_naive(),
    };
    let s = site_stats(&site, today)?;
    if args.json {
        print(&(serde_json::to_string_pretty(&s)? + "\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    writeln!(out, "{} incidents", s.incidents)?;
    writeln!(out, "\nPer month:")?;
    for c in &s.per_month {
        writeln!(out, "  {}  {}", c.key, c.count)?;
    }
    if !s.undated.is_empty() {
        writeln!(out, "  undated: {}", s.undated.join(", "))?;
    }
    writeln!(out, "\nBy severity:")?;
    for c in &s.by_severity {
        writeln!(out, "  {:<12} {}", c.key, c.count)?;
    }
    if !s.by_tag.is_empty() {
        writeln!(out, "\nBy tag:")?;
        for c in &s.by_tag {
            writeln!(out, "  {:<20} {}", c.key, c.count)?;
        }
    }
    writeln!(
        out,
        "\nMinutes (n: min / p25 / median / p75 / max):\n  {:<12} {:<36} time to resolve",
        "severity", "time to detect"
    )?;
    for d in &s.durations {
        let estimated = match d.resolve_estimated {
            0 => String::new(),
            n => format!("  ({n} estimated)"),
        };
        writeln!(
            out,
            "  {:<12} {:<36} {}{estimated}",
            d.severity,
            spread(d.time_to_detect.as_ref()),
            spread(d.time_to_resolve.as_ref())
        )?;
    }
    if !s.not_measurable.is_empty() {
        writeln!(out, "\nNot measurable ({}):", s.not_measurable.len())?;
        for n in &s.not_measurable {
            writeln!(out, "  {}: {}", n.rel, n.reasons.join("; "))?;
        }
    }
    writeln!(out, "\nOpen action items: {}", s.open_actions)?;
    for o in &s.open_by_owner {
        writeln!(
            out,
            "  {:<16} {:>3}  (≤30d {}, 31–90d {}, >90d {}{})",
            o.owner,
            o.count,
            o.up_to_30_days,
            o.days_31_to_90,
            o.over_90_days,
            if o.undated > 0 {
                format!(", undated {}", o.undated)
            } else {
                String::new()
            }
        )?;
        for i in &o.items {
            let age = i.age_days.map_or("?".to_string(), |a| a.to_string());
            writeln!(out, "      {age:>4}d  {}  ({}:{})", i.action, i.rel, i.line)?;
        }
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// `3: 4 / 17 / 30 / 60 / 90`, or `-` when nothing was measurable.
fn spread(s: Option<&Spread>) -> String {
    s.map_or("-".to_string(), |s| {
        format!(
            "{}: {} / {} / {} / {} / {}",
            s.count, s.min, s.p25, s.median, s.p75, s.max
        )
    })
}
