//! Adding many nav entries at once gives, byte for byte, what adding them one at a time gives.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use pir_core::site::SiteConfig;
use pir_core::site::nav::{NavAdded, NavPir, insert_nav_entries, insert_nav_entry_parsed};
use proptest::prelude::*;

const SLUGS: [&str; 4] = ["dns-loop", "disk-full", "cert-expiry", "queue-leak"];

/// How the generated nav is written.
#[derive(Debug, Clone)]
struct Shape {
    /// The nav has an Incidents section (else one must be created).
    incidents: bool,
    /// PIRs sit in year sub-sections; the flag says whether years are quoted (`'2025':`).
    years: Option<bool>,
    newest_first: bool,
    /// Indentation of the top-level items and of each level below.
    top: usize,
    step: usize,
    /// 0: `2026-01-02 Dns Loop` (from the slug), 1: `2026-01-02 <title>`, 2: `<title>`.
    style: u8,
    /// A non-PIR page at the end of the incidents section.
    trailing_page: bool,
    /// A key after `nav`, and whether the file ends with a line break.
    after_nav: bool,
    final_break: bool,
    crlf: bool,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        (
            prop::bool::weighted(0.75),
            prop::option::of(any::<bool>()),
            any::<bool>(),
        ),
        (
            prop::sample::select(vec![0usize, 2]),
            prop::sample::select(vec![2usize, 4]),
        ),
        (0u8..3, any::<bool>()),
        (
            any::<bool>(),
            prop::bool::weighted(0.7),
            prop::bool::weighted(0.15),
        ),
    )
        .prop_map(
            |(
                (incidents, years, newest_first),
                (top, step),
                (style, trailing_page),
                (after_nav, final_break, crlf),
            )| Shape {
                incidents,
                years,
                newest_first,
                top,
                step,
                style,
                trailing_page,
                after_nav,
                final_break,
                crlf,
            },
        )
}

/// A PIR by (year, month, day, slug index).
type Pir = (i32, u32, u32, usize);

