//! The commands the UI invokes and the events it hears: the IPC contract's one declaration.
//!
//! Each command is a one-line adapter over a `pir-core` function: the logic lives (and is
//! tested) there, so the shell only moves values across IPC. Errors cross as `CoreError`,
//! serialised `{kind, message, path?, line?, column?}`. The handler list, the permissions and
//! the UI's typed client are generated from this file (see `contract.rs`): a new command is a
//! new function here and nothing else in the shell.

use std::path::PathBuf;

use pir_core::drafts::{self, Draft, DraftComparison, DraftInfo};
use pir_core::fsio::Fingerprint;
use pir_core::git::{
    self, CommitOptions, CommitOutcome, CommitReview, PullOutcome, PushOutcome, ReviewLink,
    TransferProgress, TypedCallbacks, TypedCredentials,
};
use pir_core::site::Site;
use pir_core::site::assets::StoredImage;
use pir_core::site::link_targets::LinkHit;
use pir_core::site::links::LinkTarget;
use pir_core::site::new::{Created, NewPir};
use pir_core::site::settings::SiteSettings;
use pir_core::spell::SpellCheck;
use pir_core::startup::{OpenedSite, RecentSite};
use pir_core::template::{NewPirFields, SectionState, Template, WizardStep};
use pir_core::{CoreError, site, startup, template};
use tauri::{AppHandle, Runtime, State};

use crate::event::Event;
use crate::state::{AppState, LinkTargets};

/// Opens the site to start on (the command-line folder, the last site, or the sample site)
/// with its checked list and the recent sites.
#[tauri::command(async)]
pub fn start_site(state: State<'_, AppState>) -> Result<OpenedSite, CoreError> {
    startup::open_startup_site(state.arg.as_deref(), &state.recent_file, &state.data_dir)
}

/// The sites opened before, most recent first.
#[tauri::command(async)]
pub fn recent_sites(state: State<'_, AppState>) -> Result<Vec<RecentSite>, CoreError> {
    startup::recent_sites(&state.recent_file)
}

/// Opens the site containing `path`, remembers it, and gives its name, checked PIR list and
/// the recent sites.
#[tauri::command(async)]
pub fn open_site(path: PathBuf, state: State<'_, AppState>) -> Result<OpenedSite, CoreError> {
    startup::open_site(&path, &state.recent_file)
}

/// The file name a new PIR of the site with this title and date (`YYYY-MM-DD`) would get, by
/// the site's naming, or why none.
#[tauri::command(async)]
pub fn file_name_preview(root: PathBuf, title: String, date: String) -> Result<String, CoreError> {
    Site::open(&root).and_then(|s| site::new::file_name_preview(&s, &title, &date))
}

/// The site's template and its section guide.
#[tauri::command(async)]
pub fn site_template(root: PathBuf) -> Result<Template, CoreError> {
    Site::open(&root).and_then(|s| site::templates::new_pir_template(&s))
}

/// The Site settings page: the profile with where each value came from, and `.pir.toml`.
#[tauri::command(async)]
pub fn site_settings(root: PathBuf) -> Result<SiteSettings, CoreError> {
    Site::open(&root).and_then(|s| site::settings::settings(&s))
}

/// Writes `text` as the site's `.pir.toml` unless it is not a valid profile or the file
/// changed since it was read as `base`.
#[tauri::command(async)]
pub fn write_site_settings(
    root: PathBuf,
    text: String,
    base: Option<Fingerprint>,
) -> Result<SiteSettings, CoreError> {
    Site::open(&root).and_then(|s| site::settings::write_settings(&s, &text, base))
}

/// Where the link `href` in the page `from` leads: an anchor, a PIR, another page of the
/// site, a web page, or why it is not followed.
#[tauri::command(async)]
pub fn resolve_link(root: PathBuf, from: PathBuf, href: String) -> Result<LinkTarget, CoreError> {
    Site::open(&root).map(|s| site::links::resolve(&s, &from, &href))
}

/// The pages and headings of the site matching `query`, best first, each with the link to
/// write in the PIR `from`: what the editor's link picker lists. The pages are read once and
/// again only when their file changes, so each keystroke does not re-render the site.
#[tauri::command(async)]
pub fn link_search(
    root: PathBuf,
    from: PathBuf,
    query: String,
    targets: State<'_, LinkTargets>,
) -> Result<Vec<LinkHit>, CoreError> {
    let site = Site::open(&root)?;
    targets.with(|t| t.search(&site, &from, &query))
}

