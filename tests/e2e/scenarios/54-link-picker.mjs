// A link inserted through the editor's picker: Ctrl+K in a section's markdown opens a search
// over the site's pages and headings, Enter inserts the heading's link at the cursor, the
// preview shows it, and following it opens the runbook at that heading inside the app.

import fs from "node:fs";
import path from "node:path";
import {
  ROOT,
  assert,
  check,
  copySite,
  openApp,
  openPir,
  savePir,
  screenshot,
  sectionEditor,
  waitFor,
} from "../harness.mjs";

const FIXTURE = path.join(
  ROOT,
  "crates/pir-core/tests/fixtures/link-targets-site",
);
const PIR = "2026-02-01-db-failover.md";
const LINK = "../runbooks/dns.md#restart-the-resolver";

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const site = copySite(FIXTURE, "link-picker-site");
  const file = path.join(site, "docs/incidents", PIR);
  const s = await openApp(ctx.driver, site);
  ctx.lastOpened = site;
  try {
    const [w, h] = await s.resize(1024, 700);
    await check(
      "link picker: Ctrl+K, a search, Enter inserts the heading's link",
      async () => {
        await openPir(s, PIR);
        const cm = await sectionEditor(s, "Summary");
        await s.click(cm);
        // Ctrl+End, then a sentence to link from.
        await s.type(cm, "\uE009\uE010\uE000");
        await s.type(cm, " See ");
        await s.type(cm, "\uE009k\uE000");
        const search = await s.waitFind('[data-testid="link-search"]');
        await s.type(search, "restart");
        await waitFor("the runbook's heading offered first", async () => {
          const first = await s.execute(
            "return document.querySelector('[data-testid=\"link-hit\"]')?.dataset.link ?? null;",
          );
          return first === LINK;
        });
        await screenshot(s, `link-picker-${w}x${h}`);
        await s.type(search, "\uE007");
        await waitFor("the picker closed", async () =>
          s.execute(
            "return document.querySelector('[data-testid=\"link-picker\"]') === null;",
          ),
        );
        const link = await s.waitFind(
          `[data-testid="preview"] a[href="${LINK}"]`,
        );
        assert(
          (await s.text(link)) === "Restart the resolver",
          `the link's text: ${await s.text(link)}`,
        );
        await screenshot(s, `link-picker-inserted-${w}x${h}`);
        await savePir(s);
        const saved = fs.readFileSync(file, "utf8");
        assert(
          saved.includes(`See [Restart the resolver](${LINK})`),
          `the link written after the text: ${saved}`,
        );
      },
    );

    await check(
      "link picker: the inserted link opens the runbook in the app",
      async () => {
        const start = await s.execute("return location.href;");
        await s.click(
          await s.waitFind(`[data-testid="preview"] a[href="${LINK}"]`),
        );
        const page = await s.waitFind('[data-testid="site-page"]');
        assert(
          (await s.attr(page, "data-path")).endsWith("docs/runbooks/dns.md"),
          "the runbook is shown",
        );
        await waitFor("the runbook's text", async () =>
          (await s.text(page)).includes("systemctl restart unbound"),
        );
        assert(
          (await s.execute("return location.href;")) === start,
          "the window did not navigate",
        );
        await screenshot(s, `link-picker-followed-${w}x${h}`);
      },
    );
  } finally {
    await s.end();
  }
}
