//! An import reviewed before it is inserted, as the app does it: the candidate rows for the
//! text an editor holds now (not the file on disk), each with what a review table shows
//! (time in the timeline's zone, the source's own stamp, badge, severity), and the edits that
//! insert the ones the author kept, possibly reworded, as one list an editor session applies
//! as one undo step. Positions and time cells come from [`plan_rows`] over the current text,
//! so the UI never computes them and a subset gets the dates its own neighbours call for.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::pipeline::{
    ImportOptions, already_present, parse_instant, parse_zone, plan_rows, read_sources,
    timeline_zone,
};
use super::{Evidence, Format};
use crate::doc::{Document, Edit};
use crate::error::{CoreError, ErrorKind, Result};

/// One row an import offers, before the author keeps or drops it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportCandidate {
    /// When it happened, RFC 3339 in the timeline's zone (what the review table shows).
    pub time: String,
    /// The stamp exactly as the source wrote it (the time's tooltip).
    pub original: String,
    /// The event text to write (with `(×N)` when it stands for several records); the author
    /// may reword it before inserting.
    pub event: String,
    /// The source format's name: the row's badge and the source filter.
    pub source: String,
    /// How many source records it stands for.
    pub count: u32,
    /// The source's severity or state word, for filtering; none when the source has none.
    pub severity: Option<String>,
    /// The time cell text it would get were every candidate inserted.
    pub cell: String,
    /// The timeline row it would go before (the row count appends).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub before: usize,
    /// Whether the timeline has this row already (same minute, same text): evidence
    /// imported twice. The review offers it unticked.
    #[serde(default)]
    pub present: bool,
}

/// What an import would offer: its candidates in time order and what was left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportPlan {
    /// The candidate rows, sorted by time, duplicates merged.
    pub rows: Vec<ImportCandidate>,
    /// How many records lay outside the window, so an import that offers nothing says why.
    pub outside: u32,
    /// What a reader had to assume (a missing year or zone), one sentence each, naming the file.
    pub notes: Vec<String>,
}

/// The options of an import as an author types them: each optional, read as `--format`,
/// `--since`, `--until` and `--zone` are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportRequest {
    /// The files or folders to read.
    #[cfg_attr(feature = "ts", ts(type = "string[]"))]
    pub sources: Vec<PathBuf>,
    /// The format of every source, instead of telling it from the content.
    pub format: Option<String>,
    /// The start of the window, instead of the incident's.
    pub since: Option<String>,
    /// The end of the window, instead of the incident's.
    pub until: Option<String>,
    /// The zone of source stamps that carry none (`UTC`, `+10:00`).
    pub zone: Option<String>,
    /// Keep only HARD states of Nagios/Icinga logs.
    #[serde(default)]
    pub only_hard: bool,
}

impl ImportRequest {
    /// The options these texts name: times without an offset are read in `zone`, else in
    /// the timeline's zone, as the command line reads them.
    pub fn options(&self, doc: &Document) -> Result<ImportOptions> {
        let zone = self.zone.as_deref().map(parse_zone).transpose()?;
        let (timeline, _) = timeline_zone(doc.model());
        let instant = |t: &str| parse_instant(t, zone.unwrap_or(timeline));
        Ok(ImportOptions {
            format: given(&self.format).map(Format::from_name).transpose()?,
            since: given(&self.since).map(instant).transpose()?,
            until: given(&self.until).map(instant).transpose()?,
            zone,
            only_hard: self.only_hard,
        })
    }
}

/// The text of an option, none when it is absent or blank.
fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().filter(|t| !t.trim().is_empty())
}

