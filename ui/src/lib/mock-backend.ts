// An in-memory backend with the same interface as the Tauri one, so the UI runs in a plain
// browser (`npm run dev`) and in component tests. Its rules are a simplified copy of
// pir-core's (which are tested in Rust); it also has folders that fail the way real sites
// can, to show every error state without a real disk.
import type { Api, FileDrag } from "./api";
import type { CoreError } from "./bindings/CoreError";
import type { Created } from "./bindings/Created";
import type { Draft } from "./bindings/Draft";
import type { DraftComparison } from "./bindings/DraftComparison";
import type { DraftInfo } from "./bindings/DraftInfo";
import type { NewPir } from "./bindings/NewPir";
import type { NewPirFields } from "./bindings/NewPirFields";
import type { PirFile } from "./bindings/PirFile";
import type { RecentSite } from "./bindings/RecentSite";
import type { SectionKey } from "./bindings/SectionKey";
import type { SectionState } from "./bindings/SectionState";
import type { OpenedSite } from "./bindings/OpenedSite";
import type { SiteOverview } from "./bindings/SiteOverview";
import type { Template } from "./bindings/Template";
import type { TextSection } from "./bindings/TextSection";
import type { CommitOptions } from "./bindings/CommitOptions";
import type { CommitOutcome } from "./bindings/CommitOutcome";
import type { CommitReview } from "./bindings/CommitReview";
import type { PullOutcome } from "./bindings/PullOutcome";
import type { PushOutcome } from "./bindings/PushOutcome";
import type { ReviewLink } from "./bindings/ReviewLink";
import type { SpellCheck } from "./bindings/SpellCheck";
import type { TransferProgress } from "./bindings/TransferProgress";
import type { TypedCredentials } from "./bindings/TypedCredentials";
import { MockGit } from "./mock-git";
import type { WizardStep } from "./bindings/WizardStep";
import type { Edit } from "./bindings/Edit";
import type { ImportCandidate } from "./bindings/ImportCandidate";
import type { ImportPlan } from "./bindings/ImportPlan";
import type { ImportRequest } from "./bindings/ImportRequest";
import type { PastedRow } from "./bindings/PastedRow";
import type { Preview } from "./bindings/Preview";
import type { PreviewPatch } from "./bindings/PreviewPatch";
import type { SaveOutcome } from "./bindings/SaveOutcome";
import type { SavePlan } from "./bindings/SavePlan";
import type { Problem } from "./bindings/Problem";
import type { LinkHit } from "./bindings/LinkHit";
import type { StoredImage } from "./bindings/StoredImage";
import type { SiteCheck } from "./bindings/SiteCheck";
import { MockEditor } from "./mock-editor";
import { MockInsights } from "./mock-insights";
import type { IndexStatus } from "./bindings/IndexStatus";
import type { Scaffolded } from "./bindings/Scaffolded";
import type { SearchFilters } from "./bindings/SearchFilters";
import type { SearchResults } from "./bindings/SearchResults";
import type { SiteStats } from "./bindings/SiteStats";
import type { SiteSettings } from "./bindings/SiteSettings";
import type { LinkTarget } from "./bindings/LinkTarget";
import type { Fingerprint } from "./bindings/Fingerprint";

/** The sample site every mock starts with. */
export const SAMPLE_ROOT = "/mock/sample-site";

/** Folders that fail to open, as real sites can. */
export const FAILING_SITES: Record<string, CoreError> = {
  "/mock/no-config": {
    kind: "config",
    message: "no mkdocs.yml here or in any folder above: open the folder of an MkDocs site",
    path: "/mock/no-config",
  },
  "/mock/bad-yaml": {
    kind: "config",
    message: "mapping values are not allowed here",
    path: "/mock/bad-yaml/mkdocs.yml",
    line: 3,
    column: 9,
  },
  "/mock/not-utf8": {
    kind: "not_utf8",
    message: "not UTF-8 text: invalid byte 0xff",
    path: "/mock/not-utf8/mkdocs.yml",
    line: 2,
    column: 5,
  },
};

