import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import type { ChartConfiguration } from "chart.js";
import { describe, expect, it, vi } from "vitest";
import type { MakeChart } from "../charts";
import {
  durationChart,
  metricCharts,
  openActionsChart,
  perMonthChart,
  type ChartTheme,
} from "../insights";
import { MockBackend, SAMPLE_ROOT } from "../mock-backend";
import { BAND_COLOURS, OTHER_COLOUR } from "../severity";
import MetricsPage from "./MetricsPage.svelte";

const THEME: ChartTheme = { fg: "#000", muted: "#555", grid: "#ccc", accent: "#33f" };
const PAYMENTS = "incidents/2026-03-14-payments-api-tls-certificate-expiry.md";
const DNS = "incidents/2026-05-02-internal-dns-resolver-outage.md";
const ORDERS = "incidents/2026-06-19-order-queue-consumer-memory-leak.md";

/** Stands in for chart.js: records each chart's canvas and configuration. */
function fakeCharts() {
  const drawn: { canvas: HTMLCanvasElement; config: ChartConfiguration; destroyed: boolean }[] = [];
  const make: MakeChart = (canvas, config) => {
    const entry = { canvas, config, destroyed: false };
    drawn.push(entry);
    return { destroy: () => (entry.destroyed = true) };
  };
  return { drawn, make };
}

/** What chart.js calls when a bar is clicked: the elements under the pointer. */
function clickBar(config: ChartConfiguration, datasetIndex: number, index: number) {
  const onClick = config.options?.onClick as (e: unknown, els: unknown[], chart: unknown) => void;
  onClick({}, [{ datasetIndex, index, element: {} }], {});
}

async function renderPage() {
  const api = new MockBackend();
  const charts = fakeCharts();
  const onopen = vi.fn();
  render(MetricsPage, {
    api,
    root: SAMPLE_ROOT,
    resolve: (rel: string) => `${SAMPLE_ROOT}/docs/${rel}`,
    onopen,
    onclose: () => {},
    makeChart: charts.make,
  });
  await waitFor(() => expect(charts.drawn).toHaveLength(5));
  const byId = (id: string) =>
    charts.drawn.find((d) => d.canvas.closest(`[data-testid="chart-${id}"]`))!.config;
  return { api, charts, byId, onopen };
}

describe("metrics page", () => {
  it("draws each chart with the site's figures, in the severity colours", async () => {
    const { byId } = await renderPage();
    const month = byId("per-month");
    expect(month.data.labels).toEqual(["2026-03", "2026-04", "2026-05", "2026-06"]);
    expect(month.data.datasets.map((d) => [d.label, d.data, d.backgroundColor])).toEqual([
      ["Critical", [0, 0, 1, 0], BAND_COLOURS[0]],
      ["High", [1, 0, 0, 0], BAND_COLOURS[1]],
      ["Medium", [0, 0, 0, 1], BAND_COLOURS[2]],
    ]);
    const tags = byId("by-tag");
    expect(tags.data.labels).toEqual(["dns", "memory", "network", "orders", "payments", "tls"]);
    const detect = byId("time-to-detect");
    expect(detect.data.labels).toEqual(["Critical", "High", "Medium", "All"]);
    // Medium's only PIR is not measurable: no bar, never a guessed one.
    expect(detect.data.datasets[0].data).toEqual([[7, 7], [12, 12], null, [7, 12]]);
    expect(detect.data.datasets[2].data).toEqual([7, 12, null, 9.5]);
    const actions = byId("open-actions");
    expect(actions.data.labels).toEqual(["Network", "Platform"]);
    // Both PIRs are 91+ days old on 2026-08-01 for Platform (140 days) and 91 for Network.
    expect(actions.data.datasets.map((d) => d.data)).toEqual([
      [0, 0],
      [0, 0],
      [2, 1],
      [0, 0],
    ]);
    expect(screen.getByTestId("metrics-summary")).toHaveTextContent(
      "3 incidents · 3 open action items",
    );
  });

  it("lists the PIRs behind a clicked bar, and opens one", async () => {
    const user = userEvent.setup();
    const { byId, onopen } = await renderPage();
    // The Critical part of May.
    clickBar(byId("per-month"), 0, 2);
    let picked = await screen.findByTestId("metrics-picked");
    expect(picked).toHaveTextContent("Critical incidents in 2026-05: 1");
    expect(
      within(picked)
        .getAllByTestId("metrics-pir")
        .map((b) => b.dataset.rel),
    ).toEqual([DNS]);
    // The "All" bar of time to resolve: both measurable PIRs, quickest first.
    clickBar(byId("time-to-resolve"), 1, 3);
    picked = await screen.findByTestId("metrics-picked");
    expect(
      within(picked)
        .getAllByTestId("metrics-pir")
        .map((b) => b.dataset.rel),
    ).toEqual([DNS, PAYMENTS]);
    expect(picked).toHaveTextContent("48 min");
    await user.click(within(picked).getAllByTestId("metrics-pir")[1]);
    expect(onopen).toHaveBeenCalledWith(`${SAMPLE_ROOT}/docs/${PAYMENTS}`);
  });

  it("lists the PIRs that are not measurable, with why", async () => {
    await renderPage();
    const list = screen.getByTestId("not-measurable");
    expect(
      within(list)
        .getAllByTestId("not-measurable-pir")
        .map((b) => b.textContent),
    ).toEqual(["Order queue consumer memory leak"]);
    expect(list).toHaveTextContent("no INCIDENT DETECTED row");
  });

  it("shows the error instead of charts when the site cannot be read", async () => {
    const api = new MockBackend();
    api.siteStats = () => Promise.reject({ kind: "not_utf8", message: "not UTF-8 text" });
    render(MetricsPage, {
      api,
      root: SAMPLE_ROOT,
      resolve: () => null,
      onopen: () => {},
      onclose: () => {},
      makeChart: fakeCharts().make,
    });
    expect(await screen.findByRole("alert")).toHaveAttribute("data-kind", "not_utf8");
  });
});

