//! Timeline import: every source fixture under `fixtures/import/<format>/` (a file, or for
//! Slack an export folder holding `users.json` and one channel folder) read by its format's
//! reader, as the Evidence JSON (or the error) in the `.snap` beside it; the same result
//! when the format is told from the content; imports into a PIR that change the file only by
//! the inserted lines, and that undo restores byte for byte; readers that never panic.
//! `PIR_BLESS=1` rewrites the snapshots (review the diff).

use std::path::{Path, PathBuf};

use pir_core::Document;
use pir_core::session::EditorSession;
use pir_core::timeline::import::{
    self, Format, ImportCandidate, ImportOptions, ImportRequest, ReadContext, Window,
};
use proptest::prelude::*;

use crate::support;

/// The import fixtures folder.
fn root() -> PathBuf {
    support::fixtures().join("import")
}

/// The source a fixture entry stands for: a file itself, or an export folder's one channel.
fn source_of(entry: &Path) -> PathBuf {
    if !entry.is_dir() {
        return entry.to_path_buf();
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(entry)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert_eq!(
        dirs.len(),
        1,
        "{} holds one channel folder",
        entry.display()
    );
    dirs.remove(0)
}

/// What reading `source` gives, as snapshot text with the fixtures folder written relatively.
fn read_as(source: &Path, format: Option<Format>) -> String {
    let ctx = ReadContext {
        file: source.to_path_buf(),
        ..ReadContext::default()
    };
    let got = match import::read_source(source, format, &ctx, &Window::default()) {
        Ok(evidence) => serde_json::to_string_pretty(&evidence).unwrap() + "\n",
        Err(e) => format!("error: {e}\n"),
    };
    got.replace(&root().display().to_string(), "import")
}

#[test]
fn every_source_fixture_reads_as_its_snapshot_and_is_recognised() {
    let mut failures = Vec::new();
    let mut seen = 0;
    // The line-based readers' fixtures (`.ctx` options, `.snap.json` snapshots, a `bad/`
    // folder) are read by import_logs.rs, which also checks that each is told apart.
    for format in [
        Format::Slack,
        Format::Alertmanager,
        Format::Pagerduty,
        Format::Git,
    ] {
        let dir = root().join(format.name());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        entries.sort();
        for entry in entries
            .iter()
            .filter(|p| p.extension() != Some("snap".as_ref()))
        {
            seen += 1;
            let source = source_of(entry);
            let got = read_as(&source, Some(format));
            let snap = PathBuf::from(format!("{}.snap", entry.display()));
            failures.extend(support::snapshot_mismatch(&snap, &got));
            if !got.starts_with("error:") {
                let detected = read_as(&source, None);
                if detected != got {
                    failures.push(format!(
                        "{}: told from its content it reads as\n{detected}",
                        entry.display()
                    ));
                }
            }
        }
    }
    assert!(seen >= 15, "only {seen} fixtures");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_slack_day_file_alone_still_names_users_from_its_export() {
    let day = root().join("slack/export-with-threads/incident-db/2026-02-22.json");
    let got = read_as(&day, None);
    assert!(got.contains("\"Bob Kim: looking at"), "{got}");
}

#[test]
fn an_unknown_format_is_named_and_a_file_of_another_format_fails_whole() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "just some notes\n").unwrap();
    let got = read_as(&notes, None);
    assert!(got.contains("cannot tell the format"), "{got}");
    assert!(got.contains("notes.txt"), "{got}");
    let slack = root().join("slack/day-file-alone.json");
    let got = read_as(&slack, Some(Format::Pagerduty));
    assert!(got.contains("not PagerDuty input"), "{got}");
    assert!(Format::from_name("splunk").is_err());
}

/// Imports `sources` into a copy of the PIR fixture `name`: (before, after).
fn import_into(name: &str, sources: &[&str]) -> (String, String) {
    let before = std::fs::read_to_string(root().join("pir").join(name)).unwrap();
    let mut doc = Document::parse(before.clone());
    let sources: Vec<PathBuf> = sources.iter().map(|s| root().join(s)).collect();
    let evidence = import::read_sources(doc.model(), &sources, &ImportOptions::default())
        .unwrap()
        .evidence;
    let rows = import::plan_rows(&doc, &evidence).unwrap();
    import::insert_rows(&mut doc, &rows).unwrap();
    (before, doc.into_text())
}

