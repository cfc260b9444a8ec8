// Drafts that survive anything: type into a section and a timeline cell, wait for the
// autosave, kill -9 the app, start it again, restore the draft and save it: every typed
// character reaches the file. Then a drafts folder that cannot be written shows a warning
// and the edit stays in the editor.

import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import {
  APP_ID,
  BIN,
  appPids,
  savedDrafts,
  SAMPLE,
  assert,
  check,
  copySite,
  immutable,
  log,
  openApp,
  screenshot,
  sectionEditor,
  textOf,
  waitFor,
  savePir,
  waitSaved,
  openPir,
} from "../harness.mjs";

const PIR = "2026-05-02-internal-dns-resolver-outage.md";
// Distinctive, and free of characters markdown or the table would escape (`|`, `*`, `_`).
const SECTION_TEXT =
  "Draft kept through kill -9: cache 4711 flushed at 09:47, twice.";
const CELL_TEXT = " and on-call paged (draft 0815)";

/** The first timeline row's event cell. */
function firstEventCell(s) {
  return s.waitFind('[data-testid="cell-event"]');
}

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, env } = ctx;
  const site = copySite(SAMPLE, "drafts-site");
  const file = path.join(site, "docs/incidents", PIR);
  const draftsDir = path.join(env.XDG_DATA_HOME, APP_ID, "drafts");
  const before = fs.readFileSync(file, "utf8");
  let cellBefore = "";
  let draftText = null;

  const first = await openApp(driver, site);
  ctx.lastOpened = site;
  try {
    await check("drafts: typing is autosaved as a draft", async () => {
      await openPir(first, PIR);
      await first.waitFind('[data-testid="timeline-grid"]');
      const cm = await sectionEditor(first, "Executive Summary");
      await first.click(cm);
      // Ctrl+End, then a new line and the text.
      await first.type(cm, "\uE009\uE010\uE000");
      await first.type(cm, `\uE007${SECTION_TEXT}`);
      const cell = await firstEventCell(first);
      cellBefore = await first.property(cell, "value");
      await first.click(cell);
      // End, the words, Enter to commit the cell.
      await first.type(cell, `\uE010${CELL_TEXT}\uE007`);
      await first.waitFind('[data-testid="dirty-dot"]');
      const [, draft] = await waitFor(
        "a draft holding both edits",
        () =>
          savedDrafts(draftsDir).find(
            ([, d]) =>
              d.text.includes(SECTION_TEXT) &&
              d.text.includes(`${cellBefore}${CELL_TEXT}`),
          ),
        20000,
      );
      draftText = draft.text;
      assert(
        fs.readFileSync(file, "utf8") === before,
        "the PIR file is unchanged: only the draft was written",
      );
      await screenshot(first, "drafts-typed");
    });

    await check("drafts: kill -9 leaves no app process", async () => {
      const pids = appPids();
      assert(pids.length > 0, `the app runs (${BIN})`);
      for (const pid of pids) process.kill(pid, "SIGKILL");
      await waitFor("the app gone", () => appPids().length === 0, 10000);
    });
  } finally {
    // The window is gone: ending its WebDriver session may fail, which is expected.
    await first.end();
  }
  if (draftText === null) return;

  const s = await openApp(driver, site);
  try {
    await check(
      "drafts: the next start offers the draft; Restore puts every character back",
      async () => {
        const dialog = await s.waitFind('[data-testid="drafts-dialog"]');
        const listed = await s.text(dialog);
        assert(
          listed.includes(PIR),
          `the draft of ${PIR} is offered: ${listed}`,
        );
        await screenshot(s, "drafts-found");
        // Compare first: the diff from the file to the draft holds the typed section line.
        await s.click(await s.find('[data-testid="draft-compare"]'));
        await waitFor("the diff", async () => {
          const added = await s.findAll(
            '[data-testid="drafts-dialog"] [data-change="added"]',
          );
          for (const el of added)
            if ((await s.text(el)).includes(SECTION_TEXT)) return true;
          return false;
        });
        await s.click(await s.find('[data-testid="draft-restore"]'));
        await waitFor("the PIR open", async () =>
          (await textOf(s, '[data-testid="editor-title"]')).includes(PIR),
        );
        await s.waitFind('[data-testid="dirty-dot"]');
        const cell = await firstEventCell(s);
        const value = await s.property(cell, "value");
        assert(
          value === `${cellBefore}${CELL_TEXT}`,
          `the timeline cell after restore: ${value}`,
        );
        const cm = await sectionEditor(s, "Executive Summary");
        const section = await s.property(cm, "textContent");
        assert(
          section.includes(SECTION_TEXT),
          `the section after restore: ${section}`,
        );
        assert(
          fs.readFileSync(file, "utf8") === before,
          "restoring writes nothing to the file",
        );
        await screenshot(s, "drafts-restored");

        // Ctrl+S saves: the file holds exactly the draft, and the draft is gone.
        await s.click(cm);
        await s.type(cm, "\uE009s\uE000");
        await waitSaved(s);
        const after = fs.readFileSync(file, "utf8");
        assert(after === draftText, "the file holds exactly the draft's text");
        await waitFor(
          "no draft left",
          () => savedDrafts(draftsDir).length === 0,
          10000,
        );
      },
    );

    await check(
      "drafts: a drafts folder that cannot be written warns and keeps the edit",
      async () => {
        try {
          execFileSync("chattr", ["+i", draftsDir], { stdio: "ignore" });
        } catch {
          log("skipped: chattr +i is not available here");
          return;
        }
        immutable.push(draftsDir);
        const cell = await firstEventCell(s);
        const old = await s.property(cell, "value");
        await s.click(cell);
        await s.type(cell, "\uE010 (not backed up)\uE007");
        const warning = await s.waitFind('[data-testid="draft-warning"]');
        const text = await s.text(warning);
        assert(
          text.includes("Drafts cannot be saved") &&
            text.includes("not permitted"),
          `the warning says why: ${text}`,
        );
        const now = await s.property(await firstEventCell(s), "value");
        assert(now === `${old} (not backed up)`, `the edit stays: ${now}`);
        await s.waitFind('[data-testid="dirty-dot"]');
        assert(savedDrafts(draftsDir).length === 0, "no draft was written");
        await screenshot(s, "drafts-warning");

        // Writable again: the next autosave works and the warning goes away.
        execFileSync("chattr", ["-i", draftsDir]);
        immutable.splice(immutable.indexOf(draftsDir), 1);
        const again = await firstEventCell(s);
        await s.click(again);
        await s.type(again, "\uE010 then backed up\uE007");
        await waitFor(
          "the warning gone",
          async () =>
            (await s.findAll('[data-testid="draft-warning"]')).length === 0,
        );
        await waitFor(
          "the draft written",
          () =>
            savedDrafts(draftsDir).some(([, d]) =>
              d.text.includes("(not backed up) then backed up"),
            ),
          10000,
        );
        // Saved, so the next scenarios start with no draft to offer and nothing unsaved.
        await savePir(s);
        await waitFor(
          "no draft left",
          () => savedDrafts(draftsDir).length === 0,
          10000,
        );
      },
    );
  } finally {
    await s.end();
  }
}
