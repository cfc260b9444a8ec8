import { cleanup, screen, waitFor } from "@testing-library/svelte";
import { tick } from "svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { ImportCandidate } from "../bindings/ImportCandidate";
import type { MockBackend } from "../mock-backend";
import { openEditor } from "./editor-test-kit";

/** A candidate as pir-core offers it, between the PIR's rows 10:00 and 10:40. */
function candidate(minute: number, event: string, source: string): ImportCandidate {
  const mm = String(minute).padStart(2, "0");
  return {
    time: `2026-05-02T10:${mm}:00+10:00`,
    original: `2026-05-02T00:${mm}:00Z`,
    event,
    source,
    count: 1,
    severity: source === "alertmanager" ? "critical" : null,
    cell: `10:${mm}`,
    before: 1,
    present: false,
  };
}

const OFFERED = [
  candidate(5, "FIRING DnsResolverDown", "alertmanager"),
  candidate(7, "alice: resolver not answering", "slack"),
  candidate(12, "bob: restarting unbound", "slack"),
  candidate(20, "RESOLVED DnsResolverDown", "alertmanager"),
];

async function openImport() {
  const user = userEvent.setup();
  const { api, editor } = await openEditor();
  api.importPlan = { rows: structuredClone(OFFERED), outside: 0, notes: [] };
  api.nextPickedFiles = ["/evidence/alerts.json", "/evidence/chat.json"];
  await user.click(screen.getByTestId("import-open"));
  await user.click(screen.getByTestId("import-add-files"));
  await waitFor(() => expect(screen.getAllByTestId("import-row")).toHaveLength(4));
  return { user, api, editor };
}

function applied(api: MockBackend): ImportCandidate[] {
  const calls = api.calls.filter(([m]) => m === "importApply");
  expect(calls).toHaveLength(1);
  return calls[0][1][1] as ImportCandidate[];
}

