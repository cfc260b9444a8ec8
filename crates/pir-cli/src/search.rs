//! `pir search`: ranked full-text search over the site's PIRs, with filters.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use pir_core::search::{MatchLine, SearchFilters, search};
use pir_core::site::Site;
use pir_core::site::slug::parse_date;

use crate::out::print;

/// Search the PIRs' titles, summaries, timelines, root causes, action items and text.
///
/// Words must all match; "quoted phrases" must match in a row; the last word also matches
/// longer words unless followed by a space. Exit status 1 when nothing matches.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to look for (may be empty to list PIRs by filters alone).
    query: String,
    /// The docs site (any folder inside it).
    #[arg(long, default_value = ".")]
    site: PathBuf,
    /// Only PIRs of this severity (Critical, High, Medium, Low).
    #[arg(long)]
    severity: Option<String>,
    /// Only PIRs whose status starts with this (any case).
    #[arg(long)]
    status: Option<String>,
    /// Only PIRs with this tag.
    #[arg(long)]
    tag: Option<String>,
    /// Only PIRs dated on or after this day (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Only PIRs dated on or before this day (YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
    /// Only PIRs with action items not Done, Closed, Resolved or Complete.
    #[arg(long)]
    open_actions: bool,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Print JSON (hits with their best line and match ranges).
    #[arg(long)]
    json: bool,
}

/// Runs `pir search`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let site = Site::open(&args.site)?;
    let filters = SearchFilters {
        severity: args.severity,
        status: args.status,
        tag: args.tag,
        since: args.since.as_deref().map(parse_date).transpose()?,
        until: args.until.as_deref().map(parse_date).transpose()?,
        open_actions: args.open_actions,
    };
    let hits = search(&site, &args.query, &filters, args.limit)?;
    let code = if hits.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    };
    if args.json {
        print(&(serde_json::to_string_pretty(&hits)? + "\n"))?;
        return Ok(code);
    }
    let bold = std::io::stdout().is_terminal();
    let mut out = String::new();
    for hit in &hits {
        let date = hit.date.map(|d| d.to_string()).unwrap_or_default();
        let title = hit.title.as_deref().unwrap_or(&hit.rel);
        out.push_str(&format!("{date}  {title}  ({})\n", hit.rel));
        if let Some(best) = &hit.best {
            out.push_str(&format!("    {}: {}\n", best.line, highlight(best, bold)));
        }
    }
    if hits.is_empty() {
        eprintln!("no PIR matches");
    }
    print(&out)?;
    Ok(code)
}

/// The line, trimmed, with its matches in ANSI bold when `bold`.
fn highlight(line: &MatchLine, bold: bool) -> String {
    let mut text = String::new();
    let mut at = 0;
    for m in &line.matches {
        text.push_str(&line.text[at..m.start]);
        if bold {
            text.push_str("\x1b[1m");
        }
        text.push_str(&line.text[m.start..m.end]);
        if bold {
            text.push_str("\x1b[0m");
        }
        at = m.end;
    }
    text.push_str(&line.text[at..]);
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pir_core::search::{MatchSpan, SearchField};

    #[test]
    fn highlight_bolds_each_match_and_trims() {
        let span = |start, end| MatchSpan {
            start,
            end,
            char_start: start,
            char_end: end,
        };
        let line = MatchLine {
            line: 3,
            field: SearchField::Summary,
            text: "  | cache miss and cache hit |".into(),
            matches: vec![span(4, 9), span(19, 24)],
        };
        assert_eq!(
            highlight(&line, true),
            "| \x1b[1mcache\x1b[0m miss and \x1b[1mcache\x1b[0m hit |"
        );
        assert_eq!(highlight(&line, false), "| cache miss and cache hit |");
    }
}
