import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Api } from "../api";
import type { CoreError } from "../bindings/CoreError";
import type { SiteSettings } from "../bindings/SiteSettings";
import SettingsPage from "./SettingsPage.svelte";

const LEARNT: SiteSettings = {
  rows: [
    { key: "file_names", value: "INC-{number}-{slug}.md", origin: "learnt from 3 of 3 PIR files" },
    { key: "branch", value: "pir/{slug}", origin: "default: no branch follows a pattern" },
  ],
  file: ".pir.toml",
  text: 'file_names = "INC-{number}-{slug}.md"\nbranch = "pir/{slug}"\n',
  fingerprint: null,
};

/** The two settings commands, answering as pir-core does: `write` decides each save. */
function fakeApi(write: (text: string) => SiteSettings | CoreError) {
  const calls: [string, string | null][] = [];
  const api = {
    siteSettings: vi.fn(async () => LEARNT),
    writeSiteSettings: vi.fn(async (_root: string, text: string, base) => {
      calls.push([text, base ? base.hash : null]);
      const out = write(text);
      if ("kind" in out) throw out;
      return out;
    }),
  } as Partial<Api> as Api;
  return { api, calls };
}

async function renderPage(write: (text: string) => SiteSettings | CoreError) {
  const { api, calls } = fakeApi(write);
  const onsaved = vi.fn();
  render(SettingsPage, { api, root: "/site", onsaved, onclose: () => {} });
  await screen.findByTestId("profile-table");
  return { calls, onsaved };
}

describe("site settings page", () => {
  it("shows each value with where it came from, and proposes the learnt file", async () => {
    await renderPage(() => LEARNT);
    const row = document.querySelector('tr[data-key="file_names"]')!;
    expect(row.textContent).toContain("INC-{number}-{slug}.md");
    expect(row.textContent).toContain("learnt from 3 of 3 PIR files");
    expect(screen.getByTestId("settings-new-file")).toBeTruthy();
    expect((screen.getByTestId("settings-text") as HTMLTextAreaElement).value).toBe(LEARNT.text);
    // With no file yet, the proposal can be saved as it is.
    expect((screen.getByTestId("settings-save") as HTMLButtonElement).disabled).toBe(false);
  });

  it("saves the text as typed and shows the rows that follow from it", async () => {
    const written: SiteSettings = {
      ...LEARNT,
      rows: [{ key: "branch", value: "docs/pir-{slug}", origin: ".pir.toml line 1" }],
      text: 'branch = "docs/pir-{slug}"\n',
      fingerprint: { len: 27, hash: "00000000000000aa" },
    };
    const { calls, onsaved } = await renderPage(() => written);
    const user = userEvent.setup();
    const area = screen.getByTestId("settings-text");
    await user.clear(area);
    await user.type(area, 'branch = "docs/pir-{{slug}"{Enter}');
    await user.click(screen.getByTestId("settings-save"));
    await screen.findByTestId("settings-saved");
    expect(calls).toEqual([['branch = "docs/pir-{slug}"\n', null]]);
    expect(onsaved).toHaveBeenCalledTimes(1);
    expect(document.querySelector('tr[data-key="branch"]')!.textContent).toContain(
      ".pir.toml line 1",
    );
    expect(screen.queryByTestId("settings-new-file")).toBeNull();
    // Nothing edited since: nothing to save.
    expect((screen.getByTestId("settings-save") as HTMLButtonElement).disabled).toBe(true);
  });

  it("keeps the text and shows the error at its line when the core refuses it", async () => {
    const refusal: CoreError = {
      kind: "config",
      message: ".pir.toml: invalid type: integer `3`, expected a string",
      path: "/site/.pir.toml",
      line: 2,
      column: 7,
    };
    const { onsaved } = await renderPage(() => refusal);
    const user = userEvent.setup();
    const area = screen.getByTestId("settings-text") as HTMLTextAreaElement;
    await user.type(area, "nav = 3");
    await user.click(screen.getByTestId("settings-save"));
    const error = await screen.findByTestId("error");
    expect(error.textContent).toContain("/site/.pir.toml:2:7");
    expect(area.value.endsWith("nav = 3")).toBe(true);
    expect(onsaved).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.queryByTestId("settings-saved")).toBeNull());
  });
});
