import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import App from "./App.svelte";
import { loadLazyParts } from "./lib/components/editor-test-kit";
import { MockBackend } from "./lib/mock-backend";

describe("app", () => {
  beforeAll(loadLazyParts);

  it("opens the startup site and lists its PIRs newest first", async () => {
    render(App, { api: new MockBackend() });
    await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(3));
    expect(screen.getByTestId("site-name")).toHaveTextContent("Example Corp Incident Reviews");
    const files = screen.getAllByTestId("pir-item").map((el) => el.dataset.file);
    expect(files[0]).toMatch(/^2026-06-19-/);
    expect(files[2]).toMatch(/^2026-03-14-/);
  });

  it.each([
    ["/mock/no-config", "config", "no mkdocs.yml here", null],
    ["/mock/bad-yaml", "config", "mapping values", "/mock/bad-yaml/mkdocs.yml:3:9"],
    ["/mock/not-utf8", "not_utf8", "invalid byte", "/mock/not-utf8/mkdocs.yml:2:5"],
  ])("shows a clear message, never a blank screen, for %s", async (folder, kind, text, where) => {
    const api = new MockBackend();
    api.nextPickedFolder = folder;
    render(App, { api });
    await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(3));
    await userEvent.click(screen.getByTestId("open-site"));
    const error = await screen.findByRole("alert");
    expect(error).toHaveAttribute("data-kind", kind);
    expect(error).toHaveTextContent(text);
    if (where) expect(error).toHaveTextContent(where);
    expect(screen.getByTestId("site-error")).toBeInTheDocument();
    // The site it came from stays one click away.
    expect(screen.getByTestId("recent-sites")).toHaveTextContent("/mock/sample-site");
  });

  it("creates a PIR through the wizard and shows it in the list", async () => {
    const user = userEvent.setup();
    render(App, { api: new MockBackend() });
    await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(3));
    await user.click(screen.getByTestId("new-pir"));
    await user.type(await screen.findByTestId("title"), "Queue stall");
    await user.clear(screen.getByTestId("date"));
    await user.type(screen.getByTestId("date"), "2026-08-03");
    await waitFor(() => expect(screen.getByTestId("next")).toBeEnabled());
    await user.click(screen.getByTestId("next"));
    await user.click(await screen.findByTestId("finish"));
    await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(4));
    expect(screen.getByTestId("notice")).toHaveTextContent("2026-08-03-queue-stall.md");
    expect(await screen.findByTestId("editor-layout")).toBeInTheDocument();
    // The notice speaks of the new PIR: opening another one takes it away.
    await user.click(screen.getAllByTestId("pir-item")[2]);
    await waitFor(() => expect(screen.queryByTestId("notice")).toBeNull());
  });

  it("lists PIRs with severity and problems, filters them, and guards unsaved edits", async () => {
    const user = userEvent.setup();
    const api = new MockBackend();
    render(App, { api });
    await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(3));
    expect(screen.getAllByTestId("pir-severity")[0]).toHaveTextContent("High");
    expect(screen.getAllByTestId("pir-problems")).toHaveLength(1);
    expect(screen.getByTestId("pir-problems")).toHaveTextContent("missing sections");
    // One box searches and filters: its results take the list's place while it is set.
    expect(screen.getAllByRole("searchbox")).toHaveLength(1);
    await waitFor(() => expect(screen.queryByTestId("search-status")).toBeNull());
    await user.type(screen.getByTestId("search-input"), "dns");
    await waitFor(() => expect(screen.getAllByTestId("search-hit")).toHaveLength(1));
    expect(screen.queryByTestId("pir-list")).toBeNull();
    await user.clear(screen.getByTestId("search-input"));
    await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(3));

    // Open one, change it, then try to switch: the author is asked, and "no" keeps it open.
    const [first, second] = screen.getAllByTestId("pir-item");
    await user.click(first);
    await user.click(await screen.findByTestId("timeline-add"));
    await screen.findByTestId("dirty-dot");
    expect(document.title).toMatch(/^● /);
    api.confirmAnswer = false;
    await user.click(second);
    await waitFor(() => expect(api.calls.some(([m]) => m === "confirm")).toBe(true));
    expect(screen.getByTestId("editor-title")).toHaveTextContent(first.dataset.file!);
    api.confirmAnswer = true;
    await user.click(second);
    await waitFor(() =>
      expect(screen.getByTestId("editor-title")).toHaveTextContent(second.dataset.file!),
    );
  });

  it("asks before the window closes with unsaved changes, and closes at once when clean", async () => {
    const user = userEvent.setup();
    const api = new MockBackend();
    render(App, { api });
    await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(3));
    const confirms = () => api.calls.filter(([m]) => m === "confirm");
    await user.click(screen.getAllByTestId("pir-item")[0]);
    await screen.findByTestId("timeline-grid");
    // Nothing changed yet: the window closes without a question.
    expect(await api.requestClose()).toBe(true);
    expect(confirms()).toHaveLength(0);

    api.closed = false;
    await user.click(screen.getByTestId("timeline-add"));
    await screen.findByTestId("dirty-dot");
    api.confirmAnswer = false;
    expect(await api.requestClose()).toBe(false);
    expect(api.closed).toBe(false);
    expect(confirms()).toEqual([["confirm", ["Discard unsaved changes?", "Unsaved changes"]]]);
    // The edit is still there.
    expect(screen.getByTestId("dirty-dot")).toBeInTheDocument();
    api.confirmAnswer = true;
    expect(await api.requestClose()).toBe(true);
    expect(confirms()).toHaveLength(2);
  });

  it("saves .pir.toml from the settings page and reads the site again", async () => {
    const user = userEvent.setup();
    const api = new MockBackend();
    render(App, { api });
    await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(3));
    await user.click(screen.getByTestId("open-settings"));
    const area = await screen.findByTestId("settings-text");
    await user.clear(area);
    await user.type(area, 'branch = "fix/{{slug}"{Enter}');
    const opened = api.calls.filter(([m]) => m === "openSite").length;
    await user.click(screen.getByTestId("settings-save"));
    await screen.findByTestId("settings-saved");
    await waitFor(() =>
      expect(api.calls.filter(([m]) => m === "openSite").length).toBe(opened + 1),
    );
    // The page stays, with its confirmation, while the list is read again.
    expect(screen.getByTestId("settings-saved")).toBeInTheDocument();
  });
});
