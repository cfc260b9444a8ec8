// The one way the UI talks to the backend. Every command of the Tauri shell has one typed
// method here; the mock backend (mock-backend.ts) implements the same interface so the UI
// runs in a plain browser and in component tests.
import type { CoreError } from "./bindings/CoreError";
import type { Created } from "./bindings/Created";
import type { NewPir } from "./bindings/NewPir";
import type { NewPirFields } from "./bindings/NewPirFields";
import type { RecentSite } from "./bindings/RecentSite";
import type { SectionKey } from "./bindings/SectionKey";
import type { SectionState } from "./bindings/SectionState";
import type { SiteOverview } from "./bindings/SiteOverview";
import type { Template } from "./bindings/Template";
import type { TextSection } from "./bindings/TextSection";
import type { Edit } from "./bindings/Edit";
import type { PastedRow } from "./bindings/PastedRow";
import type { Preview } from "./bindings/Preview";
import type { SaveOutcome } from "./bindings/SaveOutcome";
import type { SiteCheck } from "./bindings/SiteCheck";
import type { TimeZoneLabel } from "./bindings/TimeZoneLabel";

/** The editor's part of the backend: the site list and one editing session per open PIR. */
export interface EditorApi {
  /** Every PIR with its metadata and problems, newest first. */
  checkSite(root: string): Promise<SiteCheck>;
  /** Opens a PIR for editing (or gives the session already open on it). */
  sessionOpen(path: string): Promise<Preview>;
  /** Applies edits as one undo step, all or nothing. */
  sessionApply(path: string, edits: Edit[]): Promise<Preview>;
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
  };
}

/** What the UI can ask of the backend. Failures reject with a `CoreError`. */
export interface Api extends EditorApi {
  /** The site to open first: the command-line folder, the last site, or the sample site. */
  startupSite(): Promise<string>;
  /** Sites opened before, most recent first. */
  recentSites(): Promise<RecentSite[]>;
  /** Opens the site containing `path` and remembers it. */
  openSite(path: string): Promise<SiteOverview>;
  /** The file name a PIR would get, or a rejection saying why none. */
  fileNamePreview(title: string, date: string): Promise<string>;
  /** The site's template and section guide. */
  siteTemplate(root: string): Promise<Template>;
  /** The sections a new PIR with these fields starts with. */
  draftSections(root: string, fields: NewPirFields): Promise<TextSection[]>;
  /** Empty / placeholder / filled, for each text. */
  sectionStates(texts: string[]): Promise<SectionState[]>;
  /** Creates the PIR (file, nav entry, home-list entry) with the given section bodies. */
  createPir(root: string, req: NewPir, sections: [SectionKey, string][]): Promise<Created>;
  /** Asks the user for a folder; `null` when they cancel. */
  pickFolder(): Promise<string | null>;
  /** Asks the user to confirm; `true` when they do. */
  confirm(message: string, title: string): Promise<boolean>;
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
    startupSite: () => call("startup_site"),
    recentSites: () => call("recent_sites"),
    openSite: (path) => call("open_site", { path }),
    fileNamePreview: (title, date) => call("file_name_preview", { title, date }),
    siteTemplate: (root) => call("site_template", { root }),
    draftSections: (root, fields) => call("draft_sections", { root, fields }),
    sectionStates: (texts) => call("section_states", { texts }),
    createPir: (root, req, sections) => call("create_pir", { root, req, sections }),
    pickFolder: async () => {
      const { open } = await import("@tauri-apps/plugin-dialog");
      try {
        const picked = await open({ directory: true, multiple: false, title: "Open a docs site" });
        return typeof picked === "string" ? picked : null;
      } catch (e) {
        throw toCoreError(e);
      }
    },
    confirm: async (message, title) => {
      const { confirm } = await import("@tauri-apps/plugin-dialog");
      return confirm(message, { title, kind: "warning" });
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
