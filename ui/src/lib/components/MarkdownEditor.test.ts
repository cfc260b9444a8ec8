import { EditorView } from "@codemirror/view";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import type { LinkHit } from "../bindings/LinkHit";
import { describe, expect, it, vi } from "vitest";
import MarkdownEditor from "./MarkdownEditor.svelte";

function viewIn(container: HTMLElement): EditorView {
  const dom = container.querySelector<HTMLElement>(".cm-editor");
  if (!dom) throw new Error("no editor in the page");
  const view = EditorView.findFromDOM(dom);
  if (!view) throw new Error("no view for the editor");
  return view;
}

describe("markdown editor", () => {
  it("shows the value, reports typing, and takes a new value from outside", async () => {
    const onchange = vi.fn();
    const { container, rerender } = render(MarkdownEditor, {
      value: "## Impact\n\n[Who]",
      label: "Impact",
      onchange,
    });
    const view = viewIn(container);
    expect(view.state.doc.toString()).toBe("## Impact\n\n[Who]");
    expect(container.querySelector(".cm-content")).toHaveAttribute("aria-label", "Impact");

    view.dispatch({
      changes: { from: view.state.doc.length, insert: " all users" },
      userEvent: "input.type",
    });
    expect(onchange).toHaveBeenLastCalledWith("## Impact\n\n[Who] all users");

    onchange.mockClear();
    await rerender({ value: "Replaced", label: "Impact", onchange });
    expect(viewIn(container).state.doc.toString()).toBe("Replaced");
    // A value set from outside is not echoed back as an edit.
    expect(onchange).not.toHaveBeenCalled();
    // The same view was kept: the editor is not recreated on each change.
    expect(viewIn(container)).toBe(view);
  });

  it("destroys the editor when it goes away", () => {
    const { container, unmount } = render(MarkdownEditor, {
      value: "x",
      label: "Notes",
      onchange: () => {},
    });
    const view = viewIn(container);
    const destroy = vi.spyOn(view, "destroy");
    unmount();
    expect(destroy).toHaveBeenCalledOnce();
    expect(container.querySelector(".cm-editor")).toBeNull();
  });
});

describe("markdown editor keys", () => {
  function enterAtEnd(view: EditorView) {
    view.dispatch({ selection: { anchor: view.state.doc.length } });
    const event = new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true });
    view.contentDOM.dispatchEvent(event);
  }

  it("types plain lines under a quoted template hint, not `> >`", () => {
    const { container } = render(MarkdownEditor, {
      value: "> *What happened, in two sentences.*",
      label: "Summary",
      onchange: () => {},
    });
    const view = viewIn(container);
    enterAtEnd(view);
    view.dispatch(view.state.replaceSelection("Users saw errors."));
    enterAtEnd(view);
    view.dispatch(view.state.replaceSelection("Then it stopped."));
    expect(view.state.doc.toString()).not.toContain("> >");
    expect(view.state.doc.line(2).text).not.toMatch(/^>/);
  });

  it("still continues a list on Enter, and undoes typing", async () => {
    const onchange = vi.fn();
    const { container } = render(MarkdownEditor, { value: "- one", label: "Notes", onchange });
    const view = viewIn(container);
    enterAtEnd(view);
    expect(view.state.doc.toString()).toBe("- one\n- ");
    const { undo } = await import("@codemirror/commands");
    undo(view);
    expect(view.state.doc.toString()).toBe("- one");
    expect(onchange).toHaveBeenLastCalledWith("- one");
  });
});

describe("spell checking", () => {
  it("underlines what the speller finds and clears it once fixed", async () => {
    const calls: string[] = [];
    const speller = {
      check: vi.fn(async (text: string) => {
        calls.push(text);
        const at = text.indexOf("servr");
        return {
          dictionary: "en_US",
          misspelled: at < 0 ? [] : [{ from: at, to: at + 5, word: "servr" }],
        };
      }),
      suggest: vi.fn(async () => ["server", "serve"]),
    };
    const { container } = render(MarkdownEditor, {
      value: "The 😀 servr fell over.",
      label: "Impact",
      onchange: () => {},
      speller,
    });
    // pir-core checks; the browser's own checker (which would flag code and names) stays off.
    expect(container.querySelector(".cm-content")).toHaveAttribute("spellcheck", "false");
    await vi.waitFor(() =>
      expect(container.querySelector(".cm-misspelled")?.textContent).toBe("servr"),
    );
    expect(speller.check).toHaveBeenCalledWith("The 😀 servr fell over.");

    // Fixed by typing: the next answer clears the underline.
    const view = viewIn(container);
    const at = view.state.doc.toString().indexOf("servr");
    view.dispatch({ changes: { from: at, to: at + 5, insert: "server" }, userEvent: "input" });
    await vi.waitFor(() => expect(container.querySelector(".cm-misspelled")).toBeNull(), {
      timeout: 2000,
    });
    expect(calls.at(-1)).toBe("The 😀 server fell over.");
  });
});

