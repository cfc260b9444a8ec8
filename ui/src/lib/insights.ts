// The Metrics page's charts as data: one spec per chart (its chart.js configuration) and, for
// each bar, the PIRs behind it. Kept apart from the component so the mapping from a clicked
// bar to its PIRs is plain functions, testable without a canvas.
import type { ChartConfiguration } from "chart.js";
import type { AgeBucket } from "./bindings/AgeBucket";
import type { OwnerActions } from "./bindings/OwnerActions";
import type { PirStat } from "./bindings/PirStat";
import type { SiteStats } from "./bindings/SiteStats";
import type { Spread } from "./bindings/Spread";
import { OTHER_COLOUR, statsSeverityColour } from "./severity";

/** A PIR (or one of its action items) behind a bar. */
export interface Behind {
  /** Path relative to the docs folder. */
  rel: string;
  title: string;
  /** What this PIR adds to the bar: a duration, an action item. */
  detail: string | null;
}

/** One chart of the page. */
export interface ChartSpec {
  id: "per-month" | "by-tag" | "time-to-detect" | "time-to-resolve" | "open-actions";
  title: string;
  /** What the page says instead of the chart when there is nothing to draw. */
  empty: string | null;
  /** How to read the chart, when its legend would not say. */
  note: string | null;
  config: ChartConfiguration;
  /** The PIRs behind the element at (dataset, index), and a caption for them. */
  behind(datasetIndex: number, index: number): { caption: string; items: Behind[] };
}

/** Colours of text and grid lines, from the page's light or dark theme. */
export interface ChartTheme {
  fg: string;
  muted: string;
  grid: string;
  accent: string;
}

/** The theme from the page's CSS variables (the defaults are the light theme's). */
export function pageTheme(el: Element = document.documentElement): ChartTheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    fg: v("--fg", "#1f2328"),
    muted: v("--muted", "#5f6670"),
    grid: v("--border", "#d8dce1"),
    accent: v("--accent", "#3f51b5"),
  };
}

/** The colour of each age band of open action items (pir-core puts each item in its band
 * and names the bands). */
export const AGE_COLOURS: Record<AgeBucket, string> = {
  up_to_30_days: "#43a047",
  days_31_to_90: "#fb8c00",
  over_90_days: "#c62828",
  undated: OTHER_COLOUR,
};

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

function titleOf(pirs: PirStat[]): (rel: string) => string {
  const titles = new Map(pirs.map((p) => [p.rel, p.title ?? p.rel]));
  return (rel) => titles.get(rel) ?? rel;
}

function axes(theme: ChartTheme, stacked: boolean, yTitle: string) {
  return {
    x: { stacked, ticks: { color: theme.fg }, grid: { color: theme.grid } },
    y: {
      stacked,
      beginAtZero: true,
      ticks: { color: theme.fg, precision: 0 },
      grid: { color: theme.grid },
      title: { display: true, text: yTitle, color: theme.muted },
    },
  };
}

function plugins(theme: ChartTheme, legend: boolean) {
  return { legend: { display: legend, labels: { color: theme.fg } } };
}

const base = { responsive: true, maintainAspectRatio: false, animation: false as const };

/** Incidents per month, stacked by severity. */
export function perMonthChart(stats: SiteStats, theme: ChartTheme): ChartSpec {
  const months = stats.per_month.map((c) => c.key);
  const severities = stats.by_severity.map((c) => c.key);
  const title = titleOf(stats.pirs);
  const of = (month: string, sev: string) =>
    stats.pirs.filter((p) => p.month === month && p.severity === sev);
  return {
    id: "per-month",
    title: "Incidents per month",
    empty: months.length === 0 ? "No PIR has a valid date." : null,
    note: null,
    config: {
      type: "bar",
      data: {
        labels: months,
        datasets: severities.map((sev) => ({
          label: sev,
          data: months.map((m) => of(m, sev).length),
          backgroundColor: statsSeverityColour(stats, sev),
          stack: "incidents",
        })),
      },
      options: { ...base, scales: axes(theme, true, "incidents"), plugins: plugins(theme, true) },
    },
    behind(ds, i) {
      const sev = severities[ds];
      const month = months[i];
      const items = of(month, sev).map((p) => ({ rel: p.rel, title: title(p.rel), detail: null }));
      return { caption: `${sev} incidents in ${month}: ${items.length}`, items };
    },
  };
}

/** Incidents per tag. */
export function byTagChart(stats: SiteStats, theme: ChartTheme): ChartSpec {
  const tags = stats.by_tag.map((c) => c.key);
  const title = titleOf(stats.pirs);
  return {
    id: "by-tag",
    title: "Incidents by tag",
    empty: tags.length === 0 ? "No PIR has tags." : null,
    note: null,
    config: {
      type: "bar",
      data: {
        labels: tags,
        datasets: [
          {
            label: "Incidents",
            data: stats.by_tag.map((c) => c.count),
            backgroundColor: theme.accent,
          },
        ],
      },
      options: { ...base, scales: axes(theme, false, "incidents"), plugins: plugins(theme, false) },
    },
    behind(_ds, i) {
      const tag = tags[i].toLowerCase();
      const items = stats.pirs
        .filter((p) => p.tags.some((t) => t.trim().toLowerCase() === tag))
        .map((p) => ({ rel: p.rel, title: title(p.rel), detail: null }));
      return { caption: `Tagged ${tags[i]}: ${items.length}`, items };
    },
  };
}

