//! The commands the UI invokes. Each is a one-line adapter over a `pir-core` function: the
//! logic lives (and is tested) there, so the shell only moves values across IPC. Errors cross
//! as `CoreError`, serialised `{kind, message, path?, line?, column?}`.

use std::path::PathBuf;

use pir_core::site::Site;
use pir_core::site::new::{Created, NewPir};
use pir_core::site::overview::SiteOverview;
use pir_core::startup::RecentSite;
use pir_core::template::{NewPirFields, SectionKey, SectionState, Template, TextSection};
use pir_core::{CoreError, site, startup, template};
use tauri::State;

use crate::state::AppState;

/// The site to open first: the command-line folder, the last site, or the sample site.
#[tauri::command(async)]
pub fn startup_site(state: State<'_, AppState>) -> Result<PathBuf, CoreError> {
    startup::startup_site(state.arg.as_deref(), &state.recent_file, &state.data_dir)
}

/// The sites opened before, most recent first.
#[tauri::command(async)]
pub fn recent_sites(state: State<'_, AppState>) -> Result<Vec<RecentSite>, CoreError> {
    startup::recent_sites(&state.recent_file)
}

/// Opens the site containing `path`, remembers it, and gives its name and PIR files.
#[tauri::command(async)]
pub fn open_site(path: PathBuf, state: State<'_, AppState>) -> Result<SiteOverview, CoreError> {
    startup::open_site(&path, &state.recent_file)
}

/// The file name a PIR with this title and date (`YYYY-MM-DD`) would get, or why none.
#[tauri::command(async)]
pub fn file_name_preview(title: String, date: String) -> Result<String, CoreError> {
    site::new::file_name_preview(&title, &date)
}

/// The site's template and its section guide.
#[tauri::command(async)]
pub fn site_template(root: PathBuf) -> Result<Template, CoreError> {
    Site::open(&root).and_then(|s| Template::for_site(&s))
}

/// The sections a new PIR with these fields starts with, for the wizard's steps.
#[tauri::command(async)]
pub fn draft_sections(root: PathBuf, fields: NewPirFields) -> Result<Vec<TextSection>, CoreError> {
    Site::open(&root).and_then(|s| site::new::draft_sections(&s, &fields))
}

/// Empty / placeholder / filled for each text, for the wizard's progress rail.
#[tauri::command(async)]
pub fn section_states(texts: Vec<String>) -> Result<Vec<SectionState>, CoreError> {
    Ok(template::section_states(&texts))
}

/// Creates the PIR with the sections written in the wizard, its nav and home-list entries.
#[tauri::command(async)]
pub fn create_pir(
    root: PathBuf,
    req: NewPir,
    sections: Vec<(SectionKey, String)>,
) -> Result<Created, CoreError> {
    Site::open(&root).and_then(|s| site::new::create_pir_with(&s, &req, &sections))
}

// ---- The PIR editor: the site list and one editing session per open PIR ----

use pir_core::doc::Edit;
use pir_core::session::{Preview, SaveOutcome};
use pir_core::site::check::SiteCheck;
use pir_core::timeline::{PastedRow, TimeZoneLabel};

use crate::state::Sessions;

/// Every PIR of the site with its date, title, severity, ... and the problems found with it.
#[tauri::command(async)]
pub fn check_site(root: PathBuf) -> Result<SiteCheck, CoreError> {
    Site::open(&root).and_then(|s| site::check::site_check(&s))
}

/// Opens the PIR for editing (or gives the session already open on it).
#[tauri::command(async)]
pub fn session_open(path: PathBuf, sessions: State<'_, Sessions>) -> Result<Preview, CoreError> {
    sessions.with(&path, |s| Ok(s.preview()))
}

/// Applies edits as one undo step, all or nothing; gives the new model and preview.
#[tauri::command(async)]
pub fn session_apply(
    path: PathBuf,
    edits: Vec<Edit>,
    sessions: State<'_, Sessions>,
) -> Result<Preview, CoreError> {
    sessions.with(&path, |s| s.apply_all(&edits))
}

/// Undoes the last edit.
#[tauri::command(async)]
pub fn session_undo(path: PathBuf, sessions: State<'_, Sessions>) -> Result<Preview, CoreError> {
    sessions.with(&path, |s| Ok(s.undo()))
}

/// Redoes the last undone edit.
#[tauri::command(async)]
pub fn session_redo(path: PathBuf, sessions: State<'_, Sessions>) -> Result<Preview, CoreError> {
    sessions.with(&path, |s| Ok(s.redo()))
}

/// Saves unless the file changed on disk since it was read (then a conflict outcome).
#[tauri::command(async)]
pub fn session_save(
    path: PathBuf,
    sessions: State<'_, Sessions>,
) -> Result<SaveOutcome, CoreError> {
    sessions.with(&path, |s| s.save())
}

/// Saves over whatever is on disk ("keep mine").
#[tauri::command(async)]
pub fn session_save_overwrite(
    path: PathBuf,
    sessions: State<'_, Sessions>,
) -> Result<SaveOutcome, CoreError> {
    sessions.with(&path, |s| s.save_overwrite())
}

/// Reads the file again, dropping unsaved edits ("reload").
#[tauri::command(async)]
pub fn session_reload(path: PathBuf, sessions: State<'_, Sessions>) -> Result<Preview, CoreError> {
    sessions.with(&path, |s| s.reload())
}

/// Closes the session, dropping unsaved edits.
#[tauri::command(async)]
pub fn session_close(path: PathBuf, sessions: State<'_, Sessions>) {
    sessions.close(&path)
}

/// Pasted chat or log lines as timeline rows, one per line with a time.
#[tauri::command(async)]
pub fn parse_pasted_lines(text: String, zone: Option<TimeZoneLabel>) -> Vec<PastedRow> {
    pir_core::timeline::parse_pasted_lines(&text, zone.as_ref())
}
