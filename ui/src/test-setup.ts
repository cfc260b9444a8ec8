import "@testing-library/jest-dom/vitest";

// jsdom has no layout: CodeMirror measures text ranges, which jsdom lacks. Empty rectangles
// are enough for it to run.
const emptyRects = () => {
  const list: DOMRect[] = [];
  return Object.assign(list, { item: () => null }) as unknown as DOMRectList;
};
const emptyRect = () => new DOMRect(0, 0, 0, 0);
Range.prototype.getClientRects = emptyRects;
Range.prototype.getBoundingClientRect = emptyRect;

// Nor does it observe sizes (Svelte's `bind:clientWidth` does): nothing ever resizes there.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

// The remembered pane layout lives in local storage: each test starts from the default one.
import { afterEach } from "vitest";
afterEach(() => localStorage.clear());
