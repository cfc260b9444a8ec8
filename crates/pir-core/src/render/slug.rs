//! Heading ids exactly as Python-Markdown's `toc` extension makes them, so a link to
//! `page/#some-heading` copied from the preview works on the published site.

use std::collections::HashSet;

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
#[derive(Debug, Default)]
pub struct Slugs {
    used: HashSet<String>,
}

impl Slugs {
    /// Records an id given explicitly (`{ #id }`), so generated ids avoid it.
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_owned());
    }

    /// `id`, or `id_1`, `id_2`... when taken; an empty id becomes `_1`.
    pub fn unique(&mut self, mut id: String) -> String {
        while id.is_empty() || self.used.contains(&id) {
            id = match split_count(&id) {
                Some((stem, n)) => format!("{stem}_{}", n + 1),
                None => format!("{id}_1"),
            };
        }
        self.used.insert(id.clone());
        id
    }
}

/// `^(.*)_([0-9]+)$`: an id that already ends in a count.
fn split_count(id: &str) -> Option<(&str, u64)> {
    let (stem, digits) = id.rsplit_once('_')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().map(|n| (stem, n))
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
}
