// The PIR open in the editor: its session's latest preview (model + HTML), the save state and
// the conflict the author must decide on. Every change goes to the backend as `Edit`s; calls
// run one after another so edits reach the session in the order they were made.
//
// A save is planned first (`sessionPlanSave`): when it changes more than the PIR (nav, home
// list, index rows) the plan is shown (`plan`) and the save writes the PIR and exactly the
// extra files the author kept ticked.
import { toCoreError, type Api } from "../api";
import type { Speller } from "../spell-check";
import { mark } from "../bench";
import type { CoreError } from "../bindings/CoreError";
import type { Edit } from "../bindings/Edit";
import type { PirModel } from "../bindings/PirModel";
import type { Preview } from "../bindings/Preview";
import type { PreviewPatch } from "../bindings/PreviewPatch";
import type { DiffHunk } from "../bindings/DiffHunk";
import type { CombinedChange } from "../bindings/CombinedChange";
import type { Fingerprint } from "../bindings/Fingerprint";
import type { SaveOutcome } from "../bindings/SaveOutcome";
import type { SavePlan } from "../bindings/SavePlan";
import type { LinkHit } from "../bindings/LinkHit";
import { applyPatch } from "../preview-patch";

/** An image pasted or dropped into the text, to store in the site. */
export interface PastedImage {
  bytes: number[];
  /** The dropped file's name; none for a pasted image. */
  name: string | null;
  /** Its MIME type (`image/png`). */
  mime: string | null;
}

export class EditorStore {
  path = $state<string | null>(null);
  /** Replaced whole on every change, never changed in place: not deeply reactive, so the
   * model and page (hundreds of KB for a long PIR) are not wrapped in proxies. */
  preview = $state.raw<Preview | null>(null);
  error = $state<CoreError | null>(null);
  /** While a save found the file changed on disk: the disk's text, its version and the diff
   * from it to the editor's text. */
  conflict = $state.raw<{
    diskText: string;
    disk: Fingerprint;
    hunks: DiffHunk[];
    combined: CombinedChange[];
  } | null>(null);
  /** The save being shown before it is written, when it changes more than the PIR. */
  plan = $state.raw<SavePlan | null>(null);
  /** Bumped when the text was taken from disk again: every field editor starts afresh, so a
   * field focused before holds none of the dropped text. */
  reloads = $state(0);
  notice = $state<string | null>(null);
  /** The section being edited, which the preview keeps in view. */
  focusSection = $state<number | null>(null);
  /** Bumped when the text changes other than by an edit of the UI (undo, redo, reload, a
   * restored draft). */
  revision = $state(0);
  /** Called after a save, so the site list shows the new title, date, ... */
  onsaved: ((path: string) => void) | null = null;
  /** Called whenever the text changes (edit, undo, redo, reload), e.g. to autosave a draft. */
  onchanged: ((path: string, preview: Preview) => void) | null = null;

  /** The folder of the site the PIR is in, for the link picker and pasted images. */
  root = $state<string | null>(null);

  private queue: Promise<unknown> = Promise.resolve();

  constructor(private api: Api) {}

  /** The site's pages and headings matching `query`, as links written in the open PIR. */
  async linkSearch(query: string): Promise<LinkHit[]> {
    const { root, path } = this;
    if (!root || !path) return [];
    return this.api.linkSearch(root, path, query);
  }

  /** Stores an image pasted or dropped into the PIR; gives the markdown to insert, or `null`
   * (the failure shown) when it was not stored. */
  async storeImage(image: PastedImage): Promise<string | null> {
    const { root, path } = this;
    if (!root || !path) return null;
    try {
      const stored = await this.api.storeImage(root, path, image.bytes, image.name, image.mime);
      this.error = null;
      this.notice = `Stored the image as ${stored.link}.`;
      return stored.markdown;
    } catch (e) {
      this.error = toCoreError(e);
      return null;
    }
  }

  /** Spell checking of the PIR's prose, by pir-core's dictionary. */
  readonly speller: Speller = {
    check: (text) => this.api.spellCheck(text),
    suggest: (word) => this.api.spellSuggest(word),
  };

  get model(): PirModel | null {
    return this.preview?.model ?? null;
  }

  get dirty(): boolean {
    return this.preview?.dirty ?? false;
  }

  /** Runs `f` after every earlier call; failures are shown, not thrown. */
  private run<T>(f: () => Promise<T>): Promise<T | null> {
    const next = this.queue.then(async () => {
      try {
        const v = await f();
        this.error = null;
        return v;
      } catch (e) {
        this.error = toCoreError(e);
        return null;
      }
    });
    this.queue = next;
    return next;
  }

  /** Opens `path` (closing the PIR open before). */
  async open(path: string): Promise<void> {
    const old = this.path;
    this.path = path;
    this.preview = null;
    this.conflict = null;
    this.plan = null;
    this.notice = null;
    this.focusSection = null;
    await this.run(async () => {
      if (old && old !== path) await this.api.sessionClose(old);
      this.preview = await this.api.sessionOpen(path);
      this.revision++;
    });
  }

  /** Closes the PIR, dropping unsaved edits. */
  async close(): Promise<void> {
    const old = this.path;
    this.path = null;
    this.preview = null;
    if (old) await this.run(() => this.api.sessionClose(old));
  }