describe("severity colours", () => {
  it("follow the bands pir-core gives each severity, on any scale", async () => {
    const stats = await new MockBackend().siteStats(SAMPLE_ROOT);
    // As the core reports a site grading SEV-1 to SEV-3, one PIR with an unknown level.
    stats.by_severity = [
      { key: "SEV-1", count: 1 },
      { key: "SEV-3", count: 1 },
      { key: "Spicy", count: 1 },
    ];
    stats.severity_badges = [
      { level: "SEV-1", band: 0 },
      { level: "SEV-3", band: 2 },
      { level: "Spicy", band: null },
    ];
    const month = perMonthChart(stats, THEME);
    expect(month.config.data.datasets.map((d) => [d.label, d.backgroundColor])).toEqual([
      ["SEV-1", BAND_COLOURS[0]],
      ["SEV-3", BAND_COLOURS[2]],
      ["Spicy", OTHER_COLOUR],
    ]);
  });
});

describe("the PIRs behind a bar", () => {
  it("are the measurable PIRs of that severity, and the owner's items of that age", async () => {
    const stats = await new MockBackend().siteStats(SAMPLE_ROOT);
    const detect = durationChart(stats, THEME, "time_to_detect");
    expect(detect.behind(1, 0).items.map((i) => [i.rel, i.detail])).toEqual([[DNS, "7 min"]]);
    expect(detect.behind(1, 2).items).toEqual([]);
    expect(detect.behind(1, 2).caption).toContain("not measurable");
    const actions = openActionsChart(stats, THEME);
    const network = actions.behind(2, 0);
    expect(network.items.map((i) => i.detail)).toEqual([
      "Validate forwarding graphs before push (Open, 91 days old)",
      "Stagger resolver pushes (Open, 91 days old)",
    ]);
    expect(actions.behind(0, 0).items).toEqual([]);
    // Every chart names the PIRs by title.
    const tagged = metricCharts(stats, THEME)[1].behind(0, 3).items;
    expect(tagged).toEqual([
      { rel: ORDERS, title: "Order queue consumer memory leak", detail: null },
    ]);
  });

  it("say which times to resolve are estimates, and from what", async () => {
    const stats = await new MockBackend().siteStats(SAMPLE_ROOT);
    // As the core reports a PIR that marks no key event but states its Duration.
    const all = stats.durations.length - 1;
    stats.durations[all].resolve_estimated = 1;
    const pir = stats.pirs.find((p) => p.rel === PAYMENTS)!;
    pir.resolve_estimated = "the Duration field";
    const resolve = durationChart(stats, THEME, "time_to_resolve").behind(1, all);
    expect(resolve.caption).toMatch(/over 2 PIRs \(1 estimated\)$/);
    expect(resolve.items.find((i) => i.rel === PAYMENTS)!.detail).toMatch(
      /^\d+ min, estimated from the Duration field$/,
    );
    // Time to detect is never estimated.
    const detect = durationChart(stats, THEME, "time_to_detect").behind(1, all);
    expect(detect.caption).not.toContain("estimated");
  });

  it("draws the charts again in the new colours when the theme switches", async () => {
    // jsdom has no matchMedia: one that the test can switch.
    const scheme = Object.assign(new EventTarget(), { matches: false, media: "" });
    window.matchMedia = (() => scheme) as unknown as typeof window.matchMedia;
    try {
      const { charts } = await renderPage();
      // The per-month chart drawn last.
      const ticks = () => {
        const last = charts.drawn
          .filter((d) => d.canvas.closest('[data-testid="chart-per-month"]'))
          .at(-1)!;
        return (last.config.options?.scales?.x as { ticks: { color: string } }).ticks.color;
      };
      expect(ticks()).toBe("#1f2328");
      document.documentElement.style.setProperty("--fg", "#e3e6ea");
      scheme.dispatchEvent(new Event("change"));
      await waitFor(() => expect(charts.drawn).toHaveLength(10));
      expect(charts.drawn.slice(0, 5).every((d) => d.destroyed)).toBe(true);
      expect(ticks()).toBe("#e3e6ea");
    } finally {
      document.documentElement.style.removeProperty("--fg");
      delete (window as Partial<Window>).matchMedia;
    }
  });
});
