import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import App from "../../App.svelte";
import { MockBackend } from "../mock-backend";
import NewSiteForm from "./NewSiteForm.svelte";

function setup() {
  const api = new MockBackend();
  const oncreated = vi.fn();
  render(NewSiteForm, { api, oncreated, onclose: () => {} });
  return { api, oncreated, user: userEvent.setup() };
}

describe("new site form", () => {
  it("creates the site in the typed folder with the given name", async () => {
    const { api, oncreated, user } = setup();
    expect(screen.getByTestId("new-site-create")).toBeDisabled();
    await user.type(screen.getByTestId("new-site-path"), "/mock/team-reviews");
    await user.clear(screen.getByTestId("new-site-name"));
    await user.type(screen.getByTestId("new-site-name"), "Team Reviews");
    await user.click(screen.getByTestId("new-site-create"));
    await waitFor(() => expect(oncreated).toHaveBeenCalledTimes(1));
    expect(oncreated.mock.calls[0][0].root).toBe("/mock/team-reviews");
    expect(api.calls.find(([m]) => m === "initSite")).toEqual([
      "initSite",
      ["/mock/team-reviews", "Team Reviews"],
    ]);
  });

  it("takes the folder from the dialog", async () => {
    const { api, user } = setup();
    api.nextPickedFolder = "/mock/picked";
    await user.click(screen.getByTestId("new-site-choose"));
    await waitFor(() => expect(screen.getByTestId("new-site-path")).toHaveValue("/mock/picked"));
    expect(api.calls.find(([m]) => m === "pickFolder")?.[1]).toEqual([
      "Choose an empty folder for the new site",
    ]);
  });

  it.each([
    ["/mock/not-empty", "invalid_input", "the folder is not empty"],
    ["/mock/read-only/new-site", "io", "Permission denied"],
  ])("shows the refusal for %s", async (folder, kind, message) => {
    const { oncreated, user } = setup();
    await user.type(screen.getByTestId("new-site-path"), folder);
    await user.click(screen.getByTestId("new-site-create"));
    const error = await screen.findByRole("alert");
    expect(error).toHaveAttribute("data-kind", kind);
    expect(error).toHaveTextContent(message);
    expect(oncreated).not.toHaveBeenCalled();
  });
});

describe("new site in the app", () => {
  it("opens the new, empty site", async () => {
    const user = userEvent.setup();
    render(App, { api: new MockBackend() });
    await waitFor(() => expect(screen.getAllByTestId("pir-item")).toHaveLength(3));
    await user.click(screen.getByTestId("new-site"));
    await user.type(screen.getByTestId("new-site-path"), "/mock/fresh");
    await user.click(screen.getByTestId("new-site-create"));
    await waitFor(() => expect(screen.getByTestId("site-root")).toHaveTextContent("/mock/fresh"));
    expect(screen.getByTestId("site-name")).toHaveTextContent("Incident Reviews");
    await screen.findByTestId("pir-list-empty");
    expect(screen.getByTestId("notice")).toHaveTextContent("Created the site in /mock/fresh");
  });
});
