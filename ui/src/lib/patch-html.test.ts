import { describe, expect, it } from "vitest";
import { patchHtml } from "./patch-html";

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
    patchHtml(el, page("<p>a</p>", rows("2")));
    const trs = Array.from(el.querySelectorAll("tr"));
    patchHtml(el, page("<p>a</p>", rows("2 <b>more</b>")));
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
});
