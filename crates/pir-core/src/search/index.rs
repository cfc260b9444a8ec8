//! The in-memory index: postings per term, each PIR's lines and token positions.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use super::token::{Clause, lowercase_into, parse_query, word_spans};
use super::{MatchLine, MatchSpan, SearchField, SearchFilters, SearchHit};
use crate::actions::action_items;
use crate::doc::section_key::SectionKey;
use crate::doc::{Document, PirModel};
use crate::error::Result;
use crate::fsio;
use crate::severity::{SeverityScale, same_level};
use crate::site::Site;
use crate::site::slug::parse_date;

/// BM25 term-frequency saturation.
const K1: f32 = 1.2;
/// BM25 length normalisation.
const B: f32 = 0.75;

/// What a hit says about its PIR besides the match.
#[derive(Debug, Clone)]
struct Meta {
    path: PathBuf,
    rel: String,
    title: Option<String>,
    date: Option<NaiveDate>,
    severity: Option<String>,
    status: Option<String>,
    tags: Vec<String>,
    open_action_items: usize,
}

/// One line of a PIR: where it is in the text and which field it belongs to (byte offsets
/// as `u32`: a PIR is at most 8 MiB).
#[derive(Debug, Clone)]
struct Line {
    start: u32,
    end: u32,
    field: SearchField,
}

/// One term occurrence, in text order. A joined identifier comes whole (marked `compound`)
/// and then as its parts; phrases are matched over parts only, so `"pvc 05e03b60"` finds
/// `pvc-05e03b60`.
///
/// Twelve bytes, as there are several per word of every PIR: the line is found from the
/// offset ([`Doc::line_of`]) and the compound mark is the top bit of the end offset.
#[derive(Debug, Clone, Copy)]
struct Tok {
    term: u32,
    start: u32,
    end_compound: u32,
}

/// The bit of [`Tok::end_compound`] marking a compound.
const COMPOUND: u32 = 1 << 31;

impl Tok {
    fn new(term: u32, start: usize, end: usize, compound: bool) -> Tok {
        Tok {
            term,
            start: start as u32,
            end_compound: end as u32 | if compound { COMPOUND } else { 0 },
        }
    }

    fn end(&self) -> usize {
        (self.end_compound & !COMPOUND) as usize
    }

    fn compound(&self) -> bool {
        self.end_compound & COMPOUND != 0
    }
}

/// A PIR read and split, its terms numbered in the dictionary of its [`Batch`].
struct Analysed {
    meta: Meta,
    text: String,
    lines: Vec<Line>,
    /// Tokens with batch-local term ids.
    toks: Vec<Tok>,
    /// Batch-local term id → summed field boosts, in first-occurrence order.
    tf: Vec<(u32, f32)>,
    len: u32,
}

/// PIRs analysed together with their own dictionary. Batches are made in parallel; adding one
/// to the index then interns each distinct term once (not each token) and renumbers the
/// tokens, which is what keeps the serial part of a build small.
#[derive(Default)]
struct Batch {
    terms: HashMap<String, u32>,
    docs: Vec<Analysed>,
}

impl Batch {
    /// The batch-local id of `term` (copied only the first time it is seen).
    fn intern(&mut self, term: &str) -> u32 {
        if let Some(id) = self.terms.get(term) {
            return *id;
        }
        let id = self.terms.len() as u32;
        self.terms.insert(term.to_string(), id);
        id
    }
}

/// An indexed PIR.
#[derive(Debug)]
struct Doc {
    meta: Meta,
    text: String,
    lines: Vec<Line>,
    toks: Vec<Tok>,
    /// Number of (part) terms, for length normalisation.
    len: u32,
    /// Its distinct terms, to take it out of their postings.
    terms: Vec<u32>,
}

impl Doc {
    /// The index in `lines` of the line holding `tok` (tokens never span lines).
    fn line_of(&self, tok: &Tok) -> usize {
        self.lines
            .partition_point(|l| l.start <= tok.start)
            .saturating_sub(1)
    }
}

/// A term's presence in one PIR: the sum of the field boosts of its occurrences.
#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    tf: f32,
}

