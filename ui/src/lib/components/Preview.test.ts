import { render } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import Preview from "./Preview.svelte";

/** A page with a heading per section and a timeline table of `n` rows, row `edited` changed. */
function page(n: number, edited = -1): string {
  const rows = Array.from(
    { length: n },
    (_, i) =>
      `<tr><td>10:${String(i).padStart(2, "0")}</td><td>event ${i}${i === edited ? " (edited)" : ""}</td></tr>`,
  ).join("\n");
  return [
    "<h1>Post Incident Review: T</h1>",
    "<h2>Executive Summary</h2>",
    "<p>Summary.</p>",
    "<h2>Timeline</h2>",
    `<table>\n<tbody>\n${rows}\n</tbody>\n</table>`,
    "<h2>Impact</h2>",
  ].join("\n");
}

describe("preview", () => {
  let scrolled: { el: Element; opts: unknown }[];
  beforeEach(() => {
    scrolled = [];
    // jsdom has no layout and no scrollIntoView: record what the preview asks to show.
    Element.prototype.scrollIntoView = vi.fn(function (this: Element, opts?: unknown) {
      scrolled.push({ el: this, opts });
    });
  });
  afterEach(() => {
    delete (Element.prototype as Partial<Element>).scrollIntoView;
  });

  it("shows the section's heading once, then the block each edit changed", async () => {
    const view = render(Preview, { html: page(40), section: 2 });
    await tick();
    expect(scrolled.map((s) => s.el.textContent)).toEqual(["Timeline"]);
    expect(scrolled[0].opts).toEqual({ block: "start" });

    // An edit of row 30 brings that row into view, not the heading back.
    scrolled = [];
    await view.rerender({ html: page(40, 30), section: 2 });
    expect(scrolled).toHaveLength(1);
    // The innermost block replaced: the edited cell of that row.
    expect(scrolled[0].el.closest("tr")?.textContent).toBe("10:30event 30 (edited)");
    expect(scrolled[0].opts).toEqual({ block: "nearest" });

    // Moving to another section shows its heading.
    scrolled = [];
    await view.rerender({ html: page(40, 30), section: 1 });
    expect(scrolled.map((s) => s.el.textContent)).toEqual(["Executive Summary"]);
  });

  it("leaves the scroll alone while no section is being edited", async () => {
    const view = render(Preview, { html: page(10), section: null });
    await tick();
    await view.rerender({ html: page(10, 5), section: null });
    expect(scrolled).toEqual([]);
    expect(view.getByTestId("preview").textContent).toContain("event 5 (edited)");
  });
});
