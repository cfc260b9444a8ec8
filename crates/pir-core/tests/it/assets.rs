//! Images pasted or dropped into a PIR (`site::assets`): stored where the site's PIRs keep
//! theirs, under a safe unique name, with the markdown to insert; refused when not an image,
//! empty or too large; and named by the save plan of the PIR that shows them.

use std::path::{Path, PathBuf};

use pir_core::error::ErrorKind;
use pir_core::fsio::Fingerprint;
use pir_core::session::plan_save;
use pir_core::site::Site;
use pir_core::site::assets::{MAX_IMAGE_BYTES, folder_pattern, store_image};

use crate::support;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
const JPEG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF";
const FAILOVER: &str = "docs/incidents/2026-02-01-db-failover.md";

/// A writable, canonical copy of `fixtures/link-targets-site`.
fn site_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    support::copy_dir(&support::fixtures().join("link-targets-site"), &root);
    let root = std::fs::canonicalize(&root).unwrap();
    (tmp, root)
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn an_image_goes_where_the_sites_pirs_keep_theirs_under_a_unique_name() {
    let (_tmp, root) = site_copy();
    let site = Site::open(&root).unwrap();
    // The DNS outage PIR shows `../assets/2026-01-10-dns-outage/resolver.png`.
    assert_eq!(folder_pattern(&site), "assets/{pir}");
    let pir = root.join(FAILOVER);
    let mut got = Vec::new();
    for (bytes, name, mime) in [
        (PNG, Some("Screen Shot 2026-02-01 at 09.00.png"), None),
        (PNG, Some("Screen Shot 2026-02-01 at 09.00.png"), None),
        // A pasted image has no name, only a type; its bytes decide the extension.
        (JPEG, None, Some("image/jpeg")),
        (PNG, Some("graph.jpg"), None),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".as_bytes(),
            Some("../../etc/Flow Chart.svg"),
            None,
        ),
    ] {
        let stored = store_image(&site, &pir, bytes, name, mime).unwrap();
        assert_eq!(std::fs::read(&stored.path).unwrap(), bytes);
        got.push(format!(
            "{} | {}",
            rel(&root, &stored.path),
            stored.markdown
        ));
    }
    assert_eq!(
        got,
        [
            "docs/assets/2026-02-01-db-failover/screen-shot-2026-02-01-at-09-00.png | ![screen shot 2026 02 01 at 09 00](../assets/2026-02-01-db-failover/screen-shot-2026-02-01-at-09-00.png)",
            "docs/assets/2026-02-01-db-failover/screen-shot-2026-02-01-at-09-00-2.png | ![screen shot 2026 02 01 at 09 00](../assets/2026-02-01-db-failover/screen-shot-2026-02-01-at-09-00-2.png)",
            "docs/assets/2026-02-01-db-failover/image.jpg | ![image](../assets/2026-02-01-db-failover/image.jpg)",
            "docs/assets/2026-02-01-db-failover/graph.png | ![graph](../assets/2026-02-01-db-failover/graph.png)",
            "docs/assets/2026-02-01-db-failover/flow-chart.svg | ![flow chart](../assets/2026-02-01-db-failover/flow-chart.svg)",
        ]
    );
}

#[test]
fn a_site_keeping_images_beside_its_pirs_gets_them_there() {
    let (_tmp, root) = site_copy();
    let dns = root.join("docs/incidents/2026-01-10-dns-outage.md");
    let text = std::fs::read_to_string(&dns).unwrap().replace(
        "../assets/2026-01-10-dns-outage/resolver.png",
        "img/resolver.png",
    );
    std::fs::write(&dns, text).unwrap();
    std::fs::create_dir_all(root.join("docs/incidents/img")).unwrap();
    std::fs::write(root.join("docs/incidents/img/resolver.png"), PNG).unwrap();
    let site = Site::open(&root).unwrap();
    assert_eq!(folder_pattern(&site), "incidents/img");
    let stored = store_image(&site, &root.join(FAILOVER), PNG, None, Some("image/png")).unwrap();
    assert_eq!(rel(&root, &stored.path), "docs/incidents/img/image.png");
    assert_eq!(stored.markdown, "![image](img/image.png)");
}

