// Generated from src-tauri/src/commands.rs by `make bindings`; do not edit.
// The app's IPC contract: every command with its argument and result types, and the
// events the shell emits. A test fails while this file is stale.
import type { CommitOptions } from "./bindings/CommitOptions";
import type { CommitOutcome } from "./bindings/CommitOutcome";
import type { CommitReview } from "./bindings/CommitReview";
import type { Created } from "./bindings/Created";
import type { Draft } from "./bindings/Draft";
import type { DraftComparison } from "./bindings/DraftComparison";
import type { DraftInfo } from "./bindings/DraftInfo";
import type { Edit } from "./bindings/Edit";
import type { Fingerprint } from "./bindings/Fingerprint";
import type { ImportCandidate } from "./bindings/ImportCandidate";
import type { ImportPlan } from "./bindings/ImportPlan";
import type { ImportRequest } from "./bindings/ImportRequest";
import type { IndexStatus } from "./bindings/IndexStatus";
import type { LinkHit } from "./bindings/LinkHit";
import type { LinkTarget } from "./bindings/LinkTarget";
import type { NewPir } from "./bindings/NewPir";
import type { NewPirFields } from "./bindings/NewPirFields";
import type { OpenedSite } from "./bindings/OpenedSite";
import type { PastedRow } from "./bindings/PastedRow";
import type { Preview } from "./bindings/Preview";
import type { PreviewPatch } from "./bindings/PreviewPatch";
import type { PullOutcome } from "./bindings/PullOutcome";
import type { PushOutcome } from "./bindings/PushOutcome";
import type { RecentSite } from "./bindings/RecentSite";
import type { ReviewLink } from "./bindings/ReviewLink";
import type { SaveOutcome } from "./bindings/SaveOutcome";
import type { SavePlan } from "./bindings/SavePlan";
import type { Scaffolded } from "./bindings/Scaffolded";
import type { SearchFilters } from "./bindings/SearchFilters";
import type { SearchResults } from "./bindings/SearchResults";
import type { SectionState } from "./bindings/SectionState";
import type { SiteCheck } from "./bindings/SiteCheck";
import type { SiteSettings } from "./bindings/SiteSettings";
import type { SiteStats } from "./bindings/SiteStats";
import type { SpellCheck } from "./bindings/SpellCheck";
import type { StoredImage } from "./bindings/StoredImage";
import type { Template } from "./bindings/Template";
import type { TimeZoneLabel } from "./bindings/TimeZoneLabel";
import type { TransferProgress } from "./bindings/TransferProgress";
import type { TypedCredentials } from "./bindings/TypedCredentials";
import type { WizardStep } from "./bindings/WizardStep";

/** Sends one command; rejects with the command's `CoreError`. */
export type Call = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;

