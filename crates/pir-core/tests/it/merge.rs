//! Merging a PIR changed in the editor and on disk, from the text both started from.
//!
//! Each folder of `tests/fixtures/merge/` holds `base.md` (the text the editor read),
//! `mine.md` (the editor's text) and `theirs.md` (the file on disk now). `expected.snap` shows
//! what the merge takes without asking, each choice it asks, and the merged text when every
//! choice keeps mine and when every choice keeps theirs (`\r` written out).
//! `PIR_BLESS=1` rewrites the snapshots (review the diff).

use std::fmt::Write as _;

use pir_core::diff::{DiffHunk, LineChange};
use pir_core::merge::{merge_texts, merged_text};

use crate::support;

fn show_hunk(out: &mut String, hunk: &DiffHunk) {
    for l in &hunk.lines {
        let mark = match l.change {
            LineChange::Same => ' ',
            LineChange::Removed => '-',
            LineChange::Added => '+',
        };
        let num = |n: Option<usize>| n.map_or(String::new(), |n| n.to_string());
        writeln!(
            out,
            "{:>3} {:>3} {mark} {}",
            num(l.old_line),
            num(l.new_line),
            l.text
        )
        .unwrap();
    }
}

fn show_text(out: &mut String, text: &str) {
    for line in text.split_inclusive('\n') {
        writeln!(
            out,
            "  |{}",
            line.replace('\r', "\\r").trim_end_matches('\n')
        )
        .unwrap();
    }
    if !text.ends_with('\n') {
        writeln!(out, "  (no newline at the end)").unwrap();
    }
}

#[test]
fn every_merge_fixture_merges_as_its_snapshot() {
    let dir = support::fixtures().join("merge");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("base.md").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "expected the merge fixtures");
    let mut failures = Vec::new();
    for case in cases {
        let read = |n: &str| std::fs::read_to_string(case.join(n)).unwrap();
        let (base, mine, theirs) = (read("base.md"), read("mine.md"), read("theirs.md"));
        let m = merge_texts(Some(&base), &theirs, &mine);
        let n = m.choices.len();
        let all_mine = merged_text(Some(&base), &theirs, &mine, &vec![true; n]).unwrap();
        let all_theirs = merged_text(Some(&base), &theirs, &mine, &vec![false; n]).unwrap();

        let mut got = String::new();
        for c in &m.combined {
            writeln!(got, "## taken without asking: {:?}", c.side).unwrap();
            show_hunk(&mut got, &c.hunk);
        }
        for (i, h) in m.choices.iter().enumerate() {
            writeln!(got, "## choice {} (theirs -, mine +)", i + 1).unwrap();
            show_hunk(&mut got, h);
        }
        writeln!(got, "## merged, mine in every choice").unwrap();
        show_text(&mut got, &all_mine);
        if n > 0 {
            writeln!(got, "## merged, theirs in every choice").unwrap();
            show_text(&mut got, &all_theirs);
        }
        failures.extend(support::snapshot_mismatch(
            &case.join("expected.snap"),
            &got,
        ));

        // What holds whatever the snapshot says: a side that changed nothing gives the other
        // side's text, without a question; a wrong number of choices is refused.
        let name = case.display();
        assert_eq!(
            merged_text(Some(&base), &base, &mine, &[]).as_deref(),
            Some(&*mine),
            "{name}"
        );
        assert_eq!(
            merged_text(Some(&base), &theirs, &base, &[]).as_deref(),
            Some(&*theirs),
            "{name}"
        );
        assert_eq!(
            merged_text(Some(&base), &theirs, &mine, &vec![true; n + 1]),
            None,
            "{name}"
        );
        // Without a base every change is asked, and the two extremes are the two texts.
        let k = merge_texts(None, &theirs, &mine).choices.len();
        assert_eq!(
            merged_text(None, &theirs, &mine, &vec![true; k]).as_deref(),
            Some(&*mine),
            "{name}"
        );
        assert_eq!(
            merged_text(None, &theirs, &mine, &vec![false; k]).as_deref(),
            Some(&*theirs),
            "{name}"
        );
        // Every line of a choice is a change: no unchanged line joins two of them.
        for h in &m.choices {
            let inner: Vec<_> = h
                .lines
                .iter()
                .skip_while(|l| l.change == LineChange::Same)
                .collect();
            let end = inner
                .iter()
                .rposition(|l| l.change != LineChange::Same)
                .map_or(0, |i| i + 1);
            assert!(
                inner[..end].iter().all(|l| l.change != LineChange::Same),
                "{name}: a choice joins changes across an unchanged line"
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
