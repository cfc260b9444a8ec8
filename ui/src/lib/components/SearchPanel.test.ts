import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { MockBackend, READ_ONLY_ROOT, SAMPLE_ROOT } from "../mock-backend";
import { BAND_COLOURS } from "../severity";
import { highlightParts, LEAD, SearchStore } from "../state/search.svelte";
import SearchPanel from "./SearchPanel.svelte";
import { styleRule } from "./editor-test-kit";
import searchSource from "./SearchPanel.svelte?raw";

const FAST = { debounceMs: 5, pollMs: 5 };

function setup(indexingCalls = 0) {
  const api = new MockBackend();
  api.insights.indexingCalls = indexingCalls;
  const search = new SearchStore(api, FAST);
  const onselect = vi.fn();
  render(SearchPanel, {
    search,
    severities: ["Critical", "High", "Medium"],
    statuses: ["Resolved", "Monitoring"],
    tags: ["dns", "memory", "network", "orders", "payments", "tls"],
    onselect,
  });
  return { api, search, onselect, user: userEvent.setup() };
}

const hitFiles = () => screen.getAllByTestId("search-hit").map((el) => el.dataset.file);

describe("highlightParts", () => {
  it("splits a line at its matches, counting characters not UTF-16 units", () => {
    // "🔥" is two UTF-16 units but one character: the spans count characters.
    const parts = highlightParts({
      line: 1,
      field: "body",
      text: "🔥 cert expired, cert renewed",
      matches: [
        { start: 5, end: 9, char_start: 2, char_end: 6 },
        { start: 19, end: 23, char_start: 16, char_end: 20 },
      ],
    });
    expect(parts).toEqual([
      { text: "🔥 ", match: false },
      { text: "cert", match: true },
      { text: " expired, ", match: false },
      { text: "cert", match: true },
      { text: " renewed", match: false },
    ]);
  });

  it("keeps only a little of a long line before its first match", () => {
    const text = "x".repeat(60) + " certificate expired";
    const parts = highlightParts({
      line: 3,
      field: "body",
      text,
      matches: [{ start: 61, end: 72, char_start: 61, char_end: 72 }],
    });
    expect(parts[0]).toEqual({ text: "…" + "x".repeat(LEAD - 1) + " ", match: false });
    expect(parts[1]).toEqual({ text: "certificate", match: true });
  });
});

