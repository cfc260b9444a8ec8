//! Metadata wherever a site keeps it: `**Key:**` lines, a metadata table under the title,
//! front matter; keys under their synonyms; Dates with qualifiers, ranges or words.
//!
//! Each `tests/fixtures/metadata/NAME.md` has a committed `NAME.snap`: what the model and the
//! site list read from it, then the lines that change when the form sets Date, Severity,
//! Status and Duration. `PIR_BLESS=1` rewrites the snapshots (review the diff).

use std::fmt::Write as _;
use std::path::Path;

use pir_core::doc::{Document, Edit};
use pir_core::site::summary::PirSummary;

use crate::support;

/// What a snapshot shows of one fixture.
fn describe(path: &Path, text: &str) -> String {
    let doc = Document::parse(text);
    let m = doc.model();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let summary = PirSummary::from_text(path, &name, text);
    let mut out = String::new();
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    writeln!(out, "title:    {}", opt(&m.short_title)).unwrap();
    writeln!(out, "date:     {}", opt(&m.date)).unwrap();
    let mut filed = summary.date.map_or("-".into(), |d| d.to_string());
    if let Some(end) = summary.end_date {
        filed.push_str(&format!(", ends {end}"));
    }
    writeln!(out, "filed on: {filed}").unwrap();
    writeln!(out, "duration: {}", opt(&m.duration)).unwrap();
    writeln!(out, "severity: {}", opt(&m.severity)).unwrap();
    writeln!(out, "status:   {}", opt(&m.status)).unwrap();
    writeln!(out, "missing:  {:?}", m.missing_metadata).unwrap();
    writeln!(out, "fields:").unwrap();
    for f in &m.metadata {
        let place = serde_json::to_value(f.place).unwrap();
        let place = place.as_str().unwrap();
        writeln!(out, "  {:>2} {place:<12} {} = {}", f.line, f.key, f.value).unwrap();
    }
    let edits = [
        ("Date", "2027-01-02"),
        ("Severity", "SEV-9"),
        ("Status", "Closed"),
        ("Duration", "3h"),
    ];
    for (key, value) in edits {
        let mut d = Document::parse(text);
        d.apply(&Edit::SetMetadata {
            key: key.into(),
            value: value.into(),
        })
        .unwrap_or_else(|e| panic!("{name}: set {key}: {e}"));
        let after = d.model();
        let read = match key {
            "Date" => &after.date,
            "Severity" => &after.severity,
            "Status" => &after.status,
            _ => &after.duration,
        };
        assert_eq!(read.as_deref(), Some(value), "{name}: {key} reads back");
        writeln!(out, "set {key} = {value}:").unwrap();
        for line in changed_lines(text, d.text()) {
            writeln!(out, "  {line}").unwrap();
        }
    }
    out
}

/// The lines of `new` that differ from `old`, as `- old` / `+ new` (line endings shown).
fn changed_lines(old: &str, new: &str) -> Vec<String> {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut out: Vec<String> = a[head..a.len() - tail]
        .iter()
        .map(|l| format!("- {l:?}"))
        .collect();
    out.extend(b[head..b.len() - tail].iter().map(|l| format!("+ {l:?}")));
    out
}

#[test]
fn fixtures_read_and_edit_metadata_as_committed() {
    let dir = support::fixtures().join("metadata");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "expected the metadata fixtures");
    let mut failures = Vec::new();
    for md in names {
        let text = std::fs::read_to_string(&md).unwrap();
        let got = describe(&md, &text);
        failures.extend(support::snapshot_mismatch(&md.with_extension("snap"), &got));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_unchanged_model_leaves_every_metadata_style_byte_identical() {
    let dir = support::fixtures().join("metadata");
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let mut d = Document::parse(&text);
        let m = d.model().clone();
        d.apply_model(&m).unwrap();
        assert_eq!(d.text(), text, "{}", p.display());
    }
}

#[test]
fn removing_a_field_removes_its_line_or_row_and_nothing_else() {
    let text =
        std::fs::read_to_string(support::fixtures().join("metadata/front-matter.md")).unwrap();
    let mut d = Document::parse(&text);
    d.apply(&Edit::RemoveMetadata {
        key: "Status".into(),
    })
    .unwrap();
    assert_eq!(
        changed_lines(&text, d.text()),
        vec!["- \"status: Complete   # reviewed on 2026-09-20\\n\""]
    );
    assert_eq!(d.model().status, None);

    let text =
        std::fs::read_to_string(support::fixtures().join("metadata/table-header-is-a-field.md"))
            .unwrap();
    let mut d = Document::parse(&text);
    d.apply(&Edit::RemoveMetadata {
        key: "severity".into(),
    })
    .unwrap();
    assert_eq!(
        changed_lines(&text, d.text()),
        vec!["- \"| **Priority** | P2                      |\\n\""]
    );
    // The header row holds a field but cannot go without the table: its value empties.
    d.apply(&Edit::RemoveMetadata { key: "Date".into() })
        .unwrap();
    assert_eq!(d.model().date.as_deref(), Some(""));
    assert!(d.text().starts_with("# INC-2041"));
    assert!(d.text().contains("| **Date**     |"));
}

#[test]
fn a_table_or_front_matter_after_the_first_section_is_not_metadata() {
    let text = "# T\n\n## Summary\n\n| **Date** | 2026-01-01 |\n|---|---|\n\n";
    assert_eq!(Document::parse(text).model().date, None);
    // Front matter keys the product does not read stay out of the fields.
    let text = "---\ntitle: T\nauthors: [a]\ndate: 2026-01-01\n---\n# T\n";
    let m = Document::parse(text).model().clone();
    let keys: Vec<_> = m.metadata.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, vec!["date"]);
}