fn pir(range: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = Pir> {
    (range, 1u32..=2, 1u32..=3, 0usize..SLUGS.len())
}

fn path_of(p: &Pir) -> String {
    format!(
        "incidents/{:04}-{:02}-{:02}-{}.md",
        p.0, p.1, p.2, SLUGS[p.3]
    )
}

fn date_of(p: &Pir) -> NaiveDate {
    NaiveDate::from_ymd_opt(p.0, p.1, p.2).unwrap()
}

/// The PIR's own title (what its page's first heading says).
fn title_of(p: &Pir) -> String {
    format!("Case {} of {}", p.3, p.0)
}

fn slug_title(slug: &str) -> String {
    slug.split('-')
        .map(|w| w[..1].to_uppercase() + &w[1..])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A `mkdocs.yml` with a nav of the given shape listing `existing`.
fn site_text(shape: &Shape, existing: &[Pir]) -> String {
    let mut pirs: Vec<Pir> = existing.to_vec();
    pirs.sort();
    pirs.dedup_by_key(|p| path_of(p));
    if shape.newest_first {
        pirs.reverse();
    }
    let top = " ".repeat(shape.top);
    let l1 = " ".repeat(shape.top + shape.step);
    let l2 = " ".repeat(shape.top + 2 * shape.step);
    let entry = |indent: &str, p: &Pir| {
        let date = date_of(p).format("%Y-%m-%d").to_string();
        let title = match shape.style {
            0 => format!("{date} {}", slug_title(SLUGS[p.3])),
            1 => format!("{date} {}", title_of(p)),
            _ => title_of(p),
        };
        format!("{indent}- {title}: {}\n", path_of(p))
    };
    let mut out = String::from("site_name: Test # keep\nnav:\n");
    out += &format!("{top}- Home: index.md\n");
    if shape.incidents {
        out += &format!("{top}- Incidents:\n");
        match shape.years {
            None => pirs.iter().for_each(|p| out += &entry(&l1, p)),
            Some(quoted) => {
                let mut year = None;
                for p in &pirs {
                    if year != Some(p.0) {
                        year = Some(p.0);
                        let y = if quoted {
                            format!("'{}'", p.0)
                        } else {
                            p.0.to_string()
                        };
                        out += &format!("{l1}- {y}:\n");
                    }
                    out += &entry(&l2, p);
                }
            }
        }
        if pirs.is_empty() || shape.trailing_page {
            out += &format!("{l1}- Overview: overview.md\n");
        }
    }
    out += &format!("{top}- About: about.md");
    if shape.after_nav {
        out += "\nextra:\n  x: 1";
    }
    if shape.final_break {
        out += "\n";
    }
    if shape.crlf {
        out = out.replace('\n', "\r\n");
    }
    out
}

/// Adds `pirs` one at a time, parsing each result again, as sync did.
fn one_at_a_time(
    text: &str,
    pirs: &[NavPir<'_>],
    titles: &dyn Fn(&str) -> Option<String>,
) -> Result<(String, Vec<String>), String> {
    let mut text = text.to_string();
    let mut nav = SiteConfig::parse(&text).unwrap().nav.unwrap();
    let mut added = Vec::new();
    for p in pirs {
        match insert_nav_entry_parsed(&text, &nav, "incidents/", p, titles) {
            Ok(Some((t, n))) => {
                text = t;
                nav = n;
                added.push(p.path.to_string());
            }
            Ok(None) => {}
            Err(e) => return Err(e.message),
        }
    }
    Ok((text, added))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn adding_many_at_once_is_adding_them_one_by_one(
        shape in shape(),
        existing in prop::collection::vec(pir(2023..=2025), 0..7),
        new in prop::collection::vec(pir(2022..=2027), 1..12),
        sorted in any::<bool>(),
    ) {
        let text = site_text(&shape, &existing);
        let mut new = new;
        if sorted {
            // As sync orders them: oldest first.
            new.sort_by_key(|p| (date_of(p), path_of(p)));
        }
        let paths: Vec<String> = new.iter().map(path_of).collect();
        let titles: Vec<String> = new.iter().map(title_of).collect();
        let pirs: Vec<NavPir<'_>> = new
            .iter()
            .zip(paths.iter().zip(&titles))
            .map(|(p, (path, title))| NavPir { path, date: date_of(p), title })
            .collect();
        let known: HashMap<String, String> = existing
            .iter()
            .chain(&new)
            .map(|p| (path_of(p), title_of(p)))
            .collect();
        let title_lookup = |t: &str| known.get(t).cloned();

        let nav = SiteConfig::parse(&text).unwrap().nav.unwrap();
        let batch = insert_nav_entries(&text, &nav, "incidents/", &pirs, &title_lookup);
        let single = one_at_a_time(&text, &pirs, &title_lookup);
        match (batch, single) {
            (Ok(Some(NavAdded { text: after, nav: batch_nav, added })), Ok((expected, expected_added))) => {
                prop_assert_eq!(&after, &expected, "from:\n{}", text);
                let added: Vec<String> = added.iter().map(|s| s.to_string()).collect();
                prop_assert_eq!(added, expected_added);
                prop_assert_eq!(batch_nav, SiteConfig::parse(&expected).unwrap().nav.unwrap());
                // Every new year got its section, when the site uses them.
                if shape.incidents && shape.years.is_some() && !existing.is_empty() {
                    for p in &new {
                        let year = date_of(p).year().to_string();
                        let quoted = format!("- '{year}':");
                        let plain = format!("- {year}:");
                        prop_assert!(after.contains(&quoted) || after.contains(&plain));
                    }
                }
            }
            (Ok(None), Ok((expected, added))) => {
                prop_assert!(added.is_empty());
                prop_assert_eq!(expected, text);
            }
            (Err(b), Err(s)) => prop_assert_eq!(b.message, s),
            (b, s) => prop_assert!(false, "batch {:?} but one at a time {:?}", b, s),
        }
    }
}

#[test]
fn entries_for_the_same_day_keep_their_order_and_new_years_are_made_once() {
    let text = "nav:\n  - Incidents:\n      - '2025':\n          - 2025-01-01 A: incidents/2025-01-01-a.md\n  - About: about.md\n";
    let nav = SiteConfig::parse(text).unwrap().nav.unwrap();
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let pirs = [
        NavPir {
            path: "incidents/2026-02-01-b.md",
            date: d("2026-02-01"),
            title: "B",
        },
        NavPir {
            path: "incidents/2026-02-01-c.md",
            date: d("2026-02-01"),
            title: "C",
        },
        NavPir {
            path: "incidents/2025-01-01-a.md",
            date: d("2025-01-01"),
            title: "A",
        },
        NavPir {
            path: "incidents/2026-03-01-d.md",
            date: d("2026-03-01"),
            title: "D",
        },
    ];
    let NavAdded {
        text: after, added, ..
    } = insert_nav_entries(text, &nav, "incidents/", &pirs, &|_| None)
        .unwrap()
        .unwrap();
    assert_eq!(
        added,
        [
            "incidents/2026-02-01-b.md",
            "incidents/2026-02-01-c.md",
            "incidents/2026-03-01-d.md"
        ]
    );
    assert_eq!(
        after,
        "nav:\n  - Incidents:\n      - '2026':\n          - 2026-03-01 D: incidents/2026-03-01-d.md\n          - 2026-02-01 B: incidents/2026-02-01-b.md\n          - 2026-02-01 C: incidents/2026-02-01-c.md\n      - '2025':\n          - 2025-01-01 A: incidents/2025-01-01-a.md\n  - About: about.md\n"
    );
    assert_eq!(
        insert_nav_entries(
            &after,
            &SiteConfig::parse(&after).unwrap().nav.unwrap(),
            "incidents/",
            &pirs,
            &|_| None
        )
        .unwrap(),
        None
    );
}

#[test]
fn a_flow_nav_is_refused_as_for_one_entry() {
    let text = "nav:\n  - Home: index.md\n  - Incidents: [incidents/2026-01-01-a.md]\n";
    let nav = SiteConfig::parse(text).unwrap().nav.unwrap();
    let d = NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
    let pirs = [
        NavPir {
            path: "incidents/2026-01-01-a.md",
            date: d,
            title: "A",
        },
        NavPir {
            path: "incidents/2026-02-01-b.md",
            date: d,
            title: "B",
        },
    ];
    let e = insert_nav_entries(text, &nav, "incidents/", &pirs, &|_| None).unwrap_err();
    let one = insert_nav_entry_parsed(text, &nav, "incidents/", &pirs[1], &|_| None).unwrap_err();
    assert_eq!(
        (e.kind, e.line, e.column),
        (pir_core::ErrorKind::Config, Some(3), Some(16))
    );
    assert_eq!(e.message, one.message);
    assert!(e.message.contains("incidents/2026-02-01-b.md"), "{e}");
}
