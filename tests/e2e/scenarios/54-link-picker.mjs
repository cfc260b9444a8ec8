// A link inserted through the editor's picker: Ctrl+K in a section's markdown opens a search
// over the site's pages and headings, Enter inserts the heading's link at the cursor, the
// preview shows it, and following it opens the runbook at that heading inside the app.
// Then an image dropped into the text is stored in the site's assets folder beside the PIR,
// its markdown inserted, the preview shows it, and the next save names it before writing.

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
/** An 8×8 blue PNG. */
const PNG = [
  137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 8, 0,
  0, 0, 8, 8, 2, 0, 0, 0, 75, 109, 41, 220, 0, 0, 0, 17, 73, 68, 65, 84, 120,
  156, 99, 48, 78, 59, 131, 21, 49, 12, 45, 9, 0, 185, 134, 89, 65, 19, 201, 27,
  226, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

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

    await check(
      "images: a dropped image is stored beside the PIR and its markdown inserted",
      async () => {
        await s.click(await s.find('[data-testid="site-page-close"]'));
        const cm = await sectionEditor(s, "Summary");
        // A drop as the webview delivers one from a file manager.
        await s.execute(
          `const cm = document.querySelector('[data-testid="section-editor"] .cm-content');
           const file = new File([new Uint8Array(arguments[0])], "Latency Graph.png", { type: "image/png" });
           const dt = new DataTransfer();
           dt.items.add(file);
           const r = cm.getBoundingClientRect();
           cm.dispatchEvent(new DragEvent("drop", {
             bubbles: true, cancelable: true, dataTransfer: dt,
             clientX: r.left + 10, clientY: r.bottom - 5,
           }));`,
          [PNG],
        );
        const stored = path.join(
          site,
          "docs/assets/2026-02-01-db-failover/latency-graph.png",
        );
        await waitFor("the image stored in the site", async () =>
          fs.existsSync(stored),
        );
        assert(
          Buffer.compare(fs.readFileSync(stored), Buffer.from(PNG)) === 0,
          "the image's bytes, unchanged",
        );
        await waitFor("the markdown inserted", async () =>
          (await s.text(cm)).includes(
            "![latency graph](../assets/2026-02-01-db-failover/latency-graph.png)",
          ),
        );
        // The preview shows it, from the site, before anything is saved.
        await waitFor("the image shown in the preview", async () =>
          s.execute(
            `const i = document.querySelector('[data-testid="preview"] img[alt="latency graph"]');
             return !!i && i.complete && i.naturalWidth === 8 &&
               i.getAttribute("src") === "pir-image://localhost/docs/assets/2026-02-01-db-failover/latency-graph.png";`,
          ),
        );
        await s.click(await s.find('[data-testid="save"]'));
        const plan = await s.waitFind('[data-testid="save-plan"]');
        assert(
          (await s.text(plan)).includes(
            "adds the image docs/assets/2026-02-01-db-failover/latency-graph.png",
          ),
          `the plan names the image: ${await s.text(plan)}`,
        );
        await screenshot(s, `image-dropped-plan-${w}x${h}`);
        await s.click(await s.find('[data-testid="save-plan-save"]'));
        await waitFor("saved", async () =>
          fs
            .readFileSync(file, "utf8")
            .includes("](../assets/2026-02-01-db-failover/latency-graph.png)"),
        );
      },
    );
  } finally {
    await s.end();
  }
}
