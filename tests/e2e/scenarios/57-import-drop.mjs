// Evidence dropped on the timeline at 1024×700: a Slack channel export (a folder of day files
// with users.json beside it) and an Alertmanager webhook payload, written here in each
// format's documented shape, are dropped on the open PIR's timeline; the Import review lists
// their rows, two are deselected, the rest inserted and saved, and the file on disk gains
// exactly the kept rows in the site's own row style, every other line byte-identical.
// Dropped again, the same evidence offers the rows already inserted unticked.
//
// A driven window cannot drag files from outside, so the scenario emits the event the native
// layer emits for a drop (`tauri://drag-drop`, physical pixels of the webview), which a debug
// build lets the page do when the harness asks (PIR_EDITOR_TEST_EVENTS).

import fs from "node:fs";
import path from "node:path";
import {
  SAMPLE,
  assert,
  check,
  copySite,
  log,
  openApp,
  openPir,
  savePir,
  screenshot,
  waitFor,
} from "../harness.mjs";

const PIR = "2026-05-02-internal-dns-resolver-outage.md";

/** Seconds since the epoch of 2026-05-02 `hh:mm:ss` UTC, as Slack's `ts` writes them. */
const ts = (hh, mm, ss = 0) =>
  `${Date.UTC(2026, 4, 2, hh, mm, ss) / 1000}.000200`;

/** A Slack export: `users.json` at its root, one folder per channel of `YYYY-MM-DD.json`. */
export function writeSlackExport(dir) {
  const channel = path.join(dir, "incident-dns");
  fs.mkdirSync(channel, { recursive: true });
  const user = (id, name, real) => ({
    id,
    name,
    real_name: real,
    profile: { display_name: name, real_name: real },
  });
  fs.writeFileSync(
    path.join(dir, "users.json"),
    JSON.stringify([
      user("U01ALICE", "alice", "Alice Ng"),
      user("U02BOB", "bob", "Bob Ruiz"),
    ]),
  );
  const message = (user, hh, mm, text, extra = {}) => ({
    type: "message",
    user,
    text,
    ts: ts(hh, mm),
    ...extra,
  });
  fs.writeFileSync(
    path.join(channel, "2026-05-02.json"),
    JSON.stringify(
      [
        message("U02BOB", 9, 13, "<@U02BOB> has joined the channel", {
          subtype: "channel_join",
        }),
        message(
          "U01ALICE",
          9,
          14,
          "lookups of internal names time out everywhere",
        ),
        message(
          "U02BOB",
          9,
          24,
          "<@U01ALICE> ns1 forwards to ns2 and back, rolling back the push",
        ),
        message(
          "U01ALICE",
          9,
          41,
          "resolution is back, watching the cache hit rate",
        ),
      ],
      null,
      2,
    ),
  );
  return channel;
}

/** An Alertmanager webhook payload (version 4) of one alert that fired and resolved. */
export function writeAlertmanager(file) {
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        version: "4",
        groupKey: '{}:{alertname="DnsResolverDown"}',
        status: "resolved",
        receiver: "oncall",
        groupLabels: { alertname: "DnsResolverDown" },
        commonLabels: { alertname: "DnsResolverDown", severity: "critical" },
        commonAnnotations: {},
        externalURL: "http://alertmanager.local:9093",
        alerts: [
          {
            status: "resolved",
            labels: {
              alertname: "DnsResolverDown",
              severity: "critical",
              instance: "ns1:53",
            },
            annotations: {
              summary: "Resolver answers fewer than half of the queries",
            },
            startsAt: "2026-05-02T09:16:00Z",
            endsAt: "2026-05-02T09:52:00Z",
            generatorURL: "http://prometheus.local:9090/graph",
            fingerprint: "3f2a9c1d0b7e6a51",
          },
        ],
      },
      null,
      2,
    ),
  );
}

