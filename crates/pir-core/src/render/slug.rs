//! Heading ids exactly as Python-Markdown's `toc` extension makes them, so a link to
//! `page/#some-heading` copied from the preview works on the published site.

use std::collections::{HashMap, HashSet};

use icu_normalizer::DecomposingNormalizerBorrowed;

/// `toc`'s default `slugify`: NFKD-normalise, drop what is not ASCII, keep word characters,
/// whitespace and hyphens, trim, lowercase, and turn each run of whitespace and hyphens into
/// one `-`.
pub fn slugify(text: &str) -> String {
    // ASCII text is its own NFKD form; most headings are ASCII.
    let decomposed = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        DecomposingNormalizerBorrowed::new_nfkd().normalize(text)
    };
    // Python's `\w` on the ASCII-only string: letters, digits and underscore.
    let kept: String = decomposed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || is_space(*c))
        .collect();
    let mut slug = String::with_capacity(kept.len());
    let mut in_run = false;
    for c in kept.trim_matches(is_space).chars() {
        if c == '-' || is_space(c) {
            in_run = true;
            continue;
        }
        if in_run {
            slug.push('-');
            in_run = false;
        }
        slug.push(c.to_ascii_lowercase());
    }
    if in_run {
        // Only reachable when the text ends in hyphens, which `strip()` keeps in Python.
        slug.push('-');
    }
    slug
}

/// Python's `\s` on ASCII text (`str.strip()` also removes exactly these here).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// The ids already used on a page; [`Slugs::unique`] numbers repeats as `toc` does.
///
/// `toc` tries `id`, then the next candidate (`id_1`, or `stem_{n+1}` for an id ending in
/// `_n`) until one is free. Retrying from the start for every heading made a page of 10,000
/// equal headings cost 50 million look-ups; here each id that was found taken remembers how
/// far along its chain of candidates everything is taken, so the next search starts there
/// (a union-find's "next free slot" with path compression), and the ids stay exactly `toc`'s.
#[derive(Debug, Default)]
pub struct Slugs {
    used: HashSet<String>,
    /// For an id known to be taken: a later candidate of its chain such that every candidate
    /// from the id up to (not including) it is taken too. Ids are only ever added, so an
    /// entry stays true.
    skip: HashMap<String, String>,
    /// Candidates looked at by [`Slugs::unique`] so far: the work the tests bound.
    probes: usize,
}

impl Slugs {
    /// Records an id given explicitly (`{ #id }`), so generated ids avoid it.
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_owned());
    }

    /// `id`, or `id_1`, `id_2`... when taken; an empty id becomes `_1`.
    ///
    /// `id` is a [`slugify`] result (no whitespace, so `toc`'s regex reads it as below).
    pub fn unique(&mut self, id: String) -> String {
        let mut id = id;
        let mut path = Vec::new();
        loop {
            self.probes += 1;
            if !id.is_empty() && !self.used.contains(&id) {
                break;
            }
            let next = match self.skip.get(&id) {
                Some(later) => later.clone(),
                None => next_candidate(&id),
            };
            path.push(std::mem::replace(&mut id, next));
        }
        for taken in path {
            self.skip.insert(taken, id.clone());
        }
        self.used.insert(id.clone());
        id
    }
}

/// The candidate `toc` tries after `id`: for `^(.*)_([0-9]+)$`, the stem and the count plus
/// one (`int()` then `%d`: leading zeros go, no upper bound); otherwise `id_1`.
fn next_candidate(id: &str) -> String {
    match id.rsplit_once('_') {
        Some((stem, digits))
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("{stem}_{}", increment(digits))
        }
        _ => format!("{id}_1"),
    }
}

