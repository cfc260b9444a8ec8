// Full-text search of the open site: the query and filters, the hits, and where the
// backend's index is. The index is built in the background when a site opens (the list shows
// first); until it is ready the box says "indexing…" and searching waits for it.
import { toCoreError, type Api } from "../api";
import type { CoreError } from "../bindings/CoreError";
import type { IndexStatus } from "../bindings/IndexStatus";
import type { MatchLine } from "../bindings/MatchLine";
import type { SearchFilters } from "../bindings/SearchFilters";
import type { SearchHit } from "../bindings/SearchHit";

/** How many hits a search shows. */
export const SEARCH_LIMIT = 50;

/** How many characters of a line to keep before its first match (the rest is cut). */
export const LEAD = 24;

/** One run of a line: matched (highlighted) or not. */
export interface LinePart {
  text: string;
  match: boolean;
}

/**
 * The line split at its matches, for highlighting. The spans count characters (Unicode
 * scalar values), which is what `Array.from` iterates, not UTF-16 units.
 */
export function highlightParts(line: MatchLine): LinePart[] {
  const chars = Array.from(line.text);
  const parts: LinePart[] = [];
  let at = 0;
  for (const m of line.matches) {
    const start = Math.max(at, Math.min(m.char_start, chars.length));
    const end = Math.max(start, Math.min(m.char_end, chars.length));
    if (start > at) parts.push({ text: chars.slice(at, start).join(""), match: false });
    if (end > start) parts.push({ text: chars.slice(start, end).join(""), match: true });
    at = end;
  }
  if (at < chars.length) parts.push({ text: chars.slice(at).join(""), match: false });
  // A match far along a long line would be cut off at the end of a one-line result: keep a
  // little context before it instead, marked with an ellipsis.
  const first = parts[0];
  if (first && !first.match) {
    const lead = Array.from(first.text);
    if (lead.length > LEAD) first.text = "…" + lead.slice(lead.length - LEAD).join("");
  }
  return parts;
}

export interface SearchTiming {
  /** Quiet time after a keystroke before searching. */
  debounceMs: number;
  /** How often to ask whether the index is ready. */
  pollMs: number;
}

export class SearchStore {
  query = $state("");
  severity = $state("");
  status = $state("");
  tag = $state("");
  /** `YYYY-MM-DD` or empty. */
  since = $state("");
  until = $state("");
  openActions = $state(false);

  hits = $state<SearchHit[]>([]);
  index = $state<IndexStatus | null>(null);
  error = $state<CoreError | null>(null);
  /** Whether the hits shown are those of the current query and filters. */
  current = $state(false);

  /** The site being searched (null once stopped). */
  private root: string | null = null;
  /** The last site opened, kept when stopped: its query stays if it opens again. */
  private site: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private poll: ReturnType<typeof setTimeout> | null = null;
  /** Bumped by each search, so an older answer arriving late is dropped. */
  private seq = 0;

  constructor(
    private api: Api,
    private timing: SearchTiming = { debounceMs: 150, pollMs: 250 },
  ) {}

  /** Whether a query or a filter is set (then the hits replace the plain list). */
  get active(): boolean {
    return (
      this.query.trim() !== "" ||
      this.severity !== "" ||
      this.status !== "" ||
      this.tag !== "" ||
      this.since !== "" ||
      this.until !== "" ||
      this.openActions
    );
  }

  get indexing(): boolean {
    return this.index === null || this.index.state === "indexing";
  }

  get filters(): SearchFilters {
    const opt = (v: string) => (v.trim() === "" ? null : v.trim());
    return {
      severity: opt(this.severity),
      status: opt(this.status),
      tag: opt(this.tag),
      since: opt(this.since),
      until: opt(this.until),
      open_actions: this.openActions,
    };
  }

  /** Follows the site at `root`: starts its index and waits for it in the background. */
  async open(root: string): Promise<void> {
    if (this.root === root && this.index) return;
    // Another site's query and filters mean nothing here.
    if (this.site !== root) this.clear();
    this.stop();
    this.root = this.site = root;
    this.index = null;
    this.hits = [];
    this.current = false;
    await this.checkIndex();
  }

  /** Stops waiting and searching (the site closed, the component went away). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.poll) clearTimeout(this.poll);
    this.timer = this.poll = null;
    this.root = null;
    this.seq++;
  }

  /** Clears the query and the filters. */
  clear(): void {
    this.query = this.severity = this.status = this.tag = this.since = this.until = "";
    this.openActions = false;
    this.hits = [];
    this.current = false;
  }

  private async checkIndex(): Promise<void> {
    const root = this.root;
    if (!root) return;
    try {
      const status = await this.api.searchIndex(root);
      if (root !== this.root) return;
      this.index = status;
      this.error = null;
    } catch (e) {
      if (root !== this.root) return;
      this.index = { state: "failed", error: toCoreError(e) };
    }
    if (this.index?.state === "indexing") {
      this.poll = setTimeout(() => void this.checkIndex(), this.timing.pollMs);
    } else if (this.active) {
      await this.run();
    }
  }

  /**
   * Runs the search again once the index has taken in a file just saved: the backend's
   * watcher applies a change after the folder has been quiet briefly, so ask twice.
   */
  refreshAfterSave(delaysMs: number[] = [400, 1500]): void {
    if (!this.active) return;
    for (const ms of delaysMs) setTimeout(() => void this.run(), ms);
  }

  /** Searches after a pause in typing. */
  schedule(): void {
    this.current = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, this.timing.debounceMs);
  }

  /** Searches now (when the index is ready; else once it is). */
  async run(): Promise<void> {
    const root = this.root;
    if (!root || !this.active) {
      this.hits = [];
      this.current = false;
      return;
    }
    if (this.indexing) return;
    const seq = ++this.seq;
    try {
      const res = await this.api.searchPirs(root, this.query, this.filters, SEARCH_LIMIT);
      if (seq !== this.seq) return;
      this.index = res.status;
      this.hits = res.hits;
      this.error = null;
      this.current = true;
    } catch (e) {
      if (seq !== this.seq) return;
      this.hits = [];
      this.error = toCoreError(e);
      this.current = true;
    }
  }
}
