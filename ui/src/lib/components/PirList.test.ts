import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { PirCheck } from "../bindings/PirCheck";
import type { SeverityBadge } from "../bindings/SeverityBadge";
import { MockBackend, SAMPLE_ROOT } from "../mock-backend";
import { BAND_COLOURS, OTHER_COLOUR } from "../severity";
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

describe("severity badges", () => {
  const pir = (
    file: string,
    severity: string | null,
    severity_badge: SeverityBadge | null,
  ): PirCheck => ({
    summary: {
      path: `${SAMPLE_ROOT}/docs/incidents/${file}`,
      rel: `incidents/${file}`,
      date_line: 3,
      severity,
      tags: [],
      missing_sections: [],
      missing_metadata: [],
      sections: [],
      timeline_out_of_order: [],
    },
    problems: [],
    severity_badge,
  });

  it("shows the level and band pir-core gives, on any scale", async () => {
    const list = new PirListStore(new MockBackend());
    list.show(SAMPLE_ROOT, {
      pirs: [
        pir("a.md", "SEV-1 — customer impact", { level: "SEV-1", band: 0 }),
        pir("b.md", "sev 3", { level: "SEV-3", band: 2 }),
        pir("c.md", "Spicy", { level: "Spicy", band: null }),
        pir("d.md", null, null),
      ],
      other: [],
      severity_levels: ["SEV-1", "SEV-3", "Spicy"],
      severity_scale: ["SEV-1", "SEV-2", "SEV-3", "Spicy"],
      usual_severity: "SEV-3",
    });
    render(PirList, { list, selected: null, onselect: () => {} });
    const badges = await screen.findAllByTestId("pir-severity");
    // A PIR without a severity has no badge.
    expect(badges.map((b) => b.textContent)).toEqual(["SEV-1", "SEV-3", "Spicy"]);
    expect(badges[0]).toHaveStyle({ background: BAND_COLOURS[0], color: "#fff" });
    expect(badges[1]).toHaveStyle({ background: BAND_COLOURS[2], color: "#222" });
    expect(badges[2]).toHaveStyle({ background: OTHER_COLOUR });
    // The filter offers the site's levels in pir-core's order.
    expect(list.severities).toEqual(["SEV-1", "SEV-3", "Spicy"]);
  });
});
