// Timing marks for `make bench-app` (scripts/bench-app.mjs reads them through WebDriver).
// The list's first appearance is stamped in wall-clock milliseconds so that it can be set
// against the process's start time; it costs one object and one animation frame per run.

/** What the page has stamped so far. */
export interface BenchMarks {
  /** Wall-clock time (ms since the epoch) when the PIR list was first shown and idle. */
  listReady: number | null;
}

declare global {
  interface Window {
    __pirBench?: BenchMarks;
  }
}

const marks: BenchMarks = { listReady: null };
if (typeof window !== "undefined") window.__pirBench = marks;

/**
 * The PIR list was rendered. It takes input once that frame is painted and the page is idle:
 * stamped from a task queued by the next animation frame.
 */
export function listShown(): void {
  if (marks.listReady !== null || typeof requestAnimationFrame === "undefined") return;
  mark("list:rendered");
  requestAnimationFrame(() => {
    mark("list:frame");
    setTimeout(() => {
      marks.listReady ??= performance.timeOrigin + performance.now();
      mark("list:ready");
      // Read by a start without WebDriver: the app sends the page's console to its stdout
      // when PIR_BENCH is set (src-tauri/src/webview.rs).
      console.info(`pir-bench list-ready ${marks.listReady}`);
    });
  });
}

/**
 * A named point in the page's timeline (`performance.mark`), for `make bench-app` to split a
 * keystroke's time into its steps; free when nothing reads them, bounded by clearing old ones.
 */
export function mark(name: string): void {
  if (typeof performance === "undefined" || !performance.mark) return;
  if (performance.getEntriesByType("mark").length > 500) performance.clearMarks();
  performance.mark(name);
}
