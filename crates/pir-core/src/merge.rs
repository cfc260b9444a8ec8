//! Putting together a text changed on two sides: the author's ("mine", in the editor) and the
//! file's on disk ("theirs", written by someone or something else since it was read).
//!
//! With the text both started from (the base, the text the editor read) this is a three-way
//! merge line by line: a change only one side made is taken without asking, the same change
//! made by both is taken once, and only changes that overlap (or touch: no unchanged line
//! between them) are left for the author, one choice each. Without a base every change
//! between the two texts is a choice of its own. Changes separated by an unchanged line are
//! never joined into one choice, whatever context is shown around them, so keeping one side of
//! a change cannot undo an unrelated change of the other side.
//!
//! Every line keeps its own line ending; the result is made only of lines of the three texts.

use serde::{Deserialize, Serialize};
use similar::{DiffTag, TextDiff};

use crate::diff::{CONTEXT_LINES, DiffHunk, DiffLine, LineChange};

/// Who made a change the merge combines without asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The author, in the editor.
    Mine,
    /// The file on disk.
    Theirs,
    /// Both, the same way.
    Both,
}

/// A change the merge takes without asking, shown so the author knows what they get.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CombinedChange {
    /// Who made it.
    pub side: Side,
    /// From the text both started from (old numbers) to that side's (new numbers).
    pub hunk: DiffHunk,
}

/// What merging two sides gives: the changes combined without asking and the overlapping
/// ones the author chooses between, in the order of the text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TextMerge {
    /// Changes only one side made (or both made alike), taken as they are.
    pub combined: Vec<CombinedChange>,
    /// One per overlapping change: their lines removed, mine added, with unchanged lines of
    /// context (old numbers in their text, new numbers in mine). Each is one choice.
    pub choices: Vec<DiffHunk>,
}

/// Shows what merging `theirs` and `mine` from `base` would combine and what it asks; see
/// the module's doc. `base` is `None` when the text both started from is not known.
pub fn merge_texts(base: Option<&str>, theirs: &str, mine: &str) -> TextMerge {
    let plan = Plan::new(base, theirs, mine);
    let mut out = TextMerge::default();
    for (k, c) in plan.clusters.iter().enumerate() {
        let before = plan.context_before(k);
        let after = plan.context_after(k);
        match &c.resolution {
            Resolution::Take(side, lines) => {
                // Numbered from the base to the side taken.
                let off = match side {
                    Side::Theirs | Side::Both => c.theirs_at,
                    Side::Mine => c.mine_at,
                };
                out.combined.push(CombinedChange {
                    side: *side,
                    hunk: plan.hunk(c, before, after, (c.start, &c.base_lines), (off, lines)),
                });
            }
            Resolution::Ask { theirs, mine } => out.choices.push(plan.hunk(
                c,
                before,
                after,
                (c.theirs_at, theirs),
                (c.mine_at, mine),
            )),
        }
    }
    out
}

/// The merged text: everything [`merge_texts`] combines, and for each of its choices mine
/// where `take_mine` says so and theirs elsewhere. `None` when `take_mine` does not hold one
/// entry per choice (the texts are not the ones the choices were shown for).
pub fn merged_text(
    base: Option<&str>,
    theirs: &str,
    mine: &str,
    take_mine: &[bool],
) -> Option<String> {
    let plan = Plan::new(base, theirs, mine);
    let asked = plan
        .clusters
        .iter()
        .filter(|c| matches!(c.resolution, Resolution::Ask { .. }))
        .count();
    if asked != take_mine.len() {
        return None;
    }
    let mut out = String::with_capacity(theirs.len().max(mine.len()));
    let mut at = 0;
    let mut choice = take_mine.iter();
    for c in &plan.clusters {
        plan.base[at..c.start].iter().for_each(|l| out.push_str(l));
        let lines = match &c.resolution {
            Resolution::Take(_, lines) => lines,
            Resolution::Ask { theirs, mine } => {
                if *choice.next()? {
                    mine
                } else {
                    theirs
                }
            }
        };
        lines.iter().for_each(|l| out.push_str(l));
        at = c.end;
    }
    plan.base[at..].iter().for_each(|l| out.push_str(l));
    Some(out)
}

/// A stretch of the base one side replaced: lines `start..end` by `lines`.
struct Region<'a> {
    start: usize,
    end: usize,
    lines: Vec<&'a str>,
}

