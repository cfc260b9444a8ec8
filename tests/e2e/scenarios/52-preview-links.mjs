// Links in the preview never navigate the window: an anchor scrolls the preview, a link to
// another PIR opens it in the editor, a link to another page of the site shows it read-only,
// a web address is handed to the system's opener (xdg-open, a recording stand-in here), and a
// broken link says why it is not followed. After each, the window's URL is what it was.

import path from "node:path";
import {
  ROOT,
  assert,
  check,
  copySite,
  openApp,
  openPir,
  openedPages,
  screenshot,
  waitFor,
} from "../harness.mjs";

const FIXTURE = path.join(ROOT, "crates/pir-core/tests/fixtures/links-site");
const PIR = "2026-02-01-db-failover.md";

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver } = ctx;
  const site = copySite(FIXTURE, "links-site");
  const s = await openApp(driver, site);
  const href = () => s.execute("return location.href;");
  const link = (target) =>
    s.waitFind(`[data-testid="preview"] li a[href="${target}"]`);
  const selected = () =>
    s.execute(
      "return document.querySelector('[data-testid=\"pir-item\"].selected')?.dataset.file ?? null;",
    );
  try {
    const [w, h] = await s.resize(1024, 700);
    await openPir(s, PIR);
    await link("#timeline");
    const start = await href();

    await check(
      "preview links: an anchor scrolls the preview, the window stays",
      async () => {
        await s.click(await link("#timeline"));
        await waitFor("the Timeline heading scrolled into view", async () =>
          s.execute(
            `const box = document.querySelector('[data-testid="preview"]');
           const h = box.querySelector('#timeline');
           const top = h.getBoundingClientRect().top - box.getBoundingClientRect().top;
           // At the top, or as near as the end of the page lets it come.
           const atEnd = box.scrollTop >= box.scrollHeight - box.clientHeight - 1;
           return box.scrollTop > 0 && top >= -1 && (top < 40 || atEnd) && top < box.clientHeight;`,
          ),
        );
        assert(
          (await href()) === start,
          `the window's URL changed to ${await href()}`,
        );
      },
    );

    await check(
      "preview links: another page of the site opens read-only in the app",
      async () => {
        await s.click(await link("../runbooks/db.md#restore"));
        const page = await s.waitFind('[data-testid="site-page"]');
        assert(
          (await s.attr(page, "data-path")).endsWith("docs/runbooks/db.md"),
          "the runbook is shown",
        );
        await waitFor("the runbook's text", async () =>
          (await s.text(page)).includes("Restore from the last snapshot"),
        );
        await screenshot(s, `preview-links-page-${w}x${h}`);
        assert(
          (await href()) === start,
          `the window's URL changed to ${await href()}`,
        );
        // Back to the PIR, which is still open with its editor.
        await s.click(await s.find('[data-testid="site-page-close"]'));
        await link("#timeline");
      },
    );

    await check("preview links: another PIR opens in the editor", async () => {
      await s.click(await link("2026-01-10-dns-outage.md"));
      await waitFor(
        "the linked PIR is selected",
        async () => (await selected()) === "2026-01-10-dns-outage.md",
      );
      assert(
        (await href()) === start,
        `the window's URL changed to ${await href()}`,
      );
      await openPir(s, PIR);
      await link("#timeline");
    });

    await check(
      "preview links: a web page goes to the system's opener",
      async () => {
        await s.click(await link("https://status.example.com/incidents/42"));
        await waitFor("the opener was asked", async () =>
          openedPages().includes("https://status.example.com/incidents/42"),
        );
        assert(
          (await href()) === start,
          `the window's URL changed to ${await href()}`,
        );
        assert((await selected()) === PIR, "the PIR is still open");
      },
    );

    await check(
      "preview links: a missing page says so, and nothing navigates",
      async () => {
        await s.click(await link("../runbooks/gone.md"));
        const notice = await s.waitFind('[data-testid="notice"]');
        assert(
          (await s.text(notice)).includes("no such page"),
          `notice: ${await s.text(notice)}`,
        );
        // Even a navigation the UI does not catch is refused by the shell.
        await s.execute("window.location.href = 'https://example.com/';");
        await new Promise((r) => setTimeout(r, 1000));
        assert(
          (await href()) === start,
          `the window's URL changed to ${await href()}`,
        );
        await screenshot(s, `preview-links-refused-${w}x${h}`);
      },
    );
  } finally {
    await s.resize(1280, 820);
    await s.end();
  }
}