/// `after` without the lines `before` lacks, in order: `before` itself when the import only
/// inserted lines.
fn without_inserted_lines(before: &str, after: &str) -> String {
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    let mut kept = String::new();
    let mut i = 0;
    for line in after.split_inclusive('\n') {
        if old.get(i) == Some(&line) {
            kept.push_str(line);
            i += 1;
        }
    }
    kept
}

#[test]
fn an_import_only_inserts_rows_in_time_order_in_the_timelines_zone_and_style() {
    let mut failures = Vec::new();
    for name in ["checkout.md", "split-table.md", "bullet-list.md"] {
        let (before, after) = import_into(
            name,
            &[
                "slack/export-with-threads/incident-db",
                "alertmanager/webhook-log.ndjson",
                "alertmanager/webhook-firing.json",
                "pagerduty/incident-log-entries.json",
            ],
        );
        assert_eq!(without_inserted_lines(&before, &after), before, "{name}");
        let snap = root().join(format!("pir/{name}.imported"));
        failures.extend(support::snapshot_mismatch(&snap, &after));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn an_import_into_a_timeline_without_a_table_starts_one_keeping_crlf() {
    let (before, after) = import_into(
        "empty-timeline-crlf.md",
        &["pagerduty/bare-list.json", "git/log.txt"],
    );
    assert!(!after.replace("\r\n", "").contains('\n'), "{after:?}");
    assert_eq!(without_inserted_lines(&before, &after), before);
    let snap = root().join("pir/empty-timeline-crlf.md.imported");
    if let Some(diff) = support::snapshot_mismatch(&snap, &after) {
        panic!("{diff}");
    }
}

#[test]
fn undo_removes_the_whole_import_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("checkout.md");
    std::fs::copy(root().join("pir/checkout.md"), &file).unwrap();
    let (before, after) = import_into("checkout.md", &["alertmanager/resolved-only.json"]);
    assert_ne!(before, after);
    let mut session = EditorSession::open(&file).unwrap();
    session.set_text(&after);
    assert_eq!(session.text(), after);
    session.undo();
    assert_eq!(session.text(), before);
}

#[test]
fn duplicates_merge_with_their_counts_and_the_window_keeps_the_incident() {
    let doc = Document::parse(std::fs::read_to_string(root().join("pir/checkout.md")).unwrap());
    let window = import::incident_window(doc.model());
    assert_eq!(
        window.since.unwrap().to_rfc3339(),
        "2026-02-22T18:00:00+10:00"
    );
    assert_eq!(
        window.until.unwrap().to_rfc3339(),
        "2026-02-24T06:00:00+10:00"
    );
    let sources = [root().join("alertmanager/webhook-log.ndjson")];
    let ev = import::read_sources(doc.model(), &sources, &ImportOptions::default())
        .unwrap()
        .evidence;
    let counts: Vec<(u32, &str)> = ev.iter().map(|e| (e.count, e.event.as_str())).collect();
    assert_eq!(counts.len(), 2, "{counts:?}");
    assert_eq!(
        counts[0].0, 3,
        "firing notified twice + resolved payload's start"
    );
    assert_eq!(counts[1].0, 1);
    let opts = ImportOptions {
        until: Some(
            import::parse_instant("2026-02-22T14:00:00Z", import::parse_zone("UTC").unwrap())
                .unwrap(),
        ),
        ..ImportOptions::default()
    };
    let read = import::read_sources(doc.model(), &sources, &opts).unwrap();
    assert!(read.evidence.is_empty());
    assert_eq!(
        read.outside, 4,
        "every record of the log is after the window"
    );
}

#[test]
fn a_git_repository_gives_its_commits_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    let git = |args: &[&str], date: &str| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(repo)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_NAME", "Bob Kim")
            .env("GIT_AUTHOR_EMAIL", "bob@example.com")
            .env("GIT_COMMITTER_NAME", "Bob Kim")
            .env("GIT_COMMITTER_EMAIL", "bob@example.com")
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"], "2026-02-20T10:00:00+00:00");
    for (msg, date) in [
        ("older change", "2026-02-20T10:00:00+00:00"),
        ("raise pool size", "2026-02-22T14:50:00+00:00"),
        ("later change", "2026-03-01T10:00:00+00:00"),
    ] {
        git(&["commit", "-q", "--allow-empty", "-m", msg], date);
    }
    let doc = Document::parse(std::fs::read_to_string(root().join("pir/checkout.md")).unwrap());
    let ev = import::read_sources(
        doc.model(),
        &[repo.to_path_buf()],
        &ImportOptions::default(),
    )
    .unwrap()
    .evidence;
    let events: Vec<&str> = ev.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(
        events[0].ends_with("by Bob Kim: raise pool size"),
        "{events:?}"
    );
    assert_eq!(ev[0].source, "git");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn readers_never_panic_on_any_text(s in any::<String>()) {
        for f in Format::ALL {
            let _ = f.read(&s, &ReadContext::default());
            let _ = f.sniff(&s);
        }
    }

    #[test]
    fn zones_and_instants_never_panic(s in any::<String>(), t in "[+\\-:0-9UTCZ a-zé€T]{0,24}") {
        for text in [&s, &t] {
            if let Ok(zone) = import::parse_zone(text) {
                let _ = import::parse_instant(text, zone);
            }
            let _ = import::parse_instant(text, import::parse_zone("UTC").unwrap());
            let _ = Format::from_name(text);
        }
    }

    #[test]
    fn readers_never_panic_on_json_like_noise(
        s in "[\\[\\]{}\",:0-9a-zA-Z_.<>|@#!\\\\ \n-]{0,200}",
        key in prop::sample::select(vec!["ts", "text", "alerts", "startsAt", "labels",
            "log_entries", "created_at", "type", "user", "thread_ts", "endsAt", "status"]),
    ) {
        let text = format!("[{{\"{key}\": {s}}}, {{\"{key}\": \"{s}\"}}]");
        for f in Format::ALL {
            let _ = f.read(&text, &ReadContext::default());
            let _ = f.read(&s, &ReadContext::default());
        }
    }
}

