// Site problems above the list, and a key-event marker set from the menu and written by
// pir-core into one line of the file.

import fs from "node:fs";
import path from "node:path";
import {
  SAMPLE,
  assert,
  check,
  copySite,
  openApp,
  screenshot,
  textOf,
  waitFor,
  savePir,
  openPir,
} from "../harness.mjs";

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver } = ctx;
  const site = copySite(SAMPLE, "app-site");
  // A nav entry to a page that is not there: a problem of the site, not of one PIR.
  const config = path.join(site, "mkdocs.yml");
  fs.writeFileSync(
    config,
    fs
      .readFileSync(config, "utf8")
      .replace(
        "  - Incidents:\n",
        "  - Incidents:\n      - 2026-01-01 Gone: incidents/2026-01-01-gone.md\n",
      ),
  );
  const name = "2026-05-02-internal-dns-resolver-outage.md";
  const file = path.join(site, "docs/incidents", name);
  const before = fs.readFileSync(file, "utf8");
  const s = await openApp(driver, site);
  try {
    await check("app: site problems are listed above the PIRs", async () => {
      const panel = await s.waitFind('[data-testid="site-problems"]');
      assert(
        (await s.text(panel)).includes("Site problems (1)"),
        `panel: ${await s.text(panel)}`,
      );
      await s.click(await s.find('[data-testid="site-problems"] summary'));
      const item = await textOf(s, '[data-testid="site-problem"]');
      assert(item.includes("2026-01-01-gone.md"), `problem: ${item}`);
      assert(item.includes("mkdocs.yml"), `problem names its file: ${item}`);
      await screenshot(s, "site-problems");
    });

    await check(
      "app: a key event set from the menu changes one line",
      async () => {
        await openPir(s, name);
        await s.waitFind('[data-testid="cell-event"]');
        await s.click(
          await s.find('[data-testid="cell-kind"] option[value="decision"]'),
        );
        await waitFor("the kind in the menu", async () => {
          const k = (await s.findAll('[data-testid="cell-kind"]'))[0];
          return (await s.property(k, "value")) === "decision";
        });
        // The marker is the menu's: the cell keeps showing the text after it.
        const c = (await s.findAll('[data-testid="cell-event"]'))[0];
        const event = await s.property(c, "value");
        assert(
          event === "Configuration push adds a forwarder to both resolvers",
          `event: ${event}`,
        );
        await waitFor("the preview", async () =>
          (await textOf(s, '[data-testid="preview"]')).includes(
            "DECISION: Configuration push",
          ),
        );
        await screenshot(s, "key-event-set");
        await savePir(s);
        const a = before.split("\n");
        const b = fs.readFileSync(file, "utf8").split("\n");
        assert(a.length === b.length, "same line count");
        const changed = a
          .map((l, i) => (l === b[i] ? null : i))
          .filter((i) => i !== null);
        assert(changed.length === 1, `one line changed: ${changed}`);
        const [old, now] = [a[changed[0]], b[changed[0]]];
        assert(
          old.includes(
            "| Configuration push adds a forwarder to both resolvers ",
          ),
          `the row edited: ${old}`,
        );
        // The padded table keeps its column width.
        assert(
          now ===
            old.replace(
              "| Configuration push adds a forwarder to both resolvers" +
                " ".repeat(14),
              "| **DECISION**: Configuration push adds a forwarder to both resolvers",
            ),
          `the new line: ${now}`,
        );
      },
    );
  } finally {
    await s.end();
  }
}
