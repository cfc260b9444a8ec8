// Saving into a folder that cannot be written shows why in the window and writes nothing.

import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import {
  SAMPLE,
  assert,
  check,
  copySite,
  immutable,
  log,
  openApp,
  pirFiles,
  screenshot,
  waitFor,
  wizardNext,
} from "../harness.mjs";

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, env, tmp } = ctx;
  // A folder that cannot be written (immutable, so even root cannot write in it): saving a new
  // PIR shows why in the window, and writes nothing.
  const readOnly = copySite(SAMPLE, "read-only");
  const roIncidents = path.join(readOnly, "docs/incidents");
  let frozen = false;
  try {
    execFileSync("chattr", ["+i", roIncidents], { stdio: "ignore" });
    immutable.push(roIncidents);
    frozen = true;
  } catch {
    log("skipped the read-only check: chattr +i is not available here");
  }
  if (frozen) {
    ctx.lastOpened = readOnly;
    const mkdocsBefore = fs.readFileSync(
      path.join(readOnly, "mkdocs.yml"),
      "utf8",
    );
    const s = await openApp(driver, readOnly);
    try {
      await check(
        "saving into a read-only folder shows why and writes nothing",
        async () => {
          await s.click(await s.waitFind('[data-testid="new-pir"]'));
          await s.type(
            await s.waitFind('[data-testid="title"]'),
            "Queue stall",
          );
          const next = await s.find('[data-testid="next"]');
          await waitFor(
            "the file name",
            async () => (await s.property(next, "disabled")) === false,
          );
          await wizardNext(s);
          await s.click(await s.find('[data-testid="finish"]'));
          const el = await s.waitFind(
            '[data-testid="wizard"] [data-testid="error"]',
          );
          assert((await s.attr(el, "data-kind")) === "io", "an io error");
          const text = await s.text(el);
          assert(
            text.includes("read-only"),
            `the hint names the likely cause: ${text}`,
          );
          assert(pirFiles(readOnly).length === 3, "no PIR file was written");
          const mkdocsAfter = fs.readFileSync(
            path.join(readOnly, "mkdocs.yml"),
            "utf8",
          );
          assert(mkdocsAfter === mkdocsBefore, "mkdocs.yml is unchanged");
          await screenshot(s, "read-only");
        },
      );
    } finally {
      await s.end();
    }
  }
}