/** Every command of the shell, typed, over `call`. */
export function commands(call: Call) {
  return {
    /**
     * Opens the site to start on (the command-line folder, the last site, or the sample site)
     * with its checked list and the recent sites.
     */
    startSite: (): Promise<OpenedSite> => call("start_site"),
    /** The sites opened before, most recent first. */
    recentSites: (): Promise<RecentSite[]> => call("recent_sites"),
    /**
     * Opens the site containing `path`, remembers it, and gives its name, checked PIR list and
     * the recent sites.
     */
    openSite: (path: string): Promise<OpenedSite> => call("open_site", { path }),
    /**
     * The file name a new PIR of the site with this title and date (`YYYY-MM-DD`) would get, by
     * the site's naming, or why none.
     */
    fileNamePreview: (root: string, title: string, date: string): Promise<string> => call("file_name_preview", { root, title, date }),
    /** The site's template and its section guide. */
    siteTemplate: (root: string): Promise<Template> => call("site_template", { root }),
    /** The Site settings page: the profile with where each value came from, and `.pir.toml`. */
    siteSettings: (root: string): Promise<SiteSettings> => call("site_settings", { root }),
    /**
     * Writes `text` as the site's `.pir.toml` unless it is not a valid profile or the file
     * changed since it was read as `base`.
     */
    writeSiteSettings: (root: string, text: string, base: Fingerprint | null): Promise<SiteSettings> => call("write_site_settings", { root, text, base }),
    /**
     * Where the link `href` in the page `from` leads: an anchor, a PIR, another page of the
     * site, a web page, or why it is not followed.
     */
    resolveLink: (root: string, from: string, href: string): Promise<LinkTarget> => call("resolve_link", { root, from, href }),
    /**
     * The pages and headings of the site matching `query`, best first, each with the link to
     * write in the PIR `from`: what the editor's link picker lists. The pages are read once and
     * again only when their file changes, so each keystroke does not re-render the site.
     */
    linkSearch: (root: string, from: string, query: string): Promise<LinkHit[]> => call("link_search", { root, from, query }),
    /**
     * Stores an image pasted or dropped into the PIR `pir` in the site's images folder, and gives
     * the markdown to insert.
     */
    storeImage: (root: string, pir: string, bytes: number[], name: string | null, mime: string | null): Promise<StoredImage> => call("store_image", { root, pir, bytes, name, mime }),
    /** The preview of a page of the site other than a PIR, shown read-only. */
    renderPage: (root: string, path: string): Promise<string> => call("render_page", { root, path }),
    /** The wizard's steps for a new PIR with these fields: the sections of the site's template. */
    draftSteps: (root: string, fields: NewPirFields): Promise<WizardStep[]> => call("draft_steps", { root, fields }),
    /** Creates the PIR with the wizard's steps written by the author, named by heading. */
    createPirFromSteps: (root: string, req: NewPir, bodies: [string, string][]): Promise<Created> => call("create_pir_from_steps", { root, req, bodies }),
    /** Empty / placeholder / filled for each text, for the wizard's progress rail. */
    sectionStates: (texts: string[]): Promise<SectionState[]> => call("section_states", { texts }),
    /** Every PIR of the site with its date, title, severity, ... and the problems found with it. */
    checkSite: (root: string): Promise<SiteCheck> => call("check_site", { root }),
    /** Opens the PIR for editing (or gives the session already open on it). */
    sessionOpen: (path: string): Promise<Preview> => call("session_open", { path }),
    /**
     * Opens a session named `path` over a document holding one wizard step's section (replacing
     * any session of that name), so the timeline grid edits a PIR not written yet; `date` is the
     * incident's, the day of rows given only a time.
     */
    sessionOpenStep: (path: string, heading: string, body: string, date: string | null): Promise<Preview> => call("session_open_step", { path, heading, body, date }),
    /**
     * The text of the wizard step's section held by the session `path` (see
     * `session_open_step`), as edited so far.
     */
    sessionStepBody: (path: string): Promise<string> => call("session_step_body", { path }),
    /**
     * Applies edits as one undo step, all or nothing; gives the new model and the change to
     * the text and preview given last.
     */
    sessionApply: (path: string, edits: Edit[]): Promise<PreviewPatch> => call("session_apply", { path, edits }),
    /** Undoes the last edit. */
    sessionUndo: (path: string): Promise<Preview> => call("session_undo", { path }),
    /** Redoes the last undone edit. */
    sessionRedo: (path: string): Promise<Preview> => call("session_redo", { path }),
    /**
     * Every file a save would change (the PIR, nav, home list, index pages) with its diff;
     * nothing is written. The session keeps the plan for `session_save`.
     */
    sessionPlanSave: (path: string): Promise<SavePlan> => call("session_plan_save", { path }),
    /**
     * Saves the PIR and the planned extra files in `include`, unless the PIR changed on disk
     * since it was read (then a conflict outcome).
     */
    sessionSave: (path: string, include: string[]): Promise<SaveOutcome> => call("session_save", { path, include }),
    /**
     * Saves the PIR over whatever is on disk ("keep mine"), and the planned extra files in
     * `include`.
     */
    sessionSaveOverwrite: (path: string, include: string[]): Promise<SaveOutcome> => call("session_save_overwrite", { path, include }),
    /**
     * After a conflict: the file on disk (version `disk`) with the hunks of mine chosen in
     * `take_mine` put over it, unsaved, as one undo step.
     */
    sessionMergeDisk: (path: string, disk: Fingerprint, takeMine: boolean[]): Promise<Preview> => call("session_merge_disk", { path, disk, takeMine }),
    /** Reads the file again, dropping unsaved edits ("reload"). */
    sessionReload: (path: string): Promise<Preview> => call("session_reload", { path }),
    /** Closes the session, dropping unsaved edits. */
    sessionClose: (path: string): Promise<void> => call("session_close", { path }),
    /** Pasted chat or log lines as timeline rows, one per line with a time. */
    parsePastedLines: (text: string, zone: TimeZoneLabel | null): Promise<PastedRow[]> => call("parse_pasted_lines", { text, zone }),
    /**
     * The rows an import of `request`'s sources offers into the text being edited in `path`,
     * for review; nothing changes. The sources are read outside the session's lock.
     */
    importCandidates: (path: string, request: ImportRequest): Promise<ImportPlan> => call("import_candidates", { path, request }),
    /**
     * Inserts the reviewed rows kept (`chosen`, possibly reworded) as one undo step, placed
     * and worded against the text as it is now; answers as `session_apply` does.
     */
    importApply: (path: string, chosen: ImportCandidate[]): Promise<PreviewPatch> => call("import_apply", { path, chosen }),
    /**
     * One candidate row for several the author says are the same happening, placed and worded
     * as the earliest of them (see `pir_core::timeline::import::merge_candidates`).
     */
    importMerge: (rows: ImportCandidate[]): Promise<ImportCandidate> => call("import_merge", { rows }),
    /**
     * Saves the text the session of `path` holds as its draft in `site` (autosave); a text
     * equal to the file on disk removes the draft instead (`null`).
     */
    sessionSaveDraft: (site: string, path: string): Promise<DraftInfo | null> => call("session_save_draft", { site, path }),
    /** The drafts left from earlier runs, newest first. */
    listDrafts: (): Promise<DraftInfo[]> => call("list_drafts"),
    /** The draft of `path` in `site`; a PIR gone from disk gets it written back as its file. */
    restoreDraft: (site: string, path: string): Promise<Draft> => call("restore_draft", { site, path }),
    /** What restoring the draft of `path` would change in the file on disk. */
    compareDraft: (site: string, path: string): Promise<DraftComparison> => call("compare_draft", { site, path }),
    /** Removes the draft of `path` in `site` (after a save, or when discarded). */
    discardDraft: (site: string, path: string): Promise<void> => call("discard_draft", { site, path }),
    /** What the commit panel shows: changed PIR files with diffs, branch, author, remote. */
    gitReview: (root: string): Promise<CommitReview> => call("git_review", { root }),
    /** Commits exactly `paths` (relative to the site) with `message`. */
    gitCommit: (root: string, paths: string[], message: string, opts: CommitOptions): Promise<CommitOutcome> => call("git_commit", { root, paths, message, opts }),
    /** Pushes the current branch, with typed credentials on a retry; progress goes out as events. */
    gitPush: (root: string, credentials: TypedCredentials | null): Promise<PushOutcome> => call("git_push", { root, credentials }),
    /** Pulls (rebasing local commits), with typed credentials on a retry. */
    gitPull: (root: string, credentials: TypedCredentials | null): Promise<PullOutcome> => call("git_pull", { root, credentials }),
    /** The forge's pull-request page for `branch` pushed to `origin`, if it has a web page. */
    reviewLink: (root: string, branch: string): Promise<ReviewLink | null> => call("review_link", { root, branch }),
    /** Opens an http:// or https:// page in the user's browser. */
    openWebPage: (url: string): Promise<void> => call("open_web_page", { url }),
    /**
     * The words of a prose text not in the user's dictionary (UTF-16 offsets), and which
     * dictionary that is (none on a machine without one).
     */
    spellCheck: (text: string): Promise<SpellCheck> => call("spell_check", { text }),
    /** Spellings the dictionary suggests for `word`, best first. */
    spellSuggest: (word: string): Promise<string[]> => call("spell_suggest", { word }),
    /**
     * Puts the draft of `path` in `site` in place of the session's text as one undo step; the
     * file on disk is untouched until saved.
     */
    sessionRestoreDraft: (site: string, path: string): Promise<Preview> => call("session_restore_draft", { site, path }),
    /** Starts the site's search index on a background thread (once) and says where it is. */
    searchIndex: (root: string): Promise<IndexStatus> => call("search_index", { root }),
    /** The site's PIRs matching `query` and `filters`, best first (none while indexing). */
    searchPirs: (root: string, query: string, filters: SearchFilters, limit: number): Promise<SearchResults> => call("search_pirs", { root, query, filters, limit }),
    /** The site's metrics, with action item ages counted to today. */
    siteStats: (root: string): Promise<SiteStats> => call("site_stats", { root }),
    /** Writes a new PIR site named `name` into the new or empty folder `dir`. */
    initSite: (dir: string, name: string): Promise<Scaffolded> => call("init_site", { dir, name }),
  };
}

/** The commands, as the UI's backend offers them. */
export type Commands = ReturnType<typeof commands>;

/** The names of the events the shell emits. */
export const events = {
  /** Push and pull progress, while a transfer runs. */
  gitProgress: "git-progress",
} as const;

/** Each event's payload. */
export interface EventPayloads {
  "git-progress": TransferProgress;
}
