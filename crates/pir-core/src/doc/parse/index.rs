//! The one pass over the text that finds where everything is: pulldown-cmark's blocks give
//! the headings, code and tables, and each part (headings, tables, metadata, timeline,
//! how-chains) is read from its own lines.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::headings::{ChainAt, HeadingAt, atx_heading, how_chains, link_headings};
use super::lines::LineIndex;
use super::meta::{MetaAt, front_matter_metadata, read_metadata, table_metadata};
use super::tables::{TableAt, build_table};
use super::timeline::{TimelineAt, timeline_at};
use crate::doc::frontmatter::{self, FrontMatterAt};
use crate::doc::model::MetadataPlace;

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