describe("links and images", () => {
  const hits: LinkHit[] = [
    {
      text: "DNS runbook",
      page_title: "DNS runbook",
      rel: "runbooks/dns.md",
      pir: false,
      link: "../runbooks/dns.md",
    },
    {
      text: "Restart the resolver",
      page_title: "DNS runbook",
      rel: "runbooks/dns.md",
      heading: "restart-the-resolver",
      pir: false,
      link: "../runbooks/dns.md#restart-the-resolver",
    },
  ];
  const links = vi.fn(async (q: string) =>
    hits.filter((h) => h.text.toLowerCase().includes(q.toLowerCase())),
  );

  function pressCtrlK(view: EditorView) {
    view.contentDOM.dispatchEvent(
      new KeyboardEvent("keydown", { key: "k", ctrlKey: true, bubbles: true, cancelable: true }),
    );
  }

  it("Ctrl+K searches the site and Enter inserts the link at the cursor", async () => {
    const onchange = vi.fn();
    const { container } = render(MarkdownEditor, {
      value: "See .",
      label: "Summary",
      onchange,
      links,
    });
    const view = viewIn(container);
    view.dispatch({ selection: { anchor: 4 } });
    pressCtrlK(view);
    const search = await screen.findByTestId("link-search");
    await vi.waitFor(() => expect(screen.getAllByTestId("link-hit")).toHaveLength(2));
    expect(search).toHaveFocus();

    await fireEvent.input(search, { target: { value: "restart" } });
    await vi.waitFor(() => expect(screen.getAllByTestId("link-hit")).toHaveLength(1));
    expect(links).toHaveBeenLastCalledWith("restart");
    await fireEvent.keyDown(search, { key: "Enter" });

    expect(view.state.doc.toString()).toBe(
      "See [Restart the resolver](../runbooks/dns.md#restart-the-resolver).",
    );
    expect(onchange).toHaveBeenLastCalledWith(view.state.doc.toString());
    expect(screen.queryByTestId("link-picker")).toBeNull();
  });

  it("the Link… button makes the selected text the link's text; arrows choose", async () => {
    const { container } = render(MarkdownEditor, {
      value: "Follow the [runbook] steps.",
      label: "Summary",
      onchange: () => {},
      links,
    });
    const view = viewIn(container);
    view.dispatch({ selection: { anchor: 11, head: 20 } });
    await fireEvent.click(screen.getByTestId("insert-link"));
    const search = await screen.findByTestId("link-search");
    await vi.waitFor(() => expect(screen.getAllByTestId("link-hit")).toHaveLength(2));
    await fireEvent.keyDown(search, { key: "ArrowDown" });
    expect(screen.getAllByTestId("link-hit")[1]).toHaveAttribute("aria-selected", "true");
    await fireEvent.keyDown(search, { key: "ArrowUp" });
    await fireEvent.keyDown(search, { key: "Enter" });
    // Brackets of the selected text are escaped so the link stays one link.
    expect(view.state.doc.toString()).toBe("Follow the [\\[runbook\\]](../runbooks/dns.md) steps.");
  });

  it("Escape closes the picker and changes nothing; no picker without links", async () => {
    const { container } = render(MarkdownEditor, {
      value: "Text",
      label: "Summary",
      onchange: () => {},
      links,
    });
    pressCtrlK(viewIn(container));
    const search = await screen.findByTestId("link-search");
    await fireEvent.keyDown(search, { key: "Escape" });
    expect(screen.queryByTestId("link-picker")).toBeNull();
    expect(viewIn(container).state.doc.toString()).toBe("Text");
    cleanup();

    const plain = render(MarkdownEditor, { value: "Text", label: "Notes", onchange: () => {} });
    expect(screen.queryByTestId("insert-link")).toBeNull();
    pressCtrlK(viewIn(plain.container));
    expect(screen.queryByTestId("link-picker")).toBeNull();
  });

  function imageEvent(type: "paste" | "drop", files: File[]): Event {
    const event = new Event(type, { bubbles: true, cancelable: true });
    const data = { files, types: ["Files"], getData: () => "" };
    Object.defineProperty(event, type === "paste" ? "clipboardData" : "dataTransfer", {
      value: data,
    });
    return event;
  }

  it("a pasted image is stored and its markdown inserted as a paragraph of its own", async () => {
    const storeImage = vi.fn(async () => "![image](../assets/pir/image.png)");
    const onchange = vi.fn();
    const { container } = render(MarkdownEditor, {
      value: "Graph:",
      label: "Summary",
      onchange,
      storeImage,
    });
    const view = viewIn(container);
    view.dispatch({ selection: { anchor: 6 } });
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "image.png", {
      type: "image/png",
    });
    const event = imageEvent("paste", [png]);
    view.contentDOM.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    await vi.waitFor(() =>
      expect(view.state.doc.toString()).toBe("Graph:\n\n![image](../assets/pir/image.png)\n"),
    );
    // A pasted image has no name of its own (browsers call it image.png): its type says.
    expect(storeImage).toHaveBeenCalledWith({
      bytes: [0x89, 0x50, 0x4e, 0x47],
      name: null,
      mime: "image/png",
    });
    expect(onchange).toHaveBeenLastCalledWith(view.state.doc.toString());
  });

  it("a dropped image keeps its name; other files are not stored", async () => {
    const storeImage = vi.fn(async () => "![graph](../assets/pir/graph.png)");
    const { container } = render(MarkdownEditor, {
      value: "",
      label: "Summary",
      onchange: () => {},
      storeImage,
    });
    const view = viewIn(container);
    const notImage = imageEvent("paste", [new File(["x"], "notes.txt", { type: "text/plain" })]);
    view.contentDOM.dispatchEvent(notImage);
    expect(storeImage).not.toHaveBeenCalled();

    const drop = imageEvent("drop", [
      new File([new Uint8Array([1])], "Graph.PNG", { type: "image/png" }),
    ]);
    view.contentDOM.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    await vi.waitFor(() =>
      expect(view.state.doc.toString()).toBe("![graph](../assets/pir/graph.png)\n"),
    );
    expect(storeImage).toHaveBeenCalledWith({ bytes: [1], name: "Graph.PNG", mime: "image/png" });

    // At the start of a line of text: blank lines keep the image and that text apart.
    view.dispatch({ changes: { from: view.state.doc.length, insert: "Text after." } });
    view.dispatch({ selection: { anchor: view.state.doc.line(2).from } });
    view.contentDOM.dispatchEvent(
      imageEvent("paste", [new File([new Uint8Array([2])], "g.png", { type: "image/png" })]),
    );
    await vi.waitFor(() =>
      expect(view.state.doc.toString()).toBe(
        "![graph](../assets/pir/graph.png)\n\n![graph](../assets/pir/graph.png)\n\nText after.",
      ),
    );
  });
});