/// A query clause resolved against the dictionary, for scoring and highlighting.
enum Resolved {
    /// Any of these terms (one, or the expansions of a prefix).
    Terms(HashSet<u32>),
    /// These terms in a row.
    Phrase(Vec<u32>),
}

/// The search index of a site's PIRs; see [the module](super).
#[derive(Debug, Default)]
pub struct SearchIndex {
    docs: Vec<Option<Doc>>,
    free: Vec<u32>,
    by_path: HashMap<PathBuf, u32>,
    /// Sorted, so a prefix finds its expansions as one range.
    terms: BTreeMap<String, u32>,
    postings: Vec<Vec<Posting>>,
    total_len: u64,
    docs_dir: Option<PathBuf>,
    /// The severity scale of the indexed PIRs, for the hits' badges; learnt again whenever
    /// a PIR comes in or goes, unless the site declares one.
    scale: SeverityScale,
    /// The scale the site's `.pir.toml` declares, which every hit is ranked on instead.
    declared: Option<SeverityScale>,
}

impl SearchIndex {
    /// An empty index; `docs_dir` (when given) is what [`SearchHit::rel`] is relative to.
    pub fn new(docs_dir: Option<PathBuf>) -> SearchIndex {
        SearchIndex {
            docs_dir,
            ..SearchIndex::default()
        }
    }

    /// Indexes every PIR of `site`. A PIR that cannot be read is an error naming it, as for
    /// the site list.
    ///
    /// The files are read, split and given batch-local term ids in parallel, a batch of
    /// files per task; the batches are then merged in file order, so the index is the one
    /// [`SearchIndex::update`] would give file by file (same documents, postings and scores).
    pub fn build(site: &Site) -> Result<SearchIndex> {
        let mut index = SearchIndex::new(Some(site.docs_dir()));
        index.declared = site
            .overrides
            .severity
            .as_deref()
            .map(SeverityScale::declared);
        let files = site.pir_files()?;
        // A few batches per thread evens out slow files without many dictionaries to merge.
        let per_batch = files
            .len()
            .div_ceil(rayon::current_num_threads().max(1) * 4)
            .max(1);
        let batches = files
            .par_chunks(per_batch)
            .map(|paths| {
                let mut batch = Batch::default();
                for path in paths {
                    let text = fsio::read_text(path)?.text;
                    let a = analyse(path, index.rel_of(path), text, &mut batch);
                    batch.docs.push(a);
                }
                Ok(batch)
            })
            .collect::<Result<Vec<_>>>()?;
        for batch in batches {
            index.merge(batch);
        }
        Ok(index)
    }

