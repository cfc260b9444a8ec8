//! The log readers of timeline import (Nagios/Icinga, syslog, the systemd journal, Kubernetes
//! events) over fixture files written from each format's documentation.
//!
//! `tests/fixtures/import/FORMAT/NAME.*` is read with the context of `NAME.ctx` (lines
//! `date=YYYY-MM-DD`, `zone=±HH:MM`, `only_hard=true`) and compared with `NAME.snap.json`: the
//! evidence, which of the readers' sniffers claim the file, and (syslog) what was assumed.
//! Every file in `FORMAT/bad/` must fail; its error is compared with `NAME.err`, and the line
//! it names is checked below as well. `PIR_BLESS=1` rewrites the snapshots (review the diff).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{FixedOffset, NaiveDate};
use pir_core::ErrorKind;
use pir_core::timeline::import::zone::Zone;
use pir_core::timeline::import::{Evidence, ReadContext, journal, k8s, nagios, parse_zone, syslog};
use proptest::prelude::*;

use crate::support::{fixtures, snapshot_mismatch};

/// A reader's entry point.
type Reader = fn(&str, &ReadContext) -> pir_core::Result<Vec<Evidence>>;

/// A reader's sniffer.
type Sniffer = fn(&str) -> bool;

/// The formats under test: fixture folder, reader, sniffer.
const FORMATS: [(&str, Reader, Sniffer); 4] = [
    ("nagios", nagios::read, nagios::sniff),
    ("syslog", syslog::read, syslog::sniff),
    ("journal", journal::read, journal::sniff),
    ("k8s", k8s::read, k8s::sniff),
];

pub(crate) fn import_dir() -> PathBuf {
    fixtures().join("import")
}

/// The input files of `dir` (everything but contexts and snapshots), sorted.
pub(crate) fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !(name.ends_with(".ctx") || name.ends_with(".snap.json") || name.ends_with(".err"))
        })
        .collect();
    files.sort();
    files
}

/// The context of `input`: its `.ctx` sidecar, and the file's name as the file.
pub(crate) fn context(input: &Path) -> ReadContext {
    let mut ctx = ReadContext {
        file: PathBuf::from(input.file_name().unwrap()),
        ..ReadContext::default()
    };
    let sidecar = input.with_extension("ctx");
    for line in std::fs::read_to_string(sidecar).unwrap_or_default().lines() {
        match line.split_once('=') {
            Some(("date", d)) => {
                ctx.incident_date = Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())
            }
            Some(("zone", z)) => ctx.zone = Some(parse_zone(z).unwrap()),
            Some(("only_hard", v)) => ctx.only_hard = v == "true",
            _ => panic!("{}: bad context line {line:?}", input.display()),
        }
    }
    ctx
}

/// The snapshot path beside `input` with `suffix` in place of its extension (so two inputs
/// of a folder never share a stem; checked here).
fn beside(input: &Path, suffix: &str) -> PathBuf {
    let stem = input.file_stem().unwrap().to_string_lossy();
    let twins = inputs(input.parent().unwrap())
        .iter()
        .filter(|p| p.file_stem() == input.file_stem())
        .count();
    assert_eq!(
        twins,
        1,
        "{}: another input has the stem {stem}",
        input.display()
    );
    input.with_file_name(format!("{stem}{suffix}"))
}

#[test]
fn fixtures_read_as_their_snapshots() {
    let mut mismatches = Vec::new();
    let mut seen = 0;
    for (format, read, _) in FORMATS {
        for input in inputs(&import_dir().join(format)) {
            seen += 1;
            let text = std::fs::read_to_string(&input).unwrap();
            let ctx = context(&input);
            let evidence = read(&text, &ctx).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
            let sniffed: Vec<&str> = FORMATS
                .iter()
                .filter(|(_, _, sniff)| sniff(&text))
                .map(|(f, ..)| *f)
                .collect();
            let mut snap = serde_json::json!({ "sniffed": sniffed });
            if format == "syslog" {
                let (again, notes) = syslog::read_noting(&text, &ctx).unwrap();
                assert_eq!(
                    again,
                    evidence,
                    "read and read_noting differ on {}",
                    input.display()
                );
                snap["notes"] = serde_json::json!(notes);
            }
            snap["evidence"] = serde_json::to_value(&evidence).unwrap();
            let got = serde_json::to_string_pretty(&snap).unwrap() + "\n";
            mismatches.extend(snapshot_mismatch(&beside(&input, ".snap.json"), &got));
        }
    }
    assert!(seen >= 15, "only {seen} fixtures found");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}

