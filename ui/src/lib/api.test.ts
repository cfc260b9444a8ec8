import { clearMocks, mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { tauriApi } from "./api";
import type { TransferProgress } from "./bindings/TransferProgress";
import { events } from "./contract";

afterEach(() => clearMocks());

/** The Tauri API over mocked IPC; gives the commands the window invoked. */
function mockedShell(): { invoked: string[]; api: ReturnType<typeof tauriApi> } {
  const invoked: string[] = [];
  mockWindows("main");
  mockIPC(
    (cmd) => {
      invoked.push(cmd);
      return null;
    },
    { shouldMockEvents: true },
  );
  const invoke = async <T>(cmd: string, args?: Record<string, unknown>): Promise<T> => {
    const { invoke } = await import("@tauri-apps/api/core");
    return invoke<T>(cmd, args);
  };
  return { invoked, api: tauriApi(invoke) };
}

async function requestClose() {
  const { emit } = await import("@tauri-apps/api/event");
  await emit("tauri://close-requested");
  // The guard's answer and the destroy call are asynchronous.
  await new Promise((r) => setTimeout(r, 20));
}

describe("tauri api", () => {
  it("destroys the window on a close request only when the guard allows it", async () => {
    const { invoked, api } = mockedShell();
    let allow = false;
    const stop = await api.onCloseRequested(async () => allow);
    await requestClose();
    expect(invoked).not.toContain("plugin:window|destroy");
    allow = true;
    await requestClose();
    expect(invoked.filter((c) => c === "plugin:window|destroy")).toHaveLength(1);
    // Once stopped, the guard no longer handles close requests.
    stop();
    await requestClose();
    expect(invoked.filter((c) => c === "plugin:window|destroy")).toHaveLength(1);
  });

  it("sends each command under its Rust name with camel-case argument keys", async () => {
    const sent: [string, unknown][] = [];
    const api = tauriApi(async <T>(cmd: string, args?: Record<string, unknown>) => {
      sent.push([cmd, args]);
      return null as T;
    });
    await api.sessionApply("docs/a.md", []);
    await api.reviewLink("/sites/a", "pir/x");
    await api.listDrafts();
    expect(sent).toEqual([
      ["session_apply", { path: "docs/a.md", edits: [] }],
      ["review_link", { root: "/sites/a", branch: "pir/x" }],
      ["list_drafts", undefined],
    ]);
  });

  it("gives git progress from the event the contract names", async () => {
    mockedShell();
    const seen: unknown[] = [];
    const api = tauriApi(async <T>() => null as T);
    const stop = await api.onGitProgress((p) => seen.push(p));
    const { emit } = await import("@tauri-apps/api/event");
    const progress: TransferProgress = { objects_done: 1, objects_total: 2, bytes: 10 };
    await emit(events.gitProgress, progress);
    await new Promise((r) => setTimeout(r, 20));
    stop();
    expect(seen).toEqual([progress]);
  });
});
