//! Guidance for every section of a site's own template, found by the section's heading.
//!
//! Each folder of `tests/fixtures/guidance/` is a site whose template has sections no
//! built-in list knows (`Trigger`, `Where we got lucky`, `Contributing factors`): one writes
//! its hints in the template (an HTML comment, italics, a block quote, an admonition,
//! prose), one keeps a `## Section Guide` beside a `## Template`. `NAME.snap` lists each
//! section with the part it stands for, where its guidance came from and the guidance;
//! `PIR_BLESS=1` rewrites the snapshots (review the diff).

use std::fmt::Write as _;

use pir_core::site::Site;

use crate::support;

#[test]
fn every_section_of_a_sites_own_template_has_guidance() {
    let sites = support::sites_in(&support::fixtures().join("guidance"));
    assert_eq!(sites.len(), 2, "expected the guidance sites");
    let mut failures = Vec::new();
    for fixture in sites {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        support::copy_dir(&fixture, &root);
        let site = Site::open(&root).unwrap();
        let template = pir_core::site::templates::site_template(&site).unwrap();
        assert!(
            template.source.is_some(),
            "{}: the site's own template",
            fixture.display()
        );
        let mut got = String::new();
        for s in &template.sections {
            writeln!(
                got,
                "## {}  [{}; from {}]",
                s.heading,
                s.key.map_or("own section".into(), |k| format!("{k:?}")),
                s.from.map_or("nowhere".into(), |f| format!("{f:?}"))
            )
            .unwrap();
            for line in s.guidance.as_deref().unwrap_or("(none)").lines() {
                writeln!(got, "    {line}").unwrap();
            }
            // Looked up by the heading as a PIR writes it, in any case.
            assert_eq!(
                template.guidance_for(&s.heading.to_uppercase()),
                s.guidance.as_deref(),
                "{}",
                s.heading
            );
            if s.guidance.is_none() {
                failures.push(format!(
                    "{}: no guidance for {}",
                    fixture.display(),
                    s.heading
                ));
            }
        }
        failures.extend(support::snapshot_mismatch(
            &fixture.with_extension("snap"),
            &got,
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
