// The window's panes: the PIR list on the left, the editor in the middle, the preview on the
// right. The side panes can be resized, collapsed, or hidden together by the editor-only focus
// mode; the author's choice is remembered across starts (in the webview's local storage, which
// is per user). Whatever was chosen, the widths shown are fitted to the window so that the
// editor keeps room to work: at 1024 px, or at 200 % zoom, the side panes narrow first, then
// the preview steps aside (its remembered state is kept) until the window has room for it.

/** A side pane: the PIR list or the preview. */
export type Pane = "list" | "preview";

/** How narrow and how wide each side pane can be made, in CSS pixels. */
export const LIMITS: Record<Pane, { min: number; max: number }> = {
  list: { min: 180, max: 480 },
  preview: { min: 220, max: 1000 },
};

/** The width the editor keeps before the preview steps aside (the list only narrows). */
export const EDITOR_MIN = 280;

/** The width the editor keeps before the side panes are narrowed from what the author chose. */
export const EDITOR_ROOM = 600;

/** Both separators together (each is a 6 px drag handle). */
export const SEPARATORS = 12;

/** One arrow-key step on a focused separator; Shift+arrow moves four steps. */
export const STEP = 16;

/** The key the layout is kept under in local storage. */
export const STORAGE_KEY = "pir-editor.layout";

/** What is remembered: explicit widths (`null` until the author drags), collapsed panes, focus. */
interface Saved {
  list: number | null;
  preview: number | null;
  listCollapsed: boolean;
  previewCollapsed: boolean;
  focus: boolean;
}

/** The part of `Storage` the layout uses (tests give an in-memory one). */
export type LayoutStorage = Pick<Storage, "getItem" | "setItem">;

function clamp(n: number, min: number, max: number): number {
  return Math.round(Math.min(Math.max(n, min), Math.max(min, max)));
}