/// The markdown files under `dir`, at any depth.
fn markdown_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            markdown_under(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

/// Every PIR with a timeline among the fixture sites, the sample site, the shared site and the
/// fixtures here takes an import of every source fixture, the window wide open: the file
/// changes only by the inserted lines, one per row, or, where its timeline cannot take rows,
/// not at all.
#[test]
fn imports_into_real_timelines_only_add_lines() {
    let mut pirs = support::shared_pirs();
    for dir in ["sites", "hostile"] {
        markdown_under(&support::fixtures().join(dir), &mut pirs);
    }
    markdown_under(&support::fixtures().join("../../sample-site"), &mut pirs);
    pirs.extend(
        ["checkout.md", "split-table.md", "bullet-list.md"].map(|n| root().join("pir").join(n)),
    );
    let utc = import::parse_zone("UTC").unwrap();
    let opts = ImportOptions {
        since: Some(import::parse_instant("2000-01-01", utc).unwrap()),
        until: Some(import::parse_instant("2100-01-01", utc).unwrap()),
        ..ImportOptions::default()
    };
    let sources: Vec<PathBuf> = [
        "slack/export-with-threads/incident-db",
        "alertmanager/webhook-log.ndjson",
        "alertmanager/resolved-only.json",
        "pagerduty/incident-log-entries.json",
        "git/log.txt",
    ]
    .iter()
    .map(|s| root().join(s))
    .collect();
    let mut imported = 0;
    for pir in &pirs {
        let before = std::fs::read_to_string(pir).unwrap();
        let mut doc = Document::parse(before.clone());
        if doc.model().timeline.is_none() {
            continue;
        }
        let read = import::read_sources(doc.model(), &sources, &opts).unwrap();
        let rows = import::plan_rows(&doc, &read.evidence).unwrap();
        let had_block = doc
            .model()
            .timeline
            .as_ref()
            .is_some_and(|t| !t.tables.is_empty());
        match import::insert_rows(&mut doc, &rows) {
            Ok(()) => {
                imported += 1;
                let after = doc.text();
                assert_eq!(
                    without_inserted_lines(&before, after),
                    before,
                    "{}",
                    pir.display()
                );
                if had_block {
                    let added = after.lines().count() - before.lines().count();
                    assert_eq!(added, rows.len(), "{}", pir.display());
                }
            }
            Err(e) => {
                eprintln!("{}: not imported: {e}", pir.display());
                assert_eq!(doc.text(), before, "{}", pir.display());
            }
        }
    }
    eprintln!("{imported} of {} PIRs took the import", pirs.len());
    assert!(imported >= 10, "only {imported} PIRs took the import");
}

/// An import request for `sources` under the fixtures folder, with no options.
fn request(sources: &[&str]) -> ImportRequest {
    ImportRequest {
        sources: sources.iter().map(|s| root().join(s)).collect(),
        ..ImportRequest::default()
    }
}

/// The sources the review tests import.
const REVIEWED: [&str; 3] = [
    "alertmanager/webhook-log.ndjson",
    "pagerduty/incident-log-entries.json",
    "slack/export-with-threads/incident-db",
];

#[test]
fn candidates_are_offered_for_the_text_being_edited() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("checkout.md");
    std::fs::copy(root().join("pir/checkout.md"), &file).unwrap();
    let mut session = EditorSession::open(&file).unwrap();
    // A row typed in the editor and not saved: the candidates are placed around it.
    let edited = session
        .text()
        .replace("| 01:30 ", "| 01:20     | Rollback started |\n| 01:30 ");
    session.set_text(&edited);
    let plan = import::candidates(session.document(), &request(&REVIEWED)).unwrap();
    let got = serde_json::to_string_pretty(&plan).unwrap() + "\n";
    let got = got.replace(&root().display().to_string(), "import");
    let snap = root().join("pir/checkout.md.candidates.json");
    if let Some(diff) = support::snapshot_mismatch(&snap, &got) {
        panic!("{diff}");
    }
}

