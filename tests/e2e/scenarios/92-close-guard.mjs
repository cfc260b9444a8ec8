// Closing the window with unsaved changes asks first, in the real window: the close request
// comes from the X display as a window manager sends it (tests/e2e/x11.py), the question is
// the native dialog, and answering it by closing the dialog keeps the window and the edit.
// Once saved, the same request closes the app.

import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  SAMPLE,
  assert,
  check,
  copySite,
  openApp,
  openPir,
  pirFiles,
  savePir,
  screenshot,
  waitFor,
} from "../harness.mjs";

const X11 = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "../x11.py",
);
const WINDOW = "PIR Editor";
const QUESTION = "Unsaved changes";

/** The titles of the display's named windows. */
function titles(env) {
  return execFileSync(X11, ["titles"], { env: { ...process.env, ...env } })
    .toString()
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split("\t")[1]);
}

/** Asks the windows named `title` to close, as a window manager's close button does. */
function askToClose(env, title) {
  execFileSync(X11, ["close", title], { env: { ...process.env, ...env } });
}

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, env } = ctx;
  const site = copySite(SAMPLE, "close-guard");
  const file = pirFiles(site)[0];
  const s = await openApp(driver, site);
  let closed = false;
  try {
    await check(
      "closing with unsaved changes asks, and saying no keeps the edit",
      async () => {
        await openPir(s, file);
        const cell = await s.waitFind('[data-testid="cell-event"]');
        await s.click(cell);
        await s.type(cell, "\uE010 (unsaved)\uE007");
        await s.waitFind('[data-testid="dirty-dot"]');
        await waitFor(`the "${WINDOW}" window`, () =>
          titles(env).includes(WINDOW),
        );
        askToClose(env, WINDOW);
        await waitFor(`the "${QUESTION}" dialog`, () =>
          titles(env).includes(QUESTION),
        );
        // Closing the dialog is "no": the window stays with the edit in it.
        askToClose(env, QUESTION);
        await waitFor("the dialog gone", () => !titles(env).includes(QUESTION));
        assert(titles(env).includes(WINDOW), "the window is still open");
        const c = (await s.findAll('[data-testid="cell-event"]'))[0];
        const value = await s.property(c, "value");
        assert(value.endsWith("(unsaved)"), `the edit is kept: ${value}`);
        await s.waitFind('[data-testid="dirty-dot"]');
        await screenshot(s, "close-refused");
      },
    );
    await check("once saved, the close request closes the app", async () => {
      await savePir(s);
      askToClose(env, WINDOW);
      await waitFor("the window gone", () => !titles(env).includes(WINDOW));
      assert(!titles(env).includes(QUESTION), "no question when saved");
      closed = true;
    });
  } finally {
    // The app is gone when the last check passed: ending its session may fail then.
    await s.end().catch((e) => {
      if (!closed) throw e;
    });
  }
}
