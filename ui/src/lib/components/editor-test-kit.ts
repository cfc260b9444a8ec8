// What the editor's component tests share: a mock backend with one PIR open in the editing
// view, and the edits the view sent to it.
import { render, screen } from "@testing-library/svelte";
import type { Edit } from "../bindings/Edit";
import type { PirModel } from "../bindings/PirModel";
import { MockBackend, SAMPLE_ROOT } from "../mock-backend";
import { EditorStore } from "../state/editor.svelte";
import EditorLayout from "./EditorLayout.svelte";
import SaveDialogs from "./SaveDialogs.svelte";

export const PIR = `${SAMPLE_ROOT}/docs/incidents/2026-05-02-internal-dns-resolver-outage.md`;

/** Opens the PIR in the editing view, with the dialogs a save asks (as the app shows them);
 * `prepare` changes what the file holds first. */
export async function openEditor(prepare?: (model: PirModel) => void) {
  const api = new MockBackend();
  if (prepare) api.editor.prepare(PIR, prepare);
  const editor = new EditorStore(api);
  await editor.open(PIR);
  render(EditorLayout, { api, editor });
  render(SaveDialogs, { editor });
  await screen.findByTestId("timeline-grid");
  return { api, editor };
}

/** The edits of every `sessionApply` call so far, one list per call (one undo step each). */
export function sentEdits(api: MockBackend): Edit[][] {
  return api.calls.filter(([m]) => m === "sessionApply").map(([, args]) => args[1] as Edit[]);
}

/**
 * Loads the parts the app imports only when first shown (its pages, CodeMirror), so that a
 * test's waits do not include the time the test runner takes to compile them the first time.
 * The app still goes through its `import()`; it finds them loaded, as it does after the first
 * use.
 */
export function loadLazyParts(): Promise<unknown> {
  return Promise.all([
    import("./EditorLayout.svelte"),
    import("./MarkdownEditor.svelte"),
    import("./Wizard.svelte"),
    import("./SettingsPage.svelte"),
  ]);
}
