//! What a save does to the file it replaces beyond its content: a symlink stays a link to the
//! file it names, a read-only file is refused and kept, a writable file keeps its mode.

#![cfg(unix)]

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use pir_core::ErrorKind;
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

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_read_only_pir_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.md");
    std::fs::write(&file, "# Old\n").unwrap();
    for ro in [0o444, 0o400, 0o555] {
        set_mode(&file, ro);
        // Checked from the mode bits: root, which may write anything, is refused all the same.
        let err = retitle(&file, "New").unwrap_err();
        assert_eq!(err.kind, ErrorKind::ReadOnly, "{ro:o}: {err}");
        assert!(err.to_string().contains("read-only"), "{err}");
        assert_eq!(err.path.as_deref(), Some(file.as_path()));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "# Old\n");
        assert_eq!(mode(&file), ro);
    }
    // Nothing is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_read_only_target_of_a_link_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.md");
    std::fs::write(&real, "# Old\n").unwrap();
    set_mode(&real, 0o444);
    let link = dir.path().join("link.md");
    symlink("real.md", &link).unwrap();
    assert_eq!(retitle(&link, "New").unwrap_err().kind, ErrorKind::ReadOnly);
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "# Old\n");
}

#[test]
fn a_save_keeps_the_mode_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.md");
    std::fs::write(&file, "# Old\n").unwrap();
    for m in [0o640, 0o600, 0o664, 0o200] {
        set_mode(&file, m);
        retitle(&file, &format!("Mode {m:o}")).unwrap();
        assert_eq!(mode(&file), m);
        set_mode(&file, 0o644);
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            format!("# Mode {m:o}\n")
        );
    }
}
