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
    const save = vi.spyOn(api, "sessionSaveDraft");
    const discard = vi.spyOn(api, "discardDraft");
    editor.onchanged = (path, p) => {
      if (p.dirty) drafts.edited(SAMPLE_ROOT, path);
    };
    editor.onsaved = (path) => void drafts.saved(SAMPLE_ROOT, path);
    await editor.open(PIR);

    await editor.apply({ op: "add_tag", tag: "dns" });
    await drafts.flush();
    expect(save).toHaveBeenCalledOnce();
    expect(save.mock.calls[0][1]).toBe(PIR);
    // The draft holds the session's text, which never crossed with the call.
    expect(api.drafts.get(`${SAMPLE_ROOT}\0${PIR}`)?.text).toBe(editor.preview?.text);

    await editor.undo();
    await drafts.flush();
    // Undo back to the saved text is not dirty: no new draft.
    expect(save).toHaveBeenCalledOnce();

    await editor.apply({ op: "add_tag", tag: "dns" });
    await editor.save();
    await vi.waitFor(() => expect(discard).toHaveBeenCalledWith(SAMPLE_ROOT, PIR));
  });

  it("builds each preview from the session's patches, and takes the whole one when out of step", async () => {
    const api = new MockBackend();
    const editor = new EditorStore(api);
    const open = vi.spyOn(api, "sessionOpen");
    await editor.open(PIR);
    expect(open).toHaveBeenCalledOnce();

    await editor.apply({ op: "add_tag", tag: "dns" });
    await editor.apply({ op: "add_tag", tag: "edge" });
    // Both answers were patches of the preview held: no whole preview asked for.
    expect(open).toHaveBeenCalledOnce();
    const whole = await api.sessionOpen(PIR);
    expect(editor.preview).toEqual({ ...whole, revision: editor.preview?.revision });
    expect(editor.model?.tags).toEqual(["network", "dns", "edge"]);

    // The session gave a preview the store never saw (that call above): the next patch is
    // refused and the whole preview taken instead, with the edit in it.
    open.mockClear();
    await editor.apply({ op: "add_tag", tag: "cdn" });
    expect(open).toHaveBeenCalledOnce();
    expect(editor.model?.tags).toEqual(["network", "dns", "edge", "cdn"]);
    expect(editor.preview?.revision).toBe((await api.sessionOpen(PIR)).revision - 1);
  });
});

describe("links and images of the open PIR", () => {
  it("asks the site of the open PIR, and says where a stored image went", async () => {
    const api = new MockBackend();
    const editor = new EditorStore(api);
    // No site or PIR yet: nothing to search, nothing stored.
    expect(await editor.linkSearch("dns")).toEqual([]);
    editor.root = SAMPLE_ROOT;
    await editor.open(PIR);

    const hits = await editor.linkSearch("restart");
    expect(hits.map((h) => h.link)).toEqual(["../runbooks/dns.md#restart-the-resolver"]);
    expect(api.calls.find(([m]) => m === "linkSearch")).toEqual([
      "linkSearch",
      [SAMPLE_ROOT, PIR, "restart"],
    ]);

    const md = await editor.storeImage({ bytes: [1, 2], name: null, mime: "image/png" });
    expect(md).toBe("![image](../assets/2026-05-02-internal-dns-resolver-outage/image.png)");
    expect(editor.notice).toContain("../assets/2026-05-02-internal-dns-resolver-outage/image.png");

    // A refused file is an error shown, and nothing to insert.
    expect(await editor.storeImage({ bytes: [1], name: "a.txt", mime: "text/plain" })).toBeNull();
    expect(editor.error?.kind).toBe("invalid_input");
  });
});
