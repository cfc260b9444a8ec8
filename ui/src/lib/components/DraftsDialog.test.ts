import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MockBackend, SAMPLE_ROOT } from "../mock-backend";
import { DraftsStore } from "../state/drafts.svelte";
import DraftsDialog from "./DraftsDialog.svelte";

const PIR = "2026-05-02-internal-dns-resolver-outage.md";

describe("autosave", () => {
  afterEach(() => vi.useRealTimers());

  it("writes one draft after typing pauses, with the session's latest text", async () => {
    vi.useFakeTimers();
    const api = new MockBackend();
    const drafts = new DraftsStore(api, 500);
    for (const text of ["# P", "# PI", "# PIR edited"]) {
      await api.sessionSetText(PIR, text);
      drafts.edited(SAMPLE_ROOT, PIR);
    }
    await vi.advanceTimersByTimeAsync(499);
    expect(api.calls.filter(([m]) => m === "sessionSaveDraft")).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    // The session writes the text it holds: none crosses with the call.
    const saves = api.calls.filter(([m]) => m === "sessionSaveDraft");
    expect(saves).toEqual([["sessionSaveDraft", [SAMPLE_ROOT, PIR]]]);
    expect((await api.restoreDraft(SAMPLE_ROOT, PIR)).text).toBe("# PIR edited");
    expect(drafts.lastSaved).not.toBeNull();
  });

  it("warns when a draft cannot be written and clears the warning once one can", async () => {
    const api = new MockBackend();
    api.draftSaveError = {
      kind: "io",
      message: "cannot write file: No space left on device (os error 28)",
    };
    const drafts = new DraftsStore(api, 0);
    await api.sessionSetText(PIR, "typed");
    drafts.edited(SAMPLE_ROOT, PIR);
    await drafts.flush();
    expect(drafts.warning?.kind).toBe("io");
    api.draftSaveError = null;
    await api.sessionSetText(PIR, "typed more");
    drafts.edited(SAMPLE_ROOT, PIR);
    await drafts.flush();
    expect(drafts.warning).toBeNull();
    expect((await api.restoreDraft(SAMPLE_ROOT, PIR)).text).toBe("typed more");
  });

  it("saving the PIR cancels the pending draft and removes the saved one", async () => {
    vi.useFakeTimers();
    const api = new MockBackend();
    api.seedDraft(SAMPLE_ROOT, PIR, "old draft");
    const drafts = new DraftsStore(api, 500);
    await api.sessionSetText(PIR, "newer");
    drafts.edited(SAMPLE_ROOT, PIR);
    await drafts.saved(SAMPLE_ROOT, PIR);
    await vi.advanceTimersByTimeAsync(1000);
    expect(api.calls.filter(([m]) => m === "sessionSaveDraft")).toHaveLength(0);
    expect(await api.listDrafts()).toEqual([]);
  });

  it("a draft still being written when the PIR is saved is removed once it lands", async () => {
    const api = new MockBackend();
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const write = api.sessionSaveDraft.bind(api);
    api.sessionSaveDraft = async (site, path) => {
      await gate;
      return write(site, path);
    };
    const drafts = new DraftsStore(api, 0);
    await api.sessionSetText(PIR, "typed just before saving");
    drafts.edited(SAMPLE_ROOT, PIR);
    // Let the autosave start its write, which waits at the gate.
    await new Promise((r) => setTimeout(r, 20));
    const saved = drafts.saved(SAMPLE_ROOT, PIR);
    release();
    await saved;
    expect(await api.listDrafts()).toEqual([]);
  });
});

describe("drafts found on start", () => {
  async function setup() {
    const api = new MockBackend();
    api.seedDraft(SAMPLE_ROOT, PIR, "# PIR\n\nA line typed before the crash.");
    const drafts = new DraftsStore(api);
    await drafts.loadFound();
    const onrestored = vi.fn();
    render(DraftsDialog, { drafts, onrestored });
    return { api, drafts, onrestored, user: userEvent.setup() };
  }

  it("lists the draft and restores it", async () => {
    const { drafts, onrestored, user } = await setup();
    expect(screen.getByTestId("drafts-dialog")).toHaveTextContent(PIR);
    await user.click(screen.getByTestId("draft-restore"));
    await waitFor(() => expect(onrestored).toHaveBeenCalledOnce());
    expect(onrestored).toHaveBeenCalledWith(drafts.restored, false);
    expect(drafts.restored?.path).toBe(PIR);
    expect(screen.queryByTestId("drafts-dialog")).toBeNull();
  });

  it("compares the draft with the file on disk", async () => {
    const { user } = await setup();
    await user.click(screen.getByTestId("draft-compare"));
    const diff = await screen.findByTestId("diff");
    const added = [...diff.querySelectorAll('[data-change="added"]')].map((e) => e.textContent);
    expect(added.some((t) => t?.includes("A line typed before the crash."))).toBe(true);
    expect(diff.querySelectorAll('[data-change="same"]').length).toBeGreaterThan(0);
  });

  it("discards the draft for good", async () => {
    const { api, user } = await setup();
    await user.click(screen.getByTestId("draft-discard"));
    await waitFor(() => expect(screen.queryByTestId("drafts-dialog")).toBeNull());
    expect(await api.listDrafts()).toEqual([]);
  });
});
