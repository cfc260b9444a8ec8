//! Line-based logs streamed in bounded memory: a generated 100 MB syslog read through a `Read`
//! that makes its lines as they are asked for (it never holds more than one) finds exactly the
//! records in the window; every log fixture streamed with a window reads as its whole text
//! read and then cut to the window; a window holding more than the cap keeps the first
//! records and says how many more there were.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, TimeDelta};
use pir_core::Document;
use pir_core::timeline::import::{
    self, Evidence, Format, ImportOptions, Keep, MAX_CANDIDATES, ReadContext, Window, journal,
    nagios, syslog,
};

use crate::import_logs::{context, import_dir, inputs};

/// The first record's time of the generated log.
const BASE: &str = "2026-09-14T00:00:00Z";

/// A syslog of `records` lines, one every 100 ms from [`BASE`], each about 100 bytes, made
/// as it is read: after every thousandth record a stack-trace line continues it.
struct GeneratedLog {
    next: u64,
    records: u64,
    line: Vec<u8>,
    at: usize,
    produced: u64,
}

impl GeneratedLog {
    fn new(records: u64) -> Self {
        GeneratedLog {
            next: 0,
            records,
            line: Vec::new(),
            at: 0,
            produced: 0,
        }
    }
}

/// The time of record `i`.
fn time_of(i: u64) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(BASE).unwrap() + TimeDelta::milliseconds(100 * i as i64)
}

/// The event of record `i`, as the reader words it (the stack-trace line joined).
fn event_of(i: u64) -> String {
    let mut e = format!(
        "web-{} checkout: request {i} served in {} ms for tenant acme-{:04}",
        i % 7,
        i % 997,
        i % 9973
    );
    if i % 1000 == 999 {
        e.push_str(" ⏎ at com.example.Handler.run(Handler.java:42)");
    }
    e
}

/// The 1-based line record `i` starts on.
fn line_of(i: u64) -> usize {
    (i + 1 + i / 1000) as usize
}

impl Read for GeneratedLog {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.line.len() {
            if self.next == self.records {
                return Ok(0);
            }
            let i = self.next;
            self.next += 1;
            self.line.clear();
            self.at = 0;
            let stamp = time_of(i)
                .naive_utc()
                .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                .to_string();
            self.line.extend_from_slice(
                format!(
                    "{stamp} web-{} checkout[{}]: request {i} served in {} ms for tenant acme-{:04}\n",
                    i % 7,
                    1000 + i % 50,
                    i % 997,
                    i % 9973
                )
                .as_bytes(),
            );
            if i % 1000 == 999 {
                self.line
                    .extend_from_slice(b"    at com.example.Handler.run(Handler.java:42)\n");
            }
        }
        let n = buf.len().min(self.line.len() - self.at);
        buf[..n].copy_from_slice(&self.line[self.at..self.at + n]);
        self.at += n;
        self.produced += n as u64;
        Ok(n)
    }
}

#[test]
fn a_100_mb_syslog_streams_and_keeps_only_the_window() {
    let records = 1_050_000;
    let mut log = GeneratedLog::new(records);
    // One hour, from record 400 000 to record 436 000 (the ends included).
    let (first, last) = (400_000u64, 436_000u64);
    let window = Window {
        since: Some(time_of(first)),
        until: Some(time_of(last)),
    };
    let ctx = ReadContext {
        file: "generated.log".into(),
        ..ReadContext::default()
    };
    let mut keep = Keep::new(window, MAX_CANDIDATES);
    let notes =
        import::read_from(&mut log, Path::new("generated.log"), None, &ctx, &mut keep).unwrap();
    assert!(log.produced > 100_000_000, "only {} bytes", log.produced);
    assert_eq!(log.next, records, "the log was read to its end");
    assert!(notes.is_empty(), "{notes:?}");
    let kept = (last - first + 1) as usize;
    assert_eq!(keep.rows.len(), kept);
    assert_eq!(keep.outside, records as usize - kept);
    assert_eq!(keep.over, 0);
    for (row, i) in keep.rows.iter().zip(first..=last) {
        let want = (time_of(i), event_of(i), line_of(i));
        let got = (row.time, row.event.clone(), row.line);
        assert_eq!(got, want, "record {i}");
        assert_eq!((row.source.as_str(), row.count), ("syslog", 1));
    }
}

/// What `read` gives for `text`, cut to `window`.
fn read_whole(format: &str, text: &str, ctx: &ReadContext, window: &Window) -> Vec<Evidence> {
    let all = match format {
        "syslog" => syslog::read(text, ctx),
        "nagios" => nagios::read(text, ctx),
        _ => journal::read(text, ctx),
    };
    all.unwrap()
        .into_iter()
        .filter(|e| window.contains(e.time))
        .collect()
}

#[test]
fn streaming_a_fixture_with_a_window_reads_as_the_whole_text_cut_to_it() {
    let mut seen = 0;
    for (format, name) in [
        (Format::Syslog, "syslog"),
        (Format::Nagios, "nagios"),
        (Format::Journal, "journal"),
    ] {
        for input in inputs(&import_dir().join(name)) {
            let text = std::fs::read_to_string(&input).unwrap();
            let ctx = context(&input);
            let all = read_whole(name, &text, &ctx, &Window::default());
            let mut times: Vec<_> = all.iter().map(|e| e.time).collect();
            times.sort();
            // The open window, the later half, and the middle third.
            let n = times.len();
            let windows = [
                Window::default(),
                Window {
                    since: times.get(n / 2).copied(),
                    until: None,
                },
                Window {
                    since: times.get(n / 3).copied(),
                    until: times.get(2 * n / 3).copied(),
                },
            ];
            for window in windows {
                let mut keep = Keep::new(window, MAX_CANDIDATES);
                let streamed = import::read_from(
                    std::fs::File::open(&input).unwrap(),
                    &input,
                    Some(format),
                    &ctx,
                    &mut keep,
                );
                if let Err(e) = streamed {
                    panic!("{}: {e}", input.display());
                }
                let want = read_whole(name, &text, &ctx, &window);
                assert_eq!(keep.rows, want, "{} in {window:?}", input.display());
                assert_eq!(keep.outside, all.len() - want.len(), "{}", input.display());
                seen += 1;
            }
        }
    }
    assert!(seen >= 30, "only {seen} cases");
}

