// The one way the UI talks to the backend. Every command of the Tauri shell has one typed
// method here; the mock backend (mock-backend.ts) implements the same interface so the UI
// runs in a plain browser and in component tests.
import type { CoreError } from "./bindings/CoreError";
import type { CommitOptions } from "./bindings/CommitOptions";
import type { CommitOutcome } from "./bindings/CommitOutcome";
import type { CommitReview } from "./bindings/CommitReview";
import type { Created } from "./bindings/Created";
import type { Draft } from "./bindings/Draft";
import type { DraftComparison } from "./bindings/DraftComparison";
import type { DraftInfo } from "./bindings/DraftInfo";
import type { NewPir } from "./bindings/NewPir";
import type { NewPirFields } from "./bindings/NewPirFields";
import type { PullOutcome } from "./bindings/PullOutcome";
import type { PushOutcome } from "./bindings/PushOutcome";
import type { TransferProgress } from "./bindings/TransferProgress";
import type { TypedCredentials } from "./bindings/TypedCredentials";
import type { RecentSite } from "./bindings/RecentSite";
import type { SectionKey } from "./bindings/SectionKey";
import type { SectionState } from "./bindings/SectionState";
import type { OpenedSite } from "./bindings/OpenedSite";
import type { Template } from "./bindings/Template";
import type { TextSection } from "./bindings/TextSection";
import type { Edit } from "./bindings/Edit";
import type { PastedRow } from "./bindings/PastedRow";
import type { Preview } from "./bindings/Preview";
import type { PreviewPatch } from "./bindings/PreviewPatch";
import type { SaveOutcome } from "./bindings/SaveOutcome";
import type { SiteCheck } from "./bindings/SiteCheck";
import type { TimeZoneLabel } from "./bindings/TimeZoneLabel";
import type { IndexStatus } from "./bindings/IndexStatus";
import type { Scaffolded } from "./bindings/Scaffolded";
import type { SearchFilters } from "./bindings/SearchFilters";
import type { SearchResults } from "./bindings/SearchResults";
import type { SiteStats } from "./bindings/SiteStats";

/** The editor's part of the backend: the site list and one editing session per open PIR. */
export interface EditorApi {
  /** Every PIR with its metadata and problems, newest first. */
  checkSite(root: string): Promise<SiteCheck>;
  /** Opens a PIR for editing (or gives the session already open on it). */
  sessionOpen(path: string): Promise<Preview>;
  /** Applies edits as one undo step, all or nothing. */
  sessionApply(path: string, edits: Edit[]): Promise<PreviewPatch>;
  /** Undoes the last edit. */
  sessionUndo(path: string): Promise<Preview>;
  /** Redoes the last undone edit. */
  sessionRedo(path: string): Promise<Preview>;
  /** Saves unless the file changed on disk (then a conflict outcome). */
  sessionSave(path: string): Promise<SaveOutcome>;
  /** Saves over whatever is on disk. */
  sessionSaveOverwrite(path: string): Promise<SaveOutcome>;
  /** Reads the file again, dropping unsaved edits. */
  sessionReload(path: string): Promise<Preview>;
  /** Closes the session, dropping unsaved edits. */
  sessionClose(path: string): Promise<void>;
  /** Pasted chat or log lines as timeline rows. */
  parsePastedLines(text: string, zone: TimeZoneLabel | null): Promise<PastedRow[]>;
  /** Puts `text` (a restored draft) in place of the whole text, as one undo step. */
  sessionSetText(path: string, text: string): Promise<Preview>;
}

type Call = <T>(cmd: string, args?: Record<string, unknown>) => Promise<T>;

/** The editor's Tauri commands. */
function editorCommands(call: Call): EditorApi {
  return {
    checkSite: (root) => call("check_site", { root }),
    sessionOpen: (path) => call("session_open", { path }),
    sessionApply: (path, edits) => call("session_apply", { path, edits }),
    sessionUndo: (path) => call("session_undo", { path }),
    sessionRedo: (path) => call("session_redo", { path }),
    sessionSave: (path) => call("session_save", { path }),
    sessionSaveOverwrite: (path) => call("session_save_overwrite", { path }),
    sessionReload: (path) => call("session_reload", { path }),
    sessionClose: (path) => call("session_close", { path }),
    parsePastedLines: (text, zone) => call("parse_pasted_lines", { text, zone }),
    sessionSetText: (path, text) => call("session_set_text", { path, text }),
  };
}

