//! Answering a query: BM25 over field-weighted term counts, every word and phrase required,
//! the last word also as a prefix; hits filtered, ordered, and given their best line with
//! the matches to highlight.

use std::collections::{BTreeMap, HashSet};

use super::SearchIndex;
use super::store::{Doc, Meta};
use crate::search::token::{Clause, parse_query};
use crate::search::{MatchLine, MatchSpan, SearchFilters, SearchHit};
use crate::severity::{SeverityScale, same_level};

/// BM25 term-frequency saturation.
const K1: f32 = 1.2;
/// BM25 length normalisation.
const B: f32 = 0.75;

/// A query clause resolved against the dictionary, for scoring and highlighting.
enum Resolved {
    /// Any of these terms (one, or the expansions of a prefix).
    Terms(HashSet<u32>),
    /// These terms in a row.
    Phrase(Vec<u32>),
}

impl SearchIndex {
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
