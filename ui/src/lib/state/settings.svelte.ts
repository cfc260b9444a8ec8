// The Site settings page's state: the profile the site is read by, and `.pir.toml` as text
// to edit and save. Validation and the write are pir-core's (`site_settings`,
// `write_site_settings`); this holds only what the page shows.
import { toCoreError, type Api } from "../api";
import type { CoreError } from "../bindings/CoreError";
import type { SiteSettings } from "../bindings/SiteSettings";

export class SettingsStore {
  /** What was read or written last; `null` before the first answer. */
  settings = $state<SiteSettings | null>(null);
  /** The text being edited. */
  text = $state("");
  /** Why the last load or save failed. */
  error = $state<CoreError | null>(null);
  /** A save is running. */
  saving = $state(false);
  /** Set after a save, until the text is edited again. */
  saved = $state(false);
  /** The text differs from the file (or, with no file yet, from the proposal). */
  edited = $derived(this.settings !== null && this.text !== this.settings.text);

  #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  /** Reads the settings of the site at `root`, dropping unsaved text. */
  async load(root: string): Promise<void> {
    try {
      this.#show(await this.#api.siteSettings(root));
      this.error = null;
    } catch (e) {
      this.error = toCoreError(e);
    }
    this.saved = false;
  }

  /** Edits the text. */
  edit(text: string): void {
    this.text = text;
    this.saved = false;
  }

  /** Writes the text as `.pir.toml`; `true` when written. */
  async save(root: string): Promise<boolean> {
    if (!this.settings || this.saving) return false;
    this.saving = true;
    try {
      const written = await this.#api.writeSiteSettings(root, this.text, this.settings.fingerprint);
      this.#show(written);
      this.error = null;
      this.saved = true;
      return true;
    } catch (e) {
      this.error = toCoreError(e);
      return false;
    } finally {
      this.saving = false;
    }
  }

  #show(s: SiteSettings) {
    this.settings = s;
    this.text = s.text;
  }
}