/// Stores an image pasted or dropped into the PIR `pir` in the site's images folder, and gives
/// the markdown to insert.
#[tauri::command(async)]
pub fn store_image(
    root: PathBuf,
    pir: PathBuf,
    bytes: Vec<u8>,
    name: Option<String>,
    mime: Option<String>,
) -> Result<StoredImage, CoreError> {
    Site::open(&root)
        .and_then(|s| site::assets::store_image(&s, &pir, &bytes, name.as_deref(), mime.as_deref()))
}

/// The preview of a page of the site other than a PIR, shown read-only.
#[tauri::command(async)]
pub fn render_page(root: PathBuf, path: PathBuf) -> Result<String, CoreError> {
    Site::open(&root).and_then(|s| site::links::render_page(&s, &path))
}

/// The wizard's steps for a new PIR with these fields: the sections of the site's template.
#[tauri::command(async)]
pub fn draft_steps(root: PathBuf, fields: NewPirFields) -> Result<Vec<WizardStep>, CoreError> {
    Site::open(&root).and_then(|s| site::new::draft_steps(&s, &fields))
}

/// Creates the PIR with the wizard's steps written by the author, named by heading.
#[tauri::command(async)]
pub fn create_pir_from_steps(
    root: PathBuf,
    req: NewPir,
    bodies: Vec<(String, String)>,
) -> Result<Created, CoreError> {
    Site::open(&root).and_then(|s| site::new::create_pir_from_steps(&s, &req, &bodies))
}

/// Empty / placeholder / filled for each text, for the wizard's progress rail.
#[tauri::command(async)]
pub fn section_states(texts: Vec<String>) -> Result<Vec<SectionState>, CoreError> {
    Ok(template::section_states(&texts))
}

// ---- The PIR editor: the site list and one editing session per open PIR ----

use pir_core::doc::Edit;
use pir_core::session::{Preview, PreviewPatch, SaveOutcome, SavePlan};
use pir_core::site::check::SiteCheck;
use pir_core::timeline::import::{self, ImportCandidate, ImportPlan, ImportRequest};
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

/// Opens a session named `path` over a document holding one wizard step's section (replacing
/// any session of that name), so the timeline grid edits a PIR not written yet; `date` is the
/// incident's, the day of rows given only a time.
#[tauri::command(async)]
pub fn session_open_step(
    path: PathBuf,
    heading: String,
    body: String,
    date: Option<String>,
    sessions: State<'_, Sessions>,
) -> Result<Preview, CoreError> {
    sessions.open_unsaved(
        &path,
        &template::step_document(&heading, &body, date.as_deref()),
    )
}

/// The text of the wizard step's section held by the session `path` (see
/// `session_open_step`), as edited so far.
#[tauri::command(async)]
pub fn session_step_body(
    path: PathBuf,
    sessions: State<'_, Sessions>,
) -> Result<String, CoreError> {
    sessions.with(&path, |s| Ok(template::step_body(s.text())))
}