describe("import dialog", () => {
  it("lists the candidates of the picked sources with their original stamps", async () => {
    const { api } = await openImport();
    const asked = api.calls.find(([m]) => m === "importCandidates");
    expect(asked?.[1][1]).toMatchObject({
      sources: ["/evidence/alerts.json", "/evidence/chat.json"],
    });
    const first = screen.getAllByTestId("import-row")[0];
    expect(first).toHaveTextContent("2026-05-02 10:05:00");
    expect(first).toHaveTextContent("alertmanager");
    expect(first.querySelector("td[title]")?.getAttribute("title")).toContain(
      "2026-05-02T00:05:00Z",
    );
    expect(screen.getByTestId("import-insert")).toHaveTextContent("Insert 4 rows");
  });

  it("leaves deselected rows out, sends edited text, and inserts in one undo step", async () => {
    const { user, api } = await openImport();
    const keep = screen.getAllByTestId("import-keep");
    await user.click(keep[1]);
    await user.click(keep[3]);
    const event = screen.getAllByTestId("import-event")[2];
    await user.clear(event);
    await user.type(event, "Bob restarted unbound");
    await user.click(screen.getByTestId("import-insert"));
    await waitFor(() => expect(screen.queryByTestId("import-dialog")).toBeNull());
    const sent = applied(api);
    expect(sent.map((c) => c.event)).toEqual(["FIRING DnsResolverDown", "Bob restarted unbound"]);
    expect(api.calls.filter(([m]) => m === "sessionApply")).toHaveLength(0);
    await waitFor(() =>
      expect(screen.getByTestId("preview")).toHaveTextContent("Bob restarted unbound"),
    );
    await user.click(screen.getByTestId("undo"));
    await waitFor(() =>
      expect(screen.getByTestId("preview")).not.toHaveTextContent("Bob restarted unbound"),
    );
  });

  it("filters by text and by source; select none drops only the rows shown", async () => {
    const { user, api } = await openImport();
    await user.type(screen.getByTestId("import-filter"), "dnsresolver");
    expect(screen.getAllByTestId("import-row")).toHaveLength(2);
    await user.clear(screen.getByTestId("import-filter"));
    await user.selectOptions(screen.getByTestId("import-source-filter"), "slack");
    const rows = screen.getAllByTestId("import-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("slack");
    await user.click(screen.getByTestId("import-none"));
    expect(screen.getByTestId("import-insert")).toHaveTextContent("Insert 2 rows");
    await user.click(screen.getByTestId("import-insert"));
    await waitFor(() => expect(screen.queryByTestId("import-dialog")).toBeNull());
    expect(applied(api).map((c) => c.source)).toEqual(["alertmanager", "alertmanager"]);
  });

  it("filters by severity, and shows times in the timeline's zone", async () => {
    const { user, editor } = await openImport();
    await user.selectOptions(screen.getByTestId("import-severity-filter"), "critical");
    expect(screen.getAllByTestId("import-row")).toHaveLength(2);
    await user.selectOptions(screen.getByTestId("import-severity-filter"), "");
    expect(screen.getAllByTestId("import-row")).toHaveLength(4);
    const label = editor.model?.timeline?.timezone?.label;
    expect(label).toBeTruthy();
    expect(screen.getByTestId("import-time-head")).toHaveTextContent(`Time (${label})`);
  });

  it("merges a row into the one above: one row with both badges and stamps", async () => {
    const { user, api } = await openImport();
    const events = screen.getAllByTestId("import-event");
    await user.clear(events[0]);
    await user.type(events[0], "Resolver alert fired");
    // The first row has no row above it.
    expect(screen.getAllByTestId("import-merge")).toHaveLength(3);
    await user.click(screen.getAllByTestId("import-merge")[0]);
    await waitFor(() => expect(screen.getAllByTestId("import-row")).toHaveLength(3));
    const merged = screen.getAllByTestId("import-row")[0];
    expect(
      [...merged.querySelectorAll('[data-testid="import-badge"]')].map((b) => b.textContent),
    ).toEqual(["alertmanager", "slack"]);
    expect(merged).toHaveTextContent("×2");
    expect(merged.querySelector("td[title]")?.getAttribute("title")).toContain(
      "2026-05-02T00:05:00Z; 2026-05-02T00:07:00Z",
    );
    expect(screen.getAllByTestId("import-event")[0]).toHaveValue("Resolver alert fired");
    const asked = api.calls.find(([m]) => m === "importMerge")?.[1][0] as ImportCandidate[];
    expect(asked.map((c) => c.event)).toEqual([
      "Resolver alert fired",
      "alice: resolver not answering",
    ]);
    await user.click(screen.getByTestId("import-insert"));
    await waitFor(() => expect(screen.queryByTestId("import-dialog")).toBeNull());
    const sent = applied(api);
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatchObject({ event: "Resolver alert fired", count: 2 });
  });

  it("offers a row the timeline has already unticked, and says so", async () => {
    const user = userEvent.setup();
    const { api } = await openEditor();
    const offered = structuredClone(OFFERED);
    offered[2].present = true;
    api.importPlan = { rows: offered, outside: 0, notes: [] };
    api.nextPickedFiles = ["/evidence/chat.json"];
    await user.click(screen.getByTestId("import-open"));
    await user.click(screen.getByTestId("import-add-files"));
    await waitFor(() => expect(screen.getAllByTestId("import-row")).toHaveLength(4));
    const keep = screen.getAllByTestId("import-keep");
    expect(keep.map((k) => (k as HTMLInputElement).checked)).toEqual([true, true, false, true]);
    expect(screen.getAllByTestId("import-row")[2]).toHaveTextContent("in the timeline");
    expect(screen.getAllByTestId("import-present")).toHaveLength(1);
    expect(screen.getByTestId("import-insert")).toHaveTextContent("Insert 3 rows");
  });

  it("shows a source that fails and inserts nothing", async () => {
    const user = userEvent.setup();
    const { api } = await openEditor();
    api.importError = {
      kind: "invalid_input",
      message: "truncated JSON at line 3",
      path: "/evidence/alerts.json",
      line: 3,
      column: null,
    };
    api.nextPickedFiles = ["/evidence/alerts.json"];
    await user.click(screen.getByTestId("import-open"));
    await user.click(screen.getByTestId("import-add-files"));
    await waitFor(() => expect(screen.getByTestId("import-dialog")).toHaveTextContent("truncated"));
    expect(screen.queryAllByTestId("import-row")).toHaveLength(0);
    expect(screen.getByTestId("import-insert")).toBeDisabled();
  });
});

describe("files dropped on the timeline", () => {
  /** The timeline pane laid out at (0, 200)–(800, 500) (jsdom lays out nothing). */
  function placeTimeline() {
    const pane = screen.getByTestId("pane-timeline");
    vi.spyOn(pane, "getBoundingClientRect").mockReturnValue(new DOMRect(0, 200, 800, 300));
  }

  it("highlights the timeline while files hover it and opens the review with them", async () => {
    const { api } = await openEditor();
    placeTimeline();
    api.importPlan = { rows: structuredClone(OFFERED), outside: 0, notes: [] };
    const paths = ["/evidence/slack-export/incidents", "/evidence/alerts.json"];
    api.fileDrag({ type: "enter", paths, x: 400, y: 50 });
    await tick();
    expect(screen.queryByTestId("timeline-drop-hint")).toBeNull();
    api.fileDrag({ type: "over", x: 400, y: 300 });
    await waitFor(() => expect(screen.getByTestId("timeline-drop-hint")).toBeInTheDocument());
    expect(screen.getByTestId("pane-timeline")).toHaveClass("drop-target");
    api.fileDrag({ type: "drop", paths, x: 400, y: 300 });
    await waitFor(() => expect(screen.getAllByTestId("import-row")).toHaveLength(4));
    expect(screen.queryByTestId("timeline-drop-hint")).toBeNull();
    expect(screen.getAllByTestId("import-source").map((s) => s.textContent)).toEqual(
      paths.map((p) => expect.stringContaining(p)),
    );
    const asked = api.calls.find(([m]) => m === "importCandidates");
    expect(asked?.[1][1]).toMatchObject({ sources: paths });
  });

  it("ignores a drop beside the timeline, a drag without files, and a leave", async () => {
    const { api } = await openEditor();
    placeTimeline();
    api.fileDrag({ type: "drop", paths: ["/evidence/alerts.json"], x: 400, y: 600 });
    // A row moved within the grid is a drag of the page's own: no paths.
    api.fileDrag({ type: "enter", paths: [], x: 400, y: 300 });
    api.fileDrag({ type: "over", x: 400, y: 300 });
    await tick();
    expect(screen.queryByTestId("timeline-drop-hint")).toBeNull();
    api.fileDrag({ type: "enter", paths: ["/evidence/alerts.json"], x: 400, y: 300 });
    await waitFor(() => expect(screen.getByTestId("timeline-drop-hint")).toBeInTheDocument());
    api.fileDrag({ type: "leave" });
    await waitFor(() => expect(screen.queryByTestId("timeline-drop-hint")).toBeNull());
    expect(screen.queryByTestId("import-dialog")).toBeNull();
    expect(api.calls.filter(([m]) => m === "importCandidates")).toHaveLength(0);
  });

  it("adds what is dropped while the review is open to its sources", async () => {
    const { api } = await openImport();
    api.fileDrag({ type: "drop", paths: ["/evidence/more.log"], x: 10, y: 10 });
    await waitFor(() => expect(screen.getAllByTestId("import-source")).toHaveLength(3));
    const last = api.calls.filter(([m]) => m === "importCandidates").pop();
    expect(last?.[1][1]).toMatchObject({
      sources: ["/evidence/alerts.json", "/evidence/chat.json", "/evidence/more.log"],
    });
  });

  it("stops listening when the editor closes", async () => {
    const { api } = await openEditor();
    cleanup();
    api.fileDrag({ type: "drop", paths: ["/evidence/alerts.json"], x: 400, y: 300 });
    await tick();
    expect(api.calls.filter(([m]) => m === "importCandidates")).toHaveLength(0);
  });
});
