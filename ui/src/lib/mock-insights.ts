// The insights' half of the in-memory backend: search, metrics and new sites over a few
// facts per mock PIR. pir-core's search (BM25), metrics and scaffolding are tested in Rust;
// this mock keeps to simple rules (every word must occur, the last as a prefix; counts and
// spreads from the facts below), enough to drive the UI in a browser and in component tests.
import type { AgeBucket } from "./bindings/AgeBucket";
import type { CoreError } from "./bindings/CoreError";
import type { Count } from "./bindings/Count";
import type { IndexStatus } from "./bindings/IndexStatus";
import type { MatchLine } from "./bindings/MatchLine";
import type { MatchSpan } from "./bindings/MatchSpan";
import type { OwnerActions } from "./bindings/OwnerActions";
import type { Scaffolded } from "./bindings/Scaffolded";
import type { SearchFilters } from "./bindings/SearchFilters";
import type { SearchHit } from "./bindings/SearchHit";
import type { SearchResults } from "./bindings/SearchResults";
import type { SiteStats } from "./bindings/SiteStats";
import type { Spread } from "./bindings/Spread";
import { mockBadge } from "./mock-severity";

/** What the mock knows of one PIR. */
export interface MockPirFacts {
  title: string;
  date: string | null;
  severity: string | null;
  status: string;
  tags: string[];
  /** Its searchable lines, the title line first. */
  lines: string[];
  detect: number | null;
  resolve: number | null;
  actions: { owner: string | null; action: string; open: boolean }[];
}

/** The facts of the sample site's PIRs, by file name. */
export const MOCK_FACTS: Record<string, MockPirFacts> = {
  "2026-03-14-payments-api-tls-certificate-expiry.md": {
    title: "Payments API TLS certificate expiry",
    date: "2026-03-14",
    severity: "High (card payments failed)",
    status: "Resolved",
    tags: ["payments", "tls"],
    lines: [
      "# Post Incident Review: Payments API TLS certificate expiry",
      "The payments API served an expired certificate and card payments failed.",
      "| 09:12 | **INCIDENT DETECTED**: checkout errors page the on-call engineer |",
      "| Renew certificates automatically | Platform | Open |",
    ],
    detect: 12,
    resolve: 95,
    actions: [{ owner: "Platform", action: "Renew certificates automatically", open: true }],
  },
  "2026-05-02-internal-dns-resolver-outage.md": {
    title: "Internal DNS resolver outage",
    date: "2026-05-02",
    severity: "Critical",
    status: "Resolved",
    tags: ["dns", "network"],
    lines: [
      "# Post Incident Review: Internal DNS resolver outage",
      "A forwarding loop between resolvers stopped internal name resolution.",
      "| 14:03 | **INCIDENT DETECTED**: resolver latency alert fires |",
      "| Validate forwarding graphs before push | Network | Open |",
      "| Stagger resolver pushes | Network | Open |",
    ],
    detect: 7,
    resolve: 48,
    actions: [
      { owner: "Network", action: "Validate forwarding graphs before push", open: true },
      { owner: "Network", action: "Stagger resolver pushes", open: true },
    ],
  },
  "2026-06-19-order-queue-consumer-memory-leak.md": {
    title: "Order queue consumer memory leak",
    date: "2026-06-19",
    severity: "Medium",
    status: "Monitoring",
    tags: ["orders", "memory"],
    lines: [
      "# Post Incident Review: Order queue consumer memory leak",
      "The order consumer leaked memory and orders were delayed; the certificate was fine.",
      "| 11:40 | Consumers restarted with a lower batch size |",
      "| Add a heap alert | Orders | Done |",
    ],
    detect: null,
    resolve: null,
    actions: [{ owner: "Orders", action: "Add a heap alert", open: false }],
  },
};

/** Facts for a PIR the mock made (no lines but its title). */
function factsOf(file: string): MockPirFacts {
  const known = MOCK_FACTS[file];
  if (known) return known;
  const m = /^(\d{4}-\d{2}-\d{2})-(.+)\.md$/.exec(file);
  const title = (m ? m[2] : file).replaceAll("-", " ");
  return {
    title,
    date: m ? m[1] : null,
    severity: "High",
    status: "Open",
    tags: [],
    lines: [`# Post Incident Review: ${title}`],
    detect: null,
    resolve: null,
    actions: [],
  };
}

const level = (s: string | null) => {
  const l = (s ?? "").split("(")[0].trim();
  return l ? l.charAt(0).toUpperCase() + l.slice(1).toLowerCase() : "Unspecified";
};

