// End-to-end test of the desktop app: starts a virtual display (Xvfb), tauri-driver (which
// starts WebKitWebDriver), launches the built app on copies of real sites and drives it like
// a person would. Each file in scenarios/ is one scenario, run in file-name order (earlier
// ones leave what later ones build on in the shared context). Screenshots of each step go to
// target/e2e/.
//
// Usage: node tests/e2e/run.mjs [NAME-PART...]   (only the scenarios whose file names contain
// one of the parts; PIR_APP_BIN overrides target/debug/pir-editor)

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  BIN,
  OUT,
  TOTAL_TIMEOUT_MS,
  cleanup,
  freeDisplay,
  freePort,
  log,
  makeScratch,
  results,
  start,
  waitFor,
  which,
} from "./harness.mjs";

const SCENARIOS = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "scenarios",
);

// `cargo install` puts tauri-driver here, which may not be on the PATH of a fresh shell.
process.env.PATH = `${process.env.PATH}:${path.join(os.homedir(), ".cargo/bin")}`;

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT))
    if (f.endsWith(".png")) fs.rmSync(path.join(OUT, f));
  for (const [what, ok] of [
    [BIN, fs.existsSync(BIN)],
    ["Xvfb", which("Xvfb")],
    ["tauri-driver", which("tauri-driver")],
    ["WebKitWebDriver", which("WebKitWebDriver")],
  ]) {
    if (!ok)
      throw new Error(
        `missing ${what}: run \`make e2e\`, which builds and installs it`,
      );
  }
  const tmp = makeScratch();

  const display = freeDisplay();
  start(
    "Xvfb",
    [`:${display}`, "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
    {},
    "xvfb",
  );
  await waitFor(
    "Xvfb",
    () => fs.existsSync(`/tmp/.X11-unix/X${display}`),
    10000,
  );

  const port = await freePort();
  const nativePort = await freePort();
  // The app keeps its recent-sites list and sample site in these folders: fresh for the test.
  const env = {
    DISPLAY: `:${display}`,
    XDG_CONFIG_HOME: path.join(tmp, "config"),
    XDG_DATA_HOME: path.join(tmp, "data"),
    // Software rendering: there is no GPU under Xvfb.
    WEBKIT_DISABLE_COMPOSITING_MODE: "1",
    LIBGL_ALWAYS_SOFTWARE: "1",
    // Git reads the run's own global config (empty until a scenario writes it), never the
    // developer's ~/.gitconfig or /etc/gitconfig.
    HOME: path.join(tmp, "home"),
    GIT_CONFIG_GLOBAL: path.join(tmp, "home/.gitconfig"),
    GIT_CONFIG_NOSYSTEM: "1",
  };
  fs.mkdirSync(env.HOME);
  start(
    "tauri-driver",
    ["--port", String(port), "--native-port", String(nativePort)],
    env,
    "tauri-driver",
  );
  const driver = `http://127.0.0.1:${port}`;
  await waitFor(
    "tauri-driver",
    async () => (await fetch(`${driver}/status`)).ok,
    15000,
  );

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
const passed = results.filter(([, ok]) => ok).length;
const failed = results.length - passed;
console.log(`e2e: ${passed} passed, ${failed} failed`);
if (failed > 0 || passed === 0) code = 1;
process.exit(code);
