import { EditorView } from "@codemirror/view";
import { render } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import MarkdownEditor from "./MarkdownEditor.svelte";

function viewIn(container: HTMLElement): EditorView {
  const dom = container.querySelector<HTMLElement>(".cm-editor");
  if (!dom) throw new Error("no editor in the page");
  const view = EditorView.findFromDOM(dom);
  if (!view) throw new Error("no view for the editor");
  return view;
}

describe("markdown editor", () => {
  it("shows the value, reports typing, and takes a new value from outside", async () => {
    const onchange = vi.fn();
    const { container, rerender } = render(MarkdownEditor, {
      value: "## Impact\n\n[Who]",
      label: "Impact",
      onchange,
    });
    const view = viewIn(container);
    expect(view.state.doc.toString()).toBe("## Impact\n\n[Who]");
    expect(container.querySelector(".cm-content")).toHaveAttribute("aria-label", "Impact");

    view.dispatch({
      changes: { from: view.state.doc.length, insert: " all users" },
      userEvent: "input.type",
    });
    expect(onchange).toHaveBeenLastCalledWith("## Impact\n\n[Who] all users");

    onchange.mockClear();
    await rerender({ value: "Replaced", label: "Impact", onchange });
    expect(viewIn(container).state.doc.toString()).toBe("Replaced");
    // A value set from outside is not echoed back as an edit.
    expect(onchange).not.toHaveBeenCalled();
    // The same view was kept: the editor is not recreated on each change.
    expect(viewIn(container)).toBe(view);
  });

  it("destroys the editor when it goes away", () => {
    const { container, unmount } = render(MarkdownEditor, {
      value: "x",
      label: "Notes",
      onchange: () => {},
    });
    const view = viewIn(container);
    const destroy = vi.spyOn(view, "destroy");
    unmount();
    expect(destroy).toHaveBeenCalledOnce();
    expect(container.querySelector(".cm-editor")).toBeNull();
  });
});
