//! Syncing many PIRs at once gives the text syncing them one at a time gives: the batch paths
//! that keep `pir sync` linear on large sites (one read of a page, all rows placed against
//! it) are checked against the one-at-a-time paths over random pages and PIRs.

use chrono::NaiveDate;
use pir_core::site::index::{ListPir, insert_list_entries, insert_list_entry};
use pir_core::site::table_index::{PageTables, RowAction, SyncItem};
use proptest::prelude::*;

/// A PIR of the random site: day offset from 2024-01-01, slug number, title number.
type Pir = (u16, u8, u8);

fn date(day: u16) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(u64::from(day))
}

fn rel((day, slug, _): Pir) -> String {
    format!("incidents/{}-case-{slug}.md", date(day).format("%Y-%m-%d"))
}

/// A page with one or two incidents tables of `rows` (linked relative to the page at
/// `incidents/index.md`), in the given order, padded or not, with an unlinked row last.
fn page(tables: &[(Vec<Pir>, bool, bool)]) -> String {
    let mut out = String::from("# All incidents\n");
    for (rows, padded, more) in tables {
        out.push('\n');
        let w = if *padded { 40 } else { 0 };
        out.push_str(&format!(
            "| {:<10} | {:<w$} | {:<8} |\n",
            "Date", "Incident", "Severity"
        ));
        out.push_str(&format!(
            "|{}|{}|{}|\n",
            "-".repeat(12),
            "-".repeat(w.max(8) + 2),
            "-".repeat(10)
        ));
        for p in rows {
            let link = format!(
                "[Case {} title {}]({})",
                p.1,
                p.2,
                rel(*p).trim_start_matches("incidents/")
            );
            out.push_str(&format!(
                "| {} | {link:<w$} | High     |\n",
                date(p.0).format("%Y-%m-%d")
            ));
        }
        if *more {
            out.push_str("| ... | older ones in the archive | |\n");
        }
    }
    out
}

fn pir() -> impl Strategy<Value = Pir> {
    (0u16..900, 0u8..30, 0u8..3)
}

fn table() -> impl Strategy<Value = (Vec<Pir>, bool, bool)> {
    (
        prop::collection::vec(pir(), 0..8),
        0u8..3,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(mut rows, order, padded, more)| {
            match order {
                0 => rows.sort_by_key(|p| std::cmp::Reverse(p.0)),
                1 => rows.sort_by_key(|p| p.0),
                _ => {}
            }
            (rows, padded, more)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn table_rows_synced_at_once_read_as_synced_one_by_one(
        tables in prop::collection::vec(table(), 1..3),
        pirs in prop::collection::vec((pir(), 0u8..3), 0..12),
    ) {
        let text = page(&tables);
        let ids: Vec<usize> = (0..tables.len()).collect();
        // Oldest first, as `pir sync` orders them, each PIR once (a site has one file per
        // path).
        let mut pirs = pirs;
        pirs.sort_by_key(|((day, slug, _), _)| (*day, *slug));
        pirs.dedup_by_key(|((day, slug, _), _)| (*day, *slug));
        let rels: Vec<String> = pirs.iter().map(|(p, _)| rel(*p)).collect();
        let titles: Vec<String> = pirs.iter().map(|((_, s, t), _)| format!("Case {s} title {t}")).collect();
        let fields = vec![("Severity", "Critical".to_string())];
        let items: Vec<SyncItem> = pirs
            .iter()
            .zip(&rels)
            .zip(&titles)
            .map(|(((p, action), rel), title)| {
                let entry = ListPir { target: rel, date: date(p.0), title, fields: &fields };
                let action = match action {
                    0 => RowAction::Insert,
                    1 => RowAction::InsertOrUpdate(&[]),
                    _ => RowAction::Update(&[]),
                };
                (rel.as_str(), entry, action)
            })
            .collect();

        let mut one_by_one = PageTables::new(text.clone());
        let mut said_one_by_one = 0;
        for (rel, entry, action) in &items {
            said_one_by_one += one_by_one
                .sync("incidents/index.md", &ids, rel, entry, *action)
                .unwrap()
                .len();
        }
        let mut at_once = PageTables::new(text.clone());
        let said = at_once.sync_all("incidents/index.md", &ids, &items).unwrap();
        prop_assert_eq!(&at_once.text, &one_by_one.text, "page:\n{}", text);
        prop_assert_eq!(said.len(), said_one_by_one);
    }
}

/// A home page with a Recent Incidents list: entries (day offset, slug) under year headings
/// (each after a blank line or not), or without years; blank lines between entries or not;
/// sub-bullets; another section after the list or not.
fn home(
    groups: &[(bool, Vec<(u16, u8)>)],
    years: bool,
    spaced: bool,
    subs: usize,
    crlf: bool,
    after: bool,
) -> String {
    let mut lines = vec![
        "# Reviews".to_string(),
        String::new(),
        "## Recent Incidents".to_string(),
    ];
    for (k, (tight, entries)) in groups.iter().enumerate() {
        if years {
            // A year heading right below the last entry, or after a blank line.
            if !tight {
                lines.push(String::new());
            }
            lines.push(format!("### {}", 2027 - 2 * k as i32));
        }
        let mut first = true;
        for (day, slug) in entries {
            if first || spaced {
                lines.push(String::new());
            }
            first = false;
            let d = date(*day).format("%Y-%m-%d");
            lines.push(format!(
                "- [{d} - Case {slug}](incidents/{d}-case-{slug}.md)"
            ));
            for s in 0..subs {
                lines.push(format!("  - **{}**: value", ["Severity", "Duration"][s]));
            }
        }
    }
    if after {
        lines.push(String::new());
        lines.push("## About".to_string());
        lines.push("Text.".to_string());
    }
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut out = lines.join(nl);
    out.push_str(nl);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn list_entries_added_at_once_read_as_added_one_by_one(
        groups in prop::collection::vec((any::<bool>(), prop::collection::vec((0u16..1500, 0u8..20), 0..4)), 0..4),
        years in any::<bool>(),
        spaced in any::<bool>(),
        subs in 0usize..3,
        crlf in any::<bool>(),
        after in any::<bool>(),
        pirs in prop::collection::vec((0u16..1500, 0u8..20), 0..10),
    ) {
        let text = home(&groups, years, spaced, subs, crlf, after);
        let mut pirs = pirs;
        pirs.sort();
        let rels: Vec<String> = pirs
            .iter()
            .map(|(day, slug)| format!("incidents/{}-case-{slug}.md", date(*day).format("%Y-%m-%d")))
            .collect();
        let titles: Vec<String> = pirs.iter().map(|(_, s)| format!("Case {s}")).collect();
        let fields = vec![("Severity", "High".to_string()), ("Duration", "1h".to_string())];
        let entries: Vec<ListPir> = pirs
            .iter()
            .zip(&rels)
            .zip(&titles)
            .map(|(((day, _), rel), title)| ListPir { target: rel, date: date(*day), title, fields: &fields })
            .collect();
        let mut one_by_one = text.clone();
        let mut added_one_by_one = 0;
        for e in &entries {
            if let Some(next) = insert_list_entry(&one_by_one, e) {
                one_by_one = next;
                added_one_by_one += 1;
            }
        }
        let (at_once, added) = insert_list_entries(&text, &entries).unwrap();
        prop_assert_eq!(&at_once, &one_by_one, "page:\n{}", text);
        prop_assert_eq!(added.len(), added_one_by_one);
    }
}
