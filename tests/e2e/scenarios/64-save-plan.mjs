// Saves are honest: a save that changes more than the PIR shows every file first, and a file
// unticked is left byte for byte; an edit undone back to the saved text leaves no draft; a
// file changed on disk under an edit is merged, the author choosing only where both changed.

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
    await check(
      "conflict: a file changed on disk is merged, asking only where both changed",
      async () => {
        // The first row: Enter on the last one would add a row.
        const cells = await s.findAll('[data-testid="cell-event"]');
        await s.click(cells[0]);
        await s.type(cells[0], "\uE010 (mine)\uE007");
        await s.waitFind('[data-testid="dirty-dot"]');
        // Meanwhile someone else changes the same row and, apart from it, the summary.
        const disk = fs
          .readFileSync(file, "utf8")
          .replace("| 08:00 | Alert. |", "| 08:00 | Disk alert. |")
          .replace("for a while.", "for forty minutes.");
        fs.writeFileSync(file, disk);
        await s.click(await s.find('[data-testid="save"]'));
        // The index page left out before may be offered again: it stays left out.
        const shown = async (css) => (await s.findAll(css)).length > 0;
        await waitFor(
          "the conflict or the save plan",
          async () =>
            (await shown('[data-testid="conflict-dialog"]')) ||
            (await shown('[data-testid="save-plan"]')),
        );
        if (await shown('[data-testid="save-plan"]')) {
          await s.click(await s.waitFind('[data-testid="save-plan-tick"]'));
          await s.click(await s.find('[data-testid="save-plan-save"]'));
        }
        const dialog = await s.waitFind('[data-testid="conflict-dialog"]');
        const hunks = await s.findAll('[data-testid="conflict-hunk"]');
        assert(
          hunks.length === 1,
          `one overlapping change, got ${hunks.length}`,
        );
        const hunk = await s.text(hunks[0]);
        assert(
          hunk.includes("Disk alert.") && hunk.includes("Alert. (mine)"),
          `the hunk shows both sides: ${hunk}`,
        );
        const combined = await s.findAll(
          '[data-testid="conflict-combined-change"]',
        );
        assert(
          combined.length === 1,
          `one change of theirs merged as is: ${combined.length}`,
        );
        assert(
          (await s.attr(combined[0], "data-side")) === "theirs",
          "the summary change is the file's",
        );
        await screenshot(s, "save-conflict");
        assert(
          (await s.text(dialog)).includes("changed on disk"),
          "the dialog says what happened",
        );
        await s.click(await s.find('[data-testid="conflict-merge"]'));
        await waitFor(
          "the dialog closed",
          async () => !(await shown('[data-testid="conflict-dialog"]')),
        );
        await s.waitFind('[data-testid="dirty-dot"]');
        // Merged but not saved: the file is still theirs until Save.
        assert(
          fs.readFileSync(file, "utf8") === disk,
          "merging writes nothing",
        );
        await s.click(await s.find('[data-testid="save"]'));
        await waitFor("the merge saved", async () => {
          if (await shown('[data-testid="save-plan"]')) {
            await s.click(await s.find('[data-testid="save-plan-tick"]'));
            await s.click(await s.find('[data-testid="save-plan-save"]'));
          }
          return fs.readFileSync(file, "utf8").includes("Alert. (mine)");
        });
        const saved = fs.readFileSync(file, "utf8");
        assert(
          saved.includes("| 08:00 | Alert. (mine) |"),
          `my side of the row: ${saved}`,
        );
        assert(
          saved.includes("for forty minutes."),
          `their summary kept: ${saved}`,
        );
        assert(
          !saved.includes("Disk alert."),
          `their side of the row gone: ${saved}`,
        );
        await screenshot(s, "save-conflict-merged");
      },
    );
  } finally {
    await s.end();
  }
}
