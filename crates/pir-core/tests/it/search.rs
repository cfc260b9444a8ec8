//! Search: ranking by field, best lines and highlight ranges, identifiers, phrases, prefixes,
//! filters, per-file updates and the watcher.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use pir_core::search::{SearchField, SearchFilters, SearchHit, SearchIndex};
use pir_core::site::Site;

/// The parts of a fictional PIR that tests vary.
#[derive(Clone)]
pub struct Pir<'a> {
    pub title: &'a str,
    pub date: &'a str,
    pub severity: &'a str,
    pub status: &'a str,
    pub tags: &'a [&'a str],
    pub summary: &'a str,
    pub event: &'a str,
    pub cause: &'a str,
    pub action: (&'a str, &'a str, &'a str),
    pub detail: &'a str,
}

impl Default for Pir<'_> {
    fn default() -> Self {
        Pir {
            title: "Build cache eviction storm",
            date: "2025-04-01",
            severity: "Medium",
            status: "Resolved",
            tags: &["ci"],
            summary: "Builds slowed down for an afternoon.",
            event: "Queue depth rises",
            cause: "The cache was too small.",
            action: ("Resize the cache", "Platform", "Done"),
            detail: "Nothing more to add.",
        }
    }
}

impl Pir<'_> {
    /// The markdown of the PIR.
    pub fn text(&self) -> String {
        let tags: String = self.tags.iter().map(|t| format!("  - {t}\n")).collect();
        format!(
            "---\ntags:\n{tags}---\n\n# Post Incident Review: {title}\n\n**Date:** {date}\n**Duration:** ~1h\n\
             **Severity:** {severity}\n**Status:** {status}\n\n---\n\n## Executive Summary\n\n{summary}\n\n\
             ## Timeline (UTC)\n\n| Time | Event |\n| ---- | ----- |\n| 10:00 | **INCIDENT START**: {event} |\n\
             | 10:05 | **INCIDENT DETECTED**: Alert fires |\n| 11:00 | **INCIDENT RESOLVED**: Back to normal |\n\n\
             ## Root Causes\n\n##### How did it happen?\n\n{cause}\n\n## Action Items\n\n\
             | # | Action | Owner | Priority | Status |\n| - | ------ | ----- | -------- | ------ |\n\
             | 1 | {a} | {o} | High | {s} |\n\n## Technical Details\n\n{detail}\n",
            title = self.title,
            date = self.date,
            severity = self.severity,
            status = self.status,
            summary = self.summary,
            event = self.event,
            cause = self.cause,
            a = self.action.0,
            o = self.action.1,
            s = self.action.2,
            detail = self.detail,
        )
    }
}

/// A site (mkdocs.yml, docs/index.md, docs/incidents/) with the given PIRs as `name.md`.
pub fn write_site(dir: &Path, pirs: &[(&str, String)]) -> Site {
    std::fs::create_dir_all(dir.join("docs/incidents")).unwrap();
    std::fs::write(dir.join("mkdocs.yml"), "site_name: Test\n").unwrap();
    std::fs::write(dir.join("docs/index.md"), "# Test\n").unwrap();
    for (name, text) in pirs {
        std::fs::write(dir.join(format!("docs/incidents/{name}.md")), text).unwrap();
    }
    Site::open(dir).unwrap()
}

