// A heading typed into a section's markdown becomes a section of its own, and typing on in the
// same editor writes everything once: nothing after the new heading is duplicated.

import fs from "node:fs";
import path from "node:path";
import {
  SAMPLE,
  assert,
  check,
  copySite,
  openApp,
  screenshot,
  sectionEditor,
  textOf,
  waitFor,
  savePir,
  openPir,
} from "../harness.mjs";

const PIR = "2026-05-02-internal-dns-resolver-outage.md";

/** How many times `needle` occurs in `text`. */
function count(text, needle) {
  return text.split(needle).length - 1;
}

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const site = copySite(SAMPLE, "headings-site");
  const file = path.join(site, "docs/incidents", PIR);
  const before = fs.readFileSync(file, "utf8");
  const s = await openApp(ctx.driver, site);
  ctx.lastOpened = site;
  try {
    await check(
      "section editor: a typed heading makes a section, and typing on writes it once",
      async () => {
        await openPir(s, PIR);
        const cm = await sectionEditor(s, "Impact");
        await s.click(cm);
        // Ctrl+End, then a heading of the author's own and a first line under it.
        await s.type(cm, "\uE009\uE010\uE000");
        await s.type(
          cm,
          "\uE007## Customer reports\uE007\uE007Support took forty",
        );
        // Applied: the picker now offers the new section.
        await waitFor("the new section offered", async () => {
          const options = await s.findAll(
            '[data-testid="section-pick"] option',
          );
          for (const o of options)
            if ((await s.text(o)).includes("Customer reports")) return true;
          return false;
        });
        await s.type(cm, " calls in an hour.");
        await waitFor("the preview shows the whole line", async () =>
          (await textOf(s, '[data-testid="preview"]')).includes(
            "Support took forty calls in an hour.",
          ),
        );
        await savePir(s);
        await screenshot(s, "section-heading-typed");
        const after = fs.readFileSync(file, "utf8");
        assert(
          count(after, "## Customer reports") === 1,
          `the heading once: ${after}`,
        );
        assert(
          count(after, "Support took forty") === 1 &&
            after.includes("Support took forty calls in an hour."),
          `the line once, whole: ${after}`,
        );
        assert(
          count(after, "## Resolution Steps Taken") === 1,
          "the next section is still there, once",
        );
        // Everything else is as it was: removing the typed text gives the file back.
        const typed = after.slice(
          after.indexOf("\n## Customer reports"),
          after.indexOf("an hour.") + "an hour.".length,
        );
        assert(
          after.replace(typed, "") === before ||
            after.replace(`${typed}\n`, "") === before,
          "no other byte changed",
        );
      },
    );
  } finally {
    await s.end();
  }
}
