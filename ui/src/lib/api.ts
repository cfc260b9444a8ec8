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

/** What the UI can ask of the backend. Failures reject with a `CoreError`. */
export interface Api {
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
