// Which sections a section editor's text covers once applied. Typing a heading into a
// section's markdown makes a section of its own when the edit is applied; the editor still
// holds the whole text, so its next edit must replace that new section too, or the text after
// the typed heading would be written twice.
import type { Section } from "./bindings/Section";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The id of the last section that `sent` (the text just applied to section `first`, with `\n`
 * line endings) now covers in `text` (the session's text after the edit, whose spans
 * `sections` gives). `first` when the text made no heading, or when the bytes are not found
 * exactly where they were written: never more than what the editor's text is known to hold.
 */
export function lastCoveredSection(
  text: string,
  sections: Section[],
  first: number,
  sent: string,
): number {
  const s = sections.find((x) => x.id === first);
  if (!s) return first;
  const bytes = encoder.encode(text);
  // Written with the file's line endings, as the core writes it.
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const written = encoder.encode(eol === "\n" ? sent : sent.replaceAll("\n", "\r\n"));
  const start = s.body_span.start;
  const found = bytes.subarray(start, start + written.length);
  if (found.length !== written.length || found.some((b, i) => b !== written[i])) return first;
  const end = start + written.length;
  const isHeading = (x: Section) =>
    x.heading_span.start >= start &&
    x.heading_span.start < end &&
    /^ {0,3}#/.test(decoder.decode(bytes.subarray(x.heading_span.start, x.heading_span.end)));
  let last = first;
  for (const x of sections) if (x.id > first && isHeading(x)) last = Math.max(last, x.id);
  return last;
}
