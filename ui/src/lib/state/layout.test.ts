import { describe, expect, it } from "vitest";
import { EDITOR_ROOM, LIMITS, LayoutStore, SEPARATORS, STORAGE_KEY } from "./layout.svelte";

/** An in-memory storage, shared by the stores of one test (as local storage is across starts). */
function memory(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
  };
}

function editing(viewport: number, storage = memory()) {
  const layout = new LayoutStore(storage);
  layout.viewport = viewport;
  layout.editing = true;
  return layout;
}

describe("layout", () => {
  it("keeps the editor its room at 1024 px by narrowing the side panes first", () => {
    const layout = editing(1024);
    const { list, preview } = layout.fitted;
    expect(list).toBeGreaterThanOrEqual(LIMITS.list.min);
    expect(preview).toBeGreaterThanOrEqual(LIMITS.preview.min);
    expect(1024 - SEPARATORS - list - preview).toBeGreaterThanOrEqual(EDITOR_ROOM);
    // A wide window gives the side panes their automatic share.
    layout.viewport = 1920;
    expect(layout.fitted.list).toBeGreaterThan(list);
    expect(layout.fitted.preview).toBeGreaterThan(preview);
  });

  it("resizes within the limits and the room of the window", () => {
    const layout = editing(1600);
    layout.resize("list", 50);
    expect(layout.fitted.list).toBe(LIMITS.list.min);
    layout.resize("list", 5000);
    expect(layout.fitted.list).toBe(LIMITS.list.max);
    layout.resize("list", 300);
    layout.nudge("list", 16);
    expect(layout.fitted.list).toBe(316);
    layout.nudge("list", -32);
    expect(layout.fitted.list).toBe(284);
    // The preview cannot take the editor's minimum away.
    layout.resize("preview", 5000);
    expect(layout.fitted.preview).toBe(layout.widest("preview"));
    expect(layout.widest("preview")).toBeLessThan(1600 - 284);
  });

  it("collapses and shows each side pane, and hides both in the focus mode", () => {
    const layout = editing(1440);
    layout.toggle("list");
    expect(layout.shown("list")).toBe(false);
    expect(layout.shown("preview")).toBe(true);
    layout.toggle("preview");
    expect(layout.fitted).toEqual({ list: 0, preview: 0 });
    layout.toggle("list");
    layout.toggle("preview");
    expect(layout.shown("list") && layout.shown("preview")).toBe(true);

    layout.toggleFocus();
    expect(layout.fitted).toEqual({ list: 0, preview: 0 });
    // Outside the editor the focus mode does not hide the list.
    layout.editing = false;
    expect(layout.shown("list")).toBe(true);
    expect(layout.shown("preview")).toBe(false);
    layout.editing = true;
    // Showing a pane again leaves the focus mode.
    layout.toggle("preview");
    expect(layout.focus).toBe(false);
    expect(layout.shown("list") && layout.shown("preview")).toBe(true);
  });

  it("restores what the author chose at the next start", () => {
    const storage = memory();
    const first = editing(1600, storage);
    first.resize("list", 333);
    first.resize("preview", 555);
    first.toggle("preview");
    first.toggleFocus();

    const next = editing(1600, storage);
    expect(next.listWidth).toBe(333);
    expect(next.previewWidth).toBe(555);
    expect(next.previewCollapsed).toBe(true);
    expect(next.focus).toBe(true);
    next.toggleFocus();
    expect(next.fitted).toEqual({ list: 333, preview: 0 });
  });

  it("clamps remembered widths and ignores a damaged record", () => {
    const stored = memory({ [STORAGE_KEY]: JSON.stringify({ list: 9999, preview: -4 }) });
    const layout = editing(4000, stored);
    expect(layout.fitted).toEqual({ list: LIMITS.list.max, preview: LIMITS.preview.min });

    const damaged = editing(1600, memory({ [STORAGE_KEY]: "{not json" }));
    expect(damaged.listWidth).toBeNull();
    expect(damaged.shown("list") && damaged.shown("preview")).toBe(true);
  });

  it("at 200 % zoom steps the preview aside, and the list makes room when it is asked for", () => {
    // A 1024 px window at 200 % zoom is 512 CSS pixels wide.
    const layout = editing(512);
    expect(layout.shown("list")).toBe(true);
    expect(layout.shown("preview")).toBe(false);
    expect(layout.squeezed("preview")).toBe(true);
    // The preview's remembered state is not changed by the narrow window.
    expect(layout.previewCollapsed).toBe(false);
    layout.toggle("preview");
    expect(layout.shown("list")).toBe(false);
    expect(layout.shown("preview")).toBe(true);
    expect(512 - SEPARATORS - layout.fitted.preview).toBeGreaterThanOrEqual(280);
  });
});
