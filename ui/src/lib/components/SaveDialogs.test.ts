// Saving from the editor: a save that changes more than the PIR shows its plan first and
// writes exactly the files kept ticked; a file changed on disk shows a diff, not the file.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { CombinedChange } from "../bindings/CombinedChange";
import type { PlannedFile } from "../bindings/PlannedFile";
import type { SavePlan } from "../bindings/SavePlan";
import { SAMPLE_ROOT } from "../mock-backend";
import { openEditor, PIR } from "./editor-test-kit";
import ConflictDialog from "./ConflictDialog.svelte";
import SavePlanDialog from "./SavePlanDialog.svelte";

const NAV = `${SAMPLE_ROOT}/mkdocs.yml`;
const INDEX = `${SAMPLE_ROOT}/docs/incidents/index.md`;

function extra(path: string, name: string, removed: string, added: string): PlannedFile {
  return {
    path,
    name,
    pir: false,
    what: [`update ${name}`],
    hunks: [
      {
        lines: [
          { change: "removed", text: removed, old_line: 4, new_line: null },
          { change: "added", text: added, old_line: null, new_line: 4 },
        ],
      },
    ],
  };
}

const EXTRAS = [
  extra(NAV, "mkdocs.yml", "  - 2026-05-02 DNS: x.md", "  - 2026-05-02 DNS loop: x.md"),
  extra(
    INDEX,
    "docs/incidents/index.md",
    "| 2026-05-02 | DNS | SEV2 |",
    "| 2026-05-02 | DNS | SEV1 |",
  ),
];

describe("the save plan", () => {
  it("lists every file with its diff; the PIR cannot be unticked, the others can", async () => {
    const plan: SavePlan = {
      path: PIR,
      files: [{ path: PIR, name: "dns.md", pir: true, what: [], hunks: [] }, ...EXTRAS],
      problems: [],
    };
    const onsave = vi.fn();
    render(SavePlanDialog, { plan, onsave, oncancel: () => {} });
    expect(screen.getByRole("dialog", { name: "This save changes 3 files" })).toBeInTheDocument();
    const files = screen.getAllByTestId("save-plan-file");
    expect(files.map((f) => f.dataset.name)).toEqual([
      "dns.md",
      "mkdocs.yml",
      "docs/incidents/index.md",
    ]);
    expect(within(files[0]).getByRole("checkbox")).toBeDisabled();
    expect(files[2]).toHaveTextContent("| 2026-05-02 | DNS | SEV1 |");
    await userEvent.click(within(files[2]).getByTestId("save-plan-tick"));
    await userEvent.click(screen.getByTestId("save-plan-save"));
    expect(onsave).toHaveBeenCalledWith([NAV]);
  });

  it("unticking an extra file leaves it out of the save call", async () => {
    const user = userEvent.setup();
    const { api } = await openEditor();
    api.editor.planExtras.set(PIR, EXTRAS);
    await user.click(screen.getByTestId("timeline-add"));
    await user.click(screen.getByTestId("save"));
    const dialog = await screen.findByTestId("save-plan");
    // Nothing is written while the plan is shown.
    expect(api.calls.some(([m]) => m === "sessionSave")).toBe(false);
    const index = within(dialog)
      .getAllByTestId("save-plan-file")
      .find((f) => f.dataset.name === "docs/incidents/index.md")!;
    await user.click(within(index).getByTestId("save-plan-tick"));
    await user.click(within(dialog).getByTestId("save-plan-save"));
    await waitFor(() => expect(screen.queryByTestId("save-plan")).toBeNull());
    expect(api.calls.filter(([m]) => m === "sessionSave")).toEqual([["sessionSave", [PIR, [NAV]]]]);
    expect(api.editor.writtenExtras.get(PIR)).toEqual([NAV]);
    const notice = screen.getByTestId("editor-notice");
    expect(notice).toHaveTextContent("Also wrote mkdocs.yml");
    expect(notice).toHaveTextContent("Left as they were: docs/incidents/index.md");
  });

  it("cancelling writes nothing; a save of the PIR alone asks nothing", async () => {
    const user = userEvent.setup();
    const { api, editor } = await openEditor();
    api.editor.planExtras.set(PIR, EXTRAS);
    await user.click(screen.getByTestId("timeline-add"));
    await user.click(screen.getByTestId("save"));
    await user.click(await screen.findByTestId("save-plan-cancel"));
    expect(screen.queryByTestId("save-plan")).toBeNull();
    expect(api.calls.some(([m]) => m === "sessionSave")).toBe(false);
    expect(editor.dirty).toBe(true);

    api.editor.planExtras.delete(PIR);
    await user.click(screen.getByTestId("save"));
    await waitFor(() => expect(editor.dirty).toBe(false));
    expect(screen.queryByTestId("save-plan")).toBeNull();
    expect(api.calls.filter(([m]) => m === "sessionSave")).toEqual([["sessionSave", [PIR, []]]]);
  });
});

