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
    // The unchanged blocks are the same nodes; the changed one is new.
    expect(el.children[0]).toBe(h1);
    expect(el.children[3]).toBe(last);
    expect(el.children[2]).not.toBe(table);
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
