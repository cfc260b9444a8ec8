// The real site beside the repository (when present) lists both of its PIRs.

import fs from "node:fs";
import path from "node:path";
import {
  SEED,
  check,
  copySite,
  expectListed,
  log,
  openApp,
  screenshot,
} from "../harness.mjs";

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, env, tmp } = ctx;
  if (fs.existsSync(path.join(SEED, "mkdocs.yml"))) {
    const seed = copySite(SEED, "seed-site");
    ctx.lastOpened = seed;
    const s = await openApp(driver, seed);
    try {
      await check("seed site: both of its PIRs are listed", async () => {
        await expectListed(s, seed, 2);
        await screenshot(s, "seed-site");
      });
    } finally {
      await s.end();
    }
  } else {
    log("skipped: ../shared/fixtures/seed-site is absent");
  }
}
