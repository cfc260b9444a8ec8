//! Reading a PIR: where everything is in the text (an index of byte spans) and what it says
//! (the [`PirModel`]).
//!
//! Block structure comes from pulldown-cmark's offset iterator, so `#` lines in fenced or
//! indented code, HTML blocks and the like are never headings and tables inside code are never
//! tables. Everything finer (cells, metadata lines, front matter) is read from the lines
//! themselves, because edits must splice exact byte ranges.

use super::line::line_end;
use std::ops::Range;

use chrono::NaiveDate;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::frontmatter::{self, FrontMatterAt};
use super::list::{self, ItemAt};
use super::model::{
    Align, HowChain, HowStep, MetadataField, MetadataPlace, PirModel, Section, Span, Table,
    Timeline, TimelineKind, TimelineRow, TimelineTable,
};
use super::table::{self, RowAt};
use crate::doc::section_key::SectionKey;
use crate::timeline;

/// Line starts, for 1-based line numbers of byte offsets.
pub(crate) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex(starts)
    }

    /// 1-based line of `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset).max(1)
    }

    /// Start of the line holding `offset`.
    pub fn start(&self, offset: usize) -> usize {
        self.0[self.line(offset) - 1]
    }
}

/// An ATX heading at the top level of the document.
#[derive(Debug, Clone)]
pub(crate) struct HeadingAt {
    pub level: u8,
    /// Start of the heading line.
    pub start: usize,
    /// After the heading line's line ending.
    pub end: usize,
    /// The heading text inside the line (without `#` marks and surrounding spaces).
    pub text_span: Range<usize>,
    pub text: String,
    pub line: usize,
    /// Start of the next heading of any level (or the end of the text).
    pub body_end: usize,
    /// Start of the next heading of the same or a higher level.
    pub extent_end: usize,
    pub parent: Option<usize>,
}

/// A table and its rows.
#[derive(Debug, Clone)]
pub(crate) struct TableAt {
    pub header: RowAt,
    pub delim: RowAt,
    pub rows: Vec<RowAt>,
    pub align: Vec<Align>,
    pub padded: bool,
    pub section: Option<usize>,
}

impl TableAt {
    /// Start of the header line.
    pub fn start(&self) -> usize {
        self.header.start
    }
}

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
    /// For a table row: the table (an index into [`Index::tables`]) and whether the row is
    /// the table's header row.
    pub table: Option<(usize, bool)>,
}

/// The timeline section and its tables (indexes into [`Index::tables`]).
#[derive(Debug, Clone)]
pub(crate) struct TimelineAt {
    pub heading: usize,
    pub tables: Vec<TimelineTableAt>,
}

/// One block of the timeline: a table or a list.
#[derive(Debug, Clone)]
pub(crate) struct TimelineTableAt {
    pub block: BlockAt,
    pub phase: Option<String>,
    pub time_col: usize,
    pub event_col: Option<usize>,
    /// The Date column of a table that splits date and time.
    pub date_col: Option<usize>,
}

/// What a timeline block is written as.
#[derive(Debug, Clone)]
pub(crate) enum BlockAt {
    /// A table (an index into [`Index::tables`]).
    Table(usize),
    /// A list: its timeline items, in order.
    List { items: Vec<ItemAt>, numbered: bool },
}

impl TimelineTableAt {
    /// The table index, for a table block.
    pub fn table(&self) -> Option<usize> {
        match self.block {
            BlockAt::Table(t) => Some(t),
            BlockAt::List { .. } => None,
        }
    }
}

/// A how-chain: its steps' heading indexes and answer spans.
#[derive(Debug, Clone)]
pub(crate) struct ChainAt {
    pub title: Option<String>,
    pub steps: Vec<(usize, Range<usize>)>,
}

/// Where everything is in the text.
#[derive(Debug, Clone)]
pub(crate) struct Index {
    /// The file's line ending (`\r\n` when its first line ends so).
    pub eol: &'static str,
    /// Where the markdown starts (after a byte-order mark and front matter).
    pub body_start: usize,
    pub front: Option<FrontMatterAt>,
    pub headings: Vec<HeadingAt>,
    pub tables: Vec<TableAt>,
    pub meta: Vec<MetaAt>,
    pub title: Option<usize>,
    pub timeline: Option<TimelineAt>,
    /// Tables outside the timeline, in order (the model's table ids index this).
    pub other_tables: Vec<usize>,
    pub chains: Vec<ChainAt>,
}

