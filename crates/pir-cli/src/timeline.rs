//! `pir timeline FILE [add|insert|delete|move|sort|import]`: list or edit a PIR's timeline
//! rows, or import rows from evidence files (chat exports, alerts, pages, git history).
//!
//! Rows are numbered from 0 across all the timeline's tables, in document order, as the
//! listing shows them.

use std::path::PathBuf;
use std::process::ExitCode;

use pir_core::doc::{Document, Edit, Timeline};
use pir_core::timeline::import;

/// List the timeline rows, or edit them and save.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PIR markdown file.
    file: PathBuf,
    #[command(subcommand)]
    action: Option<Action>,
    /// Write only the PIR, leaving the nav, home list and index tables as they are.
    #[arg(long, global = true)]
    pir_only: bool,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Append a row to the last table, or to the table under the sub-heading `--phase`.
    Add {
        /// Time cell text, e.g. `14:05` or `**2026-03-01 ~09:00**`.
        #[arg(long)]
        time: String,
        /// Event cell text.
        #[arg(long)]
        event: String,
        /// The phase sub-heading whose table gets the row.
        #[arg(long)]
        phase: Option<String>,
    },
    /// Insert a row before row INDEX (INDEX = row count appends).
    Insert {
        /// Row number, from 0.
        index: usize,
        /// Time cell text.
        #[arg(long)]
        time: String,
        /// Event cell text.
        #[arg(long)]
        event: String,
    },
    /// Delete row INDEX.
    Delete {
        /// Row number, from 0.
        index: usize,
    },
    /// Move row FROM so that it becomes row TO.
    Move {
        /// Current row number.
        from: usize,
        /// Target row number.
        to: usize,
    },
    /// Sort each timeline table by time.
    Sort,
    /// Insert rows read from evidence files: a Slack channel export folder, Alertmanager
    /// payloads, PagerDuty log entries, a git repository. Rows go in time order, in the
    /// timeline's zone and style; nothing is inserted when any source fails.
    Import(ImportArgs),
}

/// The sources and options of `pir timeline FILE import`.
#[derive(Debug, clap::Args)]
struct ImportArgs {
    /// Evidence files or folders (a Slack channel folder, a git repository).
    #[arg(required = true)]
    sources: Vec<PathBuf>,
    /// The format of every source, instead of telling it from the content: `slack`,
    /// `alertmanager`, `pagerduty` or `git`.
    #[arg(long, value_name = "F")]
    format: Option<String>,
    /// Keep records from this time on (`2026-02-22T14:00:00+10:00`, `2026-02-22 14:00`,
    /// `2026-02-22`); default: the incident's span with a margin.
    #[arg(long, value_name = "T")]
    since: Option<String>,
    /// Keep records up to this time.
    #[arg(long, value_name = "T")]
    until: Option<String>,
    /// The zone of source stamps that carry none, and of `--since`/`--until` without an
    /// offset: `UTC`, an offset such as `+10:00`, or a zone name such as `Australia/Sydney`
    /// (each stamp at the offset in force then, daylight saving included).
    #[arg(long, value_name = "Z")]
    zone: Option<String>,
    /// Keep only HARD states of Nagios/Icinga logs.
    #[arg(long)]
    only_hard: bool,
    /// Show the rows that would be inserted and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the rows as JSON (`time`, `event`, `source`, `count`).
    #[arg(long)]
    json: bool,
}

