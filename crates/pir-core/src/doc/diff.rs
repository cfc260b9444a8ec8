//! Turning an edited model into edits.
//!
//! The edited model is compared with the model the document had before, field by field, and
//! each difference becomes one [`Edit`] applied at once, so that the next comparison sees the
//! new text. Rows are matched by a longest common subsequence, so a row inserted in the middle
//! of a table is an insertion (its neighbours keep their bytes), not a rewrite of every row
//! after it. Within each table, changes are applied from the last row up, so row indexes that
//! are still to be used never shift.

use super::edit::Edit;
use super::model::{PirModel, TimelineRow};
use super::{Document, invalid};
use crate::error::Result;

/// Applies to `doc` the edits that make its model say what `edited` says.
pub(crate) fn apply_model(doc: &mut Document, edited: &PirModel) -> Result<()> {
    let orig = doc.model().clone();
    title(doc, &orig, edited)?;
    metadata(doc, &orig, edited)?;
    tags(doc, &orig.tags, &edited.tags)?;
    if edited.tables.len() != orig.tables.len() {
        return Err(invalid(format!(
            "the document has {} tables, the edited model {}; tables cannot be added or removed this way",
            orig.tables.len(),
            edited.tables.len()
        )));
    }
    for (o, e) in orig.tables.iter().zip(&edited.tables) {
        table(doc, o.id, &o.header, &o.rows, &e.header, &e.rows)?;
    }
    if let (Some(o), Some(e)) = (&orig.timeline, &edited.timeline) {
        timeline(doc, &o.rows, &e.rows)?;
    }
    how(doc, &orig, edited)
}

/// Removes tags the edited list has fewer of (a tag written twice can lose one), then adds
/// the ones it has that the document lacks.
fn tags(doc: &mut Document, orig: &[String], edited: &[String]) -> Result<()> {
    let count = |v: &[String], t: &String| v.iter().filter(|x| *x == t).count();
    for (i, t) in orig.iter().enumerate() {
        if orig[..i].contains(t) {
            continue;
        }
        for _ in count(edited, t)..count(orig, t) {
            doc.apply(&Edit::RemoveTag { tag: t.clone() })?;
        }
    }
    for t in edited {
        if !doc.model().tags.contains(t) {
            doc.apply(&Edit::AddTag { tag: t.clone() })?;
        }
    }
    Ok(())
}

fn title(doc: &mut Document, orig: &PirModel, edited: &PirModel) -> Result<()> {
    if edited.title != orig.title
        && let Some(t) = &edited.title
    {
        return doc.apply(&Edit::SetTitle { text: t.clone() });
    }
    if edited.short_title != orig.short_title
        && let Some(short) = &edited.short_title
    {
        let prefix = match (&orig.title, &orig.short_title) {
            (Some(full), Some(s)) => full
                .get(..full.len().saturating_sub(s.len()))
                .unwrap_or("")
                .to_string(),
            _ => "Post Incident Review: ".to_string(),
        };
        doc.apply(&Edit::SetTitle {
            text: format!("{prefix}{short}"),
        })?;
    }
    Ok(())
}

fn metadata(doc: &mut Document, orig: &PirModel, edited: &PirModel) -> Result<()> {
    let named = [
        ("Date", &orig.date, &edited.date),
        ("Duration", &orig.duration, &edited.duration),
        ("Severity", &orig.severity, &edited.severity),
        ("Status", &orig.status, &edited.status),
    ];
    for (key, o, e) in named {
        if o == e {
            continue;
        }
        match e {
            Some(v) => doc.apply(&Edit::SetMetadata {
                key: key.to_string(),
                value: v.clone(),
            })?,
            None => doc.apply(&Edit::RemoveMetadata {
                key: key.to_string(),
            })?,
        }
    }
    let find = |fields: &[super::MetadataField], k: &str| {
        fields
            .iter()
            .find(|f| f.key.eq_ignore_ascii_case(k))
            .map(|f| f.value.clone())
    };
    // A key written twice is edited through its first line, as `SetMetadata` does.
    for (i, f) in edited.metadata.iter().enumerate() {
        let first = edited.metadata[..i]
            .iter()
            .all(|g| !g.key.eq_ignore_ascii_case(&f.key));
        if first && find(&orig.metadata, &f.key).as_deref() != Some(f.value.as_str()) {
            doc.apply(&Edit::SetMetadata {
                key: f.key.clone(),
                value: f.value.clone(),
            })?;
        }
    }
    for f in &orig.metadata {
        let present_now = find(&doc.model().metadata, &f.key).is_some();
        if find(&edited.metadata, &f.key).is_none() && present_now {
            doc.apply(&Edit::RemoveMetadata { key: f.key.clone() })?;
        }
    }
    Ok(())
}

