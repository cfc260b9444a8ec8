// Generated from pir-core by `make bindings`; do not edit.
import type { EventKind } from "./EventKind";

/** The key events the kind menu offers, with the label pir-core writes for each. */
export const KEY_EVENTS: readonly { kind: EventKind; label: string }[] = [
  { kind: "root_event", label: "ROOT EVENT" },
  { kind: "incident_start", label: "INCIDENT START" },
  { kind: "detected", label: "INCIDENT DETECTED" },
  { kind: "decision", label: "DECISION" },
  { kind: "resolution_start", label: "RESOLUTION START" },
  { kind: "service_restored", label: "SERVICE RESTORED" },
  { kind: "resolved", label: "INCIDENT RESOLVED" },
];