  /** Applies edits as one undo step; `true` when they were applied. */
  async apply(...edits: Edit[]): Promise<boolean> {
    if (edits.length === 0) return false;
    return this.applyWith((path) => this.api.sessionApply(path, edits));
  }

  /** Sends a change that the backend applies to the open PIR as one undo step (`send`
   * answers as `sessionApply` does: an import's rows, placed by pir-core); `true` when it
   * was applied. */
  async applyWith(send: (path: string) => Promise<PreviewPatch>): Promise<boolean> {
    const path = this.path;
    if (!path) return false;
    mark("apply:queued");
    const p = await this.run(async () => {
      mark("apply:sent");
      const patch = await send(path);
      mark("apply:answered");
      if (this.path !== path) return null;
      // A patch applies to the preview it was made from; out of step, take the whole one.
      const next = applyPatch(this.preview, patch) ?? (await this.api.sessionOpen(path));
      mark("apply:merged");
      this.preview = next;
      return next;
    });
    if (p && this.path === path) this.onchanged?.(path, p);
    return p !== null;
  }

  async undo(): Promise<void> {
    await this.replace((path) => this.api.sessionUndo(path));
  }

  async redo(): Promise<void> {
    await this.replace((path) => this.api.sessionRedo(path));
  }

  /** Takes the file from disk again, dropping unsaved edits (they stay one undo away). */
  async reloadFromDisk(): Promise<void> {
    this.conflict = null;
    this.plan = null;
    this.included = [];
    await this.replace((path) => this.api.sessionReload(path));
    this.reloads++;
    this.notice = "Reloaded from disk.";
  }

  /** After a conflict: the file on disk with the hunks of mine where `takeMine` is true, as
   * one undo step, unsaved until saved. Every field editor starts afresh, as after a reload. */
  async mergeDisk(takeMine: boolean[]): Promise<void> {
    const conflict = this.conflict;
    if (!conflict) return;
    this.conflict = null;
    this.plan = null;
    this.included = [];
    await this.replace((path) => this.api.sessionMergeDisk(path, conflict.disk, takeMine));
    this.reloads++;
    this.notice = "Merged with the file on disk: not saved yet.";
  }

  /** Puts the PIR's draft kept for `site` in place of its text, straight from disk into the
   * session: one undo step, unsaved until saved. */
  async restoreDraft(site: string): Promise<void> {
    await this.replace((path) => this.api.sessionRestoreDraft(site, path));
  }

  private async replace(f: (path: string) => Promise<Preview>): Promise<void> {
    const path = this.path;
    if (!path) return;
    const p = await this.run(() => f(path));
    if (p && this.path === path) {
      this.preview = p;
      this.revision++;
      this.onchanged?.(path, p);
    }
  }

  /** The extra files of the save under way, kept for "keep mine" after a conflict. */
  private included: string[] = [];

  /**
   * Saves. The save is planned first: a save of the PIR alone is written at once; one that
   * also changes other files (nav, home list, index rows) is shown as `plan` until the author
   * confirms or cancels it. A file changed on disk opens the conflict choice instead.
   */
  async save(): Promise<void> {
    const path = this.path;
    if (!path) return;
    this.notice = null;
    const plan = await this.run(() => this.api.sessionPlanSave(path));
    if (!plan || this.path !== path) return;
    // Shown when it writes more than the PIR, or says more of it (the images it now shows).
    if (plan.files.some((f) => !f.pir || f.what.length > 0)) {
      this.plan = plan;
      return;
    }
    await this.commitSave([]);
  }

  /** Writes the plan shown: the PIR and the extra files in `include` (paths from the plan). */
  async confirmPlan(include: string[]): Promise<void> {
    this.plan = null;
    await this.commitSave(include);
  }

  /** Closes the plan without writing anything. */
  cancelPlan(): void {
    this.plan = null;
  }

  private async commitSave(include: string[]): Promise<void> {
    this.included = include;
    await this.saveWith((path) => this.api.sessionSave(path, include));
  }

  /** Saves over the disk's version ("keep mine"), with the extra files chosen before. */
  async keepMine(): Promise<void> {
    this.conflict = null;
    const include = this.included;
    await this.saveWith((path) => this.api.sessionSaveOverwrite(path, include));
  }

  private async saveWith(f: (path: string) => Promise<SaveOutcome>): Promise<void> {
    const path = this.path;
    if (!path) return;
    const out = await this.run(() => f(path));
    if (!out || this.path !== path) return;
    if (out.outcome === "conflict") {
      this.conflict = {
        diskText: out.disk_text,
        disk: out.disk,
        hunks: out.hunks,
        combined: out.combined,
      };
      return;
    }
    this.included = [];
    this.preview = out.preview;
    const also = out.written.length > 1 ? ` Also wrote ${out.written.slice(1).join(", ")}.` : "";
    const kept = out.left_out.length ? ` Left as they were: ${out.left_out.join(", ")}.` : "";
    const left = out.problems.map((p) => ` ${p.message}.`).join("");
    this.notice = `Saved.${also}${kept}${left}`;
    this.onsaved?.(path);
  }
}
