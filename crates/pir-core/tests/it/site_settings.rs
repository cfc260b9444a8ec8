//! The Site settings page's model: the profile with its origins, `.pir.toml` written from the
//! page's text, with bad text refused at its line and a file changed meanwhile not clobbered.

use pir_core::ErrorKind;
use pir_core::site::Site;
use pir_core::site::settings::{SiteSettings, settings, write_settings};

use crate::support;

fn row<'a>(s: &'a SiteSettings, key: &str) -> (&'a str, &'a str) {
    let r = s.rows.iter().find(|r| r.key == key).unwrap();
    (r.value.as_str(), r.origin.as_str())
}

#[test]
fn without_a_file_the_page_starts_from_the_learnt_profile() {
    let (_tmp, root) = support::site_copy("inc-table");
    let site = Site::open(&root).unwrap();
    let s = settings(&site).unwrap();
    assert_eq!(s.file, ".pir.toml");
    assert_eq!(s.fingerprint, None);
    let (names, origin) = row(&s, "file_names");
    assert_eq!(names, "INC-{number}-{slug}.md");
    assert!(origin.starts_with("learnt from"), "{origin}");
    // The proposed text is a valid profile that says what was learnt.
    assert!(
        s.text.contains("file_names = \"INC-{number}-{slug}.md\""),
        "{}",
        s.text
    );
    assert!(!root.join(".pir.toml").exists());
}

#[test]
fn saving_the_text_writes_it_as_typed_and_the_rows_follow() {
    let (_tmp, root) = support::site_copy("inc-table");
    let site = Site::open(&root).unwrap();
    let text = "# Our branches\nbranch = \"fix/{slug}\"   # team rule\n";
    let s = write_settings(&site, text, None).unwrap();
    assert_eq!(
        std::fs::read_to_string(root.join(".pir.toml")).unwrap(),
        text
    );
    assert_eq!(row(&s, "branch"), ("fix/{slug}", ".pir.toml line 2"));
    assert!(s.fingerprint.is_some());
    // As the page shows it when opened again.
    assert_eq!(settings(&Site::open(&root).unwrap()).unwrap(), s);

    // A second save over what was read replaces it.
    let again = write_settings(&site, "branch = \"pir/{slug}\"\n", s.fingerprint).unwrap();
    assert_eq!(row(&again, "branch"), ("pir/{slug}", ".pir.toml line 1"));

    // Keys the site reads when it opens take effect at once too: no page kept in step.
    assert_ne!(row(&again, "index_pages").0, "(none)");
    let none = write_settings(&site, "index_pages = []\n", again.fingerprint).unwrap();
    assert_eq!(row(&none, "index_pages"), ("(none)", ".pir.toml line 1"));
}

#[test]
fn a_bad_text_is_refused_at_its_line_and_nothing_is_written() {
    let (_tmp, root) = support::site_copy("inc-table");
    let site = Site::open(&root).unwrap();
    let e = write_settings(&site, "branch = \"x/{slug}\"\nnav = 3\n", None).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Config);
    assert_eq!(e.line, Some(2));
    assert!(e.path.unwrap().ends_with(".pir.toml"));
    let e = write_settings(&site, "colour = \"blue\"\n", None).unwrap_err();
    assert_eq!((e.kind, e.line), (ErrorKind::Config, Some(1)));
    assert!(!root.join(".pir.toml").exists());
}

#[test]
fn a_file_changed_since_the_page_read_it_is_not_clobbered() {
    let (_tmp, root) = support::site_copy("inc-table");
    let site = Site::open(&root).unwrap();
    // Created by someone else after the page showed "no file yet".
    let page = settings(&site).unwrap();
    std::fs::write(root.join(".pir.toml"), "branch = \"theirs/{slug}\"\n").unwrap();
    let e = write_settings(&site, &page.text, page.fingerprint).unwrap_err();
    assert_eq!(e.kind, ErrorKind::AlreadyExists);
    // Changed by someone else after the page read it.
    let page = settings(&Site::open(&root).unwrap()).unwrap();
    std::fs::write(root.join(".pir.toml"), "branch = \"again/{slug}\"\n").unwrap();
    let e = write_settings(&site, "branch = \"mine/{slug}\"\n", page.fingerprint).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert_eq!(
        std::fs::read_to_string(root.join(".pir.toml")).unwrap(),
        "branch = \"again/{slug}\"\n"
    );
}

/// On every site of the fixtures, in each convention (front matter, bold lines, metadata
/// tables; table, split and list timelines; other templates and names), the proposed file
/// saved as it is reads back as the same profile: only where each value came from changes,
/// and the severity scale, written whole, keeps the levels in use in their order.
#[test]
fn the_proposal_saved_as_it_is_keeps_every_sites_profile() {
    let sites = support::sites_in(&support::fixtures().join("sites"));
    assert!(sites.len() >= 4, "expected the convention sites");
    for fixture in sites {
        let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
        let (_tmp, root) = support::site_copy(&name);
        let page = settings(&Site::open(&root).unwrap()).unwrap();
        if page.fingerprint.is_some() {
            continue; // the fixture has its own .pir.toml
        }
        let saved = write_settings(&Site::open(&root).unwrap(), &page.text, None)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let values = |s: &SiteSettings| -> Vec<(String, String)> {
            s.rows
                .iter()
                .filter(|r| r.key != "severity")
                .map(|r| (r.key.clone(), r.value.clone()))
                .collect()
        };
        assert_eq!(values(&saved), values(&page), "{name}");
        let levels = |s: &SiteSettings| -> Vec<String> {
            let row = s.rows.iter().find(|r| r.key == "severity").unwrap();
            row.value.split(", ").map(str::to_string).collect()
        };
        let (used, whole) = (levels(&page), levels(&saved));
        let mut rest = whole.iter();
        assert!(
            used.iter().all(|l| rest.any(|w| w == l)),
            "{name}: {used:?} in order within {whole:?}"
        );
        // Every key the file writes is now the file's.
        let written: Vec<_> = saved
            .rows
            .iter()
            .filter(|r| page.text.contains(&format!("\n{} = ", r.key)))
            .collect();
        assert!(written.len() >= 9, "{name}: {}", page.text);
        assert!(
            written
                .iter()
                .all(|r| r.origin.starts_with(".pir.toml line")),
            "{name}: {written:?}"
        );
    }
}