/** A site that opens but refuses writes, like a read-only folder. */
export const READ_ONLY_ROOT = "/mock/read-only";

const STOP_WORDS = new Set(
  "a an the of on in into to for and or due with by at from after during is was were be its it as".split(
    " ",
  ),
);

/** Text as HTML text (the mock's stand-in for pir-core's renderer). */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function err(kind: CoreError["kind"], message: string, path?: string): CoreError {
  return path ? { kind, message, path } : { kind, message };
}

/** `YYYY-MM-DD-slug.md`, or the reason there is none (simplified `pir_core::site::slug`). */
export function mockFileName(title: string, date: string): string {
  const d = date.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  const valid =
    m !== null &&
    (() => {
      const t = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      return (
        t.getUTCFullYear() === +m[1] && t.getUTCMonth() === +m[2] - 1 && t.getUTCDate() === +m[3]
      );
    })();
  if (!valid) throw err("invalid_input", `bad date "${date}"; use YYYY-MM-DD`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(title)) {
    throw err("unsafe_path", "title contains a control character; remove it");
  }
  const words = title
    .replace(/^\s*(post[- ]incident review:|pir:)/i, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((w) => w.length > 0);
  const kept = words.filter((w) => !STOP_WORDS.has(w));
  let slug = "";
  for (const w of kept.length > 0 ? kept : words) {
    if (slug.length + w.length + (slug ? 1 : 0) > 60) break;
    slug += (slug ? "-" : "") + w;
  }
  if (!slug) throw err("invalid_input", "title has no letters or digits to make a file name from");
  return `${d}-${slug}.md`;
}

/** Whether text still holds template placeholders (simplified `template::has_placeholder`). */
export function mockHasPlaceholder(text: string): boolean {
  if (/YYYY-MM-DD|HH:MM|~Xh Ym/.test(text)) return true;
  const re = /\[([^\]\n]*)\](.?)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const inner = m[1];
    const isLink = m[2] === "(" || m[2] === "[";
    const isBox = inner === " " || inner === "x" || inner === "X";
    if (!isLink && !isBox && inner.trim() !== "") return true;
  }
  return false;
}

/** The mock site's template: its parts in order, as pir-core's built-in one has them. */
const SECTION_TITLES: Record<SectionKey, string> = {
  tags: "Tags",
  metadata: "Metadata",
  executive_summary: "Executive Summary",
  timeline: "Timeline",
  root_causes: "Root Causes",
  impact: "Impact",
  resolution_steps: "Resolution Steps Taken",
  verification: "Verification",
  preventive_measures: "Preventive Measures",
  lessons_learned: "Lessons Learned",
  action_items: "Action Items",
  technical_details: "Technical Details",
  references: "References",
};
const SECTION_KEYS = Object.keys(SECTION_TITLES) as SectionKey[];

const TEMPLATE_BODIES: Partial<Record<SectionKey, string>> = {
  metadata:
    "**Date:** YYYY-MM-DD\n**Duration:** ~Xh Ym\n**Severity:** [Critical / High / Medium / Low]\n**Status:** [Resolved / Monitoring]",
  executive_summary: "[Three to five short paragraphs]",
  timeline: "| Time | Event |\n| ---- | ----- |\n| **~HH:MM** | [Event] |",
  root_causes: "#### Chain 1: [Symptom]\n\n[The immediate technical reason]",
  impact: "[Who was affected, how, for how long]",
  resolution_steps: "1. [Step]",
  verification: "- [ ] [Check]",
  preventive_measures: "[What stops it happening again]",
  lessons_learned: "[What went well, what did not]",
  action_items: "| Item | Owner | Due |\n| ---- | ----- | --- |\n| [Item] | [Owner] | YYYY-MM-DD |",
  technical_details: "[Configuration, commands, logs]",
  references: "- [Link]",
};

