// Without a folder, the app reopens the last site that opened.

import {
  assert,
  check,
  openApp,
  screenshot,
  textOf,
  waitFor,
} from "../harness.mjs";

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, env, tmp } = ctx;
  // Failed opens are not remembered, so this is the last scenario's site that opened.
  const last = ctx.lastOpened;
  const sample = ctx.sites.sample;
  const s = await openApp(driver, null);
  try {
    await check(
      "without a folder the last site opened is reopened",
      async () => {
        let root = null;
        await waitFor(`the last site ${last}`, async () => {
          const el = await s.waitFind('[data-testid="site-root"]');
          root = await s.property(el, "textContent");
          return root === last;
        }).catch((e) => {
          throw new Error(`${e.message}; the app shows ${root}`);
        });
        await screenshot(s, "last-site");
        const recent = await textOf(s, '[data-testid="recent-sites"]');
        assert(
          recent.includes(sample),
          `the recent list offers ${sample}: ${recent}`,
        );
      },
    );
  } finally {
    await s.end();
  }
}
