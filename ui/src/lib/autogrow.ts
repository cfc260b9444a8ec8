// Text areas that grow with their content: a table cell holding a 300-character event shows
// all of it, wrapped over as many lines as the column's width needs, and grows again when the
// column narrows (a pane resized) or the text changes.
import type { Action } from "svelte/action";

/** Sets the height of `el` to what its text needs (its border included). */
export function fitHeight(el: HTMLTextAreaElement) {
  el.style.height = "auto";
  const border = el.offsetHeight - el.clientHeight;
  el.style.height = `${el.scrollHeight + Math.max(border, 0)}px`;
}

/**
 * `use:autogrow={value}`: the text area's height follows its text as typed, as given (the
 * parameter: a new value from the document), and its width.
 */
export const autogrow: Action<HTMLTextAreaElement, string | undefined> = (el) => {
  const fit = () => fitHeight(el);
  fit();
  el.addEventListener("input", fit);
  let width = el.clientWidth;
  const resized =
    typeof ResizeObserver === "undefined"
      ? null
      : new ResizeObserver(() => {
          // Only a change of width re-wraps the text; the height is this action's own.
          if (el.clientWidth === width) return;
          width = el.clientWidth;
          fit();
        });
  resized?.observe(el);
  return {
    update: fit,
    destroy() {
      el.removeEventListener("input", fit);
      resized?.disconnect();
    },
  };
};

/** Whether the caret of `el` may leave it upwards or downwards (arrow keys moving between
 * rows): always in a text on one line, else only from its first or last character. */
export function caretAtEdge(el: HTMLTextAreaElement | HTMLInputElement, up: boolean): boolean {
  if (!(el instanceof HTMLTextAreaElement)) return true;
  const line = parseFloat(getComputedStyle(el).lineHeight) || 18;
  if (el.clientHeight < line * 1.8) return true;
  return up ? el.selectionStart === 0 : el.selectionEnd === el.value.length;
}

/**
 * Home and End in a wrapped cell go to the start and end of its whole text (Shift extends the
 * selection), as in the one-line field a table cell is: the text wraps only to be read.
 * Gives whether the key was taken.
 */
export function cellHomeEnd(e: KeyboardEvent): boolean {
  const el = e.currentTarget;
  if (!(el instanceof HTMLTextAreaElement) || (e.key !== "Home" && e.key !== "End")) return false;
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  e.preventDefault();
  const end = e.key === "End";
  const to = end ? el.value.length : 0;
  if (!e.shiftKey) {
    el.setSelectionRange(to, to);
    return true;
  }
  // The fixed end of the selection stays; the other goes to the start or the end.
  const anchor = el.selectionDirection === "backward" ? el.selectionEnd : el.selectionStart;
  el.setSelectionRange(Math.min(anchor, to), Math.max(anchor, to), end ? "forward" : "backward");
  return true;
}
