// The new-PIR wizard: a first step for title, date, severity and tags, then one step per
// section of the site's own template, as pir-core gives them (`draftSteps`: headings, order,
// guidance, which editor each needs), with a progress rail. The timeline step is edited in the
// timeline grid over a session holding only that section (`sessionOpenStep`).
import { toCoreError, type Api } from "../api";
import type { LinkHit } from "../bindings/LinkHit";
import type { CoreError } from "../bindings/CoreError";
import type { Created } from "../bindings/Created";
import type { SectionState } from "../bindings/SectionState";
import type { WizardStep } from "../bindings/WizardStep";
import { EditorStore } from "./editor.svelte";

function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export class WizardState {
  /** 0: title/date/severity/tags; 1..: one per step of the template. */
  step = $state(0);
  title = $state("");
  date = $state(today());
  /** Starts at the site's usual level (the author may add a reason in parentheses). */
  severity = $state("");
  tags = $state("");
  /** The file name the PIR will get, when the title and date allow one. */
  fileName = $state<string | null>(null);
  /** Why there is no file name (shown inline under the fields). */
  fileNameError = $state<CoreError | null>(null);
  /** The template's steps, by heading, in its order. */
  steps = $state<WizardStep[]>([]);
  /** The text of each step by heading, starting as the template's. */
  bodies = $state<Record<string, string>>({});
  /** The template's text of each step, to tell what the author changed. */
  initial: Record<string, string> = {};
  states = $state<Record<string, SectionState>>({});
  busy = $state(false);
  error = $state<CoreError | null>(null);
  created = $state<Created | null>(null);
  /** The timeline step's session, edited by the timeline grid; null until that step is shown. */
  timeline = $state.raw<EditorStore | null>(null);
  /** The heading the timeline session holds. */
  private timelineHeading: string | null = null;
  private previewSeq = 0;
  private stateSeq = 0;

  constructor(
    private api: Api,
    private root: string,
    /** The site's PIR folder, where the new PIR will be written. */
    private incidentsDir: string | null = null,
    severity: string | null = null,
  ) {
    this.severity = severity ?? "";
  }

  /** Whether links can be written yet: the PIR's file (and so where they start) is known. */
  get canLink(): boolean {
    return this.incidentsDir !== null && this.fileName !== null;
  }

  /** The site's pages and headings matching `query`, as links written in the new PIR. */
  async linkSearch(query: string): Promise<LinkHit[]> {
    if (!this.incidentsDir || !this.fileName) return [];
    return this.api.linkSearch(this.root, `${this.incidentsDir}/${this.fileName}`, query);
  }

  /** How many steps there are in all. */
  get count(): number {
    return 1 + this.steps.length;
  }

  /** The step shown, or null on the first step. */
  get current(): WizardStep | null {
    return this.step === 0 ? null : (this.steps[this.step - 1] ?? null);
  }

  /** Whether the first step's fields can make a PIR. */
  get basicsValid(): boolean {
    return this.fileName !== null && this.severity.trim() !== "";
  }

  /** The tags typed on the first step. */
  get tagList(): string[] {
    return this.tags
      .split(",")
      .map((t) => t.trim())
      .filter((t) => t !== "");
  }

  /** The name of the session the timeline grid edits: no file is ever written there. */
  private get timelinePath(): string {
    return `${this.root}/.new-pir-timeline.md`;
  }

  /** Asks the backend for the file name of the current title and date. */
  async updateFileName(): Promise<void> {
    const seq = ++this.previewSeq;
    if (this.title.trim() === "") {
      this.fileName = null;
      this.fileNameError = null;
      return;
    }
    try {
      const name = await this.api.fileNamePreview(this.root, this.title, this.date);
      if (seq !== this.previewSeq) return;
      this.fileName = name;
      this.fileNameError = null;
    } catch (e) {
      if (seq !== this.previewSeq) return;
      this.fileName = null;
      this.fileNameError = toCoreError(e);
    }
  }

  /** Loads the template's steps for the first step's fields, keeping what was written. */
  private async loadSteps(): Promise<void> {
    const steps = await this.api.draftSteps(this.root, {
      title: this.title.trim(),
      date: this.date,
      severity: this.severity.trim(),
      tags: this.tagList,
    });
    for (const s of steps) {
      // Keep what the author already wrote when they come back to the first step; untouched
      // text follows the (maybe changed) date and severity.
      const untouched =
        this.bodies[s.heading] === undefined || this.bodies[s.heading] === this.initial[s.heading];
      if (untouched && this.bodies[s.heading] !== s.body) {
        this.bodies[s.heading] = s.body;
        // The grid's session holds the old text: it is opened again with the new one.
        if (this.timelineHeading === s.heading) await this.dispose();
      }
      this.initial[s.heading] = s.body;
    }
    this.steps = steps;
    await this.refreshStates();
  }

  /** Recomputes the progress rail from the current texts. */
  async refreshStates(): Promise<void> {
    const seq = ++this.stateSeq;
    const headings = this.steps.map((s) => s.heading);
    const states = await this.api.sectionStates(headings.map((h) => this.bodies[h] ?? ""));
    if (seq !== this.stateSeq) return;
    const next: Record<string, SectionState> = {};
    headings.forEach((h, i) => (next[h] = states[i]));
    this.states = next;
  }

  /** Sets a step's text (from its editor). */
  setBody(heading: string, text: string): void {
    this.bodies[heading] = text;
    void this.refreshStates();
  }

  /** Opens the timeline step's text in a session for the grid (once per heading). */
  private async openTimeline(step: WizardStep): Promise<void> {
    if (this.timeline && this.timelineHeading === step.heading) return;
    const path = this.timelinePath;
    // The incident's date: rows given only a time land on that day where rows name one.
    await this.api.sessionOpenStep(path, step.heading, this.bodies[step.heading] ?? "", this.date);
    const editor = new EditorStore(this.api);
    editor.onchanged = () => void this.syncTimeline();
    await editor.open(path);
    this.timelineHeading = step.heading;
    this.timeline = editor;
  }

  /** Takes the grid's text back into the timeline step's body. */
  async syncTimeline(): Promise<void> {
    const heading = this.timelineHeading;
    if (!this.timeline || heading === null) return;
    const body = await this.api.sessionStepBody(this.timelinePath);
    if (this.timelineHeading !== heading) return;
    this.setBody(heading, body);
  }

  /** Shows step `n`, opening the grid's session when it is the timeline. */
  private async show(n: number): Promise<void> {
    const step = n === 0 ? null : this.steps[n - 1];
    if (step?.kind === "timeline") {
      try {
        await this.openTimeline(step);
      } catch (e) {
        this.error = toCoreError(e);
      }
    }
    this.step = n;
  }

  async next(): Promise<void> {
    if (this.step === 0) {
      await this.updateFileName();
      if (!this.basicsValid) return;
      this.busy = true;
      try {
        await this.loadSteps();
        this.error = null;
      } catch (e) {
        this.error = toCoreError(e);
        return;
      } finally {
        this.busy = false;
      }
    }
    if (this.step < this.count - 1) await this.show(this.step + 1);
  }

  back(): void {
    if (this.step > 0) this.step -= 1;
  }

  /** Moves on without writing this step (it keeps the template's text). */
  async skip(): Promise<void> {
    await this.next();
  }

  /** Jumps to a step from the rail (only once the first step is done). */
  async goTo(step: number): Promise<void> {
    if (step === 0) this.step = 0;
    else if (this.steps.length > 0 && step < this.count) await this.show(step);
  }

  /** Creates the PIR with the steps the author changed; possible from any step once the
   * first step's fields make a file name. */
  async finish(): Promise<Created | null> {
    if (this.steps.length === 0) {
      await this.updateFileName();
      if (!this.basicsValid) return null;
    }
    this.busy = true;
    this.error = null;
    try {
      if (this.steps.length === 0) await this.loadSteps();
      await this.syncTimeline();
      const bodies: [string, string][] = [];
      for (const step of this.steps) {
        const body = this.bodies[step.heading];
        if (body !== undefined && body !== this.initial[step.heading]) {
          bodies.push([step.heading, body]);
        }
      }
      this.created = await this.api.createPirFromSteps(
        this.root,
        {
          title: this.title.trim(),
          date: this.date,
          severity: this.severity.trim(),
          tags: this.tagList,
          template: null,
        },
        bodies,
      );
      await this.dispose();
      return this.created;
    } catch (e) {
      this.error = toCoreError(e);
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** Closes the timeline step's session. */
  async dispose(): Promise<void> {
    const editor = this.timeline;
    this.timeline = null;
    this.timelineHeading = null;
    if (editor) await editor.close();
  }

  /** Whether anything was typed that closing the wizard would lose. */
  get dirty(): boolean {
    return (
      this.title.trim() !== "" ||
      this.tags.trim() !== "" ||
      this.steps.some(
        (s) =>
          this.bodies[s.heading] !== undefined &&
          this.bodies[s.heading] !== this.initial[s.heading],
      )
    );
  }
}
