#!/usr/bin/env python3
"""Compare `pir render` with real mkdocs-material, page by page.

For every page of the shared seed site (its PIRs) and of the project's own fictional
render-site, build the site with mkdocs, take the published
`<article class="md-content__inner md-typeset">`, render the same markdown with `pir render`,
and compare counts of the structures a reader sees: headings, tables and rows, list items,
code blocks, admonitions and details; and, for each code block in a language pir-core
highlights, the sequence of Pygments token classes and texts. The highlighter's fixtures
(crates/pir-core/tests/fixtures/highlight) are built as one more page. Prints a table;
exits 1 on any difference.

Usage: scripts/fidelity.py [PIR_BINARY]   (default target/debug/pir)
Creates target/mkdocs-venv with mkdocs-material from PyPI when it is missing.
"""

import html.parser
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "target" / "mkdocs-venv"
SHARED_SITE = ROOT.parent / "shared" / "fixtures" / "seed-site"
OWN_SITE = ROOT / "crates" / "pir-core" / "tests" / "fixtures" / "render-site"
# The renderer's snapshot fixtures, built as extra pages of the fictional site.
SNAPSHOTS = ROOT / "crates" / "pir-core" / "tests" / "fixtures" / "render"
HIGHLIGHT = ROOT / "crates" / "pir-core" / "tests" / "fixtures" / "highlight"
COLUMNS = ["h2", "h3", "h4", "table", "tr", "li", "pre", "admonition", "details"]
# The fence languages pir-core highlights (render/highlight/mod.rs `lexer`); other code is
# plain in the preview and not compared token by token.
HIGHLIGHTED = {
    "bash", "sh", "shell", "zsh", "ksh", "console", "shell-session", "yaml", "yml", "json",
    "json-object", "toml", "ini", "cfg", "dosini", "python", "py", "python3", "py3", "go",
    "golang", "javascript", "js", "mjs", "cjs", "typescript", "ts", "sql",
}


class Counter(html.parser.HTMLParser):
    """Counts the compared structures in an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.counts = dict.fromkeys(COLUMNS, 0)

    def handle_starttag(self, tag, attrs):
        if tag in self.counts:
            self.counts[tag] += 1
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "admonition" in classes:
            self.counts["admonition"] += 1

    handle_startendtag = handle_starttag


class Article(html.parser.HTMLParser):
    """Extracts the inner HTML of the page's `md-content__inner` article."""

    def __init__(self, text):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.start = self.end = None
        self.depth = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag != "article":
            return
        if self.start is None and "md-content__inner" in (dict(attrs).get("class") or ""):
            self.start = self._offset() + len(self.get_starttag_text())
            self.depth = 1
        elif self.start is not None and self.end is None:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "article" and self.start is not None and self.end is None:
            self.depth -= 1
            if self.depth == 0:
                self.end = self._offset()

    def _offset(self):
        line, col = self.getpos()
        lines = self.text.split("\n")
        return sum(len(l) + 1 for l in lines[: line - 1]) + col

    def inner(self):
        if self.start is None or self.end is None:
            raise SystemExit("fidelity: no md-content__inner article in the built page")
        return self.text[self.start : self.end]


class CodeTokens(html.parser.HTMLParser):
    """The code blocks of a fragment: for each `<pre>`, the language of its highlight `<div>`
    (when it names one) and its (class, text) runs in canonical form: `w` spans and line
    anchors as plain text, newlines plain, adjacent runs of one class merged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.lang = None
        self.in_pre = False
        self.classes = []

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag == "div" and "highlight" in cls.split():
            langs = [c[len("language-"):] for c in cls.split() if c.startswith("language-")]
            self.lang = langs[0] if langs else None
        elif tag == "pre":
            self.in_pre = True
            self.blocks.append((self.lang, []))
            self.lang = None
        elif tag == "span" and self.in_pre:
            self.classes.append("" if cls == "w" else cls)

    def handle_endtag(self, tag):
        if tag == "pre":
            self.in_pre = False
        elif tag == "span" and self.in_pre and self.classes:
            self.classes.pop()

    def handle_data(self, data):
        if not self.in_pre:
            return
        runs = self.blocks[-1][1]
        cls = self.classes[-1] if self.classes else ""
        for i, part in enumerate(data.split("\n")):
            for c, t in ([("", "\n")] if i else []) + [(cls, part)]:
                if not t:
                    continue
                if runs and runs[-1][0] == c:
                    runs[-1] = (c, runs[-1][1] + t)
                else:
                    runs.append((c, t))


def code_tokens(fragment):
    p = CodeTokens()
    p.feed(fragment)
    p.close()
    return p.blocks


def token_differences(want_html, got_html):
    """Descriptions of the highlighted code blocks whose tokens differ from mkdocs'."""
    diffs = []
    want, got = code_tokens(want_html), code_tokens(got_html)
    for n, ((_, w), (lang, g)) in enumerate(zip(want, got)):
        if lang not in HIGHLIGHTED or w == g:
            continue
        k = next((i for i, (a, b) in enumerate(zip(w, g)) if a != b), min(len(w), len(g)))
        diffs.append(f"code block {n + 1} ({lang}) at token {k}: mkdocs {w[k:k + 3]} / pir {g[k:k + 3]}")
    return diffs


