// The severity colours, shared by everything that shows a severity: the PIR list, the search
// results and the metrics charts, so a severity looks the same everywhere. pir-core says how
// severe each level is on the site's own scale (its band, 0 the most severe, in a
// `SeverityBadge`); this file only picks the colour of each band. The colours read on light
// and dark backgrounds alike.
import type { SiteStats } from "./bindings/SiteStats";

/** Background colour of each band, most severe first. */
export const BAND_COLOURS = ["#b71c1c", "#e65100", "#f9a825", "#2e7d32"] as const;

/** Levels of no known scale, "Unspecified" and totals. */
export const OTHER_COLOUR = "#757575";

/** The colour of a band (none: a level of no known scale). */
export function bandColour(band: number | null | undefined): string {
  return band == null ? OTHER_COLOUR : (BAND_COLOURS[band] ?? OTHER_COLOUR);
}

/** Text colour that reads on `bandColour(band)` (dark on the yellow of band 2). */
export function bandTextColour(band: number | null | undefined): string {
  return band === 2 ? "#222" : "#fff";
}

/** The colour of a severity group of the metrics (a key of `by_severity`). */
export function statsSeverityColour(stats: SiteStats, severity: string): string {
  return bandColour(stats.severity_badges.find((b) => b.level === severity)?.band);
}
