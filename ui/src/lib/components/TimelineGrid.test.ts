import { fireEvent, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockTimeCell } from "../mock-editor";
import { PIR, openEditor, sentEdits } from "./editor-test-kit";

function times(): string[] {
  return screen.getAllByTestId("cell-time").map((el) => (el as HTMLInputElement).value);
}

function events(): string[] {
  return screen.getAllByTestId("cell-event").map((el) => (el as HTMLInputElement).value);
}

describe("timeline grid", () => {
  it("names the zone the timeline heading declares", async () => {
    await openEditor();
    expect(screen.getByTestId("timeline-zone")).toHaveTextContent("Times in UTC");
  });

  it("does not claim a zone the heading does not name", async () => {
    await openEditor((m) => {
      if (m.timeline) m.timeline.timezone = null;
    });
    const zone = screen.getByTestId("timeline-zone");
    expect(zone).toHaveTextContent("names no zone");
    expect(zone).not.toHaveTextContent("Times in");
  });

  it("adds one row per pasted line, in one undo step, and the preview shows them", async () => {
    const user = userEvent.setup();
    const { api } = await openEditor();
    expect(times()).toEqual(["10:00", "10:40"]);
    await user.click(screen.getByTestId("paste-lines"));
    await user.paste("10:05 alice: pager fired\n[10:10] bob: looking\n10:20 carol: rolled back");
    await user.click(screen.getByTestId("paste-add"));
    await waitFor(() => expect(times()).toHaveLength(5));
    // The first row was current, so the rows go after it, in order.
    expect(times()).toEqual(["10:00", "10:05", "10:10", "10:20", "10:40"]);
    expect(events()[1]).toBe("alice: pager fired");
    expect(screen.getByTestId("preview")).toHaveTextContent("carol: rolled back");
    expect(screen.getByTestId("dirty-dot")).toBeInTheDocument();
    // The three rows were one edit.
    const applies = api.calls.filter(([m]) => m === "sessionApply");
    expect(applies).toHaveLength(1);
    expect((applies[0][1][1] as unknown[]).length).toBe(3);

    await user.click(screen.getByTestId("undo"));
    await waitFor(() => expect(times()).toEqual(["10:00", "10:40"]));
    expect(screen.queryByTestId("dirty-dot")).toBeNull();
  });

  it("moves rows with the buttons and Alt+arrows, sorts by time, and undoes with Ctrl+Z", async () => {
    const user = userEvent.setup();
    await openEditor();
    // The first row is the current one until another cell takes the focus.
    await user.click(screen.getByTestId("row-down"));
    await waitFor(() => expect(times()).toEqual(["10:40", "10:00"]));
    await user.click(screen.getByTestId("timeline-sort"));
    await waitFor(() => expect(times()).toEqual(["10:00", "10:40"]));

    // Alt+Down on the first row's time cell moves it down.
    const first = screen.getAllByTestId("cell-time")[0];
    first.focus();
    await fireEvent.keyDown(first, { key: "ArrowDown", altKey: true });
    await waitFor(() => expect(times()).toEqual(["10:40", "10:00"]));

    // Ctrl+Z in an unchanged cell undoes the last edit (the move).
    const cell = screen.getAllByTestId("cell-time")[0];
    await fireEvent.keyDown(cell, { key: "z", ctrlKey: true });
    await waitFor(() => expect(times()).toEqual(["10:00", "10:40"]));
  });

  it("edits a cell in place: Enter commits and goes down, Escape reverts", async () => {
    const user = userEvent.setup();
    const { api, editor } = await openEditor();
    const cell = screen.getAllByTestId("cell-event")[0];
    await user.click(cell);
    await user.clear(cell);
    await user.type(cell, "Errors rise{Enter}");
    await waitFor(() => expect(events()[0]).toBe("Errors rise"));
    // The row's key-event marker is not in the cell, and stays in the document.
    expect(sentEdits(api)[0]).toEqual([
      { op: "timeline_set_event_text", index: 0, text: "Errors rise" },
    ]);
    expect(editor.model?.timeline?.rows[0].event).toBe("**INCIDENT START**: Errors rise");
    expect(document.activeElement).toBe(screen.getAllByTestId("cell-event")[1]);
    const second = screen.getAllByTestId("cell-event")[1];
    await user.type(second, " later{Escape}");
    expect((second as HTMLInputElement).value).toBe("Fix deployed");
    const sets = api.calls.filter(([m]) => m === "sessionApply");
    expect(sets).toHaveLength(1);
  });

  it("sets the key-event kind from the menu and offers the computed duration", async () => {
    const user = userEvent.setup();
    const { api, editor } = await openEditor();
    // The first row's marker is the menu's: its cell holds the text after it.
    expect(events()[0]).toBe("errors rise");
    expect(screen.getAllByTestId("cell-kind")[0]).toHaveValue("incident_start");
    await user.selectOptions(screen.getAllByTestId("cell-kind")[1], "INCIDENT RESOLVED");
    await waitFor(() => expect(screen.getAllByTestId("cell-kind")[1]).toHaveValue("resolved"));
    expect(events()[1]).toBe("Fix deployed");
    expect(editor.model?.timeline?.rows[1].event).toBe("**INCIDENT RESOLVED**: Fix deployed");
    // The marker is written by the backend: the grid sends the kind, not a rewritten event.
    const sent = () => sentEdits(api);
    expect(sent()).toEqual([[{ op: "timeline_set_key_event", index: 1, kind: "resolved" }]]);
    await user.selectOptions(screen.getAllByTestId("cell-kind")[0], "—");
    await waitFor(() => expect(events()[0]).toBe("errors rise"));
    expect(sent()[1]).toEqual([{ op: "timeline_set_key_event", index: 0, kind: null }]);
    expect(screen.getAllByTestId("cell-kind")[0]).toHaveValue("");
    await user.click(await screen.findByTestId("use-duration"));
    await waitFor(() => expect(editor.model?.duration).toBe("~0h40m"));
    expect(screen.getByTestId("timeline-metrics")).toHaveTextContent("Time to resolve: 40m");
  });
});

