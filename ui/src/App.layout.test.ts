import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import App from "./App.svelte";
import { loadLazyParts } from "./lib/components/editor-test-kit";
import { MockBackend } from "./lib/mock-backend";
import { STORAGE_KEY } from "./lib/state/layout.svelte";

async function start() {
  const view = render(App, { api: new MockBackend() });
  await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(3));
  return view;
}

describe("app layout", () => {
  beforeAll(loadLazyParts);

  it("resizes and collapses the PIR list, and remembers it at the next start", async () => {
    const user = userEvent.setup();
    const first = await start();
    const separator = screen.getByRole("separator", { name: "Width of the PIR list" });
    const width = Number(separator.getAttribute("aria-valuenow"));
    expect(screen.getByTestId("list-pane").style.width).toBe(`${width}px`);
    separator.focus();
    await user.keyboard("{ArrowRight}");
    expect(separator).toHaveAttribute("aria-valuenow", `${width + 16}`);
    await user.click(screen.getByTestId("hide-list"));
    expect(screen.queryByTestId("list-pane")).toBeNull();
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).toMatchObject({
      list: width + 16,
      listCollapsed: true,
    });

    // The next start shows the list as it was left: collapsed, and at its width once shown.
    first.unmount();
    await render(App, { api: new MockBackend() });
    await screen.findByTestId("show-list");
    expect(screen.queryByTestId("list-pane")).toBeNull();
    await user.click(screen.getByTestId("show-list"));
    await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(3));
    expect(screen.getByTestId("list-pane").style.width).toBe(`${width + 16}px`);
  });

  it("hides the list in the editor's focus mode only while a PIR is open", async () => {
    const user = userEvent.setup();
    await start();
    await user.click(screen.getAllByTestId("pir-item")[0]);
    await user.click(await screen.findByTestId("focus-mode"));
    expect(screen.queryByTestId("list-pane")).toBeNull();
    expect(screen.queryByTestId("preview-pane")).toBeNull();
    // Another page (the metrics) shows the list again; back in the editor it is hidden.
    await user.click(screen.getByTestId("open-metrics"));
    await screen.findByTestId("list-pane");
    await user.click(screen.getByTestId("open-metrics"));
    await screen.findByTestId("editor-toolbar");
    expect(screen.queryByTestId("list-pane")).toBeNull();
    // The rail's button shows the list and leaves the focus mode.
    await user.click(screen.getByTestId("show-list"));
    expect(screen.getByTestId("list-pane")).toBeInTheDocument();
    expect(screen.getByTestId("preview-pane")).toBeInTheDocument();
    expect(screen.getByTestId("focus-mode")).toHaveAttribute("aria-pressed", "false");
  });
});
