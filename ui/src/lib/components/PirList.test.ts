import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { MockBackend, SAMPLE_ROOT } from "../mock-backend";
import { PirListStore } from "../state/pirlist.svelte";
import PirList from "./PirList.svelte";

async function renderList(api: MockBackend) {
  const list = new PirListStore(api);
  await list.load(SAMPLE_ROOT);
  render(PirList, { list, selected: null, onselect: () => {} });
  await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(3));
  return list;
}

describe("site problems", () => {
  it("lists the problems of no one PIR above the list, folded, with their place", async () => {
    const user = userEvent.setup();
    const api = new MockBackend();
    api.siteProblems = [
      {
        path: `${SAMPLE_ROOT}/mkdocs.yml`,
        line: 14,
        code: "nav_target_missing",
        message: "nav entry incidents/2026-01-01-gone.md points at no file",
        fixable: true,
      },
      {
        path: `${SAMPLE_ROOT}/docs/index.md`,
        code: "list_target_missing",
        message: "home list entry points at no file",
        fixable: false,
      },
    ];
    await renderList(api);
    const panel = screen.getByTestId("site-problems");
    expect(panel).toHaveTextContent("Site problems (2)");
    expect(panel).not.toHaveAttribute("open");
    await user.click(screen.getByText(/Site problems/));
    expect(panel).toHaveAttribute("open");
    const items = screen.getAllByTestId("site-problem");
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent("mkdocs.yml:14 nav entry incidents/2026-01-01-gone.md");
    expect(items[0]).toHaveTextContent("pir sync fixes it");
    expect(items[1]).toHaveTextContent("docs/index.md home list entry points at no file");
    expect(items[1]).not.toHaveTextContent("pir sync");
    // The panel sits above the PIRs.
    const list = screen.getByTestId("pir-list");
    expect(panel.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("shows no panel when the site has none", async () => {
    await renderList(new MockBackend());
    expect(screen.queryByTestId("site-problems")).toBeNull();
  });
});