/// The changes of `other` against `base`, each run of changed lines one region.
fn regions<'a>(base: &str, other: &'a str) -> Vec<Region<'a>> {
    let others: Vec<&str> = other.split_inclusive('\n').collect();
    let diff = TextDiff::from_lines(base, other);
    let mut out: Vec<Region<'a>> = Vec::new();
    let mut open = false;
    for op in diff.ops() {
        if op.tag() == DiffTag::Equal {
            open = false;
            continue;
        }
        let (old, new) = (op.old_range(), op.new_range());
        match out.last_mut() {
            Some(r) if open => {
                r.end = old.end;
                r.lines.extend_from_slice(&others[new]);
            }
            _ => out.push(Region {
                start: old.start,
                end: old.end,
                lines: others[new].to_vec(),
            }),
        }
        open = true;
    }
    out
}

/// What becomes of a stretch where a side changed something.
enum Resolution<'a> {
    /// Taken without asking: the lines of the side that changed it (or both alike).
    Take(Side, Vec<&'a str>),
    /// The sides differ: the author chooses.
    Ask {
        theirs: Vec<&'a str>,
        mine: Vec<&'a str>,
    },
}

/// Changes of either side that overlap or touch, over base lines `start..end`.
struct Cluster<'a> {
    start: usize,
    end: usize,
    base_lines: Vec<&'a str>,
    /// The index in their text, and in mine, of the cluster's first line.
    theirs_at: usize,
    mine_at: usize,
    resolution: Resolution<'a>,
}

/// The merge worked out once for both showing and making it.
struct Plan<'a> {
    base: Vec<&'a str>,
    clusters: Vec<Cluster<'a>>,
}

impl<'a> Plan<'a> {
    fn new(base: Option<&'a str>, theirs: &'a str, mine: &'a str) -> Self {
        // Without a base, their text stands for it and every change of mine is asked.
        let (base_text, theirs_regions, ask_all) = match base {
            Some(b) => (b, regions(b, theirs), false),
            None => (theirs, Vec::new(), true),
        };
        let mine_regions = regions(base_text, mine);
        let base: Vec<&str> = base_text.split_inclusive('\n').collect();

        // Walk both sides' regions in base order, joining those that overlap or touch.
        let (mut t, mut m) = (
            theirs_regions.into_iter().peekable(),
            mine_regions.into_iter().peekable(),
        );
        let mut clusters = Vec::new();
        let (mut theirs_off, mut mine_off) = (0isize, 0isize);
        loop {
            let first_theirs = match (t.peek(), m.peek()) {
                (None, None) => break,
                (Some(a), Some(b)) => a.start <= b.start,
                (Some(_), None) => true,
                (None, Some(_)) => false,
            };
            let first = if first_theirs { t.next() } else { m.next() };
            let Some(first) = first else { break };
            let (start, mut end) = (first.start, first.end);
            let (mut ts, mut ms) = (Vec::new(), Vec::new());
            if first_theirs {
                ts.push(first);
            } else {
                ms.push(first);
            }
            loop {
                if let Some(r) = t.next_if(|r| r.start <= end) {
                    end = end.max(r.end);
                    ts.push(r);
                } else if let Some(r) = m.next_if(|r| r.start <= end) {
                    end = end.max(r.end);
                    ms.push(r);
                } else {
                    break;
                }
            }
            let theirs_lines = side_lines(&base, start, end, &ts);
            let mine_lines = side_lines(&base, start, end, &ms);
            let theirs_at = start.saturating_add_signed(theirs_off);
            let mine_at = start.saturating_add_signed(mine_off);
            theirs_off += theirs_lines.len() as isize - (end - start) as isize;
            mine_off += mine_lines.len() as isize - (end - start) as isize;
            let resolution = if ask_all {
                Resolution::Ask {
                    theirs: theirs_lines,
                    mine: mine_lines,
                }
            } else if ms.is_empty() {
                Resolution::Take(Side::Theirs, theirs_lines)
            } else if ts.is_empty() {
                Resolution::Take(Side::Mine, mine_lines)
            } else if theirs_lines == mine_lines {
                Resolution::Take(Side::Both, mine_lines)
            } else {
                Resolution::Ask {
                    theirs: theirs_lines,
                    mine: mine_lines,
                }
            };
            clusters.push(Cluster {
                start,
                end,
                base_lines: base[start..end].to_vec(),
                theirs_at,
                mine_at,
                resolution,
            });
        }
        Plan { base, clusters }
    }

    /// The base lines shown before cluster `k`: up to [`CONTEXT_LINES`], none of another
    /// cluster.
    fn context_before(&self, k: usize) -> std::ops::Range<usize> {
        let floor = k.checked_sub(1).map_or(0, |p| self.clusters[p].end);
        let start = self.clusters[k].start;
        start.saturating_sub(CONTEXT_LINES).max(floor)..start
    }