fn names(hits: &[SearchHit]) -> Vec<String> {
    hits.iter()
        .map(|h| h.path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

fn all() -> SearchFilters {
    SearchFilters::default()
}

/// The same word in the title, the summary, the timeline and the technical details of four
/// otherwise identical PIRs ranks them in that order.
#[test]
fn title_outranks_summary_outranks_timeline_outranks_rest() {
    let dir = tempfile::tempdir().unwrap();
    let base = Pir::default();
    let site = write_site(
        dir.path(),
        &[
            (
                "d-body",
                Pir {
                    detail: "Nothing more to add about quokka.",
                    ..base.clone()
                }
                .text(),
            ),
            (
                "c-timeline",
                Pir {
                    event: "Queue depth rises quokka",
                    ..base.clone()
                }
                .text(),
            ),
            (
                "b-summary",
                Pir {
                    summary: "Builds slowed down for an afternoon quokka.",
                    ..base.clone()
                }
                .text(),
            ),
            (
                "a-title",
                Pir {
                    title: "Build cache eviction storm quokka",
                    ..base.clone()
                }
                .text(),
            ),
            ("e-none", base.text()),
        ],
    );
    let index = SearchIndex::build(&site).unwrap();
    assert_eq!(index.len(), 5);
    let hits = index.search("quokka ", &all(), 10);
    assert_eq!(
        names(&hits),
        ["a-title", "b-summary", "c-timeline", "d-body"]
    );
    let fields: Vec<SearchField> = hits
        .iter()
        .map(|h| h.best.as_ref().unwrap().field)
        .collect();
    assert_eq!(
        fields,
        [
            SearchField::Title,
            SearchField::Summary,
            SearchField::Timeline,
            SearchField::Body
        ]
    );
    assert!(hits.windows(2).all(|w| w[0].score > w[1].score));
    // The root causes and action items are their own fields too.
    let dir2 = tempfile::tempdir().unwrap();
    let site = write_site(
        dir2.path(),
        &[(
            "x",
            Pir {
                cause: "A wombat chewed the cable.",
                action: ("Fence off the numbat", "Ops", "Open"),
                ..base.clone()
            }
            .text(),
        )],
    );
    let index = SearchIndex::build(&site).unwrap();
    let field = |q: &str| index.search(q, &all(), 1)[0].best.clone().unwrap().field;
    assert_eq!(field("wombat"), SearchField::RootCauses);
    assert_eq!(field("numbat"), SearchField::Actions);
}

/// The best line is the one matching the most query words; spans are byte and character
/// ranges within that line.
#[test]
fn best_line_with_byte_and_char_spans() {
    let dir = tempfile::tempdir().unwrap();
    let text = Pir {
        summary: "The résumé service failed.\nThe résumé parser — and the Parser cache — failed.",
        ..Pir::default()
    }
    .text();
    let site = write_site(dir.path(), &[("p", text.clone())]);
    let index = SearchIndex::build(&site).unwrap();
    let hits = index.search("résumé parser", &all(), 10);
    assert_eq!(hits.len(), 1);
    let best = hits[0].best.as_ref().unwrap();
    let line_text = "The résumé parser — and the Parser cache — failed.";
    assert_eq!(best.text, line_text);
    assert_eq!(text.lines().nth(best.line - 1), Some(line_text));
    let spans: Vec<(usize, usize, usize, usize)> = best
        .matches
        .iter()
        .map(|m| (m.start, m.end, m.char_start, m.char_end))
        .collect();
    // "résumé" is 6 chars / 8 bytes at 4; "parser" at byte 13 (char 11); "—" is 3 bytes /
    // 1 char, so "Parser" starts at byte 13+6+1+3+1+3+1+3+1 = 32, char 11+6+1+1+1+3+1+3+1 = 28.
    assert_eq!(spans, [(4, 12, 4, 10), (13, 19, 11, 17), (32, 38, 28, 34)]);
    for m in &best.matches {
        let by_bytes = &line_text[m.start..m.end];
        let by_chars: String = line_text
            .chars()
            .skip(m.char_start)
            .take(m.char_end - m.char_start)
            .collect();
        assert_eq!(by_bytes, by_chars);
        assert!(by_bytes.eq_ignore_ascii_case("parser") || by_bytes == "résumé");
    }
}

/// Identifiers with hyphens are found whole, by their parts and by prefix; words with digits
/// are single terms.
#[test]
fn identifiers_and_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let site = write_site(
        dir.path(),
        &[
            (
                "vol",
                Pir {
                    event: "Volume pvc-05e03b60 detached from node k8s01 (HTTP 503)",
                    ..Pir::default()
                }
                .text(),
            ),
            (
                "other",
                Pir {
                    event: "Volume pvc-77aa detached from node k8s02",
                    ..Pir::default()
                }
                .text(),
            ),
        ],
    );
    let index = SearchIndex::build(&site).unwrap();
    let found = |q: &str| names(&index.search(q, &all(), 10));
    assert_eq!(found("pvc-05e03b60 "), ["vol"]);
    assert_eq!(found("05e03b60 "), ["vol"]);
    assert_eq!(found("pvc-05e"), ["vol"]);
    assert_eq!(
        found("PVC "),
        ["other", "vol"].map(String::from).to_vec().tap_sort()
    );
    assert_eq!(found("k8s01 "), ["vol"]);
    assert_eq!(found("k8s0").len(), 2);
    assert_eq!(found("503 "), ["vol"]);
    assert!(found("k8s ").is_empty());
    let hit = &index.search("pvc-05e03b60", &all(), 1)[0];
    let best = hit.best.as_ref().unwrap();
    let m = best.matches[0];
    assert_eq!(&best.text[m.start..m.end], "pvc-05e03b60");
}

trait TapSort {
    fn tap_sort(self) -> Self;
}
impl TapSort for Vec<String> {
    fn tap_sort(mut self) -> Self {
        self.sort();
        self
    }
}

/// Quoted phrases need their words in a row; the last bare word is a prefix unless followed
/// by a space.
#[test]
fn phrases_and_prefixes() {
    let dir = tempfile::tempdir().unwrap();
    let site = write_site(
        dir.path(),
        &[
            (
                "loop",
                Pir {
                    cause: "A forwarding loop between the two\nresolvers kept queries bouncing.",
                    ..Pir::default()
                }
                .text(),
            ),
            (
                "apart",
                Pir {
                    cause: "The loop was in forwarding tables of the resolver fleet.",
                    ..Pir::default()
                }
                .text(),
            ),
        ],
    );
    let index = SearchIndex::build(&site).unwrap();
    let found = |q: &str| names(&index.search(q, &all(), 10)).tap_sort();
    assert_eq!(found("\"forwarding loop\""), ["loop"]);
    assert_eq!(found("\"loop forwarding\""), Vec::<String>::new());
    assert_eq!(found("forwarding loop "), ["apart", "loop"]);
    // A phrase may run across a line break of a paragraph.
    assert_eq!(found("\"the two resolvers\""), ["loop"]);
    assert_eq!(found("resolv"), ["apart", "loop"]);
    assert_eq!(found("resolv "), Vec::<String>::new());
    assert_eq!(found("\"resolv\""), Vec::<String>::new());
    assert_eq!(found("fle"), ["apart"]);
    let hit = &index.search("\"forwarding loop\"", &all(), 1)[0];
    let best = hit.best.as_ref().unwrap();
    assert_eq!(best.field, SearchField::RootCauses);
    let m = best.matches[0];
    assert_eq!(&best.text[m.start..m.end], "forwarding loop");
}

/// Each filter narrows the hits; an empty query lists what passes, newest first.
#[test]
fn filters() {
    let dir = tempfile::tempdir().unwrap();
    let site = write_site(
        dir.path(),
        &[
            (
                "old-high",
                Pir {
                    date: "2024-02-10",
                    severity: "High (customers affected)",
                    status: "Resolved",
                    tags: &["network", "dns"],
                    action: ("Add alert", "Network", "Open"),
                    ..Pir::default()
                }
                .text(),
            ),
            (
                "new-low",
                Pir {
                    date: "2025-08-01",
                    severity: "Low",
                    status: "Monitoring",
                    tags: &["storage"],
                    action: ("Add alert", "Storage", "Complete"),
                    ..Pir::default()
                }
                .text(),
            ),
            (
                "mid-high",
                Pir {
                    date: "2025-01-15",
                    severity: "high",
                    status: "Resolved - follow-ups open",
                    tags: &["DNS"],
                    action: ("Add alert", "Network", "In progress"),
                    ..Pir::default()
                }
                .text(),
            ),
        ],
    );
    let index = SearchIndex::build(&site).unwrap();
    let found = |f: SearchFilters| names(&index.search("alert", &f, 10)).tap_sort();
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert_eq!(
        found(SearchFilters {
            severity: Some("HIGH".into()),
            ..all()
        }),
        ["mid-high", "old-high"]
    );
    assert_eq!(
        found(SearchFilters {
            status: Some("resolved".into()),
            ..all()
        }),
        ["mid-high", "old-high"]
    );
    assert_eq!(
        found(SearchFilters {
            tag: Some("dns".into()),
            ..all()
        }),
        ["mid-high", "old-high"]
    );
    assert_eq!(
        found(SearchFilters {
            since: Some(date("2025-01-15")),
            ..all()
        }),
        ["mid-high", "new-low"]
    );
    assert_eq!(
        found(SearchFilters {
            until: Some(date("2025-01-14")),
            ..all()
        }),
        ["old-high"]
    );
    assert_eq!(
        found(SearchFilters {
            open_actions: true,
            ..all()
        }),
        ["mid-high", "old-high"]
    );
    assert_eq!(
        found(SearchFilters {
            open_actions: true,
            since: Some(date("2025-01-01")),
            tag: Some("dns".into()),
            ..all()
        }),
        ["mid-high"]
    );
    let listed = index.search("", &all(), 10);
    assert_eq!(names(&listed), ["new-low", "mid-high", "old-high"]);
    assert!(listed.iter().all(|h| h.best.is_none()));
    assert_eq!(listed[2].open_action_items, 1);
    assert_eq!(listed[0].open_action_items, 0);
    assert_eq!(names(&index.search("", &all(), 2)).len(), 2);
}

/// `update` and `remove` change what later queries see without a rebuild.
#[test]
fn update_and_remove_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let site = write_site(dir.path(), &[("a", Pir::default().text())]);
    let mut index = SearchIndex::build(&site).unwrap();
    let a = site.incidents_dir().join("a.md");
    assert!(index.contains(&a));
    assert!(index.search("axolotl ", &all(), 10).is_empty());
    let b = site.incidents_dir().join("b.md");
    let text = Pir {
        summary: "An axolotl escaped.",
        ..Pir::default()
    }
    .text();
    index.update(&b, &text);
    let hits = index.search("axolotl ", &all(), 10);
    assert_eq!(names(&hits), ["b"]);
    assert_eq!(hits[0].rel, "incidents/b.md");
    index.update(&b, &Pir::default().text());
    assert!(index.search("axolotl ", &all(), 10).is_empty());
    assert_eq!(index.len(), 2);
    index.update(&a, &text);
    assert_eq!(names(&index.search("axolotl ", &all(), 10)), ["a"]);
    assert!(index.remove(&a));
    assert!(!index.remove(&a));
    assert!(index.search("axolotl ", &all(), 10).is_empty());
    assert_eq!(index.len(), 1);
    // Slots of removed PIRs are reused without mixing up postings.
    index.update(&a, &text);
    index.update(&b, &text);
    assert_eq!(
        names(&index.search("axolotl", &all(), 10)).tap_sort(),
        ["a", "b"]
    );
}

