// Authoring the real site beside the repository (../shared/fixtures/seed-site: 2 PIRs, the
// largest 77 KB) in a 1024×700 window: a 300-character event shows whole in its row; a save
// that would also rewrite the home list's entry writes only the PIR once that file is
// unticked; preview links open the other PIR in the app or go to the system's opener, and the
// window never navigates; an edit discarded on switching PIRs leaves no draft to offer on the
// next start; and the wizard writes pasted timeline rows as the site's own table rows.
//
// The seed's PIRs link nowhere, so the copy's largest PIR gets one References line with a link
// to the other PIR and one to a web page. Without the seed site every check is recorded as
// skipped, with the reason, in the run's summary.

import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  APP_ID,
  assert,
  check,
  listedFiles,
  log,
  openApp,
  openPir,
  openedPages,
  savedDrafts,
  screenshot,
  seedCopy,
  textOf,
  waitFor,
} from "../harness.mjs";

const CHECKS = {
  event: "seed site: a 300-character event shows whole at 1024×700",
  save: "seed site: a save with the home list unticked changes only the PIR on disk",
  links:
    "seed site: preview links open the other PIR in the app or the opener, the window stays",
  discard:
    "seed site: an edit discarded on switching PIRs leaves no draft on the next start",
  wizard:
    "seed site: the wizard writes pasted timeline rows in the site's table style, zone and plain times, the placeholder row gone by itself",
  list: "seed site: the list's dates stay on one line at 1024×700",
  pages: "seed site: Commit…, Metrics and Settings fit a 1024×700 window",
};

const OTHER = "2026-02-22-radarr-openebs-jiva-replica-divergence.md";
const WEB = "https://microk8s.io/docs";
const X11 = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "../x11.py",
);

/** The 300 characters typed as one event. */
const EVENT = (
  "kubelite on k8s01 restarts again while the audit buffer stays blocked; the API server " +
  "answers slowly, three runner pods stay Pending and the on-call engineer drains the node, " +
  "moves the ingress controller to k8s02 and opens a bridge with the storage team to check " +
  "the Jiva replicas. "
)
  .repeat(2)
  .slice(0, 299)
  .trimEnd()
  .padEnd(300, ".");

/** The geometry of the `i`th element matching `css`, as the page lays it out. */
const GEOMETRY = `
  const el = document.querySelectorAll(arguments[0])[arguments[1]];
  if (!el) return null;
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const line = parseFloat(style.lineHeight) || 0;
  return { x: r.x, y: r.y, w: r.width, h: r.height, line, font: parseFloat(style.fontSize),
    scrollW: el.scrollWidth, clientW: el.clientWidth,
    scrollH: el.scrollHeight, clientH: el.clientHeight };`;

/** Every file of `dir` (relative path → sha256), to see what a save touched. */
function snapshot(dir) {
  const out = {};
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else
        out[path.relative(dir, p)] = crypto
          .createHash("sha256")
          .update(fs.readFileSync(p))
          .digest("hex");
    }
  };
  walk(dir);
  return out;
}

/** The files whose bytes differ between two snapshots (added and removed ones included). */
function changedFiles(a, b) {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((f) => a[f] !== b[f])
    .sort();
}

function x11(env, ...args) {
  return execFileSync(X11, args, { env: { ...process.env, ...env } })
    .toString()
    .split("\n")
    .filter(Boolean);
}