describe("a save of a PIR showing a new image", () => {
  it("shows the image it adds before writing, though no other file changes", async () => {
    const user = userEvent.setup();
    const { api } = await openEditor();
    api.editor.planPirWhat.set(PIR, ["adds the image docs/assets/pir/graph.png (12 KiB)"]);
    await user.click(screen.getByTestId("timeline-add"));
    await user.click(screen.getByTestId("save"));
    const dialog = await screen.findByTestId("save-plan");
    expect(dialog).toHaveTextContent("adds the image docs/assets/pir/graph.png (12 KiB)");
    expect(within(dialog).getByTestId("save-plan-pir-only")).toHaveTextContent(
      "Only the PIR is written",
    );
    expect(api.calls.some(([m]) => m === "sessionSave")).toBe(false);
    await user.click(within(dialog).getByTestId("save-plan-save"));
    await waitFor(() => expect(screen.queryByTestId("save-plan")).toBeNull());
    expect(api.calls.filter(([m]) => m === "sessionSave")).toEqual([["sessionSave", [PIR, []]]]);
  });
});

describe("a file changed on disk", () => {
  it("shows the diff of theirs and mine, and keep mine writes the files chosen before", async () => {
    const user = userEvent.setup();
    const { api } = await openEditor();
    api.editor.planExtras.set(PIR, EXTRAS);
    await user.click(screen.getByTestId("timeline-add"));
    api.editor.changeOnDisk(PIR, "their first line\n" + "x".repeat(5000));
    await user.click(screen.getByTestId("save"));
    await user.click(await screen.findByTestId("save-plan-save"));
    const dialog = await screen.findByTestId("conflict-dialog");
    const diff = within(dialog).getByTestId("diff");
    expect(diff).toHaveTextContent("their first line");
    expect(dialog).not.toHaveTextContent("xxxxxxxxxx");
    await user.click(within(dialog).getByTestId("conflict-keep"));
    await waitFor(() => expect(screen.queryByTestId("conflict-dialog")).toBeNull());
    expect(api.calls.filter(([m]) => m === "sessionSaveOverwrite")).toEqual([
      ["sessionSaveOverwrite", [PIR, [NAV, INDEX]]],
    ]);
  });

  it("reload from disk closes the dialog without writing", async () => {
    const user = userEvent.setup();
    const { api, editor } = await openEditor();
    await user.click(screen.getByTestId("timeline-add"));
    api.editor.changeOnDisk(PIR, "theirs");
    await user.click(screen.getByTestId("save"));
    const dialog = await screen.findByTestId("conflict-dialog");
    await fireEvent.click(within(dialog).getByTestId("conflict-reload"));
    await waitFor(() => expect(screen.queryByTestId("conflict-dialog")).toBeNull());
    expect(editor.dirty).toBe(false);
    expect(editor.reloads).toBe(1);
    expect(api.calls.some(([m]) => m === "sessionSaveOverwrite")).toBe(false);
  });

  it("merges hunk by hunk: the choices of the ticked hunks go to the session", async () => {
    const user = userEvent.setup();
    const { api, editor } = await openEditor();
    await user.click(screen.getByTestId("timeline-add"));
    api.editor.changeOnDisk(PIR, "theirs");
    await user.click(screen.getByTestId("save"));
    const dialog = await screen.findByTestId("conflict-dialog");
    const hunks = within(dialog).getAllByTestId("conflict-hunk");
    expect(hunks).toHaveLength(1);
    await user.click(within(hunks[0]).getByTestId("conflict-take-mine"));
    await user.click(within(dialog).getByTestId("conflict-merge"));
    await waitFor(() => expect(screen.queryByTestId("conflict-dialog")).toBeNull());
    const merges = api.calls.filter(([m]) => m === "sessionMergeDisk");
    expect(merges).toHaveLength(1);
    expect(merges[0][1][2]).toEqual([false]);
    expect(api.calls.some(([m]) => m === "sessionSaveOverwrite")).toBe(false);
    expect(editor.reloads).toBe(1);
  });
});

