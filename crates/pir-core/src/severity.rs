//! Severity: the level a PIR names, where it sits on its scale, and a site's scale.
//!
//! Teams grade incidents on different scales: `SEV0`–`SEV4` (also `SEV-1`, `Sev 2`, `S1`),
//! `P0`–`P4` (also `P-1`, `Priority 1`), words (`Critical`, `High`, `Medium`, `Low`, and
//! `Major`, `Minor`, ...), or bare numbers. The product keeps the site's own words and only
//! needs to know their order: every list, chart and filter sorts by [`rank`], most severe
//! first, and groups PIRs under the spelling the site uses most.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// The level alone, without the reason written after it: `High` from
/// `High (single service down)`, `SEV-1` from `SEV-1 — customer impact`.
pub fn level(severity: &str) -> &str {
    let s = severity.trim();
    let mut end = s.len();
    for sep in [" (", " — ", " – ", " - ", ": "] {
        if let Some(i) = s.find(sep) {
            end = end.min(i);
        }
    }
    s[..end].trim()
}

/// A family of severity scales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ScaleFamily {
    /// `SEV0`–`SEV4`, `SEV-1`, `Sev 2`, `S1`.
    Sev,
    /// `P0`–`P4`, `P-1`, `Priority 1`.
    Priority,
    /// `Critical`, `High`, `Medium`, `Low` and their usual synonyms.
    Words,
    /// `1`–`5`.
    Number,
}

/// Where `severity` (a level, or a level with its reason) sits on its scale: its family and
/// its rank, 0 the most severe. `None` for a level the product does not know, which sorts
/// after every known one.
pub fn rank(severity: &str) -> Option<(ScaleFamily, u8)> {
    let l = level(severity).to_lowercase();
    let l = l.trim_matches(['*', '_', '`']);
    let number = |s: &str| -> Option<u8> {
        let s = s.trim_start_matches(['-', ' ', '_']);
        (s.len() == 1).then(|| s.parse::<u8>().ok()).flatten()
    };
    for (prefix, family) in [
        ("severity", ScaleFamily::Sev),
        ("sev", ScaleFamily::Sev),
        ("s", ScaleFamily::Sev),
        ("priority", ScaleFamily::Priority),
        ("p", ScaleFamily::Priority),
    ] {
        if let Some(n) = l.strip_prefix(prefix).and_then(number) {
            return Some((family, n));
        }
    }
    if let Some(n) = number(l) {
        return Some((ScaleFamily::Number, n));
    }
    let word = match l {
        "critical" | "catastrophic" | "blocker" | "emergency" | "severe" => 0,
        "high" | "major" | "serious" => 1,
        "medium" | "moderate" | "significant" => 2,
        "low" | "minor" => 3,
        "informational" | "info" | "trivial" | "cosmetic" | "none" => 4,
        _ => return None,
    };
    Some((ScaleFamily::Words, word))
}

/// The order to list severities in: known levels most severe first (scales by family, so a
/// mixed site still lists each scale together), then unknown levels by name.
pub fn sort_key(severity: &str) -> (u8, u8, String) {
    match rank(severity) {
        Some((family, r)) => (0, r.saturating_mul(4) + family as u8, String::new()),
        None => (1, 0, level(severity).to_lowercase()),
    }
}

/// Whether `a` and `b` (levels, or levels with their reasons) name the same level: `SEV-1`,
/// `sev1` and `Sev 1 (payments)` do; a level of no known scale matches its name in any case.
/// Filters use it so that choosing the site's spelling finds every way PIRs write it.
pub fn same_level(a: &str, b: &str) -> bool {
    sort_key(a) == sort_key(b)
}

/// How a severity is shown: its level in the site's spelling and how severe it is on the
/// site's own scale, so every view colours it the same without knowing any scale itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SeverityBadge {
    /// The level as the site spells it ([`SeverityScale::spell`]): `SEV-1` from
    /// `sev-1 — customer impact` on a site that writes `SEV-1`.
    pub level: String,
    /// 0 the most severe to [`SeverityBadge::LEAST_SEVERE`]; `None` for a level of no known
    /// scale. See [`SeverityScale::badge`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<u8>,
}

impl SeverityBadge {
    /// The last band: views have four colours, and every level below the third most severe
    /// shares the last one.
    pub const LEAST_SEVERE: u8 = 3;
}

