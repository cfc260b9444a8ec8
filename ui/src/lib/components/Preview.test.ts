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
    // The edited cell's row, from its start: the table does not scroll sideways past the time.
    expect(scrolled[0].el.tagName).toBe("TR");
    expect(scrolled[0].el.textContent).toBe("10:30event 30 (edited)");
    expect(scrolled[0].opts).toEqual({ block: "nearest", inline: "start" });

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

  it("never lets a link navigate: the app follows it, and an anchor scrolls the preview", async () => {
    const html = [
      '<h2 id="timeline">Timeline<a class="headerlink" href="#timeline">&para;</a></h2>',
      '<p><a href="../runbooks/db.md#restore">runbook</a> <a href="#timeline"><code>up</code></a>',
      '<a href="https://status.example.com/">status</a></p>',
    ].join("\n");
    const asked: string[] = [];
    const onlink = async (href: string) => {
      asked.push(href);
      return href.startsWith("#") ? href.slice(1) : null;
    };
    const { getByText, container } = render(Preview, { html, onlink });
    await tick();
    const clicks: boolean[] = [];
    for (const el of [getByText("runbook"), getByText("up"), getByText("status")]) {
      const event = new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 });
      el.dispatchEvent(event);
      clicks.push(event.defaultPrevented);
    }
    // A middle click is refused too, and not followed.
    const middle = new MouseEvent("auxclick", { bubbles: true, cancelable: true, button: 1 });
    getByText("status").dispatchEvent(middle);
    await vi.waitFor(() => expect(asked).toHaveLength(3));
    expect(clicks).toEqual([true, true, true]);
    expect(middle.defaultPrevented).toBe(true);
    expect(asked).toEqual([
      "../runbooks/db.md#restore",
      "#timeline",
      "https://status.example.com/",
    ]);
    await vi.waitFor(() =>
      expect(scrolled.map((s) => s.el)).toContain(container.querySelector("#timeline")),
    );
  });
});
