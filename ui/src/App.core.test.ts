// The whole app against pir-core itself (through the test server), on the sample site written
// into a fresh data folder: the list is the core's, a row added in the grid is the core's
// edit, the preview is the core's render, and Save writes the file on disk.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import App from "./App.svelte";
import { loadLazyParts } from "./lib/components/editor-test-kit";
import { startCore, type Core } from "./test-core";

let core: Core;

beforeAll(async () => {
  await loadLazyParts();
  core = await startCore();
});
afterAll(() => core?.stop());

describe("the app over pir-core", () => {
  it("lists the sample site, edits a timeline in the grid and saves the file", async () => {
    const user = userEvent.setup();
    render(App, { api: core.api });
    // The core wrote the sample site into the data folder and checked it.
    const items = await screen.findAllByTestId("pir-item", {}, { timeout: 5000 });
    const opened = await core.api.startSite();
    const pirs = opened.check.pirs.map((p) => p.summary.path);
    expect(items).toHaveLength(pirs.length);
    const file = items[0].getAttribute("data-file")!;
    const path = pirs.find((p) => p.endsWith(`/${file}`))!;
    const before = fs.readFileSync(path, "utf8");

    await user.click(items[0]);
    await waitFor(() => expect(screen.getByTestId("editor-title")).toHaveTextContent(file));
    const rows = (await screen.findAllByTestId("timeline-row")).length;
    await user.click(screen.getByTestId("timeline-add"));
    await waitFor(() => expect(screen.getAllByTestId("timeline-row")).toHaveLength(rows + 1));
    await screen.findByTestId("dirty-dot");
    expect(core.calls.some(([c]) => c === "session_apply")).toBe(true);

    await user.click(screen.getByTestId("save"));
    // A save that changes only the PIR writes at once; one that also changes the site's lists
    // shows the plan first, and saving it writes what it shows.
    await waitFor(
      async () => {
        const plan = screen.queryByTestId("save-plan");
        if (plan) await user.click(within(plan).getByTestId("save-plan-save"));
        expect(screen.queryByTestId("dirty-dot")).toBeNull();
      },
      { timeout: 5000 },
    );
    const after = fs.readFileSync(path, "utf8");
    expect(after).not.toBe(before);
    // The core added one table row and changed nothing else.
    const added = after.split("\n").filter((l) => !before.split("\n").includes(l));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^\|.*\|$/);
  });
});
