// The editor: paste timeline rows, move one, see them in the preview, save, and check on disk
// that only the intended lines changed.

import fs from "node:fs";
import path from "node:path";
import {
  SAMPLE,
  assert,
  check,
  copySite,
  expectListed,
  openApp,
  screenshot,
  waitFor,
  savePir,
  openPir,
} from "../harness.mjs";

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, env, tmp } = ctx;
  // The editor: paste timeline rows, move one, see them in the preview, save, and check on
  // disk that only the intended lines changed.
  const edSite = copySite(SAMPLE, "editor-site");
  const dnsName = "2026-05-02-internal-dns-resolver-outage.md";
  const dnsFile = path.join(edSite, "docs/incidents", dnsName);
  const dnsBefore = fs.readFileSync(dnsFile, "utf8");
  const pasted = [
    "09:20 alice: resolver pods restarting one by one",
    "09:25 bob: forwarder rolled back on the first resolver",
    "09:30 carol: cache hit rate back above ninety percent",
  ];
  const s = await openApp(driver, edSite);
  try {
    await check(
      "editor: the list shows each PIR's severity and metadata",
      async () => {
        await expectListed(s, edSite, 3);
        const sev = await s.findAll('[data-testid="pir-severity"]');
        assert(sev.length === 3, `three severities shown, got ${sev.length}`);
        await screenshot(s, "editor-list");
      },
    );

    await check(
      "editor: paste three timeline lines, move one, preview shows them",
      async () => {
        await openPir(s, dnsName);
        await s.waitFind('[data-testid="timeline-grid"]');
        const before = (await s.findAll('[data-testid="timeline-row"]')).length;
        await screenshot(s, "editor-open");
        await s.type(
          await s.find('[data-testid="paste-lines"]'),
          // WebDriver types a new line as the Enter key.
          pasted.join("\uE007"),
        );
        await s.click(await s.find('[data-testid="paste-add"]'));
        await waitFor(
          "three more rows",
          async () =>
            (await s.findAll('[data-testid="timeline-row"]')).length ===
            before + 3,
        );
        await screenshot(s, "editor-pasted");
        // The rows went after the first row: move the first pasted one (row 2) down one.
        await s.click((await s.findAll('[data-testid="cell-time"]'))[1]);
        await s.click(await s.find('[data-testid="row-down"]'));
        await waitFor("the row moved", async () => {
          const events = await s.findAll('[data-testid="cell-event"]');
          return (await s.property(events[2], "value")).startsWith("alice:");
        });
        await waitFor("the preview shows the pasted rows", async () => {
          const html = await s.property(
            await s.find('[data-testid="preview"]'),
            "textContent",
          );
          return pasted.every((l) => html.includes(l.slice(6)));
        });
        await s.waitFind('[data-testid="dirty-dot"]');
        await screenshot(s, "editor-moved");
      },
    );

    await check(
      "editor: save writes the rows and changes no other line",
      async () => {
        await savePir(s);
        await screenshot(s, "editor-saved");
        const after = fs.readFileSync(dnsFile, "utf8");
        const lines = after.split("\n");
        const added = lines.filter((l) =>
          pasted.some((p) => l.includes(p.slice(6))),
        );
        assert(
          added.length === 3,
          `three rows in the file: ${added.join("\n")}`,
        );
        // The moved row is second of the three.
        assert(
          added[1].includes("alice:"),
          `order after the move: ${added.join("\n")}`,
        );
        assert(
          added[0].includes("bob:"),
          `order after the move: ${added.join("\n")}`,
        );
        const rest = lines.filter((l) => !added.includes(l)).join("\n");
        assert(rest === dnsBefore, "every other line is byte-identical");
      },
    );
  } finally {
    await s.end();
  }
}