// ---- Across incidents: search, metrics and new sites ----

/** Search, metrics and new sites. */
export interface InsightsApi {
  /** Starts the site's search index in the background (if not started); where it is. */
  searchIndex(root: string): Promise<IndexStatus>;
  /** The PIRs matching `query` and `filters`, best first (none while indexing). */
  searchPirs(
    root: string,
    query: string,
    filters: SearchFilters,
    limit: number,
  ): Promise<SearchResults>;
  /** The site's metrics, action item ages counted to today. */
  siteStats(root: string): Promise<SiteStats>;
  /** Writes a new PIR site into the new or empty folder `dir`. */
  initSite(dir: string, name: string): Promise<Scaffolded>;
}

/** The insights' Tauri commands. */
function insightsCommands(call: Call): InsightsApi {
  return {
    searchIndex: (root) => call("search_index", { root }),
    searchPirs: (root, query, filters, limit) =>
      call("search_pirs", { root, query, filters, limit }),
    siteStats: (root) => call("site_stats", { root }),
    initSite: (dir, name) => call("init_site", { dir, name }),
  };
}

/** What the UI can ask of the backend. Failures reject with a `CoreError`. */
export interface Api extends EditorApi, InsightsApi {
  /** Opens the site to start on (the command-line folder, the last site, or the sample site):
   * its overview, checked PIR list and the recent sites, in one answer. */
  startSite(): Promise<OpenedSite>;
  /** Sites opened before, most recent first. */
  recentSites(): Promise<RecentSite[]>;
  /** Opens the site containing `path` and remembers it: its overview, checked PIR list and
   * the recent sites. */
  openSite(path: string): Promise<OpenedSite>;
  /** The file name a new PIR of the site at `root` would get, by the site's naming, or a
   * rejection saying why none. */
  fileNamePreview(root: string, title: string, date: string): Promise<string>;
  /** The site's template and section guide. */
  siteTemplate(root: string): Promise<Template>;
  /** The sections a new PIR with these fields starts with. */
  draftSections(root: string, fields: NewPirFields): Promise<TextSection[]>;
  /** Empty / placeholder / filled, for each text. */
  sectionStates(texts: string[]): Promise<SectionState[]>;
  /** Creates the PIR (file, nav entry, home-list entry) with the given section bodies. */
  createPir(root: string, req: NewPir, sections: [SectionKey, string][]): Promise<Created>;
  /** Asks the user for a folder (the dialog titled `title`); `null` when they cancel. */
  pickFolder(title?: string): Promise<string | null>;
  /** Asks the user to confirm; `true` when they do. */
  confirm(message: string, title: string): Promise<boolean>;

  /** Saves the editor's text of `path` in `site` as its draft (autosave). */
  saveDraft(site: string, path: string, text: string): Promise<DraftInfo>;
  /** Drafts left from earlier runs, newest first. */
  listDrafts(): Promise<DraftInfo[]>;
  /** The draft of `path` in `site`. */
  restoreDraft(site: string, path: string): Promise<Draft>;
  /** What restoring the draft would change in the file on disk. */
  compareDraft(site: string, path: string): Promise<DraftComparison>;
  /** Removes the draft (after a save, or when discarded). */
  discardDraft(site: string, path: string): Promise<void>;

  /** What the commit panel shows for the site at `root`. */
  gitReview(root: string): Promise<CommitReview>;
  /** Commits exactly `paths` (relative to the site) with `message`. */
  gitCommit(
    root: string,
    paths: string[],
    message: string,
    opts: CommitOptions,
  ): Promise<CommitOutcome>;
  /** Pushes the current branch; `credentials` when retrying after `needs_credentials`. */
  gitPush(root: string, credentials: TypedCredentials | null): Promise<PushOutcome>;
  /** Pulls, rebasing local commits onto the upstream. */
  gitPull(root: string, credentials: TypedCredentials | null): Promise<PullOutcome>;
  /** The pull-request page for `branch` on a GitHub/GitLab remote, else `null`. */
  pullRequestUrl(remoteUrl: string, branch: string): Promise<string | null>;
  /** Opens an https:// page in the browser. */
  openWebPage(url: string): Promise<void>;
  /** Calls `cb` with push/pull progress until the returned function is called. */
  onGitProgress(cb: (p: TransferProgress) => void): Promise<() => void>;
  /**
   * Asks `allow` whenever the window is about to close (close button, window manager); the
   * window closes only when it resolves `true`. Gives the function that stops asking.
   */
  onCloseRequested(allow: () => Promise<boolean>): Promise<() => void>;
}