function mockTemplate(): Template {
  return {
    text: "# Post Incident Review: [Title]\n",
    source: null,
    sections: [],
    guide: SECTION_KEYS.map((key) => ({
      key,
      heading: SECTION_TITLES[key],
      guidance: `**Why:** the ${SECTION_TITLES[key]} part of a PIR.\n\n**What to include:** the facts for this part.`,
    })),
  };
}

interface MockSite {
  name: string;
  readOnly: boolean;
  files: Map<string, string>;
  nav: string[];
  homeList: string[];
}

/** The in-memory backend. Public fields let tests and the dev page steer it. */
export class MockBackend implements Api {
  sites = new Map<string, MockSite>();
  recent: string[] = [];
  /** What the next folder dialog returns. */
  nextPickedFolder: string | null = SAMPLE_ROOT;
  /** What the next confirm dialog answers. */
  confirmAnswer = true;
  /** What the next file dialog returns. */
  nextPickedFiles: string[] = [];
  /** What `importCandidates` offers (pir-core reads the sources in the app). */
  importPlan: ImportPlan = { rows: [], outside: 0, notes: [] };
  /** When set, `importCandidates` fails with this (a source it cannot read). */
  importError: CoreError | null = null;
  /** Every call, for tests: `[method, args]`. */
  calls: [string, unknown[]][] = [];
  /** Drafts by `site\0path`. */
  drafts = new Map<string, Draft>();
  /** When set, saving a draft fails with this (a full disk, a read-only data folder). */
  draftSaveError: CoreError | null = null;
  /** The sites' git repositories (see mock-git.ts for the knobs). */
  git = new MockGit((root) => this.site(root).files);
  /** Pages "opened in the browser". */
  openedPages: string[] = [];
  /** Problems of no one PIR that `checkSite` reports (nav entries to missing pages). */
  siteProblems: Problem[] = [];
  /** Images stored by `storeImage`, by path (pir-core writes them into the site). */
  storedImages = new Map<string, number[]>();

  constructor() {
    const sample: MockSite = {
      name: "Example Corp Incident Reviews",
      readOnly: false,
      files: new Map([
        ["2026-03-14-payments-api-tls-certificate-expiry.md", "# PIR"],
        ["2026-05-02-internal-dns-resolver-outage.md", "# PIR"],
        ["2026-06-19-order-queue-consumer-memory-leak.md", "# PIR"],
      ]),
      nav: [],
      homeList: [],
    };
    this.sites.set(SAMPLE_ROOT, sample);
    this.sites.set(READ_ONLY_ROOT, {
      name: "Read-only site",
      readOnly: true,
      files: new Map(),
      nav: [],
      homeList: [],
    });
  }

  private log(method: string, ...args: unknown[]) {
    this.calls.push([method, args]);
  }

  private site(root: string): MockSite {
    const failing = FAILING_SITES[root];
    if (failing) throw failing;
    const site = this.sites.get(root);
    if (!site) throw err("config", "no mkdocs.yml here or in any folder above", root);
    return site;
  }

  async startSite(): Promise<OpenedSite> {
    this.log("startSite");
    return this.opened(this.recent[0] ?? SAMPLE_ROOT);
  }

  async recentSites(): Promise<RecentSite[]> {
    this.log("recentSites");
    return this.recent.map((path) => ({ path, available: this.sites.has(path) }));
  }

  async openSite(path: string): Promise<OpenedSite> {
    this.log("openSite", path);
    return this.opened(path);
  }

  /** What opening the site at `path` answers: its overview, checked list and the recent list. */
  private async opened(path: string): Promise<OpenedSite> {
    const overview = this.overview(path);
    const check = await this.editor.checkSite(path);
    return {
      overview,
      check: { ...check, other: [...this.siteProblems] },
      recent: this.recent.map((p) => ({ path: p, available: this.sites.has(p) })),
    };
  }

