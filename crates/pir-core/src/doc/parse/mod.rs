//! Reading a PIR: where everything is in the text (an index of byte spans) and what it says
//! (the [`PirModel`](super::PirModel)).
//!
//! Block structure comes from pulldown-cmark's offset iterator, so `#` lines in fenced or
//! indented code, HTML blocks and the like are never headings and tables inside code are never
//! tables. Everything finer (cells, metadata lines, front matter) is read from the lines
//! themselves, because edits must splice exact byte ranges.
//!
//! One file a responsibility: `headings` (and the how-chains under them), `tables`, `meta`
//! (metadata lines, tables and front matter keys), `timeline`, `dates`, and `to_model`
//! (the model from the index); this module ties them into one pass over the text.

mod dates;
mod headings;
mod meta;
mod tables;
mod timeline;
mod to_model;

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::frontmatter::{self, FrontMatterAt};
use super::model::MetadataPlace;
use headings::{atx_heading, how_chains, link_headings};
use meta::{front_matter_metadata, read_metadata, table_metadata};
use tables::build_table;
use timeline::timeline_at;

pub(crate) use dates::base_date;
pub use dates::{end_date, first_date};
pub(crate) use headings::{ChainAt, HeadingAt, trimmed_block};
pub(crate) use meta::{MetaAt, REQUIRED_METADATA, canonical_key, parse_meta_line, same_key};
pub(crate) use tables::TableAt;
pub(crate) use timeline::{BlockAt, TimelineAt, TimelineTableAt, join_date_time, split_date_time};
pub(crate) use to_model::{model, to_lf};

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