#[test]
fn every_candidate_inserted_gives_what_the_command_line_import_writes() {
    for name in [
        "checkout.md",
        "split-table.md",
        "bullet-list.md",
        "empty-timeline-crlf.md",
    ] {
        let text = std::fs::read_to_string(root().join("pir").join(name)).unwrap();
        let doc = Document::parse(text);
        let req = request(&REVIEWED);
        let plan = import::candidates(&doc, &req).unwrap();
        let mut reviewed = doc.clone();
        reviewed
            .apply_all(&import::import_edits(&doc, &plan.rows).unwrap())
            .unwrap();
        let mut direct = doc.clone();
        let read = import::read_sources(doc.model(), &req.sources, &ImportOptions::default());
        let rows = import::plan_rows(&doc, &read.unwrap().evidence).unwrap();
        import::insert_rows(&mut direct, &rows).unwrap();
        assert_eq!(reviewed.text(), direct.text(), "{name}");
    }
}

#[test]
fn a_reviewed_subset_is_one_undo_step_that_restores_the_text_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("checkout.md");
    std::fs::copy(root().join("pir/checkout.md"), &file).unwrap();
    let mut session = EditorSession::open(&file).unwrap();
    let before = session.text().to_string();
    let plan = import::candidates(session.document(), &request(&REVIEWED)).unwrap();
    assert!(plan.rows.len() > 4, "{:?}", plan.rows);
    // The first row (the one carrying the date) and another deselected, one reworded, and
    // handed over out of order: places and cells are planned again for what is kept.
    let mut chosen: Vec<ImportCandidate> = plan
        .rows
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 0 && *i != 2)
        .map(|(_, c)| c.clone())
        .collect();
    chosen[1].event = "Paged the database on-call".into();
    chosen.reverse();
    let edits = import::import_edits(session.document(), &chosen).unwrap();
    session.edit(&edits).unwrap();
    let after = session.text().to_string();
    assert_eq!(without_inserted_lines(&before, &after), before);
    assert_eq!(after.lines().count(), before.lines().count() + chosen.len());
    assert!(after.contains("Paged the database on-call"), "{after}");
    for dropped in [&plan.rows[0], &plan.rows[2]] {
        assert!(!after.contains(&dropped.event), "{}", dropped.event);
    }
    let snap = root().join("pir/checkout.md.reviewed");
    if let Some(diff) = support::snapshot_mismatch(&snap, &after) {
        panic!("{diff}");
    }
    session.undo();
    assert_eq!(session.text(), before);
}

