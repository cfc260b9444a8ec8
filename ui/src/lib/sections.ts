// The parts of a PIR in template order, as the wizard walks them (mirrors
// `pir_core::template::SectionKey::ALL`; the `Record` types make a missing key a compile
// error).
import type { SectionKey } from "./bindings/SectionKey";

export const SECTION_TITLES: Record<SectionKey, string> = {
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

/** Every key, in template order. */
export const SECTION_KEYS = Object.keys(SECTION_TITLES) as SectionKey[];