#[test]
fn every_fixture_is_claimed_by_its_own_sniffer_only() {
    for (format, _, _) in FORMATS {
        for input in inputs(&import_dir().join(format)) {
            let text = std::fs::read_to_string(&input).unwrap();
            let claimed: Vec<&str> = FORMATS
                .iter()
                .filter(|(_, _, sniff)| sniff(&text))
                .map(|(f, ..)| *f)
                .collect();
            assert_eq!(claimed, [format], "{}", input.display());
            // Among every format the import knows, in the order it tries them, too.
            assert_eq!(
                pir_core::timeline::import::Format::detect(&text).map(|f| f.name()),
                Some(format),
                "{}",
                input.display()
            );
        }
    }
}

#[test]
fn bad_inputs_fail_with_their_snapshot_error() {
    let mut mismatches = Vec::new();
    for (format, read, _) in FORMATS {
        for input in inputs(&import_dir().join(format).join("bad")) {
            let text = std::fs::read_to_string(&input).unwrap();
            let ctx = context(&input);
            let err = match read(&text, &ctx) {
                Ok(rows) => panic!("{} read as {rows:?}", input.display()),
                Err(e) => e,
            };
            assert_eq!(
                err.path.as_deref(),
                Some(ctx.file.as_path()),
                "{}",
                input.display()
            );
            let got = format!("{}: {err}\n", err.kind.as_str());
            mismatches.extend(snapshot_mismatch(&beside(&input, ".err"), &got));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}

/// The line (and column) each bad fixture's error names, checked by hand against the files:
/// `FORMAT/NAME KIND LINE[:COLUMN]`.
const BAD_LINES: &str = "
nagios/bad-state-type.log parse 2:49
nagios/missing-fields.log parse 3:29
nagios/syslog-given.log parse 1:1
nagios/bad-attempt.log parse 1:54
nagios/garbage-line.log parse 2:1
syslog/json-given.log parse 1:1
syslog/bad-pri.log parse 3:2
syslog/no-date.log invalid_input 3:1
syslog/feb-30.log parse 2:1
syslog/bad-5424-time.log parse 2:8
syslog/unclosed-sd.log parse 1:49
journal/truncated.jsonl parse 3:49
journal/no-timestamp.jsonl parse 3
journal/bad-timestamp.jsonl parse 1
journal/syslog-given.log parse 1:1
journal/not-object.jsonl parse 2
k8s/truncated.json parse 4:43
k8s/broken.yaml parse 5:11
k8s/alertmanager-given.json parse 1
k8s/syslog-given.log parse 1
k8s/no-time.json parse 1
k8s/no-time-pretty.json parse 12
k8s/bad-time-second-item.yaml parse 9
";

#[test]
fn bad_inputs_name_the_line() {
    for case in BAD_LINES.lines().filter(|l| !l.is_empty()) {
        let mut words = case.split(' ');
        let (file, kind, at) = (
            words.next().unwrap(),
            words.next().unwrap(),
            words.next().unwrap(),
        );
        let (format, name) = file.split_once('/').unwrap();
        let input = import_dir().join(format).join("bad").join(name);
        let text =
            std::fs::read_to_string(&input).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
        let read = FORMATS.iter().find(|(f, ..)| *f == format).unwrap().1;
        let err = read(&text, &context(&input)).expect_err(name);
        let got = match (err.line, err.column) {
            (Some(l), Some(c)) => format!("{l}:{c}"),
            (Some(l), None) => l.to_string(),
            _ => "none".to_string(),
        };
        assert_eq!(
            (err.kind.as_str(), got.as_str()),
            (kind, at),
            "{file}: {err}"
        );
    }
}

#[test]
fn only_hard_leaves_out_soft_states_and_keeps_notification_counts() {
    let text = std::fs::read_to_string(import_dir().join("nagios/soft-to-hard.log")).unwrap();
    let all = nagios::read(&text, &ReadContext::default()).unwrap();
    let hard = nagios::read(
        &text,
        &ReadContext {
            only_hard: true,
            ..ReadContext::default()
        },
    )
    .unwrap();
    let soft: Vec<&Evidence> = all.iter().filter(|e| e.event.contains("(SOFT")).collect();
    assert_eq!(soft.len(), 3);
    assert_eq!(hard.len(), all.len() - soft.len());
    assert!(hard.iter().all(|e| !e.event.contains("SOFT")));
    // The HARD CRITICAL stands for itself and its three notifications.
    let critical = hard
        .iter()
        .find(|e| e.key.as_deref() == Some("web01/HTTP/CRITICAL"))
        .unwrap();
    assert_eq!(critical.count, 4, "{critical:?}");
}

#[test]
fn syslog_without_a_stamp_on_the_first_line_is_another_format() {
    let ctx = ReadContext {
        file: "x.log".into(),
        ..ReadContext::default()
    };
    let err = syslog::read("  at com.example.Main\n2026-09-14T06:00:00Z ok\n", &ctx).unwrap_err();
    assert_eq!((err.kind, err.line), (ErrorKind::Parse, Some(1)));
    assert!(syslog::read("", &ctx).unwrap().is_empty());
}

/// Text from every fixture, for the property test to cut up.
fn corpus() -> &'static str {
    static CORPUS: OnceLock<String> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut all = String::new();
        for (format, ..) in FORMATS {
            for dir in [
                import_dir().join(format),
                import_dir().join(format).join("bad"),
            ] {
                for input in inputs(&dir) {
                    all.push_str(&std::fs::read_to_string(input).unwrap());
                }
            }
        }
        all
    })
}