function words(q: string): string[] {
  return q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Where `w` starts words of `line` (as a prefix when `prefix`), in characters. */
function occurrences(line: string, w: string, prefix: boolean): MatchSpan[] {
  const chars = Array.from(line.toLowerCase());
  const out: MatchSpan[] = [];
  const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  for (let i = 0; i + w.length <= chars.length; i++) {
    if (isWord(chars[i - 1])) continue;
    if (chars.slice(i, i + w.length).join("") !== w) continue;
    let end = i + w.length;
    if (prefix) while (isWord(chars[end])) end++;
    else if (isWord(chars[end])) continue;
    out.push({ start: i, end, char_start: i, char_end: end });
  }
  return out;
}

function passes(f: MockPirFacts, filters: SearchFilters): boolean {
  const eq = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  if (filters.severity && !eq(level(f.severity), filters.severity)) return false;
  if (filters.status && !f.status.toLowerCase().startsWith(filters.status.toLowerCase()))
    return false;
  if (filters.tag && !f.tags.some((t) => eq(t, filters.tag!))) return false;
  if (filters.since && (!f.date || f.date < filters.since)) return false;
  if (filters.until && (!f.date || f.date > filters.until)) return false;
  if (filters.open_actions && !f.actions.some((a) => a.open)) return false;
  return true;
}

function spreadOf(values: number[]): Spread | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const at = (p: number) => {
    const pos = p * (v.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
  };
  return {
    count: v.length,
    min: v[0],
    p25: at(0.25),
    median: at(0.5),
    p75: at(0.75),
    max: v[v.length - 1],
  };
}

/** Days from `a` to `b` (`YYYY-MM-DD`). */
const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

export class MockInsights {
  /** How many `searchIndex` calls answer "indexing" before the index is ready. */
  indexingCalls = 1;
  /** The day metrics count ages to. */
  today = "2026-08-01";
  /** Folders a new site is refused in, with the error. */
  refusals: Record<string, CoreError> = {
    "/mock/not-empty": {
      kind: "invalid_input",
      message: "the folder is not empty: give a new or empty folder for the site",
      path: "/mock/not-empty",
    },
    "/mock/read-only/new-site": {
      kind: "io",
      message: "cannot create: Permission denied (os error 13)",
      path: "/mock/read-only/new-site",
    },
  };
  private calls = new Map<string, number>();

  constructor(
    private files: (root: string) => string[],
    private addSite: (root: string, name: string) => void,
  ) {}

  private facts(root: string): [string, MockPirFacts][] {
    return this.files(root).map((f) => [f, factsOf(f)]);
  }

  async searchIndex(root: string): Promise<IndexStatus> {
    const n = this.files(root).length;
    const seen = this.calls.get(root) ?? 0;
    this.calls.set(root, seen + 1);
    return seen < this.indexingCalls
      ? { state: "indexing" }
      : { state: "ready", pirs: n, build_ms: 1 };
  }

  async searchPirs(
    root: string,
    query: string,
    filters: SearchFilters,
    limit: number,
  ): Promise<SearchResults> {
    const status = await this.searchIndex(root);
    if (status.state !== "ready") return { status, hits: [] };
    const ws = words(query);
    const prefixLast = !/\s$/.test(query);
    const hits: SearchHit[] = [];
    for (const [file, f] of this.facts(root)) {
      if (!passes(f, filters)) continue;
      let score = 0;
      let best: MatchLine | null = null;
      let bestCount = 0;
      const found = new Set<number>();
      f.lines.forEach((line, li) => {
        const spans: MatchSpan[] = [];
        let distinct = 0;
        ws.forEach((w, wi) => {
          const occ = occurrences(line, w, prefixLast && wi === ws.length - 1);
          if (occ.length > 0) {
            found.add(wi);
            distinct++;
          }
          spans.push(...occ);
          score += occ.length * (li === 0 ? 4 : 1);
        });
        if (distinct > bestCount) {
          bestCount = distinct;
          spans.sort((a, b) => a.char_start - b.char_start);
          best = { line: li + 1, field: li === 0 ? "title" : "body", text: line, matches: spans };
        }
      });
      if (ws.length > 0 && found.size < ws.length) continue;
      hits.push({
        path: `${root}/docs/incidents/${file}`,
        rel: `incidents/${file}`,
        title: f.title,
        date: f.date,
        severity: f.severity,
        severity_badge: mockBadge(f.severity),
        status: f.status,
        tags: f.tags,
        open_action_items: f.actions.filter((a) => a.open).length,
        score,
        best: ws.length > 0 ? best : null,
      });
    }
    hits.sort((a, b) => b.score - a.score || (b.date ?? "").localeCompare(a.date ?? ""));
    return { status, hits: hits.slice(0, limit) };
  }

  async siteStats(root: string): Promise<SiteStats> {
    const pirs = this.facts(root);
    const months = [...new Set(pirs.map(([, f]) => f.date?.slice(0, 7)).filter(Boolean))].sort();
    const perMonth: Count[] = [];
    if (months.length > 0) {
      let [y, m] = months[0]!.split("-").map(Number);
      const [ly, lm] = months[months.length - 1]!.split("-").map(Number);
      while (y < ly || (y === ly && m <= lm)) {
        const key = `${y}-${String(m).padStart(2, "0")}`;
        perMonth.push({ key, count: pirs.filter(([, f]) => f.date?.startsWith(key)).length });
        [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
      }
    }
    const order = ["Critical", "High", "Medium", "Low"];
    const sevs = [...new Set(pirs.map(([, f]) => level(f.severity)))].sort(
      (a, b) => (order.indexOf(a) + 1 || 9) - (order.indexOf(b) + 1 || 9) || a.localeCompare(b),
    );
    const tagCounts = new Map<string, number>();
    for (const [, f] of pirs) for (const t of f.tags) tagCounts.set(t, (tagCounts.get(t) ?? 0) + 1);
    const ofSev = (s: string) => pirs.filter(([, f]) => s === "All" || level(f.severity) === s);
    const durations = [...sevs, "All"].map((s) => ({
      severity: s,
      incidents: ofSev(s).length,
      time_to_detect: spreadOf(ofSev(s).flatMap(([, f]) => (f.detect == null ? [] : [f.detect]))),
      time_to_resolve: spreadOf(
        ofSev(s).flatMap(([, f]) => (f.resolve == null ? [] : [f.resolve])),
      ),
      resolve_estimated: 0,
    }));
    const owners = new Map<string, OwnerActions>();
    for (const [file, f] of pirs) {
      for (const a of f.actions.filter((x) => x.open)) {
        const owner = a.owner ?? "(unassigned)";
        const o = owners.get(owner) ?? {
          owner,
          count: 0,
          up_to_30_days: 0,
          days_31_to_90: 0,
          over_90_days: 0,
          undated: 0,
          items: [],
        };
        const age = f.date ? days(f.date, this.today) : null;
        const bucket: AgeBucket =
          age === null
            ? "undated"
            : age <= 30
              ? "up_to_30_days"
              : age <= 90
                ? "days_31_to_90"
                : "over_90_days";
        o.count++;
        o[bucket]++;
        o.items.push({
          rel: `incidents/${file}`,
          line: 1,
          action: a.action,
          status: "Open",
          age_days: age,
          bucket,
        });
        owners.set(owner, o);
      }
    }
    return {
      today: this.today,
      incidents: pirs.length,
      per_month: perMonth,
      age_buckets: [
        { bucket: "up_to_30_days", label: "≤ 30 days" },
        { bucket: "days_31_to_90", label: "31–90 days" },
        { bucket: "over_90_days", label: "> 90 days" },
        { bucket: "undated", label: "undated" },
      ],
      undated: pirs.filter(([, f]) => !f.date).map(([file]) => `incidents/${file}`),
      by_severity: sevs.map((s) => ({ key: s, count: ofSev(s).length })),
      severity_badges: sevs.map((s) => mockBadge(s) ?? { level: s, band: null }),
      by_tag: [...tagCounts]
        .map(([key, count]) => ({ key, count }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
      durations,
      not_measurable: pirs
        .filter(([, f]) => f.detect == null || f.resolve == null)
        .map(([file, f]) => ({
          rel: `incidents/${file}`,
          title: f.title,
          detect: f.detect == null,
          resolve: f.resolve == null,
          reasons: ["no INCIDENT DETECTED row"],
        })),
      open_actions: [...owners.values()].reduce((n, o) => n + o.count, 0),
      open_by_owner: [...owners.values()].sort(
        (a, b) => b.count - a.count || a.owner.localeCompare(b.owner),
      ),
      pirs: pirs.map(([file, f]) => ({
        rel: `incidents/${file}`,
        title: f.title,
        date: f.date,
        month: f.date?.slice(0, 7) ?? null,
        severity: level(f.severity),
        tags: f.tags,
        time_to_detect: f.detect,
        time_to_resolve: f.resolve,
        open_actions: f.actions.filter((a) => a.open).length,
      })),
    };
  }

  async initSite(dir: string, name: string): Promise<Scaffolded> {
    const refused = this.refusals[dir];
    if (refused) throw refused;
    if (!dir.startsWith("/")) {
      throw { kind: "invalid_input", message: "give the folder as an absolute path" } as CoreError;
    }
    this.addSite(dir, name);
    return {
      root: dir,
      files: [
        "mkdocs.yml",
        "docs/index.md",
        "docs/incidents/index.md",
        "docs/pir-template.md",
        ".github/workflows/pir-check.yml",
        ".gitignore",
        "README.md",
      ],
      commit: "0123456789abcdef0123456789abcdef01234567",
    };
  }
}