  private overview(path: string): SiteOverview {
    const site = this.site(path);
    this.recent = [path, ...this.recent.filter((p) => p !== path)].slice(0, 10);
    const pirs: PirFile[] = [...site.files.keys()].map((file_name) => {
      const m = /^(\d{4}-\d{2}-\d{2})-(.+)\.md$/.exec(file_name);
      return {
        path: `${path}/docs/incidents/${file_name}`,
        file_name,
        date: m ? m[1] : null,
        slug: m ? m[2] : null,
      };
    });
    pirs.sort(
      (a, b) =>
        (b.date ?? "").localeCompare(a.date ?? "") || a.file_name.localeCompare(b.file_name),
    );
    return {
      root: path,
      name: site.name,
      incidents_dir: `${path}/docs/incidents`,
      nav_owner: "explicit",
      pirs,
    };
  }

  async fileNamePreview(root: string, title: string, date: string): Promise<string> {
    this.log("fileNamePreview", root, title, date);
    this.site(root);
    return mockFileName(title, date);
  }

  async siteTemplate(root: string): Promise<Template> {
    this.log("siteTemplate", root);
    this.site(root);
    return mockTemplate();
  }

  /** `.pir.toml` per site: the mock keeps the text; learning a profile is pir-core's. */
  private settingsText = new Map<string, string>();

  async siteSettings(root: string): Promise<SiteSettings> {
    this.log("siteSettings", root);
    this.site(root);
    const text = this.settingsText.get(root);
    return {
      rows: [{ key: "pirs_folder", value: "incidents", origin: "learnt from the mock site" }],
      file: ".pir.toml",
      text: text ?? `# The profile of this site.\npirs_folder = "incidents"\n`,
      fingerprint: text === undefined ? null : { len: text.length, hash: "0".repeat(16) },
    };
  }

  async writeSiteSettings(
    root: string,
    text: string,
    _base: Fingerprint | null,
  ): Promise<SiteSettings> {
    this.log("writeSiteSettings", root, text);
    this.site(root);
    this.settingsText.set(root, text);
    return this.siteSettings(root);
  }

  /** Following links is pir-core's (`site::links`); the mock follows none. */
  async resolveLink(root: string, from: string, href: string): Promise<LinkTarget> {
    this.log("resolveLink", root, from, href);
    return { kind: "unfollowed", reason: "links are followed in the desktop app" };
  }

  async linkSearch(root: string, from: string, query: string): Promise<LinkHit[]> {
    this.log("linkSearch", root, from, query);
    const site = this.site(root);
    const page = (rel: string, title: string, pir: boolean): LinkHit => ({
      text: title,
      page_title: title,
      rel,
      pir,
      link: rel.startsWith("incidents/") ? rel.slice("incidents/".length) : `../${rel}`,
    });
    const runbook = page("runbooks/dns.md", "DNS runbook", false);
    const all: LinkHit[] = [
      ...[...site.files.keys()]
        .filter((name) => !from.endsWith(`/${name}`))
        .map((name) => page(`incidents/${name}`, name.slice(11, -3).replace(/-/g, " "), true)),
      runbook,
      {
        ...runbook,
        text: "Restart the resolver",
        heading: "restart-the-resolver",
        link: `${runbook.link}#restart-the-resolver`,
      },
    ];
    // pir-core ranks; the mock keeps what holds every word, pages first.
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return all.filter((h) => !h.heading);
    return all.filter((h) =>
      words.every((w) => `${h.text} ${h.page_title} ${h.rel}`.toLowerCase().includes(w)),
    );
  }