#[test]
fn what_is_not_an_image_or_too_large_is_refused_and_nothing_written() {
    let (_tmp, root) = site_copy();
    let site = Site::open(&root).unwrap();
    let pir = root.join(FAILOVER);
    let cases: [(&[u8], Option<&str>, ErrorKind); 4] = [
        (b"", Some("a.png"), ErrorKind::InvalidInput),
        (
            b"#!/bin/sh\nrm -rf /\n",
            Some("a.png"),
            ErrorKind::InvalidInput,
        ),
        (b"<html><svg>", Some("a.txt"), ErrorKind::InvalidInput),
        (&[0u8; 8], Some("a.gif"), ErrorKind::InvalidInput),
    ];
    for (bytes, name, kind) in cases {
        let e = store_image(&site, &pir, bytes, name, None).unwrap_err();
        assert_eq!(e.kind, kind, "{name:?}");
    }
    let mut big = PNG.to_vec();
    big.resize(MAX_IMAGE_BYTES + 1, 0);
    let e = store_image(&site, &pir, &big, Some("big.png"), None).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooLarge);
    assert!(!root.join("docs/assets/2026-02-01-db-failover").exists());
    // A PIR outside the site stores nothing.
    let outside = tempfile::tempdir().unwrap();
    let e = store_image(&site, &outside.path().join("x.md"), PNG, None, None).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnsafePath);
}

#[test]
fn the_save_plan_names_the_image_the_pir_now_shows() {
    let (_tmp, root) = site_copy();
    let site = Site::open(&root).unwrap();
    let pir = root.join(FAILOVER);
    let stored = store_image(&site, &pir, PNG, Some("graph.png"), None).unwrap();
    let saved = std::fs::read_to_string(&pir).unwrap();
    let text = saved.replace(
        "The primary failed over.\n",
        &format!("The primary failed over.\n\n{}\n", stored.markdown),
    );
    let fingerprint = Fingerprint::of(saved.as_bytes());
    let plan = plan_save(&pir, fingerprint, &saved, &text).unwrap().plan;
    assert_eq!(
        plan.files[0].what,
        ["adds the image docs/assets/2026-02-01-db-failover/graph.png (1 KiB)"]
    );
    // Once saved, the image is no longer new.
    let plan = plan_save(&pir, fingerprint, &text, &text).unwrap().plan;
    assert!(plan.files[0].what.is_empty());
}

#[test]
fn images_folder_in_pir_toml_wins_and_may_not_lead_out() {
    let (_tmp, root) = site_copy();
    std::fs::write(root.join(".pir.toml"), "images_folder = \"/img/{pir}/\"\n").unwrap();
    let site = Site::open(&root).unwrap();
    assert_eq!(folder_pattern(&site), "img/{pir}");
    let stored = store_image(&site, &root.join(FAILOVER), PNG, Some("a.png"), None).unwrap();
    assert_eq!(
        rel(&root, &stored.path),
        "docs/img/2026-02-01-db-failover/a.png"
    );
    assert_eq!(stored.link, "../img/2026-02-01-db-failover/a.png");

    std::fs::write(root.join(".pir.toml"), "images_folder = \"../../{pir}\"\n").unwrap();
    let site = Site::open(&root).unwrap();
    let e = store_image(&site, &root.join(FAILOVER), PNG, Some("a.png"), None).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnsafePath);
    assert!(
        !root
            .parent()
            .unwrap()
            .join("2026-02-01-db-failover")
            .exists()
    );
}

/// `images_folder` is in the profile `pir profile` prints and the Settings page shows, with
/// where it came from: learnt from the images the PIRs show, or `.pir.toml`'s line.
#[test]
fn the_profile_shows_the_images_folder_and_where_it_came_from() {
    let row = |site: &Site| {
        let profile = pir_core::site::profile::SiteProfile::of(site).unwrap();
        let (_, value, origin) = profile
            .describe()
            .into_iter()
            .find(|(k, _, _)| *k == "images_folder")
            .expect("an images_folder row");
        (value, origin)
    };
    let (_tmp, root) = site_copy();
    let site = Site::open(&root).unwrap();
    assert_eq!(
        row(&site),
        (
            "assets/{pir}".to_string(),
            "learnt from 1 of 1 image the PIRs show".to_string()
        )
    );
    let rows = pir_core::site::settings::settings(&site).unwrap().rows;
    assert!(
        rows.iter()
            .any(|r| r.key == "images_folder" && r.value == "assets/{pir}")
    );

    std::fs::write(
        root.join(".pir.toml"),
        "# where images go\nimages_folder = \"/img/{pir}/\"\n",
    )
    .unwrap();
    let site = Site::open(&root).unwrap();
    assert_eq!(
        row(&site),
        ("img/{pir}".to_string(), ".pir.toml line 2".to_string())
    );
}
