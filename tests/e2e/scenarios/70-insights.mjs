// Across incidents: search with ranked, highlighted results; the Metrics page's charts drawn
// in the real window and clickable through to their PIRs; a new site made from the app.

import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import {
  SAMPLE,
  assert,
  check,
  copySite,
  expectListed,
  immutable,
  log,
  openApp,
  screenshot,
  textOf,
  waitFor,
} from "../harness.mjs";

const PAYMENTS = "2026-03-14-payments-api-tls-certificate-expiry.md";
const DNS = "2026-05-02-internal-dns-resolver-outage.md";

/** The data-file attributes of the elements matching `css`, in page order. */
async function files(s, css) {
  const out = [];
  for (const el of await s.findAll(css))
    out.push(await s.attr(el, "data-file"));
  return out;
}

/** The folder of the open site, as the header shows it (in full, even when cut on screen). */
async function siteRoot(s) {
  return s.property(
    await s.waitFind('[data-testid="site-root"]'),
    "textContent",
  );
}

/** Size and painted pixels of each chart canvas, read in the page. */
function canvasReport(s) {
  return s.execute(`
    return [...document.querySelectorAll('[data-testid="metrics"] canvas')].map((c) => {
      const ctx = c.getContext("2d");
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) painted++;
      return {
        chart: c.closest("figure").dataset.testid,
        width: c.width,
        height: c.height,
        painted,
      };
    });`);
}

/**
 * Clicks bar `index` of dataset `dataset` of the chart in `figure`, where chart.js drew it:
 * its position comes from chart.js's own element, and the click goes to the canvas at that
 * point as a mouse click would.
 */
