// The mock backend's severity badges. pir-core learns each site's scale (tested in Rust);
// the mock keeps to a fixed one, enough for the sample site and component tests: the four
// words, and `SEV`/`P` levels numbered from 1.
import type { SeverityBadge } from "./bindings/SeverityBadge";

const WORDS = ["critical", "high", "medium", "low"];

/** The badge the mock gives a Severity field as written; null when it names no level. */
export function mockBadge(severity: string | null | undefined): SeverityBadge | null {
  const level = (severity ?? "").split(/ \(| — |: /)[0].trim();
  if (!level) return null;
  const word = WORDS.indexOf(level.toLowerCase());
  const numbered = /^(?:sev|p)[- ]?(\d)$/i.exec(level);
  const band =
    word >= 0 ? word : numbered ? Math.min(Math.max(Number(numbered[1]) - 1, 0), 3) : null;
  return { level, band };
}

/** The distinct levels of `severities`, most severe first (then by name), as the mock's site
 * check lists them. */
export function mockLevels(severities: (string | null | undefined)[]): string[] {
  const badges = severities.map(mockBadge).filter((b): b is SeverityBadge => b !== null);
  const seen = new Map(badges.map((b) => [b.level, b.band ?? 9]));
  return [...seen].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([l]) => l);
}
