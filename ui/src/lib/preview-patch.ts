// The keystroke answer: pir-core sends the text and HTML as changes to the preview it gave
// last (`PreviewPatch`), a few hundred bytes where the whole preview of a long PIR is
// hundreds of KB. The store applies them here; a patch made for another revision (an answer
// missed) is refused and the whole preview is asked for instead.
import type { Preview } from "./bindings/Preview";
import type { PreviewPatch } from "./bindings/PreviewPatch";
import type { Splice } from "./bindings/Splice";

/** `s` with `sp` applied (its offsets are UTF-16 code units, as JavaScript strings count). */
export function splice(s: string, sp: Splice): string {
  if (sp.remove === 0 && sp.insert === "") return s;
  return s.slice(0, sp.start) + sp.insert + s.slice(sp.start + sp.remove);
}

/** The smallest splice turning `old` into `neu` (their common prefix and suffix kept). */
export function spliceBetween(old: string, neu: string): Splice {
  let head = 0;
  const most = Math.min(old.length, neu.length);
  while (head < most && old.charCodeAt(head) === neu.charCodeAt(head)) head++;
  let tail = 0;
  while (
    tail < most - head &&
    old.charCodeAt(old.length - 1 - tail) === neu.charCodeAt(neu.length - 1 - tail)
  )
    tail++;
  return {
    start: head,
    remove: old.length - head - tail,
    insert: neu.slice(head, neu.length - tail),
  };
}

/**
 * `neu`, with every part deep-equal to the same part of `old` replaced by `old`'s object. An
 * edited cell changes one row of the model, and the components showing it compare by
 * identity: the timeline grid then updates one row instead of all of them.
 */
export function share<T>(old: T, neu: T): T {
  if (old === neu || typeof old !== "object" || typeof neu !== "object") return neu;
  if (old === null || neu === null || Array.isArray(old) !== Array.isArray(neu)) return neu;
  if (Array.isArray(old)) {
    const prev = old as unknown[];
    const next = (neu as unknown[]).map((v, i) => (i < prev.length ? share(prev[i], v) : v));
    return (next.length === prev.length && next.every((v, i) => v === prev[i]) ? old : next) as T;
  }
  const prev = old as Record<string, unknown>;
  const keys = Object.keys(neu as object);
  let same = keys.length === Object.keys(prev).length;
  const next: Record<string, unknown> = {};
  for (const k of keys) {
    next[k] = share(prev[k], (neu as Record<string, unknown>)[k]);
    if (next[k] !== prev[k] || !(k in prev)) same = false;
  }
  return (same ? old : next) as T;
}

/** The preview `patch` makes of `prev`, or `null` when it was made for another one. */
export function applyPatch(prev: Preview | null, patch: PreviewPatch): Preview | null {
  if (!prev || prev.path !== patch.path || prev.revision !== patch.base) return null;
  if (prev.text.length < patch.text.start + patch.text.remove) return null;
  if (prev.html.length < patch.html.start + patch.html.remove) return null;
  return {
    path: patch.path,
    model: share(prev.model, patch.model),
    text: splice(prev.text, patch.text),
    html: splice(prev.html, patch.html),
    dirty: patch.dirty,
    can_undo: patch.can_undo,
    can_redo: patch.can_redo,
    revision: patch.revision,
  };
}
