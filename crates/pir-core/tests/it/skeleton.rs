//! `pir new` on a site without a template: the new PIR is the skeleton of the site's newest
//! PIR (its headings, metadata keys and table headers, contents emptied), filled with the
//! new title, date and severity, rather than the built-in template.
//!
//! For each site of `tests/fixtures/sites/` that has no template page, the PIR `new` writes
//! is compared with `tests/fixtures/skeletons/NAME.md`; `PIR_BLESS=1` rewrites them (review
//! the diff).

use chrono::NaiveDate;
use pir_core::site::Site;
use pir_core::site::new::{NewPir, create_pir};
use pir_core::template::Template;

use crate::support;

#[test]
fn new_pirs_on_sites_without_a_template_copy_the_newest_pirs_skeleton() {
    let sites = support::sites_in(&support::fixtures().join("sites"));
    let mut failures = Vec::new();
    let mut seen = 0;
    for fixture in sites {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        support::copy_dir(&fixture, &root);
        let site = Site::open(&root).unwrap();
        if pir_core::site::templates::site_template(&site)
            .unwrap()
            .source
            .is_some()
        {
            continue;
        }
        // A site whose PIRs follow the built-in template keeps starting from it.
        if pir_core::template::follow_builtin(&site.summaries().unwrap()) {
            continue;
        }
        seen += 1;
        let newest = site.summaries().unwrap().remove(0).path;
        let template = pir_core::site::templates::new_pir_template(&site).unwrap();
        assert_eq!(template.source.as_deref(), Some(newest.as_path()));
        let created = create_pir(
            &site,
            &NewPir {
                title: "Disk full on the build host".into(),
                date: NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
                severity: "High".into(),
                tags: vec!["ci".into()],
                template: None,
            },
        )
        .unwrap();
        let got = std::fs::read_to_string(&created.path).unwrap();
        // Read back, the new PIR has what it was given, in the newest PIR's places.
        let site = Site::open(&root).unwrap();
        let summary = site
            .summaries()
            .unwrap()
            .into_iter()
            .find(|s| s.path == created.path)
            .unwrap();
        assert_eq!(summary.date, NaiveDate::from_ymd_opt(2026, 10, 2), "{got}");
        assert_eq!(summary.severity.as_deref(), Some("High"), "{got}");
        let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
        let snap = support::fixtures().join(format!("skeletons/{name}.md"));
        failures.extend(support::snapshot_mismatch(&snap, &got));
    }
    assert!(seen >= 3, "expected sites without a template page");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A site whose PIRs follow the built-in template (the sample site) keeps starting from it,
/// placeholders and guidance included.
#[test]
fn pirs_that_follow_the_builtin_template_keep_it() {
    let dir = tempfile::tempdir().unwrap();
    pir_core::sample::write_sample_site(dir.path()).unwrap();
    let site = Site::open(dir.path()).unwrap();
    assert!(!site.summaries().unwrap().is_empty());
    assert_eq!(
        pir_core::site::templates::new_pir_template(&site).unwrap(),
        Template::builtin(),
        "the built-in template"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

    /// Any text makes a skeleton, and any template page its sections' guidance, without a
    /// panic: both read whatever a site has.
    #[test]
    fn skeletons_and_guidance_never_panic(
        s in "(---\n|<!--|-->|!!! tip\n|    |> |_|\\*|#|## |### |\\| a \\|\n|```\n|\n|\r\n|date: |severity: |  - |é|x|\\*\\*Date:\\*\\* |YYYY-MM-DD){0,60}"
    ) {
        let _ = pir_core::template::skeleton(&s);
        let page = format!("# T\n\n## Section Guide\n\n### Summary\n\n{s}\n\n## Template\n\n~~~~markdown\n{s}\n~~~~\n");
        if let Some(t) = Template::from_page(&page) {
            for section in &t.sections {
                let _ = t.guidance_for(&section.heading);
            }
        }
    }
}
