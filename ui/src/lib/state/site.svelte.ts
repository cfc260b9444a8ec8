// The open site: its overview, the recent list, and the error shown instead of a blank screen.
import { toCoreError, type Api } from "../api";
import { mark } from "../bench";
import type { CoreError } from "../bindings/CoreError";
import type { OpenedSite } from "../bindings/OpenedSite";
import type { RecentSite } from "../bindings/RecentSite";
import type { SiteOverview } from "../bindings/SiteOverview";

export class SiteStore {
  overview = $state<SiteOverview | null>(null);
  recent = $state<RecentSite[]>([]);
  error = $state<CoreError | null>(null);
  loading = $state(false);
  /** The PIR picked in the list (its path). */
  selected = $state<string | null>(null);
  /** Called with each site opened, in the same update as `overview`, so the list it checked
   * is shown with it. */
  onopened: ((opened: OpenedSite) => void) | null = null;

  constructor(private api: Api) {}

  /** Opens the site the app starts on. */
  async start(): Promise<void> {
    await this.show(() => this.api.startSite());
  }

  /** Opens the site containing `path`; on failure keeps the error on screen. */
  async open(path: string): Promise<void> {
    await this.show(() => this.api.openSite(path));
  }

  /** Shows the site `f` opens: one answer brings the overview, the list and the recent sites. */
  private async show(f: () => Promise<OpenedSite>): Promise<void> {
    this.loading = true;
    try {
      const opened = await f();
      mark("site:opened");
      this.overview = opened.overview;
      this.recent = opened.recent;
      this.error = null;
      this.selected = null;
      this.onopened?.(opened);
    } catch (e) {
      this.overview = null;
      this.error = toCoreError(e);
      await this.refreshRecent();
    } finally {
      this.loading = false;
    }
  }

  /** Asks for a folder and opens it. */
  async pickAndOpen(): Promise<void> {
    try {
      const folder = await this.api.pickFolder();
      if (folder) await this.open(folder);
    } catch (e) {
      this.error = toCoreError(e);
    }
  }

  /** Re-reads the open site (after creating a PIR). */
  async reload(): Promise<void> {
    if (this.overview) await this.open(this.overview.root);
  }

  async refreshRecent(): Promise<void> {
    try {
      this.recent = await this.api.recentSites();
    } catch {
      // The recent list is a convenience; without it the app works the same.
      this.recent = [];
    }
  }
}
