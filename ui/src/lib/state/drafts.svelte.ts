// Autosave of the editor's text as drafts, and the drafts found on start.
//
// The editor calls `edited(site, path)` on every change; a moment after typing pauses the
// session writes the text it holds as the draft (one pending save per file; the text never
// travels here and back). When a
// draft cannot be saved (full disk, read-only data folder) `warning` says so and the text
// stays in the editor: nothing is lost, it is only not backed up. Saving the PIR calls
// `saved(site, path)` and discarding its edits `forget(site, path)`, which drop the pending
// save and the draft. A text equal to the file on disk (an edit undone back to it, a reload)
// is passed on like any other: pir-core removes the draft instead of writing one.
import { getContext, hasContext, setContext } from "svelte";
import { toCoreError, type Api } from "../api";
import type { CoreError } from "../bindings/CoreError";
import type { DraftComparison } from "../bindings/DraftComparison";
import type { DraftInfo } from "../bindings/DraftInfo";

/** How long typing must pause before a draft is written. */
export const AUTOSAVE_DELAY_MS = 800;

const key = (site: string, path: string) => `${site}\u0000${path}`;

export class DraftsStore {
  /** Drafts left from earlier runs, shown in the "Drafts found" dialog. */
  found = $state<DraftInfo[]>([]);
  /** Why the last autosave failed; cleared by the next one that succeeds. */
  warning = $state<CoreError | null>(null);
  /** Why restoring, comparing or discarding a found draft failed, for the dialog. */
  error = $state<CoreError | null>(null);
  /** When the last draft was written (RFC 3339), for a quiet "draft saved" hint. */
  lastSaved = $state<string | null>(null);
  /** The draft being compared with its file, when the user asked. */
  comparison = $state<{ info: DraftInfo; result: DraftComparison } | null>(null);
  /** The draft the user chose to restore, for the editor's session to take in. */
  restored = $state<DraftInfo | null>(null);

  private pending = new Map<
    string,
    { timer: ReturnType<typeof setTimeout>; run: () => Promise<void> }
  >();
  /** Draft writes under way, so that a save's discard comes after them, not before. */
  private writing = new Map<string, Promise<void>>();

  constructor(
    private api: Api,
    private delayMs = AUTOSAVE_DELAY_MS,
  ) {}

  /** The editor's text changed: the session saves it as a draft once typing pauses (a text
   * equal to the file on disk removes the draft). */
  edited(site: string, path: string): void {
    const k = key(site, path);
    const old = this.pending.get(k);
    if (old) clearTimeout(old.timer);
    const run = async () => {
      this.pending.delete(k);
      const write = (async () => {
        try {
          const info = await this.api.sessionSaveDraft(site, path);
          if (info) this.lastSaved = info.saved_at;
          this.warning = null;
        } catch (e) {
          this.warning = toCoreError(e);
        }
      })();
      this.writing.set(k, write);
      await write;
      if (this.writing.get(k) === write) this.writing.delete(k);
    };
    this.pending.set(k, { timer: setTimeout(() => void run(), this.delayMs), run });
  }

  /** Writes every pending draft now (before the window closes). */
  async flush(): Promise<void> {
    const runs = [...this.pending.values()];
    for (const p of runs) clearTimeout(p.timer);
    await Promise.all(runs.map((p) => p.run()));
  }

  /** The PIR was saved: its draft is no longer needed. */
  async saved(site: string, path: string): Promise<void> {
    await this.forget(site, path);
  }

  /** The author discarded the PIR's edits: no draft of them is offered on the next start. */
  async forget(site: string, path: string): Promise<void> {
    const k = key(site, path);
    const p = this.pending.get(k);
    if (p) clearTimeout(p.timer);
    this.pending.delete(k);
    // A draft being written as the save ran would otherwise land after the discard.
    await this.writing.get(k);
    await this.discardQuietly(site, path);
  }

  /** Looks for drafts left from earlier runs. */
  async loadFound(): Promise<void> {
    try {
      this.found = await this.api.listDrafts();
    } catch (e) {
      this.warning = toCoreError(e);
    }
  }

  /** Chooses the draft to restore; it stays on disk until the PIR is saved. The draft of a
   * PIR gone from disk is written back as its file here (`writtenBack`); any other goes into
   * the editor's session from disk (`EditorStore.restoreDraft`), its text never passing here. */
  async restore(info: DraftInfo): Promise<{ info: DraftInfo; writtenBack: boolean } | null> {
    try {
      const writtenBack = info.on_disk
        ? false
        : (await this.api.restoreDraft(info.site, info.path)).written_back;
      this.restored = info;
      this.error = null;
      this.drop(info);
      return { info, writtenBack };
    } catch (e) {
      this.error = toCoreError(e);
      return null;
    }
  }

  /** Shows what the draft would change in the file on disk. */
  async compare(info: DraftInfo): Promise<void> {
    try {
      this.comparison = { info, result: await this.api.compareDraft(info.site, info.path) };
      this.error = null;
    } catch (e) {
      this.error = toCoreError(e);
    }
  }

  /** Throws the draft away; one that cannot be removed stays listed, with the reason. */
  async discard(info: DraftInfo): Promise<void> {
    try {
      await this.api.discardDraft(info.site, info.path);
      this.error = null;
      this.drop(info);
    } catch (e) {
      this.error = toCoreError(e);
    }
  }

  private drop(info: DraftInfo) {
    this.found = this.found.filter((d) => !(d.site === info.site && d.path === info.path));
    if (this.comparison?.info === info) this.comparison = null;
  }

  private async discardQuietly(site: string, path: string) {
    try {
      await this.api.discardDraft(site, path);
    } catch (e) {
      this.warning = toCoreError(e);
    }
  }
}

const CONTEXT = Symbol("drafts");

/** Makes the app's drafts store available to the components below (the editor). */
export function setDraftsContext(store: DraftsStore): DraftsStore {
  return setContext(CONTEXT, store);
}

/** The app's drafts store, for an editor to call `edited` / `saved`; none outside the app. */
export function getDraftsContext(): DraftsStore | undefined {
  return hasContext(CONTEXT) ? getContext<DraftsStore>(CONTEXT) : undefined;
}
