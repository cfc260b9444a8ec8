// The end-to-end harness: paths, the processes it starts and stops, and the small steps
// (checks, screenshots, typing) the scenarios in scenarios/ are written with.

import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Session, waitFor } from "./webdriver.mjs";

export { waitFor };

/**
 * What the scenarios share.
 * @typedef {object} Context
 * @property {string} driver tauri-driver's URL
 * @property {Record<string, string>} env the app's environment (display, XDG folders)
 * @property {string} tmp the run's scratch folder
 * @property {Record<string, string>} sites sites earlier scenarios made, by name
 * @property {string | null} lastOpened the last site an app session opened
 */
export const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);
/** Cargo's target folder: `CARGO_TARGET_DIR` when set, as cargo itself reads it. */
const TARGET = path.resolve(ROOT, process.env.CARGO_TARGET_DIR ?? "target");
export const BIN = path.resolve(
  process.env.PIR_APP_BIN ?? path.join(TARGET, "debug/pir-editor"),
);
export const OUT = path.join(TARGET, "e2e");
export const SAMPLE = path.join(ROOT, "crates/pir-core/sample-site");
// The real site beside the repository; PIR_SEED_SITE names another copy (or a missing one, to
// see the seed checks skipped).
export const SEED = path.resolve(
  process.env.PIR_SEED_SITE ?? path.join(ROOT, "../shared/fixtures/seed-site"),
);
// The app's identifier (tauri.conf.json): its data folder's name.
export const APP_ID = JSON.parse(
  fs.readFileSync(path.join(ROOT, "src-tauri/tauri.conf.json"), "utf8"),
).identifier;
export const TOTAL_TIMEOUT_MS = 12 * 60 * 1000;

const children = [];
/** [name, passed, why skipped] of every check run: passed is null for a check skipped. */
export const results = [];
/** The run's scratch folder, made by `makeScratch`. */
export let tmp;

/** Makes the run's scratch folder (removed by `cleanup`). */
export function makeScratch() {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pir-e2e-"));
  return tmp;
}

export function log(msg) {
  console.log(`[e2e] ${msg}`);
}

/** Folders made immutable for the read-only check, to release before deleting. */
export const immutable = [];

export function cleanup() {
  for (const dir of immutable.splice(0)) {
    try {
      execFileSync("chattr", ["-i", dir]);
    } catch {
      // Already released, or gone.
    }
  }
  for (const child of children.reverse()) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        // Each helper runs in its own process group: end it with whatever it started.
        process.kill(-child.pid, "SIGTERM");
      } catch {
        child.kill("SIGTERM");
      }
    }
  }
  children.length = 0;
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}

export function start(cmd, args, env, name) {
  const logFile = fs.openSync(path.join(OUT, `${name}.log`), "w");
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", logFile, logFile],
    detached: true,
  });
  children.push(child);
  return child;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export function freeDisplay() {
  for (let n = 99; n < 140; n++) {
    if (
      !fs.existsSync(`/tmp/.X${n}-lock`) &&
      !fs.existsSync(`/tmp/.X11-unix/X${n}`)
    )
      return n;
  }
  throw new Error("no free X display between :99 and :139");
}

export function which(cmd) {
  try {
    return execFileSync("sh", ["-c", `command -v ${cmd}`])
      .toString()
      .trim();
  } catch {
    return null;
  }
}

/** Whether Debian's own Python (the one its python3-* packages install for) has `module`. */
function hasPython(module) {
  try {
    execFileSync("/usr/bin/python3", ["-c", `import ${module}`], {
      stdio: "ignore",
    });
    return true;
  } catch {
    return false;
  }
}

// `cargo install` puts tauri-driver here, which may not be on the PATH of a fresh shell.
process.env.PATH = `${process.env.PATH}:${path.join(os.homedir(), ".cargo/bin")}`;

/** Fails unless the app binary and the display and driver programs are there. */
export function requireTools(makeTarget) {
  for (const [what, ok] of [
    [BIN, fs.existsSync(BIN)],
    ["Xvfb", which("Xvfb")],
    ["tauri-driver", which("tauri-driver")],
    ["WebKitWebDriver", which("WebKitWebDriver")],
    ["python3-xlib (for tests/e2e/x11.py)", hasPython("Xlib")],
  ]) {
    if (!ok)
      throw new Error(
        `missing ${what}: run \`${makeTarget}\`, which builds and installs it`,
      );
  }
}

/**
 * Starts a virtual display (Xvfb) and tauri-driver on it (which starts WebKitWebDriver for each
 * session); both are ended by `cleanup`. The app's folders (recent sites, sample site, drafts)
 * are fresh ones under `tmp`.
 * @returns {Promise<{ driver: string, env: Record<string, string> }>}
 */
