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

describe("spell checking", () => {
  it("underlines what the speller finds and clears it once fixed", async () => {
    const calls: string[] = [];
    const speller = {
      check: vi.fn(async (text: string) => {
        calls.push(text);
        const at = text.indexOf("servr");
        return {
          dictionary: "en_US",
          misspelled: at < 0 ? [] : [{ from: at, to: at + 5, word: "servr" }],
        };
      }),
      suggest: vi.fn(async () => ["server", "serve"]),
    };
    const { container } = render(MarkdownEditor, {
      value: "The 😀 servr fell over.",
      label: "Impact",
      onchange: () => {},
      speller,
    });
    // pir-core checks; the browser's own checker (which would flag code and names) stays off.
    expect(container.querySelector(".cm-content")).toHaveAttribute("spellcheck", "false");
    await vi.waitFor(() =>
      expect(container.querySelector(".cm-misspelled")?.textContent).toBe("servr"),
    );
    expect(speller.check).toHaveBeenCalledWith("The 😀 servr fell over.");

    // Fixed by typing: the next answer clears the underline.
    const view = viewIn(container);
    const at = view.state.doc.toString().indexOf("servr");
    view.dispatch({ changes: { from: at, to: at + 5, insert: "server" }, userEvent: "input" });
    await vi.waitFor(() => expect(container.querySelector(".cm-misspelled")).toBeNull(), {
      timeout: 2000,
    });
    expect(calls.at(-1)).toBe("The 😀 server fell over.");
  });
});
