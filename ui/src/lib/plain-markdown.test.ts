import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import MarkdownView from "./components/MarkdownView.svelte";
import { blocks, runs } from "./plain-markdown";

describe("plain markdown stand-in", () => {
  it("joins soft line breaks into paragraphs and marks bold runs", () => {
    expect(blocks("**Why:** Tags let readers find\nevery incident.\n\nSecond.")).toEqual([
      {
        kind: "paragraph",
        runs: [
          { text: "Why:", bold: true },
          { text: " Tags let readers find every incident.", bold: false },
        ],
      },
      { kind: "paragraph", runs: [{ text: "Second.", bold: false }] },
    ]);
  });

  it("keeps code blocks as written and reads list items", () => {
    const b = blocks("Say when.\n\n```md\n## Not a heading\n```\n- one\n  more\n2. two");
    expect(b[1]).toEqual({ kind: "code", text: "## Not a heading" });
    expect(b[2]).toEqual({ kind: "item", runs: [{ text: "one more", bold: false }] });
    expect(b[3]).toEqual({ kind: "item", runs: [{ text: "two", bold: false }] });
  });

  it("leaves an unclosed ** as written", () => {
    expect(runs("a **b")).toEqual([{ text: "a **b", bold: false }]);
    expect(runs("**a** and **b")).toEqual([
      { text: "a", bold: true },
      { text: " and **b", bold: false },
    ]);
  });

  it("shows markup in the text as text, never as elements", () => {
    render(MarkdownView, { markdown: '**Why:** <img src=x onerror="alert(1)"> <b>no</b>' });
    const view = screen.getByTestId("markdown-plain");
    expect(view.querySelector("img, b")).toBeNull();
    expect(view.querySelector("strong")).toHaveTextContent("Why:");
    expect(view).toHaveTextContent('<img src=x onerror="alert(1)"> <b>no</b>');
  });

  it("shows the renderer's HTML when given", () => {
    render(MarkdownView, { markdown: "# T", html: "<h1>T</h1>" });
    expect(screen.getByRole("heading", { name: "T" })).toBeInTheDocument();
  });
});
