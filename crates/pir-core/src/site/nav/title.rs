//! A nav entry's title: for a new entry, in the style of its neighbours (dated or not,
//! after the PIR's title or its file's slug); an existing one-line entry retitled; and titles
//! written as YAML keys that read back as written.

use super::lines::LineIndex;
use super::pages::{NavPir, nav_pages};
use crate::site::config::{NavEntry, SiteConfig};
use crate::site::link_text::{join_dated, split_link_text};
use crate::site::slug::parse_pir_file_name;
use crate::site::yaml::{self, Node};

/// The nav title for `pir`, in the style of `neighbour` (an existing PIR entry).
///
/// Sites title entries `2026-01-06 Cluster Cascade Failure` (date + the file's slug in title
/// case), `2026-01-06 <PIR title>`, or just the PIR title; the neighbour shows which. When its
/// title fits both (the PIR title is its slug in title case), the PIR title wins.
pub(super) fn nav_title(
    neighbour: Option<&NavEntry>,
    pir: &NavPir<'_>,
    title_of: &dyn Fn(&str) -> Option<String>,
) -> String {
    let date = pir.date.format("%Y-%m-%d").to_string();
    let Some(n) = neighbour else {
        return join_dated(&date, " ", pir.title);
    };
    let n_title = n.title.as_deref().unwrap_or("").trim();
    let n_file = n
        .target
        .as_deref()
        .and_then(|t| t.rsplit('/').next())
        .unwrap_or("");
    let Some((n_date, n_slug)) = parse_pir_file_name(n_file) else {
        return pir.title.to_string();
    };
    let n_date = n_date.format("%Y-%m-%d").to_string();
    // The neighbour's date, separator and title, parsed as `check` reads them.
    let (dated, rest) = match split_link_text(n_title) {
        (Some(d), rest) if d == n_date => (true, rest),
        _ => (false, n_title),
    };
    let sep = if dated {
        &n_title[n_date.len()..n_title.len() - rest.len()]
    } else {
        ""
    };
    let n_pir_title = n.target.as_deref().and_then(title_of);
    let from_slug =
        rest == title_case_slug(n_slug) && n_pir_title.as_deref().is_none_or(|t| t.trim() != rest);
    let own_file = pir.path.rsplit('/').next().unwrap_or("");
    let body = match parse_pir_file_name(own_file) {
        Some((_, slug)) if from_slug => title_case_slug(slug),
        _ => pir.title.to_string(),
    };
    if dated {
        join_dated(&date, sep, &body)
    } else {
        body
    }
}