/// Runs `pir timeline`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut loaded = Document::load(&args.file)?;
    let Some(action) = args.action else {
        match &loaded.document.model().timeline {
            Some(t) => crate::out::print(&listing(t))?,
            None => crate::out::print(&format!("{}: no timeline section\n", args.file.display()))?,
        }
        return Ok(ExitCode::SUCCESS);
    };
    if let Action::Import(import) = action {
        return run_import(&args.file, loaded, import);
    }
    let edit = match action {
        Action::Add { time, event, phase } => Edit::TimelineAdd { time, event, phase },
        Action::Insert { index, time, event } => Edit::TimelineInsert { index, time, event },
        Action::Delete { index } => Edit::TimelineDelete { index },
        Action::Move { from, to } => Edit::TimelineMove { from, to },
        Action::Sort => Edit::TimelineSort,
        Action::Import(_) => unreachable!("handled above"),
    };
    let before = loaded.document.text().to_string();
    loaded
        .document
        .apply(&edit)
        .map_err(|e| e.with_path(&args.file))?;
    if loaded.document.text() != before {
        crate::save::write(&mut loaded, &before, args.pir_only)?;
    }
    if let Some(t) = &loaded.document.model().timeline {
        crate::out::print(&listing(t))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `pir timeline FILE import`: reads every source first (any failure stops before
/// anything is written), then prints or inserts the rows.
fn run_import(
    file: &std::path::Path,
    mut loaded: pir_core::LoadedDocument,
    a: ImportArgs,
) -> anyhow::Result<ExitCode> {
    let request = import::ImportRequest {
        sources: a.sources,
        format: a.format,
        since: a.since,
        until: a.until,
        zone: a.zone,
        only_hard: a.only_hard,
    };
    let opts = request.options(&loaded.document)?;
    let read = import::read_sources(loaded.document.model(), &request.sources, &opts)?;
    for note in &read.notes {
        eprintln!("{note}");
    }
    if read.outside > 0 {
        let end = |t: Option<chrono::DateTime<chrono::FixedOffset>>| {
            t.map_or("…".to_string(), |t| t.to_rfc3339())
        };
        eprintln!(
            "{} records outside the window {} → {} were left out (--since/--until widen it)",
            read.outside,
            end(read.window.since),
            end(read.window.until)
        );
    }
    // Evidence imported before (or quoted by hand already) is not inserted twice.
    let (evidence, present) =
        import::not_yet_present(&loaded.document, read.evidence).map_err(|e| e.with_path(file))?;
    if present > 0 {
        eprintln!("{present} rows the timeline has already were left out");
    }
    let rows = import::plan_rows(&loaded.document, &evidence).map_err(|e| e.with_path(file))?;
    if !a.dry_run {
        import::insert_rows(&mut loaded.document, &rows).map_err(|e| e.with_path(file))?;
        if !rows.is_empty() {
            // Only timeline rows were added: nothing the nav or an index page shows changed,
            // so the PIR alone is written (and stdout stays the rows, for --json).
            loaded.save()?;
        }
    }
    if a.json {
        let list: Vec<_> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "time": r.time.to_rfc3339(),
                    "event": r.event,
                    "source": r.source,
                    "count": r.count,
                })
            })
            .collect();
        crate::out::print(&format!("{}\n", serde_json::to_string_pretty(&list)?))?;
    } else {
        let mut out = String::new();
        for r in &rows {
            out.push_str(&format!("{}  {}  [{}]\n", r.cell, r.event, r.source));
        }
        let verb = if a.dry_run {
            "would insert"
        } else {
            "inserted"
        };
        out.push_str(&format!(
            "{verb} {} rows into {}\n",
            rows.len(),
            file.display()
        ));
        crate::out::print(&out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The rows as a text table, grouped under their phase.
fn listing(t: &Timeline) -> String {
    let width = t
        .rows
        .iter()
        .map(|r| r.time.raw.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = format!("{:>4}  {:<width$}  Event\n", "#", "Time");
    let mut table = None;
    for (i, r) in t.rows.iter().enumerate() {
        if table != Some(r.table) {
            table = Some(r.table);
            if let Some(p) = &r.phase {
                out.push_str(&format!("      [{p}]\n"));
            }
        }
        out.push_str(&format!("{i:>4}  {:<width$}  {}\n", r.time.raw, r.event));
    }
    out
}