  async storeImage(
    root: string,
    pir: string,
    bytes: number[],
    name: string | null,
    mime: string | null,
  ): Promise<StoredImage> {
    this.log("storeImage", root, pir, bytes.length, name, mime);
    this.site(root);
    if (!mime?.startsWith("image/")) {
      throw err("invalid_input", "not an image PIR Editor stores (PNG, JPEG, GIF, WebP or SVG)");
    }
    const stem = pir.split("/").pop()?.replace(/\.md$/, "") ?? "pir";
    const base = (name ?? "image")
      .replace(/\.[^.]*$/, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-");
    const ext = mime.split("/")[1]?.replace("jpeg", "jpg").replace("svg+xml", "svg") ?? "png";
    let file = `${base}.${ext}`;
    for (let n = 2; this.storedImages.has(`${root}/docs/assets/${stem}/${file}`); n++) {
      file = `${base}-${n}.${ext}`;
    }
    const path = `${root}/docs/assets/${stem}/${file}`;
    this.storedImages.set(path, bytes);
    const link = `../assets/${stem}/${file}`;
    return { path, link, markdown: `![${base.replace(/-/g, " ")}](${link})` };
  }

  async renderPage(root: string, path: string): Promise<string> {
    this.log("renderPage", root, path);
    throw { kind: "not_found", message: "pages are shown in the desktop app", path };
  }

  /** The mock template's sections with the new PIR's fields filled in. */
  private draftSections(root: string, fields: NewPirFields): TextSection[] {
    this.site(root);
    return SECTION_KEYS.filter((k) => k !== "tags").map((key) => {
      let body = TEMPLATE_BODIES[key] ?? "";
      if (key === "metadata") {
        body = body
          .replace("YYYY-MM-DD", fields.date)
          .replace(/\*\*Severity:\*\* .*/, `**Severity:** ${fields.severity}`);
      }
      const heading =
        key === "metadata" ? `Post Incident Review: ${fields.title}` : SECTION_TITLES[key];
      return { key, heading, body };
    });
  }

  /** The mock template's steps: pir-core builds them from the site's own template. */
  async draftSteps(root: string, fields: NewPirFields): Promise<WizardStep[]> {
    this.log("draftSteps", root, fields);
    const sections = this.draftSections(root, fields);
    const guide = mockTemplate().guide;
    return sections.map((s) => {
      const guidance = guide.find((g) => g.key === s.key)?.guidance ?? null;
      return {
        heading: s.heading,
        title: s.key === "metadata" ? "Metadata" : s.heading,
        kind: s.key === "metadata" ? "metadata" : s.key === "timeline" ? "timeline" : "text",
        key: s.key,
        body: s.body,
        guidance,
        guidance_html: guidance === null ? null : `<p>${escapeHtml(guidance)}</p>`,
      };
    });
  }

  async createPirFromSteps(
    root: string,
    req: NewPir,
    bodies: [string, string][],
  ): Promise<Created> {
    this.log("createPirFromSteps", root, req, bodies);
    const site = this.site(root);
    const name = mockFileName(req.title, req.date);
    const path = `${root}/docs/incidents/${name}`;
    if (site.readOnly) {
      throw err("io", "cannot write file: Permission denied (os error 13)", path);
    }
    if (site.files.has(name)) {
      throw err("already_exists", "a PIR with this date and title already exists", path);
    }
    const body = bodies.map(([h, t]) => `## ${h}\n\n${t}\n`).join("\n");
    site.files.set(name, `# Post Incident Review: ${req.title}\n\n${body}`);
    site.nav.push(`incidents/${name}`);
    site.homeList.push(`incidents/${name}`);
    return { path, nav_updated: true, index_updated: [`${root}/docs/index.md`] };
  }

  async sectionStates(texts: string[]): Promise<SectionState[]> {
    return texts.map((t) =>
      t.trim() === "" ? "empty" : mockHasPlaceholder(t) ? "placeholder" : "filled",
    );
  }

  async pickFolder(title?: string): Promise<string | null> {
    this.log("pickFolder", title);
    return this.nextPickedFolder;
  }

  async pickFiles(title: string): Promise<string[]> {
    this.log("pickFiles", title);
    return this.nextPickedFiles;
  }

  async confirm(message: string, title: string): Promise<boolean> {
    this.log("confirm", message, title);
    return this.confirmAnswer;
  }

  // ---- The editor: sessions over a simplified model (see mock-editor.ts) ----

  /** The editing sessions; tests change files "on disk" through it. */
  editor = new MockEditor((root) => [...this.site(root).files.keys()]);

  async checkSite(root: string): Promise<SiteCheck> {
    this.log("checkSite", root);
    const check = await this.editor.checkSite(root);
    return { ...check, other: [...this.siteProblems] };
  }
  sessionOpen(path: string): Promise<Preview> {
    this.log("sessionOpen", path);
    return this.editor.sessionOpen(path);
  }
  sessionApply(path: string, edits: Edit[]): Promise<PreviewPatch> {
    this.log("sessionApply", path, edits);
    return this.editor.sessionApply(path, edits);
  }
  sessionUndo(path: string): Promise<Preview> {
    this.log("sessionUndo", path);
    return this.editor.sessionUndo(path);
  }
  sessionRedo(path: string): Promise<Preview> {
    this.log("sessionRedo", path);
    return this.editor.sessionRedo(path);
  }
  sessionPlanSave(path: string): Promise<SavePlan> {
    this.log("sessionPlanSave", path);
    return this.editor.sessionPlanSave(path);
  }
  sessionSave(path: string, include: string[]): Promise<SaveOutcome> {
    this.log("sessionSave", path, include);
    return this.editor.sessionSave(path, include);
  }
  sessionSaveOverwrite(path: string, include: string[]): Promise<SaveOutcome> {
    this.log("sessionSaveOverwrite", path, include);
    return this.editor.sessionSaveOverwrite(path, include);
  }
  sessionMergeDisk(path: string, disk: Fingerprint, takeMine: boolean[]): Promise<Preview> {
    this.log("sessionMergeDisk", path, disk, takeMine);
    return this.editor.sessionMergeDisk(path, disk, takeMine);
  }
  sessionReload(path: string): Promise<Preview> {
    this.log("sessionReload", path);
    return this.editor.sessionReload(path);
  }
  sessionClose(path: string): Promise<void> {
    this.log("sessionClose", path);
    return this.editor.sessionClose(path);
  }
  sessionOpenStep(
    path: string,
    heading: string,
    body: string,
    date: string | null,
  ): Promise<Preview> {
    this.log("sessionOpenStep", path, heading, body, date);
    return this.editor.sessionOpenStep(path, heading, body);
  }
  sessionStepBody(path: string): Promise<string> {
    this.log("sessionStepBody", path);
    return this.editor.sessionStepBody(path);
  }
  parsePastedLines(text: string): Promise<PastedRow[]> {
    this.log("parsePastedLines", text);
    return this.editor.parsePastedLines(text);
  }
  async importCandidates(path: string, request: ImportRequest): Promise<ImportPlan> {
    this.log("importCandidates", path, request);
    if (this.importError) throw this.importError;
    return structuredClone(this.importPlan);
  }
  /** The earliest row standing for all (simplified `merge_candidates`: sources joined). */
  async importMerge(rows: ImportCandidate[]): Promise<ImportCandidate> {
    this.log("importMerge", rows);
    const sorted = [...rows].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    return {
      ...sorted[0],
      source: [...new Set(sorted.flatMap((c) => c.source.split("+")))].join("+"),
      count: sorted.reduce((n, c) => n + c.count, 0),
      severity: sorted.find((c) => c.severity)?.severity ?? null,
      original: sorted.map((c) => c.original).join("; "),
      present: sorted.every((c) => c.present),
    };
  }
  /** Inserts the kept rows at the places the plan gave, each after those kept before it
   * (pir-core plans them again against the text). */
  importApply(path: string, chosen: ImportCandidate[]): Promise<PreviewPatch> {
    this.log("importApply", path, chosen);
    const edits: Edit[] = chosen.map((c, k) => ({
      op: "timeline_insert",
      index: c.before + k,
      time: c.cell,
      event: c.event,
    }));
    return this.editor.sessionApply(path, edits);
  }
  async sessionRestoreDraft(site: string, path: string): Promise<Preview> {
    this.log("sessionRestoreDraft", site, path);
    return this.editor.sessionSetText(path, this.draft(site, path).text);
  }

  /** Tests: puts `text` in place of the session's text, as typing it would. */
  sessionSetText(path: string, text: string): Promise<Preview> {
    return this.editor.sessionSetText(path, text);
  }
  async gitReview(root: string): Promise<CommitReview> {
    this.log("gitReview", root);
    return this.git.review(root);
  }

  async gitCommit(
    root: string,
    paths: string[],
    message: string,
    opts: CommitOptions,
  ): Promise<CommitOutcome> {
    this.log("gitCommit", root, paths, message, opts);
    return this.git.commit(root, paths, message, opts);
  }

  async gitPush(root: string, credentials: TypedCredentials | null): Promise<PushOutcome> {
    this.log("gitPush", root, credentials);
    return this.git.push(root, credentials);
  }

  async gitPull(root: string, credentials: TypedCredentials | null): Promise<PullOutcome> {
    this.log("gitPull", root, credentials);
    return this.git.pull(root, credentials);
  }

  /** The mock's dictionary is these words; pir-core reads the system's Hunspell one. */
  async spellCheck(text: string): Promise<SpellCheck> {
    const misspelled = [...text.matchAll(/\b(teh|recieve|servr)\b/g)].map((m) => ({
      from: m.index,
      to: m.index + m[0].length,
      word: m[0],
    }));
    return { dictionary: "mock", misspelled };
  }

  async spellSuggest(word: string): Promise<string[]> {
    return (
      ({ teh: ["the"], recieve: ["receive"], servr: ["server"] } as Record<string, string[]>)[
        word
      ] ?? []
    );
  }

  async reviewLink(root: string, branch: string): Promise<ReviewLink | null> {
    return this.git.reviewLink(root, branch);
  }

  async openWebPage(url: string): Promise<void> {
    this.log("openWebPage", url);
    this.openedPages.push(url);
  }

  async onGitProgress(cb: (p: TransferProgress) => void): Promise<() => void> {
    return this.git.onProgress(cb);
  }

  // ---- Across incidents: search, metrics and new sites (see mock-insights.ts) ----

  /** Search, metrics and new sites; tests steer it (indexing time, refused folders). */
  insights = new MockInsights(
    (root) => [...this.site(root).files.keys()],
    (root, name) =>
      this.sites.set(root, { name, readOnly: false, files: new Map(), nav: [], homeList: [] }),
  );

  searchIndex(root: string): Promise<IndexStatus> {
    this.log("searchIndex", root);
    return this.insights.searchIndex(root);
  }
  searchPirs(
    root: string,
    query: string,
    filters: SearchFilters,
    limit: number,
  ): Promise<SearchResults> {
    this.log("searchPirs", root, query, filters, limit);
    return this.insights.searchPirs(root, query, filters, limit);
  }
  siteStats(root: string): Promise<SiteStats> {
    this.log("siteStats", root);
    return this.insights.siteStats(root);
  }
  initSite(dir: string, name: string): Promise<Scaffolded> {
    this.log("initSite", dir, name);
    return this.insights.initSite(dir, name);
  }

  private diskText(site: string, path: string): string | null {
    const files = this.sites.get(site)?.files;
    const name = path.split("/").pop() ?? path;
    return files?.get(name) ?? null;
  }

  private draftInfo(d: Draft): DraftInfo {
    return {
      site: d.site,
      path: d.path,
      saved_at: d.saved_at,
      len: new TextEncoder().encode(d.text).length,
      on_disk: this.diskText(d.site, d.path) !== null,
    };
  }

  async sessionSaveDraft(site: string, path: string): Promise<DraftInfo | null> {
    this.log("sessionSaveDraft", site, path);
    if (this.draftSaveError) throw this.draftSaveError;
    return this.seedDraft(site, path, this.editor.textOf(path));
  }

  /** Tests: a draft of `text` for `path`, as an autosave of a session holding it writes. */
  seedDraft(site: string, path: string, text: string): DraftInfo | null {
    // As pir-core does: a text equal to the file (the session's saved text) removes the draft.
    if (this.diskText(site, path) === text || this.editor.isSaved(path, text)) {
      this.drafts.delete(`${site}\0${path}`);
      return null;
    }
    const d: Draft = { site, path, text, saved_at: new Date().toISOString(), written_back: false };
    this.drafts.set(`${site}\0${path}`, d);
    return this.draftInfo(d);
  }

  async listDrafts(): Promise<DraftInfo[]> {
    this.log("listDrafts");
    for (const [k, d] of this.drafts) {
      if (this.diskText(d.site, d.path) === d.text) this.drafts.delete(k);
    }
    return [...this.drafts.values()]
      .map((d) => this.draftInfo(d))
      .sort((a, b) => b.saved_at.localeCompare(a.saved_at));
  }

  async restoreDraft(site: string, path: string): Promise<Draft> {
    this.log("restoreDraft", site, path);
    const d = this.draft(site, path);
    if (this.diskText(site, path) !== null) return { ...d, written_back: false };
    // The PIR is gone from disk: as pir-core does, the draft is written back as the file.
    this.site(site).files.set(path.split("/").pop() ?? path, d.text);
    return { ...d, written_back: true };
  }

  private draft(site: string, path: string): Draft {
    const d = this.drafts.get(`${site}\0${path}`);
    if (!d) throw err("not_found", "there is no draft of this file", path);
    return d;
  }

  async compareDraft(site: string, path: string): Promise<DraftComparison> {
    this.log("compareDraft", site, path);
    const d = this.draft(site, path);
    const disk = this.diskText(site, path);
    return { hunks: mockLineDiff(disk ?? "", d.text), on_disk: disk !== null };
  }

  async discardDraft(site: string, path: string): Promise<void> {
    this.log("discardDraft", site, path);
    this.drafts.delete(`${site}\0${path}`);
  }

  // ---- Closing the window ----

  /** The close guards registered by the UI. */
  private closeGuards: (() => Promise<boolean>)[] = [];
  /** Whether a close request went through (the window would be gone). */
  closed = false;

  async onCloseRequested(allow: () => Promise<boolean>): Promise<() => void> {
    this.closeGuards.push(allow);
    return () => {
      this.closeGuards = this.closeGuards.filter((g) => g !== allow);
    };
  }

  /** Tests: the user closes the window; gives whether it closed. */
  async requestClose(): Promise<boolean> {
    for (const allow of this.closeGuards) if (!(await allow())) return false;
    this.closed = true;
    return true;
  }

  // ---- Files dragged onto the window ----

  private fileDragListeners: ((drag: FileDrag) => void)[] = [];

  async onFileDrag(cb: (drag: FileDrag) => void): Promise<() => void> {
    this.fileDragListeners.push(cb);
    return () => {
      this.fileDragListeners = this.fileDragListeners.filter((l) => l !== cb);
    };
  }

  /** Tests: the shell reports a drag of files over the window (or their drop on it). */
  fileDrag(drag: FileDrag): void {
    for (const l of this.fileDragListeners) l(drag);
  }
}

/** A whole-text line diff as one hunk (simplified `pir_core::diff::line_diff`: no context
 * trimming; lines are matched by a longest common subsequence). */
export function mockLineDiff(old: string, now: string): DraftComparison["hunks"] {
  const a = old.split("\n");
  const b = now.split("\n");
  if (old === now) return [];
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const lines: DraftComparison["hunks"][number]["lines"] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ change: "same", text: a[i], old_line: i + 1, new_line: j + 1 });
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      lines.push({ change: "added", text: b[j], old_line: null, new_line: j + 1 });
      j++;
    } else {
      lines.push({ change: "removed", text: a[i], old_line: i + 1, new_line: null });
      i++;
    }
  }
  return [{ lines }];
}
