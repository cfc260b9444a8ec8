// The layout at 1024×700: the largest PIR of the sample site open, a 300-character event typed
// into a timeline row shows whole (its cell takes the grid's free width and grows to hold the
// wrapped text), the Time column is not clipped, Save stays in view while the editors scroll,
// and collapsing the list and the preview widens the editor. The layout is remembered by the
// app, so the scenario leaves it as it found it (and saves, so no draft is left behind).

import fs from "node:fs";
import path from "node:path";
import {
  SAMPLE,
  assert,
  check,
  copySite,
  log,
  openApp,
  openPir,
  savePir,
  screenshot,
  waitFor,
} from "../harness.mjs";

/** The 300 characters typed as one event. */
const EVENT = (
  "Resolver pods restart one by one while the forwarder keeps bouncing queries " +
  "between ns1 and ns2; cache hit rate drops below forty percent and three services " +
  "time out on lookups of internal names, so the on-call engineer pages the network " +
  "team and opens a bridge for the incident commander. "
)
  .repeat(2)
  .slice(0, 299)
  .trimEnd()
  .padEnd(300, ".");

/** The geometry of the `i`th element matching `css`, as the page lays it out. */
const GEOMETRY = `
  const el = document.querySelectorAll(arguments[0])[arguments[1]];
  if (!el) return null;
  const r = el.getBoundingClientRect();
  const line = parseFloat(getComputedStyle(el).lineHeight) || 0;
  return { x: r.x, y: r.y, w: r.width, h: r.height, line,
    scrollW: el.scrollWidth, clientW: el.clientWidth,
    scrollH: el.scrollHeight, clientH: el.clientHeight };`;

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver } = ctx;
  const site = copySite(SAMPLE, "layout-site");
  const dir = path.join(site, "docs/incidents");
  // The largest PIR of the site: the one with the most to read and edit.
  const largest = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .map((f) => [f, fs.statSync(path.join(dir, f)).size])
    .sort((a, b) => b[1] - a[1])[0][0];
  const s = await openApp(driver, site);
  const geometry = (css, i = 0) => s.execute(GEOMETRY, [css, i]);
  try {
    const [w, h] = await s.resize(1024, 700);
    log(`window inside ${w}×${h}; opening ${largest}`);
    await openPir(s, largest);
    await s.waitFind('[data-testid="cell-event"]');
    await screenshot(s, "layout-open");

    await check(
      "layout: a 300-character event shows whole at 1024×700",
      async () => {
        const cell = (await s.findAll('[data-testid="cell-event"]'))[0];
        await s.clear(cell);
        await s.type(cell, EVENT);
        const g = await geometry('[data-testid="cell-event"]');
        log(`event cell ${JSON.stringify(g)}`);
        assert(
          (await s.property(cell, "value")) === EVENT,
          "the cell holds the 300 characters",
        );
        assert(
          g.w >= 0.38 * w,
          `the event cell is ${g.w} px wide, under 40 % of the ${w} px window`,
        );
        assert(
          g.line > 0 && g.h >= 3 * g.line,
          `the cell did not grow for the wrapped text: ${g.h} px, line ${g.line} px`,
        );
        assert(
          g.scrollH <= g.clientH + 1,
          `text hidden below the cell: ${g.scrollH} px of text in ${g.clientH} px`,
        );
        assert(
          g.x >= 0 && g.x + g.w <= w,
          `the cell is not inside the window: x ${g.x}, width ${g.w}`,
        );
        // Enter commits the event; the cell keeps its height once the document has it.
        await s.type(cell, "\uE007");
        await s.waitFind('[data-testid="dirty-dot"]');
        const after = await geometry('[data-testid="cell-event"]');
        assert(
          after.scrollH <= after.clientH + 1 && after.h >= 3 * after.line,
          `the committed event does not show whole: ${JSON.stringify(after)}`,
        );
        await waitFor("the preview shows the event", async () =>
          (
            await s.property(
              await s.find('[data-testid="preview"]'),
              "textContent",
            )
          ).includes(EVENT.slice(0, 60)),
        );
        await screenshot(s, "layout-long-event");
      },
    );

    await check("layout: no time is clipped in the timeline", async () => {
      const n = (await s.findAll('[data-testid="cell-time"]')).length;
      for (let i = 0; i < n; i++) {
        const t = await geometry('[data-testid="cell-time"]', i);
        assert(
          t.scrollW <= t.clientW + 1,
          `time ${i + 1} is clipped: ${t.scrollW} px in ${t.clientW} px`,
        );
      }
    });

    await check(
      "layout: Save stays in view while the editors scroll",
      async () => {
        await s.execute(
          `const pane = document.querySelector('[data-testid="editor-scroll"]');
           pane.scrollTop = pane.scrollHeight;`,
        );
        const scrolled = await s.execute(
          `return document.querySelector('[data-testid="editor-scroll"]').scrollTop;`,
        );
        assert(scrolled > 0, "the editor pane scrolled");
        const save = await geometry('[data-testid="save"]');
        assert(
          save.y >= 0 && save.y + save.h <= h,
          `Save is out of view: ${JSON.stringify(save)}`,
        );
        const onTop = await s.execute(
          `const b = document.querySelector('[data-testid="save"]');
           const r = b.getBoundingClientRect();
           return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === b;`,
        );
        assert(onTop, "something covers Save");
        await screenshot(s, "layout-scrolled");
        await s.execute(
          `document.querySelector('[data-testid="editor-scroll"]').scrollTop = 0;`,
        );
      },
    );

    await check(
      "layout: collapsing the list and the preview widens the editor",
      async () => {
        const before = await geometry("#editor-pane");
        const cellBefore = await geometry('[data-testid="cell-event"]');
        // The toolbar's List toggle (the list's own « does the same).
        await s.click(await s.find('[data-testid="toggle-list"]'));
        await s.waitFind('[data-testid="show-list"]');
        await s.click(await s.find('[data-testid="toggle-preview"]'));
        await s.waitFind('[data-testid="show-preview"]');
        const after = await geometry("#editor-pane");
        const cellAfter = await geometry('[data-testid="cell-event"]');
        log(
          `editor ${before.w} → ${after.w} px, event ${cellBefore.w} → ${cellAfter.w} px`,
        );
        assert(
          after.w >= w - 80,
          `the editor is ${after.w} px wide with both side panes collapsed`,
        );
        assert(
          cellAfter.w > cellBefore.w + 100,
          `the event cell did not widen: ${cellBefore.w} → ${cellAfter.w} px`,
        );
        // The wider cell needs fewer lines for the same text, and still shows all of it.
        assert(
          cellAfter.h < cellBefore.h &&
            cellAfter.scrollH <= cellAfter.clientH + 1,
          `the event cell did not fit its text again: ${cellBefore.h} → ${cellAfter.h} px`,
        );
        await screenshot(s, "layout-collapsed");

        // Both come back from their rails.
        await s.click(await s.find('[data-testid="show-list"]'));
        await s.waitFind('[data-testid="list-pane"]');
        await s.click(await s.find('[data-testid="show-preview"]'));
        await s.waitFind('[data-testid="preview-pane"]');
        const back = await geometry("#editor-pane");
        assert(
          Math.abs(back.w - before.w) <= 2,
          `the editor is back at ${back.w} px, was ${before.w} px`,
        );
      },
    );

    await check(
      "layout: the focus mode shows the editor alone, the separator resizes by keys",
      async () => {
        await s.click(await s.find('[data-testid="focus-mode"]'));
        await waitFor("list and preview hidden", async () =>
          s.execute(
            `return !document.querySelector('[data-testid="list-pane"]') &&
                    !document.querySelector('[data-testid="preview-pane"]');`,
          ),
        );
        await screenshot(s, "layout-focus");
        await s.click(await s.find('[data-testid="focus-mode"]'));
        const sep = await s.waitFind('[data-testid="separator-preview"]');
        const start = Number(await s.attr(sep, "aria-valuenow"));
        // Left widens the preview (the separator is on its left).
        await s.type(sep, "\uE012");
        await waitFor(
          "the preview widened by one step",
          async () => Number(await s.attr(sep, "aria-valuenow")) === start + 16,
        );
        const pane = await geometry('[data-testid="preview-pane"]');
        assert(
          Math.abs(pane.w - (start + 16)) <= 1,
          `the preview is ${pane.w} px, its separator says ${start + 16}`,
        );
        await s.type(sep, "\uE014");
      },
    );

    await savePir(s);
  } finally {
    // Later scenarios start with the layout the app starts with.
    await s
      .execute(`localStorage.removeItem("pir-editor.layout");`)
      .catch(() => {});
    await s.end();
  }
}
