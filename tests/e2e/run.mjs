// End-to-end test of the desktop app: starts a virtual display (Xvfb), tauri-driver (which
// starts WebKitWebDriver), launches the built app on copies of real sites and drives it like
// a person would. Each file in scenarios/ is one scenario, run in file-name order (earlier
// ones leave what later ones build on in the shared context). Screenshots of each step go to
// target/e2e/ (under CARGO_TARGET_DIR when set).
//
// Usage: node tests/e2e/run.mjs [NAME-PART...]   (only the scenarios whose file names contain
// one of the parts; PIR_APP_BIN overrides target/debug/pir-editor)

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  OUT,
  TOTAL_TIMEOUT_MS,
  cleanup,
  log,
  makeScratch,
  results,
  requireTools,
  startShell,
} from "./harness.mjs";

const SCENARIOS = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "scenarios",
);

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT))
    if (f.endsWith(".png")) fs.rmSync(path.join(OUT, f));
  requireTools("make e2e");
  const tmp = makeScratch();
  const { driver, env } = await startShell(tmp);

  /** @type {import("./harness.mjs").Context} */
  const ctx = { driver, env, tmp, sites: {}, lastOpened: null };
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(SCENARIOS)
    .filter((f) => f.endsWith(".mjs"))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  for (const file of files) {
    log(`scenario ${file}`);
    const scenario = await import(pathToFileURL(path.join(SCENARIOS, file)));
    try {
      await scenario.default(ctx);
    } catch (e) {
      // A scenario's own checks record their failures; this is one that failed outside them.
      log(`FAIL ${file}: ${e.stack ?? e}`);
      results.push([file, false]);
    }
  }
}

const watchdog = setTimeout(() => {
  log(`FAIL: the run took longer than ${TOTAL_TIMEOUT_MS / 1000}s`);
  cleanup();
  process.exit(1);
}, TOTAL_TIMEOUT_MS);

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

let code = 0;
try {
  await main();
} catch (e) {
  log(`FAIL setup: ${e.stack ?? e}`);
  results.push(["setup", false]);
} finally {
  clearTimeout(watchdog);
  cleanup();
}
const passed = results.filter(([, ok]) => ok === true).length;
const skipped = results.filter(([, ok]) => ok === null);
const failed = results.length - passed - skipped.length;
for (const [name, , why] of skipped) log(`skipped: ${name}: ${why}`);
console.log(
  `e2e: ${passed} passed, ${failed} failed` +
    (skipped.length ? `, ${skipped.length} SKIPPED` : ""),
);
if (failed > 0 || passed === 0) code = 1;
process.exit(code);