function defaultStorage(): LayoutStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export class LayoutStore {
  /** The widths the author chose by dragging; `null` follows the window (see `auto`). */
  listWidth = $state<number | null>(null);
  previewWidth = $state<number | null>(null);
  listCollapsed = $state(false);
  previewCollapsed = $state(false);
  /** Editor-only focus mode: both side panes hidden while a PIR is open. */
  focus = $state(false);
  /** The window's width in CSS pixels (bound to the window by the app). */
  viewport = $state(1280);
  /** Whether the editor is shown (the preview, and the focus mode, exist only then). */
  editing = $state(false);

  constructor(private storage: LayoutStorage | null = defaultStorage()) {
    this.restore();
  }

  /** The width a pane takes when the author has not dragged it: a share of the window. */
  auto(pane: Pane): number {
    const share = pane === "list" ? 0.17 : 0.24;
    const upper = pane === "list" ? 300 : 520;
    return clamp(this.viewport * share, LIMITS[pane].min, upper);
  }

  /** The width the author wants for `pane` (chosen or automatic), before fitting. */
  wanted(pane: Pane): number {
    const w = pane === "list" ? this.listWidth : this.previewWidth;
    return w ?? this.auto(pane);
  }

  /** Whether the author wants `pane` shown (not collapsed, not hidden by the focus mode). */
  wantsShown(pane: Pane): boolean {
    if (pane === "preview" && !this.editing) return false;
    if (this.editing && this.focus) return false;
    return pane === "list" ? !this.listCollapsed : !this.previewCollapsed;
  }

  /**
   * The widths shown for the window: 0 for a hidden pane. The editor keeps `EDITOR_ROOM`
   * while the automatic widths can narrow towards their minimum (the preview first), and
   * `EDITOR_MIN` before the preview steps aside. The list only narrows: it is how the author
   * moves between PIRs, and collapsing it is the author's choice.
   */
  get fitted(): Record<Pane, number> {
    let list = this.wantsShown("list") ? this.wanted("list") : 0;
    let preview = this.wantsShown("preview") ? this.wanted("preview") : 0;
    const free = (editor: number) => this.viewport - SEPARATORS - editor;
    // Narrows the panes (the preview first) towards their minimum to fit `room`; `all` false
    // narrows only the widths that follow the window, not the ones the author dragged.
    const narrow = (room: number, all: boolean) => {
      if (list + preview <= room) return;
      if (preview && (all || this.previewWidth === null))
        preview = Math.min(preview, Math.max(LIMITS.preview.min, room - list));
      if (list && list + preview > room && (all || this.listWidth === null))
        list = Math.min(list, Math.max(LIMITS.list.min, room - preview));
    };
    narrow(free(EDITOR_ROOM), false);
    narrow(free(EDITOR_MIN), true);
    if (list + preview > free(EDITOR_MIN)) preview = 0;
    narrow(free(EDITOR_MIN), true);
    return { list, preview };
  }

  /** Whether `pane` is shown in the window now. */
  shown(pane: Pane): boolean {
    return this.fitted[pane] > 0;
  }

  /** Whether `pane` is hidden only because the window is too narrow for it. */
  squeezed(pane: Pane): boolean {
    return this.wantsShown(pane) && !this.shown(pane);
  }

  /** The widest `pane` can be made in this window, keeping the other as shown. */
  widest(pane: Pane): number {
    const other: Pane = pane === "list" ? "preview" : "list";
    const room = this.viewport - SEPARATORS - EDITOR_MIN - this.fitted[other];
    return clamp(room, LIMITS[pane].min, LIMITS[pane].max);
  }

  /** Sets the width of `pane` (a drag), within its limits and the room the window has. */
  resize(pane: Pane, px: number) {
    const w = clamp(px, LIMITS[pane].min, this.widest(pane));
    if (pane === "list") this.listWidth = w;
    else this.previewWidth = w;
    this.save();
  }

  /** Widens (`by` > 0) or narrows `pane` from the width it shows (arrow keys). */
  nudge(pane: Pane, by: number) {
    this.resize(pane, (this.fitted[pane] || this.wanted(pane)) + by);
  }

  /**
   * Collapses `pane`, or shows it again (leaving the focus mode if that hid it). A preview the
   * window is too narrow for makes room by collapsing the list.
   */
  toggle(pane: Pane) {
    if (this.squeezed(pane) && pane === "preview") {
      this.listCollapsed = true;
      this.save();
      return;
    }
    this.setCollapsed(pane, this.shown(pane));
  }

  setCollapsed(pane: Pane, collapsed: boolean) {
    // Showing a pane leaves the focus mode; the other pane comes back as it was before.
    if (!collapsed && this.editing && this.focus) this.focus = false;
    if (pane === "list") this.listCollapsed = collapsed;
    else this.previewCollapsed = collapsed;
    this.save();
  }

  /** Enters or leaves the editor-only focus mode. */
  toggleFocus() {
    this.focus = !this.focus;
    this.save();
  }

  private restore() {
    let saved: Partial<Saved> = {};
    try {
      saved = JSON.parse(this.storage?.getItem(STORAGE_KEY) ?? "{}") ?? {};
    } catch {
      return;
    }
    const width = (v: unknown, pane: Pane) =>
      typeof v === "number" && Number.isFinite(v)
        ? clamp(v, LIMITS[pane].min, LIMITS[pane].max)
        : null;
    this.listWidth = width(saved.list, "list");
    this.previewWidth = width(saved.preview, "preview");
    this.listCollapsed = saved.listCollapsed === true;
    this.previewCollapsed = saved.previewCollapsed === true;
    this.focus = saved.focus === true;
  }

  private save() {
    const saved: Saved = {
      list: this.listWidth,
      preview: this.previewWidth,
      listCollapsed: this.listCollapsed,
      previewCollapsed: this.previewCollapsed,
      focus: this.focus,
    };
    try {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify(saved));
    } catch {
      // A full or refused storage only loses the remembered layout, never an edit.
    }
  }
}
