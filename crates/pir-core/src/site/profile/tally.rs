//! The counting every inference of the profile shares: the most frequent value, ties going
//! to the newest PIR (PIRs are read newest first), and the plural of the evidence.

use std::collections::HashMap;

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The most frequent value and how often it occurs; on a tie, the one seen first (the
/// newest, since PIRs are read newest first).
pub(super) fn majority<T: Eq + std::hash::Hash + Clone>(
    items: impl Iterator<Item = T>,
) -> Option<(T, usize)> {
    let mut counts: HashMap<T, (usize, usize)> = HashMap::new();
    for (i, item) in items.enumerate() {
        counts.entry(item).or_insert((0, i)).0 += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .map(|(v, (k, _))| (v, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_majority_wins_and_ties_go_to_the_first_seen() {
        assert_eq!(majority(["a", "b", "b"].into_iter()), Some(("b", 2)));
        assert_eq!(majority(["a", "b"].into_iter()), Some(("a", 1)));
        assert_eq!(majority(std::iter::empty::<&str>()), None);
    }
}
