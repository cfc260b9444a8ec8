//! The [`PirModel`] the UI edits, built from the index: sections, metadata, timeline, tables,
//! how-chains and what a PIR still lacks.

use super::Index;
use super::meta::{REQUIRED_METADATA, same_key};
use super::timeline::timeline_model;
use crate::doc::model::{HowChain, HowStep, MetadataField, PirModel, Section, Span, Table};
use crate::doc::section_key::SectionKey;
use crate::doc::table::RowAt;

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
