import { describe, expect, it, vi } from "vitest";
import { MockBackend, SAMPLE_ROOT } from "../mock-backend";
import { DraftsStore } from "./drafts.svelte";
import { EditorStore } from "./editor.svelte";

const PIR = `${SAMPLE_ROOT}/docs/incidents/2026-05-02-internal-dns-resolver-outage.md`;

describe("editor store", () => {
  it("reports every text change and each save, which the app turns into draft autosave", async () => {
    const api = new MockBackend();
    const editor = new EditorStore(api);
    const drafts = new DraftsStore(api, 0);
    const save = vi.spyOn(api, "saveDraft");
    const discard = vi.spyOn(api, "discardDraft");
    editor.onchanged = (path, p) => {
      if (p.dirty) drafts.edited(SAMPLE_ROOT, path, p.text);
    };
    editor.onsaved = (path) => void drafts.saved(SAMPLE_ROOT, path);
    await editor.open(PIR);

    await editor.apply({ op: "add_tag", tag: "dns" });
    await drafts.flush();
    expect(save).toHaveBeenCalledOnce();
    expect(save.mock.calls[0][1]).toBe(PIR);
    expect(save.mock.calls[0][2]).toBe(editor.preview?.text);

    await editor.undo();
    await drafts.flush();
    // Undo back to the saved text is not dirty: no new draft.
    expect(save).toHaveBeenCalledOnce();

    await editor.apply({ op: "add_tag", tag: "dns" });
    await editor.save();
    await vi.waitFor(() => expect(discard).toHaveBeenCalledWith(SAMPLE_ROOT, PIR));
  });
});
