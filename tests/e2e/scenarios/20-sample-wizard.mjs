// The sample site: its list, the window's capability, the new-PIR wizard from title to files on
// disk, and the commit panel showing the new PIR.

import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import {
  SAMPLE,
  assert,
  check,
  copySite,
  expectListed,
  listedFiles,
  openApp,
  screenshot,
  textOf,
  typeInEditor,
  waitFor,
} from "../harness.mjs";

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, env, tmp } = ctx;
  const sample = copySite(SAMPLE, "sample-site");
  ctx.sites.sample = sample;
  ctx.lastOpened = sample;
  // A repository with everything committed, so the commit panel shows the new PIR's changes.
  const gitId = [
    "-c",
    "user.name=E2E Author",
    "-c",
    "user.email=e2e@example.test",
  ];
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: sample });
  execFileSync("git", ["add", "-A"], { cwd: sample });
  execFileSync("git", [...gitId, "commit", "-q", "-m", "start"], {
    cwd: sample,
  });
  const title = "Checkout latency spike after cache eviction storm";
  const date = "2026-08-03";
  const expectedName = `${date}-checkout-latency-spike-cache-eviction-storm.md`;
  const summary =
    "Checkout requests slowed for forty minutes while the cache refilled.";
  const impact =
    "About a third of checkout attempts took longer than ten seconds.";
  const timelineLines = [
    "10:02 Cache hit rate drops to 12%",
    "10:42 Checkout p99 back under 1s",
  ];

  const s = await openApp(driver, sample);
  try {
    await check(
      "sample site: the PIR list shows the 3 sample PIRs",
      async () => {
        await expectListed(s, sample, 3);
        const name = await textOf(s, '[data-testid="site-name"]');
        assert(name.trim().length > 0, "the site name is shown");
        await screenshot(s, "sample-site");
      },
    );

    await check(
      "the window cannot call what its capability does not grant",
      async () => {
        for (const cmd of ["plugin:dialog|save", "plugin:fs|read_file"]) {
          const outcome = await s.executeAsync(
            `const done = arguments[arguments.length - 1];
           window.__TAURI_INTERNALS__.invoke(${JSON.stringify(cmd)}, { options: {}, path: "/etc/hostname" })
             .then(() => done("allowed"), (e) => done("denied: " + e));`,
          );
          assert(
            outcome.startsWith("denied") && outcome.includes("not allowed"),
            `${cmd}: ${outcome}`,
          );
        }
      },
    );

    await check("wizard: file name preview and refusal reasons", async () => {
      await s.click(await s.waitFind('[data-testid="new-pir"]'));
      const titleEl = await s.waitFind('[data-testid="title"]');
      await s.type(titleEl, "!!! ???");
      const err = await s.waitFind(
        '[data-testid="file-name-error"] [data-testid="error"]',
      );
      assert(
        (await s.attr(err, "data-kind")) === "invalid_input" &&
          (await textOf(s, '[data-testid="file-name-error"]')).includes(
            "no letters or digits",
          ),
        "a title without a letter or digit is refused",
      );
      await screenshot(s, "wizard-refusal");
      await s.clear(titleEl);
      await s.type(titleEl, title);
      const dateEl = await s.find('[data-testid="date"]');
      await s.clear(dateEl);
      await s.type(dateEl, date);
      const sev = await s.find('[data-testid="severity"]');
      await s.clear(sev);
      await s.type(sev, "High");
      await s.type(await s.find('[data-testid="tags"]'), "checkout, cache");
      await waitFor("file name preview", async () =>
        (await textOf(s, '[data-testid="file-name"]')).includes(expectedName),
      );
      await screenshot(s, "wizard-basics");
    });

    await check(
      "wizard: steps through the template's sections, typing into two and pasting timeline rows",
      async () => {
        await s.click(await s.find('[data-testid="next"]'));
        // The sample site keeps its metadata in `**Key:**` lines: a step of its own.
        await waitFor(
          "metadata step",
          async () =>
            (await textOf(s, '[data-testid="step-title"]')) === "Metadata",
        );
        await s.click(await s.find('[data-testid="next"]'));
        await waitFor(
          "summary step",
          async () =>
            (await textOf(s, '[data-testid="step-title"]')) ===
            "Executive Summary",
        );
        const guidance = await textOf(s, '[data-testid="guidance"]');
        assert(
          guidance.includes("Why"),
          `the guide is shown beside the editor: ${guidance}`,
        );
        await typeInEditor(s, summary);
        await waitFor("summary marked filled", async () => {
          const rail = await s.findAll('[data-testid="rail-item"]');
          // Rail: basics, metadata, executive summary, ...
          return (await s.attr(rail[2], "data-state")) === "filled";
        });
        await screenshot(s, "wizard-summary");
        await s.click(await s.find('[data-testid="skip"]'));
        await waitFor("timeline step", async () =>
          (await textOf(s, '[data-testid="step-title"]')).startsWith(
            "Timeline",
          ),
        );
        // The timeline step is the editor's grid: pasted lines become rows.
        const before = (await s.findAll('[data-testid="timeline-row"]')).length;
        await s.type(
          await s.waitFind('[data-testid="paste-lines"]'),
          // WebDriver types a new line as the Enter key.
          timelineLines.join("\uE007"),
        );
        await s.click(await s.find('[data-testid="paste-add"]'));
        // The template's placeholder row goes by itself with the first pasted row.
        assert(before <= 1, `only the template's placeholder row: ${before}`);
        await waitFor(
          "the two pasted rows, the placeholder row gone",
          async () =>
            (await s.findAll('[data-testid="timeline-row"]')).length === 2,
        );
        await screenshot(s, "wizard-timeline");
        for (const want of ["Root Causes", "Impact"]) {
          await s.click(await s.find('[data-testid="skip"]'));
          await waitFor(
            `${want} step`,
            async () =>
              (await textOf(s, '[data-testid="step-title"]')) === want,
          );
        }
        await typeInEditor(s, impact);
        const rail = await s.findAll('[data-testid="rail-item"]');
        await waitFor(
          "impact marked filled",
          async () => (await s.attr(rail[5], "data-state")) === "filled",
        );
        // The footer stays in view with the Create button whatever the step's length.
        assert(
          await s.execute(
            `const r = document.querySelector('[data-testid="finish"]').getBoundingClientRect();
             return r.bottom <= window.innerHeight && r.top >= 0;`,
          ),
          "Create PIR is in view",
        );
        await screenshot(s, "wizard-impact");
      },
    );

    await check(
      "wizard: finish creates the file, nav entry and home-list entry",
      async () => {
        await s.click(await s.find('[data-testid="finish"]'));
        await waitFor("notice", async () =>
          (await textOf(s, '[data-testid="notice"]')).includes("Created"),
        );
        await waitFor("4 PIRs listed", async () =>
          (await listedFiles(s)).includes(expectedName),
        );
        await screenshot(s, "created");
        const file = path.join(sample, "docs/incidents", expectedName);
        assert(fs.existsSync(file), `${file} exists`);
        const text = fs.readFileSync(file, "utf8");
        assert(text.includes(title), "the file has the title");
        assert(text.includes(summary), "the file has the typed summary");
        assert(text.includes(impact), "the file has the typed impact");
        for (const line of [
          "Cache hit rate drops to 12%",
          "Checkout p99 back under 1s",
        ]) {
          assert(text.includes(line), `the file has the pasted row "${line}"`);
        }
        assert(
          /tags:\n\s+- checkout\n\s+- cache\n/.test(text),
          "the file has the tags",
        );
        const nav = fs.readFileSync(path.join(sample, "mkdocs.yml"), "utf8");
        assert(
          nav.includes(`incidents/${expectedName}`),
          "mkdocs.yml has the nav entry",
        );
        const home = fs.readFileSync(
          path.join(sample, "docs/index.md"),
          "utf8",
        );
        assert(
          home.includes(`incidents/${expectedName}`),
          "docs/index.md has the list entry",
        );
      },
    );

    await check(
      "commit panel: the new PIR is listed with its diff",
      async () => {
        await s.click(await s.find('[data-testid="open-git"]'));
        await waitFor("changed files", async () =>
          (await textOf(s, '[data-testid="git-files"]')).includes(expectedName),
        );
        const message = await s.find('[data-testid="git-message"]');
        assert(
          (await s.property(message, "value")) === `PIR: ${title}`,
          "the message is prefilled with the title",
        );
        await screenshot(s, "commit-panel");
      },
    );
  } finally {
    await s.end();
  }
}