    /// How many PIRs are indexed.
    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    /// Whether no PIR is indexed.
    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    /// The paths of the indexed PIRs.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.by_path.keys().map(PathBuf::as_path)
    }

    /// Whether the PIR at `path` is indexed.
    pub fn contains(&self, path: &Path) -> bool {
        self.by_path.contains_key(path)
    }

    /// Indexes (or re-indexes) the PIR at `path` with its new `text`.
    pub fn update(&mut self, path: &Path, text: &str) {
        self.remove(path);
        let mut batch = Batch::default();
        let a = analyse(path, self.rel_of(path), text.to_string(), &mut batch);
        batch.docs.push(a);
        self.merge(batch);
    }

    /// Takes the PIR at `path` out of the index; `false` when it was not in it.
    pub fn remove(&mut self, path: &Path) -> bool {
        let Some(id) = self.by_path.remove(path) else {
            return false;
        };
        let Some(doc) = self.docs.get_mut(id as usize).and_then(Option::take) else {
            return false;
        };
        for t in &doc.terms {
            if let Some(list) = self.postings.get_mut(*t as usize) {
                list.retain(|p| p.doc != id);
            }
        }
        self.total_len -= u64::from(doc.len);
        self.free.push(id);
        self.learn_scale();
        true
    }

    fn learn_scale(&mut self) {
        if let Some(declared) = &self.declared {
            self.scale = declared.clone();
            return;
        }
        self.scale = SeverityScale::learn(
            self.docs
                .iter()
                .flatten()
                .filter_map(|d| d.meta.severity.as_deref()),
        );
    }

    fn rel_of(&self, path: &Path) -> String {
        let Some(rel) = self
            .docs_dir
            .as_deref()
            .and_then(|d| path.strip_prefix(d).ok())
        else {
            return String::new();
        };
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        parts.join("/")
    }

    /// Adds a batch's PIRs: each distinct term is looked up (or added) once, then the
    /// tokens and term counts are renumbered to the index's ids.
    fn merge(&mut self, batch: Batch) {
        let mut global = vec![0u32; batch.terms.len()];
        for (term, local) in batch.terms {
            let id = match self.terms.get(&term) {
                Some(t) => *t,
                None => {
                    let t = self.postings.len() as u32;
                    self.postings.push(Vec::new());
                    self.terms.insert(term, t);
                    t
                }
            };
            global[local as usize] = id;
        }
        for a in batch.docs {
            self.insert(a, &global);
        }
        self.learn_scale();
    }

    fn insert(&mut self, a: Analysed, global: &[u32]) {
        let id = match self.free.pop() {
            Some(id) => id,
            None => {
                self.docs.push(None);
                (self.docs.len() - 1) as u32
            }
        };
        let toks: Vec<Tok> = a
            .toks
            .into_iter()
            .map(|t| Tok {
                term: global[t.term as usize],
                ..t
            })
            .collect();
        let mut terms: Vec<u32> = Vec::with_capacity(a.tf.len());
        for (local, tf) in a.tf {
            let t = global[local as usize];
            self.postings[t as usize].push(Posting { doc: id, tf });
            terms.push(t);
        }
        terms.sort_unstable();
        self.total_len += u64::from(a.len);
        self.by_path.insert(a.meta.path.clone(), id);
        self.docs[id as usize] = Some(Doc {
            meta: a.meta,
            text: a.text,
            lines: a.lines,
            toks,
            len: a.len,
            terms,
        });
    }

    /// Inverse document frequency of a term.
    fn idf(&self, term: u32) -> f32 {
        let n = self.len() as f32;
        let df = self.postings[term as usize].len() as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The PIRs matching `query` and `filters`, best first, at most `limit`.
    ///
    /// A query without words lists every PIR passing the filters, newest first.
    pub fn search(&self, query: &str, filters: &SearchFilters, limit: usize) -> Vec<SearchHit> {
        let clauses = parse_query(query);
        let live = self
            .docs
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.as_ref().map(|d| (i, d)))
            .filter(|(_, d)| passes(&d.meta, filters));
        if clauses.is_empty() {
            let mut all: Vec<&Doc> = live.map(|(_, d)| d).collect();
            all.sort_by(|a, b| {
                b.meta
                    .date
                    .cmp(&a.meta.date)
                    .then_with(|| a.meta.rel.cmp(&b.meta.rel))
            });
            return all
                .into_iter()
                .take(limit)
                .map(|d| hit(d, &self.scale, 0.0, None))
                .collect();
        }
        let avgdl = (self.total_len as f32 / self.len().max(1) as f32).max(1.0);
        let norm = |doc: u32| {
            let dl = self.docs[doc as usize].as_ref().map_or(0, |d| d.len) as f32;
            K1 * (1.0 - B + B * dl / avgdl)
        };
        let bm25 = |idf: f32, tf: f32, doc: u32| idf * tf * (K1 + 1.0) / (tf + norm(doc));
        let slots = self.docs.len();
        let mut score = vec![0f32; slots];
        let mut matched = vec![0usize; slots];
        let mut resolved = Vec::with_capacity(clauses.len());
        for clause in &clauses {
            let mut seen = vec![false; slots];
            match clause {
                Clause::Term { term, prefix } => {
                    // In the terms' alphabetical order, so a score sums its parts in the
                    // same order whatever ids the terms got (a parallel build numbers them
                    // differently from one made file by file).
                    let ids: Vec<u32> = if *prefix {
                        self.terms
                            .range::<str, _>((
                                std::ops::Bound::Included(term.as_str()),
                                std::ops::Bound::Unbounded,
                            ))
                            .take_while(|(t, _)| t.starts_with(term.as_str()))
                            .map(|(_, id)| *id)
                            .collect()
                    } else {
                        self.terms.get(term).copied().into_iter().collect()
                    };
                    for id in &ids {
                        let idf = self.idf(*id);
                        for p in &self.postings[*id as usize] {
                            score[p.doc as usize] += bm25(idf, p.tf, p.doc);
                            seen[p.doc as usize] = true;
                        }
                    }
                    resolved.push(Resolved::Terms(ids.into_iter().collect()));
                }
                Clause::Phrase(parts) => {
                    let Some(ids) = parts
                        .iter()
                        .map(|p| self.terms.get(p).copied())
                        .collect::<Option<Vec<u32>>>()
                    else {
                        return Vec::new();
                    };
                    let idf: f32 = ids.iter().map(|t| self.idf(*t)).sum();
                    // Only PIRs holding the rarest part can hold the phrase.
                    let rarest = ids
                        .iter()
                        .min_by_key(|t| self.postings[**t as usize].len())
                        .copied()
                        .unwrap_or_default();
                    for p in &self.postings[rarest as usize] {
                        let Some(doc) = &self.docs[p.doc as usize] else {
                            continue;
                        };
                        let tf: f32 = phrase_occurrences(doc, &ids)
                            .iter()
                            .map(|(first, _)| {
                                doc.lines[doc.line_of(&doc.toks[*first])].field.boost()
                            })
                            .sum();
                        if tf > 0.0 {
                            score[p.doc as usize] += bm25(idf, tf, p.doc);
                            seen[p.doc as usize] = true;
                        }
                    }
                    resolved.push(Resolved::Phrase(ids));
                }
            }
            for (m, s) in matched.iter_mut().zip(&seen) {
                *m += usize::from(*s);
            }
        }
        let mut found: Vec<(usize, &Doc)> =
            live.filter(|(i, _)| matched[*i] == clauses.len()).collect();
        found.sort_by(|(a, da), (b, db)| {
            score[*b]
                .total_cmp(&score[*a])
                .then_with(|| db.meta.date.cmp(&da.meta.date))
                .then_with(|| da.meta.rel.cmp(&db.meta.rel))
        });
        found
            .into_iter()
            .take(limit)
            .map(|(i, d)| hit(d, &self.scale, score[i], self.best_line(d, &resolved)))
            .collect()
    }

    /// The line where the query matches best: the most (and rarest) clauses, weighted by
    /// the line's field; the first such line on a tie.
    fn best_line(&self, doc: &Doc, resolved: &[Resolved]) -> Option<MatchLine> {
        // (line, byte range in the text) of every match, with the clause it satisfies.
        let mut found: Vec<(usize, u32, usize, usize)> = Vec::new();
        let mut weights = Vec::with_capacity(resolved.len());
        for (ci, clause) in resolved.iter().enumerate() {
            match clause {
                Resolved::Terms(ids) => {
                    weights.push(ids.iter().map(|t| self.idf(*t)).fold(0.0, f32::max));
                    found.extend(
                        doc.toks
                            .iter()
                            .filter(|t| ids.contains(&t.term))
                            .map(|t| (ci, doc.line_of(t) as u32, t.start as usize, t.end())),
                    );
                }
                Resolved::Phrase(ids) => {
                    weights.push(ids.iter().map(|t| self.idf(*t)).sum());
                    for (first, last) in phrase_occurrences(doc, ids) {
                        let (a, b) = (doc.toks[first], doc.toks[last]);
                        let a_line = doc.line_of(&a);
                        let line = &doc.lines[a_line];
                        // A phrase running onto the next line is highlighted to the line end.
                        let end = if doc.line_of(&b) == a_line {
                            b.end()
                        } else {
                            line.end as usize
                        };
                        found.push((ci, a_line as u32, a.start as usize, end));
                    }
                }
            }
        }
        let mut by_line: BTreeMap<u32, (f32, Vec<bool>)> = BTreeMap::new();
        for (ci, line, _, _) in &found {
            let entry = by_line
                .entry(*line)
                .or_insert_with(|| (0.0, vec![false; resolved.len()]));
            if !entry.1[*ci] {
                entry.1[*ci] = true;
                entry.0 += weights[*ci] * doc.lines[*line as usize].field.boost();
            }
        }
        let (best, _) =
            by_line
                .iter()
                .fold(None::<(u32, f32)>, |acc, (line, (s, _))| match acc {
                    Some((_, a)) if a >= *s => acc,
                    _ => Some((*line, *s)),
                })?;
        let line = &doc.lines[best as usize];
        let (line_start, line_end) = (line.start as usize, line.end as usize);
        let text = &doc.text[line_start..line_end];
        let mut ranges: Vec<(usize, usize)> = found
            .iter()
            .filter(|f| f.1 == best)
            .map(|f| (f.2 - line_start, f.3 - line_start))
            .collect();
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (s, e) in ranges {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        let chars = |byte: usize| text.get(..byte).map_or(0, |t| t.chars().count());
        Some(MatchLine {
            line: best as usize + 1,
            field: line.field,
            text: text.to_string(),
            matches: merged
                .into_iter()
                .map(|(start, end)| MatchSpan {
                    start,
                    end,
                    char_start: chars(start),
                    char_end: chars(end),
                })
                .collect(),
        })
    }
}

