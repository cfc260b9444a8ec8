// Page zoom at 200 %: Ctrl+= zooms the window's page (as a browser does), and at 200 % in a
// 1280×820 window (a 640×410 page) every page still fits the window's width: no sideways
// scrolling of the page itself, and the controls each page is for (Save, Next, Commit, the
// settings' Save, the wizard's fields and Create PIR) inside the window. Ctrl+0 goes back to 100 %.

import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  SAMPLE,
  assert,
  check,
  copySite,
  log,
  openApp,
  openPir,
  screenshot,
  waitFor,
} from "../harness.mjs";

const X11 = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "../x11.py",
);

/** The page's width, how wide its content is, and where `css` sits, as the page lays it out. */
const FIT = `
  const el = arguments[0] ? document.querySelector(arguments[0]) : null;
  const r = el ? el.getBoundingClientRect() : null;
  return { inner: window.innerWidth, innerH: window.innerHeight,
    scroll: document.documentElement.scrollWidth,
    el: r && { left: r.left, right: r.right, top: r.top, bottom: r.bottom, w: r.width } };`;

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, env } = ctx;
  const site = copySite(SAMPLE, "zoom-site");
  // A repository, so that the commit page shows its commit form (with the run's git config
  // only).
  const git = (args) =>
    execFileSync("git", args, {
      cwd: site,
      env: {
        ...process.env,
        ...env,
        GIT_TERMINAL_PROMPT: "0",
        GIT_AUTHOR_NAME: "Zoom",
        GIT_AUTHOR_EMAIL: "zoom@example.com",
        GIT_COMMITTER_NAME: "Zoom",
        GIT_COMMITTER_EMAIL: "zoom@example.com",
      },
    });
  git(["init", "-q", "-b", "main"]);
  git(["add", "-A"]);
  git(["commit", "-q", "-m", "Start"]);
  const s = await openApp(driver, site);
  const fit = (css) => s.execute(FIT, [css ?? null]);
  const key = (spec) =>
    execFileSync(X11, ["keys", "PIR Editor", spec], {
      env: { ...process.env, ...env },
    });
  /** Checks the page fits the window's width and `css` (when given) is inside it. */
  const fits = async (page, css) => {
    const f = await fit(css);
    log(`${page} at 200 %: ${JSON.stringify(f)}`);
    assert(
      f.scroll <= f.inner + 1,
      `${page}: the page is ${f.scroll} px wide in a ${f.inner} px window`,
    );
    if (css) {
      assert(f.el, `${page}: no ${css}`);
      assert(
        f.el.left >= 0 && f.el.right <= f.inner + 1 && f.el.w > 0,
        `${page}: ${css} at ${f.el.left}..${f.el.right}, outside 0..${f.inner}`,
      );
    }
  };
  try {
    const [w, h] = await s.resize(1280, 820);
    await s.waitFind('[data-testid="pir-item"]');
    await openPir(s, "2026-05-02-internal-dns-resolver-outage.md");
    await s.waitFind('[data-testid="cell-event"]');
    const before = (await fit()).inner;
    // WebDriver's pointer does not follow the page's zoom (it would click at the unzoomed
    // place): the zoomed pages are reached through the buttons' own click.
    const press = (css) =>
      s.execute("document.querySelector(arguments[0]).click()", [css]);

    await check("zoom: Ctrl+= five times zooms the page to 200 %", async () => {
      for (let i = 0; i < 5; i++) key("ctrl+equal");
      await waitFor(
        "the page zoomed",
        async () => (await fit()).inner <= Math.round(before / 2) + 2,
      );
      log(
        `window ${w}×${h}: page ${before} px wide at 100 %, ${(await fit()).inner} px now`,
      );
    });

    await check(
      "zoom: the PIR editor fits at 200 %, Save in view",
      async () => {
        await openPir(s, "2026-05-02-internal-dns-resolver-outage.md");
        await s.waitFind('[data-testid="cell-event"]');
        await screenshot(s, "zoom-editor");
        await fits("editor", '[data-testid="save"]');
      },
    );

    for (const [page, button, target] of [
      ["commit", '[data-testid="open-git"]', '[data-testid="git-clean"]'],
      ["metrics", '[data-testid="open-metrics"]', null],
      [
        "settings",
        '[data-testid="open-settings"]',
        '[data-testid="settings-save"]',
      ],
      ["wizard", '[data-testid="new-pir"]', '[data-testid="finish"]'],
    ]) {
      await check(`zoom: the ${page} page fits at 200 %`, async () => {
        await s.waitFind(button);
        await press(button);
        try {
          if (target) await s.waitFind(target);
        } finally {
          await screenshot(s, `zoom-${page}`);
        }
        await fits(page, target);
        if (page === "wizard") await fits(page, '[data-testid="severity"]');
      });
    }

    await check("zoom: Ctrl+0 goes back to 100 %", async () => {
      key("ctrl+0");
      await waitFor(
        "the page at 100 %",
        async () => Math.abs((await fit()).inner - before) <= 2,
      );
    });
  } finally {
    try {
      key("ctrl+0");
    } catch {
      // The window may be gone already.
    }
    await s.end();
  }
}