/// The watcher sees a file written, changed and deleted on disk (bounded waits).
#[test]
fn watcher_follows_the_incidents_folder() {
    let dir = tempfile::tempdir().unwrap();
    let site = write_site(dir.path(), &[("a", Pir::default().text())]);
    let watcher = SearchIndex::watch(&site).unwrap();
    let wait = Duration::from_secs(10);
    let found = |q: &str| names(&watcher.search(q, &all(), 10));
    assert_eq!(watcher.read().len(), 1);
    let b: PathBuf = site.incidents_dir().join("2025-05-05-new.md");
    let text = Pir {
        summary: "A capybara sat on the switch.",
        ..Pir::default()
    }
    .text();
    std::fs::write(&b, &text).unwrap();
    assert!(
        watcher.wait_until(wait, |i| !i.search("capybara", &all(), 1).is_empty()),
        "the new file was not indexed within {wait:?}"
    );
    assert_eq!(found("capybara"), ["2025-05-05-new"]);
    // A change through an atomic rename, as editors and fsio save.
    let tmp = site.incidents_dir().join(".2025-05-05-new.md.tmp");
    std::fs::write(&tmp, text.replace("capybara", "pangolin")).unwrap();
    std::fs::rename(&tmp, &b).unwrap();
    assert!(
        watcher.wait_until(wait, |i| i.search("capybara", &all(), 1).is_empty()
            && !i.search("pangolin", &all(), 1).is_empty())
    );
    // Pages that are not PIRs are not indexed.
    std::fs::write(site.incidents_dir().join("index.md"), "# pangolin list\n").unwrap();
    std::fs::remove_file(&b).unwrap();
    assert!(watcher.wait_until(wait, |i| i.len() == 1));
    assert!(found("pangolin").is_empty());
    assert!(watcher.generation() >= 1);
}

