// The timeline grid's operations: each user action becomes the `Edit`s the session applies
// (a paste of many lines is one apply, so one undo step). The grid keeps only the cursor.
import type { Api } from "../api";
import type { Edit } from "../bindings/Edit";
import type { EventKind } from "../bindings/EventKind";
import type { TimelineRow } from "../bindings/TimelineRow";
import type { EditorStore } from "./editor.svelte";

/** The key events the kind menu offers, as pir-core writes them (generated). */
export { KEY_EVENTS } from "../bindings/facts";

/** Minutes as `1h 05m` / `25m`. */
export function formatMinutes(m: number | null | undefined): string {
  if (m === null || m === undefined) return "–";
  const h = Math.floor(m / 60);
  const min = m % 60;
  return h > 0 ? `${h}h ${String(min).padStart(2, "0")}m` : `${min}m`;
}

export class TimelineGrid {
  /** The row and column (0 time, 1 event) with the focus. */
  row = $state(0);
  col = $state(0);

  constructor(
    private editor: EditorStore,
    private api: Api,
  ) {}

  get rows(): TimelineRow[] {
    return this.editor.model?.timeline?.rows ?? [];
  }

  /** Row `i`'s table and its position among that table's rows. */
  private place(i: number): { table: number; index: number } {
    const r = this.rows[i];
    const index = this.rows.slice(0, i).filter((x) => x.table === r.table).length;
    return { table: r.table, index };
  }

  private insertAt(i: number, below: boolean, time: string, event: string): Edit {
    if (this.rows.length === 0) return { op: "timeline_add", time, event };
    const { table, index } = this.place(i);
    return { op: "timeline_insert_in_table", table, index: below ? index + 1 : index, time, event };
  }

  add(): Promise<boolean> {
    return this.editor.apply({ op: "timeline_add", time: "", event: "" });
  }

  insert(i: number, below: boolean): Promise<boolean> {
    return this.editor.apply(this.insertAt(i, below, "", ""));
  }

  remove(i: number): Promise<boolean> {
    return this.editor.apply({ op: "timeline_delete", index: i });
  }

  /** Moves row `i` one up (`-1`) or down (`1`); the cursor follows it. */
  async move(i: number, by: -1 | 1): Promise<boolean> {
    const to = i + by;
    if (to < 0 || to >= this.rows.length) return false;
    const ok = await this.editor.apply({ op: "timeline_move", from: i, to });
    if (ok) this.row = to;
    return ok;
  }

  /** Drops row `from` at `to` (drag and drop). */
  drop(from: number, to: number): Promise<boolean> {
    if (from === to) return Promise.resolve(false);
    return this.editor.apply({ op: "timeline_move", from, to });
  }

  sort(): Promise<boolean> {
    return this.editor.apply({ op: "timeline_sort" });
  }

  /** Sets the time of row `i`, in the bold its cell is written in (if any). */
  setTimeText(i: number, text: string): Promise<boolean> {
    if (this.rows[i]?.time.text === text) return Promise.resolve(false);
    return this.editor.apply({ op: "timeline_set_time_text", index: i, text });
  }

  /** Sets the text of row `i`'s event after its key-event marker, which stays as written
   * (the marker is the kind menu's to change). */
  setEventText(i: number, text: string): Promise<boolean> {
    if (this.rows[i]?.event_text === text) return Promise.resolve(false);
    return this.editor.apply({ op: "timeline_set_event_text", index: i, text });
  }

  /** Marks row `i` as a key event of `kind`, or clears its marker (`null`). */
  setKind(i: number, kind: EventKind | null): Promise<boolean> {
    const r = this.rows[i];
    if (!r || (r.key_event?.kind ?? null) === kind) return Promise.resolve(false);
    return this.editor.apply({ op: "timeline_set_key_event", index: i, kind });
  }

  /**
   * Pasted chat or log lines, one row each, after row `after` (at the end when `null`), in one
   * undo step. Gives how many rows were added.
   */
  async paste(text: string, after: number | null): Promise<number> {
    const zone = this.editor.model?.timeline?.timezone ?? null;
    const pasted = await this.api.parsePastedLines(text, zone);
    if (pasted.length === 0) return 0;
    let edits: Edit[];
    if (after === null || this.rows.length === 0) {
      edits = pasted.map((p) => ({ op: "timeline_add", time: p.time, event: p.event }));
    } else {
      const { table, index } = this.place(after);
      edits = pasted.map((p, k) => ({
        op: "timeline_insert_in_table",
        table,
        index: index + 1 + k,
        time: p.time,
        event: p.event,
      }));
    }
    return (await this.editor.apply(...edits)) ? pasted.length : 0;
  }

  /** Puts the suggested duration into the Duration field. */
  useSuggestedDuration(): Promise<boolean> {
    const d = this.editor.model?.timeline?.metrics.suggested_duration;
    return d
      ? this.editor.apply({ op: "set_metadata", key: "Duration", value: d })
      : Promise.resolve(false);
  }
}