/// A site's severity scale: learned from the levels its PIRs use, or declared by the site
/// (`severity = [...]` in `.pir.toml`), whose order then wins over the known ranks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SeverityScale {
    /// The family most of the site's PIRs use, when they use a known one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<ScaleFamily>,
    /// Every level in use (or declared), as the site spells it, most severe first.
    pub levels: Vec<String>,
    /// Whether the site declared the levels: their order is then the site's ranking, for
    /// levels the product knows (`Major` above `Critical`, if the site says so) and for its
    /// own words (`Red`, `Amber`, `Green`), and a level's band is its place in the list.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub declared: bool,
}

impl SeverityScale {
    /// The scale of the levels `severities` name (each a Severity field as written).
    pub fn learn<'a>(severities: impl IntoIterator<Item = &'a str>) -> SeverityScale {
        // For each level (by rank and family, or by name when unknown): its spellings.
        let mut spellings: HashMap<(u8, u8, String), HashMap<String, usize>> = HashMap::new();
        let mut families: HashMap<ScaleFamily, usize> = HashMap::new();
        for s in severities {
            let l = level(s);
            if l.is_empty() {
                continue;
            }
            if let Some((f, _)) = rank(l) {
                *families.entry(f).or_default() += 1;
            }
            *spellings
                .entry(sort_key(l))
                .or_default()
                .entry(l.to_string())
                .or_default() += 1;
        }
        let mut keys: Vec<_> = spellings.keys().cloned().collect();
        keys.sort();
        let levels = keys.iter().map(|k| most_used(&spellings[k])).collect();
        let family = families
            .into_iter()
            .max_by_key(|(f, n)| (*n, std::cmp::Reverse(*f as u8)))
            .map(|(f, _)| f);
        SeverityScale {
            family,
            levels,
            declared: false,
        }
    }

    /// The scale a site declares: `levels`, most severe first, in its own words. Levels
    /// naming the same level twice (`SEV1`, `sev-1`) keep the first.
    pub fn declared(levels: &[String]) -> SeverityScale {
        let mut kept: Vec<String> = Vec::new();
        for l in levels {
            let l = level(l);
            if !l.is_empty() && !kept.iter().any(|k| same_level(k, l)) {
                kept.push(l.to_string());
            }
        }
        SeverityScale {
            family: SeverityScale::learn(kept.iter().map(String::as_str)).family,
            levels: kept,
            declared: true,
        }
    }

    /// The whole scale, most severe first: what a site writes to declare it (`pir profile
    /// --write`). A declared scale is its levels. A learnt one is the levels of its family
    /// from the most severe in use (level 1 at the latest) down to the usual end of the scale (`Low` for words,
    /// level 4 for numbered scales, further when the site goes further), gaps filled, each
    /// spelt as the site spells its most severe level (`SEV-2` beside `SEV-1`); then the
    /// levels in use of other scales, as learnt.
    pub fn full(&self) -> Vec<String> {
        let Some(family) = self.family.filter(|_| !self.declared) else {
            return self.levels.clone();
        };
        let in_family: Vec<(&String, u8)> = self
            .levels
            .iter()
            .filter_map(|l| match rank(l) {
                Some((f, r)) if f == family => Some((l, r)),
                _ => None,
            })
            .collect();
        let Some(&(model, first)) = in_family.first() else {
            return self.levels.clone();
        };
        let used_last = in_family.iter().map(|(_, r)| *r).max().unwrap_or(first);
        // A numbered scale starts at level 1 even when the site's PIRs so far are all
        // milder (`P2`, `P3` offer `P1` too); level 0 only where the site uses it.
        let (first, last) = match family {
            ScaleFamily::Words => (0, used_last.max(3)),
            _ => (first.min(1), used_last.max(4)),
        };
        let mut out: Vec<String> = Vec::new();
        for r in first..=last {
            let used = in_family
                .iter()
                .find(|(_, x)| *x == r)
                .map(|(l, _)| (*l).clone());
            out.push(used.unwrap_or_else(|| spell_like(model, family, r)));
        }
        for l in &self.levels {
            if !out.iter().any(|o| same_level(o, l)) {
                out.push(l.clone());
            }
        }
        out
    }

    /// Where `severity` sits on this scale: its index in [`SeverityScale::levels`], matched
    /// in any spelling ([`same_level`]); `None` for a level the scale lacks.
    pub fn position(&self, severity: &str) -> Option<usize> {
        let key = sort_key(severity);
        self.levels.iter().position(|l| sort_key(l) == key)
    }

    /// The order to list `severity` in on this site: the scale's levels in its order, then
    /// the levels it lacks by [`sort_key`]. Every view (the list's filter, the search
    /// filter, the metrics) sorts by this, so a declared scale ranks them all alike; for a
    /// learned scale it is [`sort_key`]'s order.
    pub fn order(&self, severity: &str) -> (usize, (u8, u8, String)) {
        match self.position(severity) {
            Some(i) => (i, (0, 0, String::new())),
            None => (self.levels.len(), sort_key(severity)),
        }
    }

    /// The levels `severities` name (each a Severity field as written), spelled as the site
    /// does, once each, in the scale's order: the choices of a severity filter.
    pub fn in_use<'a>(&self, severities: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in severities {
            if level(s).is_empty() {
                continue;
            }
            let spelt = self.spell(s);
            if !out.iter().any(|o| same_level(o, &spelt)) {
                out.push(spelt);
            }
        }
        out.sort_by_cached_key(|l| self.order(l));
        out
    }

    /// The level a new PIR starts with: the one `severities` (newest first) name most often,
    /// ties to the newer; on a site without any, the middle of [`SeverityScale::choices`]
    /// (`High` of four words, `SEV2` of five), so an author who does not choose declares
    /// neither the worst nor the mildest incident.
    pub fn usual<'a>(&self, severities: impl IntoIterator<Item = &'a str>) -> Option<String> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for s in severities {
            if level(s).is_empty() {
                continue;
            }
            let spelt = self.spell(s);
            match counts.iter_mut().find(|(l, _)| same_level(l, &spelt)) {
                Some((_, n)) => *n += 1,
                None => counts.push((spelt, 1)),
            }
        }
        // `max_by_key` keeps the last of equals: walk oldest first so ties go to the newer.
        if let Some((l, _)) = counts.iter().rev().max_by_key(|(_, n)| *n) {
            return Some(l.clone());
        }
        let choices = self.choices();
        choices.get(choices.len().saturating_sub(1) / 2).cloned()
    }

    /// The levels a new PIR is offered, most severe first: [`SeverityScale::full`]; on a
    /// site that names no severity yet, the common words (`Critical` to `Low`).
    pub fn choices(&self) -> Vec<String> {
        let full = self.full();
        if !full.is_empty() {
            return full;
        }
        (0..4)
            .map(|r| spell_like("Critical", ScaleFamily::Words, r))
            .collect()
    }

    /// The level of `severity` as the scale spells it (`High` for `high (reason)` on a site
    /// that writes `High`); a level the scale lacks stays as written.
    pub fn spell(&self, severity: &str) -> String {
        let key = sort_key(severity);
        self.levels
            .iter()
            .find(|l| sort_key(l) == key)
            .cloned()
            .unwrap_or_else(|| level(severity).to_string())
    }

    /// How `severity` (a Severity field as written) is shown on this site; `None` when it
    /// names no level.
    ///
    /// The band is how far the level sits below the most severe one:
    /// - words (`Critical`, `High`, `Medium`, `Low`) are one fixed scale, so the band is the
    ///   word's rank; `Informational` and its synonyms join `Low` in the last band;
    /// - numbered scales start where the site starts them: a site grading `SEV1`–`SEV4` has
    ///   `SEV1` as its most severe level and a site grading `SEV0`–`SEV3` has `SEV0`, so the
    ///   band counts from the most severe level the site uses in that family (this one
    ///   included);
    /// - on a declared scale, a level it holds is as far down as its place in the list;
    /// - bands past [`SeverityBadge::LEAST_SEVERE`] are clamped to it; a level of no known
    ///   scale has no band.
    pub fn badge(&self, severity: &str) -> Option<SeverityBadge> {
        let l = level(severity);
        if l.is_empty() {
            return None;
        }
        let declared = if self.declared {
            self.position(l)
        } else {
            None
        };
        let band = declared.map(|i| i.min(usize::from(SeverityBadge::LEAST_SEVERE)) as u8);
        let band = band.or_else(|| {
            rank(l).map(|(family, r)| {
                let from = match family {
                    ScaleFamily::Words => 0,
                    _ => self
                        .levels
                        .iter()
                        .filter_map(|s| rank(s))
                        .filter(|(f, _)| *f == family)
                        .map(|(_, r)| r)
                        .fold(r, u8::min),
                };
                (r - from).min(SeverityBadge::LEAST_SEVERE)
            })
        });
        Some(SeverityBadge {
            level: self.spell(l),
            band,
        })
    }
}

