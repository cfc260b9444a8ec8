// The one way the UI talks to the backend: the commands generated from the shell's one
// declaration (contract.ts, from src-tauri/src/commands.rs) plus what the UI asks of the
// window itself (dialogs, events). The mock backend (mock-backend.ts) implements the same
// interface so the UI runs in a plain browser and in component tests.
import type { CoreError } from "./bindings/CoreError";
import type { TransferProgress } from "./bindings/TransferProgress";
import { commands, events, type Commands, type EventPayloads } from "./contract";

/** The editor's part of the backend: the site list and one editing session per open PIR. */
export type EditorApi = Pick<
  Commands,
  | "checkSite"
  | "sessionOpen"
  | "sessionApply"
  | "sessionUndo"
  | "sessionRedo"
  | "sessionPlanSave"
  | "sessionSave"
  | "sessionSaveOverwrite"
  | "sessionMergeDisk"
  | "sessionReload"
  | "sessionClose"
  | "parsePastedLines"
  | "sessionOpenStep"
  | "sessionStepBody"
>;

/**
 * Files or folders dragged from outside onto the window, as the shell reports them: where the
 * pointer is (CSS pixels of the page) and, on entering and on the drop, the paths carried.
 * A drag from inside the page (moving a timeline row) carries no paths.
 */
export type FileDrag =
  | { type: "enter"; paths: string[]; x: number; y: number }
  | { type: "over"; x: number; y: number }
  | { type: "drop"; paths: string[]; x: number; y: number }
  | { type: "leave" };

/** What the UI can ask of the backend: every command, and the window's own dialogs and
 * events. Failures reject with a `CoreError`. */
export interface Api extends Commands {
  /** Asks the user for a folder (the dialog titled `title`); `null` when they cancel. */
  pickFolder(title?: string): Promise<string | null>;
  /** Asks the user for files (the dialog titled `title`); none when they cancel. */
  pickFiles(title: string): Promise<string[]>;
  /** Asks the user to confirm; `true` when they do. */
  confirm(message: string, title: string): Promise<boolean>;
  /** Calls `cb` with push/pull progress until the returned function is called. */
  onGitProgress(cb: (p: TransferProgress) => void): Promise<() => void>;
  /**
   * Asks `allow` whenever the window is about to close (close button, window manager); the
   * window closes only when it resolves `true`. Gives the function that stops asking.
   */
  onCloseRequested(allow: () => Promise<boolean>): Promise<() => void>;
  /** Calls `cb` as files are dragged over the window and dropped on it (the webview's own
   * drag and drop, which gives real paths) until the returned function is called. */
  onFileDrag(cb: (drag: FileDrag) => void): Promise<() => void>;
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
    ...commands(call),
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
    pickFiles: async (title) => {
      const { open } = await import("@tauri-apps/plugin-dialog");
      try {
        const picked = await open({ directory: false, multiple: true, title });
        return picked === null ? [] : Array.isArray(picked) ? picked : [picked];
      } catch (e) {
        throw toCoreError(e);
      }
    },
    confirm: async (message, title) => {
      const { confirm } = await import("@tauri-apps/plugin-dialog");
      return confirm(message, { title, kind: "warning" });
    },
    onGitProgress: async (cb) => {
      const { listen } = await import("@tauri-apps/api/event");
      const name = events.gitProgress;
      return listen<EventPayloads[typeof name]>(name, (e) => cb(e.payload));
    },
    onCloseRequested: async (allow) => {
      const { getCurrentWindow } = await import("@tauri-apps/api/window");
      return getCurrentWindow().onCloseRequested(async (e) => {
        if (!(await allow())) e.preventDefault();
      });
    },
    onFileDrag: async (cb) => {
      const { getCurrentWebview } = await import("@tauri-apps/api/webview");
      return getCurrentWebview().onDragDropEvent(({ payload: p }) => {
        if (p.type === "leave") return cb({ type: "leave" });
        // The shell gives physical pixels of the webview; the page lays out in CSS pixels.
        const { x, y } = p.position.toLogical(window.devicePixelRatio || 1);
        cb(p.type === "over" ? { type: "over", x, y } : { type: p.type, paths: p.paths, x, y });
      });
    },
  };
}

/** Whether the page runs inside the Tauri shell. */
export function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

/** The backend for this page: Tauri's when inside the shell, else (in a development build
 * only, `npm run dev`) the in-memory mock. The production build carries no mock: the
 * condition is a constant there, so the bundler drops the import. */
export async function connect(): Promise<Api> {
  if (inTauri()) {
    const { invoke } = await import("@tauri-apps/api/core");
    return tauriApi(invoke);
  }
  if (import.meta.env.DEV) {
    const { MockBackend } = await import("./mock-backend");
    return new MockBackend();
  }
  throw new Error("PIR Editor's window runs inside the app: start it with `pir-editor`.");
}
