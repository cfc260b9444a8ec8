//! Metadata fields wherever a site writes them: `**Key:** value` lines, a two-column table
//! under the title, or front matter keys; and the names sites give the fields the product
//! reads (`impact` is the severity).

use std::ops::Range;

use super::headings::HeadingAt;
use super::lines::LineIndex;
use super::tables::TableAt;
use crate::doc::frontmatter::{self, FrontMatterAt};
use crate::doc::line::line_end;
use crate::doc::model::MetadataPlace;
use crate::doc::table::RowAt;

/// One metadata field: a `**Key:** value` line, a metadata-table row or a front matter key.
#[derive(Debug, Clone)]
pub(crate) struct MetaAt {
    pub key: String,
    pub value: String,
    /// The value as written: after `**Key:**`, the scalar (quotes included) in front matter,
    /// the whole cell (padding included) in a table.
    pub value_span: Range<usize>,
    /// Start of the line.
    pub start: usize,
    /// After the line ending.
    pub next: usize,
    pub line: usize,
    pub place: MetadataPlace,
    /// For a table row: the table (an index into [`Index::tables`](super::Index::tables))
    /// and whether the row is the table's header row.
    pub table: Option<(usize, bool)>,
}

/// The metadata fields every PIR has.
pub(crate) const REQUIRED_METADATA: &[&str] = &["Date", "Duration", "Severity", "Status"];

/// Reads `**Key:** value` / `**Key**: value` (optionally as a list item).
pub(crate) fn parse_meta_line(line: &str) -> Option<(String, Range<usize>)> {
    let t = line.trim_start_matches([' ', '\t']);
    let t = ["- ", "* ", "+ "]
        .iter()
        .find_map(|m| t.strip_prefix(m))
        .unwrap_or(t);
    let rest = t.strip_prefix("**")?;
    let close = rest.find("**")?;
    let inner = &rest[..close];
    let after = &rest[close + 2..];
    let (key, value) = match inner.strip_suffix(':') {
        Some(k) => (k, after),
        None => (inner, after.strip_prefix(':')?),
    };
    let key = key.trim();
    if key.is_empty() || key.chars().count() > 60 || key.contains(['*', ':', '[']) {
        return None;
    }
    let vstart = line.len() - value.len();
    let lead = value.len() - value.trim_start().len();
    let v = value.trim();
    Some((key.to_string(), vstart + lead..vstart + lead + v.len()))
}

/// The canonical name of a metadata key the product reads (`Date`, `Duration`, `Severity`,
/// `Status`), for the names sites give them in any case: `impact`, `priority` and `sev` are
/// the severity, `state` the status.
pub(crate) fn canonical_key(key: &str) -> Option<&'static str> {
    let k = key.trim().to_lowercase().replace(['_', '-'], " ");
    Some(match k.as_str() {
        "date" | "incident date" | "date of incident" => "Date",
        "duration" | "incident duration" => "Duration",
        "severity" | "sev" | "impact" | "priority" | "incident severity" | "severity level" => {
            "Severity"
        }
        "status" | "state" | "review status" | "pir status" | "incident status" => "Status",
        _ => return None,
    })
}

/// Whether two metadata keys name the same field (`Severity` and `impact`).
pub(crate) fn same_key(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
        || canonical_key(a).is_some_and(|k| Some(k) == canonical_key(b))
}

/// The front matter keys that name a field the product reads (date, severity, status, ...).
/// Other keys (`title`, `tags`, `authors`) stay the site's own business.
pub(super) fn front_matter_metadata(
    text: &str,
    lines: &LineIndex,
    f: &FrontMatterAt,
) -> Vec<MetaAt> {
    frontmatter::scalars(text, f.inner_start, f.inner_end)
        .into_iter()
        .filter(|s| canonical_key(&s.key).is_some())
        .map(|s| MetaAt {
            key: s.key,
            value: s.value,
            value_span: s.span,
            start: s.start,
            next: s.next,
            line: lines.line(s.start),
            place: MetadataPlace::FrontMatter,
            table: None,
        })
        .collect()
}

/// The rows of two-column tables between the title and the first section: a metadata table
/// (`| **Date** | 2026-07-21 |`). The header row is a field too, unless it only labels the
/// columns (`| Field | Value |`, or empty cells).
pub(super) fn table_metadata(
    lines: &LineIndex,
    tables: &[TableAt],
    meta_end: usize,
) -> Vec<MetaAt> {
    let mut out = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        if t.start() >= meta_end {
            break;
        }
        let two = |r: &RowAt| r.cells.len() == 2;
        if !two(&t.header) || !t.rows.iter().all(two) {
            continue;
        }
        let labels = {
            let v = t.header.cells[1].value.to_lowercase();
            let k = meta_key_cell(&t.header.cells[0].value);
            (k.is_empty() && v.is_empty())
                || matches!(
                    v.trim_matches('*'),
                    "value" | "values" | "detail" | "details" | "description" | "info"
                )
        };
        let header = (!labels).then_some((&t.header, true));
        for (row, is_header) in header.into_iter().chain(t.rows.iter().map(|r| (r, false))) {
            let key = meta_key_cell(&row.cells[0].value);
            if key.is_empty() {
                continue;
            }
            let cell = &row.cells[1];
            out.push(MetaAt {
                key,
                value: unbold(&cell.value).to_string(),
                value_span: cell.span.clone(),
                start: row.start,
                next: row.next,
                line: lines.line(row.start),
                place: MetadataPlace::Table,
                table: Some((ti, is_header)),
            });
        }
        // One metadata table: a later two-column table is the author's own.
        break;
    }
    out
}

/// A cell value without the bold it is written in (`**2026-07-21**`).
fn unbold(v: &str) -> &str {
    match v.strip_prefix("**").and_then(|v| v.strip_suffix("**")) {
        Some(inner) if !inner.is_empty() => inner.trim(),
        _ => v,
    }
}

/// A metadata table's key cell without emphasis and a trailing colon (`**Date:**` → `Date`).
fn meta_key_cell(cell: &str) -> String {
    let k = cell.trim().trim_matches(['*', '_']).trim();
    k.strip_suffix(':').unwrap_or(k).trim().to_string()
}

pub(super) fn read_metadata(
    text: &str,
    lines: &LineIndex,
    from: usize,
    to: usize,
    code: &[Range<usize>],
    headings: &[HeadingAt],
) -> Vec<MetaAt> {
    let mut out = Vec::new();
    let mut pos = from;
    while pos < to {
        let (ce, next) = line_end(text, pos);
        // Both lists are in document order: look up by binary search.
        let in_code = code
            .partition_point(|c| c.start <= pos)
            .checked_sub(1)
            .is_some_and(|i| pos < code[i].end);
        let skip = in_code || headings.binary_search_by_key(&pos, |h| h.start).is_ok();
        if !skip
            && let Some(line) = text.get(pos..ce)
            && let Some((key, vr)) = parse_meta_line(line)
        {
            out.push(MetaAt {
                key,
                value: line[vr.clone()].to_string(),
                value_span: pos + vr.start..pos + vr.end,
                start: pos,
                next,
                line: lines.line(pos),
                place: MetadataPlace::Line,
                table: None,
            });
        }
        if next <= pos {
            break;
        }
        pos = next;
    }
    out
}