describe("link picker answers", () => {
  it("name each heading's page and anchor, so repeated headings can be told apart", async () => {
    const search = vi.fn(async (): Promise<LinkHit[]> => [
      {
        text: "Restart",
        page_title: "DNS runbook",
        rel: "runbooks/dns.md",
        heading: "restart",
        pir: false,
        link: "../runbooks/dns.md#restart",
      },
      {
        text: "Restart",
        page_title: "DNS runbook",
        rel: "runbooks/dns.md",
        heading: "restart_1",
        pir: false,
        link: "../runbooks/dns.md#restart_1",
      },
      {
        text: "DNS outage",
        page_title: "DNS outage",
        rel: "incidents/2026-01-10-dns-outage.md",
        pir: true,
        link: "2026-01-10-dns-outage.md",
      },
    ]);
    const { default: LinkPicker } = await import("./LinkPicker.svelte");
    const onpick = vi.fn();
    render(LinkPicker, { search, onpick, oncancel: () => {} });
    await vi.waitFor(() => expect(screen.getAllByTestId("link-hit")).toHaveLength(3));
    const [first, second, pir] = screen.getAllByTestId("link-hit");
    expect(first).toHaveTextContent("DNS runbook · runbooks/dns.md#restart");
    expect(second).toHaveTextContent("runbooks/dns.md#restart_1");
    expect(pir).toHaveTextContent("PIR");
    await fireEvent.click(second);
    expect(onpick).toHaveBeenCalledWith(expect.objectContaining({ heading: "restart_1" }));
  });
  it("sends the query once typing pauses; Enter picks from the answer to what was typed", async () => {
    const hit = (text: string): LinkHit => ({
      text,
      page_title: text,
      rel: `runbooks/${text}.md`,
      pir: false,
      link: `../runbooks/${text}.md`,
    });
    const search = vi.fn(async (q: string) => (q === "" ? [hit("all")] : [hit(q)]));
    const { default: LinkPicker } = await import("./LinkPicker.svelte");
    const onpick = vi.fn();
    render(LinkPicker, { search, onpick, oncancel: () => {}, delayMs: 60 });
    const box = screen.getByTestId("link-search");
    await vi.waitFor(() => expect(screen.getAllByTestId("link-hit")).toHaveLength(1));
    for (const q of ["d", "dn", "dns"]) await fireEvent.input(box, { target: { value: q } });
    await vi.waitFor(() => expect(screen.getByTestId("link-hit")).toHaveTextContent("dns"));
    // One search for the first list, one for the query typed: none for each keystroke.
    expect(search.mock.calls.map(([q]) => q)).toEqual(["", "dns"]);

    // Enter before the pause is over: the query is sent at once and its answer picked.
    await fireEvent.input(box, { target: { value: "dnsmasq" } });
    await fireEvent.keyDown(box, { key: "Enter" });
    await vi.waitFor(() => expect(onpick).toHaveBeenCalledTimes(1));
    expect(onpick).toHaveBeenCalledWith(expect.objectContaining({ text: "dnsmasq" }));
    expect(search.mock.calls.map(([q]) => q)).toEqual(["", "dns", "dnsmasq"]);
  });
});
