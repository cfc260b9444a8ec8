import { EditorView } from "@codemirror/view";
import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import type { PirModel } from "../bindings/PirModel";
import { PIR, loadLazyParts, openEditor, sentEdits } from "./editor-test-kit";

/** A heading added above the others: every later section's id moves up by one. */
function headingAddedAt(at: number, heading: string) {
  return (m: PirModel) => {
    const shift = (id: number) => (id >= at ? id + 1 : id);
    for (const s of m.sections) s.id = shift(s.id);
    m.sections.splice(at, 0, { ...m.sections[at], id: at, heading, children: [] });
    if (m.timeline) m.timeline.section = shift(m.timeline.section);
    for (const c of m.how_chains) for (const st of c.steps) st.section = shift(st.section);
  };
}

function typeInSection(text: string) {
  const dom = screen.getByTestId("section-editor").querySelector<HTMLElement>(".cm-editor");
  const view = dom && EditorView.findFromDOM(dom);
  if (!view) throw new Error("no markdown editor open");
  view.dispatch({
    changes: { from: view.state.doc.length, insert: text },
    userEvent: "input.type",
  });
}

describe("section markdown editor", () => {
  beforeAll(loadLazyParts);

  it("keeps editing the picked section when a heading is added above it", async () => {
    const user = userEvent.setup();
    const { api } = await openEditor();
    const pick = screen.getByTestId("section-pick") as HTMLSelectElement;
    await user.selectOptions(pick, "## Root Causes");
    expect(pick.value).toBe("3");
    // CodeMirror is imported when a section is first picked.
    await screen.findByTestId("markdown-editor");
    typeInSection("First.");
    await waitFor(() => expect(sentEdits(api)).toHaveLength(1), { timeout: 2000 });
    expect(sentEdits(api)[0]).toEqual([{ op: "replace_section_body", section: 3, text: "First." }]);

    // The file gains a section before it (as an edit elsewhere would), and the next preview
    // says so: Root Causes is now section 4.
    api.editor.prepare(PIR, headingAddedAt(1, "Background"));
    await user.type(screen.getByTestId("new-tag"), "dns{Enter}");
    await waitFor(() => expect(pick.value).toBe("4"));
    typeInSection(" Second.");
    await waitFor(() => expect(sentEdits(api)).toHaveLength(3), { timeout: 2000 });
    expect(sentEdits(api)[2]).toEqual([
      { op: "replace_section_body", section: 4, text: "First. Second." },
    ]);
  });
});
