// The severity colours, shared by everything that shows a severity outside the PIR list: the
// search results and the metrics charts. They are the list's badge colours (PirList.svelte),
// so a severity looks the same everywhere; they read on light and dark backgrounds alike.
import { severityLevel } from "./state/pirlist.svelte";

/** Background colour of each known level; others get `OTHER_COLOUR`. */
export const SEVERITY_COLOURS: Record<string, string> = {
  Critical: "#b71c1c",
  High: "#e65100",
  Medium: "#f9a825",
  Low: "#2e7d32",
};

/** Severities that are not one of the four levels (and "Unspecified"). */
export const OTHER_COLOUR = "#757575";

/** The colour of a severity as written (`High (customer impact)` is High's). */
export function severityColour(severity: string | null | undefined): string {
  const level = severityLevel(severity);
  const key = level.charAt(0).toUpperCase() + level.slice(1).toLowerCase();
  return SEVERITY_COLOURS[key] ?? OTHER_COLOUR;
}

/** Text colour that reads on `severityColour` (dark on the yellow of Medium). */
export function severityTextColour(severity: string | null | undefined): string {
  return severityColour(severity) === SEVERITY_COLOURS.Medium ? "#222" : "#fff";
}
