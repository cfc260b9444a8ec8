// End-to-end test of the desktop app: starts a virtual display (Xvfb), tauri-driver (which
// starts WebKitWebDriver), launches the built app on copies of real sites and drives it like
// a person would. Screenshots of each step go to target/e2e/.
//
// Usage: node tests/e2e/run.mjs   (PIR_APP_BIN overrides target/debug/pir-editor)

import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Session, waitFor } from "./webdriver.mjs";

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);
const BIN = path.resolve(
  process.env.PIR_APP_BIN ?? path.join(ROOT, "target/debug/pir-editor"),
);
const OUT = path.join(ROOT, "target/e2e");
const SAMPLE = path.join(ROOT, "crates/pir-core/sample-site");
const SEED = path.join(ROOT, "../shared/fixtures/seed-site");
// The app's identifier (tauri.conf.json): its data folder's name.
const APP_ID = JSON.parse(
  fs.readFileSync(path.join(ROOT, "src-tauri/tauri.conf.json"), "utf8"),
).identifier;
const TOTAL_TIMEOUT_MS = 12 * 60 * 1000;

// `cargo install` puts tauri-driver here, which may not be on the PATH of a fresh shell.
process.env.PATH = `${process.env.PATH}:${path.join(os.homedir(), ".cargo/bin")}`;

const children = [];
const results = [];
let tmp;

function log(msg) {
  console.log(`[e2e] ${msg}`);
}

/** Folders made immutable for the read-only check, to release before deleting. */
const immutable = [];

function cleanup() {
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

function start(cmd, args, env, name) {
  const logFile = fs.openSync(path.join(OUT, `${name}.log`), "w");
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", logFile, logFile],
    detached: true,
  });
  children.push(child);
  return child;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function freeDisplay() {
  for (let n = 99; n < 140; n++) {
    if (
      !fs.existsSync(`/tmp/.X${n}-lock`) &&
      !fs.existsSync(`/tmp/.X11-unix/X${n}`)
    )
      return n;
  }
  throw new Error("no free X display between :99 and :139");
}

function which(cmd) {
  try {
    return execFileSync("sh", ["-c", `command -v ${cmd}`])
      .toString()
      .trim();
  } catch {
    return null;
  }
}

function copySite(src, name) {
  const dest = path.join(tmp, name);
  fs.cpSync(src, dest, { recursive: true });
  return dest;
}