describe("room for long events", () => {
  const long = (
    "Resolver pods restart one by one while the forwarder keeps bouncing queries " +
    "between ns1 and ns2; cache hit rate drops below forty percent and three services time " +
    "out on lookups of internal names, so the on-call engineer pages the network team and "
  )
    .repeat(2)
    .slice(0, 299)
    .trimEnd()
    .padEnd(300, ".");

  it("edits the event in a wrapping text area that grows with its text", async () => {
    const user = userEvent.setup();
    const { editor } = await openEditor();
    const cell = screen.getAllByTestId("cell-event")[0] as HTMLTextAreaElement;
    expect(cell.tagName).toBe("TEXTAREA");
    expect(cell).toHaveClass("cell", "event");
    expect(cell.rows).toBe(1);
    // jsdom lays nothing out: the height the wrapped text needs is what the browser reports.
    let needed = 24;
    Object.defineProperty(cell, "scrollHeight", { configurable: true, get: () => needed });
    await user.click(cell);
    await user.clear(cell);
    needed = 96;
    await user.paste(long);
    expect(cell.style.height).toBe("96px");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(editor.model?.timeline?.rows[0].event_text).toBe(long));
    expect(events()[0]).toBe(long);

    // Home and End go to the start and end of the whole text, not of a wrapped line.
    await fireEvent.keyDown(cell, { key: "Home" });
    expect([cell.selectionStart, cell.selectionEnd]).toEqual([0, 0]);
    await fireEvent.keyDown(cell, { key: "End", shiftKey: true });
    expect([cell.selectionStart, cell.selectionEnd]).toEqual([0, long.length]);
    await fireEvent.keyDown(cell, { key: "End" });
    expect([cell.selectionStart, cell.selectionEnd]).toEqual([long.length, long.length]);

    // A text changed by the document (an undo) fits its height again.
    needed = 24;
    await user.click(screen.getByTestId("undo"));
    await waitFor(() => expect(events()[0]).toBe("errors rise"));
    expect(cell.style.height).toBe("24px");
  });

  it("keeps the key-event menu under the time in a narrow grid, the event the rest", async () => {
    await openEditor();
    // jsdom measures every element 0 px wide: the grid lays itself out narrow.
    const grid = screen.getByTestId("timeline-grid");
    expect(grid).toHaveClass("narrow");
    const headers = [...grid.querySelectorAll("th")].map((th) => th.textContent?.trim());
    expect(headers).toEqual(["", "Time", "Event"]);
    const kind = screen.getAllByTestId("cell-kind")[0];
    expect(kind.closest("td")).toBe(screen.getAllByTestId("cell-time")[0].closest("td"));
    // The Time column fits the time and is never narrower than its menu needs.
    expect(grid.querySelector("table")?.style.getPropertyValue("--time-width")).toMatch(
      /^max\(7rem, /,
    );
  });

  it("goes on to a new row with Enter on the last row, not from a blank one", async () => {
    const user = userEvent.setup();
    const { api } = await openEditor();
    const last = screen.getAllByTestId("cell-event")[1];
    await user.click(last);
    await user.type(last, " everywhere{Enter}");
    await waitFor(() => expect(times()).toHaveLength(3));
    expect(events()).toEqual(["errors rise", "Fix deployed everywhere", ""]);
    // The new row's time has the focus: times come first.
    expect(document.activeElement).toBe(screen.getAllByTestId("cell-time")[2]);
    expect(sentEdits(api).at(-1)).toEqual([
      { op: "timeline_insert_in_table", table: 0, index: 2, time: "", event: "" },
    ]);
    // Enter again on the new, blank row adds no second blank row.
    await user.keyboard("{Enter}");
    expect(times()).toHaveLength(3);
    // Arrow keys still move between rows, without adding any.
    await user.keyboard("{ArrowUp}");
    expect(document.activeElement).toBe(screen.getAllByTestId("cell-time")[1]);
    expect(times()).toHaveLength(3);
  });
});

