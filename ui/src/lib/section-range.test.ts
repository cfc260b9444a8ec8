import { describe, expect, it } from "vitest";
import type { Section } from "./bindings/Section";
import { lastCoveredSection } from "./section-range";

/** Sections with byte spans as the core gives them, for an ASCII `text` of `##` headings. */
function sectionsOf(text: string): Section[] {
  const heads = [...text.matchAll(/^#+ (.*)\r?\n/gm)];
  return heads.map((m, id) => {
    const start = m.index;
    const end = start + m[0].length;
    const next = heads[id + 1]?.index ?? text.length;
    return {
      id,
      heading: m[1],
      level: m[0].indexOf(" "),
      line: text.slice(0, start).split("\n").length,
      heading_span: { start, end },
      body_span: { start: end, end: next },
      end: next,
      parent: null,
      children: [],
    };
  });
}

const typed = "\nSlow checkouts.\n\n## Customers\n\nA third\n\n";

describe("lastCoveredSection", () => {
  it("is the section itself when the text made no heading", () => {
    const text = "# T\n\n## Impact\n\nSlow.\n\n## Resolution\n\nRolled back.\n";
    expect(lastCoveredSection(text, sectionsOf(text), 1, "\nSlow.\n\n")).toBe(1);
  });

  it("takes in the sections that headings typed into the text made", () => {
    const text = `# T\n\n## Impact\n${typed}## Resolution\n\nRolled back.\n`;
    const sections = sectionsOf(text);
    expect(sections.map((s) => s.heading)).toEqual(["T", "Impact", "Customers", "Resolution"]);
    expect(lastCoveredSection(text, sections, 1, typed)).toBe(2);
  });

  it("counts bytes with the file's CRLF line endings", () => {
    const crlf = (s: string) => s.replaceAll("\n", "\r\n");
    const text = crlf(`# T\n\n## Impact\n${typed}## Resolution\n\nRolled back.\n`);
    expect(lastCoveredSection(text, sectionsOf(text), 1, typed)).toBe(2);
  });

  it("never reaches past what the editor holds when the bytes are not where they were written", () => {
    const text = `# T\n\n## Impact\n\nSomething else.\n\n## Customers\n\nx\n`;
    expect(lastCoveredSection(text, sectionsOf(text), 1, typed)).toBe(1);
  });
});