/// Applies edits as one undo step, all or nothing; gives the new model and the change to
/// the text and preview given last.
#[tauri::command(async)]
pub fn session_apply(
    path: PathBuf,
    edits: Vec<Edit>,
    sessions: State<'_, Sessions>,
) -> Result<PreviewPatch, CoreError> {
    sessions.with(&path, |s| s.edit(&edits))
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

/// Every file a save would change (the PIR, nav, home list, index pages) with its diff;
/// nothing is written. The session keeps the plan for `session_save`.
#[tauri::command(async)]
pub fn session_plan_save(
    path: PathBuf,
    sessions: State<'_, Sessions>,
) -> Result<SavePlan, CoreError> {
    sessions.with(&path, |s| s.plan_save())
}

/// Saves the PIR and the planned extra files in `include`, unless the PIR changed on disk
/// since it was read (then a conflict outcome).
#[tauri::command(async)]
pub fn session_save(
    path: PathBuf,
    include: Vec<PathBuf>,
    sessions: State<'_, Sessions>,
) -> Result<SaveOutcome, CoreError> {
    sessions.with(&path, |s| s.save(&include))
}

/// Saves the PIR over whatever is on disk ("keep mine"), and the planned extra files in
/// `include`.
#[tauri::command(async)]
pub fn session_save_overwrite(
    path: PathBuf,
    include: Vec<PathBuf>,
    sessions: State<'_, Sessions>,
) -> Result<SaveOutcome, CoreError> {
    sessions.with(&path, |s| s.save_overwrite(&include))
}

/// After a conflict: the file on disk (version `disk`) with the hunks of mine chosen in
/// `take_mine` put over it, unsaved, as one undo step.
#[tauri::command(async)]
pub fn session_merge_disk(
    path: PathBuf,
    disk: Fingerprint,
    take_mine: Vec<bool>,
    sessions: State<'_, Sessions>,
) -> Result<Preview, CoreError> {
    sessions.with(&path, |s| s.merge_disk(disk, &take_mine))
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

/// The rows an import of `request`'s sources offers into the text being edited in `path`,
/// for review; nothing changes. The sources are read outside the session's lock.
#[tauri::command(async)]
pub fn import_candidates(
    path: PathBuf,
    request: ImportRequest,
    sessions: State<'_, Sessions>,
) -> Result<ImportPlan, CoreError> {
    sessions
        .with(&path, |s| Ok(s.document().clone()))
        .and_then(|d| import::candidates(&d, &request))
}

/// Inserts the reviewed rows kept (`chosen`, possibly reworded) as one undo step, placed
/// and worded against the text as it is now; answers as `session_apply` does.
#[tauri::command(async)]
pub fn import_apply(
    path: PathBuf,
    chosen: Vec<ImportCandidate>,
    sessions: State<'_, Sessions>,
) -> Result<PreviewPatch, CoreError> {
    sessions.with(&path, |s| {
        s.edit(&import::import_edits(s.document(), &chosen)?)
    })
}

/// One candidate row for several the author says are the same happening, placed and worded
/// as the earliest of them (see `pir_core::timeline::import::merge_candidates`).
#[tauri::command]
pub fn import_merge(rows: Vec<ImportCandidate>) -> Result<ImportCandidate, CoreError> {
    import::merge_candidates(&rows)
}

/// Saves the text the session of `path` holds as its draft in `site` (autosave); a text
/// equal to the file on disk removes the draft instead (`null`).
#[tauri::command(async)]
pub fn session_save_draft(
    site: PathBuf,
    path: PathBuf,
    state: State<'_, AppState>,
    sessions: State<'_, Sessions>,
) -> Result<Option<DraftInfo>, CoreError> {
    sessions.with(&path, |s| s.save_draft(&state.data_dir, &site))
}

/// The drafts left from earlier runs, newest first.
#[tauri::command(async)]
pub fn list_drafts(state: State<'_, AppState>) -> Result<Vec<DraftInfo>, CoreError> {
    drafts::list_drafts(&state.data_dir)
}

/// The draft of `path` in `site`; a PIR gone from disk gets it written back as its file.
#[tauri::command(async)]
pub fn restore_draft(
    site: PathBuf,
    path: PathBuf,
    state: State<'_, AppState>,
) -> Result<Draft, CoreError> {
    drafts::restore(&state.data_dir, &site, &path)
}

/// What restoring the draft of `path` would change in the file on disk.
#[tauri::command(async)]
pub fn compare_draft(
    site: PathBuf,
    path: PathBuf,
    state: State<'_, AppState>,
) -> Result<DraftComparison, CoreError> {
    drafts::compare(&state.data_dir, &site, &path)
}

/// Removes the draft of `path` in `site` (after a save, or when discarded).
#[tauri::command(async)]
pub fn discard_draft(
    site: PathBuf,
    path: PathBuf,
    state: State<'_, AppState>,
) -> Result<(), CoreError> {
    drafts::discard(&state.data_dir, &site, &path)
}

/// Push and pull progress, while a transfer runs.
pub const GIT_PROGRESS: Event<TransferProgress> = Event::new("git-progress");

/// What the commit panel shows: changed PIR files with diffs, branch, author, remote.
#[tauri::command(async)]
pub fn git_review(root: PathBuf) -> Result<CommitReview, CoreError> {
    Site::open(&root).and_then(|s| git::commit_review(&s))
}

/// Commits exactly `paths` (relative to the site) with `message`.
#[tauri::command(async)]
pub fn git_commit(
    root: PathBuf,
    paths: Vec<PathBuf>,
    message: String,
    opts: CommitOptions,
) -> Result<CommitOutcome, CoreError> {
    git::commit(&root, &paths, &message, &opts)
}

/// Pushes the current branch, with typed credentials on a retry; progress goes out as events.
#[tauri::command(async)]
pub fn git_push<R: Runtime>(
    root: PathBuf,
    credentials: Option<TypedCredentials>,
    app: AppHandle<R>,
) -> Result<PushOutcome, CoreError> {
    git::push(
        &root,
        None,
        &mut TypedCallbacks::new(credentials, |p| GIT_PROGRESS.emit(&app, p)),
    )
}

/// Pulls (rebasing local commits), with typed credentials on a retry.
#[tauri::command(async)]
pub fn git_pull<R: Runtime>(
    root: PathBuf,
    credentials: Option<TypedCredentials>,
    app: AppHandle<R>,
) -> Result<PullOutcome, CoreError> {
    git::pull(
        &root,
        &mut TypedCallbacks::new(credentials, |p| GIT_PROGRESS.emit(&app, p)),
    )
}

/// The forge's pull-request page for `branch` pushed to `origin`, if it has a web page.
#[tauri::command(async)]
pub fn review_link(root: PathBuf, branch: String) -> Result<Option<ReviewLink>, CoreError> {
    git::review_link_for(&root, None, &branch)
}

/// Opens an http:// or https:// page in the user's browser.
#[tauri::command(async)]
pub fn open_web_page(url: String) -> Result<(), CoreError> {
    git::open_web_page(&url)
}

/// The words of a prose text not in the user's dictionary (UTF-16 offsets), and which
/// dictionary that is (none on a machine without one).
#[tauri::command(async)]
pub fn spell_check(text: String) -> SpellCheck {
    pir_core::spell::check(&text)
}

/// Spellings the dictionary suggests for `word`, best first.
#[tauri::command(async)]
pub fn spell_suggest(word: String) -> Vec<String> {
    pir_core::spell::suggest(&word)
}

// ---- A restored draft ----

/// Puts the draft of `path` in `site` in place of the session's text as one undo step; the
/// file on disk is untouched until saved.
#[tauri::command(async)]
pub fn session_restore_draft(
    site: PathBuf,
    path: PathBuf,
    state: State<'_, AppState>,
    sessions: State<'_, Sessions>,
) -> Result<Preview, CoreError> {
    sessions.with(&path, |s| s.restore_draft(&state.data_dir, &site))
}

// ---- Across incidents: search, metrics and new sites ----

use pir_core::scaffold::Scaffolded;
use pir_core::search::{IndexStatus, SearchFilters, SearchResults};
use pir_core::stats::SiteStats;

use crate::state::SearchIndexes;

/// Starts the site's search index on a background thread (once) and says where it is.
#[tauri::command(async)]
pub fn search_index(root: PathBuf, indexes: State<'_, SearchIndexes>) -> IndexStatus {
    indexes.with(&root, |i| i.status())
}

/// The site's PIRs matching `query` and `filters`, best first (none while indexing).
#[tauri::command(async)]
pub fn search_pirs(
    root: PathBuf,
    query: String,
    filters: SearchFilters,
    limit: usize,
    indexes: State<'_, SearchIndexes>,
) -> SearchResults {
    indexes.with(&root, |i| i.search(&query, &filters, limit))
}

/// The site's metrics, with action item ages counted to today.
#[tauri::command(async)]
pub fn site_stats(root: PathBuf) -> Result<SiteStats, CoreError> {
    Site::open(&root).and_then(|s| pir_core::stats::site_stats_today(&s))
}

/// Writes a new PIR site named `name` into the new or empty folder `dir`.
#[tauri::command(async)]
pub fn init_site(dir: PathBuf, name: String) -> Result<Scaffolded, CoreError> {
    pir_core::scaffold::scaffold_new_site(&dir, &name)
}
