import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { openEditor, sentEdits } from "./editor-test-kit";

function tags(): string[] {
  return within(screen.getByTestId("tags"))
    .queryAllByRole("button", { name: /^Remove tag/ })
    .map((b) => b.getAttribute("aria-label")!.replace("Remove tag ", ""));
}

describe("tag editor", () => {
  it("adds a tag on Enter, ignores a blank one, and removes one", async () => {
    const user = userEvent.setup();
    const { api, editor } = await openEditor((m) => (m.tags = ["network", "dns"]));
    expect(tags()).toEqual(["network", "dns"]);
    const input = screen.getByTestId("new-tag");
    await user.type(input, "   {Enter}");
    await user.type(input, " resolver {Enter}");
    await waitFor(() => expect(tags()).toEqual(["network", "dns", "resolver"]));
    expect((input as HTMLInputElement).value).toBe("");
    await user.click(screen.getByRole("button", { name: "Remove tag network" }));
    await waitFor(() => expect(tags()).toEqual(["dns", "resolver"]));
    expect(sentEdits(api)).toEqual([
      [{ op: "add_tag", tag: "resolver" }],
      [{ op: "remove_tag", tag: "network" }],
    ]);
    expect(editor.dirty).toBe(true);
  });

  it("keeps the typed tag when the backend refuses it", async () => {
    const user = userEvent.setup();
    const { api } = await openEditor();
    api.sessionApply = async () => {
      throw { kind: "invalid_input", message: "a tag is one line" };
    };
    await user.type(screen.getByTestId("new-tag"), "bad tag{Enter}");
    await screen.findByRole("alert");
    expect((screen.getByTestId("new-tag") as HTMLInputElement).value).toBe("bad tag");
  });
});

describe("metadata fields", () => {
  it("shows the fields the PIR has under their own names, and those pir-core finds missing", async () => {
    // As pir-core reads a metadata table: Priority is the Severity, State the Status.
    await openEditor((m) => {
      m.metadata = [
        { ...m.metadata[0], key: "Date", value: "2026-07-21" },
        { ...m.metadata[0], key: "Priority", value: "P1" },
        { ...m.metadata[0], key: "State", value: "Closed" },
      ];
      m.missing_metadata = ["Duration"];
    });
    const shown = screen
      .getByTestId("metadata-editor")
      .querySelectorAll("label.field:not(.title) > span");
    expect([...shown].map((s) => s.textContent)).toEqual(["Date", "Priority", "State", "Duration"]);
    expect((screen.getByTestId("meta-priority") as HTMLInputElement).value).toBe("P1");
    expect((screen.getByTestId("meta-duration") as HTMLInputElement).value).toBe("");
    expect(screen.queryByTestId("meta-severity")).toBeNull();
  });
});
