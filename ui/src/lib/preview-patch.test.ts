import { describe, expect, it } from "vitest";
import type { Preview } from "./bindings/Preview";
import type { PreviewPatch } from "./bindings/PreviewPatch";
import { mockModel } from "./mock-editor";
import { applyPatch, share, splice, spliceBetween } from "./preview-patch";

const prev: Preview = {
  path: "/site/docs/incidents/2026-01-01-a.md",
  model: mockModel("2026-01-01-a.md"),
  text: "| 09:00 | Alert 🔥 fired |\n",
  html: "<table><tr><td>09:00</td><td>Alert 🔥 fired</td></tr></table>",
  dirty: false,
  can_undo: false,
  can_redo: false,
  revision: 3,
};

function patchOf(text: string, html: string, base = 3): PreviewPatch {
  return {
    path: prev.path,
    base,
    revision: base + 1,
    model: prev.model,
    text: spliceBetween(prev.text, text),
    html: spliceBetween(prev.html, html),
    dirty: true,
    can_undo: true,
    can_redo: false,
  };
}

describe("preview patches", () => {
  it("splice in UTF-16 units around characters beyond the BMP", () => {
    const neu = "| 09:00 | Alert 🔥 fired, twice |\n";
    const sp = spliceBetween(prev.text, neu);
    expect(sp.insert).toBe(", twice");
    // After the two units of the emoji: as pir-core counts them.
    expect(sp.start).toBe("| 09:00 | Alert 🔥 fired".length);
    expect(splice(prev.text, sp)).toBe(neu);
    expect(splice("abc", { start: 1, remove: 1, insert: "" })).toBe("ac");
    expect(spliceBetween("same", "same")).toEqual({ start: 4, remove: 0, insert: "" });
  });

  it("make the next preview from the one they were made for", () => {
    const text = "| 09:00 | Alert 🔥 fired twice |\n";
    const html = "<table><tr><td>09:00</td><td>Alert 🔥 fired twice</td></tr></table>";
    const next = applyPatch(prev, patchOf(text, html));
    expect(next).toMatchObject({ text, html, revision: 4, dirty: true, can_undo: true });
  });

  it("are refused for another revision, another file or no preview", () => {
    const p = patchOf("x", "y", 2);
    expect(applyPatch(prev, p)).toBeNull();
    expect(applyPatch(null, patchOf("x", "y"))).toBeNull();
    expect(applyPatch({ ...prev, path: "/other.md" }, patchOf("x", "y"))).toBeNull();
    // A splice reaching past the text's end was made for a longer text.
    const long = patchOf("x", "y");
    long.text = { start: 100, remove: 1, insert: "" };
    expect(applyPatch(prev, long)).toBeNull();
  });

  it("keep the objects of the model that did not change", () => {
    const old = {
      rows: [
        { time: { raw: "09:00" }, event: "a" },
        { time: { raw: "09:05" }, event: "b" },
      ],
      tags: ["x"],
      title: "T",
    };
    const neu = structuredClone(old);
    neu.rows[1].event = "b, later";
    const got = share(old, neu);
    expect(got).toEqual(neu);
    expect(got).not.toBe(old);
    expect(got.rows[0]).toBe(old.rows[0]);
    expect(got.rows[1]).not.toBe(old.rows[1]);
    expect(got.rows[1].time).toBe(old.rows[1].time);
    expect(got.tags).toBe(old.tags);
    // Equal as a whole: the old object itself.
    expect(share(old, structuredClone(old))).toBe(old);
    // Added, removed and retyped parts are the new ones.
    const more = { ...structuredClone(old), extra: null as string | null };
    expect(share(old, more)).toEqual(more);
    expect(share({ a: [1, 2] }, { a: [1] }).a).toEqual([1]);
    expect(share({ a: { b: 1 } } as object, { a: [1] } as object)).toEqual({ a: [1] });
    // Through a patch: the unchanged rows of the preview's model are the same objects.
    const next = applyPatch(prev, {
      ...patchOf(prev.text, prev.html),
      model: structuredClone(prev.model),
    });
    expect(next?.model).toBe(prev.model);
  });
});
