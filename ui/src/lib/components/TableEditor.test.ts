import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { PirModel } from "../bindings/PirModel";
import { openEditor, sentEdits } from "./editor-test-kit";

/** The PIR's table becomes an Action Items table with two items. */
function actionItems(m: PirModel) {
  m.tables[0].header = ["Priority", "Action", "Owner", "Status", "Link"];
  m.tables[0].align = ["none", "none", "none", "none", "none"];
  m.tables[0].rows = [
    ["P1", "Alert on resolver errors", "ops", "Open", ""],
    ["P2", "Document the failover", "sre", "Done", "[#12](https://example.invalid/12)"],
  ];
}

function table() {
  return within(screen.getByTestId("table-editor"));
}

/** The cells as the editor shows them, row by row. */
function cells(): string[][] {
  return table()
    .getAllByRole("row")
    .slice(1)
    .map((tr) =>
      within(tr)
        .queryAllByTestId("table-cell")
        .map((el) => (el as HTMLInputElement).value),
    );
}

describe("table editor", () => {
  it("sets an action item's priority, owner, status and link, one cell edit each", async () => {
    const user = userEvent.setup();
    const { api } = await openEditor(actionItems);
    const field = (name: string) => table().getByLabelText(name);
    await user.clear(field("Owner of row 1"));
    await user.type(field("Owner of row 1"), "dana{Enter}");
    await user.clear(field("Priority of row 2"));
    await user.type(field("Priority of row 2"), "P1{Enter}");
    await user.clear(field("Status of row 1"));
    await user.type(field("Status of row 1"), "In progress{Enter}");
    // `[[` is a literal `[` for user-event.
    await user.type(field("Link of row 1"), "[[#31](https://example.invalid/31){Enter}");
    // Leaving a cell whose value was already sent sends nothing more.
    await user.click(field("Action of row 1"));
    await waitFor(() => expect(sentEdits(api)).toHaveLength(4));
    expect(sentEdits(api)).toEqual([
      [{ op: "table_set_cell", table: 0, row: 0, column: 2, text: "dana" }],
      [{ op: "table_set_cell", table: 0, row: 1, column: 0, text: "P1" }],
      [{ op: "table_set_cell", table: 0, row: 0, column: 3, text: "In progress" }],
      [
        {
          op: "table_set_cell",
          table: 0,
          row: 0,
          column: 4,
          text: "[#31](https://example.invalid/31)",
        },
      ],
    ]);
    expect(cells()[0]).toEqual([
      "P1",
      "Alert on resolver errors",
      "dana",
      "In progress",
      "[#31](https://example.invalid/31)",
    ]);
  });

  it("adds, inserts, moves and deletes rows, and sorts by a column", async () => {
    const user = userEvent.setup();
    const { api } = await openEditor(actionItems);
    const blank = ["", "", "", "", ""];
    await user.click(table().getByRole("button", { name: "Add row" }));
    await waitFor(() => expect(cells()).toHaveLength(3));
    expect(cells()[2]).toEqual(blank);

    await user.click(table().getAllByRole("button", { name: "Insert a row below" })[0]);
    await waitFor(() => expect(cells()).toHaveLength(4));
    expect(cells()[1]).toEqual(blank);

    // The first row cannot go up, the last cannot go down.
    expect(table().getAllByRole("button", { name: "Move up" })[0]).toBeDisabled();
    expect(table().getAllByRole("button", { name: "Move down" })[3]).toBeDisabled();
    const actions = () => cells().map((r) => r[1]);
    await user.click(table().getAllByRole("button", { name: "Move down" })[0]);
    await waitFor(() =>
      expect(actions()).toEqual(["", "Alert on resolver errors", "Document the failover", ""]),
    );
    await user.click(table().getAllByRole("button", { name: "Move up" })[3]);
    await waitFor(() =>
      expect(actions()).toEqual(["", "Alert on resolver errors", "", "Document the failover"]),
    );

    await user.click(table().getAllByRole("button", { name: "Delete the row" })[0]);
    await waitFor(() =>
      expect(actions()).toEqual(["Alert on resolver errors", "", "Document the failover"]),
    );

    await user.click(table().getByRole("button", { name: /^Owner/ }));
    await user.click(table().getByRole("button", { name: /^Owner/ }));
    expect(sentEdits(api)).toEqual([
      [{ op: "table_add_row", table: 0, cells: blank }],
      [{ op: "table_insert_row", table: 0, index: 1, cells: blank }],
      [{ op: "table_move_row", table: 0, from: 0, to: 1 }],
      [{ op: "table_move_row", table: 0, from: 3, to: 2 }],
      [{ op: "table_delete_row", table: 0, index: 0 }],
      [{ op: "table_sort", table: 0, column: 2, descending: false }],
      [{ op: "table_sort", table: 0, column: 2, descending: true }],
    ]);
  });

  it("gives the Action column the free width, and wraps every cell in a growing editor", async () => {
    const user = userEvent.setup();
    const { api } = await openEditor(actionItems);
    const cols = [...screen.getByTestId("table-editor").querySelectorAll("col")];
    // Priority, Action, Owner, Status, Link and the row buttons: Action has no width of its own.
    expect(cols.map((c) => c.classList.contains("wide"))).toEqual([
      false,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(cols[1].style.getPropertyValue("--column-width")).toBe("");
    for (const c of [0, 2, 3, 4])
      expect(cols[c].style.getPropertyValue("--column-width")).not.toBe("");

    const action = table().getByLabelText("Action of row 1") as HTMLTextAreaElement;
    expect(action.tagName).toBe("TEXTAREA");
    Object.defineProperty(action, "scrollHeight", { configurable: true, get: () => 80 });
    await user.click(action);
    await user.type(action, " and on resolver latency above the usual");
    expect(action.style.height).toBe("80px");
    // Enter commits the cell, never a line break into it (a table cell is one line).
    await user.keyboard("{Enter}");
    await waitFor(() => expect(sentEdits(api)).toHaveLength(1));
    expect(sentEdits(api)[0]).toEqual([
      {
        op: "table_set_cell",
        table: 0,
        row: 0,
        column: 1,
        text: "Alert on resolver errors and on resolver latency above the usual",
      },
    ]);
  });
});
