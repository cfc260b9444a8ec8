//! The [`PirModel`] the UI edits, built from the index: sections, metadata, timeline, tables,
//! how-chains and what a PIR still lacks; the timeline's rows read from its blocks.

use std::ops::Range;

use super::dates::base_date;
use super::index::Index;
use super::meta::{REQUIRED_METADATA, same_key};
use super::timeline::{BlockAt, TimelineAt, split_time_cell};
use crate::doc::model::{
    HowChain, HowStep, MetadataField, PirModel, Section, Span, Table, Timeline, TimelineKind,
    TimelineRow, TimelineTable,
};
use crate::doc::section_key::SectionKey;
use crate::doc::table::RowAt;
use crate::timeline;

/// Prefixes of the H1 that are not part of the incident's title.
const TITLE_PREFIXES: &[&str] = &[
    "post incident review:",
    "post-incident review:",
    "post incident review -",
    "pir:",
];

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

/// `\r\n` to `\n`, for texts shown to a UI.
pub(crate) fn to_lf(s: &str) -> String {
    s.replace("\r\n", "\n")
}

/// Strips the `Post Incident Review: ` prefix from a title.
fn short_title(title: &str) -> &str {
    for p in TITLE_PREFIXES {
        if let (Some(head), Some(rest)) = (title.get(..p.len()), title.get(p.len()..))
            && head.eq_ignore_ascii_case(p)
        {
            return rest.trim_start();
        }
    }
    title
}

/// The timeline of the model: its blocks' rows read, key events found, metrics computed.
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
