// Speed and weight of the desktop app, measured in the real window (Xvfb + tauri-driver, as the
// end-to-end test runs it) on the release build. Figures: docs/benchmarks.md.
//
//   node scripts/bench-app.mjs [--runs N] [--keys N] [--label NAME]
//   (PIR_APP_BIN picks the binary; `make bench-app` builds and runs target/release/pir-editor)
//
// - start-up: from the process's start (/proc/<pid>/stat) to the PIR list shown and idle (the
//   page stamps that moment, see ui/src/lib/bench.ts), median of N starts;
// - keystroke to preview: with the largest PIR open, a changed timeline event cell is
//   committed with Enter (the keystroke that sends the edit; typing inside a cell changes only
//   the cell); measured in the page from the key event to the first animation frame after the
//   preview's DOM holds the new text (and to the frame after, once that one is painted);
// - memory: proportional set size (PSS, /proc/<pid>/smaps_rollup) of the app and every
//   process under it (WebKit's web and network processes) with that PIR open, and of each
//   start without WebDriver once the list is ready, with the largest mappings by name;
// - the floor: the same start and memory figures of the shell alone, a blank window of the
//   same Tauri configuration and WebKitGTK on a page that only stamps (src-tauri/examples/
//   blank.rs; BLANK_BIN picks the binary, by default `examples/blank` beside the app's).

import fs from "node:fs";
import path from "node:path";
import { execFileSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.env.PIR_APP_BIN ??= path.join(ROOT, "target/release/pir-editor");
const h = await import(path.join(ROOT, "tests/e2e/harness.mjs"));

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const RUNS = Number(option("runs", 10));
const KEYS = Number(option("keys", 40));
const LABEL = option("label", path.basename(path.dirname(h.BIN)));
const BLANK = path.resolve(
  process.env.BLANK_BIN ?? path.join(path.dirname(h.BIN), "examples/blank"),
);
// How long a start without WebDriver is left after its stamp before its memory is read: the
// app builds its search index after the list shows.
const SETTLE_MS = 2000;

// ---- /proc ----

const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());
const BOOT_MS =
  Number(/^btime (\d+)$/m.exec(fs.readFileSync("/proc/stat", "utf8"))[1]) *
  1000;

/** [pid, ppid, comm, start (ms since the epoch)] of every process. */
function processes() {
  const out = [];
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      // Fields after the command name, from field 3 (state): ppid is 4, starttime 22.
      const f = stat.slice(close + 2).split(" ");
      out.push({
        pid: Number(d),
        ppid: Number(f[1]),
        comm,
        start: BOOT_MS + (Number(f[19]) * 1000) / CLK_TCK,
      });
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/** The newest process running `bin`. */
function appProcess(bin) {
  const real = fs.realpathSync(bin);
  const mine = processes().filter((p) => {
    try {
      return fs.readlinkSync(`/proc/${p.pid}/exe`) === real;
    } catch {
      return false;
    }
  });
  mine.sort((a, b) => b.start - a.start);
  return mine[0] ?? null;
}

/** `pid` and every process under it, with their PSS and USS in KiB. */
function pssTree(pid) {
  const all = processes();
  const tree = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop();
    const proc = all.find((x) => x.pid === p);
    if (!proc) continue;
    let pss = 0;
    let uss = 0;
    try {
      const rollup = fs.readFileSync(`/proc/${p}/smaps_rollup`, "utf8");
      const kib = (field) =>
        Number(
          new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(rollup)?.[1] ?? 0,
        );
      pss = kib("Pss");
      // Pages no other process maps: unlike PSS, the same whatever else runs on the machine.
      uss = kib("Private_Clean") + kib("Private_Dirty");
    } catch {
      // Gone meanwhile.
    }
    tree.push({ pid: p, comm: proc.comm, pss, uss });
    for (const c of all) if (c.ppid === p) todo.push(c.pid);
  }
  return tree;
}

/**
 * PSS in KiB of the tree's mappings, summed by name over its processes: a library's file
 * name, or the kernel's name for anonymous memory ([heap], [anon], [stack]...).
 */