export async function startShell(tmp) {
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
    // A debug build lets the page emit the native layer's events (files dropped on the
    // window), which no driven window can produce.
    PIR_EDITOR_TEST_EVENTS: "1",
  };
  fs.mkdirSync(env.HOME, { recursive: true });
  // The app opens web pages with xdg-open: here a stand-in that records each address in
  // `opened.txt` (see `openedPages`), so no run starts a browser and a test can see what the
  // app asked to open.
  const bin = path.join(tmp, "bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, "xdg-open"),
    `#!/bin/sh\nprintf '%s\\n' "$1" >> '${path.join(tmp, "opened.txt")}'\n`,
    { mode: 0o755 },
  );
  env.PATH = `${bin}:${process.env.PATH}`;
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
  return { driver, env };
}

/** The web pages the app asked the system to open in this run, in order. */
export function openedPages() {
  const file = path.join(tmp, "opened.txt");
  return fs.existsSync(file)
    ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean)
    : [];
}

export function copySite(src, name) {
  const dest = path.join(tmp, name);
  fs.cpSync(src, dest, { recursive: true });
  // The copy is writable whatever the source's mode, as a checkout is: the app refuses to
  // save over a read-only file.
  const writable = (p) => {
    const st = fs.statSync(p);
    fs.chmodSync(p, st.mode | 0o200);
    if (st.isDirectory())
      for (const e of fs.readdirSync(p)) writable(path.join(p, e));
  };
  writable(dest);
  return dest;
}

/** The PIR file names of a site's incidents folder, as the app should list them. */
export function pirFiles(site) {
  const dir = path.join(site, "docs/incidents");
  const skip = new Set([
    "index.md",
    "readme.md",
    "template.md",
    "pir-template.md",
  ]);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".md") && !skip.has(f.toLowerCase()))
    .sort();
}

export async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push([name, true]);
    log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  } catch (e) {
    results.push([name, false]);
    log(`FAIL ${name}: ${e.stack ?? e}`);
  }
}

/** Records the check `name` as skipped, loudly, with the reason (the run's summary lists it). */
export function skip(name, reason) {
  results.push([name, null, reason]);
  log(`SKIP ${name}: ${reason}`);
}

/**
 * A fresh copy named `name` of the real site beside the repository (../shared/fixtures/
 * seed-site), or null when it is absent: then each of `checks` is recorded as skipped with
 * the reason, so a run without it says so instead of passing quietly.
 */
