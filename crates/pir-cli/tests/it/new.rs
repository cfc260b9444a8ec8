//! `pir new`: files, nav and home list, and every refusal leaving the site untouched.

use std::process::Output;

use crate::{changed, copy_dir, pir, sample_site, shared_fixtures, snapshot};

fn run(args: &[&str]) -> Output {
    pir().args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn creates_the_file_nav_entry_and_list_entry_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&sample_site(), &site);
    let before = snapshot(&site);
    let out = run(&[
        "new",
        "--site",
        site.join("docs/incidents").to_str().unwrap(),
        "--title",
        "Checkout Latency From a Cache Stampede",
        "--date",
        "2026-07-04",
        "--severity",
        "High (checkout p99 over 5s)",
        "--tag",
        "cache",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let path = text(&out.stdout).trim().to_string();
    assert!(
        path.ends_with("docs/incidents/2026-07-04-checkout-latency-cache-stampede.md"),
        "{path}"
    );
    let after = snapshot(&site);
    assert_eq!(
        changed(&before, &after),
        [
            "docs/incidents/2026-07-04-checkout-latency-cache-stampede.md",
            "docs/index.md",
            "mkdocs.yml"
        ]
    );
    let pir = std::fs::read_to_string(&path).unwrap();
    assert!(pir.starts_with("---\ntags:\n  - cache\n---\n\n# Post Incident Review: Checkout Latency From a Cache Stampede\n"));
    assert!(
        pir.contains("\n**Date:** 2026-07-04\n")
            && pir.contains("\n**Severity:** High (checkout p99 over 5s)\n")
    );
    let nav = std::fs::read_to_string(site.join("mkdocs.yml")).unwrap();
    // Newest first, titled like its neighbours (date + PIR title).
    assert!(nav.contains(
        "  - Incidents:\n      - 2026-07-04 Checkout Latency From a Cache Stampede: incidents/2026-07-04-checkout-latency-cache-stampede.md\n      - 2026-06-19"
    ), "{nav}");
    let home = std::fs::read_to_string(site.join("docs/index.md")).unwrap();
    assert!(home.contains(
        "### 2026\n\n- [2026-07-04 - Checkout Latency From a Cache Stampede](incidents/2026-07-04-checkout-latency-cache-stampede.md)\n  - **Severity**: High\n"
    ), "{home}");
}

/// Path characters in a title only separate words, and other scripts keep their letters: the
/// file lands in the incidents folder, and `check` finds nothing wrong with its name.
#[test]
fn titles_with_slashes_or_other_scripts_make_names_inside_the_incidents_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&sample_site(), &site);
    let s = site.to_str().unwrap();
    for (title, name) in [
        (
            "../../CPU/memory pressure",
            "2026-07-04-cpu-memory-pressure.md",
        ),
        ("Сбой оплаты", "2026-07-05-сбой-оплаты.md"),
        ("支付服务中断", "2026-07-06-支付服务中断.md"),
    ] {
        let date = &name[..10];
        let out = run(&[
            "new",
            "--site",
            s,
            "--title",
            title,
            "--date",
            date,
            "--severity",
            "High",
        ]);
        assert!(out.status.success(), "{title}: {}", text(&out.stderr));
        assert_eq!(
            std::path::PathBuf::from(text(&out.stdout).trim()),
            site.join("docs/incidents").join(name)
        );
    }
    // No problem but the new PIRs' placeholders (and the sample's deliberately incomplete
    // PIR): the names fit the site's pattern.
    let check = run(&["check", s]);
    let report = text(&check.stdout);
    let other: Vec<&str> = report
        .lines()
        .filter(|l| l.contains(".md") && !l.contains("placeholder") && !l.contains("memory-leak"))
        .collect();
    assert!(other.is_empty(), "{report}");
    for name in ["cpu-memory", "сбой-оплаты", "支付服务中断"] {
        assert!(report.contains(name), "{name}: {report}");
    }
}

