//! `pir show FILE [--json]`: what a PIR says, as a summary or as the editable model.

use std::path::PathBuf;
use std::process::ExitCode;

use pir_core::doc::{Document, PirModel, TimelineKind};

/// Show what a PIR says: title, metadata, tags, timeline, tables, how-chains, gaps.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PIR markdown file.
    file: PathBuf,
    /// Print the whole model as JSON (the form `pir save --model` takes back), with the
    /// fingerprint of the file's text as `source`: `pir save` refuses it once the file changed.
    #[arg(long)]
    json: bool,
}

/// Runs `pir show`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let loaded = Document::load(&args.file)?;
    if args.json {
        // With the fingerprint of the text, so that `pir save` refuses it once the file changed.
        let model = loaded.model_to_edit();
        crate::out::print(&format!("{}\n", serde_json::to_string_pretty(&model)?))?;
    } else {
        crate::out::print(&summary(loaded.document.model()))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn summary(m: &PirModel) -> String {
    let mut out = String::new();
    let mut line = |k: &str, v: &str| out.push_str(&format!("{k:<18}{v}\n"));
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    line("Title:", &or_none(&m.short_title));
    line("Date:", &or_none(&m.date));
    line("Duration:", &or_none(&m.duration));
    line("Severity:", &or_none(&m.severity));
    line("Status:", &or_none(&m.status));
    for f in &m.metadata {
        if !["date", "duration", "severity", "status"].contains(&f.key.to_lowercase().as_str()) {
            line(&format!("{}:", f.key), &f.value);
        }
    }
    line(
        "Tags:",
        &if m.tags.is_empty() {
            "-".into()
        } else {
            m.tags.join(", ")
        },
    );
    match &m.timeline {
        Some(t) => {
            let zone = t
                .timezone
                .as_ref()
                .map_or(String::new(), |z| format!(", {}", z.label));
            // Sites write timelines as tables or as lists: say which.
            let count = |kind: TimelineKind| t.tables.iter().filter(|b| b.kind == kind).count();
            let tables = count(TimelineKind::Table);
            let lists = t.tables.len() - tables;
            let plural =
                |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
            let blocks = match (tables, lists) {
                (_, 0) => plural(tables, "table"),
                (0, _) => plural(lists, "list"),
                _ => format!("{} and {}", plural(tables, "table"), plural(lists, "list")),
            };
            line(
                "Timeline:",
                &format!("{} rows in {blocks}{zone}", t.rows.len()),
            );
            if let Some(d) = &t.metrics.suggested_duration {
                line("Derived duration:", d);
            }
        }
        None => line("Timeline:", "-"),
    }
    line(
        "Tables:",
        &format!(
            "{} ({} rows)",
            m.tables.len(),
            m.tables.iter().map(|t| t.rows.len()).sum::<usize>()
        ),
    );
    line(
        "How chains:",
        &format!(
            "{} ({} steps)",
            m.how_chains.len(),
            m.how_chains.iter().map(|c| c.steps.len()).sum::<usize>()
        ),
    );
    let list = |v: &[String]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };
    line("Missing sections:", &list(&m.missing_sections));
    line("Missing metadata:", &list(&m.missing_metadata));
    out
}
