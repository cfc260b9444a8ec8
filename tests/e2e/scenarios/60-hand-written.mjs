// A hand-written PIR: change one cell, save, and only that line changes.

import fs from "node:fs";
import path from "node:path";
import {
  SAMPLE,
  SEED,
  assert,
  check,
  copySite,
  openApp,
  pirFiles,
  screenshot,
  waitFor,
  savePir,
  openPir,
} from "../harness.mjs";

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, env, tmp } = ctx;
  // A hand-written PIR: change one cell, save, and only that line changes.
  const handSrc = fs.existsSync(path.join(SEED, "mkdocs.yml")) ? SEED : SAMPLE;
  const hand = copySite(handSrc, "hand-written");
  const handName = pirFiles(hand)[0];
  const handFile = path.join(hand, "docs/incidents", handName);
  const handBefore = fs.readFileSync(handFile, "utf8");
  const s = await openApp(driver, hand);
  try {
    await check(
      "editor: one cell changed in a hand-written PIR changes one line",
      async () => {
        await openPir(s, handName);
        const cell = await s.waitFind('[data-testid="cell-event"]');
        const old = await s.property(cell, "value");
        await s.click(cell);
        // End, then the added words, then Enter to commit.
        await s.type(cell, "\uE010 (checked)\uE007");
        await waitFor("the cell committed", async () => {
          const c = (await s.findAll('[data-testid="cell-event"]'))[0];
          return (await s.property(c, "value")) === `${old} (checked)`;
        });
        await s.waitFind('[data-testid="dirty-dot"]');
        await screenshot(s, "hand-edited");
        await savePir(s);
        await screenshot(s, "hand-saved");
        const a = handBefore.split("\n");
        const b = fs.readFileSync(handFile, "utf8").split("\n");
        assert(
          a.length === b.length,
          `same line count: ${a.length} vs ${b.length}`,
        );
        const changed = a
          .map((l, i) => (l === b[i] ? null : i))
          .filter((i) => i !== null);
        assert(
          changed.length === 1,
          `one line changed, got ${changed.length}: ${changed}`,
        );
        assert(
          b[changed[0]].includes("(checked)"),
          `the changed line: ${b[changed[0]]}`,
        );
      },
    );
  } finally {
    await s.end();
  }
}
