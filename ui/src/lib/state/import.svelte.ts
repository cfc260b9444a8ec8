// An import of evidence into the open PIR's timeline, reviewed before it is inserted: the
// sources picked (files or folders), the candidate rows pir-core offers for the text being
// edited, which of them the author keeps and how they reword them, and the filters of the
// review table. Places and time cells come from pir-core (`importApply` plans them again
// for the rows kept), so nothing here knows where a row goes.
import { toCoreError, type Api } from "../api";
import type { CoreError } from "../bindings/CoreError";
import type { ImportCandidate } from "../bindings/ImportCandidate";
import type { EditorStore } from "./editor.svelte";

/** One candidate in the review table: kept or not, with the event text to write. */
export interface ReviewRow {
  candidate: ImportCandidate;
  keep: boolean;
  event: string;
}

export class ImportStore {
  /** Whether the review dialog is shown. */
  open = $state(false);
  /** The files and folders read, in the order picked. */
  sources = $state<string[]>([]);
  /** The window and zone as typed (blank: the incident's window, UTC stamps). */
  since = $state("");
  until = $state("");
  zone = $state("");
  /** Keep only HARD states of Nagios/Icinga logs. */
  onlyHard = $state(false);
  /** The candidates offered, in time order. */
  rows = $state<ReviewRow[]>([]);
  /** How many records lay outside the window. */
  outside = $state(0);
  /** What the readers had to assume, naming the file. */
  notes = $state<string[]>([]);
  /** The text filter (event or severity), the source filter and the severity filter ("" for
   * every source or severity). */
  text = $state("");
  source = $state("");
  severity = $state("");
  /** Whether sources are being read or rows inserted. */
  busy = $state(false);
  /** Why reading the sources or inserting failed. */
  error = $state<CoreError | null>(null);

  /** The source names offered, for the source filter. */
  sourceNames = $derived([...new Set(this.rows.map((r) => r.candidate.source))].sort());
  /** The severities or states offered, for the severity filter. */
  severityNames = $derived(
    [...new Set(this.rows.flatMap((r) => r.candidate.severity ?? []))].sort(),
  );
  /** The rows the filters let through. */
  visible = $derived.by(() => {
    const text = this.text.trim().toLowerCase();
    return this.rows.filter(
      (r) =>
        (!this.source || r.candidate.source === this.source) &&
        (!this.severity || r.candidate.severity === this.severity) &&
        (!text ||
          r.event.toLowerCase().includes(text) ||
          (r.candidate.severity ?? "").toLowerCase().includes(text)),
    );
  });
  /** The rows kept, whether the filters show them or not. */
  kept = $derived(this.rows.filter((r) => r.keep));

  constructor(
    private api: Api,
    private editor: EditorStore,
  ) {}

  /** The zone the review shows times in: the timeline's (as the grid names it), else UTC,
   * which pir-core writes the rows of a timeline without a zone in (marked ` UTC`). */
  get zoneLabel(): string {
    return this.editor.model?.timeline?.timezone?.label ?? "UTC";
  }

  /** Shows the dialog, empty. */
  show(): void {
    this.sources = [];
    this.rows = [];
    this.notes = [];
    this.outside = 0;
    this.text = "";
    this.source = "";
    this.severity = "";
    this.error = null;
    this.open = true;
  }

  close(): void {
    this.open = false;
  }

  /** Asks for files to read, then reads every source again. */
  async addFiles(): Promise<void> {
    const picked = await this.api.pickFiles("Evidence files to import");
    if (picked.length > 0) await this.setSources([...this.sources, ...picked]);
  }

  /** Asks for a folder (a Slack channel export, a git repository), then reads again. */
  async addFolder(): Promise<void> {
    const picked = await this.api.pickFolder("A Slack channel export or a git repository");
    if (picked) await this.setSources([...this.sources, picked]);
  }

  /** Files or folders dropped on the timeline: the dialog shown with them read (added to
   * the sources when it is open already). Nothing happens while no PIR is open. */
  async drop(paths: string[]): Promise<void> {
    if (paths.length === 0 || !this.editor.path) return;
    if (!this.open) this.show();
    await this.setSources([...this.sources, ...paths]);
  }

  async removeSource(path: string): Promise<void> {
    await this.setSources(this.sources.filter((s) => s !== path));
  }

  private async setSources(sources: string[]): Promise<void> {
    this.sources = [...new Set(sources)];
    await this.load();
  }

  /** Reads every source into candidates for the text being edited; a source that fails
   * offers nothing. */
  async load(): Promise<void> {
    const path = this.editor.path;
    if (!path) return;
    this.error = null;
    if (this.sources.length === 0) {
      this.rows = [];
      return;
    }
    const given = (t: string) => (t.trim() ? t.trim() : null);
    this.busy = true;
    try {
      const plan = await this.api.importCandidates(path, {
        sources: this.sources,
        format: null,
        since: given(this.since),
        until: given(this.until),
        zone: given(this.zone),
        only_hard: this.onlyHard,
      });
      // A row the timeline has already is offered unticked: evidence imported twice.
      this.rows = plan.rows.map((candidate) => ({
        candidate,
        keep: !candidate.present,
        event: candidate.event,
      }));
      this.outside = plan.outside;
      this.notes = plan.notes;
    } catch (e) {
      this.rows = [];
      this.error = toCoreError(e);
    } finally {
      this.busy = false;
    }
  }

  /** Keeps (or drops) every row the filters show. */
  setVisible(keep: boolean): void {
    for (const r of this.visible) r.keep = keep;
  }

  /** Merges `row` into the row shown above it (the same happening seen twice, say an alert
   * and the chat about it): pir-core words the merged row from the two as the author left
   * them. It is kept when either was. */
  async mergeUp(row: ReviewRow): Promise<void> {
    const at = this.visible.indexOf(row);
    if (at < 1) return;
    const above = this.visible[at - 1];
    this.error = null;
    try {
      const merged = await this.api.importMerge([
        { ...above.candidate, event: above.event },
        { ...row.candidate, event: row.event },
      ]);
      const keep = above.keep || row.keep;
      this.rows = this.rows
        .filter((r) => r !== row)
        .map((r) => (r === above ? { candidate: merged, keep, event: merged.event } : r));
    } catch (e) {
      this.error = toCoreError(e);
    }
  }

  /** Inserts the rows kept, reworded as edited, as one undo step; closes on success. */
  async insert(): Promise<void> {
    const chosen = this.kept.map((r) => ({ ...r.candidate, event: r.event }));
    if (chosen.length === 0) return;
    this.busy = true;
    const done = await this.editor.applyWith((path) => this.api.importApply(path, chosen));
    this.busy = false;
    if (done) {
      this.open = false;
    } else {
      this.error = this.editor.error;
    }
  }
}