describe("bold times", () => {
  it("shows a bold time without its stars, in bold, and keeps it bold when edited", async () => {
    const user = userEvent.setup();
    const { api, editor } = await openEditor((m) => {
      m.timeline!.rows[0].time = mockTimeCell("**10:00**");
    });
    const cell = screen.getAllByTestId("cell-time")[0];
    expect(cell).toHaveValue("10:00");
    expect(cell).toHaveClass("bold");
    await user.clear(cell);
    await user.type(cell, "10:02{Enter}");
    await waitFor(() => expect(editor.model?.timeline?.rows[0].time.raw).toBe("**10:02**"));
    expect(sentEdits(api)[0]).toEqual([{ op: "timeline_set_time_text", index: 0, text: "10:02" }]);
    expect(screen.getAllByTestId("cell-time")[0]).toHaveValue("10:02");
  });
});

describe("saving", () => {
  it("saves, and on a file changed on disk offers reload or keep mine", async () => {
    const user = userEvent.setup();
    const { api, editor } = await openEditor();
    await user.click(screen.getByTestId("timeline-add"));
    await waitFor(() => expect(times()).toHaveLength(3));
    await user.keyboard("{Control>}s{/Control}");
    await waitFor(() => expect(screen.getByTestId("editor-notice")).toHaveTextContent("Saved."));
    expect(screen.queryByTestId("dirty-dot")).toBeNull();
    expect(api.editor.written.has(PIR)).toBe(true);

    // Someone changes the file; the next save asks instead of overwriting.
    api.editor.changeOnDisk(PIR, "their text");
    await user.click(screen.getAllByTestId("cell-time")[2]);
    await user.click(screen.getByTestId("row-delete"));
    await waitFor(() => expect(times()).toHaveLength(2));
    const written = api.editor.written.get(PIR);
    await user.click(screen.getByTestId("save"));
    const dialog = await screen.findByTestId("conflict-dialog");
    expect(dialog).toHaveTextContent("their text");
    expect(api.editor.written.get(PIR)).toBe(written);

    // Keep mine: written over theirs.
    await user.click(screen.getByTestId("conflict-keep"));
    await waitFor(() => expect(screen.queryByTestId("conflict-dialog")).toBeNull());
    expect(api.editor.written.get(PIR)).not.toBe(written);
    expect(editor.dirty).toBe(false);

    // Reload instead: the disk's version comes back, mine is one undo away.
    await user.click(screen.getByTestId("timeline-add"));
    api.editor.changeOnDisk(PIR, "theirs again");
    await user.click(screen.getByTestId("save"));
    await user.click(await screen.findByTestId("conflict-reload"));
    await waitFor(() => expect(times()).toEqual(["10:00", "10:40"]));
    expect(screen.getByTestId("editor-notice")).toHaveTextContent("Reloaded");
  });
});
