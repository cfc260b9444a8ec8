// Sites that cannot open show a plain message in the window, never a blank screen.

import fs from "node:fs";
import path from "node:path";
import {
  SAMPLE,
  assert,
  check,
  copySite,
  openApp,
  screenshot,
} from "../harness.mjs";

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, env, tmp } = ctx;
  const noConfig = path.join(tmp, "not-a-site");
  fs.mkdirSync(noConfig);
  const badYaml = copySite(SAMPLE, "bad-yaml");
  fs.writeFileSync(
    path.join(badYaml, "mkdocs.yml"),
    "site_name: Broken\nnav:\n  - Home: [index.md\n",
  );
  const latin1 = copySite(SAMPLE, "latin1");
  // "Café" in Latin-1: byte 0xe9 is not UTF-8.
  fs.writeFileSync(
    path.join(latin1, "mkdocs.yml"),
    Buffer.from("site_name: Caf\xe9\n", "latin1"),
  );
  for (const [name, site, kind, where] of [
    [
      "a folder without mkdocs.yml shows a clear message",
      noConfig,
      "config",
      null,
    ],
    [
      "a malformed mkdocs.yml shows the message with its line",
      badYaml,
      "config",
      "mkdocs.yml:4",
    ],
    [
      "a non-UTF-8 mkdocs.yml shows where the bad byte is",
      latin1,
      "not_utf8",
      "mkdocs.yml:1:15",
    ],
  ]) {
    const s = await openApp(driver, site);
    try {
      await check(name, async () => {
        const el = await s.waitFind(
          '[data-testid="site-error"] [data-testid="error"]',
        );
        assert((await s.attr(el, "data-kind")) === kind, `error kind ${kind}`);
        const text = await s.text(el);
        assert(text.trim().length > 0, "the message is not blank");
        if (where)
          assert(text.includes(where), `the location is shown: ${text}`);
        await screenshot(s, name.split(" ").slice(1, 4).join("-"));
      });
    } finally {
      await s.end();
    }
  }
}
