//! A PIR's text split for the index: each line given the field of the section it is in, each
//! word a token (joined identifiers whole and in parts), terms numbered in a batch's own
//! dictionary so that batches can be made in parallel.

use std::collections::HashMap;
use std::path::Path;

use super::store::{Line, Meta, Tok};
use crate::actions::action_items;
use crate::doc::section_key::SectionKey;
use crate::doc::{Document, PirModel};
use crate::search::SearchField;
use crate::search::token::{lowercase_into, word_spans};
use crate::site::slug::parse_date;

/// A PIR read and split, its terms numbered in the dictionary of its [`Batch`].
pub(super) struct Analysed {
    pub(super) meta: Meta,
    pub(super) text: String,
    pub(super) lines: Vec<Line>,
    /// Tokens with batch-local term ids.
    pub(super) toks: Vec<Tok>,
    /// Batch-local term id → summed field boosts, in first-occurrence order.
    pub(super) tf: Vec<(u32, f32)>,
    pub(super) len: u32,
}

/// PIRs analysed together with their own dictionary. Batches are made in parallel; adding one
/// to the index then interns each distinct term once (not each token) and renumbers the
/// tokens, which is what keeps the serial part of a build small.
#[derive(Default)]
pub(super) struct Batch {
    pub(super) terms: HashMap<String, u32>,
    pub(super) docs: Vec<Analysed>,
}

impl Batch {
    /// The batch-local id of `term` (copied only the first time it is seen).
    pub(super) fn intern(&mut self, term: &str) -> u32 {
        if let Some(id) = self.terms.get(term) {
            return *id;
        }
        let id = self.terms.len() as u32;
        self.terms.insert(term.to_string(), id);
        id
    }
}

/// The field each `##` section's lines belong to.
fn section_field(heading: &str) -> SearchField {
    match SectionKey::from_heading(heading) {
        Some(SectionKey::ExecutiveSummary) => SearchField::Summary,
        Some(SectionKey::Timeline) => SearchField::Timeline,
        Some(SectionKey::RootCauses) => SearchField::RootCauses,
        Some(SectionKey::ActionItems) => SearchField::Actions,
        _ => SearchField::Body,
    }
}

/// Byte ranges of the text and their fields: the first `#` title line, then each `##`
/// section with its sub-sections.
fn field_regions(model: &PirModel) -> Vec<(usize, usize, SearchField)> {
    let mut out = Vec::new();
    if let Some(title) = model.sections.iter().find(|s| s.level == 1) {
        out.push((
            title.heading_span.start,
            title.heading_span.end,
            SearchField::Title,
        ));
    }
    for s in model.sections.iter().filter(|s| s.level == 2) {
        let field = section_field(&s.heading);
        if field != SearchField::Body {
            out.push((s.heading_span.start, s.end, field));
        }
    }
    out
}

/// Splits one PIR into lines and tokens, numbering its terms in `batch`'s dictionary.
pub(super) fn analyse(path: &Path, rel: String, text: String, batch: &mut Batch) -> Analysed {
    let doc = Document::parse(text.as_str());
    let model = doc.model();
    let regions = field_regions(model);
    let field_at = |offset: usize| {
        regions
            .iter()
            .find(|(s, e, _)| (*s..*e).contains(&offset))
            .map_or(SearchField::Body, |r| r.2)
    };
    let mut lines = Vec::new();
    let mut toks = Vec::new();
    // Local id → index into `tf`, so counts keep the order terms first occur in.
    let mut tf_at: HashMap<u32, usize> = HashMap::new();
    let mut tf: Vec<(u32, f32)> = Vec::new();
    let mut count = |term: u32, boost: f32| match tf_at.get(&term) {
        Some(i) => tf[*i].1 += boost,
        None => {
            tf_at.insert(term, tf.len());
            tf.push((term, boost));
        }
    };
    let mut pos = 0u32;
    let mut start = 0usize;
    // One buffer for every term's lowercase form: most terms were seen before, and then
    // nothing is allocated for them.
    let mut lower = String::new();
    for raw in text.split_inclusive('\n') {
        let body = raw.trim_end_matches(['\n', '\r']);
        let field = field_at(start);
        let boost = field.boost();
        let mut tok = |s: usize, e: usize, compound: bool| {
            lowercase_into(&body[s..e], &mut lower);
            let term = batch.intern(&lower);
            count(term, boost);
            toks.push(Tok::new(term, start + s, start + e, compound));
        };
        word_spans(body, |ws, we, parts| {
            if parts.len() > 1 {
                tok(ws, we, true);
            }
            for &(s, e) in parts {
                tok(s, e, false);
                pos += 1;
            }
        });
        lines.push(Line {
            start: start as u32,
            end: (start + body.len()) as u32,
            field,
        });
        start += raw.len();
    }
    let meta = Meta {
        path: path.to_path_buf(),
        rel,
        title: model.short_title.clone(),
        date: model.date.as_deref().and_then(|d| parse_date(d).ok()),
        severity: model.severity.clone(),
        status: model.status.clone(),
        tags: model.tags.clone(),
        open_action_items: action_items(model).iter().filter(|a| a.open).count(),
    };
    Analysed {
        meta,
        lines,
        toks,
        tf,
        len: pos,
        text,
    }
}