describe("the conflict's choices", () => {
  const line = (change: "same" | "removed" | "added", text: string, n: number) => ({
    change,
    text,
    old_line: change === "added" ? null : n,
    new_line: change === "removed" ? null : n,
  });
  const choice = (theirs: string, mine: string, n: number) => ({
    lines: [
      line("same", "| 10:00 | Alert fired |", n - 1),
      line("removed", theirs, n),
      line("added", mine, n),
    ],
  });
  const combined: CombinedChange[] = [
    { side: "theirs", hunk: choice("**Severity:** SEV-2", "**Severity:** SEV-1", 3) },
    { side: "mine", hunk: choice("| 10:05 | Paged |", "| 10:05 | Paged alice |", 10) },
  ];

  it("asks once per overlapping change and lists what merging keeps without asking", async () => {
    const onmerge = vi.fn();
    render(ConflictDialog, {
      name: "dns.md",
      hunks: [
        choice("| 10:12 | Restarted consumer |", "| 10:12 | Restarted it on worker-3 |", 12),
        choice("Delayed 25 minutes.", "Delayed 20 minutes.", 20),
      ],
      combined,
      onreload: () => {},
      onkeep: () => {},
      onmerge,
    });
    const dialog = screen.getByTestId("conflict-dialog");
    const kept = within(dialog).getByTestId("conflict-combined");
    expect(kept).toHaveTextContent("keeps 1 change of yours and 1 change of the file's");
    expect(
      within(kept)
        .getAllByTestId("conflict-combined-change")
        .map((c) => c.dataset.side),
    ).toEqual(["theirs", "mine"]);
    const hunks = within(dialog).getAllByTestId("conflict-hunk");
    expect(hunks).toHaveLength(2);
    // Each choice holds its own change only.
    expect(hunks[0]).toHaveTextContent("worker-3");
    expect(hunks[0]).not.toHaveTextContent("Delayed");
    await userEvent.click(within(hunks[1]).getByTestId("conflict-take-mine"));
    await userEvent.click(within(dialog).getByTestId("conflict-merge"));
    expect(onmerge).toHaveBeenCalledWith([true, false]);
  });

  it("with no overlapping change, merging asks nothing and keeps both sides", async () => {
    const onmerge = vi.fn();
    render(ConflictDialog, {
      name: "dns.md",
      hunks: [],
      combined,
      onreload: () => {},
      onkeep: () => {},
      onmerge,
    });
    const dialog = screen.getByTestId("conflict-dialog");
    expect(within(dialog).queryAllByTestId("conflict-take-mine")).toHaveLength(0);
    expect(within(dialog).getByTestId("conflict-no-overlap")).toHaveTextContent(
      "merging keeps both",
    );
    await userEvent.click(within(dialog).getByTestId("conflict-merge"));
    expect(onmerge).toHaveBeenCalledWith([]);
  });
});
