//! Drafts: saved, listed, restored, compared and discarded through a temporary data folder,
//! and a data folder that cannot be written gives an error instead of losing the edit.

use std::fs;
use std::path::Path;

use pir_core::ErrorKind;
use pir_core::diff::LineChange;
use pir_core::drafts::{compare, discard, list_drafts, restore, save_draft};

const PIR: &str = "docs/incidents/2026-01-05-queue-stall.md";

/// A site folder with one fictional PIR on disk, and an empty data folder.
fn setup() -> (tempfile::TempDir, tempfile::TempDir) {
    let site = tempfile::tempdir().unwrap();
    let file = site.path().join(PIR);
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(
        &file,
        "# Queue stall\n\nThe queue stopped.\n\n## Impact\n\nNone.\n",
    )
    .unwrap();
    (site, tempfile::tempdir().unwrap())
}

#[test]
fn a_saved_draft_is_listed_and_restored_with_its_text() {
    let (site, data) = setup();
    let text = "# Queue stall\n\nThe queue stopped at 09:12.\n";
    save_draft(data.path(), site.path(), Path::new(PIR), text).unwrap();
    let listed = list_drafts(data.path()).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].path, Path::new(PIR));
    assert_eq!(listed[0].site, site.path());
    assert!(listed[0].on_disk);
    assert_eq!(listed[0].len, text.len());
    let draft = restore(data.path(), site.path(), Path::new(PIR)).unwrap();
    assert_eq!(draft.text, text);
}

#[test]
fn a_draft_of_a_pir_gone_from_disk_is_written_back_as_the_file_on_restoring() {
    let (site, data) = setup();
    let text = "# Queue stall\n\nThe queue stopped at 09:12.\n";
    let file = site.path().join(PIR);
    // Given with an absolute path, as the editor gives it, then the file and its folder go.
    save_draft(data.path(), site.path(), &file, text).unwrap();
    fs::remove_dir_all(file.parent().unwrap()).unwrap();
    assert!(!list_drafts(data.path()).unwrap()[0].on_disk);

    let draft = restore(data.path(), site.path(), &file).unwrap();
    assert!(draft.written_back);
    assert_eq!(draft.text, text);
    assert_eq!(fs::read_to_string(&file).unwrap(), text);
    // Now equal to its file, the draft is dropped when listed; restoring again writes nothing.
    let again = restore(data.path(), site.path(), &file).unwrap();
    assert!(!again.written_back);
    assert!(list_drafts(data.path()).unwrap().is_empty());
}

#[test]
fn a_draft_whose_file_exists_is_restored_without_touching_the_file() {
    let (site, data) = setup();
    let file = site.path().join(PIR);
    let before = fs::read_to_string(&file).unwrap();
    save_draft(data.path(), site.path(), Path::new(PIR), "typed").unwrap();
    let draft = restore(data.path(), site.path(), Path::new(PIR)).unwrap();
    assert!(!draft.written_back);
    assert_eq!(fs::read_to_string(&file).unwrap(), before);
}

#[test]
fn a_draft_naming_a_file_outside_its_site_is_not_written_back() {
    let (site, data) = setup();
    let outside = Path::new("../escaped.md");
    save_draft(data.path(), site.path(), outside, "typed").unwrap();
    let err = restore(data.path(), site.path(), outside).unwrap_err();
    assert_eq!(err.kind, ErrorKind::UnsafePath);
    assert!(!site.path().parent().unwrap().join("escaped.md").exists());
    // The draft itself is kept.
    assert_eq!(list_drafts(data.path()).unwrap().len(), 1);
}

#[test]
fn a_later_draft_replaces_the_earlier_one() {
    let (site, data) = setup();
    save_draft(data.path(), site.path(), Path::new(PIR), "first").unwrap();
    save_draft(data.path(), site.path(), Path::new(PIR), "second").unwrap();
    assert_eq!(list_drafts(data.path()).unwrap().len(), 1);
    let draft = restore(data.path(), site.path(), Path::new(PIR)).unwrap();
    assert_eq!(draft.text, "second");
}

#[test]
fn drafts_of_two_files_are_kept_apart() {
    let (site, data) = setup();
    save_draft(data.path(), site.path(), Path::new(PIR), "a").unwrap();
    save_draft(data.path(), site.path(), Path::new("docs/other.md"), "b").unwrap();
    let listed = list_drafts(data.path()).unwrap();
    assert_eq!(listed.len(), 2);
    let other = listed
        .iter()
        .find(|d| d.path == Path::new("docs/other.md"))
        .unwrap();
    assert!(!other.on_disk);
}

#[test]
fn compare_shows_what_the_draft_changes_on_disk() {
    let (site, data) = setup();
    let draft = "# Queue stall\n\nThe queue stopped at 09:12.\n\n## Impact\n\nNone.\n";
    save_draft(data.path(), site.path(), Path::new(PIR), draft).unwrap();
    let cmp = compare(data.path(), site.path(), Path::new(PIR)).unwrap();
    assert!(cmp.on_disk);
    let lines: Vec<_> = cmp.hunks.iter().flat_map(|h| &h.lines).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.change == LineChange::Removed && l.text == "The queue stopped.")
    );
    assert!(
        lines
            .iter()
            .any(|l| l.change == LineChange::Added && l.text == "The queue stopped at 09:12.")
    );
}