/// The candidates an import of `req` offers into `doc` (the text being edited). The first
/// source that fails fails the whole request, naming the file, and nothing is offered.
pub fn candidates(doc: &Document, req: &ImportRequest) -> Result<ImportPlan> {
    let opts = req.options(doc)?;
    let read = read_sources(doc.model(), &req.sources, &opts)?;
    let rows = plan_rows(doc, &read.evidence)?;
    let present = already_present(doc.model(), &rows);
    Ok(ImportPlan {
        rows: rows
            .into_iter()
            .zip(&read.evidence)
            .zip(present)
            .map(|((r, e), present)| ImportCandidate {
                time: r.time.to_rfc3339(),
                original: e.original.clone(),
                event: r.event,
                source: r.source,
                count: r.count,
                severity: e.severity.clone(),
                cell: r.cell,
                before: r.before,
                present,
            })
            .collect(),
        outside: u32::try_from(read.outside).unwrap_or(u32::MAX),
        notes: read.notes,
    })
}

/// One candidate for several the author says are the same happening (the alert, the page
/// and the chat message about one outage), as the review's "merge" does: it is placed and
/// worded as the earliest of them (its time, cell, place and event text, which the author
/// may reword), stands for all their records (`count` is the sum), carries each source once
/// (`alertmanager+slack`, in time order) and the first severity any of them has, and keeps
/// every original stamp for the tooltip, joined by `; `; it is in the timeline already only
/// when all of them are. Fewer than two candidates, or a
/// time that is not RFC 3339, is refused.
pub fn merge_candidates(rows: &[ImportCandidate]) -> Result<ImportCandidate> {
    if rows.len() < 2 {
        return Err(CoreError::new(
            ErrorKind::InvalidInput,
            "merging takes two or more candidate rows",
        ));
    }
    let mut timed = Vec::with_capacity(rows.len());
    for c in rows {
        timed.push((candidate_time(c)?, c));
    }
    // Stable: candidates at the same instant keep the order they were given in.
    timed.sort_by_key(|(t, _)| *t);
    let first = timed[0].1;
    let mut sources: Vec<&str> = Vec::new();
    for (_, c) in &timed {
        for s in c.source.split('+') {
            if !sources.contains(&s) {
                sources.push(s);
            }
        }
    }
    Ok(ImportCandidate {
        source: sources.join("+"),
        count: timed
            .iter()
            .fold(0u32, |n, (_, c)| n.saturating_add(c.count)),
        severity: timed.iter().find_map(|(_, c)| c.severity.clone()),
        original: timed
            .iter()
            .map(|(_, c)| c.original.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        present: timed.iter().all(|(_, c)| c.present),
        ..first.clone()
    })
}

/// The time of a candidate, which must be RFC 3339 as [`candidates`] writes it.
fn candidate_time(c: &ImportCandidate) -> Result<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(&c.time).map_err(|e| {
        CoreError::new(
            ErrorKind::InvalidInput,
            format!("cannot read the candidate time {:?}: {e}", c.time),
        )
    })
}

/// The edits that insert `chosen` into `doc` as it is now, in time order, applied in order
/// (as [`Document::apply_all`] and an editor session do): each row's place and time cell
/// are planned again for this subset against the current text, so a dropped row never
/// leaves its neighbour without the date it needs, and each index counts the rows inserted
/// before it. The event text is written as given. A time that is not RFC 3339 is refused.
pub fn import_edits(doc: &Document, chosen: &[ImportCandidate]) -> Result<Vec<Edit>> {
    let mut evidence = Vec::with_capacity(chosen.len());
    for c in chosen {
        let time = candidate_time(c)?;
        evidence.push(Evidence {
            time,
            event: c.event.clone(),
            source: c.source.clone(),
            // The event text already says how many records it stands for.
            count: 1,
            severity: None,
            key: None,
            original: c.original.clone(),
            line: 0,
        });
    }
    evidence.sort_by_key(|e| e.time);
    let rows = plan_rows(doc, &evidence)?;
    // Sorted by time, every earlier row goes at or before this one's place: it shifts it by one.
    Ok(rows
        .into_iter()
        .enumerate()
        .map(|(k, r)| Edit::TimelineInsert {
            index: r.before + k,
            time: r.cell,
            event: r.event,
        })
        .collect())
}
