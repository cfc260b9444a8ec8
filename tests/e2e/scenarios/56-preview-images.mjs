// Images in the preview: a PIR's own image files (relative paths, as existing PIRs write them)
// load through the app's image scheme, as does the image of another page shown read-only;
// a web address, a path out of the repository, a script or data URL and the scheme written
// by the page itself stay blocked; and the scheme serves nothing outside the repository,
// even when asked directly.

import fs from "node:fs";
import path from "node:path";
import {
  ROOT,
  assert,
  check,
  copySite,
  openApp,
  openPir,
  screenshot,
  waitFor,
} from "../harness.mjs";

const FIXTURE = path.join(
  ROOT,
  "crates/pir-core/tests/fixtures/preview-images-site",
);
const PIR = "2026-03-01-cache-stampede.md";

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const site = copySite(FIXTURE, "preview-images-site");
  // A file beside the site, and a link inside the site leading to it.
  const secret = path.join(path.dirname(site), "outside-secret.png");
  fs.copyFileSync(path.join(site, "docs/incidents/img/beside.png"), secret);
  fs.symlinkSync(secret, path.join(site, "docs/incidents/img/link-out.png"));
  const s = await openApp(ctx.driver, site);
  /** The preview image with this alt text: `null` until loaded or failed, then its size. */
  const image = (alt, root = '[data-testid="preview"]') =>
    s.execute(
      `const i = document.querySelector(arguments[0] + ' img[alt="' + arguments[1] + '"]');
       if (!i || !i.complete) return null;
       return { src: i.getAttribute("src"), width: i.naturalWidth };`,
      [root, alt],
    );
  const settled = async (alt, root) => {
    let got = null;
    await waitFor(`the image "${alt}" loaded or failed`, async () => {
      got = await image(alt, root);
      return got !== null;
    });
    return got;
  };
  try {
    const [w, h] = await s.resize(1024, 700);
    await openPir(s, PIR);
    const start = await s.execute("return location.href;");

    await check(
      "preview images: the PIR's own images load from the site",
      async () => {
        for (const [alt, width] of [
          ["hit rate", 240],
          ["beside", 80],
          ["flow chart", 120],
          ["again", 80],
          ["as html", 240],
        ]) {
          const got = await settled(alt);
          assert(
            got.src.startsWith("pir-image://localhost/docs/"),
            `${alt}: src ${got.src}`,
          );
          assert(got.width === width, `${alt}: natural width ${got.width}`);
        }
        // Named like images of the site, but missing or not images: shown broken.
        for (const alt of ["missing", "notes"]) {
          const got = await settled(alt);
          assert(got.width === 0, `${alt} loaded: ${got.width}`);
        }
        await s.execute(
          `document.querySelector('[data-testid="preview"] img[alt="hit rate"]').scrollIntoView();`,
        );
        await screenshot(s, `preview-images-${w}x${h}`);
      },
    );

    await check(
      "preview images: what the page names outside the site stays blocked",
      async () => {
        const remote = await settled("remote");
        assert(
          remote.src === "http://example.com/track.png" && remote.width === 0,
          `remote: ${JSON.stringify(remote)}`,
        );
        for (const alt of [
          "network path",
          "script",
          "data",
          "forged",
          "passwd",
          "far",
          "absolute",
          "config",
          "raw script",
        ]) {
          const src = await s.execute(
            `const i = document.querySelector('[data-testid="preview"] img[alt="' + arguments[0] + '"]');
             return i ? i.getAttribute("src") : "no such image";`,
            [alt],
          );
          // Emptied, or dropped by the sanitizer.
          assert(src === "" || src === null, `${alt}: src ${src}`);
        }
        await s.execute(
          `document.querySelector('[data-testid="preview"] img[alt="remote"]').scrollIntoView();`,
        );
        await screenshot(s, `preview-images-blocked-${w}x${h}`);
      },
    );

    await check(
      "preview images: the scheme serves nothing outside the repository",
      async () => {
        const load = (url) =>
          s.executeAsync(
            `const done = arguments[arguments.length - 1];
             const i = new Image();
             i.onload = () => done(i.naturalWidth);
             i.onerror = () => done(0);
             i.src = arguments[0];`,
            [url],
          );
        const base = "pir-image://localhost/";
        assert(
          (await load(base + "docs/incidents/img/beside.png")) === 80,
          "an image of the site loads when asked directly",
        );
        for (const url of [
          base + "docs/incidents/img/link-out.png",
          base +
            "docs/incidents/img/%2E%2E/%2E%2E/%2E%2E/../outside-secret.png",
          base + "..%2Foutside-secret.png",
          base + "mkdocs.yml",
        ]) {
          assert((await load(url)) === 0, `${url} was served`);
        }
      },
    );

    await check(
      "preview images: another page of the site shows its images read-only",
      async () => {
        // The runbook as the preview's link would open it.
        await s.execute(
          `const a = document.createElement("a");
           a.href = "../runbooks/cache.md";
           a.textContent = "runbook";
           document.querySelector('[data-testid="preview"] p').append(a);`,
        );
        await s.click(
          await s.waitFind(
            '[data-testid="preview"] a[href="../runbooks/cache.md"]',
          ),
        );
        await s.waitFind('[data-testid="site-page"]');
        const got = await settled("hit rate", '[data-testid="site-page"]');
        assert(
          got.width === 240,
          `the runbook's image: ${JSON.stringify(got)}`,
        );
        await screenshot(s, `preview-images-page-${w}x${h}`);
        assert(
          (await s.execute("return location.href;")) === start,
          "the window did not navigate",
        );
      },
    );
  } finally {
    await s.resize(1280, 820);
    await s.end();
  }
}