function pssByMapping(tree) {
  const by = {};
  for (const { pid } of tree) {
    let smaps;
    try {
      smaps = fs.readFileSync(`/proc/${pid}/smaps`, "utf8");
    } catch {
      continue;
    }
    let name = "[anon]";
    for (const line of smaps.split("\n")) {
      // A mapping's header: address range, permissions, offset, device, inode, path.
      const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
      if (head) {
        const p = head[1].trim();
        name =
          p === ""
            ? "[anon]"
            : p.startsWith("[")
              ? p.replace(/:.*\]$/, "]") // [anon:name] is [anon]
              : path.basename(p);
        continue;
      }
      const pss = /^Pss:\s+(\d+) kB$/.exec(line);
      if (pss) by[name] = (by[name] ?? 0) + Number(pss[1]);
    }
  }
  return by;
}

/** The `n` largest entries of a `pssByMapping` result, in MB. */
function largest(by, n) {
  return Object.entries(by)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, kib]) => [name, kib / 1024]);
}

// ---- statistics ----

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = Math.min(s.length - 1, Math.ceil(q * s.length) - 1);
  return s[Math.max(0, i)];
}
const median = (xs) => quantile(xs, 0.5);
const ms = (x) => `${x.toFixed(1)} ms`;

// ---- the site and its largest PIR ----

/** A PIR of `rows` timeline rows and some prose, for when the real site is absent. */
function generatedPir(rows) {
  const lines = [
    "# Post Incident Review: Generated Load Test",
    "",
    "**Date:** 2026-01-10",
    "**Duration:** ~6h",
    "**Severity:** High",
    "**Status:** Resolved",
    "",
    "## Executive Summary",
    "",
    "A generated review, large enough to measure the editor with.",
    "",
    "## Timeline (UTC)",
    "",
    "| Time | Event |",
    "| ---- | ----- |",
  ];
  for (let i = 0; i < rows; i++) {
    const t = `${String(8 + (Math.floor(i / 60) % 12)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`;
    lines.push(
      `| ${t} | Step ${i}: the operator checks queue depth, consumer lag and disk use on node ${i % 7} |`,
    );
  }
  for (const s of [
    "Root Causes",
    "Impact",
    "Resolution Steps",
    "Lessons Learned",
  ]) {
    lines.push("", `## ${s}`, "");
    for (let p = 0; p < 12; p++)
      lines.push(
        `Paragraph ${p} of ${s}: what happened, in enough words to fill a page the way a real review does, with \`code\`, **bold** and a [link](https://example.invalid/${p}).`,
        "",
      );
  }
  return lines.join("\n") + "\n";
}

function prepareSite() {
  if (fs.existsSync(path.join(h.SEED, "mkdocs.yml"))) {
    const site = h.copySite(h.SEED, "seed-site");
    const dir = path.join(site, "docs/incidents");
    const big = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".md"))
      .map((f) => [f, fs.statSync(path.join(dir, f)).size])
      .sort((a, b) => b[1] - a[1])[0];
    return { site, file: big[0], bytes: big[1], source: "seed-site" };
  }
  const site = h.copySite(h.SAMPLE, "sample-site");
  const file = "2026-01-10-generated-load-test.md";
  const text = generatedPir(420);
  fs.writeFileSync(path.join(site, "docs/incidents", file), text);
  return { site, file, bytes: Buffer.byteLength(text), source: "generated" };
}

// ---- the measurements ----

async function coldStart(driver, site, bin = h.BIN) {
  const s = await h.openApp(driver, site, bin);
  try {
    const app = appProcess(bin);
    h.assert(app, `no process runs ${bin}`);
    const ready = await h.waitFor(
      "the list stamped as ready",
      () => s.execute("return window.__pirBench?.listReady ?? null"),
      60000,
      50,
    );
    const origin = await s.execute("return performance.timeOrigin");
    // Where the page's time went: the document's loading steps and the page's own marks
    // (ui/src/main.ts, lib/state/*), in ms since navigation began.
    const steps = await s.execute(`
      const nav = performance.getEntriesByType("navigation")[0];
      const out = nav ? { "doc:response": nav.responseEnd, "doc:parsed": nav.domInteractive } : {};
      for (const m of performance.getEntriesByType("mark")) out[m.name] ??= m.startTime;
      return out;`);
    return { total: ready - app.start, page: ready - origin, steps };
  } finally {
    await s.end();
  }
}

