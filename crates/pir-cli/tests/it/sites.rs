//! `pir new`, `pir check` and `pir sync` on the kinds of sites PIR Editor meets: explicit nav,
//! no nav, a docs folder other than `docs/`, an incidents table, a list a hook writes, a
//! per-folder nav file, nested year sections. Each site is written by the test into a temp
//! folder from the embedded (fictional) sample's PIRs; each `pir new` must add exactly the
//! expected lines and nothing else, and each refusal must write nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::{changed, pir, snapshot};

/// The text of a file of the embedded sample site.
pub(crate) fn sample(rel: &str) -> &'static str {
    pir_core::sample::FILES
        .iter()
        .find(|(p, _)| *p == rel)
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("no sample file {rel}"))
}

/// The three sample PIRs, as (file name, text).
fn sample_pirs() -> Vec<(&'static str, &'static str)> {
    pir_core::sample::FILES
        .iter()
        .filter_map(|(p, t)| p.strip_prefix("docs/incidents/").map(|n| (n, *t)))
        .collect()
}

/// Writes `files` (path relative to `root`, text) under `root`.
pub(crate) fn write(root: &Path, files: &[(String, String)]) {
    for (rel, text) in files {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// A site's files: `mkdocs.yml`, the sample PIRs under `<docs>/incidents/`, plus `extra`.
fn site_files(docs: &str, mkdocs: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut files = vec![("mkdocs.yml".to_string(), mkdocs.to_string())];
    for (name, text) in sample_pirs() {
        files.push((format!("{docs}/incidents/{name}"), text.to_string()));
    }
    for (p, t) in extra {
        files.push((p.to_string(), t.to_string()));
    }
    files
}

/// A site in `docs/` with the sample's home page and PIRs, and this `mkdocs.yml`.
fn docs_site(mkdocs: &str) -> Vec<(String, String)> {
    site_files(
        "docs",
        mkdocs,
        &[("docs/index.md", sample("docs/index.md"))],
    )
}

/// The sample's `mkdocs.yml` without its `nav`.
fn mkdocs_without_nav() -> String {
    let full = sample("mkdocs.yml");
    full[..full.find("\nnav:\n").unwrap() + 1].to_string()
}

/// The incidents table of the table site (padded, newest first, links relative to the page).
pub(crate) const INCIDENTS_TABLE_PAGE: &str = "# All Incidents

Every review, newest first.

| Date       | Incident                                                                                 | Severity | Status     |
|------------|------------------------------------------------------------------------------------------|----------|------------|
| 2026-06-19 | [Order Queue Consumer Memory Leak](2026-06-19-order-queue-consumer-memory-leak.md)       | Medium   | Monitoring |
| 2026-05-02 | [Internal DNS Resolver Outage](2026-05-02-internal-dns-resolver-outage.md)               | Critical | Resolved   |
| 2026-03-14 | [Payments API TLS Certificate Expiry](2026-03-14-payments-api-tls-certificate-expiry.md) | High     | Resolved   |
";

/// The sample site plus `incidents/index.md` holding an incidents table.
pub(crate) fn table_site(root: &Path) {
    pir_core::sample::write_sample_site(root).unwrap();
    write(
        root,
        &[(
            "docs/incidents/index.md".to_string(),
            INCIDENTS_TABLE_PAGE.to_string(),
        )],
    );
}

fn run(args: &[&str]) -> Output {
    pir().args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Lines of `after` that are not in `before`, in order; fails when a line was removed or changed.
fn added_lines(before: &[u8], after: &[u8]) -> Vec<String> {
    let (before, after) = (text(before), text(after));
    let mut b = before.lines().peekable();
    let mut added = Vec::new();
    for line in after.lines() {
        if b.peek() == Some(&line) {
            b.next();
        } else {
            added.push(line.to_string());
        }
    }
    assert!(
        b.next().is_none(),
        "a line was removed or changed:\n{after}"
    );
    added
}

/// Runs `pir new` on `site`; asserts the new PIR is `new_file` and that every other file
/// changed gained exactly `expected` lines (and no other file changed).
fn new_adds(
    site: &Path,
    title: &str,
    date: &str,
    new_file: &str,
    expected: &[(&str, &[&str])],
) -> BTreeMap<PathBuf, Vec<u8>> {
    let before = snapshot(site);
    let out = run(&[
        "new",
        "--site",
        site.to_str().unwrap(),
        "--title",
        title,
        "--date",
        date,
        "--severity",
        "High",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).trim().ends_with(new_file),
        "{}",
        text(&out.stdout)
    );
    let after = snapshot(site);
    let mut want: Vec<String> = expected.iter().map(|(p, _)| p.to_string()).collect();
    want.push(new_file.to_string());
    want.sort();
    assert_eq!(changed(&before, &after), want);
    for (path, lines) in expected {
        let p = PathBuf::from(path);
        assert_eq!(
            added_lines(&before[&p], &after[&p]),
            lines.to_vec(),
            "lines added to {path}"
        );
    }
    after
}

/// `pir new` refusing (a PIR with this date and title exists) writes nothing.
fn refusal_writes_nothing(site: &Path) {
    let before = snapshot(site);
    let out = run(&[
        "new",
        "--site",
        site.to_str().unwrap(),
        "--title",
        "Internal DNS Resolver Outage",
        "--date",
        "2026-05-02",
        "--severity",
        "High",
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("already exists"),
        "{}",
        text(&out.stderr)
    );
    assert!(changed(&before, &snapshot(site)).is_empty());
}

/// The codes `pir check --format json` reports.
fn check_codes(site: &Path) -> Vec<(String, Option<u64>)> {
    let out = run(&["check", site.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|p| (p["code"].as_str().unwrap().to_string(), p["line"].as_u64()))
        // The sample's memory-leak PIR lacks sections on purpose, and a PIR just made by `pir
        // new` still holds its template's placeholders; not what these tests are about.
        .filter(|(c, _)| c != "missing_sections" && c != "placeholder")
        .collect()
}

/// `pir check` finds nothing about nav, lists or tables, and `pir sync` writes nothing.
fn assert_in_sync(site: &Path) {
    let codes = check_codes(site);
    assert!(codes.is_empty(), "{codes:?}");
    let before = snapshot(site);
    let out = run(&["sync", site.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("nothing to sync"),
        "{}",
        text(&out.stdout)
    );
    assert!(changed(&before, &snapshot(site)).is_empty());
}

/// [`new_adds`] for the PIR most tests create: "Search Index Rebuild Stall" of 2026-07-10.
fn new_stall(site: &Path, docs: &str, expected: &[(&str, &[&str])]) {
    new_adds(
        site,
        "Search Index Rebuild Stall",
        "2026-07-10",
        &format!("{docs}/incidents/2026-07-10-search-index-rebuild-stall.md"),
        expected,
    );
}

/// The nav line of that PIR on the sample's nav.
const NAV_LINE: &str = "      - 2026-07-10 Search Index Rebuild Stall: incidents/2026-07-10-search-index-rebuild-stall.md";

/// Its home-list entry in the sample's style.
const LIST_ENTRY: [&str; 5] = [
    "- [2026-07-10 - Search Index Rebuild Stall](incidents/2026-07-10-search-index-rebuild-stall.md)",
    "  - **Severity**: High",
    "  - **Duration**: TBD",
    "  - **Summary**: TBD",
    "",
];

#[test]
fn explicit_nav_gets_one_line_and_the_list_one_entry() {
    let tmp = tempfile::tempdir().unwrap();
    pir_core::sample::write_sample_site(tmp.path()).unwrap();
    new_stall(
        tmp.path(),
        "docs",
        &[("mkdocs.yml", &[NAV_LINE]), ("docs/index.md", &LIST_ENTRY)],
    );
    assert_in_sync(tmp.path());
    refusal_writes_nothing(tmp.path());
}

#[test]
fn without_a_nav_nothing_is_written_to_mkdocs_yml_and_no_nav_problem_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), &docs_site(&mkdocs_without_nav()));
    new_stall(tmp.path(), "docs", &[("docs/index.md", &LIST_ENTRY)]);
    assert_in_sync(tmp.path());
    refusal_writes_nothing(tmp.path());
}

#[test]
fn a_docs_folder_named_src_is_where_everything_goes() {
    let tmp = tempfile::tempdir().unwrap();
    let mkdocs = sample("mkdocs.yml").replace("docs_dir: docs\n", "docs_dir: src\n");
    write(
        tmp.path(),
        &site_files("src", &mkdocs, &[("src/index.md", sample("docs/index.md"))]),
    );
    new_stall(
        tmp.path(),
        "src",
        &[("mkdocs.yml", &[NAV_LINE]), ("src/index.md", &LIST_ENTRY)],
    );
    assert!(!tmp.path().join("docs").exists());
    assert_in_sync(tmp.path());
    refusal_writes_nothing(tmp.path());
}

#[test]
fn an_incidents_table_gets_a_padded_row_in_date_order() {
    let tmp = tempfile::tempdir().unwrap();
    table_site(tmp.path());
    assert_in_sync(tmp.path());
    let file = "2026-05-20-search-index-rebuild-stall.md";
    new_adds(
        tmp.path(),
        "Search Index Rebuild Stall",
        "2026-05-20",
        &format!("docs/incidents/{file}"),
        &[
            (
                "mkdocs.yml",
                &[&format!(
                    "      - 2026-05-20 Search Index Rebuild Stall: incidents/{file}"
                )],
            ),
            (
                "docs/index.md",
                &[
                    &format!("- [2026-05-20 - Search Index Rebuild Stall](incidents/{file})"),
                    "  - **Severity**: High",
                    "  - **Duration**: TBD",
                    "  - **Summary**: TBD",
                    "",
                ],
            ),
            (
                "docs/incidents/index.md",
                &[&format!(
                    "| 2026-05-20 | [Search Index Rebuild Stall]({file})                   | High     | Draft      |"
                )],
            ),
        ],
    );
    let page = std::fs::read_to_string(tmp.path().join("docs/incidents/index.md")).unwrap();
    let rows: Vec<&str> = page.lines().filter(|l| l.starts_with("| 2026")).collect();
    assert!(
        rows[1].starts_with("| 2026-05-20") && rows[2].starts_with("| 2026-05-02"),
        "{page}"
    );
    assert_in_sync(tmp.path());
    refusal_writes_nothing(tmp.path());
}

#[test]
fn check_reports_table_problems_with_lines_and_sync_fixes_them() {
    let tmp = tempfile::tempdir().unwrap();
    table_site(tmp.path());
    let page_path = tmp.path().join("docs/incidents/index.md");
    // Drop the DNS row, mark the TLS row Low, and add a row pointing at a page that is not there.
    let gone = format!(
        "| 2026-01-01 | {:<88} | Low      | Resolved   |\n",
        "[Gone](2026-01-01-gone.md)"
    );
    let page = INCIDENTS_TABLE_PAGE
        .lines()
        .filter(|l| !l.contains("Internal DNS"))
        .map(|l| {
            if l.contains("Payments API") {
                l.replace("| High     |", "| Low      |")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
        + &gone;
    std::fs::write(&page_path, &page).unwrap();
    let codes = check_codes(tmp.path());
    assert_eq!(
        codes,
        [
            ("missing_from_table".to_string(), Some(5)),
            ("table_entry_stale".to_string(), Some(8)),
            ("table_target_missing".to_string(), Some(9)),
        ]
    );
    let out = run(&["sync", tmp.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The DNS row is back in its place and the TLS row says High again, padding kept.
    let after = std::fs::read_to_string(&page_path).unwrap();
    assert_eq!(after, format!("{INCIDENTS_TABLE_PAGE}{gone}"));
    // The row pointing at nothing is for the author to remove.
    assert_eq!(
        check_codes(tmp.path()),
        [("table_target_missing".to_string(), Some(10))]
    );
}

#[test]
fn a_list_a_hook_writes_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    pir_core::sample::write_sample_site(tmp.path()).unwrap();
    let mkdocs = format!("{}hooks:\n  - hooks/recent.py\n", sample("mkdocs.yml"));
    write(
        tmp.path(),
        &[
            ("mkdocs.yml".to_string(), mkdocs),
            (
                "hooks/recent.py".to_string(),
                "\"\"\"Writes the Recent Incidents list of the home page from the PIR files.\"\"\"\n\n\ndef on_page_markdown(markdown, page, **kwargs):\n    return markdown\n".to_string(),
            ),
        ],
    );
    new_stall(tmp.path(), "docs", &[("mkdocs.yml", &[NAV_LINE])]);
    // The list lacks the new PIR, and that is the hook's business.
    assert_in_sync(tmp.path());
    refusal_writes_nothing(tmp.path());
}

#[test]
fn a_marker_comment_leaves_the_list_alone() {
    let tmp = tempfile::tempdir().unwrap();
    pir_core::sample::write_sample_site(tmp.path()).unwrap();
    let home =
        sample("docs/index.md").replace("### 2026\n", "<!-- incidents:start -->\n### 2026\n");
    write(tmp.path(), &[("docs/index.md".to_string(), home)]);
    new_stall(tmp.path(), "docs", &[("mkdocs.yml", &[NAV_LINE])]);
    assert_in_sync(tmp.path());
    refusal_writes_nothing(tmp.path());
}

#[test]
fn an_awesome_nav_file_owns_the_nav() {
    let tmp = tempfile::tempdir().unwrap();
    pir_core::sample::write_sample_site(tmp.path()).unwrap();
    // The `.nav.yml` alone decides, even with a `nav` left in mkdocs.yml.
    write(
        tmp.path(),
        &[(
            "docs/incidents/.nav.yml".to_string(),
            "title: Incidents\nsort:\n  direction: desc\n".to_string(),
        )],
    );
    new_stall(tmp.path(), "docs", &[("docs/index.md", &LIST_ENTRY)]);
    assert_in_sync(tmp.path());
    refusal_writes_nothing(tmp.path());
}

#[test]
fn year_sections_of_the_nav_get_the_entry_or_a_new_year() {
    let tmp = tempfile::tempdir().unwrap();
    let mkdocs = format!(
        "{}nav:\n  - Home: index.md\n  - Incidents:\n      - '2026':\n          - 2026-06-19 Order Queue Consumer Memory Leak: incidents/2026-06-19-order-queue-consumer-memory-leak.md\n          - 2026-05-02 Internal DNS Resolver Outage: incidents/2026-05-02-internal-dns-resolver-outage.md\n          - 2026-03-14 Payments API TLS Certificate Expiry: incidents/2026-03-14-payments-api-tls-certificate-expiry.md\n",
        mkdocs_without_nav()
    );
    write(tmp.path(), &docs_site(&mkdocs));
    assert_in_sync(tmp.path());
    new_adds(
        tmp.path(),
        "Search Index Rebuild Stall",
        "2026-04-01",
        "docs/incidents/2026-04-01-search-index-rebuild-stall.md",
        &[
            (
                "mkdocs.yml",
                &[
                    "          - 2026-04-01 Search Index Rebuild Stall: incidents/2026-04-01-search-index-rebuild-stall.md",
                ],
            ),
            (
                "docs/index.md",
                &[
                    "- [2026-04-01 - Search Index Rebuild Stall](incidents/2026-04-01-search-index-rebuild-stall.md)",
                    "  - **Severity**: High",
                    "  - **Duration**: TBD",
                    "  - **Summary**: TBD",
                    "",
                ],
            ),
        ],
    );
    new_adds(
        tmp.path(),
        "Build Cache Corruption",
        "2025-12-01",
        "docs/incidents/2025-12-01-build-cache-corruption.md",
        &[
            (
                "mkdocs.yml",
                &[
                    "      - '2025':",
                    "          - 2025-12-01 Build Cache Corruption: incidents/2025-12-01-build-cache-corruption.md",
                ],
            ),
            (
                "docs/index.md",
                &[
                    "### 2025",
                    "",
                    "- [2025-12-01 - Build Cache Corruption](incidents/2025-12-01-build-cache-corruption.md)",
                    "  - **Severity**: High",
                    "  - **Duration**: TBD",
                    "  - **Summary**: TBD",
                    "",
                ],
            ),
        ],
    );
    assert_in_sync(tmp.path());
    refusal_writes_nothing(tmp.path());
}