/// A piece of the corpus between two indexes, on character boundaries.
fn slice(a: prop::sample::Index, b: prop::sample::Index) -> &'static str {
    let text = corpus();
    let (mut from, mut to) = (a.index(text.len()), b.index(text.len()));
    if from > to {
        std::mem::swap(&mut from, &mut to);
    }
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    &text[from..to]
}

/// Every reader and sniffer on `text`, under a context with and without year, zone and
/// only-hard: none may panic, whatever the text.
fn read_all(text: &str) {
    let plain = ReadContext::default();
    let full = ReadContext {
        file: "f".into(),
        incident_date: NaiveDate::from_ymd_opt(2027, 1, 1),
        zone: FixedOffset::east_opt(-11 * 3600).map(Zone::Fixed),
        only_hard: true,
    };
    for (_, read, sniff) in FORMATS {
        let _ = sniff(text);
        let _ = read(text, &plain);
        let _ = read(text, &full);
    }
    let _ = syslog::read_noting(text, &full);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_reader_panics_on_any_string(s in any::<String>()) {
        read_all(&s);
    }

    #[test]
    fn no_reader_panics_on_cut_and_spliced_fixtures(
        parts in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), ".{0,6}"), 1..6)
    ) {
        let mut text = String::new();
        for (a, b, noise) in parts {
            text.push_str(slice(a, b));
            text.push_str(&noise);
        }
        read_all(&text);
    }
}

#[test]
fn deeply_nested_input_is_an_error_not_a_crash() {
    let ctx = ReadContext::default();
    for text in [
        format!("items: {}", "[".repeat(100_000)),
        format!(
            "items:\n{}",
            (0..3000)
                .map(|i| format!("{}- \n", " ".repeat(i)))
                .collect::<String>()
        ),
        "[".repeat(100_000),
        "{\"a\":".repeat(100_000),
    ] {
        let _ = k8s::read(&text, &ctx);
        let _ = journal::read(&text, &ctx);
    }
}
