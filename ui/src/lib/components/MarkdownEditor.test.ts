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

describe("markdown editor keys", () => {
  function enterAtEnd(view: EditorView) {
    view.dispatch({ selection: { anchor: view.state.doc.length } });
    const event = new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true });
    view.contentDOM.dispatchEvent(event);
  }

  it("types plain lines under a quoted template hint, not `> >`", () => {
    const { container } = render(MarkdownEditor, {
      value: "> *What happened, in two sentences.*",
      label: "Summary",
      onchange: () => {},
    });
    const view = viewIn(container);
    enterAtEnd(view);
    view.dispatch(view.state.replaceSelection("Users saw errors."));
    enterAtEnd(view);
    view.dispatch(view.state.replaceSelection("Then it stopped."));
    expect(view.state.doc.toString()).not.toContain("> >");
    expect(view.state.doc.line(2).text).not.toMatch(/^>/);
  });

  it("still continues a list on Enter, and undoes typing", async () => {
    const onchange = vi.fn();
    const { container } = render(MarkdownEditor, { value: "- one", label: "Notes", onchange });
    const view = viewIn(container);
    enterAtEnd(view);
    expect(view.state.doc.toString()).toBe("- one\n- ");
    const { undo } = await import("@codemirror/commands");
    undo(view);
    expect(view.state.doc.toString()).toBe("- one");
    expect(onchange).toHaveBeenLastCalledWith("- one");
  });
});
