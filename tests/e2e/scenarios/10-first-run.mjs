// The first run with no folder and nothing remembered opens the embedded sample site.

import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import {
  APP_ID,
  assert,
  check,
  expectListed,
  log,
  openApp,
  screenshot,
  waitFor,
  which,
} from "../harness.mjs";

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, env, tmp } = ctx;
  // First run, no folder given, nothing remembered: the app writes the sample site into its
  // data folder, makes it a git repository, and opens it. (Runs first: later runs remember.)
  const s = await openApp(driver, null);
  try {
    await check(
      "first run without a folder opens the sample site",
      async () => {
        const installed = path.join(env.XDG_DATA_HOME, APP_ID, "sample-site");
        await waitFor("the sample site written", () =>
          fs.existsSync(path.join(installed, "mkdocs.yml")),
        );
        await expectListed(s, installed, 3);
        if (which("git")) {
          const log = execFileSync("git", ["log", "--oneline"], {
            cwd: installed,
          });
          assert(
            log.toString().trim().split("\n").length === 1,
            "one initial commit",
          );
        }
        await screenshot(s, "first-run");
      },
    );
  } finally {
    await s.end();
  }
}
