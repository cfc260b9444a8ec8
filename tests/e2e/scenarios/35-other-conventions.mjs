// A site in other conventions than the sample's: INC-NNNN file names, metadata in a table
// under the title (Priority P1 / p3), and a timeline split into Date | Time | Event columns.
// The app lists the PIRs with the site's own severities, and an edit of a timeline row in
// the grid changes that row's event and nothing else of the file. The Site settings page
// shows what was learnt, with where from, and writes the site's .pir.toml as typed.

import fs from "node:fs";
import path from "node:path";
import {
  ROOT,
  assert,
  check,
  copySite,
  expectListed,
  openApp,
  openPir,
  savePir,
  screenshot,
  waitFor,
} from "../harness.mjs";

const FIXTURE = path.join(
  ROOT,
  "crates/pir-core/tests/fixtures/sites/inc-table",
);

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver } = ctx;
  const site = copySite(FIXTURE, "inc-table");
  const name = "INC-2041-card-auth-timeouts.md";
  const file = path.join(site, "docs/incidents", name);
  const before = fs.readFileSync(file, "utf8");
  const s = await openApp(driver, site);
  try {
    await check(
      "other conventions: the list shows each PIR with the site's severity",
      async () => {
        await expectListed(s, site, 2);
        const badges = [];
        for (const el of await s.findAll('[data-testid="pir-severity"]')) {
          badges.push(`${await s.text(el)}/${await s.attr(el, "data-band")}`);
        }
        badges.sort();
        // P1 is the most severe the site uses; "p3 (no customer impact)" is shown as p3.
        assert(
          JSON.stringify(badges) === JSON.stringify(["P1/0", "p3/2"]),
          `badges ${badges}`,
        );
        await screenshot(s, "other-conventions-list");
      },
    );

    await check(
      "other conventions: a split Date | Time timeline edits in the grid, one line changes",
      async () => {
        await openPir(s, name);
        await s.waitFind('[data-testid="timeline-grid"]');
        // Priority is this site's Severity and State its Status: no empty second field.
        assert(
          (await s.findAll('[data-testid="meta-priority"]')).length === 1 &&
            (await s.findAll('[data-testid="meta-severity"]')).length === 0,
          "the metadata shows Priority, not an empty Severity",
        );
        const rows = await s.findAll('[data-testid="timeline-row"]');
        const want = before
          .split("\n")
          .filter((l) => /^\| 2026-07-21 \|/.test(l)).length;
        assert(
          rows.length === want,
          `${rows.length} rows in the grid, ${want} in the file`,
        );
        const events = await s.findAll('[data-testid="cell-event"]');
        assert(
          (await s.property(events[1], "value")).startsWith("On-call paged"),
          "the second row's event is read from the Event column",
        );
        await s.click(events[1]);
        // Select the cell's text and type over it.
        await s.type(events[1], "\uE009a\uE000");
        await s.type(
          events[1],
          // Enter commits the cell (and moves to the next row), as a person would.
          "On-call engineer paged by the error-rate alert.\uE007",
        );
        await s.waitFind('[data-testid="dirty-dot"]');
        await screenshot(s, "other-conventions-edited");
        await savePir(s);
        const after = fs.readFileSync(file, "utf8");
        const a = before.split("\n");
        const b = after.split("\n");
        assert(a.length === b.length, `line count ${a.length} -> ${b.length}`);
        const changed = a.map((l, i) => [l, b[i]]).filter(([x, y]) => x !== y);
        assert(
          changed.length === 1,
          `one line changed, got ${JSON.stringify(changed)}`,
        );
        const [, line] = changed[0];
        assert(
          /^\| 2026-07-21 \| 09:10 \| On-call engineer paged by the error-rate alert\. *\|$/.test(
            line,
          ),
          `the row keeps its date and time columns: ${line}`,
        );
        await waitFor("the preview shows the new event", async () =>
          (
            await s.property(
              await s.find('[data-testid="preview"]'),
              "textContent",
            )
          ).includes("paged by the error-rate alert"),
        );
      },
    );

    await check(
      "site settings: the learnt profile with its origins; .pir.toml written as typed",
      async () => {
        const [w, h] = await s.resize(1024, 700);
        await s.click(await s.find('[data-testid="open-settings"]'));
        await s.waitFind('[data-testid="profile-table"]');
        const names = await s.text(await s.find('tr[data-key="file_names"]'));
        assert(
          names.includes("INC-{number}-{slug}.md") && names.includes("learnt"),
          `file_names row: ${names}`,
        );
        await s.waitFind('[data-testid="settings-new-file"]');
        await screenshot(s, `settings-learnt-${w}x${h}`);
        const area = await s.find('[data-testid="settings-text"]');
        await s.click(area);
        await s.type(area, "\uE009a\uE000");
        await s.type(area, '# ours\uE007branch = "fix/{slug}"\uE007');
        await s.click(await s.find('[data-testid="settings-save"]'));
        await waitFor(
          "the save to finish",
          async () =>
            (
              await s.findAll(
                '[data-testid="settings-saved"], [data-testid="error"]',
              )
            ).length > 0,
        );
        await screenshot(s, `settings-saved-${w}x${h}`);
        const refused = await s.findAll('[data-testid="error"]');
        assert(
          refused.length === 0,
          `saving failed: ${refused.length && (await s.text(refused[0]))}`,
        );
        const written = fs.readFileSync(path.join(site, ".pir.toml"), "utf8");
        assert(
          written === '# ours\nbranch = "fix/{slug}"\n',
          `.pir.toml as typed: ${JSON.stringify(written)}`,
        );
        await waitFor("the branch row follows the file", async () => {
          const row = await s.text(await s.find('tr[data-key="branch"]'));
          return row.includes("fix/{slug}") && row.includes(".pir.toml line 2");
        });
        await s.resize(1280, 820);
      },
    );
  } finally {
    await s.end();
  }
}
