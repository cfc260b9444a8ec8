import { describe, expect, it } from "vitest";
import { blocks, blocksAfterChange, patchHtml } from "./patch-html";

function page(...blocks: string[]): string {
  return blocks.join("\n");
}

describe("patchHtml", () => {
  it("replaces only the changed blocks and ends with exactly the new page", () => {
    const el = document.createElement("article");
    const before = page(
      "<h1>T</h1>",
      "<p>a</p>",
      "<table><tbody><tr><td>1</td></tr></tbody></table>",
      "<p>z</p>",
    );
    patchHtml(el, before);
    expect(el.innerHTML).toBe(before);
    const [h1, , table, last] = Array.from(el.children);

    const after = page(
      "<h1>T</h1>",
      "<p>a</p>",
      "<table><tbody><tr><td>2</td></tr></tbody></table>",
      "<p>z</p>",
    );
    patchHtml(el, after);
    expect(el.innerHTML).toBe(after);
    // The unchanged blocks are the same nodes; inside the changed table only the cell's
    // text is new.
    expect(el.children[0]).toBe(h1);
    expect(el.children[3]).toBe(last);
    expect(el.children[2]).toBe(table);
    const cell = table.querySelector("td");
    patchHtml(el, page("<h1>T</h1>", "<p>a</p>", '<table class="x"><tbody></tbody></table>'));
    expect(el.children[2]).not.toBe(table);
    expect(cell?.isConnected).toBe(false);
  });

  it("replaces only the changed row of a table", () => {
    const el = document.createElement("article");
    const rows = (n: string) =>
      `<table>\n<thead><tr><th>Time</th></tr></thead>\n<tbody>\n<tr><td>1</td></tr>\n<tr><td>${n}</td></tr>\n<tr><td>3</td></tr>\n</tbody>\n</table>`;
    // A whole page put in, or one unchanged, names no changed block.
    expect(patchHtml(el, page("<p>a</p>", rows("2")))).toBeNull();
    expect(patchHtml(el, page("<p>a</p>", rows("2")))).toBeNull();
    const trs = Array.from(el.querySelectorAll("tr"));
    const changed = patchHtml(el, page("<p>a</p>", rows("2 <b>more</b>")));
    // The first element put in: inside the edited cell of the third row.
    expect(changed?.localName).toBe("b");
    expect(changed?.closest("tr")).toBe(el.querySelectorAll("tr")[2]);
    expect(el.innerHTML).toBe(page("<p>a</p>", rows("2 <b>more</b>")));
    const now = Array.from(el.querySelectorAll("tr"));
    expect(now[0]).toBe(trs[0]);
    expect(now[1]).toBe(trs[1]);
    expect(now[3]).toBe(trs[3]);
    expect(now[2].textContent).toBe("2 more");
  });

  it("ends with the new page where the parser changes the structure or tags do not balance", () => {
    const el = document.createElement("article");
    for (const next of [
      // The parser adds a tbody the HTML does not have.
      "<table><tr><td>1</td></tr></table>",
      "<table><tr><td>2</td></tr></table>",
      '<p title="a > b">x</p><p>y</p>',
      '<p title="a > b">x</p><p>z</p>',
      "<ul><li>a<ul><li>b</li></ul></li></ul><!-- c --><hr><p>d<br>e</p>",
      "<ul><li>a<ul><li>B</li></ul></li></ul><!-- c --><hr><p>d<br>e</p>",
      "<p>unclosed",
      "<p>a</p>",
    ]) {
      patchHtml(el, next);
      const want = document.createElement("article");
      want.innerHTML = next;
      expect(el.innerHTML).toBe(want.innerHTML);
    }
  });

  it("handles blocks added, removed, and a page replaced whole", () => {
    const el = document.createElement("article");
    patchHtml(el, page("<p>a</p>", "<p>b</p>"));
    for (const next of [
      page("<p>a</p>", "<p>new</p>", "<p>b</p>"),
      page("<p>b</p>"),
      page("<p>a</p>", "<p>a</p>", "<p>b</p>"),
      page("<h2>other</h2>"),
      "",
      page("<p>a</p>"),
    ]) {
      patchHtml(el, next);
      expect(el.innerHTML).toBe(next);
    }
  });

  it("scans only around the change and finds the blocks a whole scan finds", () => {
    // A fixed-seed generator: the same pages on every run.
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    const pool = [
      "<p>alpha</p>",
      "<p>beta <b>bold</b></p>",
      '<h2 id="x">Head</h2>',
      "<table><tbody><tr><td>1</td><td>two</td></tr></tbody></table>",
      "<ul><li>a<ul><li>b</li></ul></li></ul>",
      "<!-- note -->",
      "<hr>",
      "loose text",
      "\n",
    ];
    // Whether `at` is between tags, not inside one or inside a character reference.
    const outsideTag = (h: string, at: number) =>
      h.lastIndexOf("<", at - 1) <= h.lastIndexOf(">", at - 1) &&
      h.lastIndexOf("&", at - 1) <= h.lastIndexOf(";", at - 1);
    const el = document.createElement("article");
    let html = Array.from({ length: 8 }, () => pool[rand(pool.length)]).join("");
    patchHtml(el, html);
    for (let step = 0; step < 150; step++) {
      const parts = blocks(html, 0, html.length) ?? [];
      let next: string;
      const at = rand(html.length + 1);
      // Long pages lose blocks more often than they gain them.
      switch (html.length > 400 ? 1 : rand(4)) {
        case 0: // a block in, at a block boundary
          next = ((b) => html.slice(0, b) + pool[rand(pool.length)] + html.slice(b))(
            parts.length ? parts[rand(parts.length)].start : 0,
          );
          break;
        case 1: // a block out
          next = parts.length
            ? ((b) => html.slice(0, b.start) + html.slice(b.end))(parts[rand(parts.length)])
            : html;
          break;
        case 2: // text typed where text is (the renderer's pages are well-formed)
          next = outsideTag(html, at)
            ? html.slice(0, at) + ["x", "é", "&amp;", "<i>y</i>"][rand(4)] + html.slice(at)
            : html;
          break;
        default: // a character of text removed
          next =
            outsideTag(html, at) && outsideTag(html, at + 1) && !"<>&;".includes(html[at] ?? "<")
              ? html.slice(0, at) + html.slice(at + 1)
              : html;
      }
      const whole = blocks(next, 0, next.length);
      const old = blocks(html, 0, html.length);
      expect(blocksAfterChange(html, old ?? [], next)).toEqual(whole);
      // Whatever the change, the page shown is the new one, as the parser makes it.
      patchHtml(el, next);
      const want = document.createElement("article");
      want.innerHTML = next;
      expect(el.innerHTML).toBe(want.innerHTML);
      expect(whole).not.toBeNull();
      html = next;
    }
  });
});