export function seedCopy(name, checks) {
  if (fs.existsSync(path.join(SEED, "mkdocs.yml"))) return copySite(SEED, name);
  const reason = `${SEED} is absent (the real site kept beside the repository as ../shared/fixtures/seed-site; PIR_SEED_SITE names another)`;
  for (const c of checks) skip(c, reason);
  return null;
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

let shot = 0;
export async function screenshot(s, name) {
  shot += 1;
  const file = path.join(OUT, `${String(shot).padStart(2, "0")}-${name}.png`);
  fs.writeFileSync(file, await s.screenshot());
  log(`screenshot ${path.relative(ROOT, file)}`);
}

export async function listedFiles(s) {
  const items = await s.findAll('[data-testid="pir-item"]');
  const names = [];
  for (const el of items) names.push(await s.attr(el, "data-file"));
  return names.sort();
}

/** Waits until the app lists exactly the `count` PIR files that `site` holds on disk. */
export async function expectListed(s, site, count) {
  const want = pirFiles(site);
  assert(
    want.length === count,
    `${site} should have ${count} PIRs, has ${want.length}`,
  );
  const got = await waitFor(`${count} PIRs listed`, async () => {
    const l = await listedFiles(s);
    return l.length === count ? l : null;
  });
  assert(
    JSON.stringify(got) === JSON.stringify(want),
    `listed ${got}, expected ${want}`,
  );
}

/** Starts the app (or `bin`) on `site` (no argument when null) in a new session. */
export function openApp(driver, site, bin = BIN) {
  return Session.start(driver, {
    "tauri:options": { application: bin, args: site ? [site] : [] },
  });
}

/**
 * Clicks the wizard's Next and waits until it has moved on to the next step. Next loads the
 * template's steps first, and every button of the wizard's footer is disabled meanwhile: a
 * click on Create PIR in that moment does nothing.
 */
export async function wizardNext(s) {
  const before = await textOf(s, '[data-testid="step-title"]');
  await s.click(await s.find('[data-testid="next"]'));
  await waitFor("the wizard's next step", async () => {
    const now = await textOf(s, '[data-testid="step-title"]');
    const finish = await s.find('[data-testid="finish"]');
    return now !== before && (await s.property(finish, "disabled")) === false;
  });
}

/** Replaces the text of the CodeMirror editor on the page with `text`, by typing it. */
export async function typeInEditor(s, text) {
  const content = await s.waitFind(".cm-content");
  await s.click(content);
  // Select all, then type over it.
  await s.type(content, "\uE009a\uE000");
  await s.type(content, text);
}

export async function textOf(s, css) {
  return s.text(await s.waitFind(css));
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
function accepts(port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    sock.once("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.once("error", () => resolve(false));
  });
}

/**
 * A smart-HTTP git server on 127.0.0.1: lighttpd running `git http-backend` for the bare
 * repositories under `base`, behind basic auth for `user`/`password`. The URL of
 * `base/<repo>` is `http://127.0.0.1:<port>/git/<repo>`. It runs in its own process group
 * (ended by `cleanup`) under `timeout`, so it stops by itself even if this run dies. Null
 * when lighttpd is not installed (scripts/apt-packages.txt lists it).
 */
export async function gitHttpServer(base, user, password) {
  const lighttpd = ["/usr/sbin/lighttpd", which("lighttpd")].find(
    (p) => p && fs.existsSync(p),
  );
  if (!lighttpd) return null;
  const backend = path.join(
    execFileSync("git", ["--exec-path"]).toString().trim(),
    "git-http-backend",
  );
  const dir = fs.mkdtempSync(path.join(tmp, "lighttpd-"));
  const port = await freePort();
  fs.mkdirSync(path.join(dir, "www"));
  fs.writeFileSync(path.join(dir, "users"), `${user}:${password}\n`);
  const conf = path.join(dir, "lighttpd.conf");
  fs.writeFileSync(
    conf,
    `server.modules = ( "mod_access", "mod_alias", "mod_auth", "mod_authn_file", "mod_cgi", "mod_setenv" )
server.bind = "127.0.0.1"
server.port = ${port}
server.document-root = "${dir}/www"
server.errorlog = "${path.join(OUT, "lighttpd-error.log")}"
alias.url = ( "/git" => "${backend}" )
$HTTP["url"] =~ "^/git" {
    cgi.assign = ( "" => "" )
    setenv.add-environment = ( "GIT_PROJECT_ROOT" => "${base}", "GIT_HTTP_EXPORT_ALL" => "1" )
}
auth.backend = "plain"
auth.backend.plain.userfile = "${dir}/users"
auth.require = ( "/git" => ( "method" => "basic", "realm" => "git", "require" => "valid-user" ) )
`,
  );
  const limit = String(Math.ceil(TOTAL_TIMEOUT_MS / 1000));
  const child = start(
    "timeout",
    ["-k", "5", limit, lighttpd, "-D", "-f", conf],
    {},
    "lighttpd",
  );
  await waitFor(
    `lighttpd on port ${port}`,
    async () => {
      if (child.exitCode !== null)
        throw new Error(
          `lighttpd exited (${child.exitCode}): see lighttpd.log`,
        );
      return accepts(port);
    },
    15000,
  );
  return { port, url: (repo) => `http://127.0.0.1:${port}/git/${repo}` };
}

/** Picks `heading` in the section editor (opening its pane) and returns its CodeMirror. */
export async function sectionEditor(s, heading) {
  const pane = await s.waitFind('[data-testid="pane-markdown"]');
  if ((await s.property(pane, "open")) !== true)
    await s.click(await s.find('[data-testid="pane-markdown"] summary'));
  const options = await s.findAll('[data-testid="section-pick"] option');
  let wanted = null;
  for (const o of options)
    if ((await s.text(o)).includes(heading)) wanted = await s.attr(o, "value");
  assert(wanted !== null, `a section named ${heading}`);
  // Choose it the way the select reports a choice.
  await s.execute(
    `const el = document.querySelector('[data-testid="section-pick"]');
     el.value = arguments[0];
     el.dispatchEvent(new Event("change", { bubbles: true }));`,
    [wanted],
  );
  return s.waitFind('[data-testid="section-editor"] .cm-content');
}

/** Opens the PIR `file` from the site's list. */
export async function openPir(s, file) {
  await s.click(
    await s.waitFind(`[data-testid="pir-item"][data-file="${file}"]`),
  );
}

/** Waits for the editor to say the PIR was saved. */
export function waitSaved(s) {
  return waitFor("saved", async () =>
    (await textOf(s, '[data-testid="editor-notice"]')).includes("Saved"),
  );
}

/** Clicks Save and waits until the editor says it saved. A save that also changes the nav,
 * home list or index rows shows its plan first: every file is kept ticked and saved. */
export async function savePir(s) {
  await s.click(await s.find('[data-testid="save"]'));
  await waitFor("saved, or the save's plan", async () => {
    const notice = await s.findAll('[data-testid="editor-notice"]');
    if (notice.length > 0 && (await s.text(notice[0])).includes("Saved"))
      return true;
    const plan = await s.findAll('[data-testid="save-plan-save"]');
    if (plan.length > 0) await s.click(plan[0]);
    return false;
  });
  await waitSaved(s);
}

/** The app's processes: those whose command line starts with its binary. */
export function appPids() {
  const pattern = `^${BIN.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( |$)`;
  try {
    return execFileSync("pgrep", ["-f", pattern])
      .toString()
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** The drafts saved in the app's drafts folder `dir`: [file, parsed draft]. */
export function savedDrafts(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => [f, JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))]);
}
