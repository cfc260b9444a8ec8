// A stand-in for the preview renderer, for short guidance texts only: splits markdown into
// paragraphs (soft line breaks joined), code blocks and list items, and marks `**bold**`
// runs. It produces data, never HTML, so nothing it is given can inject markup. When the
// renderer is wired in, MarkdownView shows its sanitised HTML instead.

/** A run of text, bold or not. */
export interface Run {
  text: string;
  bold: boolean;
}

/** One block of a guidance text. */
export type Block =
  | { kind: "paragraph"; runs: Run[] }
  | { kind: "item"; runs: Run[] }
  | { kind: "code"; text: string };

/** `a **b** c` as runs; an unclosed `**` stays as written. */
export function runs(text: string): Run[] {
  const out: Run[] = [];
  const parts = text.split("**");
  // An even number of parts means an unmatched `**`: keep the last one literal.
  const closed =
    parts.length % 2 === 1 ? parts : [...parts.slice(0, -2), parts.slice(-2).join("**")];
  closed.forEach((part, i) => {
    if (part !== "") out.push({ text: part, bold: i % 2 === 1 });
  });
  return out;
}

/** The blocks of `markdown`. */
export function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  let para: string[] = [];
  let code: string[] | null = null;
  const flush = () => {
    if (para.length > 0) out.push({ kind: "paragraph", runs: runs(para.join(" ")) });
    para = [];
  };
  for (const line of markdown.split("\n")) {
    const t = line.trim();
    if (code !== null) {
      if (t.startsWith("```") || t.startsWith("~~~")) {
        out.push({ kind: "code", text: code.join("\n") });
        code = null;
      } else {
        code.push(line);
      }
    } else if (t.startsWith("```") || t.startsWith("~~~")) {
      flush();
      code = [];
    } else if (t === "") {
      flush();
    } else if (/^([-*+]|\d+[.)])\s/.test(t)) {
      flush();
      out.push({ kind: "item", runs: runs(t.replace(/^([-*+]|\d+[.)])\s+/, "")) });
    } else if (
      out.length > 0 &&
      para.length === 0 &&
      out[out.length - 1].kind === "item" &&
      /^\s/.test(line)
    ) {
      // An indented line continues the list item above it.
      const last = out[out.length - 1] as { kind: "item"; runs: Run[] };
      last.runs = runs(
        `${last.runs.map((r) => (r.bold ? `**${r.text}**` : r.text)).join("")} ${t}`,
      );
    } else {
      para.push(t);
    }
  }
  if (code !== null) out.push({ kind: "code", text: code.join("\n") });
  flush();
  return out;
}
