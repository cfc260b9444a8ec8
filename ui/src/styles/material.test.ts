import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";

// Read from disk: vitest hands CSS imports (`?raw` included) over empty.
const css = readFileSync(`${import.meta.dirname}/material.css`, "utf8");

/**
 * The preview's stylesheet colours Pygments' token spans (as pir-core writes them) with
 * mkdocs-material's own colours, light and dark. jsdom neither evaluates media queries nor
 * resolves `var()`, so this reads the stylesheet's rules: the rule whose selector matches
 * the span gives its colour, resolved through the light variables or the dark overrides.
 */
function sheet(): CSSStyleSheet {
  const style = document.createElement("style");
  style.textContent = css;
  document.head.append(style);
  return style.sheet as CSSStyleSheet;
}

/** The custom properties of `.md-typeset`, with the dark media block's on top when `dark`. */
function variables(rules: CSSRuleList, dark: boolean): Map<string, string> {
  const vars = new Map<string, string>();
  const read = (rule: CSSStyleRule) => {
    for (const name of Array.from(rule.style)) {
      if (name.startsWith("--")) vars.set(name, rule.style.getPropertyValue(name).trim());
    }
  };
  for (const rule of Array.from(rules)) {
    if (rule instanceof CSSStyleRule && rule.selectorText === ".md-typeset") read(rule);
  }
  if (dark) {
    for (const rule of Array.from(rules)) {
      if (
        rule instanceof CSSMediaRule &&
        rule.conditionText.includes("prefers-color-scheme: dark")
      ) {
        for (const inner of Array.from(rule.cssRules)) {
          if (inner instanceof CSSStyleRule && inner.selectorText === ".md-typeset") read(inner);
        }
      }
    }
  }
  return vars;
}

/** The colour the stylesheet gives `el`, its `var()`s resolved. */
function colour(el: Element, dark: boolean): string {
  const s = sheet();
  const vars = variables(s.cssRules, dark);
  let value = "";
  for (const rule of Array.from(s.cssRules)) {
    if (rule instanceof CSSStyleRule && rule.style.color && el.matches(rule.selectorText)) {
      value = rule.style.color;
    }
  }
  for (let i = 0; i < 5 && value.includes("var("); i++) {
    value = value.replace(/var\((--[\w-]+)\)/g, (_, name: string) => vars.get(name) ?? "?");
  }
  return value;
}

/** A highlighted block as pir-core renders `print("x")  # note` in Python. */
function block(): HTMLElement {
  const root = document.createElement("div");
  root.className = "md-typeset";
  root.innerHTML =
    '<div class="language-python highlight"><pre><span></span><code>' +
    '<span class="nb">print</span><span class="p">(</span><span class="s2">&quot;x&quot;</span>' +
    '<span class="p">)</span>  <span class="k">if</span> <span class="c1"># note</span>\n' +
    "</code></pre></div>";
  document.body.append(root);
  return root;
}

describe("code highlighting colours", () => {
  it("gives keywords, strings, builtins and comments mkdocs-material's light colours", () => {
    const root = block();
    const span = (c: string) => root.querySelector(`.${c}`)!;
    expect(colour(span("k"), false)).toBe("#3f6ec6");
    expect(colour(span("s2"), false)).toBe("#1c7d4d");
    expect(colour(span("nb"), false)).toBe("#6e59d9");
    expect(colour(span("c1"), false)).toBe("#0000008a");
    root.remove();
  });

  it("gives them the slate (dark) scheme's colours in dark mode", () => {
    const root = block();
    const span = (c: string) => root.querySelector(`.${c}`)!;
    expect(colour(span("k"), true)).toBe("#6791e0");
    expect(colour(span("s2"), true)).toBe("#2fb170");
    expect(colour(span("nb"), true)).toBe("#9383e2");
    expect(colour(span("c1"), true)).toMatch(/^hsla\(225deg,\s*15%,\s*90%,\s*0\.56\)$/);
    root.remove();
  });

  it("leaves spans outside a highlighted block alone", () => {
    const p = document.createElement("p");
    p.innerHTML = '<span class="k">word</span>';
    document.body.append(p);
    expect(colour(p.firstElementChild!, false)).toBe("");
    p.remove();
  });
});