/// `cluster-cascade-failure` → `Cluster Cascade Failure`.
fn title_case_slug(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Returns `text` (the whole `mkdocs.yml`) with the title of `entry` (a `- Title: page.md`
/// entry written on one line) replaced by `title`, quoted when YAML needs it; every other byte
/// stays. `None` when the entry is not written that way.
pub fn set_nav_title(text: &str, entry: &NavEntry, title: &str) -> Option<String> {
    let target = entry.target.as_deref()?;
    entry.title.as_ref()?;
    let lines = LineIndex::new(text);
    let start = lines.start_of_line(entry.line);
    let end = lines.start_of_line(entry.line + 1);
    let line = text.get(start..end)?;
    let dash = line.find("- ")?;
    let key_start = dash + 2 + line[dash + 2..].len() - line[dash + 2..].trim_start().len();
    let colon = line.rfind(": ")?;
    if colon <= key_start
        || !line[colon + 2..]
            .trim_start()
            .trim_matches(['\'', '"'])
            .starts_with(target)
    {
        return None;
    }
    let mut out = text.to_string();
    out.replace_range(start + key_start..start + colon, &yaml_quote(title));
    // Written only if it reads back: the same page, now under the new title.
    let nav = SiteConfig::parse(&out).ok()?.nav?;
    nav_pages(&nav)
        .iter()
        .any(|e| e.target.as_deref() == Some(target) && e.title.as_deref() == Some(title))
        .then_some(out)
}

/// Writes `s` as a YAML mapping key that reads back as `s`: plain when that is safe, else
/// single-quoted, else double-quoted with escapes. Each form is checked by parsing it.
pub(crate) fn yaml_quote(s: &str) -> String {
    let reads_back = |written: &str| {
        yaml::parse(&format!("- {written}: x\n")).is_ok_and(|n| match n.items().first() {
            Some(Node::Map { entries, .. }) => {
                entries.len() == 1
                    && matches!(&entries[0].0, Node::Scalar { value, tag: None, .. } if value == s)
            }
            _ => false,
        })
    };
    let risky_start =
        s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace());
    let risky = s.is_empty()
        || risky_start
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.ends_with(' ');
    if !risky && reads_back(s) {
        return s.to_string();
    }
    let single = format!("'{}'", s.replace('\'', "''"));
    if reads_back(&single) {
        return single;
    }
    let mut double = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => double.push_str("\\\""),
            '\\' => double.push_str("\\\\"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                double.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => double.push(c),
        }
    }
    double.push('"');
    double
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::nav::{add, insert_nav_entry};
    use chrono::NaiveDate;

    #[test]
    fn a_neighbour_titled_both_ways_means_the_pir_title() {
        let text =
            "nav:\n- Incidents:\n  - 2026-01-01 Dns Loop: incidents/2026-01-01-dns-loop.md\n";
        let c = SiteConfig::parse(text).unwrap();
        let pir = NavPir {
            path: "incidents/2026-02-01-x.md",
            date: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
            title: "Cache Stampede",
        };
        let titled =
            |t: &str| (t == "incidents/2026-01-01-dns-loop.md").then(|| "Dns Loop".to_string());
        let out = insert_nav_entry(text, c.nav.as_ref().unwrap(), "incidents/", &pir, &titled)
            .unwrap()
            .unwrap();
        assert!(
            out.contains("  - 2026-02-01 Cache Stampede: incidents/2026-02-01-x.md\n"),
            "{out}"
        );
        let out = insert_nav_entry(text, c.nav.as_ref().unwrap(), "incidents/", &pir, &|_| None)
            .unwrap()
            .unwrap();
        assert!(
            out.contains("  - 2026-02-01 X: incidents/2026-02-01-x.md\n"),
            "{out}"
        );
    }

    #[test]
    fn uses_the_pir_title_when_neighbours_do() {
        let text = "nav:\n- Incidents:\n  - 2026-01-01 The DNS resolvers looped: incidents/2026-01-01-dns-loop.md\n";
        let out = add(
            text,
            "incidents/2026-02-01-x.md",
            "2026-02-01",
            "Payments: cert expired",
        );
        assert!(out.contains("  - '2026-02-01 Payments: cert expired': incidents/2026-02-01-x.md\n  - 2026-01-01 The DNS"), "{out}");
    }

    #[test]
    fn retitles_one_line_entries_only() {
        let text = "nav:\n  - Incidents:\n      - '2026-01-01 A: b': incidents/2026-01-01-a.md # first\n      - Folded title:\n          incidents/2026-01-02-b.md\n";
        let c = SiteConfig::parse(text).unwrap();
        let pages = nav_pages(c.nav.as_ref().unwrap());
        assert_eq!(
            set_nav_title(text, pages[0], "2026-01-01 New").unwrap(),
            text.replace("'2026-01-01 A: b'", "2026-01-01 New")
        );
        assert_eq!(
            set_nav_title(text, pages[0], "x: y").unwrap(),
            text.replace("'2026-01-01 A: b'", "'x: y'")
        );
        assert_eq!(set_nav_title(text, pages[1], "New"), None);
    }

    #[test]
    fn titles_quote_to_read_back() {
        for title in ["-rf", "a: b", "x #y", "it's", "\"q\"", "tab\there", "ok"] {
            let doc = format!("- {}: x\n", yaml_quote(title));
            let n = yaml::parse(&doc).unwrap();
            assert_eq!(
                n.items()[0].get(title).and_then(Node::as_str),
                Some("x"),
                "{doc}"
            );
        }
    }

    #[test]
    fn a_hostile_neighbour_title_does_not_leak_into_the_next_entry() {
        let text = "nav:\n- Incidents:\n  - 2026-01-01 -rf: incidents/2026-01-01-rf.md\n";
        let out = add(text, "incidents/2026-02-01-x.md", "2026-02-01", "Normal");
        assert!(
            out.contains("  - 2026-02-01 Normal: incidents/2026-02-01-x.md\n"),
            "{out}"
        );
    }
}
