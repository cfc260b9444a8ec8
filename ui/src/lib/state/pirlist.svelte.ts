// The site list: every PIR's summary and problems (given with the site opened, and again from
// `check_site` after a save), and the severities and tags the search filters offer.
import { toCoreError, type Api } from "../api";
import { mark } from "../bench";
import type { CoreError } from "../bindings/CoreError";
import type { PirCheck } from "../bindings/PirCheck";
import type { Problem } from "../bindings/Problem";
import type { SiteCheck } from "../bindings/SiteCheck";

export class PirListStore {
  checks = $state<PirCheck[]>([]);
  /** Problems of the site rather than one PIR (a nav entry pointing at a missing page). */
  siteProblems = $state<Problem[]>([]);
  /** The root of the site listed, to show problem paths relative to it. */
  root = $state<string | null>(null);
  error = $state<CoreError | null>(null);
  /** The severity levels the PIRs name, most severe first, as pir-core lists them. */
  severities = $state<string[]>([]);
  /** The site's whole severity scale, most severe first: a new PIR's choices. */
  scale = $state<string[]>([]);
  /** The level a new PIR starts with, as pir-core picks it for the site. */
  usualSeverity = $state<string | null>(null);

  constructor(private api: Api) {}

  /** Reads the list of the site at `root`. */
  async load(root: string): Promise<void> {
    try {
      this.show(root, await this.api.checkSite(root));
    } catch (e) {
      this.checks = [];
      this.siteProblems = [];
      this.severities = [];
      this.scale = [];
      this.usualSeverity = null;
      this.error = toCoreError(e);
    }
  }

  /** Shows `check`, the list of the site at `root`. */
  show(root: string, check: SiteCheck): void {
    mark("list:checked");
    this.checks = check.pirs;
    this.siteProblems = check.other;
    this.severities = check.severity_levels;
    this.scale = check.severity_scale;
    this.usualSeverity = check.usual_severity ?? null;
    this.root = root;
    this.error = null;
  }

  /** `path` relative to the site's root when it is inside it. */
  relative(path: string): string {
    const root = this.root?.replace(/[\\/]+$/, "");
    return root && path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
  }

  /** The tags present, for the filter menu. */
  get tags(): string[] {
    return [...new Set(this.checks.flatMap((c) => c.summary.tags))].sort();
  }
}