/// Level `r` of `family`, spelt like `model` (a level of the same family): its digit
/// replaced for numbered scales, its case kept for words.
fn spell_like(model: &str, family: ScaleFamily, r: u8) -> String {
    if family != ScaleFamily::Words {
        let digit = char::from(b'0' + r.min(9));
        return match model.find(|c: char| c.is_ascii_digit()) {
            Some(i) => format!("{}{digit}{}", &model[..i], &model[i + 1..]),
            None => digit.to_string(),
        };
    }
    let word = ["Critical", "High", "Medium", "Low", "Informational"][usize::from(r.min(4))];
    if model
        .chars()
        .all(|c| !c.is_alphabetic() || c.is_lowercase())
    {
        word.to_lowercase()
    } else if model
        .chars()
        .all(|c| !c.is_alphabetic() || c.is_uppercase())
    {
        word.to_uppercase()
    } else {
        word.to_string()
    }
}

/// The most used spelling; on a tie, the first in sort order (stable across runs).
fn most_used(counts: &HashMap<String, usize>) -> String {
    let mut v: Vec<(&String, &usize)> = counts.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    v.first().map(|(s, _)| (*s).clone()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_pir_starts_at_the_sites_usual_level_or_the_middle() {
        let newest_first = ["SEV-2 (checkout)", "SEV-3", "SEV-3", "sev-2"];
        let scale = SeverityScale::learn(newest_first);
        // Two each: the newer wins, spelt as the site spells it.
        assert_eq!(scale.usual(newest_first).as_deref(), Some("SEV-2"));
        assert_eq!(
            scale.usual(["SEV-3", "SEV-1", "SEV-3"]).as_deref(),
            Some("SEV-3")
        );
        let words = SeverityScale::learn([]);
        assert_eq!(
            words.usual([]).as_deref(),
            Some("High"),
            "{:?}",
            words.full()
        );
        let sev = SeverityScale::learn(["SEV0"]);
        assert_eq!(
            sev.usual(["", "  "]).as_deref(),
            Some("SEV2"),
            "{:?}",
            sev.full()
        );
    }

    #[test]
    fn levels_drop_their_reasons() {
        assert_eq!(level("High (single service down)"), "High");
        assert_eq!(level("SEV-1 — customer impact"), "SEV-1");
        assert_eq!(level("P2: degraded"), "P2");
        assert_eq!(level("  Low  "), "Low");
        assert_eq!(level("High(x)"), "High(x)");
    }

    #[test]
    fn every_family_ranks_most_severe_first() {
        use ScaleFamily::*;
        for (s, want) in [
            ("SEV0", Some((Sev, 0))),
            ("SEV-1", Some((Sev, 1))),
            ("Sev 2", Some((Sev, 2))),
            ("S3", Some((Sev, 3))),
            ("P1", Some((Priority, 1))),
            ("P-4", Some((Priority, 4))),
            ("Priority 2", Some((Priority, 2))),
            ("Critical", Some((Words, 0))),
            ("major", Some((Words, 1))),
            ("Medium (two services)", Some((Words, 2))),
            ("Minor", Some((Words, 3))),
            ("3", Some((Number, 3))),
            ("Spicy", None),
            ("SEV12", None),
            ("Pasta", None),
        ] {
            assert_eq!(rank(s), want, "{s}");
        }
    }

    #[test]
    fn a_scale_keeps_the_sites_words_in_order() {
        let s = SeverityScale::learn(["P3", "P1 (payments)", "P1", "p1", "P2", "Weird"]);
        assert_eq!(s.family, Some(ScaleFamily::Priority));
        assert_eq!(s.levels, vec!["P1", "P2", "P3", "Weird"]);
        assert_eq!(s.spell("p1 (cards)"), "P1");
        assert_eq!(s.spell("P0"), "P0");
        let s = SeverityScale::learn(["low", "Critical", "high", "High", "High"]);
        assert_eq!(s.levels, vec!["Critical", "High", "low"]);
        assert_eq!(s.family, Some(ScaleFamily::Words));
    }

    fn band(scale: &SeverityScale, severity: &str) -> Option<u8> {
        scale.badge(severity).and_then(|b| b.band)
    }

    #[test]
    fn a_badge_spells_the_level_as_the_site_does() {
        let s = SeverityScale::learn(["SEV-1", "SEV-1", "sev-1", "SEV-3"]);
        let b = s.badge("sev-1 — customer impact").unwrap();
        assert_eq!(b.level, "SEV-1");
        assert_eq!(b.band, Some(0));
        assert_eq!(s.badge(""), None);
        assert_eq!(s.badge("   "), None);
        let odd = s.badge("Spicy (very)").unwrap();
        assert_eq!((odd.level.as_str(), odd.band), ("Spicy", None));
    }

    #[test]
    fn numbered_scales_count_bands_from_where_the_site_starts() {
        let one = SeverityScale::learn(["SEV1", "SEV2", "SEV3", "SEV4"]);
        let zero = SeverityScale::learn(["SEV0", "SEV1", "SEV2", "SEV3"]);
        assert_eq!(band(&one, "SEV1"), Some(0));
        assert_eq!(band(&one, "SEV4"), Some(3));
        assert_eq!(band(&zero, "SEV0"), Some(0));
        assert_eq!(band(&zero, "SEV1"), Some(1));
        // A level more severe than any the site used so far is the most severe.
        assert_eq!(band(&one, "SEV0"), Some(0));
        // Past the last band: clamped.
        let p = SeverityScale::learn(["P0", "P4", "P1"]);
        assert_eq!(band(&p, "P4"), Some(3));
        assert_eq!(band(&p, "P1"), Some(1));
        // Families count apart: the P scale's start does not move the SEV one.
        let mixed = SeverityScale::learn(["P0", "SEV2", "SEV3"]);
        assert_eq!(band(&mixed, "SEV2"), Some(0));
        assert_eq!(band(&mixed, "P0"), Some(0));
        let n = SeverityScale::learn(["1", "2", "5"]);
        assert_eq!(band(&n, "2"), Some(1));
        assert_eq!(band(&n, "5"), Some(3));
    }

    #[test]
    fn words_keep_their_own_bands() {
        // A site without Critical still shows High as the second band.
        let s = SeverityScale::learn(["High", "Low"]);
        assert_eq!(band(&s, "High"), Some(1));
        assert_eq!(band(&s, "critical"), Some(0));
        assert_eq!(band(&s, "Moderate"), Some(2));
        assert_eq!(band(&s, "Low"), Some(3));
        assert_eq!(band(&s, "Informational"), Some(3));
    }

    #[test]
    fn the_same_level_in_other_spellings() {
        assert!(same_level("SEV-1", "sev1 (payments)"));
        assert!(same_level("High", "high — cards"));
        assert!(same_level("Spicy", "SPICY"));
        assert!(!same_level("SEV1", "P1"));
        assert!(!same_level("High", "Low"));
    }

    #[test]
    fn a_declared_order_wins_over_the_known_ranks() {
        // A site ranking Major above Critical, with a spelling given twice.
        let s = SeverityScale::declared(&["Major".into(), "Critical".into(), "major".into()]);
        assert_eq!(s.levels, ["Major", "Critical"]);
        assert!(s.declared);
        assert_eq!(band(&s, "major (cards)"), Some(0));
        assert_eq!(band(&s, "Critical"), Some(1));
        assert_eq!(
            s.in_use(["Critical", "Low", "major", "Spicy", "MAJOR"]),
            ["Major", "Critical", "Low", "Spicy"]
        );
        // A learned scale keeps the known ranks.
        let learned = SeverityScale::learn(["Major", "Critical"]);
        assert_eq!(learned.levels, ["Critical", "Major"]);
        assert_eq!(learned.in_use(["Major", "Critical"]), ["Critical", "Major"]);
    }

    #[test]
    fn the_full_scale_fills_the_gaps_in_the_sites_spelling() {
        let full = |levels: &[&str]| SeverityScale::learn(levels.iter().copied()).full();
        assert_eq!(
            full(&["SEV-1", "SEV-3"]),
            ["SEV-1", "SEV-2", "SEV-3", "SEV-4"]
        );
        assert_eq!(full(&["SEV0"]), ["SEV0", "SEV1", "SEV2", "SEV3", "SEV4"]);
        assert_eq!(full(&["P1", "p3"]), ["P1", "P2", "p3", "P4"]);
        // A site whose PIRs so far are all milder still has a level 1 to offer.
        assert_eq!(
            full(&["Priority 2", "Priority 6"]),
            [
                "Priority 1",
                "Priority 2",
                "Priority 3",
                "Priority 4",
                "Priority 5",
                "Priority 6"
            ]
        );
        assert_eq!(
            full(&["high", "low"]),
            ["critical", "high", "medium", "low"]
        );
        assert_eq!(
            full(&["High", "Informational"]),
            ["Critical", "High", "Medium", "Low", "Informational"]
        );
        assert_eq!(full(&["1", "2"]), ["1", "2", "3", "4"]);
        // Levels of other scales and unknown words follow, as learnt.
        assert_eq!(
            full(&["P2", "P2", "SEV1", "Spicy"]),
            ["P1", "P2", "P3", "P4", "SEV1", "Spicy"]
        );
        assert_eq!(full(&["Red", "Amber"]), ["Amber", "Red"]);
        // A declared scale is as declared.
        let declared = SeverityScale::declared(&["Red".into(), "Amber".into()]);
        assert_eq!(declared.full(), ["Red", "Amber"]);
    }
}