// The app started by itself, without WebDriver's automation: the page prints its stamp to the
// console, which the app sends to its stdout when PIR_BENCH is set. Its memory is read
// SETTLE_MS after the stamp. Resolves to { ms, tree, mappings }.
function directStart(env, site, bin = h.BIN) {
  return new Promise((resolve, reject) => {
    // WebKit's web process prints the console line through stdio, which holds it back in a
    // buffer while stdout is a pipe: `script` gives the app a terminal instead.
    const cmd = [bin, site]
      .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
      .join(" ");
    const child = spawn("script", ["-qfec", cmd, "/dev/null"], {
      env: { ...process.env, ...env, PIR_BENCH: "1" },
      stdio: ["ignore", "pipe", "ignore"],
    });
    let out = "";
    let stamped = false;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error("no list-ready line within 60 s"));
    }, 60000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /pir-bench list-ready (\d+(?:\.\d+)?)/.exec(out);
      if (!m || stamped) return;
      stamped = true;
      clearTimeout(timer);
      const app = appProcess(bin);
      if (!app) {
        child.kill();
        reject(new Error(`no process runs ${bin}`));
        return;
      }
      setTimeout(() => {
        const tree = pssTree(app.pid);
        const mappings = pssByMapping(tree);
        process.kill(app.pid);
        child.kill();
        child.on("exit", () =>
          resolve({ ms: Number(m[1]) - app.start, tree, mappings }),
        );
      }, SETTLE_MS);
    });
  });
}

// Installed in the page: times each committed event cell from its Enter key event to the
// frames after the preview shows the cell's new text (the token the cell ends with).
const KEY_PROBE = `
  window.__benchKeys = [];
  const preview = document.querySelector('[data-testid="preview"]');
  document.addEventListener("keydown", (e) => {
    const cell = e.target;
    if (e.key !== "Enter" || !cell.matches?.('[data-testid="cell-event"]')) return;
    const token = cell.value.match(/⟦\\d+⟧/g)?.at(-1);
    if (!token) return;
    // Event time stamps are relative to the time origin, like performance.now().
    const t0 = e.timeStamp > 0 && e.timeStamp < 1e12 ? e.timeStamp : performance.now();
    const obs = new MutationObserver(() => {
      if (!preview.textContent.includes(token)) return;
      obs.disconnect();
      const dom = performance.now();
      requestAnimationFrame(() => {
        const frame = performance.now();
        requestAnimationFrame(() => {
          // The page's own marks (ui/src/lib/bench.ts) since the key event: where the time went.
          const marks = {};
          for (const m of performance.getEntriesByType("mark"))
            if (m.startTime >= t0 && !(m.name in marks)) marks[m.name] = m.startTime - t0;
          window.__benchKeys.push({ token, dom: dom - t0, frame: frame - t0, painted: performance.now() - t0, marks });
        });
      });
    });
    obs.observe(preview, { childList: true, subtree: true, characterData: true });
  }, true);
`;

// Installed in the page after the keystrokes: round trips of commands called directly, with no
// key event or UI update around them. A command answering a few bytes is the floor of any
// keystroke's round trip; the session's answer to no edit and to a one-cell edit are set
// against it. (The editor's own preview then lags behind the session; nothing reads it after.)
const IPC_PROBE = `
  const invoke = window.__TAURI_INTERNALS__.invoke;
  const [path, n] = arguments;
  const time = async (cmd, args) => {
    const t = performance.now();
    await invoke(cmd, args);
    return performance.now() - t;
  };
  return (async () => {
    const out = { tiny: [], no_edit: [], edit: [] };
    for (let i = 0; i < n; i++) {
      out.tiny.push(await time("file_name_preview", { title: "Probe", date: "2026-01-01" }));
      out.no_edit.push(await time("session_apply", { path, edits: [] }));
      const text = "Probe edit " + i;
      out.edit.push(await time("session_apply", { path, edits: [{ op: "timeline_set_event", index: 0, text }] }));
    }
    return out;
  })();
`;

// Focuses event cell `arguments[0]` and appends a token to it; then, on its own, dispatches
// Enter on it from the page (the focus and its scrolling are painted before the key, as with
// a person's typing).
const SYNTHETIC_TYPE = `
  const [index, n] = arguments;
  const cell = document.querySelectorAll('[data-testid="cell-event"]')[index];
  cell.focus();
  cell.value += " ⟦" + n + "⟧";
`;
const SYNTHETIC_ENTER = `
  document.activeElement.dispatchEvent(
    new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }),
  );
`;