def counts(fragment):
    c = Counter()
    c.feed(fragment)
    c.close()
    return c.counts


def ensure_mkdocs():
    mkdocs = VENV / "bin" / "mkdocs"
    if mkdocs.exists():
        return mkdocs
    print(f"fidelity: creating {VENV.relative_to(ROOT)} with mkdocs-material", flush=True)
    venv.EnvBuilder(with_pip=True).create(VENV)
    subprocess.run(
        [str(VENV / "bin" / "pip"), "install", "--quiet", "mkdocs-material"], check=True
    )
    return mkdocs


def build(mkdocs, site_dir, work, extra):
    """Copies the site (and `extra` pages, into docs/<folder name>/) to `work` and builds it;
    returns the copied source and the built site folders."""
    src = work / "src"
    shutil.copytree(site_dir, src)
    # The shared fixtures are read-only; mkdocs and the extra pages need to write beside them.
    for p in [src, *src.rglob("*")]:
        p.chmod(p.stat().st_mode | 0o200)
    if extra is not None:
        shutil.copytree(extra, src / "docs" / extra.name, ignore=shutil.ignore_patterns("*.html"))
    out = work / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [str(mkdocs), "build", "--quiet", "-f", str(src / "mkdocs.yml"), "-d", str(out)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return src, out


def built_page(site, rel):
    rel = Path(rel)
    page = site / "index.html" if rel.stem == "index" and rel.parent == Path(".") else None
    if page is None:
        page = site / rel.parent / ("" if rel.stem == "index" else rel.stem) / "index.html"
    return page


def compare_site(mkdocs, pir, site_dir, pages, label, extra=None):
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        src, site = build(mkdocs, site_dir, Path(tmp), extra)
        for rel in pages:
            md = src / "docs" / rel
            page = built_page(site, rel)
            article = Article(page.read_text(encoding="utf-8")).inner()
            want = counts(article)
            run = subprocess.run([str(pir), "render", str(md)], capture_output=True, text=True)
            if run.returncode != 0:
                print(f"{label}/{rel}: pir render failed: {run.stderr.strip()}")
                failures += 1
                continue
            got = counts(run.stdout)
            row = []
            for col in COLUMNS:
                mark = "" if want[col] == got[col] else "!"
                row.append(f"{want[col]}/{got[col]}{mark}")
            tokens = token_differences(article, run.stdout)
            bad = want != got or bool(tokens)
            failures += bad
            print(f"{'DIFF' if bad else 'ok  '} {label + '/' + str(rel):<60} " + " ".join(
                f"{c}={v}" for c, v in zip(COLUMNS, row)))
            for line in tokens:
                print(f"     {line}")
    return failures


def highlight_page(tmp):
    """A page holding every highlighter fixture as a fenced block in its language (the file
    name's first word: `bash-hostile.sh` is bash)."""
    folder = tmp / "highlight"
    folder.mkdir()
    parts = ["# Highlighting\n"]
    for f in sorted(HIGHLIGHT.iterdir()):
        if f.suffix == ".html":
            continue
        lang = f.name.split(".")[0].split("-")[0]
        parts.append(f"## {f.name}\n\n````{lang}\n{f.read_text(encoding='utf-8')}````\n")
    (folder / "fixtures.md").write_text("\n".join(parts), encoding="utf-8")
    return folder


def main():
    pir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "target" / "debug" / "pir"
    if not pir.exists():
        raise SystemExit(f"fidelity: {pir} is missing; build it first (make build)")
    mkdocs = ensure_mkdocs()
    print("counts are mkdocs/pir for: " + " ".join(COLUMNS))
    failures = 0
    own_pages = sorted(p.relative_to(OWN_SITE / "docs") for p in (OWN_SITE / "docs").rglob("*.md"))
    own_pages += sorted(Path(SNAPSHOTS.name) / p.name for p in SNAPSHOTS.glob("*.md"))
    failures += compare_site(mkdocs, pir, OWN_SITE, own_pages, "render-site", SNAPSHOTS)
    with tempfile.TemporaryDirectory() as tmp:
        extra = highlight_page(Path(tmp))
        failures += compare_site(
            mkdocs, pir, OWN_SITE, [Path(extra.name) / "fixtures.md"], "render-site", extra
        )
    if SHARED_SITE.joinpath("mkdocs.yml").is_file():
        pirs = sorted(
            p.relative_to(SHARED_SITE / "docs")
            for p in (SHARED_SITE / "docs" / "incidents").glob("*.md")
        )
        failures += compare_site(mkdocs, pir, SHARED_SITE, pirs, "seed-site")
    else:
        print("fidelity: skipped the seed site: ../shared/fixtures is absent")
    if failures:
        print(f"fidelity: {failures} page(s) differ from mkdocs")
        return 1
    print("fidelity: every page matches mkdocs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
