// The real site beside the repository (when present) lists both of its PIRs. Without it the
// check is recorded as skipped, with the reason, in the run's summary.

import {
  check,
  expectListed,
  openApp,
  screenshot,
  seedCopy,
} from "../harness.mjs";

const CHECK = "seed site: both of its PIRs are listed";

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver } = ctx;
  const seed = seedCopy("seed-site", [CHECK]);
  if (!seed) return;
  ctx.lastOpened = seed;
  const s = await openApp(driver, seed);
  try {
    await check(CHECK, async () => {
      await expectListed(s, seed, 2);
      await screenshot(s, "seed-site");
    });
  } finally {
    await s.end();
  }
}
