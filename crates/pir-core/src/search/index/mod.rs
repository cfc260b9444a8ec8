//! The in-memory index: postings per term, each PIR's lines and token positions.
//!
//! One file a responsibility: `store` (the compact form a PIR is held in), `analyse` (a
//! PIR's text split into fielded lines and tokens), `query` (ranking, filtering and the best
//! line of each hit); this module keeps the index: building it in parallel and adding,
//! replacing and removing one PIR.

mod analyse;
mod query;
mod store;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Result;
use crate::fsio;
#[cfg(doc)]
use crate::search::SearchHit;
use crate::severity::SeverityScale;
use crate::site::Site;
use analyse::{Analysed, Batch, analyse};
use store::{Doc, Posting, Tok};

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
}