describe("search box", () => {
  it("starts afresh on another site", async () => {
    const api = new MockBackend();
    api.insights.indexingCalls = 0;
    const search = new SearchStore(api, FAST);
    await search.open(SAMPLE_ROOT);
    search.query = "dns";
    search.tag = "network";
    await search.open(SAMPLE_ROOT);
    expect(search.query).toBe("dns");
    await search.open(READ_ONLY_ROOT);
    expect([search.query, search.tag, search.active]).toEqual(["", "", false]);
  });

  it("says indexing until the index is ready, then searches what was typed", async () => {
    const { api, search, user } = setup(3);
    await search.open(SAMPLE_ROOT);
    expect(screen.getByTestId("search-status")).toHaveTextContent("indexing…");
    await user.type(screen.getByTestId("search-input"), "resolver");
    // Polled until ready, then the query runs without another keystroke.
    await waitFor(() => expect(screen.queryByTestId("search-status")).toBeNull());
    await waitFor(() => expect(hitFiles()).toEqual(["2026-05-02-internal-dns-resolver-outage.md"]));
    expect(api.calls.filter(([m]) => m === "searchIndex").length).toBeGreaterThanOrEqual(3);
  });

  it("shows ranked results as you type, with the matching line highlighted", async () => {
    const { api, search, user } = setup();
    await search.open(SAMPLE_ROOT);
    await user.type(screen.getByTestId("search-input"), "certif");
    await waitFor(() => expect(screen.getAllByTestId("search-hit")).toHaveLength(2));
    // The title match ranks first; the PIR mentioning it once in its summary second.
    expect(hitFiles()).toEqual([
      "2026-03-14-payments-api-tls-certificate-expiry.md",
      "2026-06-19-order-queue-consumer-memory-leak.md",
    ]);
    const first = screen.getAllByTestId("search-hit")[0];
    // Its severity as pir-core's badge gives it: the level alone, in its band's colour.
    const badge = within(first).getByTestId("search-severity-badge");
    expect(badge).toHaveTextContent(/^High$/);
    expect(badge).toHaveStyle({ background: BAND_COLOURS[1] });
    const marks = within(first).getByTestId("search-line").querySelectorAll("mark");
    expect([...marks].map((m) => m.textContent)).toEqual(["certificate"]);
    // The title line, cut a little before its match so the match stays in view.
    expect(within(first).getByTestId("search-line")).toHaveTextContent(
      /^1: ….{0,24}Payments API TLS certificate expiry$/,
    );
    // Debounced: typing six letters did not run six searches.
    expect(api.calls.filter(([m]) => m === "searchPirs").length).toBeLessThan(6);
  });

  it("narrows by severity, status, tag, date range and open action items", async () => {
    const { search, user } = setup();
    await search.open(SAMPLE_ROOT);
    await user.click(screen.getByTestId("search-filters-toggle"));
    const all = [
      "2026-06-19-order-queue-consumer-memory-leak.md",
      "2026-05-02-internal-dns-resolver-outage.md",
      "2026-03-14-payments-api-tls-certificate-expiry.md",
    ];
    const expectHits = (files: string[]) =>
      waitFor(() => expect(hitFiles().sort()).toEqual(files.sort()));

    await user.selectOptions(screen.getByTestId("search-severity"), "Critical");
    await expectHits([all[1]]);
    await user.selectOptions(screen.getByTestId("search-severity"), "");
    await user.selectOptions(screen.getByTestId("search-status-filter"), "Monitoring");
    await expectHits([all[0]]);
    await user.selectOptions(screen.getByTestId("search-status-filter"), "");
    await user.selectOptions(screen.getByTestId("search-tag"), "tls");
    await expectHits([all[2]]);
    await user.selectOptions(screen.getByTestId("search-tag"), "");
    const date = (id: string, value: string) =>
      fireEvent.input(screen.getByTestId(id), { target: { value } });
    await date("search-since", "2026-04-01");
    await expectHits([all[0], all[1]]);
    await date("search-until", "2026-05-31");
    await expectHits([all[1]]);
    await date("search-since", "");
    await date("search-until", "");
    await user.click(screen.getByTestId("search-open-actions"));
    await expectHits([all[1], all[2]]);
    // Filters and words together.
    await user.type(screen.getByTestId("search-input"), "forwarding");
    await expectHits([all[1]]);
  });

  it("searches again after a save, once the index has the saved text", async () => {
    vi.useFakeTimers();
    try {
      const api = new MockBackend();
      api.insights.indexingCalls = 0;
      const search = new SearchStore(api, FAST);
      await search.open(SAMPLE_ROOT);
      search.refreshAfterSave();
      await vi.advanceTimersByTimeAsync(2000);
      // Nothing to refresh without a query.
      expect(api.calls.filter(([m]) => m === "searchPirs")).toHaveLength(0);
      search.query = "dns";
      search.refreshAfterSave([400, 1500]);
      await vi.advanceTimersByTimeAsync(399);
      expect(api.calls.filter(([m]) => m === "searchPirs")).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1101);
      expect(api.calls.filter(([m]) => m === "searchPirs")).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("says so when nothing matches, and opens a result when clicked", async () => {
    const { search, user, onselect } = setup();
    await search.open(SAMPLE_ROOT);
    await user.type(screen.getByTestId("search-input"), "zebra");
    await screen.findByTestId("search-empty");
    await user.clear(screen.getByTestId("search-input"));
    await user.type(screen.getByTestId("search-input"), "heap");
    await waitFor(() => expect(screen.getAllByTestId("search-hit")).toHaveLength(1));
    await user.click(screen.getByTestId("search-hit"));
    expect(onselect).toHaveBeenCalledWith(
      `${SAMPLE_ROOT}/docs/incidents/2026-06-19-order-queue-consumer-memory-leak.md`,
    );
  });

  it("never cuts a search filter's menu to a fixed share of the list", () => {
    const select = styleRule(searchSource, ".filters select");
    expect(select).toMatch(/flex: 1 1 auto;/);
    expect(select).not.toMatch(/min-width: 0/);
  });
});
