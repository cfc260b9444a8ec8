//! `scaffold`: a new site that `pir check`, `pir new` and the template reader all accept.

use chrono::NaiveDate;
use pir_core::ErrorKind;
use pir_core::scaffold::{ScaffoldOptions, scaffold, site_files};
use pir_core::site::Site;
use pir_core::site::check::check_site;
use pir_core::site::new::{NewPir, create_pir};
use pir_core::template::Template;

fn problems(site: &Site) -> Vec<String> {
    check_site(site, &site.summaries().unwrap())
        .unwrap()
        .iter()
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn a_new_site_checks_clean_and_a_new_pir_only_for_its_placeholders() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("reviews");
    let made = scaffold(
        &dir,
        &ScaffoldOptions {
            name: Some("Acme: Platform Reviews".into()),
            pir_repo: Some("https://git.example.invalid/pir.git".into()),
        },
    )
    .unwrap();
    assert!(dir.join(".git").is_dir());
    assert_eq!(made.commit.is_some(), made.commit_skipped.is_none());
    for f in [
        "mkdocs.yml",
        "docs/index.md",
        "docs/incidents/index.md",
        "docs/pir-template.md",
        ".github/workflows/pir-check.yml",
        ".gitignore",
    ] {
        assert!(made.files.iter().any(|x| x == f), "{f}");
        assert!(dir.join(f).is_file(), "{f}");
    }
    let site = Site::open(&dir).unwrap();
    // The name with a colon is quoted so YAML reads it back whole.
    assert_eq!(
        site.config.site_name.as_deref(),
        Some("Acme: Platform Reviews")
    );
    for ext in [
        "admonition",
        "pymdownx.details",
        "pymdownx.superfences",
        "pymdownx.highlight",
        "pymdownx.tabbed",
        "tables",
        "attr_list",
        "md_in_html",
        "toc",
    ] {
        assert!(
            site.config.markdown_extensions.iter().any(|e| e == ext),
            "{ext}: {:?}",
            site.config.markdown_extensions
        );
    }
    assert_eq!(site.incidents_rel, "incidents");
    assert!(site.pir_files().unwrap().is_empty());
    assert_eq!(problems(&site), Vec::<String>::new());
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "site/\n"
    );
    let workflow = std::fs::read_to_string(dir.join(".github/workflows/pir-check.yml")).unwrap();
    assert!(workflow.contains("PIR_REPO: https://git.example.invalid/pir.git"));
    assert!(workflow.contains("run: pir check ."));

    // The template page gives back the built-in template and guide.
    let t = pir_core::site::templates::site_template(&site).unwrap();
    let builtin = Template::builtin();
    assert_eq!(
        t.source,
        Some(dir.canonicalize().unwrap().join("docs/pir-template.md"))
    );
    assert_eq!(t.text, builtin.text);
    assert_eq!(t.guide, builtin.guide);

    let created = create_pir(
        &site,
        &NewPir {
            title: "Queue consumers stalled".into(),
            date: NaiveDate::from_ymd_opt(2026, 2, 3).unwrap(),
            severity: "High".into(),
            tags: vec!["queue".into()],
            template: None,
        },
    )
    .unwrap();
    assert!(created.nav_updated);
    assert_eq!(created.index_updated.len(), 1);
    let site = Site::open(&dir).unwrap();
    assert_eq!(site.pir_files().unwrap(), vec![created.path.clone()]);
    // Nav and list are in step; the one problem is that the PIR is still the template.
    let found = problems(&site);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("still holds the template's placeholder text"),
        "{found:?}"
    );
}

#[test]
fn refuses_a_folder_with_anything_in_it() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "keep").unwrap();
    let err = scaffold(tmp.path(), &ScaffoldOptions::default()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(left.len(), 1);
    let err = scaffold(
        &tmp.path().join("new"),
        &ScaffoldOptions {
            name: Some("two\nlines".into()),
            ..ScaffoldOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(!tmp.path().join("new").exists());
    // The default name and repository.
    let files = site_files(&ScaffoldOptions::default());
    assert!(files[0].1.starts_with("site_name: Incident Reviews\n"));
    assert!(files[4].1.contains(pir_core::scaffold::DEFAULT_PIR_REPO));
}

/// The app's "New site" needs a full path, and names the site as asked.
#[test]
fn new_site_from_the_app() {
    use pir_core::scaffold::scaffold_new_site;
    let err = scaffold_new_site(std::path::Path::new("relative/site"), "Team").unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(!std::path::Path::new("relative").exists());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("reviews");
    let made = scaffold_new_site(&dir, "Team Reviews").unwrap();
    assert_eq!(made.root, dir);
    let site = Site::open(&dir).unwrap();
    assert_eq!(site.config.site_name.as_deref(), Some("Team Reviews"));
    assert!(dir.join("docs/incidents").is_dir());
    // A second time the folder is no longer empty.
    let again = scaffold_new_site(&dir, "Team Reviews").unwrap_err();
    assert_eq!(again.kind, ErrorKind::InvalidInput);
    assert!(again.message.contains("not empty"), "{}", again.message);
}