/// Saving `.pir.toml` (here: moving the PIRs folder) rebuilds the live index from the site
/// as it now reads; a half-typed settings file that no longer parses leaves it as it was.
#[test]
fn watcher_follows_the_sites_settings() {
    let dir = tempfile::tempdir().unwrap();
    let site = write_site(dir.path(), &[("2025-01-01-a", Pir::default().text())]);
    let reviews = dir.path().join("docs/reviews");
    std::fs::create_dir_all(&reviews).unwrap();
    let text = Pir {
        summary: "An okapi unplugged the router.",
        ..Pir::default()
    }
    .text();
    std::fs::write(reviews.join("2025-02-02-okapi.md"), &text).unwrap();
    let watcher = SearchIndex::watch(&site).unwrap();
    let wait = Duration::from_secs(10);
    assert!(watcher.search("okapi", &all(), 1).is_empty());

    std::fs::write(&site.overrides_path, "pirs_folder = \"reviews\"\n").unwrap();
    assert!(
        watcher.wait_until(wait, |i| !i.search("okapi", &all(), 1).is_empty()),
        "the index did not follow .pir.toml within {wait:?}"
    );
    assert_eq!(
        watcher.read().len(),
        1,
        "only the reviews folder is indexed now"
    );

    let seen = watcher.generation();
    std::fs::write(&site.overrides_path, "pirs_folder = [\n").unwrap();
    assert!(watcher.wait_until(wait, |_| watcher.generation() > seen));
    assert!(
        !watcher.search("okapi", &all(), 1).is_empty(),
        "a broken file keeps the index"
    );
}

