// The preview's update: a keystroke changes one block of a long page (a table, a paragraph),
// and replacing the whole page made WebKit parse and lay out all of it again (about 95 ms for
// the 77 KB fixture). Only the top-level blocks that differ are replaced, so the rest of the
// page keeps its layout.

/**
 * Makes `target`'s children those of `html`, replacing only the run of top-level nodes between
 * the unchanged ones at the start and at the end. `html` must already be sanitised: it is
 * inserted as is, as `{@html}` would.
 */
export function patchHtml(target: HTMLElement, html: string): void {
  const parsed = document.createElement("template");
  parsed.innerHTML = html;
  const next = Array.from(parsed.content.childNodes);
  const old = Array.from(target.childNodes);
  let head = 0;
  while (head < next.length && head < old.length && old[head].isEqualNode(next[head])) head++;
  let tail = 0;
  while (
    tail < next.length - head &&
    tail < old.length - head &&
    old[old.length - 1 - tail].isEqualNode(next[next.length - 1 - tail])
  )
    tail++;
  const after = tail > 0 ? old[old.length - tail] : null;
  for (const n of old.slice(head, old.length - tail)) n.remove();
  const fresh = document.createDocumentFragment();
  fresh.append(...next.slice(head, next.length - tail));
  target.insertBefore(fresh, after);
}
