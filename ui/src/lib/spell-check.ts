// Spell checking for the CodeMirror prose editors. pir-core checks the text with the user's
// Hunspell dictionary and answers with the misspelt words' ranges (UTF-16 offsets, which are
// CodeMirror's); this extension only underlines them and offers pir-core's suggestions on
// hover. Code, URLs and identifiers are left out by pir-core, so the browser's own checker
// is switched off to keep the two from disagreeing.
import { StateEffect, StateField, type Extension } from "@codemirror/state";
import {
  Decoration,
  EditorView,
  ViewPlugin,
  hoverTooltip,
  type DecorationSet,
  type ViewUpdate,
} from "@codemirror/view";
import type { SpellCheck } from "./bindings/SpellCheck";

/** What the extension asks: the check of a whole text, and suggestions for one word. */
export interface Speller {
  check(text: string): Promise<SpellCheck>;
  suggest(word: string): Promise<string[]>;
}

const setMisspelled = StateEffect.define<DecorationSet>();

const misspelled = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const e of tr.effects) if (e.is(setMisspelled)) next = e.value;
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const mark = Decoration.mark({ class: "cm-misspelled" });

/** Underlines the words `speller` finds misspelt, checked `delay` ms after typing stops. */
export function spellChecking(speller: Speller, delay = 400): Extension {
  const checker = ViewPlugin.fromClass(
    class {
      private timer: ReturnType<typeof setTimeout> | null = null;
      private asked = 0;
      constructor(private view: EditorView) {
        this.schedule(0);
      }
      update(u: ViewUpdate) {
        if (u.docChanged) this.schedule(delay);
      }
      private schedule(ms: number) {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.run(), ms);
      }
      private async run() {
        const text = this.view.state.doc.toString();
        const ask = ++this.asked;
        let found: SpellCheck;
        try {
          found = await speller.check(text);
        } catch {
          return; // No answer: no underlines, nothing in the way of typing.
        }
        // An answer for text since changed would underline the wrong places.
        if (ask !== this.asked || this.view.state.doc.toString() !== text) return;
        const ranges = found.misspelled
          .filter((m) => m.from < m.to && m.to <= text.length)
          .map((m) => mark.range(m.from, m.to));
        this.view.dispatch({ effects: setMisspelled.of(Decoration.set(ranges, true)) });
      }
      destroy() {
        if (this.timer) clearTimeout(this.timer);
        this.asked++;
      }
    },
  );

  const suggestions = hoverTooltip(async (view, pos) => {
    let hit: { from: number; to: number } | null = null;
    view.state.field(misspelled).between(pos, pos, (from, to) => {
      hit = { from, to };
    });
    if (!hit) return null;
    const { from, to } = hit;
    const word = view.state.sliceDoc(from, to);
    const words = await speller.suggest(word).catch(() => [] as string[]);
    return {
      pos: from,
      end: to,
      create() {
        const dom = document.createElement("div");
        dom.className = "cm-spell-suggestions";
        dom.setAttribute("data-testid", "spell-suggestions");
        if (words.length === 0) dom.textContent = "No suggestions";
        for (const w of words) {
          const b = document.createElement("button");
          b.type = "button";
          b.textContent = w;
          b.onclick = () => {
            // Only if the word is still there as it was.
            if (view.state.sliceDoc(from, to) === word)
              view.dispatch({ changes: { from, to, insert: w }, userEvent: "input.spell" });
          };
          dom.append(b);
        }
        return { dom };
      },
    };
  });

  return [
    misspelled,
    checker,
    suggestions,
    EditorView.contentAttributes.of({ spellcheck: "false" }),
    EditorView.baseTheme({
      ".cm-misspelled": {
        textDecoration: "underline wavy #d32f2f",
        textDecorationSkipInk: "none",
      },
      ".cm-spell-suggestions button": { margin: "2px", font: "inherit" },
    }),
  ];
}