/** The PIR file names of a site's incidents folder, as the app should list them. */
function pirFiles(site) {
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

async function check(name, fn) {
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

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

let shot = 0;
async function screenshot(s, name) {
  shot += 1;
  const file = path.join(OUT, `${String(shot).padStart(2, "0")}-${name}.png`);
  fs.writeFileSync(file, await s.screenshot());
  log(`screenshot ${path.relative(ROOT, file)}`);
}

async function listedFiles(s) {
  const items = await s.findAll('[data-testid="pir-item"]');
  const names = [];
  for (const el of items) names.push(await s.attr(el, "data-file"));
  return names.sort();
}

/** Waits until the app lists exactly the `count` PIR files that `site` holds on disk. */
async function expectListed(s, site, count) {
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

/** Starts the app on `site` (no argument when null) in a new session. */
function openApp(driver, site) {
  return Session.start(driver, {
    "tauri:options": { application: BIN, args: site ? [site] : [] },
  });
}

/** Replaces the text of the CodeMirror editor on the page with `text`, by typing it. */
async function typeInEditor(s, text) {
  const content = await s.waitFind(".cm-content");
  await s.click(content);
  // Select all, then type over it.
  await s.type(content, "\uE009a\uE000");
  await s.type(content, text);
}

async function textOf(s, css) {
  return s.text(await s.waitFind(css));
}

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
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pir-e2e-"));

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
  };
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

  // First run, no folder given, nothing remembered: the app writes the sample site into its
  // data folder, makes it a git repository, and opens it. (Runs first: later runs remember.)
  let s = await openApp(driver, null);
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

  const sample = copySite(SAMPLE, "sample-site");
  // A repository with everything committed, so the commit panel shows the new PIR's changes.
  const gitId = ["-c", "user.name=E2E Author", "-c", "user.email=e2e@example.test"];
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: sample });
  execFileSync("git", ["add", "-A"], { cwd: sample });
  execFileSync("git", [...gitId, "commit", "-q", "-m", "start"], { cwd: sample });
  const title = "Checkout latency spike after cache eviction storm";
  const date = "2026-08-03";
  const expectedName = `${date}-checkout-latency-spike-cache-eviction-storm.md`;
  const summary =
    "Checkout requests slowed for forty minutes while the cache refilled.";
  const impact =
    "About a third of checkout attempts took longer than ten seconds.";

  s = await openApp(driver, sample);
  try {
    await check(
      "sample site: the PIR list shows the 3 sample PIRs",
      async () => {
        await expectListed(s, sample, 3);
        const name = await textOf(s, '[data-testid="site-name"]');
        assert(name.trim().length > 0, "the site name is shown");
        await screenshot(s, "sample-site");
      },
    );

    await check(
      "the window cannot call what its capability does not grant",
      async () => {
        for (const cmd of ["plugin:dialog|save", "plugin:fs|read_file"]) {
          const outcome = await s.executeAsync(
            `const done = arguments[arguments.length - 1];
           window.__TAURI_INTERNALS__.invoke(${JSON.stringify(cmd)}, { options: {}, path: "/etc/hostname" })
             .then(() => done("allowed"), (e) => done("denied: " + e));`,
          );
          assert(
            outcome.startsWith("denied") && outcome.includes("not allowed"),
            `${cmd}: ${outcome}`,
          );
        }
      },
    );

    await check("wizard: file name preview and refusal reasons", async () => {
      await s.click(await s.waitFind('[data-testid="new-pir"]'));
      const titleEl = await s.waitFind('[data-testid="title"]');
      await s.type(titleEl, "Outage of a/b");
      const err = await s.waitFind(
        '[data-testid="file-name-error"] [data-testid="error"]',
      );
      assert(
        (await s.attr(err, "data-kind")) === "unsafe_path",
        "a `/` in the title is refused",
      );
      await screenshot(s, "wizard-refusal");
      await s.clear(titleEl);
      await s.type(titleEl, title);
      const dateEl = await s.find('[data-testid="date"]');
      await s.clear(dateEl);
      await s.type(dateEl, date);
      const sev = await s.find('[data-testid="severity"]');
      await s.clear(sev);
      await s.type(sev, "High");
      await waitFor("file name preview", async () =>
        (await textOf(s, '[data-testid="file-name"]')).includes(expectedName),
      );
      await screenshot(s, "wizard-basics");
    });

    await check("wizard: steps through sections, typing into two", async () => {
      await s.click(await s.find('[data-testid="next"]'));
      await waitFor(
        "tags step",
        async () => (await textOf(s, '[data-testid="step-title"]')) === "Tags",
      );
      await s.type(await s.find('[data-testid="tags"]'), "checkout, cache");
      await s.click(await s.find('[data-testid="next"]'));
      await waitFor(
        "metadata step",
        async () =>
          (await textOf(s, '[data-testid="step-title"]')) === "Metadata",
      );
      await s.click(await s.find('[data-testid="next"]'));
      await waitFor(
        "summary step",
        async () =>
          (await textOf(s, '[data-testid="step-title"]')) ===
          "Executive Summary",
      );
      const guidance = await textOf(s, '[data-testid="guidance"]');
      assert(
        guidance.includes("Why"),
        `the guide is shown beside the editor: ${guidance}`,
      );
      await typeInEditor(s, summary);
      await waitFor("summary marked filled", async () => {
        const rail = await s.findAll('[data-testid="rail-item"]');
        // Rail: basics, tags, metadata, executive summary, ...
        return (await s.attr(rail[3], "data-state")) === "filled";
      });
      await screenshot(s, "wizard-summary");
      for (const want of ["Timeline", "Root Causes", "Impact"]) {
        await s.click(await s.find('[data-testid="skip"]'));
        await waitFor(
          `${want} step`,
          async () => (await textOf(s, '[data-testid="step-title"]')) === want,
        );
      }
      await typeInEditor(s, impact);
      const rail = await s.findAll('[data-testid="rail-item"]');
      const states = [];
      for (const el of rail) states.push(await s.attr(el, "data-state"));
      assert(
        states[4] === "placeholder",
        `the untouched timeline still has placeholders: ${states}`,
      );
      await waitFor(
        "impact marked filled",
        async () => (await s.attr(rail[6], "data-state")) === "filled",
      );
      await screenshot(s, "wizard-impact");
    });

    await check(
      "wizard: finish creates the file, nav entry and home-list entry",
      async () => {
        await s.click(await s.find('[data-testid="finish"]'));
        await waitFor("notice", async () =>
          (await textOf(s, '[data-testid="notice"]')).includes("Created"),
        );
        await waitFor("4 PIRs listed", async () =>
          (await listedFiles(s)).includes(expectedName),
        );
        await screenshot(s, "created");
        const file = path.join(sample, "docs/incidents", expectedName);
        assert(fs.existsSync(file), `${file} exists`);
        const text = fs.readFileSync(file, "utf8");
        assert(text.includes(title), "the file has the title");
        assert(text.includes(summary), "the file has the typed summary");
        assert(text.includes(impact), "the file has the typed impact");
        assert(
          /tags:\n\s+- checkout\n\s+- cache\n/.test(text),
          "the file has the tags",
        );
        const nav = fs.readFileSync(path.join(sample, "mkdocs.yml"), "utf8");
        assert(
          nav.includes(`incidents/${expectedName}`),
          "mkdocs.yml has the nav entry",
        );
        const home = fs.readFileSync(
          path.join(sample, "docs/index.md"),
          "utf8",
        );
        assert(
          home.includes(`incidents/${expectedName}`),
          "docs/index.md has the list entry",
        );
      },
    );

    await check("commit panel: the new PIR is listed with its diff", async () => {
      await s.click(await s.find('[data-testid="open-git"]'));
      await waitFor("changed files", async () =>
        (await textOf(s, '[data-testid="git-files"]')).includes(expectedName),
      );
      const message = await s.find('[data-testid="git-message"]');
      assert(
        (await s.property(message, "value")) === `PIR: ${title}`,
        "the message is prefilled with the title",
      );
      await screenshot(s, "commit-panel");
    });
  } finally {
    await s.end();
  }

  if (fs.existsSync(path.join(SEED, "mkdocs.yml"))) {
    const seed = copySite(SEED, "seed-site");
    s = await openApp(driver, seed);
    try {
      await check("seed site: both of its PIRs are listed", async () => {
        await expectListed(s, seed, 2);
        await screenshot(s, "seed-site");
      });
    } finally {
      await s.end();
    }
  } else {
    log("skipped: ../shared/fixtures/seed-site is absent");
  }

  // A folder that cannot be written (immutable, so even root cannot write in it): saving a new
  // PIR shows why in the window, and writes nothing.
  const readOnly = copySite(SAMPLE, "read-only");
  const roIncidents = path.join(readOnly, "docs/incidents");
  let frozen = false;
  try {
    execFileSync("chattr", ["+i", roIncidents], { stdio: "ignore" });
    immutable.push(roIncidents);
    frozen = true;
  } catch {
    log("skipped the read-only check: chattr +i is not available here");
  }
  if (frozen) {
    const mkdocsBefore = fs.readFileSync(
      path.join(readOnly, "mkdocs.yml"),
      "utf8",
    );
    s = await openApp(driver, readOnly);
    try {
      await check(
        "saving into a read-only folder shows why and writes nothing",
        async () => {
          await s.click(await s.waitFind('[data-testid="new-pir"]'));
          await s.type(
            await s.waitFind('[data-testid="title"]'),
            "Queue stall",
          );
          const next = await s.find('[data-testid="next"]');
          await waitFor(
            "the file name",
            async () => (await s.property(next, "disabled")) === false,
          );
          await s.click(next);
          await s.click(await s.waitFind('[data-testid="finish"]'));
          const el = await s.waitFind(
            '[data-testid="wizard"] [data-testid="error"]',
          );
          assert((await s.attr(el, "data-kind")) === "io", "an io error");
          const text = await s.text(el);
          assert(
            text.includes("read-only"),
            `the hint names the likely cause: ${text}`,
          );
          assert(pirFiles(readOnly).length === 3, "no PIR file was written");
          const mkdocsAfter = fs.readFileSync(
            path.join(readOnly, "mkdocs.yml"),
            "utf8",
          );
          assert(mkdocsAfter === mkdocsBefore, "mkdocs.yml is unchanged");
          await screenshot(s, "read-only");
        },
      );
    } finally {
      await s.end();
    }
  }

  // Without a folder, the app reopens the last site that opened (failed ones are not kept).
  const seedCopy = path.join(tmp, "seed-site");
  const last = frozen ? readOnly : fs.existsSync(seedCopy) ? seedCopy : sample;
  s = await openApp(driver, null);
  try {
    await check(
      "without a folder the last site opened is reopened",
      async () => {
        let root = null;
        await waitFor(`the last site ${last}`, async () => {
          const el = await s.waitFind('[data-testid="site-root"]');
          root = await s.property(el, "textContent");
          return root === last;
        }).catch((e) => {
          throw new Error(`${e.message}; the app shows ${root}`);
        });
        await screenshot(s, "last-site");
        const recent = await textOf(s, '[data-testid="recent-sites"]');
        assert(
          recent.includes(sample),
          `the recent list offers ${sample}: ${recent}`,
        );
      },
    );
  } finally {
    await s.end();
  }

  // The editor: paste timeline rows, move one, see them in the preview, save, and check on
  // disk that only the intended lines changed.
  const edSite = copySite(SAMPLE, "editor-site");
  const dnsName = "2026-05-02-internal-dns-resolver-outage.md";
  const dnsFile = path.join(edSite, "docs/incidents", dnsName);
  const dnsBefore = fs.readFileSync(dnsFile, "utf8");
  const pasted = [
    "09:20 alice: resolver pods restarting one by one",
    "09:25 bob: forwarder rolled back on the first resolver",
    "09:30 carol: cache hit rate back above ninety percent",
  ];
  s = await openApp(driver, edSite);
  try {
    await check(
      "editor: the list shows each PIR's severity and metadata",
      async () => {
        await expectListed(s, edSite, 3);
        const sev = await s.findAll('[data-testid="pir-severity"]');
        assert(sev.length === 3, `three severities shown, got ${sev.length}`);
        await screenshot(s, "editor-list");
      },
    );

    await check(
      "editor: paste three timeline lines, move one, preview shows them",
      async () => {
        await s.click(
          await s.waitFind(`[data-testid="pir-item"][data-file="${dnsName}"]`),
        );
        await s.waitFind('[data-testid="timeline-grid"]');
        const before = (await s.findAll('[data-testid="timeline-row"]')).length;
        await screenshot(s, "editor-open");
        await s.type(
          await s.find('[data-testid="paste-lines"]'),
          // WebDriver types a new line as the Enter key.
          pasted.join("\uE007"),
        );
        await s.click(await s.find('[data-testid="paste-add"]'));
        await waitFor(
          "three more rows",
          async () =>
            (await s.findAll('[data-testid="timeline-row"]')).length ===
            before + 3,
        );
        await screenshot(s, "editor-pasted");
        // The rows went after the first row: move the first pasted one (row 2) down one.
        await s.click((await s.findAll('[data-testid="cell-time"]'))[1]);
        await s.click(await s.find('[data-testid="row-down"]'));
        await waitFor("the row moved", async () => {
          const events = await s.findAll('[data-testid="cell-event"]');
          return (await s.property(events[2], "value")).startsWith("alice:");
        });
        await waitFor("the preview shows the pasted rows", async () => {
          const html = await s.property(
            await s.find('[data-testid="preview"]'),
            "textContent",
          );
          return pasted.every((l) => html.includes(l.slice(6)));
        });
        await s.waitFind('[data-testid="dirty-dot"]');
        await screenshot(s, "editor-moved");
      },
    );

    await check(
      "editor: save writes the rows and changes no other line",
      async () => {
        await s.click(await s.find('[data-testid="save"]'));
        await waitFor("saved", async () =>
          (await textOf(s, '[data-testid="editor-notice"]')).includes("Saved"),
        );
        await screenshot(s, "editor-saved");
        const after = fs.readFileSync(dnsFile, "utf8");
        const lines = after.split("\n");
        const added = lines.filter((l) =>
          pasted.some((p) => l.includes(p.slice(6))),
        );
        assert(
          added.length === 3,
          `three rows in the file: ${added.join("\n")}`,
        );
        // The moved row is second of the three.
        assert(
          added[1].includes("alice:"),
          `order after the move: ${added.join("\n")}`,
        );
        assert(
          added[0].includes("bob:"),
          `order after the move: ${added.join("\n")}`,
        );
        const rest = lines.filter((l) => !added.includes(l)).join("\n");
        assert(rest === dnsBefore, "every other line is byte-identical");
      },
    );
  } finally {
    await s.end();
  }

  // A hand-written PIR: change one cell, save, and only that line changes.
  const handSrc = fs.existsSync(path.join(SEED, "mkdocs.yml")) ? SEED : SAMPLE;
  const hand = copySite(handSrc, "hand-written");
  const handName = pirFiles(hand)[0];
  const handFile = path.join(hand, "docs/incidents", handName);
  const handBefore = fs.readFileSync(handFile, "utf8");
  s = await openApp(driver, hand);
  try {
    await check(
      "editor: one cell changed in a hand-written PIR changes one line",
      async () => {
        await s.click(
          await s.waitFind(`[data-testid="pir-item"][data-file="${handName}"]`),
        );
        const cell = await s.waitFind('[data-testid="cell-event"]');
        const old = await s.property(cell, "value");
        await s.click(cell);
        // End, then the added words, then Enter to commit.
        await s.type(cell, "\uE010 (checked)\uE007");
        await waitFor("the cell committed", async () => {
          const c = (await s.findAll('[data-testid="cell-event"]'))[0];
          return (await s.property(c, "value")) === `${old} (checked)`;
        });
        await s.waitFind('[data-testid="dirty-dot"]');
        await screenshot(s, "hand-edited");
        await s.click(await s.find('[data-testid="save"]'));
        await waitFor("saved", async () =>
          (await textOf(s, '[data-testid="editor-notice"]')).includes("Saved"),
        );
        await screenshot(s, "hand-saved");
        const a = handBefore.split("\n");
        const b = fs.readFileSync(handFile, "utf8").split("\n");
        assert(
          a.length === b.length,
          `same line count: ${a.length} vs ${b.length}`,
        );
        const changed = a
          .map((l, i) => (l === b[i] ? null : i))
          .filter((i) => i !== null);
        assert(
          changed.length === 1,
          `one line changed, got ${changed.length}: ${changed}`,
        );
        assert(
          b[changed[0]].includes("(checked)"),
          `the changed line: ${b[changed[0]]}`,
        );
      },
    );
  } finally {
    await s.end();
  }

  const noConfig = path.join(tmp, "not-a-site");
  fs.mkdirSync(noConfig);
  const badYaml = copySite(SAMPLE, "bad-yaml");
  fs.writeFileSync(
    path.join(badYaml, "mkdocs.yml"),
    "site_name: Broken\nnav:\n  - Home: [index.md\n",
  );
  const latin1 = copySite(SAMPLE, "latin1");
  // "Café" in Latin-1: byte 0xe9 is not UTF-8.
  fs.writeFileSync(
    path.join(latin1, "mkdocs.yml"),
    Buffer.from("site_name: Caf\xe9\n", "latin1"),
  );
  for (const [name, site, kind, where] of [
    [
      "a folder without mkdocs.yml shows a clear message",
      noConfig,
      "config",
      null,
    ],
    [
      "a malformed mkdocs.yml shows the message with its line",
      badYaml,
      "config",
      "mkdocs.yml:4",
    ],
    [
      "a non-UTF-8 mkdocs.yml shows where the bad byte is",
      latin1,
      "not_utf8",
      "mkdocs.yml:1:15",
    ],
  ]) {
    s = await openApp(driver, site);
    try {
      await check(name, async () => {
        const el = await s.waitFind(
          '[data-testid="site-error"] [data-testid="error"]',
        );
        assert((await s.attr(el, "data-kind")) === kind, `error kind ${kind}`);
        const text = await s.text(el);
        assert(text.trim().length > 0, "the message is not blank");
        if (where)
          assert(text.includes(where), `the location is shown: ${text}`);
        await screenshot(s, name.split(" ").slice(1, 4).join("-"));
      });
    } finally {
      await s.end();
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