/// Every PIR of the sample site, and of the real site when present, is found by the words
/// of its own title, at the title line.
#[test]
fn each_pir_is_found_by_its_title() {
    let (_dir, sites) = crate::support::sample_and_shared_sites();
    for root in sites {
        let site = Site::open(&root).unwrap();
        let index = SearchIndex::build(&site).unwrap();
        let summaries = site.summaries().unwrap();
        assert_eq!(index.len(), summaries.len());
        for pir in summaries {
            let title = pir.title.clone().unwrap();
            let hits = index.search(&format!("{title} "), &all(), 3);
            assert_eq!(hits.first().map(|h| &h.path), Some(&pir.path), "{title}");
            let best = hits[0].best.as_ref().unwrap();
            assert_eq!(best.field, SearchField::Title, "{title}");
            assert!(best.text.contains(&title));
        }
    }
}

/// A file rewritten faster than the quiet period is still re-indexed within the maximum delay.
#[test]
fn watcher_applies_changes_to_a_file_that_keeps_changing() {
    let dir = tempfile::tempdir().unwrap();
    let site = write_site(dir.path(), &[]);
    // A quiet period far longer than the gaps between writes below.
    let watcher = SearchIndex::watch_with(&site, Duration::from_secs(30)).unwrap();
    let path = site.incidents_dir().join("2025-06-01-busy.md");
    let started = std::time::Instant::now();
    let mut i = 0;
    let seen = loop {
        let text = Pir {
            summary: &format!("Rewrite number {i} of the okapi file."),
            ..Pir::default()
        }
        .text();
        std::fs::write(&path, text).unwrap();
        i += 1;
        if !watcher.search("okapi", &all(), 1).is_empty() {
            break true;
        }
        if started.elapsed() > Duration::from_secs(10) {
            break false;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(seen, "never indexed while the file kept changing");
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// The parallel build (files in batches, each with its own dictionary, merged after) gives
/// exactly the index that adding the files one by one gives: same hits, order, scores, best
/// lines and highlight ranges, for words, prefixes with many expansions, phrases and filters.
#[test]
fn parallel_build_equals_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    pir_core::sample::write_generated_site(dir.path(), 240).unwrap();
    let site = Site::open(dir.path()).unwrap();
    let parallel = SearchIndex::build(&site).unwrap();
    let mut serial = SearchIndex::new(Some(site.docs_dir()));
    for path in site.pir_files().unwrap() {
        serial.update(&path, &std::fs::read_to_string(&path).unwrap());
    }
    assert_eq!(parallel.len(), 243);
    assert_eq!(serial.len(), 243);
    let high_open = SearchFilters {
        severity: Some("High".into()),
        open_actions: true,
        ..all()
    };
    let since = SearchFilters {
        since: NaiveDate::from_ymd_opt(2026, 5, 1),
        until: NaiveDate::from_ymd_opt(2026, 6, 30),
        ..all()
    };
    for (query, filters) in [
        ("certificate", &all()),
        ("resolver forw", &all()),
        ("\"forwarding loop\"", &all()),
        ("t", &all()),
        ("case 17", &all()),
        ("renewal", &high_open),
        ("", &since),
        ("memory", &since),
    ] {
        let p = parallel.search(query, filters, 300);
        let s = serial.search(query, filters, 300);
        assert!(!p.is_empty(), "{query:?} finds nothing");
        assert_eq!(p, s, "{query:?}");
    }
}

/// A live index answers at once while it builds (no hits, "indexing"), then searches, then
/// follows a file written on disk; a folder that is not a site fails with the site's error.
#[test]
fn live_index_builds_in_the_background() {
    use pir_core::search::{IndexStatus, LiveIndex};
    let dir = tempfile::tempdir().unwrap();
    pir_core::sample::write_generated_site(dir.path(), 300).unwrap();
    let live = LiveIndex::start(dir.path());
    let early = live.search("certificate", &all(), 5);
    match &early.status {
        IndexStatus::Indexing => assert!(early.hits.is_empty()),
        // A very fast machine may be done already; then the hits are there.
        IndexStatus::Ready { .. } => assert!(!early.hits.is_empty()),
        IndexStatus::Failed { error } => panic!("{error}"),
    }
    let status = live.wait(Duration::from_secs(60));
    assert!(
        matches!(status, IndexStatus::Ready { pirs: 303, .. }),
        "{status:?}"
    );
    let res = live.search("certificate", &all(), 5);
    assert_eq!(res.status, status);
    assert_eq!(res.hits.len(), 5);

    let site = Site::open(dir.path()).unwrap();
    let new = site.incidents_dir().join("2030-01-01-okapi.md");
    let text = Pir {
        title: "Okapi in the server room",
        ..Pir::default()
    }
    .text();
    std::fs::write(&new, text).unwrap();
    let seen = live
        .with_watcher(|w| {
            w.wait_until(Duration::from_secs(10), |i| {
                !i.search("okapi", &all(), 1).is_empty()
            })
        })
        .unwrap();
    assert!(seen, "the new file was not indexed");
    assert_eq!(
        names(&live.search("okapi", &all(), 5).hits),
        ["2030-01-01-okapi"]
    );
    assert!(matches!(
        live.status(),
        IndexStatus::Ready { pirs: 304, .. }
    ));

    let empty = tempfile::tempdir().unwrap();
    let failed = LiveIndex::start(empty.path());
    match failed.wait(Duration::from_secs(30)) {
        IndexStatus::Failed { error } => assert_eq!(error.kind, pir_core::ErrorKind::Config),
        other => panic!("{other:?}"),
    }
    assert!(failed.search("x", &all(), 5).hits.is_empty());
}
