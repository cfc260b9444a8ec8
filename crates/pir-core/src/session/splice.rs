//! The smallest change between two texts, found from their common prefix and suffix: as a
//! [`Splice`] in UTF-16 units, the unit of the UI's strings, for the preview patches; and
//! as a byte `Step` for the undo history. Both cut only between whole characters.

use serde::{Deserialize, Serialize};

/// A change to a string in UTF-16 code units, the unit of the JavaScript strings it is
/// applied to: `insert` takes the place of the `remove` units from `start`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Splice {
    /// Where the change starts, in UTF-16 code units.
    pub start: usize,
    /// How many UTF-16 code units it replaces.
    pub remove: usize,
    /// What goes in their place.
    pub insert: String,
}

impl Splice {
    /// The smallest splice turning `old` into `new`: everything but their common prefix and
    /// common suffix (whole characters only, so `insert` is always a valid string).
    pub fn between(old: &str, new: &str) -> Splice {
        let (head, tail) = common_ends(old, new);
        Splice {
            start: utf16_len(&old[..head]),
            remove: utf16_len(&old[head..old.len() - tail]),
            insert: new[head..new.len() - tail].to_string(),
        }
    }

    /// `old` with the splice applied, as the UI applies it; `None` when the splice does not
    /// fit `old` (it was made for another string, or cuts a character in two).
    pub fn apply(&self, old: &str) -> Option<String> {
        let start = byte_offset(old, self.start)?;
        let end = start + byte_offset(old.get(start..)?, self.remove)?;
        Some([&old[..start], self.insert.as_str(), &old[end..]].concat())
    }

    /// Whether the splice changes nothing.
    pub fn is_empty(&self) -> bool {
        self.remove == 0 && self.insert.is_empty()
    }
}

/// How many leading and trailing bytes `old` and `new` share, in whole characters (the
/// suffix never overlaps the prefix).
fn common_ends(old: &str, new: &str) -> (usize, usize) {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let mut head = common_prefix(o, n);
    while !(old.is_char_boundary(head) && new.is_char_boundary(head)) {
        head -= 1;
    }
    let most = o.len().min(n.len()) - head;
    let mut tail = common_suffix(&o[o.len() - most..], &n[n.len() - most..]);
    while !(old.is_char_boundary(o.len() - tail) && new.is_char_boundary(n.len() - tail)) {
        tail -= 1;
    }
    (head, tail)
}

/// One undo or redo step: in the text it applies to, the bytes `start..start + remove` become
/// `insert`. A step holds only what an edit changed, where a whole earlier text per step
/// held 200 copies of a 77 KB PIR after as many edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Step {
    start: usize,
    remove: usize,
    pub(super) insert: String,
}

impl Step {
    /// The step turning `from` into `to`.
    pub(super) fn between(from: &str, to: &str) -> Step {
        let (head, tail) = common_ends(from, to);
        Step {
            start: head,
            remove: from.len() - tail - head,
            insert: to[head..to.len() - tail].to_string(),
        }
    }

    /// `text` with the step applied; `text` is the one it was made from (the session keeps
    /// them in step: each is popped only while the text is the one it was made for).
    pub(super) fn apply(&self, text: &str) -> String {
        [
            &text[..self.start],
            self.insert.as_str(),
            &text[self.start + self.remove..],
        ]
        .concat()
    }
}

/// The UTF-16 length of `s`: one unit per character, two for those beyond the Basic
/// Multilingual Plane (whose UTF-8 form starts with a byte of `0xF0` or more).
fn utf16_len(s: &str) -> usize {
    s.bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// The byte offset in `s` of its `units`-th UTF-16 code unit, if that falls between two
/// characters.
fn byte_offset(s: &str, units: usize) -> Option<usize> {
    let mut seen = 0;
    for (at, c) in s.char_indices() {
        if seen >= units {
            return (seen == units).then_some(at);
        }
        seen += c.len_utf16();
    }
    (seen == units).then_some(s.len())
}

/// How many leading bytes `a` and `b` share, compared a block at a time (the texts are
/// tens of kilobytes and usually differ in one place).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let mut n = 0;
    for (x, y) in a.chunks(BLOCK).zip(b.chunks(BLOCK)) {
        if x == y {
            n += x.len();
        } else {
            return n + x.iter().zip(y).take_while(|(x, y)| x == y).count();
        }
    }
    n
}

/// How many trailing bytes `a` and `b` share.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let mut n = 0;
    for (x, y) in a.rchunks(BLOCK).zip(b.rchunks(BLOCK)) {
        if x == y {
            n += x.len();
        } else {
            return n + x
                .iter()
                .rev()
                .zip(y.iter().rev())
                .take_while(|(x, y)| x == y)
                .count();
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `s` as UTF-16 code units, how the UI's strings count.
    fn units(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn a_splice_keeps_common_ends_in_utf16_units() {
        let sp = Splice::between(
            "| 10:00 | Alert 🔥 fired |",
            "| 10:00 | Alert 🔥 fired, again |",
        );
        // The emoji is four bytes and two UTF-16 units: the start counts units.
        assert_eq!(
            sp,
            Splice {
                start: units("| 10:00 | Alert 🔥 fired").len(),
                remove: 0,
                insert: ", again".into()
            }
        );
        // A change inside a multi-byte character takes the whole character.
        let sp = Splice::between("café", "cafè");
        assert_eq!((sp.start, sp.remove, sp.insert.as_str()), (3, 1, "è"));
        assert!(Splice::between("same", "same").is_empty());
        // A splice made for another string does not apply.
        let sp = Splice::between("abc", "abXc");
        assert_eq!(sp.apply("abc").as_deref(), Some("abXc"));
        assert_eq!(sp.apply("a").as_deref(), None);
        assert_eq!(Splice::between("😀", "").apply("😀x").as_deref(), Some("x"));
        assert_eq!(
            Splice {
                start: 1,
                remove: 0,
                insert: "x".into()
            }
            .apply("😀"),
            None
        );
    }

    proptest::proptest! {
        #[test]
        fn a_step_turns_its_text_into_the_other_and_back(
            a in "[a-cé😀\\n|]{0,40}",
            b in "[a-cé😀\\n|]{0,40}",
        ) {
            let there = Step::between(&a, &b);
            proptest::prop_assert_eq!(there.apply(&a), b.clone());
            proptest::prop_assert_eq!(Step::between(&b, &a).apply(&b), a);
        }

        #[test]
        fn a_splice_turns_the_old_text_into_the_new(
            old in "[a-cé😀\\n|]{0,40}",
            new in "[a-cé😀\\n|]{0,40}",
        ) {
            let sp = Splice::between(&old, &new);
            proptest::prop_assert_eq!(sp.apply(&old), Some(new.clone()));
            // The same as a JavaScript string would do it, unit by unit.
            let mut js = units(&old);
            js.splice(sp.start..sp.start + sp.remove, units(&sp.insert));
            proptest::prop_assert_eq!(js, units(&new));
            // Nothing of the common prefix or suffix is carried.
            let prefix = old.chars().zip(new.chars()).take_while(|(a, b)| a == b).count();
            proptest::prop_assert!(sp.insert.chars().count() <= new.chars().count() - prefix);
        }
    }
}
