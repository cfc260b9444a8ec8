// The preview's update: a keystroke changes one block of a long page (a table row, a
// paragraph), and replacing the whole page made WebKit parse and lay out all of it again
// (about 95 ms for the 77 KB fixture). Parsing the whole new page into a template just to
// compare it with the old one still cost about 20 ms, so the comparison is made on the HTML
// text instead: the renderer's output is well-formed, so its blocks can be told apart by
// counting tags, and only the blocks whose text changed are parsed. A changed block whose
// opening tag is the same (the timeline's table, a list) is compared the same way one level
// down, so an edited row replaces that row and not the whole table. Even scanning the whole
// new page for its blocks took about 3 ms, so only the part around what changed (found by
// comparing the two pages' ends, far cheaper) is scanned; the blocks before it are the old
// ones and those after it the old ones moved.

import { spliceBetween } from "./preview-patch";

/** A top-level piece of an HTML string: an element (with its tag) or the text between. */
export interface Block {
  start: number;
  end: number;
  /** Lower-case tag name for an element, `null` for text or a comment. */
  tag: string | null;
  /** End of the opening tag and start of the closing one (the element's content). */
  innerStart: number;
  innerEnd: number;
}

// Elements without a closing tag.
const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);
// The parser changes the text at the start of these, so their content is not patched in place.
const NO_DESCENT = new Set(["pre", "textarea", "script", "style", "template"]);
const TOKEN = /<!--[\s\S]*?-->|<(\/?)([A-Za-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g;

/** The top-level blocks of `html[from..to]`, or `null` when its tags do not balance. */
export function blocks(html: string, from: number, to: number): Block[] | null {
  const out: Block[] = [];
  let depth = 0;
  let text = from;
  let open: Block | null = null;
  TOKEN.lastIndex = from;
  for (let m = TOKEN.exec(html); m && m.index < to; m = TOKEN.exec(html)) {
    const end = m.index + m[0].length;
    if (end > to) return null;
    const name = m[2]?.toLowerCase();
    if (depth === 0 && m.index > text)
      out.push({ start: text, end: m.index, tag: null, innerStart: 0, innerEnd: 0 });
    if (name === undefined) {
      // A comment.
      if (depth === 0) out.push({ start: m.index, end, tag: null, innerStart: 0, innerEnd: 0 });
    } else if (m[1] === "/") {
      depth--;
      if (depth < 0) return null;
      if (depth === 0 && open) {
        if (open.tag !== name) return null;
        open.end = end;
        open.innerEnd = m.index;
        out.push(open);
        open = null;
      }
    } else if (VOID.has(name) || m[0].endsWith("/>")) {
      if (depth === 0) out.push({ start: m.index, end, tag: name, innerStart: end, innerEnd: end });
    } else {
      if (depth === 0) open = { start: m.index, end, tag: name, innerStart: end, innerEnd: end };
      depth++;
    }
    if (depth === 0) text = end;
  }
  if (depth !== 0) return null;
  if (text < to) out.push({ start: text, end: to, tag: null, innerStart: 0, innerEnd: 0 });
  return out;
}

const slice = (s: string, b: Block) => s.slice(b.start, b.end);

/** `b` moved by `delta` characters (text has no content offsets to move). */
const moved = (b: Block, delta: number): Block =>
  b.tag === null
    ? { ...b, start: b.start + delta, end: b.end + delta }
    : {
        start: b.start + delta,
        end: b.end + delta,
        tag: b.tag,
        innerStart: b.innerStart + delta,
        innerEnd: b.innerEnd + delta,
      };

/**
 * The top-level blocks of `html`, given that it is `prev` (whose blocks are `old`) with
 * everything but their common prefix and suffix replaced: only the blocks touching the change
 * are scanned again. `null` when the changed part does not balance on its own.
 */
export function blocksAfterChange(prev: string, old: Block[], html: string): Block[] | null {
  const { start, remove, insert } = spliceBetween(prev, html);
  const end = start + remove;
  const delta = insert.length - remove;
  let i = 0;
  while (i < old.length && old[i].end < start) i++;
  let j = old.length - 1;
  while (j >= 0 && old[j].start > end) j--;
  // Text next to the change is scanned with it, so that it joins new text as a whole scan
  // would join it.
  if (i > 0 && old[i - 1].tag === null) i--;
  if (j + 1 < old.length && old[j + 1].tag === null) j++;
  const from = i < old.length ? Math.min(old[i].start, start) : start;
  const to = j >= 0 ? Math.max(old[j].end, end) : end;
  const mid = blocks(html, from, to + delta);
  if (!mid) return null;
  return [...old.slice(0, i), ...mid, ...old.slice(j + 1).map((b) => moved(b, delta))];
}

/** Whether `nodes` are `list` one for one (element for element of the same tag), as parsed. */
function matches(nodes: ArrayLike<Node>, list: Block[]): boolean {
  if (nodes.length !== list.length) return false;
  for (let i = 0; i < list.length; i++) {
    const tag = list[i].tag;
    const n = nodes[i];
    if (tag === null ? n.nodeType === Node.ELEMENT_NODE : (n as Element).localName !== tag)
      return false;
  }
  return true;
}

/** What a patch changed: the first node it put in (or the node where it removed some),
 * `null` when nothing changed, `false` when it could not patch. */
type Patched = Node | null | false;

/**
 * Makes `parent`'s children those of `next[from..to]`, given that they are now those of
 * `prev[pFrom..pTo]` one node per block. `false` when that does not hold (the caller then
 * replaces the whole).
 */
function patchRange(
  parent: Node,
  prev: string,
  pFrom: number,
  pTo: number,
  next: string,
  from: number,
  to: number,
  old: Block[] | null = blocks(prev, pFrom, pTo),
  neu: Block[] | null = blocks(next, from, to),
): Patched {
  const nodes = parent.childNodes;
  if (!old || !neu || !matches(nodes, old)) return false;
  let head = 0;
  while (
    head < old.length &&
    head < neu.length &&
    slice(prev, old[head]) === slice(next, neu[head])
  )
    head++;
  let tail = 0;
  while (
    tail < old.length - head &&
    tail < neu.length - head &&
    slice(prev, old[old.length - 1 - tail]) === slice(next, neu[neu.length - 1 - tail])
  )
    tail++;
  const gone = old.length - head - tail;
  const added = neu.length - head - tail;
  if (gone === 0 && added === 0) return null;

  // One block changed into one with the same opening tag: compare its content.
  if (gone === 1 && added === 1) {
    const a = old[head];
    const b = neu[head];
    const node = nodes[head];
    if (
      a.tag !== null &&
      a.tag === b.tag &&
      !NO_DESCENT.has(a.tag) &&
      node.nodeType === Node.ELEMENT_NODE &&
      prev.slice(a.start, a.innerStart) === next.slice(b.start, b.innerStart)
    ) {
      const inner = patchRange(
        node,
        prev,
        a.innerStart,
        a.innerEnd,
        next,
        b.innerStart,
        b.innerEnd,
      );
      if (inner !== false) return inner ?? node;
    }
  }

  const parsed = document.createElement("template");
  parsed.innerHTML = added > 0 ? next.slice(neu[head].start, neu[head + added - 1].end) : "";
  if (!matches(parsed.content.childNodes, neu.slice(head, head + added))) return false;
  const after = tail > 0 ? nodes[old.length - tail] : null;
  const put = Array.from(parsed.content.childNodes);
  const first = put.find((n) => n.nodeType === Node.ELEMENT_NODE) ?? put[0] ?? after ?? parent;
  for (const n of Array.from(nodes).slice(head, head + gone)) n.remove();
  parent.insertBefore(parsed.content, after);
  return first;
}

// The HTML each patched element's children were last made from, one node per top-level
// block, with those blocks (so the old page is not scanned again).
const shown = new WeakMap<HTMLElement, { html: string; blocks: Block[] }>();

/**
 * Makes `target`'s children those of `html`, replacing only the blocks (or, inside a changed
 * table or list, the rows or items) whose HTML changed since the last call on `target`.
 * `html` must already be sanitised: it is inserted as is, as `{@html}` would.
 *
 * Gives the element that changed (the innermost block replaced, or the one holding it), so the
 * preview can bring the edit into view; `null` when nothing changed or the whole was replaced.
 */
export function patchHtml(target: HTMLElement, html: string): Element | null {
  const prev = shown.get(target);
  const now =
    (prev && blocksAfterChange(prev.html, prev.blocks, html)) ?? blocks(html, 0, html.length);
  const patched =
    prev === undefined
      ? false
      : patchRange(target, prev.html, 0, prev.html.length, html, 0, html.length, prev.blocks, now);
  if (patched === false) target.innerHTML = html;
  // Patched or parsed whole, the children match `html` block for block only when the parser
  // kept its structure; otherwise the next call parses whole again.
  if (now && matches(target.childNodes, now)) shown.set(target, { html, blocks: now });
  else shown.delete(target);
  if (!patched || patched === target) return null;
  const el = patched.nodeType === Node.ELEMENT_NODE ? (patched as Element) : patched.parentElement;
  return el && el !== target && target.contains(el) ? el : null;
}
