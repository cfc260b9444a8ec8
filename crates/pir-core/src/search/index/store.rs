//! The compact form a PIR is held in: its lines with their fields, and a token per term
//! occurrence in twelve bytes, so the index stays within a small multiple of the text.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::search::SearchField;

/// What a hit says about its PIR besides the match.
#[derive(Debug, Clone)]
pub(super) struct Meta {
    pub(super) path: PathBuf,
    pub(super) rel: String,
    pub(super) title: Option<String>,
    pub(super) date: Option<NaiveDate>,
    pub(super) severity: Option<String>,
    pub(super) status: Option<String>,
    pub(super) tags: Vec<String>,
    pub(super) open_action_items: usize,
}

/// One line of a PIR: where it is in the text and which field it belongs to (byte offsets
/// as `u32`: a PIR is at most 8 MiB).
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub(super) start: u32,
    pub(super) end: u32,
    pub(super) field: SearchField,
}

/// One term occurrence, in text order. A joined identifier comes whole (marked `compound`)
/// and then as its parts; phrases are matched over parts only, so `"pvc 05e03b60"` finds
/// `pvc-05e03b60`.
///
/// Twelve bytes, as there are several per word of every PIR: the line is found from the
/// offset ([`Doc::line_of`]) and the compound mark is the top bit of the end offset.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub(super) term: u32,
    pub(super) start: u32,
    pub(super) end_compound: u32,
}

/// The bit of [`Tok::end_compound`] marking a compound.
pub(super) const COMPOUND: u32 = 1 << 31;

impl Tok {
    pub(super) fn new(term: u32, start: usize, end: usize, compound: bool) -> Tok {
        Tok {
            term,
            start: start as u32,
            end_compound: end as u32 | if compound { COMPOUND } else { 0 },
        }
    }

    pub(super) fn end(&self) -> usize {
        (self.end_compound & !COMPOUND) as usize
    }

    pub(super) fn compound(&self) -> bool {
        self.end_compound & COMPOUND != 0
    }
}

/// An indexed PIR.
#[derive(Debug)]
pub(super) struct Doc {
    pub(super) meta: Meta,
    pub(super) text: String,
    pub(super) lines: Vec<Line>,
    pub(super) toks: Vec<Tok>,
    /// Number of (part) terms, for length normalisation.
    pub(super) len: u32,
    /// Its distinct terms, to take it out of their postings.
    pub(super) terms: Vec<u32>,
}

impl Doc {
    /// The index in `lines` of the line holding `tok` (tokens never span lines).
    pub(super) fn line_of(&self, tok: &Tok) -> usize {
        self.lines
            .partition_point(|l| l.start <= tok.start)
            .saturating_sub(1)
    }
}

/// A term's presence in one PIR: the sum of the field boosts of its occurrences.
#[derive(Debug, Clone, Copy)]
pub(super) struct Posting {
    pub(super) doc: u32,
    pub(super) tf: f32,
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