/** Emits a drag event of the native layer at the centre of `css` (physical pixels). */
const EMIT_AT = `
  const [event, css, paths] = arguments;
  const done = arguments[arguments.length - 1];
  const r = document.querySelector(css).getBoundingClientRect();
  const scale = window.devicePixelRatio || 1;
  const position = { x: (r.left + r.width / 2) * scale, y: (r.top + Math.min(r.height / 2, 120)) * scale };
  const payload = paths ? { paths, position } : { position };
  window.__TAURI_INTERNALS__
    .invoke("plugin:event|emit", { event, payload })
    .then(() => done("ok"), (e) => done("failed: " + JSON.stringify(e)));`;

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, tmp } = ctx;
  const site = copySite(SAMPLE, "import-drop-site");
  const file = path.join(site, "docs/incidents", PIR);
  const before = fs.readFileSync(file, "utf8");
  const evidence = path.join(tmp, "import-evidence");
  const channel = writeSlackExport(path.join(evidence, "slack-export"));
  const alerts = path.join(evidence, "alertmanager-webhook.json");
  writeAlertmanager(alerts);
  const paths = [channel, alerts];
  const emit = async (event, withPaths) => {
    const out = await s.executeAsync(EMIT_AT, [
      event,
      '[data-testid="pane-timeline"]',
      withPaths ? paths : null,
    ]);
    assert(out === "ok", `emitting ${event}: ${out}`);
  };

  const s = await openApp(driver, site);
  /** The event texts kept and dropped in the review. */
  let kept = [];
  let dropped = [];
  try {
    const [w, h] = await s.resize(1024, 700);
    log(`window inside ${w}×${h}`);
    await openPir(s, PIR);
    await s.waitFind('[data-testid="timeline-grid"]');
    await screenshot(s, "import-drop-open");

    await check(
      "import: files hovering the timeline highlight it",
      async () => {
        await emit("tauri://drag-enter", true);
        await emit("tauri://drag-over", false);
        await s.waitFind('[data-testid="timeline-drop-hint"]');
        await screenshot(s, "import-drop-hover");
      },
    );

    await check(
      "import: the drop opens the review with the Slack and Alertmanager rows",
      async () => {
        await emit("tauri://drag-drop", true);
        await s.waitFind('[data-testid="import-dialog"]');
        await waitFor(
          "five candidate rows",
          async () =>
            (await s.findAll('[data-testid="import-row"]')).length === 5,
        );
        assert(
          (await s.findAll('[data-testid="timeline-drop-hint"]')).length === 0,
          "the highlight is gone after the drop",
        );
        const sources = await s.findAll('[data-testid="import-source"]');
        assert(
          sources.length === 2,
          `two sources listed, got ${sources.length}`,
        );
        const rows = await s.findAll('[data-testid="import-row"]');
        const texts = await Promise.all(rows.map((r) => s.text(r)));
        log(`candidates:\n${texts.join("\n")}`);
        assert(
          texts.filter((t) => t.includes("slack")).length === 3 &&
            texts.filter((t) => t.includes("alertmanager")).length === 2,
          "three Slack messages (the join skipped) and the alert's two states",
        );
        await screenshot(s, "import-drop-review");
      },
    );

    await check("import: deselect two rows and insert the rest", async () => {
      const events = await s.findAll('[data-testid="import-event"]');
      const values = await Promise.all(
        events.map((e) => s.property(e, "value")),
      );
      const keep = await s.findAll('[data-testid="import-keep"]');
      for (const i of [1, 3]) await s.click(keep[i]);
      dropped = [values[1], values[3]];
      kept = values.filter((_, i) => i !== 1 && i !== 3);
      const insert = await s.find('[data-testid="import-insert"]');
      assert(
        (await s.text(insert)).includes("Insert 3 rows"),
        `the button counts the kept rows: ${await s.text(insert)}`,
      );
      await screenshot(s, "import-drop-deselected");
      await s.click(insert);
      await waitFor(
        "the review closed",
        async () =>
          (await s.findAll('[data-testid="import-dialog"]')).length === 0,
      );
      await s.waitFind('[data-testid="dirty-dot"]');
      await waitFor("the preview shows the kept rows", async () => {
        const html = await s.property(
          await s.find('[data-testid="preview"]'),
          "textContent",
        );
        // The preview renders markup: compare the words only.
        const words = (t) => t.replace(/[`*<>@]/g, "").replace(/\s+/g, " ");
        return kept.every((k) => words(html).includes(words(k).slice(0, 30)));
      });
      await screenshot(s, "import-drop-inserted");
    });

    await check(
      "import: the saved file gains exactly the kept rows in the site's style",
      async () => {
        await savePir(s);
        await screenshot(s, "import-drop-saved");
        const after = fs.readFileSync(file, "utf8").split("\n");
        const old = before.split("\n");
        // The lines the save added, in file order.
        const added = [];
        let j = 0;
        for (const line of after) {
          if (j < old.length && line === old[j]) j++;
          else added.push(line);
        }
        assert(
          j === old.length,
          "every line of the file before is still there, in order",
        );
        log(`rows added:\n${added.join("\n")}`);
        assert(added.length === 3, `three lines added:\n${added.join("\n")}`);
        // The timeline's rows: `| **09:15 UTC**   | event |`, padded like their neighbours.
        const style = /^\| \*\*09:\d\d UTC\*\* +\| .+ \|$/;
        for (const line of added)
          assert(style.test(line), `a row in the site's style: ${line}`);
        kept.forEach((k, i) =>
          assert(
            added[i].includes(k),
            `row ${i + 1} is the kept "${k}": ${added[i]}`,
          ),
        );
        for (const d of dropped)
          assert(
            !after.some((l) => l.includes(d)),
            `the deselected "${d}" is not in the file`,
          );
        // Times in order, the timeline still sorted.
        const times = after
          .map((l) => /^\| \*\*~?(\d\d:\d\d) UTC\*\*/.exec(l)?.[1])
          .filter(Boolean);
        assert(
          times.join() === [...times].sort().join(),
          `the timeline stays in time order: ${times.join(" ")}`,
        );
      },
    );

    await check(
      "import: the same evidence dropped again offers the inserted rows unticked",
      async () => {
        await emit("tauri://drag-drop", true);
        await waitFor(
          "five candidate rows again",
          async () =>
            (await s.findAll('[data-testid="import-row"]')).length === 5,
        );
        const rows = await s.findAll('[data-testid="import-row"]');
        const keep = await s.findAll('[data-testid="import-keep"]');
        const events = await s.findAll('[data-testid="import-event"]');
        for (let i = 0; i < rows.length; i++) {
          const event = await s.property(events[i], "value");
          const present = (await s.text(rows[i])).includes("in the timeline");
          const ticked = await s.property(keep[i], "checked");
          assert(
            present === kept.includes(event) && ticked === !present,
            `row ${i + 1} "${event}": in the timeline ${present}, ticked ${ticked}`,
          );
        }
        await screenshot(s, "import-drop-again");
        await s.click(await s.find('[data-testid="import-cancel"]'));
      },
    );
  } finally {
    await s.end();
  }
}
