//! `pir timeline FILE [add|insert|delete|move|sort]`: list or edit a PIR's timeline rows.
//!
//! Rows are numbered from 0 across all the timeline's tables, in document order, as the
//! listing shows them.

use std::path::PathBuf;
use std::process::ExitCode;

use pir_core::doc::{Document, Edit, Timeline};

/// List the timeline rows, or edit them and save.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PIR markdown file.
    file: PathBuf,
    #[command(subcommand)]
    action: Option<Action>,
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
    let edit = match action {
        Action::Add { time, event, phase } => Edit::TimelineAdd { time, event, phase },
        Action::Insert { index, time, event } => Edit::TimelineInsert { index, time, event },
        Action::Delete { index } => Edit::TimelineDelete { index },
        Action::Move { from, to } => Edit::TimelineMove { from, to },
        Action::Sort => Edit::TimelineSort,
    };
    let before = loaded.document.text().to_string();
    loaded
        .document
        .apply(&edit)
        .map_err(|e| e.with_path(&args.file))?;
    if loaded.document.text() != before {
        loaded.save()?;
    }
    if let Some(t) = &loaded.document.model().timeline {
        crate::out::print(&listing(t))?;
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