#[test]
fn refusals_say_why_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&sample_site(), &site);
    let s = site.to_str().unwrap();
    let before = snapshot(&site);
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "--title",
                "!!! ???",
                "--date",
                "2026-07-04",
                "--severity",
                "High",
            ],
            "no letters or digits",
        ),
        (
            &[
                "--title",
                "tab\there",
                "--date",
                "2026-07-04",
                "--severity",
                "High",
            ],
            "control character",
        ),
        (
            &[
                "--title",
                "!!!",
                "--date",
                "2026-07-04",
                "--severity",
                "High",
            ],
            "no letters or digits",
        ),
        (
            &[
                "--title",
                "Fine",
                "--date",
                "2026-02-30",
                "--severity",
                "High",
            ],
            "bad date",
        ),
        (
            &["--title", "Fine", "--date", "2026-07-04", "--severity", " "],
            "severity",
        ),
        (
            &[
                "--title",
                "Internal DNS Resolver Outage",
                "--date",
                "2026-05-02",
                "--severity",
                "High",
            ],
            "already exists",
        ),
    ];
    for (args, why) in cases {
        let mut all = vec!["new", "--site", s];
        all.extend_from_slice(args);
        let out = run(&all);
        assert!(!out.status.success(), "{args:?} should fail");
        let err = text(&out.stderr);
        assert!(err.contains(why), "{args:?}: {err}");
        assert_eq!(
            changed(&before, &snapshot(&site)),
            Vec::<String>::new(),
            "{args:?} wrote something"
        );
    }
}

#[test]
fn missing_or_malformed_mkdocs_yml_is_refused_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&[
        "new",
        "--site",
        tmp.path().to_str().unwrap(),
        "--title",
        "X",
        "--date",
        "2026-01-01",
        "--severity",
        "Low",
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("no mkdocs.yml"),
        "{}",
        text(&out.stderr)
    );

    std::fs::create_dir_all(tmp.path().join("docs")).unwrap();
    std::fs::write(
        tmp.path().join("mkdocs.yml"),
        "site_name: x\nnav:\n  - Home: [index.md\n",
    )
    .unwrap();
    let before = snapshot(tmp.path());
    let out = run(&[
        "new",
        "--site",
        tmp.path().to_str().unwrap(),
        "--title",
        "X",
        "--date",
        "2026-01-01",
        "--severity",
        "Low",
    ]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("mkdocs.yml:") && err.contains("malformed YAML"),
        "{err}"
    );
    assert_eq!(
        changed(&before, &snapshot(tmp.path())),
        Vec::<String>::new()
    );
}

#[test]
fn on_the_real_site_with_its_template_the_pir_lands_in_nav_and_list() {
    let Some(shared) = shared_fixtures() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&shared.join("seed-site"), &site);
    let template = shared.join("pir-template.md");
    let out = run(&[
        "new",
        "--site",
        site.to_str().unwrap(),
        "--template",
        template.to_str().unwrap(),
        "--title",
        "Ingress Certificate Rotation Failure",
        "--date",
        "2026-03-05",
        "--severity",
        "Medium",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let path = text(&out.stdout).trim().to_string();
    let pir = std::fs::read_to_string(&path).unwrap();
    // The site's template, not the built-in one: its How's-chain heading levels and sections.
    assert!(pir.contains("\n# Post Incident Review: Ingress Certificate Rotation Failure\n"));
    assert!(pir.contains("\n### The Infinite How's Chain\n") && pir.contains("\n## Reviewers\n"));
    assert!(
        pir.contains("\n```bash\n") && !pir.contains("\\`\\`\\`"),
        "inner fences are unescaped"
    );
    let nav = std::fs::read_to_string(site.join("mkdocs.yml")).unwrap();
    assert!(nav.contains("incidents/2026-03-05-ingress-certificate-rotation-failure.md"));
    let home = std::fs::read_to_string(site.join("docs/index.md")).unwrap();
    let first_entry = home.lines().find(|l| l.starts_with("- [")).unwrap();
    assert_eq!(
        first_entry,
        "- [2026-03-05 - Ingress Certificate Rotation Failure](incidents/2026-03-05-ingress-certificate-rotation-failure.md)"
    );
}

/// Without `--severity`, a new PIR takes the level the site's PIRs name most, in the site's
/// spelling: `SEV-3` on a site grading SEV-1 to SEV-4 (where two of three PIRs are SEV-3).
#[test]
fn without_a_severity_the_sites_usual_level_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../pir-core/tests/fixtures/sites/front-matter-list"),
        &site,
    );
    let out = run(&[
        "new",
        "--site",
        site.to_str().unwrap(),
        "--title",
        "Mail relay outage",
        "--date",
        "2026-10-02",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pir = std::fs::read_to_string(text(&out.stdout).trim()).unwrap();
    assert!(pir.contains("\nseverity: SEV-3\n"), "{pir}");
}