/// The metadata fields every PIR has.
pub(crate) const REQUIRED_METADATA: &[&str] = &["Date", "Duration", "Severity", "Status"];

/// Prefixes of the H1 that are not part of the incident's title.
const TITLE_PREFIXES: &[&str] = &[
    "post incident review:",
    "post-incident review:",
    "post incident review -",
    "pir:",
];

/// Parses `text`; never fails and never panics.
pub(crate) fn index(text: &str) -> Index {
    let lines = LineIndex::new(text);
    let eol = match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    };
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let front = frontmatter::find(text, bom);
    let body_start = front.as_ref().map_or(bom, |f| f.end);

    let mut headings = Vec::new();
    let mut code: Vec<Range<usize>> = Vec::new();
    let mut table_rows: Vec<Vec<usize>> = Vec::new();
    let mut in_table = false;
    let mut depth = 0usize;
    let body = text.get(body_start..).unwrap_or("");
    // The same parser configuration as the preview, so structure is found where it renders.
    for (event, r) in
        Parser::new_ext(body, crate::render::parser_options_for(body)).into_offset_iter()
    {
        let r = r.start + body_start..r.end + body_start;
        match event {
            Event::Start(
                Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_),
            ) => depth += 1,
            Event::End(
                TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition,
            ) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Heading { level, .. }) if depth == 0 => {
                if let Some(h) = atx_heading(text, &lines, r.start, r.end, level as u8) {
                    headings.push(h);
                }
            }
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => code.push(r),
            Event::Start(Tag::Table(_)) => {
                in_table = true;
                table_rows.push(Vec::new());
            }
            Event::End(TagEnd::Table) => in_table = false,
            Event::Start(Tag::TableHead | Tag::TableRow) if in_table => {
                if let Some(t) = table_rows.last_mut() {
                    t.push(r.start);
                }
            }
            _ => {}
        }
    }
    link_headings(&mut headings, text.len());

    let tables: Vec<TableAt> = table_rows
        .iter()
        .filter_map(|starts| build_table(text, &lines, starts, &headings))
        .collect();

    let title = headings.iter().position(|h| h.level == 1);
    let meta_end = headings
        .iter()
        .find(|h| h.level >= 2)
        .map_or(text.len(), |h| h.start);
    let mut meta: Vec<MetaAt> = front
        .as_ref()
        .map(|f| front_matter_metadata(text, &lines, f))
        .unwrap_or_default();
    meta.extend(read_metadata(
        text, &lines, body_start, meta_end, &code, &headings,
    ));
    let mut table_meta = table_metadata(&lines, &tables, meta_end);
    if !table_meta.is_empty() {
        let from = meta
            .iter()
            .position(|m| m.place == MetadataPlace::Line)
            .unwrap_or(meta.len());
        meta.append(&mut table_meta);
        meta[from..].sort_by_key(|m| m.start);
    }

    let timeline = headings
        .iter()
        .position(|h| h.level == 2 && h.text.to_lowercase().contains("timeline"))
        .map(|hi| timeline_at(text, &lines, hi, &headings, &tables, &code));
    let mut in_timeline = vec![false; tables.len()];
    for t in timeline.iter().flat_map(|t| &t.tables) {
        if let Some(ti) = t.table() {
            in_timeline[ti] = true;
        }
    }
    let other_tables = (0..tables.len()).filter(|&i| !in_timeline[i]).collect();
    let chains = how_chains(text, &headings);

    Index {
        eol,
        body_start,
        front,
        headings,
        tables,
        meta,
        title,
        timeline,
        other_tables,
        chains,
    }
}