#[test]
fn a_draft_equal_to_the_file_on_disk_is_dropped_when_listing() {
    let (site, data) = setup();
    save_draft(data.path(), site.path(), Path::new(PIR), "typed").unwrap();
    // The file was then saved with the draft's text (by another window, or git).
    fs::write(site.path().join(PIR), "typed").unwrap();
    assert!(list_drafts(data.path()).unwrap().is_empty());
    let err = restore(data.path(), site.path(), Path::new(PIR)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn an_edit_undone_back_to_the_saved_text_removes_the_draft_instead_of_writing_one() {
    let (site, data) = setup();
    let on_disk = fs::read_to_string(site.path().join(PIR)).unwrap();
    let typed = save_draft(data.path(), site.path(), Path::new(PIR), "typed").unwrap();
    assert!(typed.is_some());
    assert_eq!(list_drafts(data.path()).unwrap().len(), 1);
    // Undo back to the file's text: the autosave that follows leaves nothing to offer.
    let undone = save_draft(data.path(), site.path(), Path::new(PIR), &on_disk).unwrap();
    assert_eq!(undone, None);
    assert!(
        fs::read_dir(data.path().join("drafts"))
            .unwrap()
            .next()
            .is_none()
    );
    assert!(list_drafts(data.path()).unwrap().is_empty());
}

#[test]
fn discard_removes_the_draft_and_is_idempotent() {
    let (site, data) = setup();
    save_draft(data.path(), site.path(), Path::new(PIR), "typed").unwrap();
    discard(data.path(), site.path(), Path::new(PIR)).unwrap();
    assert!(list_drafts(data.path()).unwrap().is_empty());
    discard(data.path(), site.path(), Path::new(PIR)).unwrap();
}

#[test]
fn a_damaged_draft_file_is_skipped_not_deleted() {
    let (site, data) = setup();
    save_draft(data.path(), site.path(), Path::new(PIR), "typed").unwrap();
    let bad = data.path().join("drafts/0000000000000000.json");
    fs::write(&bad, "{ not json").unwrap();
    assert_eq!(list_drafts(data.path()).unwrap().len(), 1);
    assert!(bad.exists());
}

#[test]
fn a_data_folder_that_cannot_be_written_is_an_io_error() {
    let (site, data) = setup();
    // A data folder "under a file" cannot be created, even by root (unlike permissions).
    let blocker = data.path().join("not-a-folder");
    fs::write(&blocker, "").unwrap();
    let err = save_draft(&blocker, site.path(), Path::new(PIR), "typed").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Io);
    assert!(err.message.contains("draft"), "{}", err.message);
    assert!(list_drafts(data.path()).unwrap().is_empty());
}

#[cfg(unix)]
#[test]
fn a_read_only_drafts_folder_is_an_io_error_unless_root() {
    use std::os::unix::fs::PermissionsExt;
    let (site, data) = setup();
    let drafts = data.path().join("drafts");
    fs::create_dir_all(&drafts).unwrap();
    fs::set_permissions(&drafts, fs::Permissions::from_mode(0o555)).unwrap();
    let result = save_draft(data.path(), site.path(), Path::new(PIR), "typed");
    fs::set_permissions(&drafts, fs::Permissions::from_mode(0o755)).unwrap();
    // Root ignores permissions; the test above covers that case with a path under a file.
    if fs::File::create(drafts.join("probe")).is_ok() && result.is_ok() {
        eprintln!("skipped: running as root, permissions are not enforced");
        return;
    }
    assert_eq!(result.unwrap_err().kind, ErrorKind::Io);
}

/// Autosave from the session: the draft is the text the session holds, and an edit undone
/// back to the file's text removes it.
#[test]
fn a_session_saves_its_own_text_as_the_draft() {
    use pir_core::doc::Edit;
    use pir_core::session::EditorSession;
    let (site, data) = setup();
    let file = site.path().join(PIR);
    let mut session = EditorSession::open(&file).unwrap();
    session
        .edit(&[Edit::AddTag {
            tag: "queue".into(),
        }])
        .unwrap();
    let info = session.save_draft(data.path(), site.path()).unwrap();
    assert!(info.is_some());
    let draft = restore(data.path(), site.path(), &file).unwrap();
    assert_eq!(draft.text, session.text());
    assert_ne!(draft.text, fs::read_to_string(&file).unwrap());
    session.undo();
    assert_eq!(session.save_draft(data.path(), site.path()).unwrap(), None);
    assert_eq!(list_drafts(data.path()).unwrap(), vec![]);
}

/// Restoring into the session: the draft's text is the session's, unsaved, one undo step
/// away from the file's; the file is untouched.
#[test]
fn a_session_restores_its_draft_as_one_undo_step() {
    use pir_core::session::EditorSession;
    let (site, data) = setup();
    let file = site.path().join(PIR);
    let on_disk = fs::read_to_string(&file).unwrap();
    let text = "# Queue stall\n\nThe queue stopped at 09:12.\n";
    save_draft(data.path(), site.path(), &file, text).unwrap();
    let mut session = EditorSession::open(&file).unwrap();
    let preview = session.restore_draft(data.path(), site.path()).unwrap();
    assert_eq!(session.text(), text);
    assert!(preview.dirty);
    assert_eq!(fs::read_to_string(&file).unwrap(), on_disk);
    session.undo();
    assert_eq!(session.text(), on_disk);
    // Without a draft, nothing changes and the error says so.
    discard(data.path(), site.path(), &file).unwrap();
    let err = session.restore_draft(data.path(), site.path()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(session.text(), on_disk);
}