function clickBar(s, figure, dataset, index) {
  return s.execute(
    `const [figure, dataset, index] = arguments;
    const canvas = document.querySelector('[data-testid="' + figure + '"] canvas');
    const chart = window.PirCharts.getChart(canvas);
    const bar = chart.getDatasetMeta(dataset).data[index];
    const rect = canvas.getBoundingClientRect();
    const x = rect.left + bar.x;
    const y = rect.top + (bar.y + bar.base) / 2;
    for (const type of ["mousemove", "click"]) {
      canvas.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, bubbles: true }));
    }
    return { label: chart.data.labels[index], dataset: chart.data.datasets[dataset].label, x, y };`,
    [figure, dataset, index],
  );
}

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, tmp } = ctx;
  const site = copySite(SAMPLE, "insights-site");
  const fresh = path.join(tmp, "new-team-site");
  const s = await openApp(driver, site);
  try {
    await check(
      "search: ranked results with the match highlighted; a result opens its PIR",
      async () => {
        await expectListed(s, site, 3);
        await waitFor(
          "the search index to be ready",
          async () =>
            (await s.findAll('[data-testid="search-status"]')).length === 0,
        );
        await s.type(
          await s.waitFind('[data-testid="search-input"]'),
          "certificate",
        );
        const found = await waitFor("two results", async () => {
          const f = await files(s, '[data-testid="search-hit"]');
          return f.length === 2 ? f : null;
        });
        // The PIR about the certificate (title and many lines) before the one that
        // mentions it once.
        assert(
          JSON.stringify(found) === JSON.stringify([PAYMENTS, DNS]),
          `ranked ${found}`,
        );
        const marks = await s.execute(
          `return [...document.querySelectorAll('[data-testid="search-hit"]')].map((h) =>
             [...h.querySelectorAll("mark")].map((m) => m.textContent.toLowerCase()));`,
        );
        assert(
          marks.every(
            (m) => m.length > 0 && m.every((t) => t === "certificate"),
          ),
          `highlights ${JSON.stringify(marks)}`,
        );
        await screenshot(s, "search-results");
        await s.click((await s.findAll('[data-testid="search-hit"]'))[1]);
        await waitFor("the PIR to open", async () =>
          (await textOf(s, '[data-testid="editor-title"]')).includes(DNS),
        );
        await screenshot(s, "search-opened");
      },
    );

    await check(
      "metrics: every chart is drawn, and a bar lists the PIRs behind it",
      async () => {
        await s.click(await s.waitFind('[data-testid="open-metrics"]'));
        const report = await waitFor("five drawn charts", async () => {
          const r = await canvasReport(s);
          return r.length === 5 && r.every((c) => c.painted > 500) ? r : null;
        }).catch(async (e) => {
          throw new Error(
            `${e.message}: ${JSON.stringify(await canvasReport(s))}`,
          );
        });
        for (const c of report) {
          assert(c.width > 100 && c.height > 100, `${c.chart} size`);
        }
        await screenshot(s, "metrics");
        // Incidents per month: the Critical part (dataset 0) of 2026-05 (index 2).
        const clicked = await clickBar(s, "chart-per-month", 0, 2);
        assert(
          clicked.label === "2026-05" && clicked.dataset === "Critical",
          `clicked ${JSON.stringify(clicked)}`,
        );
        const picked = await waitFor("the PIRs behind the bar", async () => {
          const els = await s.findAll('[data-testid="metrics-pir"]');
          return els.length > 0 ? els : null;
        });
        const rels = [];
        for (const el of picked) rels.push(await s.attr(el, "data-rel"));
        assert(
          JSON.stringify(rels) === JSON.stringify([`incidents/${DNS}`]),
          `behind the bar: ${rels}`,
        );
        // Time to resolve, all severities (index 3): the three PIRs, quickest first.
        await clickBar(s, "chart-time-to-resolve", 1, 3);
        await waitFor("the three measurable PIRs", async () => {
          const els = await s.findAll('[data-testid="metrics-pir"]');
          return els.length === 3;
        });
        await screenshot(s, "metrics-picked");
        await s.click((await s.findAll('[data-testid="metrics-pir"]'))[0]);
        await waitFor("the PIR to open from the chart", async () =>
          (await textOf(s, '[data-testid="editor-title"]')).includes(DNS),
        );
      },
    );

    await check(
      "new site: typed folder, files on disk, the app lists it (empty)",
      async () => {
        await s.click(await s.waitFind('[data-testid="new-site"]'));
        await s.type(await s.waitFind('[data-testid="new-site-path"]'), fresh);
        const name = await s.waitFind('[data-testid="new-site-name"]');
        await s.clear(name);
        await s.type(name, "Team Incident Reviews");
        await screenshot(s, "new-site-form");
        await s.click(await s.waitFind('[data-testid="new-site-create"]'));
        await waitFor(
          "the new site to open",
          async () =>
            (await siteRoot(s)) === fresh &&
            (await s.findAll('[data-testid="pir-list-empty"]')).length === 1,
        ).catch(async (e) => {
          await screenshot(s, "new-site-failed");
          const root = await siteRoot(s);
          throw new Error(`${e.message}; the app shows ${root}`);
        });
        ctx.lastOpened = fresh;
        const shown = await textOf(s, '[data-testid="site-name"]');
        assert(shown === "Team Incident Reviews", `site name ${shown}`);
        for (const f of [
          "mkdocs.yml",
          "docs/index.md",
          "docs/pir-template.md",
        ]) {
          assert(fs.statSync(path.join(fresh, f)).isFile(), `${f} is written`);
        }
        assert(
          fs.statSync(path.join(fresh, "docs/incidents")).isDirectory(),
          "the incidents folder exists",
        );
        const home = fs.readFileSync(path.join(fresh, "docs/index.md"), "utf8");
        assert(
          home.includes("## Recent Incidents"),
          "home page lists incidents",
        );
        await screenshot(s, "new-site-opened");
        // The same folder again is refused with the error table's words.
        await s.click(await s.waitFind('[data-testid="new-site"]'));
        await s.type(await s.waitFind('[data-testid="new-site-path"]'), fresh);
        await s.click(await s.waitFind('[data-testid="new-site-create"]'));
        const err = await textOf(s, '[data-testid="error"]');
        assert(
          err.includes("That value cannot be used") &&
            err.includes("not empty"),
          `refusal: ${err}`,
        );
        await screenshot(s, "new-site-refused");
        // A folder that cannot be written (immutable, so even root cannot) is refused too,
        // with the error table's words for it.
        const locked = path.join(tmp, "locked");
        fs.mkdirSync(locked);
        try {
          execFileSync("chattr", ["+i", locked], { stdio: "ignore" });
          immutable.push(locked);
        } catch {
          log(
            "skipped the not-writable check: chattr +i is not available here",
          );
          return;
        }
        const input = await s.waitFind('[data-testid="new-site-path"]');
        await s.clear(input);
        await s.type(input, path.join(locked, "site"));
        await s.click(await s.waitFind('[data-testid="new-site-create"]'));
        await waitFor("the not-writable refusal", async () => {
          const t = await textOf(s, '[data-testid="error"]');
          return t.includes("could not be read or written") ? t : null;
        });
        assert(
          fs.readdirSync(locked).length === 0,
          "nothing is written in the locked folder",
        );
        await screenshot(s, "new-site-not-writable");
      },
    );
  } finally {
    await s.end();
  }
}