/** Turns anything a call rejected with into a `CoreError`. */
export function toCoreError(e: unknown): CoreError {
  if (e && typeof e === "object" && "kind" in e && "message" in e) {
    return e as CoreError;
  }
  // Argument deserialisation failures and plugin errors arrive as plain strings.
  const message = e instanceof Error ? e.message : String(e);
  return { kind: "invalid_input", message };
}

type Invoke = <T>(cmd: string, args?: Record<string, unknown>) => Promise<T>;

/** The backend of the desktop app: Tauri commands over `invoke`. */
export function tauriApi(invoke: Invoke): Api {
  const call = async <T>(cmd: string, args?: Record<string, unknown>): Promise<T> => {
    try {
      return await invoke<T>(cmd, args);
    } catch (e) {
      throw toCoreError(e);
    }
  };
  return {
    ...editorCommands(call),
    ...insightsCommands(call),
    startSite: () => call("start_site"),
    recentSites: () => call("recent_sites"),
    openSite: (path) => call("open_site", { path }),
    fileNamePreview: (root, title, date) => call("file_name_preview", { root, title, date }),
    siteTemplate: (root) => call("site_template", { root }),
    draftSections: (root, fields) => call("draft_sections", { root, fields }),
    sectionStates: (texts) => call("section_states", { texts }),
    createPir: (root, req, sections) => call("create_pir", { root, req, sections }),
    pickFolder: async (title) => {
      const { open } = await import("@tauri-apps/plugin-dialog");
      try {
        const picked = await open({
          directory: true,
          multiple: false,
          title: title ?? "Open a docs site",
        });
        return typeof picked === "string" ? picked : null;
      } catch (e) {
        throw toCoreError(e);
      }
    },
    confirm: async (message, title) => {
      const { confirm } = await import("@tauri-apps/plugin-dialog");
      return confirm(message, { title, kind: "warning" });
    },
    saveDraft: (site, path, text) => call("save_draft", { site, path, text }),
    listDrafts: () => call("list_drafts"),
    restoreDraft: (site, path) => call("restore_draft", { site, path }),
    compareDraft: (site, path) => call("compare_draft", { site, path }),
    discardDraft: (site, path) => call("discard_draft", { site, path }),
    gitReview: (root) => call("git_review", { root }),
    gitCommit: (root, paths, message, opts) => call("git_commit", { root, paths, message, opts }),
    gitPush: (root, credentials) => call("git_push", { root, credentials }),
    gitPull: (root, credentials) => call("git_pull", { root, credentials }),
    pullRequestUrl: (remoteUrl, branch) => call("pull_request_url", { remoteUrl, branch }),
    openWebPage: (url) => call("open_web_page", { url }),
    onGitProgress: async (cb) => {
      const { listen } = await import("@tauri-apps/api/event");
      return listen<TransferProgress>("git-progress", (e) => cb(e.payload));
    },
    onCloseRequested: async (allow) => {
      const { getCurrentWindow } = await import("@tauri-apps/api/window");
      return getCurrentWindow().onCloseRequested(async (e) => {
        if (!(await allow())) e.preventDefault();
      });
    },
  };
}

/** Whether the page runs inside the Tauri shell. */
export function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

/** The backend for this page: Tauri's when inside the shell, else the in-memory mock. */
export async function connect(): Promise<Api> {
  if (inTauri()) {
    const { invoke } = await import("@tauri-apps/api/core");
    return tauriApi(invoke);
  }
  const { MockBackend } = await import("./mock-backend");
  return new MockBackend();
}
