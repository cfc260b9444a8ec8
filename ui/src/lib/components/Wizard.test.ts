import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { MockBackend, READ_ONLY_ROOT, SAMPLE_ROOT } from "../mock-backend";
import Wizard from "./Wizard.svelte";
import ProgressRail from "./ProgressRail.svelte";

function setup(
  root = SAMPLE_ROOT,
  scale: { severities?: string[]; severity?: string | null } = {
    severities: ["Critical", "High", "Medium", "Low"],
    severity: "High",
  },
) {
  const api = new MockBackend();
  const oncreated = vi.fn();
  const onclose = vi.fn();
  const user = userEvent.setup();
  render(Wizard, { api, root, ...scale, oncreated, onclose });
  return { api, oncreated, onclose, user };
}

async function fillBasics(user: ReturnType<typeof userEvent.setup>, title: string, date: string) {
  await user.type(screen.getByTestId("title"), title);
  await user.clear(screen.getByTestId("date"));
  await user.type(screen.getByTestId("date"), date);
}

const stepTitle = () => screen.getByTestId("step-title").textContent;
const railStates = () => screen.getAllByTestId("rail-item").map((el) => el.dataset.state);

describe("new PIR wizard", () => {
  it("offers the site's own severity scale and starts at the level it gives", () => {
    setup(SAMPLE_ROOT, { severities: ["SEV0", "SEV1", "SEV2", "SEV3"], severity: "SEV2" });
    expect(screen.getByTestId("severity")).toHaveValue("SEV2");
    const offered = [...document.querySelectorAll("#severities option")].map((o) =>
      o.getAttribute("value"),
    );
    expect(offered).toEqual(["SEV0", "SEV1", "SEV2", "SEV3"]);
  });

  it("asks for a severity when the site gives none to start from", async () => {
    const { user } = setup(SAMPLE_ROOT, {});
    await fillBasics(user, "Queue stall", "2026-08-03");
    await waitFor(() => expect(screen.getByTestId("file-name")).toHaveTextContent(".md"));
    expect(screen.getByTestId("severity")).toHaveValue("");
    expect(screen.getByTestId("next")).toBeDisabled();
    await user.type(screen.getByTestId("severity"), "P2");
    expect(screen.getByTestId("next")).toBeEnabled();
  });

  it("shows the file name live as the title and date are typed", async () => {
    const { user } = setup();
    expect(screen.getByTestId("file-name")).toHaveTextContent("type a title and a date");
    await fillBasics(user, "Checkout latency spike after cache eviction storm", "2026-08-03");
    await waitFor(() =>
      expect(screen.getByTestId("file-name")).toHaveTextContent(
        "2026-08-03-checkout-latency-spike-cache-eviction-storm.md",
      ),
    );
    expect(screen.getByTestId("next")).toBeEnabled();
  });

  it("shows why a title or date cannot make a file name, and does not go on", async () => {
    const { user } = setup();
    await fillBasics(user, "!!! ???", "2026-08-03");
    const refusal = await screen.findByTestId("file-name-error");
    expect(refusal.querySelector("[data-kind]")).toHaveAttribute("data-kind", "invalid_input");
    expect(refusal).toHaveTextContent("no letters or digits");
    expect(screen.getByTestId("next")).toBeDisabled();

    await user.clear(screen.getByTestId("title"));
    await user.type(screen.getByTestId("title"), "Queue stall");
    await user.clear(screen.getByTestId("date"));
    await user.type(screen.getByTestId("date"), "2026-02-30");
    await waitFor(() =>
      expect(screen.getByTestId("file-name-error").querySelector("[data-kind]")).toHaveAttribute(
        "data-kind",
        "invalid_input",
      ),
    );
    expect(screen.getByTestId("next")).toBeDisabled();
    expect(screen.getByTestId("file-name")).not.toHaveTextContent(".md");
  });

  it("walks one step per section of the template, as the backend gives them", async () => {
    const { user } = setup();
    await fillBasics(user, "Queue stall", "2026-08-03");
    await waitFor(() => expect(screen.getByTestId("next")).toBeEnabled());
    // The steps are unknown until the backend gives them for these fields.
    expect(screen.getAllByTestId("rail-item")).toHaveLength(1);

    await user.click(screen.getByTestId("next"));
    await waitFor(() => expect(stepTitle()).toBe("Metadata"));
    // The mock site's template: metadata and the twelve sections of the built-in one.
    expect(screen.getAllByTestId("rail-item")).toHaveLength(13);
    // Guidance is the HTML pir-core's renderer made, not text rendered here.
    const guide = screen.getByTestId("guidance");
    expect(guide).toHaveTextContent("the Metadata part of a PIR");
    expect(guide.querySelector(".md-typeset")).not.toBeNull();
    expect(screen.queryByTestId("markdown-plain")).toBeNull();
    // The section's text starts as the template's, with the date filled in.
    expect(screen.getByTestId("markdown-editor")).toHaveTextContent("**Date:** 2026-08-03");
    await user.click(screen.getByTestId("skip"));
    expect(stepTitle()).toBe("Executive Summary");
    await user.click(screen.getByTestId("back"));
    expect(stepTitle()).toBe("Metadata");

    // The rail jumps straight to a step once the first one is done.
    await user.click(screen.getByRole("button", { name: /References/ }));
    expect(stepTitle()).toBe("References");
    expect(screen.queryByTestId("next")).toBeNull();
    expect(screen.queryByTestId("skip")).toBeNull();
    expect(screen.getByTestId("finish")).toBeEnabled();
  });

  it("has exactly the steps of a site's own template, in its order", async () => {
    const { api, user } = setup();
    const own = ["Summary", "Trigger", "Detection", "Resolution", "Timeline", "Where we got lucky"];
    vi.spyOn(api, "draftSteps").mockResolvedValue(
      own.map((h) => ({
        heading: h,
        title: h,
        kind: h === "Timeline" ? "timeline" : "text",
        key: null,
        body: "",
        guidance: null,
        guidance_html: null,
      })),
    );
    await fillBasics(user, "Queue stall", "2026-08-03");
    await waitFor(() => expect(screen.getByTestId("next")).toBeEnabled());
    await user.click(screen.getByTestId("next"));
    await waitFor(() => expect(stepTitle()).toBe("Summary"));
    const labels = screen.getAllByTestId("rail-item").map((el) => el.textContent ?? "");
    expect(labels).toHaveLength(7);
    own.forEach((h, i) => expect(labels[i + 1]).toContain(h));
    expect(screen.getByTestId("guidance")).toHaveTextContent("says nothing about this part");
  });

  it("edits the timeline in the grid, where pasted lines become rows of the new PIR", async () => {
    const { api, user, oncreated } = setup();
    await fillBasics(user, "Queue stall", "2026-08-03");
    await waitFor(() => expect(screen.getByTestId("next")).toBeEnabled());
    await user.click(screen.getByTestId("next"));
    await waitFor(() => expect(stepTitle()).toBe("Metadata"));
    await user.click(screen.getByRole("button", { name: /Timeline/ }));
    await waitFor(() => expect(stepTitle()).toBe("Timeline"));
    const grid = await screen.findByTestId("timeline-grid");
    expect(screen.queryByTestId("markdown-editor")).toBeNull();
    expect(grid).toBeInTheDocument();

    await user.click(screen.getByTestId("paste-lines"));
    await user.paste("10:02 Alert fired\n10:09 Paged");
    await user.click(screen.getByTestId("paste-add"));
    await waitFor(() => expect(screen.getAllByTestId("timeline-row")).toHaveLength(2));

    await user.click(screen.getByTestId("finish"));
    await waitFor(() => expect(oncreated).toHaveBeenCalledOnce());
    const [, args] = api.calls.find(([m]) => m === "createPirFromSteps")!;
    const bodies = (args as [string, unknown, [string, string][]])[2];
    const timeline = bodies.find(([h]) => h === "Timeline");
    expect(timeline?.[1]).toContain("| 10:02 | Alert fired |");
    expect(timeline?.[1]).toContain("| 10:09 | Paged |");
    // The grid's session is closed with the wizard's work done.
    expect(api.calls.some(([m]) => m === "sessionClose")).toBe(true);
  });

  it("keeps the footer outside the scrolling step, however long the section", async () => {
    const { api, user } = setup();
    const long = Array.from({ length: 200 }, (_, i) => `Line ${i + 1}`).join("\n");
    vi.spyOn(api, "draftSteps").mockResolvedValue([
      {
        heading: "Impact",
        title: "Impact",
        kind: "text",
        key: "impact",
        body: long,
        guidance: null,
        guidance_html: null,
      },
    ]);
    await fillBasics(user, "Queue stall", "2026-08-03");
    await waitFor(() => expect(screen.getByTestId("next")).toBeEnabled());
    await user.click(screen.getByTestId("next"));
    await waitFor(() => expect(stepTitle()).toBe("Impact"));
    const body = screen.getByTestId("wizard-body");
    const footer = screen.getByTestId("wizard-actions");
    expect(body).toContainElement(screen.getByTestId("markdown-editor"));
    expect(body).not.toContainElement(footer);
    expect(footer).toContainElement(screen.getByTestId("finish"));
    expect(footer).toContainElement(screen.getByTestId("back"));
  });

  it("marks each section empty, placeholder or filled on the progress rail", async () => {
    const { user } = setup();
    await fillBasics(user, "Queue stall", "2026-08-03");
    await waitFor(() => expect(screen.getByTestId("next")).toBeEnabled());
    await user.click(screen.getByTestId("next"));
    await waitFor(() => expect(railStates()[1]).toBe("placeholder"));
    // basics, then the template's sections with placeholders.
    expect(railStates().slice(0, 3)).toEqual(["basics", "placeholder", "placeholder"]);
  });

  it("creates the PIR from the first step, with the tags and no section changed", async () => {
    const { api, user, oncreated } = setup();
    expect(screen.getByTestId("finish")).toBeDisabled();
    await fillBasics(user, "Queue stall", "2026-08-03");
    await user.type(screen.getByTestId("tags"), "queue, kafka");
    await waitFor(() => expect(screen.getByTestId("finish")).toBeEnabled());
    await user.click(screen.getByTestId("finish"));
    await waitFor(() => expect(oncreated).toHaveBeenCalledOnce());
    const [, args] = api.calls.find(([m]) => m === "createPirFromSteps")!;
    const [root, req, bodies] = args as [string, { tags: string[]; title: string }, unknown[]];
    expect(root).toBe(SAMPLE_ROOT);
    expect(req.title).toBe("Queue stall");
    expect(req.tags).toEqual(["queue", "kafka"]);
    expect(bodies).toEqual([]);
    expect(oncreated.mock.calls[0][0].path).toContain("2026-08-03-queue-stall.md");
  });

  it("shows a failed save (read-only folder) in the window and stays open", async () => {
    const { user, oncreated } = setup(READ_ONLY_ROOT);
    await fillBasics(user, "Queue stall", "2026-08-03");
    await waitFor(() => expect(screen.getByTestId("next")).toBeEnabled());
    await user.click(screen.getByTestId("next"));
    await waitFor(() => expect(stepTitle()).toBe("Metadata"));
    await user.click(screen.getByTestId("finish"));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveAttribute("data-kind", "io");
    expect(alert).toHaveTextContent("not read-only");
    expect(alert).toHaveTextContent("Permission denied");
    expect(oncreated).not.toHaveBeenCalled();
  });

  it("asks before discarding typed text on cancel", async () => {
    const { api, user, onclose } = setup();
    api.confirmAnswer = false;
    await user.type(screen.getByTestId("title"), "Queue stall");
    await user.click(screen.getByTestId("cancel"));
    expect(api.calls.some(([m]) => m === "confirm")).toBe(true);
    expect(onclose).not.toHaveBeenCalled();
    api.confirmAnswer = true;
    await user.click(screen.getByTestId("cancel"));
    expect(onclose).toHaveBeenCalledOnce();
  });
});