/** The titles of the display's named windows. */
function titles(env) {
  return x11(env, "titles").map((l) => l.split("\t")[1]);
}

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, env } = ctx;
  const site = seedCopy("seed-authoring", Object.values(CHECKS));
  if (!site) return;
  ctx.lastOpened = site;
  const dir = path.join(site, "docs/incidents");
  const draftsDir = path.join(env.XDG_DATA_HOME, APP_ID, "drafts");
  // The largest PIR of the site: the one with the most to read and edit.
  const largest = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f !== "index.md")
    .map((f) => [f, fs.statSync(path.join(dir, f)).size])
    .sort((a, b) => b[1] - a[1])[0][0];
  const file = path.join(dir, largest);
  const original = fs.readFileSync(file, "utf8");
  const withLinks = original.replace(
    "## References\n\n",
    `## References\n\n- Related: [the Radarr replica divergence](${OTHER}) and [the microk8s documentation](${WEB})\n`,
  );
  assert(withLinks !== original, `${largest} has no References section`);
  fs.writeFileSync(file, withLinks);

  let s = await openApp(driver, site);
  const geometry = (css, i = 0) => s.execute(GEOMETRY, [css, i]);
  const href = () => s.execute("return location.href;");
  const selected = () =>
    s.execute(
      "return document.querySelector('[data-testid=\"pir-item\"].selected')?.dataset.file ?? null;",
    );
  const previewLink = (target) =>
    s.waitFind(`[data-testid="preview"] a[href="${target}"]`);
  try {
    const [w, h] = await s.resize(1024, 700);
    log(
      `window inside ${w}×${h}; opening ${largest} (${original.length} bytes)`,
    );
    await openPir(s, largest);
    await s.waitFind('[data-testid="cell-event"]');
    await screenshot(s, "seed-open");

    await check(CHECKS.list, async () => {
      const n = (await s.findAll('[data-testid="pir-item"] .pir-date')).length;
      assert(n === 2, `${n} dates listed`);
      for (let i = 0; i < n; i++) {
        const g = await geometry('[data-testid="pir-item"] .pir-date', i);
        assert(
          g.h < 2 * g.font && g.scrollW <= g.clientW + 1,
          `date ${i + 1} is split or clipped: ${JSON.stringify(g)}`,
        );
      }
    });

    await check(CHECKS.event, async () => {
      // The first row: a key event (its marker is kept apart from the text in the grid).
      const cell = (await s.findAll('[data-testid="cell-event"]'))[0];
      await s.click(cell);
      // Select all, then type over it.
      await s.type(cell, "\uE009a\uE000");
      await s.type(cell, EVENT);
      const g = await geometry('[data-testid="cell-event"]');
      log(`event cell ${JSON.stringify(g)}`);
      assert(
        (await s.property(cell, "value")) === EVENT,
        "the cell holds the 300 characters",
      );
      assert(
        g.w >= 0.3 * w,
        `the event cell is ${g.w} px wide, under 30 % of the ${w} px window`,
      );
      assert(
        g.line > 0 && g.h >= 3 * g.line,
        `the cell did not grow for the wrapped text: ${g.h} px, line ${g.line} px`,
      );
      assert(
        g.scrollH <= g.clientH + 1,
        `text hidden below the cell: ${g.scrollH} px of text in ${g.clientH} px`,
      );
      assert(
        g.x >= 0 && g.x + g.w <= w,
        `the cell is not inside the window: x ${g.x}, width ${g.w}`,
      );
      await s.type(cell, "\uE007");
      await s.waitFind('[data-testid="dirty-dot"]');
      const after = await geometry('[data-testid="cell-event"]');
      assert(
        after.scrollH <= after.clientH + 1 && after.h >= 3 * after.line,
        `the committed event does not show whole: ${JSON.stringify(after)}`,
      );
      await waitFor("the preview shows the event", async () =>
        (
          await s.property(
            await s.find('[data-testid="preview"]'),
            "textContent",
          )
        ).includes(EVENT.slice(0, 60)),
      );
      await screenshot(s, "seed-long-event");
    });

    await check(CHECKS.save, async () => {
      const before = snapshot(site);
      const severity = await s.waitFind('[data-testid="meta-severity"]');
      const old = await s.property(severity, "value");
      assert(old.startsWith("Critical"), `the severity: ${old}`);
      await s.click(severity);
      // Select all, then the level changed from Critical to High; Enter commits the field.
      await s.type(severity, "\uE009a\uE000");
      await s.type(severity, `${old.replace("Critical", "High")}\uE007`);
      await s.waitFind('[data-testid="dirty-dot"]');
      await s.click(await s.find('[data-testid="save"]'));
      const dialog = await s.waitFind('[data-testid="save-plan"]');
      const text = await s.text(dialog);
      assert(text.includes("docs/index.md"), `the plan: ${text}`);
      const box = await geometry('[data-testid="save-plan"]');
      assert(
        box.y >= 0 && box.y + box.h <= h && box.x >= 0 && box.x + box.w <= w,
        `the plan is larger than the window: ${JSON.stringify(box)}`,
      );
      // WebKitGTK draws a scrolling pane's overlay scrollbar over a dialog: while one is
      // open, nothing behind it scrolls.
      const scrollers = await s.execute(
        `return [...document.querySelectorAll("body *")]
           .filter((e) => !e.closest(".modal-backdrop"))
           .filter((e) => {
             const o = getComputedStyle(e);
             return /auto|scroll/.test(o.overflowX + o.overflowY) &&
               (e.scrollHeight > e.clientHeight || e.scrollWidth > e.clientWidth);
           })
           .map((e) => e.tagName.toLowerCase() + "." + [...e.classList].join("."));`,
      );
      assert(
        scrollers.length === 0,
        `behind the plan these still scroll: ${scrollers.slice(0, 5).join(", ")}`,
      );
      await screenshot(s, "seed-save-plan");
      const ticks = await s.findAll('[data-testid="save-plan-tick"]');
      assert(ticks.length === 1, `${ticks.length} extra files to untick`);
      await s.click(ticks[0]);
      await s.click(await s.find('[data-testid="save-plan-save"]'));
      await waitFor("saved", async () => {
        const n = await s.findAll('[data-testid="editor-notice"]');
        return n.length > 0 && (await s.text(n[0])).includes("Saved");
      });
      await screenshot(s, "seed-saved");
      const changed = changedFiles(before, snapshot(site));
      assert(
        JSON.stringify(changed) === JSON.stringify([path.relative(site, file)]),
        `changed on disk: ${changed.join(", ")}`,
      );
      const saved = fs.readFileSync(file, "utf8");
      assert(
        saved.includes(`**INCIDENT START**: ${EVENT}`) &&
          saved.includes("**Severity:** High ("),
        "the PIR holds the event and the new severity",
      );
    });

    await check(CHECKS.links, async () => {
      await previewLink(OTHER);
      const start = await href();
      await s.click(await previewLink(OTHER));
      await waitFor(
        "the linked PIR is open",
        async () =>
          (await selected()) === OTHER &&
          (await textOf(s, '[data-testid="editor-title"]')).includes(OTHER),
      );
      assert(
        (await href()) === start,
        `the window's URL changed to ${await href()}`,
      );
      await screenshot(s, "seed-link-followed");
      await openPir(s, largest);
      await s.click(await previewLink(WEB));
      await waitFor("the opener was asked", async () =>
        openedPages().includes(WEB),
      );
      assert(
        (await href()) === start,
        `the window's URL changed to ${await href()}`,
      );
      assert((await selected()) === largest, "the PIR is still open");
      await screenshot(s, "seed-link-web");
    });

    let discarded = false;
    await check(CHECKS.discard, async () => {
      const cell = (await s.findAll('[data-testid="cell-event"]'))[1];
      await s.click(cell);
      await s.type(cell, "\uE010 (to be discarded)\uE007");
      await s.waitFind('[data-testid="dirty-dot"]');
      await waitFor(
        "a draft of the edit",
        () =>
          savedDrafts(draftsDir).some(([, d]) =>
            d.text.includes("(to be discarded)"),
          ),
        20000,
      );
      await openPir(s, OTHER);
      await waitFor('the "Unsaved changes" question', () =>
        titles(env).includes("Unsaved changes"),
      );
      // Its "_OK" button: discard the edit and open the other PIR.
      x11(env, "keys", "Unsaved changes", "alt+o");
      await waitFor(
        "the other PIR open",
        async () => (await selected()) === OTHER,
      );
      await waitFor(
        "no draft left",
        () => savedDrafts(draftsDir).length === 0,
        10000,
      );
      assert(
        !fs.readFileSync(file, "utf8").includes("(to be discarded)"),
        "the discarded edit is not on disk",
      );
      await screenshot(s, "seed-discarded");
      discarded = true;
    });

    await s.end();
    s = await openApp(driver, site);
    await s.resize(1024, 700);
    if (discarded)
      await check(CHECKS.discard + " (restarted)", async () => {
        await waitFor(
          "the list",
          async () => (await listedFiles(s)).length === 2,
        );
        // The drafts are offered right after the site opens: give them time to come.
        await new Promise((r) => setTimeout(r, 3000));
        assert(
          (await s.findAll('[data-testid="drafts-dialog"]')).length === 0,
          "a draft is offered",
        );
        await screenshot(s, "seed-restarted");
      });

    await check(CHECKS.wizard, async () => {
      await s.click(await s.waitFind('[data-testid="new-pir"]'));
      await s.type(
        await s.waitFind('[data-testid="title"]'),
        "Ingress controller stale endpoints",
      );
      const date = await s.find('[data-testid="date"]');
      await s.clear(date);
      await s.type(date, "2026-03-09");
      await waitFor("file name preview", async () =>
        (await textOf(s, '[data-testid="file-name"]')).includes(".md"),
      );
      await screenshot(s, "seed-wizard-basics");
      await s.click(await s.find('[data-testid="next"]'));
      // The template's sections come after the first step.
      const labels = await waitFor("the template's steps", async () => {
        const l = [];
        for (const el of await s.findAll('[data-testid="rail-item"] .label'))
          l.push(await s.text(el));
        return l.length > 1 ? l : null;
      });
      log(`wizard steps: ${labels.join(" | ")}`);
      // A prose step's editor has the room for a table's rows (its guidance goes below).
      await s.waitFind('[data-testid="markdown-editor"]');
      const md = await geometry('[data-testid="markdown-editor"]');
      assert(
        md.w >= 0.5 * w,
        `the step's editor is ${md.w} px wide in a ${w} px window`,
      );
      await screenshot(s, "seed-wizard-section");
      const at = labels.findIndex((l) => l.startsWith("Timeline"));
      assert(at > 0, `a Timeline step: ${JSON.stringify(labels)}`);
      await s.click((await s.findAll('[data-testid="rail-item"] button'))[at]);
      await s.waitFind('[data-testid="timeline-grid"]');
      const before = (await s.findAll('[data-testid="timeline-row"]')).length;
      await s.type(
        await s.waitFind('[data-testid="paste-lines"]'),
        [
          "12:30 Users report 504 Gateway Timeout for Sonarr",
          "14:11 Sonarr answers again after the ingress restart",
        ].join("\uE007"),
      );
      await s.click(await s.find('[data-testid="paste-add"]'));
      // The template's placeholder row goes by itself with the first pasted row.
      assert(before === 1, `the template's one placeholder row: ${before}`);
      await waitFor(
        "the two pasted rows, the placeholder row gone by itself",
        async () =>
          (await s.findAll('[data-testid="timeline-row"]')).length === 2,
      );
      await screenshot(s, "seed-wizard-timeline");
      await s.click(await s.find('[data-testid="finish"]'));
      await waitFor("created", async () =>
        (await textOf(s, '[data-testid="notice"]')).includes("Created"),
      );
      await screenshot(s, "seed-wizard-created");
      const created = fs
        .readdirSync(dir)
        .find((f) => f.includes("ingress-controller-stale-endpoints"));
      assert(created, `a new PIR in ${dir}: ${fs.readdirSync(dir)}`);
      const text = fs.readFileSync(path.join(dir, created), "utf8");
      const timeline = text.slice(text.indexOf("## Timeline"));
      log(
        `created ${created}: ${timeline.split("\n").slice(0, 8).join(" ⏎ ")}`,
      );
      // Headed with the zone the site's timelines name (the template says UTC), a
      // `| Time | Event |` table, one row per pasted line, its time plain as the site's
      // rows are (the template's placeholder is bold), the placeholder row gone.
      assert(
        /^## Timeline \(AEST/m.test(timeline),
        `the site's zone in the heading:\n${timeline}`,
      );
      assert(
        /^\| *Time *\| *Event *\|/m.test(timeline),
        `a Time | Event table:\n${timeline}`,
      );
      assert(
        !timeline.includes("[Event]"),
        `the placeholder row is gone:\n${timeline}`,
      );
      for (const [t, e] of [
        ["12:30", "Users report 504 Gateway Timeout for Sonarr"],
        ["14:11", "Sonarr answers again after the ingress restart"],
      ])
        assert(
          new RegExp(`^\\| *${t} *\\| *${e} *\\|$`, "m").test(timeline),
          `a table row for ${t}:\n${timeline}`,
        );
    });

    await check(CHECKS.pages, async () => {
      for (const [button, name] of [
        ["open-git", "commit"],
        ["open-metrics", "metrics"],
        ["open-settings", "settings"],
      ]) {
        await s.click(await s.find(`[data-testid="${button}"]`));
        await new Promise((r) => setTimeout(r, 1500));
        await screenshot(s, `seed-${name}`);
        const wide = await s.execute(
          "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight];",
        );
        assert(
          wide[0] <= w && wide[1] <= h,
          `${name}: the page is ${wide[0]}×${wide[1]} in a ${w}×${h} window`,
        );
        // The same button again goes back to the PIR.
        await s.click(await s.find(`[data-testid="${button}"]`));
      }
    });
  } finally {
    await s.end();
  }
}