async function keystrokesAndMemory(driver, site, file) {
  const s = await h.openApp(driver, site);
  try {
    const item = await s.waitFind(
      `[data-testid="pir-item"][data-file="${file}"]`,
    );
    await s.click(item);
    await h.waitFor(
      "the timeline grid",
      async () => (await s.findAll('[data-testid="cell-event"]')).length > 0,
      60000,
    );
    await s.waitFind('[data-testid="preview"] article');
    // The PIR open, before any edit: what the edits add to it is the difference.
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const opened = appProcess(h.BIN);
    const openTree = opened ? pssTree(opened.pid) : [];
    await s.execute(KEY_PROBE);
    const cells = await s.findAll('[data-testid="cell-event"]');
    const samples = [];
    for (let k = 0; k < KEYS; k++) {
      // Spread over the table, so the edits are not all near the top of the page.
      const cell = cells[(k * 7) % cells.length];
      await s.click(cell);
      // End (the caret may be anywhere) and the token, then Enter to commit, on its own: the
      // automation stamps every key of one sequence when it queues them, so an Enter sent
      // with the token would carry the time the page spent on the keys before it, which a
      // person's keystrokes, a tenth of a second or more apart, do not.
      await s.type(cell, `\uE010 ⟦${k}⟧`);
      await new Promise((r) => setTimeout(r, 100));
      await s.type(cell, "\uE007");
      const got = await h.waitFor(
        `preview of edit ${k}`,
        () =>
          s.execute(
            `return window.__benchKeys.length > ${k} ? window.__benchKeys[${k}] : null`,
          ),
        30000,
        20,
      );
      samples.push(got);
    }
    // The same edits with Enter dispatched by the page itself: the app's own path from the
    // key event on, without WebDriver's automation (which runs in the app's UI process, where
    // the app's commands are answered too) between the key and the answer.
    const synthetic = [];
    for (let k = 0; k < KEYS; k++) {
      await s.execute(SYNTHETIC_TYPE, [(k * 7 + 3) % cells.length, 1000 + k]);
      await new Promise((r) => setTimeout(r, 100));
      await s.execute(SYNTHETIC_ENTER);
      synthetic.push(
        await h.waitFor(
          `preview of page-dispatched edit ${k}`,
          () =>
            s.execute(
              `return window.__benchKeys.length > ${KEYS + k} ? window.__benchKeys[${KEYS + k}] : null`,
            ),
          30000,
          20,
        ),
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    const ipc = await s.execute(IPC_PROBE, [
      path.join(site, "docs/incidents", file),
      20,
    ]);
    // Let the draft autosave and WebKit settle before reading memory.
    await new Promise((r) => setTimeout(r, 3000));
    const app = appProcess(h.BIN);
    const tree = app ? pssTree(app.pid) : [];
    const mappings = pssByMapping(tree);
    await h.screenshot(s, `bench-${LABEL}`);
    return { samples, synthetic, tree, openTree, ipc, mappings };
  } finally {
    await s.end();
  }
}

/** The median time of each named step over runs, in the order they came. */
function medianSteps(runs) {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(
    names
      .map((n) => [n, median(runs.map((r) => r[n]).filter((v) => v != null))])
      .sort((a, b) => a[1] - b[1]),
  );
}

/** The median time of each of the page's marks after the key event, in the order they came. */
function marksOf(samples) {
  return medianSteps(samples.map((x) => x.marks ?? {}));
}

/** Median, min and max. */
function spread(xs) {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}
const fmt = (x) => `${ms(x.median)} (${x.min.toFixed(0)}–${x.max.toFixed(0)})`;
const mb = (kib) => `${(kib / 1024).toFixed(1)} MB`;
const treeKib = (tree) => tree.reduce((a, p) => a + p.pss, 0);
const treeText = (tree) =>
  tree.map((p) => `${p.comm} ${(p.pss / 1024).toFixed(1)}`).join(", ");

/**
 * Start-up and memory of `bins` (name → binary), the runs of each taken in turn so that a
 * change of the machine's load falls on all of them alike.
 */
async function starts(driver, env, site, bins) {
  const names = Object.keys(bins);
  const out = Object.fromEntries(
    names.map((n) => [
      n,
      {
        total: [],
        page: [],
        steps: [],
        direct: [],
        pss: [],
        uss: [],
        runs: [],
      },
    ]),
  );
  // One start of each first, to fill the page cache; the figures are of the starts after it.
  for (const n of names) await coldStart(driver, site, bins[n]);
  for (let i = 0; i < RUNS; i++)
    for (const n of names) {
      const t = await coldStart(driver, site, bins[n]);
      out[n].total.push(t.total);
      out[n].page.push(t.page);
      out[n].steps.push(t.steps);
      h.log(
        `${n} start ${i + 1}: ${ms(t.total)} (page load to ready: ${ms(t.page)})`,
      );
    }
  for (const n of names) await directStart(env, site, bins[n]);
  for (let i = 0; i < RUNS; i++)
    for (const n of names) {
      const d = await directStart(env, site, bins[n]);
      out[n].direct.push(d.ms);
      out[n].pss.push(treeKib(d.tree));
      out[n].uss.push(d.tree.reduce((a, p) => a + p.uss, 0));
      out[n].runs.push(d);
      h.log(
        `${n} start without WebDriver ${i + 1}: ${ms(d.ms)}, PSS ${mb(treeKib(d.tree))} (${treeText(d.tree)})`,
      );
    }
  return Object.fromEntries(
    names.map((n) => {
      const o = out[n];
      // The mappings of the run whose PSS is the median one.
      const mid = o.runs.find((r) => treeKib(r.tree) === median(o.pss));
      return [
        n,
        {
          binary: bins[n],
          webdriver: spread(o.total),
          page: spread(o.page),
          page_steps: medianSteps(o.steps),
          direct: spread(o.direct),
          pss_kib: spread(o.pss),
          uss_kib: spread(o.uss),
          pss_tree: mid.tree,
          pss_mappings_mb: Object.fromEntries(largest(mid.mappings, 25)),
        },
      ];
    }),
  );
}

async function main() {
  fs.mkdirSync(h.OUT, { recursive: true });
  h.requireTools("make bench-app");
  const haveFloor = fs.existsSync(BLANK);
  if (!haveFloor)
    h.log(
      `no floor: ${BLANK} is missing (cargo build --release -p pir-app --example blank)`,
    );
  const tmp = h.makeScratch();
  const { driver, env } = await h.startShell(tmp);
  const big = prepareSite();
  h.log(
    `${LABEL}: ${h.BIN} (${(fs.statSync(h.BIN).size / 1e6).toFixed(2)} MB)`,
  );
  h.log(
    `PIR: ${big.file} (${(big.bytes / 1024).toFixed(0)} KiB, ${big.source})`,
  );
  const load = fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3);
  h.log(`load average at the start: ${load.join(" ")}`);

  const bins = haveFloor ? { app: h.BIN, floor: BLANK } : { app: h.BIN };
  const start = await starts(driver, env, big.site, bins);

  const { samples, synthetic, tree, openTree, ipc, mappings } =
    await keystrokesAndMemory(driver, big.site, big.file);
  const pick = (k) => samples.map((x) => x[k]);
  const marks = marksOf(samples);
  const pssMb = treeKib(tree) / 1024;
  const app = start.app;
  const floor = start.floor ?? null;

  const result = {
    label: LABEL,
    binary: h.BIN,
    binary_bytes: fs.statSync(h.BIN).size,
    load_average: load.map(Number),
    pir: { file: big.file, bytes: big.bytes, source: big.source },
    start_ms: {
      runs: RUNS,
      median: app.webdriver.median,
      min: app.webdriver.min,
      max: app.webdriver.max,
      page_median: app.page.median,
      direct_median: app.direct.median,
      direct_min: app.direct.min,
      direct_max: app.direct.max,
    },
    keystroke_ms: {
      keys: samples.length,
      dom: { median: median(pick("dom")), p95: quantile(pick("dom"), 0.95) },
      frame: {
        median: median(pick("frame")),
        p95: quantile(pick("frame"), 0.95),
      },
      painted: {
        median: median(pick("painted")),
        p95: quantile(pick("painted"), 0.95),
      },
      marks_median: marks,
    },
    page_dispatched_ms: {
      keys: synthetic.length,
      dom: median(synthetic.map((x) => x.dom)),
      frame: median(synthetic.map((x) => x.frame)),
      painted: median(synthetic.map((x) => x.painted)),
      frame_p95: quantile(
        synthetic.map((x) => x.frame),
        0.95,
      ),
      marks_median: marksOf(synthetic),
    },
    round_trip_ms: Object.fromEntries(
      Object.entries(ipc).map(([k, xs]) => [
        k,
        { median: median(xs), p95: quantile(xs, 0.95) },
      ]),
    ),
    pss_mb: {
      open_no_edit: treeKib(openTree) / 1024,
      total: pssMb,
      uss: tree.reduce((a, p) => a + p.uss, 0) / 1024,
      processes: tree.map((p) => ({ ...p, pss_mb: p.pss / 1024 })),
      mappings: Object.fromEntries(largest(mappings, 25)),
    },
    at_ready: start,
  };
  const out = path.join(ROOT, "target/bench-app");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, `${LABEL}.json`),
    JSON.stringify(result, null, 2),
  );

  const k = result.keystroke_ms;
  // Side by side: the app, the blank window of the same shell, and the difference.
  const row = (what, a, f, unit = ms) =>
    `  ${what.padEnd(34)} ${unit(a).padEnd(12)} ${f === null ? "" : `${unit(f).padEnd(12)} ${unit(a - f)}`}`;
  const pssRow = (what, a, f) => row(what, a, f, mb);
  const steps = (by) =>
    Object.entries(by)
      .map(([n, v]) => `${n} ${v.toFixed(0)}`)
      .join(", ");
  // The eight largest of a mappings object (name → MB), as text.
  const top = (byMb) =>
    Object.entries(byMb)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([n, v]) => `${n} ${v.toFixed(1)}`)
      .join(", ");
  console.log(`
${LABEL}: ${h.BIN} (load average ${load.join(" ")})
  binary                         ${(result.binary_bytes / 1e6).toFixed(2)} MB
  medians of ${RUNS} starts                 app          ${floor ? "floor        app's own" : "(no floor)"}
${row("start to ready", app.webdriver.median, floor?.webdriver.median ?? null)}
${row("  of which page load to ready", app.page.median, floor?.page.median ?? null)}
${row("start without WebDriver", app.direct.median, floor?.direct.median ?? null)}
${pssRow(`PSS ${SETTLE_MS / 1000} s after ready, no WebDriver`, app.pss_kib.median, floor?.pss_kib.median ?? null)}
${pssRow("  of which private (USS)", app.uss_kib.median, floor?.uss_kib.median ?? null)}
  start to list ready            ${fmt(app.webdriver)}
  page steps (median ms)         ${steps(app.page_steps)}
  started without WebDriver      ${fmt(app.direct)}
  PSS at the list, by process    ${treeText(app.pss_tree)}
  … largest mappings (MB)        ${top(app.pss_mappings_mb)}${
    floor
      ? `
  floor: start to ready          ${fmt(floor.webdriver)}
  floor: page steps (median ms)  ${steps(floor.page_steps)}
  floor: without WebDriver       ${fmt(floor.direct)}
  floor: PSS by process          ${treeText(floor.pss_tree)}
  floor: largest mappings (MB)   ${top(floor.pss_mappings_mb)}`
      : ""
  }
  Enter to preview DOM (${KEYS} keys)  median ${ms(k.dom.median)}, p95 ${ms(k.dom.p95)}
  Enter to next frame            median ${ms(k.frame.median)}, p95 ${ms(k.frame.p95)}
  Enter to frame after (painted) median ${ms(k.painted.median)}, p95 ${ms(k.painted.p95)}
  of which, marks (median)       ${Object.entries(marks)
    .map(([n, v]) => `${n} ${ms(v)}`)
    .join(", ")}
  Enter dispatched by the page    to DOM ${ms(result.page_dispatched_ms.dom)}, to next frame ${ms(result.page_dispatched_ms.frame)} (p95 ${ms(result.page_dispatched_ms.frame_p95)}), painted ${ms(result.page_dispatched_ms.painted)}
  of which, marks (median)       ${Object.entries(
    result.page_dispatched_ms.marks_median,
  )
    .map(([n, v]) => `${n} ${ms(v)}`)
    .join(", ")}
  round trips in the page, median ${Object.entries(result.round_trip_ms)
    .map(([n, v]) => `${n} ${ms(v.median)}`)
    .join(", ")}
  PSS with the PIR open, no edit ${(treeKib(openTree) / 1024).toFixed(1)} MB: ${treeText(openTree)}
  PSS with the PIR open, edited  ${pssMb.toFixed(1)} MB: ${treeText(tree)}
  … of which private (USS)       ${mb(tree.reduce((a, p) => a + p.uss, 0))}
  … largest mappings (MB)        ${top(result.pss_mb.mappings)}
  (written to ${path.relative(ROOT, path.join(out, `${LABEL}.json`))})`);
}

const watchdog = setTimeout(
  () => {
    h.log("FAIL: the benchmark took longer than 20 minutes");
    h.cleanup();
    process.exit(1);
  },
  20 * 60 * 1000,
);
let code = 0;
try {
  await main();
} catch (e) {
  h.log(`FAIL: ${e.stack ?? e}`);
  code = 1;
} finally {
  clearTimeout(watchdog);
  h.cleanup();
}
process.exit(code);