describe("progress rail", () => {
  it("shows each state and the current step, and locks steps until the first is done", async () => {
    const ongo = vi.fn();
    render(ProgressRail, {
      items: [
        { label: "Basics", state: null, present: true },
        { label: "Impact", state: "filled", present: true },
        { label: "Timeline", state: "placeholder", present: true },
        { label: "References", state: "empty", present: false },
      ],
      current: 0,
      open: false,
      ongo,
    });
    expect(railStates()).toEqual(["basics", "filled", "placeholder", "empty"]);
    const items = screen.getAllByTestId("rail-item");
    expect(items[0]).toHaveAttribute("aria-current", "step");
    expect(items[3]).toHaveClass("absent");
    expect(screen.getByText("(still has placeholders)")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Impact/ })).toBeDisabled();
  });
});

describe("links in the wizard's prose steps", () => {
  it("are written from the new PIR's file, once its name is known", async () => {
    const api = new MockBackend();
    const user = userEvent.setup();
    render(Wizard, {
      api,
      root: SAMPLE_ROOT,
      incidentsDir: `${SAMPLE_ROOT}/docs/incidents`,
      severity: "High",
      oncreated: vi.fn(),
      onclose: vi.fn(),
    });
    await fillBasics(user, "Queue stall", "2026-08-03");
    await waitFor(() => expect(screen.getByTestId("next")).toBeEnabled());
    await user.click(screen.getByTestId("next"));
    await waitFor(() => expect(stepTitle()).toBe("Metadata"));
    await user.click(screen.getByTestId("insert-link"));
    const search = await screen.findByTestId("link-search");
    await user.type(search, "restart");
    await waitFor(() => expect(screen.getAllByTestId("link-hit")).toHaveLength(1));
    await user.keyboard("{Enter}");
    await waitFor(() =>
      expect(screen.getByTestId("markdown-editor")).toHaveTextContent(
        "[Restart the resolver](../runbooks/dns.md#restart-the-resolver)",
      ),
    );
    expect(api.calls.filter(([m]) => m === "linkSearch").at(-1)).toEqual([
      "linkSearch",
      [SAMPLE_ROOT, `${SAMPLE_ROOT}/docs/incidents/2026-08-03-queue-stall.md`, "restart"],
    ]);
  });

  it("are not offered without the site's PIR folder", async () => {
    const { user } = setup();
    await fillBasics(user, "Queue stall", "2026-08-03");
    await waitFor(() => expect(screen.getByTestId("next")).toBeEnabled());
    await user.click(screen.getByTestId("next"));
    await waitFor(() => expect(stepTitle()).toBe("Metadata"));
    expect(screen.queryByTestId("insert-link")).toBeNull();
  });
});