#[test]
fn a_window_holding_more_than_the_cap_keeps_the_first_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("busy.log");
    let records = (MAX_CANDIDATES + 1234) as u64;
    let mut text = Vec::new();
    GeneratedLog::new(records).read_to_end(&mut text).unwrap();
    std::fs::write(&log, &text).unwrap();
    let pir = std::fs::read_to_string(import_dir().join("pir/checkout.md")).unwrap();
    let doc = Document::parse(pir);
    let opts = ImportOptions {
        since: Some(time_of(0)),
        until: Some(time_of(records)),
        ..ImportOptions::default()
    };
    let read = import::read_sources(doc.model(), std::slice::from_ref(&log), &opts).unwrap();
    assert_eq!(read.evidence.len(), MAX_CANDIDATES);
    assert_eq!(read.evidence.last().unwrap().line, line_of(records - 1235));
    let note = read
        .notes
        .iter()
        .find(|n| n.contains("left out"))
        .unwrap_or_else(|| panic!("{:?}", read.notes));
    assert!(note.starts_with(&log.display().to_string()), "{note}");
    assert!(note.contains("1234 more records"), "{note}");
}

#[test]
fn a_whole_document_over_the_limit_is_refused_naming_the_file() {
    // A sparse file: its length is over the limit, and nothing of it is read.
    let dir = tempfile::tempdir().unwrap();
    let alerts = dir.path().join("alerts.json");
    let file = std::fs::File::create(&alerts).unwrap();
    file.set_len(import::MAX_SOURCE_BYTES + 1).unwrap();
    let ctx = ReadContext {
        file: alerts.clone(),
        ..ReadContext::default()
    };
    let err = import::read_source(
        &alerts,
        Some(Format::Alertmanager),
        &ctx,
        &Window::default(),
    )
    .unwrap_err();
    assert_eq!(err.kind, pir_core::ErrorKind::TooLarge);
    assert_eq!(err.path.as_deref(), Some(alerts.as_path()));
    assert!(err.message.contains("read whole, up to 256 MB"), "{err}");
}

/// The source files of the streamed formats must keep a line's number across a bad byte.
#[test]
fn a_bad_byte_deep_in_a_streamed_log_names_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let log: PathBuf = dir.path().join("bad.log");
    let mut text = Vec::new();
    GeneratedLog::new(2000).read_to_end(&mut text).unwrap();
    text.extend_from_slice(b"2026-09-14T01:00:00Z host app: caf\xe9\n");
    std::fs::write(&log, &text).unwrap();
    let ctx = ReadContext {
        file: log.clone(),
        ..ReadContext::default()
    };
    let err = import::read_source(&log, None, &ctx, &Window::default()).unwrap_err();
    assert_eq!(err.kind, pir_core::ErrorKind::NotUtf8);
    assert_eq!((err.line, err.column), (Some(2000 + 2 + 1), Some(35)));
    assert_eq!(err.path.as_deref(), Some(log.as_path()));
}

#[test]
fn journal_entries_stream_across_lines_and_crlf_as_the_whole_text_reads() {
    let ok = "{\"__REALTIME_TIMESTAMP\":\"1789365600000000\",\"MESSAGE\":\"a\"}\r\n\
              {\"__REALTIME_TIMESTAMP\":\"1789365601000000\",\"MESSAGE\":\"b\"} \
              {\"__REALTIME_TIMESTAMP\":\"1789365602000000\",\"MESSAGE\":\"c\"}\r\n\
              {\r\n  \"__REALTIME_TIMESTAMP\" : \"1789365603000000\",\r\n  \"MESSAGE\": \"d ]}\"\r\n}\r\n";
    let broken = format!("{ok}  {{\"__REALTIME_TIMESTAMP\":\"1789365604000000\",\"MESS\r\n");
    let trailing = format!("{ok}{{\"__REALTIME_TIMESTAMP\":\"1\"}} x\r\n");
    let ctx = ReadContext {
        file: "j.jsonl".into(),
        ..ReadContext::default()
    };
    for text in [ok.to_string(), broken, trailing] {
        let whole = journal::read(&text, &ctx);
        let mut keep = Keep::all();
        let streamed = import::read_from(
            text.as_bytes(),
            Path::new("j.jsonl"),
            Some(Format::Journal),
            &ctx,
            &mut keep,
        );
        match (whole, streamed) {
            (Ok(rows), Ok(_)) => {
                assert_eq!(keep.rows, rows);
                let lines: Vec<usize> = rows.iter().map(|e| e.line).collect();
                assert_eq!(lines, [1, 2, 2, 3], "{rows:?}");
            }
            (Err(a), Err(b)) => {
                assert_eq!((a.line, a.column), (b.line, b.column), "{a} / {b}");
                assert_eq!(a.message, b.message);
                assert_eq!(a.line, Some(7), "{a}");
            }
            (a, b) => panic!("{text:?}: {a:?} / {b:?}"),
        }
    }
}
