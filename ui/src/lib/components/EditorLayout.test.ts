import { fireEvent, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { LayoutStore, STEP } from "../state/layout.svelte";
import { openEditor, styleRule as rule } from "./editor-test-kit";
// jsdom applies no component styles: the rules that keep the toolbar in view are read as written.
import layoutSource from "./EditorLayout.svelte?raw";

/** The panes of a 1024 px window, remembered in an in-memory storage. */
function layout1024() {
  const items = new Map<string, string>();
  const layout = new LayoutStore({
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
  });
  layout.viewport = 1024;
  return layout;
}

describe("editor layout", () => {
  it("keeps the toolbar with Save above the scrolling editors", async () => {
    await openEditor();
    const toolbar = screen.getByTestId("editor-toolbar");
    const scroller = screen.getByTestId("editor-scroll");
    // The toolbar and the scrolling editors are siblings in the editor's pane: the editors
    // scroll below the toolbar, which neither scrolls away nor covers them.
    expect(toolbar.parentElement).toHaveAttribute("id", "editor-pane");
    expect(toolbar.nextElementSibling).toBe(scroller);
    expect(scroller).not.toContainElement(toolbar);
    expect(toolbar).toContainElement(screen.getByTestId("save"));
    expect(toolbar).toContainElement(screen.getByTestId("focus-mode"));
    expect(scroller).toContainElement(screen.getByTestId("timeline-grid"));
    expect(rule(layoutSource, ".editors")).toMatch(/flex: 1;[^]*min-height: 0;[^]*overflow: auto;/);
    expect(rule(layoutSource, ".structured")).toMatch(/display: flex;[^]*flex-direction: column;/);
    expect(rule(layoutSource, ".structured")).not.toMatch(/overflow/);
    expect(rule(layoutSource, ".toolbar")).toMatch(/flex: none;/);
    // The toolbar wraps in a narrow pane rather than push Save out of it.
    expect(rule(layoutSource, ".toolbar")).toMatch(/flex-wrap: wrap;/);
  });

  it("resizes the preview from its separator with the arrow keys", async () => {
    const layout = layout1024();
    await openEditor(undefined, layout);
    const separator = screen.getByRole("separator");
    expect(separator).toHaveAttribute("aria-orientation", "vertical");
    expect(separator).toHaveAttribute("aria-controls", "preview-pane");
    const start = Number(separator.getAttribute("aria-valuenow"));
    expect(start).toBe(layout.fitted.preview);
    expect(screen.getByTestId("preview-pane").style.width).toBe(`${start}px`);
    // The separator is left of the preview: Left widens it, Right narrows it.
    separator.focus();
    await fireEvent.keyDown(separator, { key: "ArrowLeft" });
    await waitFor(() => expect(separator).toHaveAttribute("aria-valuenow", `${start + STEP}`));
    expect(screen.getByTestId("preview-pane").style.width).toBe(`${start + STEP}px`);
    await fireEvent.keyDown(separator, { key: "ArrowLeft", shiftKey: true });
    await waitFor(() =>
      expect(separator).toHaveAttribute("aria-valuenow", `${start + STEP + 4 * STEP}`),
    );
    await fireEvent.keyDown(separator, { key: "ArrowRight" });
    await waitFor(() => expect(separator).toHaveAttribute("aria-valuenow", `${start + 4 * STEP}`));
    // Home gives the narrowest, never less.
    await fireEvent.keyDown(separator, { key: "Home" });
    await fireEvent.keyDown(separator, { key: "ArrowRight" });
    await waitFor(() =>
      expect(separator).toHaveAttribute("aria-valuenow", separator.getAttribute("aria-valuemin")),
    );
    // Dragging moves it as far as the pointer went.
    const before = Number(separator.getAttribute("aria-valuenow"));
    await fireEvent.pointerDown(separator, { button: 0, clientX: 500, pointerId: 1 });
    await fireEvent.pointerMove(separator, { clientX: 440, pointerId: 1 });
    await fireEvent.pointerUp(separator, { clientX: 440, pointerId: 1 });
    await waitFor(() => expect(separator).toHaveAttribute("aria-valuenow", `${before + 60}`));
  });

  it("collapses the preview and hides both side panes in the focus mode", async () => {
    const user = userEvent.setup();
    const layout = layout1024();
    await openEditor(undefined, layout);
    expect(layout.editing).toBe(true);
    await user.click(screen.getByTestId("toggle-preview"));
    expect(screen.queryByTestId("preview-pane")).toBeNull();
    expect(screen.getByTestId("toggle-preview")).toHaveAttribute("aria-pressed", "false");
    await user.click(screen.getByTestId("show-preview"));
    expect(screen.getByTestId("preview-pane")).toBeInTheDocument();

    // The toolbar toggle and Ctrl+Shift+F enter and leave the focus mode.
    await user.click(screen.getByTestId("focus-mode"));
    expect(screen.getByTestId("focus-mode")).toHaveAttribute("aria-pressed", "true");
    expect(screen.queryByTestId("preview-pane")).toBeNull();
    expect(layout.shown("list")).toBe(false);
    await user.keyboard("{Control>}{Shift>}F{/Shift}{/Control}");
    expect(screen.getByTestId("focus-mode")).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByTestId("preview-pane")).toBeInTheDocument();
    expect(layout.shown("list")).toBe(true);
    await user.keyboard("{Control>}{Shift>}F{/Shift}{/Control}");
    expect(layout.focus).toBe(true);
  });
});