/// Pairs of equal items `(i, j)` of a longest common subsequence of `a` and `b`.
fn lcs<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut len = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i][j] = if a[i] == b[j] {
                len[i + 1][j + 1] + 1
            } else {
                len[i + 1][j].max(len[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if len[i + 1][j] >= len[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// The unmatched runs between LCS pairs, last first: `(a_start, a_end, b_start, b_end)`.
fn gaps<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize, usize, usize)> {
    let mut out = Vec::new();
    // Rows before and after the edited part usually match: keep them out of the quadratic
    // LCS table.
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let pairs = lcs(am, bm)
        .into_iter()
        .map(|(i, j)| (i + head, j + head))
        .chain([(a.len() - tail, b.len() - tail)]);
    let (mut pa, mut pb) = (head, head);
    for (i, j) in pairs {
        if i > pa || j > pb {
            out.push((pa, i, pb, j));
        }
        pa = i + 1;
        pb = j + 1;
    }
    out.reverse();
    out
}

fn table(
    doc: &mut Document,
    id: usize,
    header: &[String],
    rows: &[Vec<String>],
    new_header: &[String],
    new_rows: &[Vec<String>],
) -> Result<()> {
    if new_header.len() != header.len() {
        return Err(invalid(format!(
            "table {id}: columns cannot be added or removed this way"
        )));
    }
    for (c, (o, e)) in header.iter().zip(new_header).enumerate() {
        if o != e {
            doc.apply(&Edit::TableSetHeader {
                table: id,
                column: c,
                text: e.clone(),
            })?;
        }
    }
    for (a0, a1, b0, b1) in gaps(rows, new_rows) {
        let k = (a1 - a0).min(b1 - b0);
        for j in 0..k {
            let (o, e) = (&rows[a0 + j], &new_rows[b0 + j]);
            for c in 0..o.len().max(e.len()) {
                let (ov, ev) = (
                    o.get(c).map_or("", String::as_str),
                    e.get(c).map_or("", String::as_str),
                );
                if ov != ev {
                    doc.apply(&Edit::TableSetCell {
                        table: id,
                        row: a0 + j,
                        column: c,
                        text: ev.to_string(),
                    })?;
                }
            }
        }
        for i in (a0 + k..a1).rev() {
            doc.apply(&Edit::TableDeleteRow {
                table: id,
                index: i,
            })?;
        }
        for (n, e) in new_rows[b0 + k..b1].iter().enumerate() {
            doc.apply(&Edit::TableInsertRow {
                table: id,
                index: a0 + k + n,
                cells: e.clone(),
            })?;
        }
    }
    Ok(())
}

fn timeline(doc: &mut Document, rows: &[TimelineRow], new_rows: &[TimelineRow]) -> Result<()> {
    let key = |r: &TimelineRow| (r.time.raw.trim().to_string(), r.event.trim().to_string());
    let a: Vec<_> = rows.iter().map(key).collect();
    let b: Vec<_> = new_rows.iter().map(key).collect();
    for (a0, a1, b0, b1) in gaps(&a, &b) {
        // A changed row is edited in place only while it stays in its table (block); past
        // the first that moved to another, old rows go and new ones are inserted where the
        // model puts them (a list item and a one-column table take other values).
        let k = (0..(a1 - a0).min(b1 - b0))
            .take_while(|&j| rows[a0 + j].table == new_rows[b0 + j].table)
            .count();
        for j in 0..k {
            let (o, e) = (&a[a0 + j], &b[b0 + j]);
            if o.0 != e.0 {
                doc.apply(&Edit::TimelineSetTime {
                    index: a0 + j,
                    text: e.0.clone(),
                })?;
            }
            if o.1 != e.1 {
                doc.apply(&Edit::TimelineSetEvent {
                    index: a0 + j,
                    text: e.1.clone(),
                })?;
            }
        }
        for i in (a0 + k..a1).rev() {
            doc.apply(&Edit::TimelineDelete { index: i })?;
        }
        for (n, e) in new_rows[b0 + k..b1].iter().enumerate() {
            let at = a0 + k + n;
            doc.apply(&insert_timeline_row(doc, at, e))?;
            // A new row copies its neighbours' style (bold, zone, date); the model says
            // exactly what it wants.
            let written = doc
                .model()
                .timeline
                .as_ref()
                .and_then(|t| t.rows.get(at))
                .map(|r| r.time.raw.trim().to_string());
            let wanted = e.time.raw.trim();
            if written.as_deref() != Some(wanted) {
                let exact = Edit::TimelineSetTime {
                    index: at,
                    text: wanted.to_string(),
                };
                if wanted.is_empty() {
                    // A list item cannot be without a time: it keeps the one it was given
                    // (a failed edit changes nothing).
                    let _ = doc.apply(&exact);
                } else {
                    doc.apply(&exact)?;
                }
            }
        }
    }
    Ok(())
}

/// The edit that inserts `row` at timeline position `at`: into the table the edited row names
/// when `at` is inside or at either end of that table (so a row appended to the end of phase
/// 1 stays in phase 1), else into the table of the row now at `at`.
fn insert_timeline_row(doc: &Document, at: usize, row: &TimelineRow) -> Edit {
    let (time, event) = (row.time.raw.clone(), row.event.clone());
    if let Some(tl) = &doc.model().timeline
        && row.table < tl.tables.len()
    {
        let start = tl.rows.iter().filter(|r| r.table < row.table).count();
        let end = start + tl.rows.iter().filter(|r| r.table == row.table).count();
        if (start..=end).contains(&at) {
            return Edit::TimelineInsertInTable {
                table: row.table,
                index: at - start,
                time,
                event,
            };
        }
    }
    Edit::TimelineInsert {
        index: at,
        time,
        event,
    }
}

fn how(doc: &mut Document, orig: &PirModel, edited: &PirModel) -> Result<()> {
    // Last step first: a question that no longer starts with "How" ends its step, which must
    // not shift the steps still to be compared.
    for (c, chain) in edited.how_chains.iter().enumerate().rev() {
        let Some(oc) = orig.how_chains.get(c) else {
            return Err(invalid(format!("there is no how chain {c}")));
        };
        for (s, step) in chain.steps.iter().enumerate().rev() {
            let Some(os) = oc.steps.get(s) else {
                return Err(invalid(format!("chain {c} has no step {s}")));
            };
            // A value equal to what the document says is never an edit, whatever its
            // whitespace: only a value that differs is normalised before it is compared
            // (the document's own value may hold characters the normalising would drop).
            let answer = step.answer.replace("\r\n", "\n");
            if step.answer != os.answer
                && answer.trim_end_matches('\n') != os.answer.trim_end_matches('\n')
            {
                doc.apply(&Edit::SetHowAnswer {
                    chain: c,
                    step: s,
                    text: answer,
                })?;
            }
            if step.question != os.question && step.question.trim() != os.question.trim() {
                doc.apply(&Edit::SetHowQuestion {
                    chain: c,
                    step: s,
                    text: step.question.clone(),
                })?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_find_insertions_deletions_and_changes() {
        let a = ["a", "b", "c", "d"];
        let b = ["a", "x", "c", "d", "e"];
        assert_eq!(gaps(&a, &b), vec![(4, 4, 4, 5), (1, 2, 1, 2)]);
        assert!(gaps(&a, &a).is_empty());
        assert_eq!(gaps(&a, &[]), vec![(0, 4, 0, 0)]);
    }
}
