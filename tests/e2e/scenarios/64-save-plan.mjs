// Saves are honest: a save that changes more than the PIR shows every file first, and a file
// unticked is left byte for byte; an edit undone back to the saved text leaves no draft.

import fs from "node:fs";
import path from "node:path";
import {
  APP_ID,
  ROOT,
  assert,
  check,
  copySite,
  openApp,
  openPir,
  savedDrafts,
  screenshot,
  waitFor,
} from "../harness.mjs";

const PIR = "2026-01-02-disk-full.md";
const SITE = path.join(ROOT, "crates/pir-core/tests/fixtures/save-plan/site");

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, env } = ctx;
  const site = copySite(SITE, "save-plan-site");
  const file = path.join(site, "docs/incidents", PIR);
  const index = path.join(site, "docs/incidents/index.md");
  const indexBefore = fs.readFileSync(index);
  const draftsDir = path.join(env.XDG_DATA_HOME, APP_ID, "drafts");
  const s = await openApp(driver, site);
  ctx.lastOpened = site;
  try {
    await check(
      "save plan: an index change unticked leaves the index as it was",
      async () => {
        await openPir(s, PIR);
        const severity = await s.waitFind('[data-testid="meta-severity"]');
        await s.click(severity);
        // End, the 3 of SEV3 replaced by a 2, Enter to commit the field.
        await s.type(severity, "\uE010\uE0032\uE007");
        await s.waitFind('[data-testid="dirty-dot"]');
        await s.click(await s.find('[data-testid="save"]'));
        const dialog = await s.waitFind('[data-testid="save-plan"]');
        const text = await s.text(dialog);
        assert(text.includes("docs/incidents/index.md"), `the plan: ${text}`);
        await screenshot(s, "save-plan");
        await s.click(await s.waitFind('[data-testid="save-plan-tick"]'));
        await s.click(await s.find('[data-testid="save-plan-save"]'));
        await waitFor("saved", async () => {
          const n = await s.findAll('[data-testid="editor-notice"]');
          return n.length > 0 && (await s.text(n[0])).includes("Saved");
        });
        await screenshot(s, "save-plan-saved");
        assert(
          fs.readFileSync(file, "utf8").includes("**Severity:** SEV2"),
          "the PIR was saved",
        );
        assert(
          fs.readFileSync(index).equals(indexBefore),
          "the index page is byte-identical",
        );
      },
    );
    await check(
      "drafts: an edit undone back to the saved text leaves no draft",
      async () => {
        const cell = (await s.findAll('[data-testid="cell-event"]'))[0];
        await s.click(cell);
        await s.type(cell, "\uE010 (typed)\uE007");
        await waitFor(
          "a draft of the edit",
          () =>
            savedDrafts(draftsDir).some(([, d]) => d.text.includes("(typed)")),
          20000,
        );
        await s.click(await s.find('[data-testid="undo"]'));
        await waitFor(
          "no draft left",
          () =>
            !savedDrafts(draftsDir).some(([, d]) => d.text.includes("(typed)")),
          20000,
        );
      },
    );
  } finally {
    await s.end();
  }
}
