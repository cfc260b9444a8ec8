import { render, screen } from "@testing-library/svelte";
import { describe as suite, expect, it } from "vitest";
import type { ErrorKind } from "./bindings/ErrorKind";
import ErrorPanel from "./components/ErrorPanel.svelte";
import { ERROR_KINDS, ERROR_TEXT, describe, location } from "./errors";
import errorKindDecl from "./bindings/ErrorKind.ts?raw";

/** The kinds the Rust `ErrorKind` has, read from its generated declaration. */
function kindsFromBindings(): string[] {
  return [...errorKindDecl.matchAll(/"([a-z0-9_]+)"/g)].map((m) => m[1]).sort();
}

suite("error table", () => {
  it("has an entry for every kind the backend can send, and no other", () => {
    const kinds = kindsFromBindings();
    expect(kinds.length).toBeGreaterThan(5);
    expect([...ERROR_KINDS].sort()).toEqual(kinds);
  });

  it.each(ERROR_KINDS)("maps %s to a headline and a hint", (kind) => {
    expect(ERROR_TEXT[kind].title.trim()).not.toBe("");
    expect(ERROR_TEXT[kind].hint.trim()).not.toBe("");
  });

  it("headlines are distinct, so kinds can be told apart", () => {
    const titles = new Set(ERROR_KINDS.map((k) => ERROR_TEXT[k].title));
    expect(titles.size).toBe(ERROR_KINDS.length);
  });

  it("locates errors as path:line:column", () => {
    expect(location({ kind: "parse", message: "m", path: "a.md", line: 3, column: 7 })).toBe(
      "a.md:3:7",
    );
    expect(location({ kind: "parse", message: "m", path: "a.md", line: 3 })).toBe("a.md:3");
    expect(location({ kind: "parse", message: "m", line: 2 })).toBe("line 2");
    expect(location({ kind: "io", message: "m" })).toBeNull();
  });

  it.each(ERROR_KINDS)("shows %s with its headline, message and location", (kind: ErrorKind) => {
    const err = { kind, message: `details of ${kind}`, path: "/site/mkdocs.yml", line: 4 };
    render(ErrorPanel, { error: err });
    expect(screen.getByRole("alert")).toHaveAttribute("data-kind", kind);
    expect(screen.getByText(ERROR_TEXT[kind].title)).toBeInTheDocument();
    expect(screen.getByText(`details of ${kind}`)).toBeInTheDocument();
    expect(screen.getByText("/site/mkdocs.yml:4")).toBeInTheDocument();
    expect(describe(err).hint).toBe(ERROR_TEXT[kind].hint);
  });
});

suite("git error texts", () => {
  it.each([
    ["git_no_remote", "no remote"],
    ["git_no_upstream", "not on the remote yet"],
    ["git_network", "reach"],
    ["git_auth", "sign-in"],
  ] as [ErrorKind, string][])("%s has its own plain words", (kind, title) => {
    expect(describe({ kind, message: "m" }).title).toContain(title);
    expect(describe({ kind, message: "m" }).title).not.toBe(ERROR_TEXT.git.title);
  });

  it("words git errors by their kind, never by their message", () => {
    const message = "there is no remote named `origin`: failed to connect";
    expect(describe({ kind: "git", message }).title).toBe(ERROR_TEXT.git.title);
    expect(describe({ kind: "git", message }).message).toBe(message);
  });
});