/// Where the terms `ids` occur in a row: (first token, last token) index pairs.
fn phrase_occurrences(doc: &Doc, ids: &[u32]) -> Vec<(usize, usize)> {
    let parts: Vec<usize> = (0..doc.toks.len())
        .filter(|i| !doc.toks[*i].compound())
        .collect();
    let mut out = Vec::new();
    if ids.is_empty() || parts.len() < ids.len() {
        return out;
    }
    for w in parts.windows(ids.len()) {
        if w.iter().zip(ids).all(|(i, t)| doc.toks[*i].term == *t) {
            out.push((w[0], w[ids.len() - 1]));
        }
    }
    out
}

fn hit(doc: &Doc, scale: &SeverityScale, score: f32, best: Option<MatchLine>) -> SearchHit {
    let m = &doc.meta;
    SearchHit {
        path: m.path.clone(),
        rel: m.rel.clone(),
        title: m.title.clone(),
        date: m.date,
        severity: m.severity.clone(),
        severity_badge: m.severity.as_deref().and_then(|s| scale.badge(s)),
        status: m.status.clone(),
        tags: m.tags.clone(),
        open_action_items: m.open_action_items,
        score,
        best,
    }
}

/// Whether a PIR passes the filters.
fn passes(m: &Meta, f: &SearchFilters) -> bool {
    let eq = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    f.severity
        .as_deref()
        .is_none_or(|s| m.severity.as_deref().is_some_and(|v| same_level(v, s)))
        && f.status.as_deref().is_none_or(|s| {
            m.status.as_deref().is_some_and(|v| {
                v.trim()
                    .to_lowercase()
                    .starts_with(&s.trim().to_lowercase())
            })
        })
        && f.tag
            .as_deref()
            .is_none_or(|t| m.tags.iter().any(|x| eq(x, t)))
        && f.since.is_none_or(|s| m.date.is_some_and(|d| d >= s))
        && f.until.is_none_or(|u| m.date.is_some_and(|d| d <= u))
        && (!f.open_actions || m.open_action_items > 0)
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
fn analyse(path: &Path, rel: String, text: String, batch: &mut Batch) -> Analysed {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A token and a line are held per word and per line of every PIR: the index stays within
    /// a small multiple of the text only while they stay this small.
    #[test]
    fn tokens_and_lines_stay_small() {
        assert!(std::mem::size_of::<Tok>() <= 12);
        assert!(std::mem::size_of::<Line>() <= 12);
        let t = Tok::new(7, 10, 20, true);
        assert_eq!((t.start, t.end(), t.compound()), (10, 20, true));
        assert!(!Tok::new(7, 10, 20, false).compound());
    }
}