/// The heading starting at `start`, when it is an ATX heading (`## Text`) on one line.
fn atx_heading(
    text: &str,
    lines: &LineIndex,
    start: usize,
    end: usize,
    level: u8,
) -> Option<HeadingAt> {
    let ls = lines.start(start);
    let (ce, next) = line_end(text, ls);
    if end > next {
        return None; // a setext heading spans two lines
    }
    let line = text.get(ls..ce)?;
    let t = line.trim_start_matches([' ', '\t']);
    let hashes = t.len() - t.trim_start_matches('#').len();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let after = &t[hashes..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let content_start = ce - after.len();
    let mut inner = after.trim_matches([' ', '\t']);
    // A closing run of `#` (preceded by a space, or the whole content) is not text.
    let without_close = inner.trim_end_matches('#');
    if without_close.is_empty() || without_close.ends_with([' ', '\t']) {
        inner = without_close.trim_end_matches([' ', '\t']);
    }
    let lead = after.len() - after.trim_start_matches([' ', '\t']).len();
    let s = if inner.is_empty() {
        content_start + lead.min(after.len())
    } else {
        content_start + lead
    };
    let text_span = s..s + inner.len();
    Some(HeadingAt {
        level,
        start: ls,
        end: next,
        text: inner.to_string(),
        text_span,
        line: lines.line(ls),
        body_end: text.len(),
        extent_end: text.len(),
        parent: None,
    })
}

fn link_headings(headings: &mut [HeadingAt], len: usize) {
    for i in 0..headings.len() {
        let level = headings[i].level;
        headings[i].body_end = headings.get(i + 1).map_or(len, |h| h.start);
        headings[i].extent_end = headings[i + 1..]
            .iter()
            .find(|h| h.level <= level)
            .map_or(len, |h| h.start);
    }
    // The nearest earlier heading of each level, so that finding parents stays linear even in
    // a file of thousands of headings. (Each extent search above stops at the next heading
    // of its level at the latest, so it is linear too.)
    let mut last_at: [Option<usize>; 7] = [None; 7];
    for (i, h) in headings.iter_mut().enumerate() {
        let level = usize::from(h.level.min(6));
        h.parent = last_at[..level].iter().flatten().max().copied();
        last_at[level] = Some(i);
        for l in last_at.iter_mut().skip(level + 1) {
            *l = None;
        }
    }
}

/// The section (heading index) holding `offset`.
pub(crate) fn section_of(headings: &[HeadingAt], offset: usize) -> Option<usize> {
    headings
        .partition_point(|h| h.start <= offset)
        .checked_sub(1)
}

fn build_table(
    text: &str,
    lines: &LineIndex,
    starts: &[usize],
    headings: &[HeadingAt],
) -> Option<TableAt> {
    let (&head, body) = starts.split_first()?;
    let row_at = |content_start: usize| {
        let ls = lines.start(content_start);
        let (ce, next) = line_end(text, ls);
        table::split_row(text, ls, content_start.min(ce), ce, next, lines.line(ls))
    };
    let header = row_at(head);
    if header.next >= text.len() {
        return None; // a table needs its delimiter row
    }
    let prefix = header.content_start - header.start;
    let (dce, dnext) = line_end(text, header.next);
    let delim = table::split_row(
        text,
        header.next,
        (header.next + prefix).min(dce),
        dce,
        dnext,
        lines.line(header.next),
    );
    let mut rows: Vec<RowAt> = Vec::new();
    let mut last = delim.start;
    for &s in body {
        let r = row_at(s);
        if r.start <= last {
            continue; // never two rows on one line
        }
        last = r.start;
        rows.push(r);
    }
    let align = delim
        .cells
        .iter()
        .map(|c| table::align_of(text.get(c.span.clone()).unwrap_or("")))
        .collect();
    let padded = table::is_padded(text, &header, &delim, &rows);
    let section = section_of(headings, header.start);
    Some(TableAt {
        header,
        delim,
        rows,
        align,
        padded,
        section,
    })
}

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
fn front_matter_metadata(text: &str, lines: &LineIndex, f: &FrontMatterAt) -> Vec<MetaAt> {
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
fn table_metadata(lines: &LineIndex, tables: &[TableAt], meta_end: usize) -> Vec<MetaAt> {
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

fn read_metadata(
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

fn timeline_at(
    text: &str,
    lines: &LineIndex,
    hi: usize,
    headings: &[HeadingAt],
    tables: &[TableAt],
    code: &[Range<usize>],
) -> TimelineAt {
    let h = &headings[hi];
    let phase_of = |section: Option<usize>| {
        section
            .filter(|&s| s != hi && headings[s].start >= h.end)
            .map(|s| headings[s].text.clone())
    };
    let mut out: Vec<(usize, TimelineTableAt)> = Vec::new();
    let mut table_lines: Vec<Range<usize>> = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        if t.start() < h.end || t.start() >= h.extent_end {
            continue;
        }
        table_lines.push(t.start()..t.rows.last().unwrap_or(&t.delim).next);
        let phase = phase_of(t.section);
        let header: Vec<String> = t.header.values().iter().map(|v| v.to_lowercase()).collect();
        let time_col = header
            .iter()
            .position(|c| c.contains("time") || c.contains("when"))
            .or_else(|| header.iter().position(|c| c == "date"))
            .unwrap_or(0);
        // `| Date | Time | Event |`: the date is a column of its own.
        let date_col = header
            .iter()
            .position(|c| matches!(c.trim_matches(['*', '_', ' ']), "date" | "day"))
            .filter(|&c| c != time_col);
        let others = || (0..header.len()).filter(|&c| c != time_col && Some(c) != date_col);
        // A one-column table has no event column: its only cell is the time.
        let event_col = others()
            .find(|&c| {
                let h = &header[c];
                h.contains("event") || h.contains("what") || h.contains("description")
            })
            .or_else(|| others().next());
        out.push((
            t.start(),
            TimelineTableAt {
                block: BlockAt::Table(ti),
                phase,
                time_col,
                event_col,
                date_col,
            },
        ));
    }
    // Lists whose items start with a time: one block per sub-heading.
    let in_any = |ranges: &[Range<usize>], pos: usize| {
        ranges
            .partition_point(|c| c.start <= pos)
            .checked_sub(1)
            .is_some_and(|i| pos < ranges[i].end)
    };
    let skip = |pos: usize| {
        in_any(code, pos)
            || in_any(&table_lines, pos)
            || headings.binary_search_by_key(&pos, |h| h.start).is_ok()
    };
    let items = list::items_in(text, h.end, h.extent_end, |p| lines.line(p), skip);
    let mut groups: Vec<(Option<usize>, Vec<ItemAt>)> = Vec::new();
    for item in items {
        let section = section_of(headings, item.start);
        match groups.last_mut() {
            Some((s, g)) if *s == section => g.push(item),
            _ => groups.push((section, vec![item])),
        }
    }
    for (section, items) in groups {
        let numbered = items.iter().all(|i| i.number.is_some());
        out.push((
            items[0].start,
            TimelineTableAt {
                block: BlockAt::List { items, numbered },
                phase: phase_of(section),
                time_col: 0,
                event_col: Some(1),
                date_col: None,
            },
        ));
    }
    out.sort_by_key(|(start, _)| *start);
    TimelineAt {
        heading: hi,
        tables: out.into_iter().map(|(_, t)| t).collect(),
    }
}

/// Whether a line is a thematic break (`---`, `***`, `___`).
fn is_rule(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3
        && (t.chars().all(|c| c == '-')
            || t.chars().all(|c| c == '*')
            || t.chars().all(|c| c == '_'))
}

/// The answer of a how-step: the text between `from` and `to` without leading blank lines and
/// without trailing blank lines or rules.
pub(crate) fn trimmed_block(text: &str, from: usize, to: usize) -> Range<usize> {
    let mut kept: Vec<(usize, usize)> = Vec::new();
    let mut pos = from;
    while pos < to {
        let (ce, next) = line_end(text, pos);
        let ce = ce.min(to);
        kept.push((pos, ce));
        if next <= pos {
            break;
        }
        pos = next;
    }
    let blank = |&(s, e): &(usize, usize)| text.get(s..e).is_none_or(|l| l.trim().is_empty());
    let first = kept.iter().position(|l| !blank(l));
    let Some(first) = first else {
        return from..from;
    };
    while let Some(l) = kept.last() {
        if blank(l) || text.get(l.0..l.1).is_some_and(is_rule) {
            kept.pop();
        } else {
            break;
        }
    }
    match kept.get(first..) {
        Some([a, .., b]) => a.0..b.1,
        Some([a]) => a.0..a.1,
        _ => from..from,
    }
}

fn how_chains(text: &str, headings: &[HeadingAt]) -> Vec<ChainAt> {
    let Some(rc) = headings
        .iter()
        .position(|h| h.level == 2 && h.text.to_lowercase().starts_with("root cause"))
    else {
        return Vec::new();
    };
    let end = headings[rc].extent_end;
    let mut chains: Vec<ChainAt> = Vec::new();
    for (i, h) in headings.iter().enumerate().skip(rc + 1) {
        if h.start >= end {
            break;
        }
        let lower = h.text.to_lowercase();
        let is_chain = lower
            .strip_prefix("chain")
            .is_some_and(|r| r.starts_with(|c: char| c.is_whitespace() || c.is_ascii_digit()));
        if is_chain {
            chains.push(ChainAt {
                title: Some(h.text.clone()),
                steps: Vec::new(),
            });
        } else if lower == "how" || lower.starts_with("how ") {
            if chains.is_empty() {
                chains.push(ChainAt {
                    title: None,
                    steps: Vec::new(),
                });
            }
            let span = trimmed_block(text, h.end, h.body_end);
            if let Some(c) = chains.last_mut() {
                c.steps.push((i, span));
            }
        }
    }
    chains.retain(|c| !c.steps.is_empty());
    chains
}

/// `\r\n` to `\n`, for texts shown to a UI.
pub(crate) fn to_lf(s: &str) -> String {
    s.replace("\r\n", "\n")
}

/// Strips the `Post Incident Review: ` prefix from a title.
pub(crate) fn short_title(title: &str) -> &str {
    for p in TITLE_PREFIXES {
        if let (Some(head), Some(rest)) = (title.get(..p.len()), title.get(p.len()..))
            && head.eq_ignore_ascii_case(p)
        {
            return rest.trim_start();
        }
    }
    title
}

/// The calendar dates written `YYYY-MM-DD` (or `YYYY/MM/DD`) in `text`, in order.
fn iso_dates(text: &str) -> impl Iterator<Item = NaiveDate> + '_ {
    let b = text.as_bytes();
    let digit = move |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    (0..b.len()).filter_map(move |i| {
        let starts = digit(i) && (i == 0 || !b[i - 1].is_ascii_digit());
        if starts
            && (0..4).all(|k| digit(i + k))
            && matches!(b.get(i + 4), Some(b'-' | b'/'))
            && b.get(i + 7) == b.get(i + 4)
            && text.is_char_boundary(i + 10)
            && !digit(i + 10)
        {
            let s = text[i..i + 10].replace('/', "-");
            NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()
        } else {
            None
        }
    })
}

/// The end of the span a Date names, when it names one: the last calendar date written in
/// `text` if it is later than the first (`2026-04-01 to 2026-04-02`, `2026-05-17 (resolved
/// 2026-05-18)` end on the 2nd and the 18th); `None` for a single date.
pub fn end_date(text: &str) -> Option<NaiveDate> {
    let mut dates = iso_dates(text);
    let first = dates.next()?;
    dates.last().filter(|last| *last > first)
}

/// The PIR's Date as a date: see [`first_date`].
pub(crate) fn base_date(date: Option<&str>) -> Option<NaiveDate> {
    first_date(date?)
}

/// The first calendar date written in `text`: the start of a range or of a qualified Date
/// (`2026-04-01 to 2026-04-02`, `2026-05-17 (resolved 2026-05-18)`, `~2026-03-30`), a
/// front matter timestamp (`2026-09-14T06:12:00Z`), or a date in words at the start
/// (`14 September 2026`, `Sep 14, 2026`). Sites write Dates with context; the context stays
/// as written and the date still sorts and counts.
pub fn first_date(text: &str) -> Option<NaiveDate> {
    if let Some(d) = iso_dates(text).next() {
        return Some(d);
    }
    let words: Vec<&str> = text
        .trim()
        .trim_matches(['*', '~'])
        .split_whitespace()
        .take(3)
        .collect();
    let lead = words.join(" ");
    let lead = lead.trim_end_matches([',', '.', ';']);
    [
        "%d %B %Y",
        "%d %b %Y",
        "%B %d, %Y",
        "%b %d, %Y",
        "%B %d %Y",
        "%b %d %Y",
    ]
    .iter()
    .find_map(|f| NaiveDate::parse_from_str(lead, f).ok())
}

/// Builds the model from the index.
pub(crate) fn model(text: &str, ix: &Index) -> PirModel {
    let title = ix.title.map(|i| ix.headings[i].text.clone());
    let short = title.as_deref().map(|t| short_title(t).to_string());
    let metadata: Vec<MetadataField> = ix
        .meta
        .iter()
        .map(|m| MetadataField {
            key: m.key.clone(),
            value: m.value.clone(),
            line: m.line,
            place: m.place,
        })
        .collect();
    let field = |k: &str| {
        metadata
            .iter()
            .find(|m| m.key.eq_ignore_ascii_case(k))
            .or_else(|| metadata.iter().find(|m| same_key(&m.key, k)))
            .map(|m| m.value.clone())
    };
    let date = field("date");
    let mut sections: Vec<Section> = ix
        .headings
        .iter()
        .enumerate()
        .map(|(id, h)| Section {
            id,
            heading: h.text.clone(),
            level: h.level,
            line: h.line,
            heading_span: (h.start..h.end).into(),
            body_span: Span {
                start: h.end,
                end: h.body_end,
            },
            end: h.extent_end,
            parent: h.parent,
            children: Vec::new(),
        })
        .collect();
    for (id, h) in ix.headings.iter().enumerate() {
        if let Some(s) = h.parent.and_then(|p| sections.get_mut(p)) {
            s.children.push(id);
        }
    }
    let timeline = ix
        .timeline
        .as_ref()
        .map(|t| timeline_model(text, ix, t, date.as_deref()));
    let tables = ix
        .other_tables
        .iter()
        .enumerate()
        .map(|(id, &ti)| {
            let t = &ix.tables[ti];
            Table {
                id,
                section: t.section,
                line: t.header.line,
                header: t.header.values(),
                align: t.align.clone(),
                rows: t.rows.iter().map(RowAt::values).collect(),
                row_lines: t.rows.iter().map(|r| r.line).collect(),
            }
        })
        .collect();
    let how_chains = ix
        .chains
        .iter()
        .map(|c| HowChain {
            title: c.title.clone(),
            steps: c
                .steps
                .iter()
                .map(|(hi, span)| HowStep {
                    section: *hi,
                    question: ix.headings[*hi].text.clone(),
                    answer: to_lf(text.get(span.clone()).unwrap_or("")),
                    line: ix.headings[*hi].line,
                })
                .collect(),
        })
        .collect();
    // Each heading classified once, not once per template section.
    let present: Vec<SectionKey> = ix
        .headings
        .iter()
        .filter(|h| h.level >= 2)
        .filter_map(|h| SectionKey::from_heading(&h.text))
        .collect();
    let missing_sections = SectionKey::document_sections()
        .filter(|key| !present.contains(key))
        .map(|key| key.title().to_string())
        .collect();
    let missing_metadata = REQUIRED_METADATA
        .iter()
        .filter(|k| field(k).is_none())
        .map(|k| (*k).to_string())
        .collect();
    PirModel {
        source: None,
        title,
        short_title: short,
        date,
        duration: field("duration"),
        severity: field("severity"),
        status: field("status"),
        metadata,
        has_front_matter: ix.front.is_some(),
        tags: ix
            .front
            .as_ref()
            .and_then(|f| f.tags.as_ref())
            .map(|t| t.values())
            .unwrap_or_default(),
        sections,
        timeline,
        tables,
        how_chains,
        missing_sections,
        missing_metadata,
    }
}

fn timeline_model(text: &str, ix: &Index, t: &TimelineAt, date: Option<&str>) -> Timeline {
    let h = &ix.headings[t.heading];
    let timezone = timeline::parse_timezone_heading(&h.text);
    let mut tables = Vec::new();
    let mut rows = Vec::new();
    for (k, tt) in t.tables.iter().enumerate() {
        let mut push_row = |time: timeline::TimeCell, event: String, line: usize| {
            let marker = timeline::find_marker(&event);
            let event_text = match &marker {
                Some(m) => event[m.rest_start..].to_string(),
                None => event.clone(),
            };
            rows.push(TimelineRow {
                time,
                key_event: marker.map(|m| m.event),
                event,
                event_text,
                phase: tt.phase.clone(),
                table: k,
                line,
            });
        };
        match &tt.block {
            BlockAt::Table(ti) => {
                let table = &ix.tables[*ti];
                tables.push(TimelineTable {
                    phase: tt.phase.clone(),
                    line: table.header.line,
                    header: table.header.values(),
                    time_column: tt.time_col,
                    event_column: tt.event_col,
                    date_column: tt.date_col,
                    kind: TimelineKind::Table,
                });
                for r in &table.rows {
                    let cell =
                        |c: usize| r.cells.get(c).map(|c| c.value.clone()).unwrap_or_default();
                    let event = tt.event_col.map(cell).unwrap_or_default();
                    let time = match tt.date_col {
                        Some(dc) => split_time_cell(&cell(dc), &cell(tt.time_col)),
                        None => timeline::parse_time_cell(&cell(tt.time_col)),
                    };
                    push_row(time, event, r.line);
                }
            }
            BlockAt::List { items, numbered } => {
                tables.push(TimelineTable {
                    phase: tt.phase.clone(),
                    line: items.first().map_or(h.line, |i| i.line),
                    header: Vec::new(),
                    time_column: 0,
                    event_column: Some(1),
                    date_column: None,
                    kind: if *numbered {
                        TimelineKind::Numbered
                    } else {
                        TimelineKind::Bullets
                    },
                });
                for i in items {
                    let get = |r: &Range<usize>| text.get(r.clone()).unwrap_or("").to_string();
                    push_row(
                        timeline::parse_time_cell(&get(&i.time)),
                        get(&i.event),
                        i.line,
                    );
                }
            }
        }
    }
    let pairs: Vec<_> = rows
        .iter()
        .map(|r| (&r.time, r.key_event.as_ref()))
        .collect();
    let metrics = timeline::compute_metrics(&pairs, timezone.as_ref(), base_date(date));
    Timeline {
        section: t.heading,
        heading: h.text.clone(),
        timezone,
        tables,
        rows,
        metrics,
    }
}

/// The time of a row that splits its date and time into two cells: the two values joined by a
/// space (either alone when the other is empty), read as one time cell. Bold is the time
/// cell's, and the grid's text is both parts without their bold.
pub(crate) fn split_time_cell(date: &str, time: &str) -> timeline::TimeCell {
    let raw = join_date_time(date, time);
    let mut cell = timeline::parse_time_cell(&raw);
    let d = timeline::parse_time_cell(date);
    let t = timeline::parse_time_cell(time);
    cell.bold = if time.trim().is_empty() {
        d.bold
    } else {
        t.bold
    };
    cell.text = join_date_time(&d.text, &t.text);
    cell
}

/// `date time`, or either alone when the other is empty.
pub(crate) fn join_date_time(date: &str, time: &str) -> String {
    match (date.trim(), time.trim()) {
        ("", t) => t.to_string(),
        (d, "") => d.to_string(),
        (d, t) => format!("{d} {t}"),
    }
}

/// Splits a split-column row's time text into its date part (a leading token that is a
/// date, emphasis and all) and its time part.
pub(crate) fn split_date_time(raw: &str) -> (String, String) {
    let raw = raw.trim();
    let (first, rest) = match raw.find([' ', '\t']) {
        Some(i) => (&raw[..i], raw[i..].trim_start()),
        None => (raw, ""),
    };
    let bare = first.trim_matches(['*', '_', '~']);
    let is_date = bare.len() == 10 && first_date(bare).is_some();
    if is_date {
        (first.to_string(), rest.to_string())
    } else {
        (String::new(), raw.to_string())
    }
}
