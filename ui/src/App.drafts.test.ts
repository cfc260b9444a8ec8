// Drafts in the whole app: a draft found on start goes back into the editor, unsaved, and an
// autosave that cannot be written warns without losing the edit.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import App from "./App.svelte";
import { loadLazyParts } from "./lib/components/editor-test-kit";
import { MockBackend, SAMPLE_ROOT } from "./lib/mock-backend";

const FILE = "2026-05-02-internal-dns-resolver-outage.md";
const PATH = `${SAMPLE_ROOT}/docs/incidents/${FILE}`;
const DRAFT = "# PIR\n\n## Timeline\n\n| 09:12 | Resolver restarted — typed before the crash |\n";

/** Waits longer than the autosave's pause. */
const AUTOSAVE_WAIT = { timeout: 4000 };

describe("drafts in the app", () => {
  beforeAll(loadLazyParts);

  it("restores a found draft into the editor, unsaved, and saving drops the draft", async () => {
    const user = userEvent.setup();
    const api = new MockBackend();
    api.seedDraft(SAMPLE_ROOT, PATH, DRAFT);
    render(App, { api });
    const dialog = await screen.findByTestId("drafts-dialog");
    expect(dialog).toHaveTextContent(FILE);
    await user.click(within(dialog).getByTestId("draft-restore"));

    await waitFor(() => expect(screen.getByTestId("editor-title")).toHaveTextContent(FILE));
    await screen.findByTestId("dirty-dot");
    expect(screen.queryByTestId("drafts-dialog")).toBeNull();
    expect(screen.getByTestId("notice")).toHaveTextContent("Restored the draft");
    expect(screen.getByTestId("preview")).toHaveTextContent("typed before the crash");
    // The session took the draft in from disk: its text never crossed to the UI and back.
    expect(api.calls).toContainEqual(["sessionRestoreDraft", [SAMPLE_ROOT, PATH]]);
    // Nothing is written until the author saves; the draft stays until then.
    expect(api.editor.written.has(PATH)).toBe(false);
    expect(await api.listDrafts()).toHaveLength(1);

    await user.click(screen.getByTestId("save"));
    await waitFor(() => expect(screen.queryByTestId("dirty-dot")).toBeNull());
    expect(api.editor.written.get(PATH)).toContain("typed before the crash");
    await waitFor(async () => expect(await api.listDrafts()).toEqual([]));
  });

  it("restores the draft of a PIR gone from disk by writing it back, listed and open", async () => {
    const user = userEvent.setup();
    const api = new MockBackend();
    const gone = "2026-07-01-deleted-since.md";
    const path = `${SAMPLE_ROOT}/docs/incidents/${gone}`;
    api.seedDraft(SAMPLE_ROOT, path, DRAFT);
    render(App, { api });
    const dialog = await screen.findByTestId("drafts-dialog");
    expect(dialog).toHaveTextContent("file not on disk");
    await user.click(within(dialog).getByTestId("draft-restore"));

    await waitFor(() => expect(screen.getByTestId("editor-title")).toHaveTextContent(gone));
    expect(screen.getByTestId("notice")).toHaveTextContent("written back");
    // Listed again, and the text is the draft's without a second copy set over it.
    await waitFor(() =>
      expect(
        screen.getAllByTestId("pir-item").some((el) => el.getAttribute("data-file") === gone),
      ).toBe(true),
    );
    expect(api.calls.some(([m]) => m === "sessionRestoreDraft")).toBe(false);
  });

  it("Undo after a restore gives back the text on disk", async () => {
    const user = userEvent.setup();
    const api = new MockBackend();
    api.seedDraft(SAMPLE_ROOT, PATH, DRAFT);
    render(App, { api });
    await user.click(await screen.findByTestId("draft-restore"));
    await screen.findByTestId("dirty-dot");
    await user.click(screen.getByTestId("undo"));
    await waitFor(() => expect(screen.queryByTestId("dirty-dot")).toBeNull());
    expect(screen.getByTestId("preview")).not.toHaveTextContent("typed before the crash");
  });

  it("warns while drafts cannot be saved, keeps the edit, and clears once one is saved", async () => {
    const user = userEvent.setup();
    const api = new MockBackend();
    api.draftSaveError = {
      kind: "io",
      message: "cannot create a temporary file to save: Operation not permitted (os error 1)",
    };
    render(App, { api });
    await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(3));
    await user.click(screen.getAllByTestId("pir-item").find((e) => e.dataset.file === FILE)!);
    const rows = (await screen.findAllByTestId("timeline-row")).length;
    await user.click(screen.getByTestId("timeline-add"));

    const warning = await screen.findByTestId("draft-warning", {}, AUTOSAVE_WAIT);
    expect(warning).toHaveTextContent(
      "Drafts cannot be saved: cannot create a temporary file to save: Operation not permitted",
    );
    // The edit is still in the editor, unsaved.
    expect(screen.getAllByTestId("timeline-row")).toHaveLength(rows + 1);
    expect(screen.getByTestId("dirty-dot")).toBeInTheDocument();
    expect(api.drafts.size).toBe(0);

    api.draftSaveError = null;
    await user.click(screen.getByTestId("timeline-add"));
    await waitFor(() => expect(screen.queryByTestId("draft-warning")).toBeNull(), AUTOSAVE_WAIT);
    expect(screen.getAllByTestId("timeline-row")).toHaveLength(rows + 2);
    expect(api.drafts.size).toBe(1);
  });

  it("discarding the edits when opening another PIR leaves no draft for the next start", async () => {
    const user = userEvent.setup();
    const api = new MockBackend();
    render(App, { api });
    await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(3));
    const items = () => screen.getAllByTestId("pir-item");
    await user.click(items().find((e) => e.dataset.file === FILE)!);
    await user.click(await screen.findByTestId("timeline-add"));
    await waitFor(() => expect(api.drafts.size).toBe(1), AUTOSAVE_WAIT);

    api.confirmAnswer = true;
    await user.click(items().find((e) => e.dataset.file !== FILE)!);
    await waitFor(() => expect(api.drafts.size).toBe(0));
    expect(await api.listDrafts()).toEqual([]);
  });

  it("an edit undone back to the saved text drops its draft", async () => {
    const user = userEvent.setup();
    const api = new MockBackend();
    render(App, { api });
    await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(3));
    await user.click(screen.getAllByTestId("pir-item").find((e) => e.dataset.file === FILE)!);
    await user.click(await screen.findByTestId("timeline-add"));
    await waitFor(() => expect(api.drafts.size).toBe(1), AUTOSAVE_WAIT);
    await user.click(screen.getByTestId("undo"));
    await waitFor(() => expect(screen.queryByTestId("dirty-dot")).toBeNull());
    await waitFor(() => expect(api.drafts.size).toBe(0), AUTOSAVE_WAIT);
  });

  it("reload from disk resets the focused cell, which never applies the dropped text", async () => {
    const user = userEvent.setup();
    const api = new MockBackend();
    render(App, { api });
    await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(3));
    await user.click(screen.getAllByTestId("pir-item").find((e) => e.dataset.file === FILE)!);
    const cell = (await screen.findAllByTestId("cell-event"))[0] as HTMLInputElement;
    const saved = cell.value;
    await user.click(screen.getByTestId("timeline-add"));
    // Typed, not committed: the cell still has the focus when the save is asked.
    await user.click(cell);
    await user.keyboard(" typed then dropped");
    api.editor.changeOnDisk(PATH, "their text");
    await user.keyboard("{Control>}s{/Control}");
    const dialog = await screen.findByTestId("conflict-dialog");
    // A click that leaves the focus where it is (as WebKit's does on a button).
    await fireEvent.click(within(dialog).getByTestId("conflict-reload"));
    await waitFor(() => expect(screen.queryByTestId("conflict-dialog")).toBeNull());
    const fresh = screen.getAllByTestId("cell-event")[0] as HTMLInputElement;
    expect(fresh.value).toBe(saved);
    const applied = api.calls.filter(([m]) => m === "sessionApply").length;
    await user.click(screen.getByTestId("editor-title"));
    await user.click(fresh);
    await user.click(screen.getByTestId("editor-title"));
    expect(api.calls.filter(([m]) => m === "sessionApply")).toHaveLength(applied);
    expect(fresh.value).toBe(saved);
    expect(screen.queryByTestId("dirty-dot")).toBeNull();
  });
});