#[test]
fn merged_candidates_read_as_the_earliest_and_stand_for_every_record() {
    let doc = Document::parse(std::fs::read_to_string(root().join("pir/checkout.md")).unwrap());
    let plan = import::candidates(&doc, &request(&REVIEWED)).unwrap();
    let by_source = |s: &str| plan.rows.iter().find(|c| c.source == s).unwrap().clone();
    let (alert, page, chat) = (
        by_source("alertmanager"),
        by_source("pagerduty"),
        by_source("slack"),
    );
    // Handed over in any order: the earliest gives the place and the words.
    let mut given = vec![chat.clone(), page.clone(), alert.clone()];
    given.sort_by(|a, b| b.time.cmp(&a.time));
    let earliest = given.last().unwrap().clone();
    let merged = import::merge_candidates(&given).unwrap();
    let mut in_time = given.clone();
    in_time.reverse();
    assert_eq!(
        merged,
        ImportCandidate {
            source: in_time
                .iter()
                .map(|c| c.source.as_str())
                .collect::<Vec<_>>()
                .join("+"),
            count: alert.count + page.count + chat.count,
            severity: in_time.iter().find_map(|c| c.severity.clone()),
            original: in_time
                .iter()
                .map(|c| c.original.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            ..earliest
        }
    );
    // Merging a merged row again names each source once.
    let again = import::merge_candidates(&[merged.clone(), alert.clone()]).unwrap();
    assert_eq!(again.source, merged.source);
    // Inserted, it is one row.
    let edits = import::import_edits(&doc, &[merged]).unwrap();
    assert_eq!(edits.len(), 1);
    assert!(import::merge_candidates(&[alert]).is_err());
}

#[test]
fn a_source_that_fails_names_its_file_and_nothing_is_offered() {
    let doc = Document::parse(std::fs::read_to_string(root().join("pir/checkout.md")).unwrap());
    let req = request(&[
        "alertmanager/webhook-log.ndjson",
        "alertmanager/truncated.json",
    ]);
    let err = import::candidates(&doc, &req).unwrap_err();
    assert!(err.to_string().contains("truncated.json"), "{err}");
    let bad_zone = ImportRequest {
        zone: Some("Mars/Olympus".into()),
        ..request(&["alertmanager/webhook-log.ndjson"])
    };
    let err = import::candidates(&doc, &bad_zone).unwrap_err();
    assert!(err.to_string().contains("Mars/Olympus"), "{err}");
    let bad_time = ImportCandidate {
        time: "yesterday".into(),
        ..import::candidates(&doc, &request(&["alertmanager/webhook-log.ndjson"]))
            .unwrap()
            .rows[0]
            .clone()
    };
    assert!(import::import_edits(&doc, &[bad_time]).is_err());
}

#[test]
fn a_timeline_in_a_named_zone_shows_each_row_at_the_offset_in_force() {
    // Europe/Berlin moves from CET (+01:00) to CEST (+02:00) at 02:00 on 2026-03-29.
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    std::fs::write(
        &log,
        "2026-03-29T00:30:00Z web1 app[7]: queue depth rising\n\
         2026-03-29T01:30:00Z web1 app[7]: queue drained\n",
    )
    .unwrap();
    let doc = Document::parse(
        "# PIR\n\n**Date:** 2026-03-29\n\n## Timeline (Europe/Berlin)\n\n\
         | Time | Event |\n| --- | --- |\n| 01:00 | Deploy |\n| 04:00 | All clear |\n"
            .to_string(),
    );
    let plan = import::candidates(
        &doc,
        &ImportRequest {
            sources: vec![log],
            ..ImportRequest::default()
        },
    )
    .unwrap();
    let shown: Vec<(&str, &str)> = plan
        .rows
        .iter()
        .map(|c| (c.time.as_str(), c.cell.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            ("2026-03-29T01:30:00+01:00", "01:30"),
            ("2026-03-29T03:30:00+02:00", "03:30"),
        ]
    );
    // The window is the incident's day in Berlin: a stamp given without a zone reads there.
    let since = ImportRequest {
        since: Some("2026-03-29 03:00".into()),
        ..ImportRequest::default()
    };
    assert_eq!(
        since.options(&doc).unwrap().since.unwrap().to_rfc3339(),
        "2026-03-29T03:00:00+02:00"
    );
}

#[test]
fn evidence_imported_twice_is_offered_as_already_in_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("checkout.md");
    std::fs::copy(root().join("pir/checkout.md"), &file).unwrap();
    let mut session = EditorSession::open(&file).unwrap();
    let first = import::candidates(session.document(), &request(&REVIEWED)).unwrap();
    assert!(first.rows.iter().all(|c| !c.present), "{:?}", first.rows);
    // Two of them inserted (one reworded, so no longer the same row), then read again.
    let mut chosen = vec![first.rows[1].clone(), first.rows[3].clone()];
    chosen[1].event = "Reworded by the author".into();
    let edits = import::import_edits(session.document(), &chosen).unwrap();
    session.edit(&edits).unwrap();
    let again = import::candidates(session.document(), &request(&REVIEWED)).unwrap();
    let present: Vec<usize> = (0..again.rows.len())
        .filter(|&i| again.rows[i].present)
        .collect();
    assert_eq!(present, [1]);
    assert_eq!(again.rows[1].event, first.rows[1].event);
    // A merge is in the timeline only when all it stands for is.
    let merged = import::merge_candidates(&again.rows[1..3]).unwrap();
    assert!(!merged.present);
}
