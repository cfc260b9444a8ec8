// chart.js, with only what the Metrics page draws registered (bars, and points for the
// medians: a line dataset drawn without its line, which still needs the line element), so
// the bundle carries no other chart types.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
);

/** A drawn chart, as the page needs it. */
export interface DrawnChart {
  destroy(): void;
}

/** Draws a chart on a canvas; the page takes one so tests can stand in for chart.js. */
export type MakeChart = (canvas: HTMLCanvasElement, config: ChartConfiguration) => DrawnChart;

export const makeChart: MakeChart = (canvas, config) => new Chart(canvas, config);

// The end-to-end test finds where a bar is drawn through chart.js's own lookup, to click it
// as a person would. It reads only what the page already shows.
(globalThis as { PirCharts?: { getChart: typeof Chart.getChart } }).PirCharts = {
  getChart: (key) => Chart.getChart(key),
};
