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
