//! What a save does to the file it replaces beyond its content: a symlink stays a link to the
//! file it names.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;

use pir_core::doc::{Document, Edit};

/// Loads `path`, retitles it and saves it.
fn retitle(path: &Path, title: &str) -> pir_core::Result<()> {
    let mut loaded = Document::load(path)?;
    loaded.document.apply(&Edit::SetTitle {
        text: title.to_string(),
    })?;
    loaded.save()
}

#[test]
fn a_symlinked_pir_stays_a_link_and_its_target_gets_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    let site = dir.path().join("site");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::create_dir_all(&site).unwrap();
    let real = shared.join("real.md");
    std::fs::write(&real, "# Old\n\nBody.\n").unwrap();
    // A link to a link, relative, as a repository would hold it.
    let link = site.join("link.md");
    let link2 = site.join("link2.md");
    symlink("../shared/real.md", &link).unwrap();
    symlink("link.md", &link2).unwrap();

    retitle(&link2, "New").unwrap();
    for l in [&link, &link2] {
        assert!(
            l.symlink_metadata().unwrap().file_type().is_symlink(),
            "{} is no longer a link",
            l.display()
        );
    }
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "# New\n\nBody.\n");
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        Path::new("../shared/real.md")
    );
    // The temporary file was made and renamed beside the target, and nothing is left over.
    assert_eq!(std::fs::read_dir(&shared).unwrap().count(), 1);
    assert_eq!(std::fs::read_dir(&site).unwrap().count(), 2);
}