/// The decimal `digits` plus one, without leading zeros, at any length.
fn increment(digits: &str) -> String {
    let mut out = digits.trim_start_matches('0').as_bytes().to_vec();
    let mut at = out.len();
    loop {
        if at == 0 {
            out.insert(0, b'1');
            break;
        }
        at -= 1;
        if out[at] == b'9' {
            out[at] = b'0';
        } else {
            out[at] += 1;
            break;
        }
    }
    String::from_utf8(out).expect("ASCII digits")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_match_python_markdown() {
        assert_eq!(slugify("Executive Summary"), "executive-summary");
        assert_eq!(
            slugify("1.1 Node Reboots (Primary)"),
            "11-node-reboots-primary"
        );
        assert_eq!(
            slugify("Déjà vu: symbols & stuff!"),
            "deja-vu-symbols-stuff"
        );
        assert_eq!(slugify("a - b -- c"), "a-b-c");
        assert_eq!(slugify("  Trim me  "), "trim-me");
        assert_eq!(slugify("snake_case stays"), "snake_case-stays");
        assert_eq!(slugify("ﬁ ligature"), "fi-ligature");
        assert_eq!(slugify("日本語"), "");
    }

    #[test]
    fn repeats_are_numbered() {
        let mut s = Slugs::default();
        assert_eq!(s.unique("a".into()), "a");
        assert_eq!(s.unique("a".into()), "a_1");
        assert_eq!(s.unique("a".into()), "a_2");
        assert_eq!(s.unique(String::new()), "_1");
        s.reserve("b");
        assert_eq!(s.unique("b".into()), "b_1");
    }

    /// `toc`'s `unique`, transcribed: retry from `id` each time (with the count as a number
    /// of any size, as Python's `int`).
    fn toc_unique(id: &str, used: &mut HashSet<String>) -> String {
        let mut id = id.to_owned();
        while id.is_empty() || used.contains(&id) {
            id = next_candidate(&id);
        }
        used.insert(id.clone());
        id
    }

    #[test]
    fn counts_grow_as_python_ints() {
        assert_eq!(next_candidate("a"), "a_1");
        assert_eq!(next_candidate(""), "_1");
        assert_eq!(next_candidate("_1"), "_2");
        assert_eq!(next_candidate("a_9"), "a_10");
        assert_eq!(next_candidate("a_007"), "a_8");
        assert_eq!(next_candidate("a_0"), "a_1");
        assert_eq!(next_candidate("a_00"), "a_1");
        assert_eq!(next_candidate("a_1_x"), "a_1_x_1");
        assert_eq!(next_candidate("a_1_2"), "a_1_3");
        assert_eq!(next_candidate("a_"), "a__1");
        assert_eq!(
            next_candidate("a_99999999999999999999999"),
            "a_100000000000000000000000"
        );
    }

    #[test]
    fn existing_counted_ids_are_skipped_as_toc_does() {
        // `## same_1` before the repeats: toc gives `same`, then `same_2`.
        let mut s = Slugs::default();
        let got: Vec<String> = ["same_1", "same", "same", "same", "same_1", "same_3"]
            .into_iter()
            .map(|id| s.unique(id.into()))
            .collect();
        assert_eq!(
            got,
            ["same_1", "same", "same_2", "same_3", "same_4", "same_5"]
        );
        let mut s = Slugs::default();
        s.reserve("x_2");
        let got: Vec<String> = ["x", "x", "x", "x_05", "x"]
            .into_iter()
            .map(|id| s.unique(id.into()))
            .collect();
        assert_eq!(got, ["x", "x_1", "x_3", "x_05", "x_4"]);
    }

    #[test]
    fn repeated_ids_cost_a_bounded_number_of_probes_each() {
        // Retrying from the start looks at n(n+1)/2 candidates for n repeats; the skips keep
        // it to a few per heading, also when numbered ids are interleaved.
        let n = 10_000;
        let mut s = Slugs::default();
        for k in 0..n {
            s.unique("same".into());
            if k % 3 == 0 {
                s.unique(format!("same_{}", k / 2));
            }
            s.unique(String::new());
        }
        let calls = n + n / 3 + 1 + n;
        assert!(s.probes <= 4 * calls, "{} probes for {calls} ids", s.probes);
    }

    proptest::proptest! {
        #[test]
        fn ids_are_those_of_tocs_unique(
            ids in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "a_1", "a_2", "a_01", "a_3", "a_1_1", "a_1_2", "b", "b_1", "", "_1",
                    "_2", "a_", "a__1", "a_10", "a_9",
                ]),
                0..60,
            ),
            reserved in proptest::collection::vec(
                proptest::sample::select(vec!["a", "a_1", "a_4", "a_1_1", "_1", "b_2"]),
                0..4,
            ),
        ) {
            let mut fast = Slugs::default();
            let mut used = HashSet::new();
            for r in &reserved {
                fast.reserve(r);
                used.insert((*r).to_owned());
            }
            for id in ids {
                proptest::prop_assert_eq!(fast.unique(id.to_owned()), toc_unique(id, &mut used));
            }
        }
    }
}