/** `#rrggbb` with an alpha. */
function faded(colour: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(colour);
  if (!m) return colour;
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Time to detect or to resolve per severity: min–max, quartiles and median, in minutes. */
export function durationChart(
  stats: SiteStats,
  theme: ChartTheme,
  which: "time_to_detect" | "time_to_resolve",
): ChartSpec {
  const rows = stats.durations;
  const labels = rows.map((d) => d.severity);
  const spreads: (Spread | null)[] = rows.map((d) => d[which] ?? null);
  const colour = (sev: string) => (sev === "All" ? OTHER_COLOUR : statsSeverityColour(stats, sev));
  const title = titleOf(stats.pirs);
  const what = which === "time_to_detect" ? "Time to detect" : "Time to resolve";
  const floating = (lo: keyof Spread, hi: keyof Spread) =>
    spreads.map((s) => (s ? [s[lo], s[hi]] : null)) as unknown as number[];
  return {
    id: which === "time_to_detect" ? "time-to-detect" : "time-to-resolve",
    title: `${what} (minutes)`,
    empty: spreads.every((s) => s === null)
      ? "No PIR has the key events this needs (see Not measurable)."
      : null,
    // The bars take each severity's colour, which a legend entry cannot show: say it instead.
    note: "Line: median · dark bar: 25th–75th percentile · light bar: min–max",
    config: {
      type: "bar",
      data: {
        labels,
        datasets: [
          {
            label: "min–max",
            data: floating("min", "max"),
            backgroundColor: labels.map((l) => faded(colour(l), 0.3)),
            grouped: false,
            barPercentage: 0.25,
            minBarLength: 2,
            order: 2,
          },
          {
            label: "25th–75th percentile",
            data: floating("p25", "p75"),
            backgroundColor: labels.map(colour),
            grouped: false,
            barPercentage: 0.6,
            minBarLength: 2,
            order: 1,
          },
          {
            type: "line",
            label: "median",
            data: spreads.map((s) => (s ? s.median : null)) as number[],
            showLine: false,
            pointStyle: "line",
            pointRadius: 14,
            pointHoverRadius: 16,
            borderWidth: 3,
            borderColor: theme.fg,
            backgroundColor: theme.fg,
            order: 0,
          },
        ],
      },
      options: {
        ...base,
        scales: axes(theme, false, "minutes"),
        plugins: plugins(theme, false),
      },
    },
    behind(_ds, i) {
      const sev = labels[i];
      const key = which;
      const items = stats.pirs
        .filter((p) => (sev === "All" || p.severity === sev) && p[key] != null)
        .sort((a, b) => (a[key] ?? 0) - (b[key] ?? 0))
        .map((p) => {
          const how = key === "time_to_resolve" ? p.resolve_estimated : null;
          const detail = how ? `${p[key]} min, estimated from ${how}` : `${p[key]} min`;
          return { rel: p.rel, title: title(p.rel), detail };
        });
      const s = spreads[i];
      const estimated = which === "time_to_resolve" ? rows[i].resolve_estimated : 0;
      const caption = s
        ? `${what}, ${sev}: median ${s.median} min, ${s.min}–${s.max} min over ${plural(s.count, "PIR")}` +
          (estimated ? ` (${estimated} estimated)` : "")
        : `${what}, ${sev}: not measurable`;
      return { caption, items };
    },
  };
}

/** Open action items per owner, stacked by age. */
export function openActionsChart(stats: SiteStats, theme: ChartTheme): ChartSpec {
  const owners: OwnerActions[] = stats.open_by_owner;
  const title = titleOf(stats.pirs);
  return {
    id: "open-actions",
    title: "Open action items by owner and age",
    empty: owners.length === 0 ? "No open action items." : null,
    note: null,
    config: {
      type: "bar",
      data: {
        labels: owners.map((o) => o.owner),
        datasets: stats.age_buckets.map((b) => ({
          label: b.label,
          data: owners.map((o) => o.items.filter((i) => i.bucket === b.bucket).length),
          backgroundColor: AGE_COLOURS[b.bucket],
          stack: "age",
        })),
      },
      options: {
        ...base,
        scales: axes(theme, true, "open items"),
        plugins: plugins(theme, true),
      },
    },
    behind(ds, i) {
      const { bucket, label } = stats.age_buckets[ds];
      const owner = owners[i];
      const items = owner.items
        .filter((it) => it.bucket === bucket)
        .map((it) => ({
          rel: it.rel,
          title: title(it.rel),
          detail:
            `${it.action} (${it.status || "open"}` +
            (it.age_days != null ? `, ${plural(it.age_days, "day")} old)` : ")"),
        }));
      return { caption: `${owner.owner}, ${label}: ${plural(items.length, "item")}`, items };
    },
  };
}

/** Every chart of the Metrics page, in page order. */
export function metricCharts(stats: SiteStats, theme: ChartTheme): ChartSpec[] {
  return [
    perMonthChart(stats, theme),
    byTagChart(stats, theme),
    durationChart(stats, theme, "time_to_detect"),
    durationChart(stats, theme, "time_to_resolve"),
    openActionsChart(stats, theme),
  ];
}
