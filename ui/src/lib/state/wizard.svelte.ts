// The new-PIR wizard: a first step for title, date and severity, then one step per part of
// the template, with the site's guidance and a progress rail.
import { toCoreError, type Api } from "../api";
import type { CoreError } from "../bindings/CoreError";
import type { Created } from "../bindings/Created";
import type { GuideSection } from "../bindings/GuideSection";
import type { SectionKey } from "../bindings/SectionKey";
import type { SectionState } from "../bindings/SectionState";
import { SECTION_KEYS, SECTION_TITLES } from "../sections";

/** One step of the wizard after the first. */
export interface SectionStep {
  key: SectionKey;
  /** The heading as the site's template writes it. */
  heading: string;
  /** The site's guidance for this part (markdown), if it has some. */
  guidance: string | null;
  /** Whether the template has this part at all (tags always: they are front matter). */
  present: boolean;
}

/** The severities offered; the author may add a reason in parentheses. */
export const SEVERITIES = ["Critical", "High", "Medium", "Low"] as const;

function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export class WizardState {
  /** 0: title/date/severity; 1..: one per section step. */
  step = $state(0);
  title = $state("");
  date = $state(today());
  severity = $state("High");
  tags = $state("");
  /** The file name the PIR will get, when the title and date allow one. */
  fileName = $state<string | null>(null);
  /** Why there is no file name (shown inline under the fields). */
  fileNameError = $state<CoreError | null>(null);
  steps = $state<SectionStep[]>([]);
  /** The text of each section, starting as the template's. */
  bodies = $state<Partial<Record<SectionKey, string>>>({});
  /** The template's text of each section, to tell what the author changed. */
  initial: Partial<Record<SectionKey, string>> = {};
  states = $state<Partial<Record<SectionKey, SectionState>>>({});
  busy = $state(false);
  error = $state<CoreError | null>(null);
  created = $state<Created | null>(null);
  private previewSeq = 0;
  private stateSeq = 0;

  constructor(
    private api: Api,
    private root: string,
  ) {}

  /** How many steps there are in all. */
  get count(): number {
    return 1 + SECTION_KEYS.length;
  }

  /** The section of the current step, or null on the first step. */
  get current(): SectionStep | null {
    return this.step === 0 ? null : (this.steps[this.step - 1] ?? null);
  }

  /** Whether the first step's fields can make a PIR. */
  get basicsValid(): boolean {
    return this.fileName !== null && this.severity.trim() !== "";
  }

  /** The tags typed on the tags step. */
  get tagList(): string[] {
    return this.tags
      .split(",")
      .map((t) => t.trim())
      .filter((t) => t !== "");
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

  /** Leaves the first step: loads the guide and the template's sections for these fields. */
  private async loadSections(): Promise<void> {
    const fields = {
      title: this.title.trim(),
      date: this.date,
      severity: this.severity.trim(),
      tags: this.tagList,
    };
    const [template, drafts] = await Promise.all([
      this.api.siteTemplate(this.root),
      this.api.draftSections(this.root, fields),
    ]);
    const guide = new Map<SectionKey, GuideSection>(template.guide.map((g) => [g.key, g]));
    // The template's own words about a section, found by its heading, come first: they
    // also cover sections of the site's own that no built-in part names.
    const byHeading = new Map(template.sections.map((s) => [s.heading, s.guidance]));
    const firstLoad = this.steps.length === 0;
    this.steps = SECTION_KEYS.map((key) => {
      const draft = drafts.find((d) => d.key === key);
      const own = draft ? byHeading.get(draft.heading) : null;
      return {
        key,
        heading: draft?.heading ?? SECTION_TITLES[key],
        guidance: own ?? guide.get(key)?.guidance ?? null,
        present: key === "tags" || draft !== undefined,
      };
    });
    for (const d of drafts) {
      // Keep what the author already wrote when they come back to the first step; the
      // metadata block follows the (maybe changed) date and severity while untouched.
      const untouched =
        this.bodies[d.key] === undefined || this.bodies[d.key] === this.initial[d.key];
      if (firstLoad || untouched) this.bodies[d.key] = d.body;
      this.initial[d.key] = d.body;
    }
    await this.refreshStates();
  }

  /** Recomputes the progress rail from the current texts. */
  async refreshStates(): Promise<void> {
    const seq = ++this.stateSeq;
    const keys = SECTION_KEYS.filter((k) => k !== "tags" && this.bodies[k] !== undefined);
    const states = await this.api.sectionStates(keys.map((k) => this.bodies[k] ?? ""));
    if (seq !== this.stateSeq) return;
    const next: Partial<Record<SectionKey, SectionState>> = {};
    keys.forEach((k, i) => (next[k] = states[i]));
    next.tags = this.tagList.length > 0 ? "filled" : "empty";
    this.states = next;
  }

  /** Sets a section's text (from its editor). */
  setBody(key: SectionKey, text: string): void {
    this.bodies[key] = text;
    void this.refreshStates();
  }

  async next(): Promise<void> {
    if (this.step === 0) {
      await this.updateFileName();
      if (!this.basicsValid) return;
      this.busy = true;
      try {
        await this.loadSections();
        this.error = null;
      } catch (e) {
        this.error = toCoreError(e);
        return;
      } finally {
        this.busy = false;
      }
    }
    if (this.step < this.count - 1) this.step += 1;
  }

  back(): void {
    if (this.step > 0) this.step -= 1;
  }

  /** Moves on without writing this section (it keeps the template's text). */
  async skip(): Promise<void> {
    await this.next();
  }

  /** Jumps to a step from the rail (only once the first step is done). */
  goTo(step: number): void {
    if (step === 0 || (this.steps.length > 0 && step < this.count)) this.step = step;
  }

  /** Creates the PIR with the sections the author changed. */
  async finish(): Promise<Created | null> {
    this.busy = true;
    this.error = null;
    try {
      const sections: [SectionKey, string][] = [];
      for (const step of this.steps) {
        const body = this.bodies[step.key];
        if (step.key !== "tags" && body !== undefined && body !== this.initial[step.key]) {
          sections.push([step.key, body]);
        }
      }
      this.created = await this.api.createPir(
        this.root,
        {
          title: this.title.trim(),
          date: this.date,
          severity: this.severity.trim(),
          tags: this.tagList,
          template: null,
        },
        sections,
      );
      return this.created;
    } catch (e) {
      this.error = toCoreError(e);
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** Whether anything was typed that closing the wizard would lose. */
  get dirty(): boolean {
    return (
      this.title.trim() !== "" ||
      this.tags.trim() !== "" ||
      SECTION_KEYS.some((k) => this.bodies[k] !== undefined && this.bodies[k] !== this.initial[k])
    );
  }
}
