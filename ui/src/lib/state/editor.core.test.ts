// The editor's and drafts' stores against pir-core itself (through the test server), on the
// sample site written into a fresh data folder: edits, undo, autosave of the session's own
// text, and a save that writes the file.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCore, type Core } from "../../test-core";
import { DraftsStore } from "./drafts.svelte";
import { EditorStore } from "./editor.svelte";

let core: Core;
let root: string;
let pir: string;

beforeAll(async () => {
  core = await startCore();
  const opened = await core.api.startSite();
  root = opened.overview.root;
  pir = opened.check.pirs[0].summary.path;
});
afterAll(() => core?.stop());

describe("editor store over pir-core", () => {
  it("edits, autosaves the session's text, undoes and saves the file", async () => {
    const { api } = core;
    const editor = new EditorStore(api);
    const drafts = new DraftsStore(api, 0);
    editor.onchanged = (path, p) => {
      if (p.dirty) drafts.edited(root, path);
    };
    editor.onsaved = (path) => void drafts.saved(root, path);
    const before = fs.readFileSync(pir, "utf8");
    await editor.open(pir);
    expect(editor.preview?.model.tags).not.toContain("core-test");

    await editor.apply({ op: "add_tag", tag: "core-test" });
    expect(editor.preview?.dirty).toBe(true);
    expect(editor.preview?.model.tags).toContain("core-test");
    await drafts.flush();
    // The draft is the session's text, written by the core: no text went with the call.
    const saves = core.calls.filter(([c]) => c === "session_save_draft");
    expect(saves).toEqual([["session_save_draft", { site: root, path: pir }]]);
    const listed = await api.listDrafts();
    expect(listed.map((d) => d.path)).toEqual([pir]);
    expect((await api.restoreDraft(root, pir)).text).toContain("core-test");

    await editor.undo();
    expect(editor.preview?.dirty).toBe(false);
    expect(editor.preview?.model.tags).not.toContain("core-test");

    await editor.apply({ op: "add_tag", tag: "core-test" });
    await editor.save();
    expect(editor.notice).toMatch(/^Saved/);
    const after = fs.readFileSync(pir, "utf8");
    expect(after).not.toBe(before);
    expect(after).toContain("core-test");
    await drafts.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(await api.listDrafts()).toEqual([]);
  });

  it("gives the core's own error, with its kind and path, for a PIR that is not there", async () => {
    const editor = new EditorStore(core.api);
    await editor.open(`${root}/docs/incidents/no-such-pir.md`);
    expect(editor.error?.kind).toBe("not_found");
    expect(editor.error?.path).toBe(`${root}/docs/incidents/no-such-pir.md`);
  });
});
