//! Evidence worded as rows of the PIR's timeline: time cells in the timeline's zone, each row
//! placed before the first later one, rows the timeline already has left out, and the rows
//! inserted as document edits that add lines and change nothing else.

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};
use serde::Serialize;

use super::window::{row_times, timeline_zone};
use crate::doc::{Document, Edit, PirModel, first_date};
use crate::error::{CoreError, ErrorKind, Result};
use crate::timeline::import::Evidence;

/// One row an import would insert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRow {
    /// When it happened, in the zone the timeline is written in.
    pub time: DateTime<FixedOffset>,
    /// The event text written (with `(×N)` when it stands for several records).
    pub event: String,
    /// The source format's name.
    pub source: String,
    /// How many source records it stands for.
    pub count: u32,
    /// The time cell text written, in the timeline's zone (`14:05`, `2026-02-22 14:05`).
    #[serde(skip)]
    pub cell: String,
    /// The timeline row it goes before (the row count appends).
    #[serde(skip)]
    pub before: usize,
}

/// Whether each planned row is in `model`'s timeline already: a row at the same minute with
/// the same event text (evidence imported twice, or a row written by hand from the same
/// message).
pub fn already_present(model: &PirModel, rows: &[ImportRow]) -> Vec<bool> {
    let Some(t) = &model.timeline else {
        return vec![false; rows.len()];
    };
    let times = row_times(model, model.date.as_deref().and_then(first_date));
    rows.iter()
        .map(|r| {
            let local = r.time.naive_local();
            let minute = local.date().and_hms_opt(local.hour(), local.minute(), 0);
            t.rows.iter().zip(&times).any(|(row, at)| {
                at.is_some() && *at == minute && {
                    let text = r.event.trim();
                    row.event.trim() == text || row.event_text.trim() == text
                }
            })
        })
        .collect()
}

/// The evidence whose rows `doc`'s timeline does not have yet (see [`already_present`]), and
/// how many were left out: importing the same evidence twice adds nothing the second time.
pub fn not_yet_present(doc: &Document, evidence: Vec<Evidence>) -> Result<(Vec<Evidence>, usize)> {
    let rows = plan_rows(doc, &evidence)?;
    let present = already_present(doc.model(), &rows);
    let left_out = present.iter().filter(|p| **p).count();
    let kept = evidence
        .into_iter()
        .zip(present)
        .filter(|(_, p)| !p)
        .map(|(e, _)| e)
        .collect();
    Ok((kept, left_out))
}

/// Words sorted evidence as rows of `doc`'s timeline, each placed before the first existing
/// row that is later (after the last row when none is): time cells in the timeline's zone, to
/// the minute, with the date when it differs from the row before (always on the first row of
/// the timeline, and on every row of a table that dates every row).
pub fn plan_rows(doc: &Document, evidence: &[Evidence]) -> Result<Vec<ImportRow>> {
    let model = doc.model();
    if model.timeline.is_none() {
        return Err(CoreError::new(
            ErrorKind::InvalidInput,
            "the PIR has no Timeline section to import into",
        ));
    }
    let (zone, suffix) = timeline_zone(model);
    let existing = row_times(model, model.date.as_deref().and_then(first_date));
    let mut rows = Vec::with_capacity(evidence.len());
    let mut last_new: Option<(usize, NaiveDate)> = None;
    for e in evidence {
        let time = zone.at(&e.time);
        let local = time.naive_local();
        let before = existing
            .iter()
            .position(|at| at.is_some_and(|at| at > local))
            .unwrap_or(existing.len());
        // The row the new one follows: a new row inserted at the same place, else the
        // existing row before that place.
        let previous = match last_new {
            Some((at, date)) if at == before => Some(date),
            _ => before
                .checked_sub(1)
                .and_then(|i| existing.get(i).copied().flatten())
                .map(|t| t.date()),
        };
        let mut cell = if previous == Some(local.date()) && !dated_rows(model, before) {
            local.format("%H:%M").to_string()
        } else {
            local.format("%Y-%m-%d %H:%M").to_string()
        };
        if let Some(s) = suffix {
            cell.push_str(s);
        }
        last_new = Some((before, local.date()));
        let event = if e.count > 1 {
            format!("{} (×{})", e.event, e.count)
        } else {
            e.event.clone()
        };
        rows.push(ImportRow {
            time,
            event,
            source: e.source.clone(),
            count: e.count,
            cell,
            before,
        });
    }
    Ok(rows)
}

/// Whether the table a row inserted before row `before` joins writes a date on every row (a
/// Date column, a list repeating the date): a new row there always gets its own date, since
/// the table would otherwise fill in its neighbour's.
fn dated_rows(model: &PirModel, before: usize) -> bool {
    let Some(t) = &model.timeline else {
        return false;
    };
    let table = match t.rows.get(before).or(t.rows.last()) {
        Some(r) => r.table,
        None => return false,
    };
    let mut rows = t.rows.iter().filter(|r| r.table == table).peekable();
    rows.peek().is_some() && rows.all(|r| r.time.date.is_some())
}

/// Inserts planned rows into `doc`, all or nothing: the text changes only by the new lines
/// (and, for a Timeline section without a table, the table they start).
pub fn insert_rows(doc: &mut Document, rows: &[ImportRow]) -> Result<()> {
    let Some((first, rest)) = rows.split_first() else {
        return Ok(());
    };
    let has_table = doc
        .model()
        .timeline
        .as_ref()
        .is_some_and(|t| !t.tables.is_empty());
    let insert = |r: &ImportRow| Edit::TimelineInsert {
        index: r.before,
        time: r.cell.clone(),
        event: r.event.clone(),
    };
    if has_table {
        let edits: Vec<Edit> = rows.iter().map(insert).collect();
        return doc.apply_batch(&edits);
    }
    let mut work = doc.clone();
    work.apply(&insert(first))?;
    let edits: Vec<Edit> = rest
        .iter()
        .map(|r| Edit::TimelineInsert {
            index: 1,
            time: r.cell.clone(),
            event: r.event.clone(),
        })
        .collect();
    work.apply_batch(&edits)?;
    *doc = work;
    Ok(())
}
