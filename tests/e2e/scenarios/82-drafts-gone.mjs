// A draft of a PIR that is gone from disk: type into a timeline cell, wait for the autosave,
// kill -9 the app, delete the PIR file, start again: Restore writes the draft back as the file,
// lists it and opens it.

import fs from "node:fs";
import path from "node:path";
import {
  APP_ID,
  appPids,
  savedDrafts,
  SAMPLE,
  assert,
  check,
  copySite,
  openApp,
  openPir,
  screenshot,
  textOf,
  waitFor,
} from "../harness.mjs";

const PIR = "2026-03-14-payments-api-tls-certificate-expiry.md";
const CELL_TEXT = " (draft 4242, file deleted after)";

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, env } = ctx;
  const site = copySite(SAMPLE, "gone-site");
  const file = path.join(site, "docs/incidents", PIR);
  const draftsDir = path.join(env.XDG_DATA_HOME, APP_ID, "drafts");
  let draftText = null;

  const first = await openApp(driver, site);
  ctx.lastOpened = site;
  try {
    await check(
      "drafts: an edit is autosaved, then the app is killed",
      async () => {
        await openPir(first, PIR);
        const cell = await first.waitFind('[data-testid="cell-event"]');
        await first.click(cell);
        await first.type(cell, `\uE010${CELL_TEXT}\uE007`);
        await first.waitFind('[data-testid="dirty-dot"]');
        draftText = await waitFor(
          "the draft",
          () =>
            savedDrafts(draftsDir)
              .map(([, d]) => d.text)
              .find((t) => t.includes(CELL_TEXT)),
          20000,
        );
        for (const pid of appPids()) process.kill(pid, "SIGKILL");
        await waitFor("the app gone", () => appPids().length === 0, 10000);
      },
    );
  } finally {
    await first.end();
  }
  if (draftText === null) return;
  fs.rmSync(file);

  const s = await openApp(driver, site);
  try {
    await check(
      "drafts: the draft of a deleted PIR is written back as its file on Restore",
      async () => {
        const dialog = await s.waitFind('[data-testid="drafts-dialog"]');
        const listed = await s.text(dialog);
        assert(
          listed.includes(PIR) && listed.includes("file not on disk"),
          `the draft is offered as one whose file is gone: ${listed}`,
        );
        await s.click(await s.find('[data-testid="draft-restore"]'));
        await waitFor("the PIR open", async () =>
          (await textOf(s, '[data-testid="editor-title"]')).includes(PIR),
        );
        assert(
          fs.readFileSync(file, "utf8") === draftText,
          "the file holds exactly the draft's text",
        );
        const notice = await textOf(s, '[data-testid="notice"]');
        assert(notice.includes("written back"), `the notice: ${notice}`);
        await waitFor(
          "the PIR listed again",
          async () =>
            (await s.findAll(`[data-testid="pir-item"][data-file="${PIR}"]`))
              .length === 1,
        );
        const cell = await s.waitFind('[data-testid="cell-event"]');
        const value = await s.property(cell, "value");
        assert(value.endsWith(CELL_TEXT), `the cell: ${value}`);
        await screenshot(s, "drafts-written-back");
      },
    );
  } finally {
    await s.end();
  }
}