    /// The base lines shown after cluster `k`, as [`Plan::context_before`].
    fn context_after(&self, k: usize) -> std::ops::Range<usize> {
        let ceiling = self
            .clusters
            .get(k + 1)
            .map_or(self.base.len(), |n| n.start);
        let end = self.clusters[k].end;
        end..(end + CONTEXT_LINES).min(ceiling)
    }

    /// A hunk from the `old` lines to the `new` ones (each with the index of its first line in
    /// its own text), with the base's context lines around them.
    fn hunk(
        &self,
        c: &Cluster<'_>,
        before: std::ops::Range<usize>,
        after: std::ops::Range<usize>,
        old: (usize, &[&str]),
        new: (usize, &[&str]),
    ) -> DiffHunk {
        let (old_at, old_lines) = old;
        let (new_at, new_lines) = new;
        let mut lines = Vec::new();
        let same = |b: usize, old_line: usize, new_line: usize| DiffLine {
            change: LineChange::Same,
            text: strip(self.base[b]),
            old_line: Some(old_line + 1),
            new_line: Some(new_line + 1),
        };
        for b in before {
            // Context before the cluster sits at the same distance in every text.
            let back = c.start - b;
            lines.push(same(b, old_at - back, new_at - back));
        }
        for (i, l) in old_lines.iter().enumerate() {
            lines.push(DiffLine {
                change: LineChange::Removed,
                text: strip(l),
                old_line: Some(old_at + i + 1),
                new_line: None,
            });
        }
        for (i, l) in new_lines.iter().enumerate() {
            lines.push(DiffLine {
                change: LineChange::Added,
                text: strip(l),
                old_line: None,
                new_line: Some(new_at + i + 1),
            });
        }
        for b in after {
            let on = b - c.end;
            lines.push(same(
                b,
                old_at + old_lines.len() + on,
                new_at + new_lines.len() + on,
            ));
        }
        DiffHunk { lines }
    }
}

/// One side's lines for base lines `start..end`, its regions (all within) put in place.
fn side_lines<'a>(
    base: &[&'a str],
    start: usize,
    end: usize,
    regions: &[Region<'a>],
) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut at = start;
    for r in regions {
        out.extend_from_slice(&base[at..r.start]);
        out.extend_from_slice(&r.lines);
        at = r.end;
    }
    out.extend_from_slice(&base[at..end]);
    out
}

/// A line without its line ending, as a diff shows it.
fn strip(line: &str) -> String {
    line.trim_end_matches('\n')
        .trim_end_matches('\r')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(n: usize) -> String {
        (1..=n).map(|i| format!("line {i}\n")).collect()
    }

    #[test]
    fn changes_two_lines_apart_are_combined_without_asking() {
        let base = lines(10);
        let mine = base.replace("line 4\n", "line 4 mine\n");
        let theirs = base.replace("line 6\n", "line 6 theirs\n");
        let m = merge_texts(Some(&base), &theirs, &mine);
        assert!(m.choices.is_empty());
        assert_eq!(m.combined.len(), 2);
        assert_eq!(
            merged_text(Some(&base), &theirs, &mine, &[]).unwrap(),
            base.replace("line 4\n", "line 4 mine\n")
                .replace("line 6\n", "line 6 theirs\n")
        );
    }

    #[test]
    fn without_a_base_each_change_is_its_own_choice() {
        let theirs = lines(10);
        let mine = theirs
            .replace("line 4\n", "line 4 mine\n")
            .replace("line 6\n", "line 6 mine\n");
        let m = merge_texts(None, &theirs, &mine);
        assert_eq!(m.choices.len(), 2);
        assert_eq!(
            merged_text(None, &theirs, &mine, &[false, true]).unwrap(),
            theirs.replace("line 6\n", "line 6 mine\n")
        );
        assert_eq!(merged_text(None, &theirs, &mine, &[true]), None);
    }

    #[test]
    fn a_conflict_keeps_line_endings_and_a_missing_final_newline() {
        let base = "a\r\nb\r\nc";
        let mine = "a\r\nB\r\nc";
        let theirs = "a\r\nbb\r\nc";
        let m = merge_texts(Some(base), theirs, mine);
        assert_eq!(m.choices.len(), 1);
        assert_eq!(
            merged_text(Some(base), theirs, mine, &[true]).unwrap(),
            mine
        );
        assert_eq!(
            merged_text(Some(base), theirs, mine, &[false]).unwrap(),
            theirs
        );
    }
}
