// A site with a template of its own (Summary, Trigger, Detection, Resolution, Timeline, "Where
// we got lucky"), metadata in front matter and a bullet-list timeline: the new-PIR wizard's
// steps are exactly that template's sections, in its order, and what is written in a section
// of the site's own and pasted into the Timeline step's grid ends up in the new file.

import fs from "node:fs";
import path from "node:path";
import {
  ROOT,
  assert,
  check,
  copySite,
  openApp,
  screenshot,
  textOf,
  typeInEditor,
  waitFor,
} from "../harness.mjs";

const FIXTURE = path.join(
  ROOT,
  "crates/pir-core/tests/fixtures/sites/front-matter-list",
);

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver } = ctx;
  const site = copySite(FIXTURE, "front-matter-list");
  const lucky = "The standby relay had been left running after a drill.";
  const s = await openApp(driver, site);
  try {
    await check(
      "own template: the wizard's steps are the site's template's sections",
      async () => {
        await s.click(await s.waitFind('[data-testid="new-pir"]'));
        await s.type(
          await s.waitFind('[data-testid="title"]'),
          "Mail relay outage",
        );
        const date = await s.find('[data-testid="date"]');
        await s.clear(date);
        await s.type(date, "2026-10-02");
        await waitFor("file name preview", async () =>
          (await textOf(s, '[data-testid="file-name"]')).includes(".md"),
        );
        // The site grades SEV-1 to SEV-4 and names SEV-3 most: a new PIR starts there.
        const severity = await s.attr(
          await s.find('[data-testid="severity"]'),
          "value",
        );
        assert(severity === "SEV-3", `severity starts at ${severity}`);
        await s.click(await s.find('[data-testid="next"]'));
        await waitFor(
          "the first section",
          async () =>
            (await textOf(s, '[data-testid="step-title"]')) === "Summary",
        );
        const labels = [];
        for (const el of await s.findAll('[data-testid="rail-item"] .label'))
          labels.push(await s.text(el));
        const want = [
          "Title, date, severity",
          "Summary",
          "Trigger",
          "Detection",
          "Resolution",
          "Timeline",
          "Where we got lucky",
        ];
        assert(
          JSON.stringify(labels) === JSON.stringify(want),
          `steps ${JSON.stringify(labels)}`,
        );
        await screenshot(s, "own-template-steps");
      },
    );

    await check(
      "own template: a section of the site's own and pasted timeline rows reach the file",
      async () => {
        const rail = await s.findAll('[data-testid="rail-item"] button');
        await s.click(rail[6]);
        await waitFor(
          "the lucky step",
          async () =>
            (await textOf(s, '[data-testid="step-title"]')) ===
            "Where we got lucky",
        );
        await typeInEditor(s, lucky);
        await s.click(rail[5]);
        await s.waitFind('[data-testid="timeline-grid"]');
        const before = (await s.findAll('[data-testid="timeline-row"]')).length;
        await s.type(
          await s.waitFind('[data-testid="paste-lines"]'),
          ["06:12 Relay stops accepting mail", "06:20 On-call paged"].join(
            "\uE007",
          ),
        );
        await s.click(await s.find('[data-testid="paste-add"]'));
        // The template's placeholder row goes by itself with the first pasted row.
        assert(before <= 1, `only the template's placeholder row: ${before}`);
        await waitFor(
          "the two pasted rows, the placeholder row gone",
          async () =>
            (await s.findAll('[data-testid="timeline-row"]')).length === 2,
        );
        await screenshot(s, "own-template-timeline");
        await s.click(await s.find('[data-testid="finish"]'));
        await waitFor("created", async () =>
          (await textOf(s, '[data-testid="notice"]')).includes("Created"),
        );
        const dir = path.join(site, "docs/postmortems");
        const created = fs
          .readdirSync(dir)
          .find((f) => f.includes("mail-relay-outage"));
        assert(created, `a new PIR in ${dir}: ${fs.readdirSync(dir)}`);
        const text = fs.readFileSync(path.join(dir, created), "utf8");
        assert(
          text.includes(`## Where we got lucky\n\n${lucky}`),
          `the section of the site's own holds the typed text:\n${text}`,
        );
        // The template's timeline is a bullet list holding a placeholder item: the pasted
        // rows follow it as items in the list's style, not as a table.
        for (const item of [
          "- 06:12 — Relay stops accepting mail",
          "- 06:20 — On-call paged",
        ])
          assert(
            text.split("\n").includes(item),
            `the file has the list item "${item}":\n${text}`,
          );
        assert(!text.includes("| Time"), `no table in the timeline:\n${text}`);
        assert(/^severity: SEV-3$/m.test(text), `severity SEV-3:\n${text}`);
      },
    );
  } finally {
    await s.end();
  }
}
