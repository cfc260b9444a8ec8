// The editor's half of the in-memory backend: editing sessions over a simplified PIR model.
// pir-core edits the real text losslessly (and is tested in Rust); this mock keeps only the
// model, applies the same `Edit`s to it and renders a plain page, enough to drive the UI in
// a browser and in component tests. Tests can change a file "on disk" to see the conflict flow.
import { KEY_EVENTS } from "./bindings/facts";
import type { EditorApi } from "./api";
import type { CoreError } from "./bindings/CoreError";
import type { Edit } from "./bindings/Edit";
import type { KeyEvent } from "./bindings/KeyEvent";
import type { PastedRow } from "./bindings/PastedRow";
import type { PirCheck } from "./bindings/PirCheck";
import type { PirModel } from "./bindings/PirModel";
import type { Preview } from "./bindings/Preview";
import type { PreviewPatch } from "./bindings/PreviewPatch";
import type { SaveOutcome } from "./bindings/SaveOutcome";
import type { PlannedFile } from "./bindings/PlannedFile";
import type { SavePlan } from "./bindings/SavePlan";
import type { Fingerprint } from "./bindings/Fingerprint";
import type { SiteCheck } from "./bindings/SiteCheck";
import type { TimeCell } from "./bindings/TimeCell";
import type { TimelineRow } from "./bindings/TimelineRow";
import { mockBadge, mockLevels } from "./mock-severity";
import { spliceBetween } from "./preview-patch";

function invalid(message: string): CoreError {
  return { kind: "invalid_input", message };
}

/** A time cell as the mock reads it: `~`, `HH:MM`, and nothing more. */
export function mockTimeCell(raw: string): TimeCell {
  const m = /(\d{1,2}):(\d{2})/.exec(raw);
  const bold = /^\*\*.+\*\*$/.test(raw.trim());
  const text = bold ? raw.trim().slice(2, -2).trim() : raw.trim();
  return {
    raw,
    approximate: text.startsWith("~"),
    onwards: false,
    bold,
    text,
    start: m ? { hour: +m[1], minute: +m[2], second: null } : null,
  };
}

const MOCK_MARKER = /^\*\*([^*]+?):?\*\*:?\s*/;
const MOCK_KINDS: Record<string, KeyEvent["kind"]> = Object.fromEntries(
  KEY_EVENTS.map((k) => [k.label, k.kind]),
);

function keyEvent(event: string): KeyEvent | undefined {
  const m = MOCK_MARKER.exec(event.trim());
  if (!m) return undefined;
  const label = m[1].trim();
  return { kind: MOCK_KINDS[label.toUpperCase()] ?? "other", label };
}

/** The mock's marker rewrite: always `**LABEL**: ` (pir-core follows the file's style). */
function mockMarked(
  event: string,
  kind: KeyEvent["kind"] | null | undefined,
  label?: string | null,
) {
  const rest = event.trim().replace(MOCK_MARKER, "");
  if (!kind) return rest;
  const text = label ?? Object.keys(MOCK_KINDS).find((k) => MOCK_KINDS[k] === kind);
  if (!text) throw invalid(`a ${kind} key event needs its label`);
  return `**${text}**: ${rest}`;
}

/** The text after the marker, as pir-core derives `event_text`. */
function eventText(event: string): string {
  const m = MOCK_MARKER.exec(event.trim());
  return m ? event.trim().slice(m[0].length) : event;
}

function row(time: string, event: string): TimelineRow {
  const r = { time: mockTimeCell(time), event: "", event_text: "", table: 0, line: 0 };
  return withEvent(r, event);
}

/** `r` with its event cell set to `event` and what is derived from it. */
function withEvent(r: TimelineRow, event: string): TimelineRow {
  r.event = event;
  r.event_text = eventText(event);
  r.key_event = keyEvent(event);
  return r;
}

function minutes(r: TimelineRow): number {
  const s = r.time.start;
  return s ? s.hour * 60 + s.minute : Number.POSITIVE_INFINITY;
}

/** The model of a mock PIR named by its file. */
export function mockModel(fileName: string): PirModel {
  const m = /^(\d{4}-\d{2}-\d{2})-(.+)\.md$/.exec(fileName);
  const short = (m ? m[2] : fileName).replaceAll("-", " ");
  const date = m ? m[1] : "2026-01-01";
  const meta = (key: string, value: string, line: number) => ({
    key,
    value,
    line,
    place: "line" as const,
  });
  const section = (id: number, heading: string, level: number) => ({
    id,
    heading,
    level,
    line: id * 4 + 1,
    heading_span: { start: 0, end: 0 },
    body_span: { start: 0, end: 0 },
    end: 0,
    children: [],
  });
  return {
    title: `Post Incident Review: ${short}`,
    short_title: short,
    date,
    duration: "~1h",
    severity: "High",
    status: "Resolved",
    metadata: [
      meta("Date", date, 3),
      meta("Duration", "~1h", 4),
      meta("Severity", "High", 5),
      meta("Status", "Resolved", 6),
    ],
    has_front_matter: true,
    tags: ["network"],
    sections: [
      section(0, `Post Incident Review: ${short}`, 1),
      section(1, "Executive Summary", 2),
      section(2, "Timeline (UTC)", 2),
      section(3, "Root Causes", 2),
      section(4, "How did requests fail?", 3),
      section(5, "Action Items", 2),
    ],
    timeline: {
      section: 2,
      heading: "Timeline (UTC)",
      timezone: { label: "UTC", offset_minutes: 0, raw: "UTC" },
      tables: [
        { line: 12, header: ["Time", "Event"], time_column: 0, event_column: 1, kind: "table" },
      ],
      rows: [row("10:00", "**INCIDENT START**: errors rise"), row("10:40", "Fix deployed")],
      metrics: {},
    },
    tables: [
      {
        id: 0,
        section: 5,
        line: 30,
        header: ["Item", "Owner", "Due"],
        align: ["none", "none", "none"],
        rows: [["Add an alert", "ops", "2026-02-01"]],
        row_lines: [32],
      },
    ],
    how_chains: [
      {
        steps: [{ section: 4, question: "How did requests fail?", answer: "Timeouts.", line: 20 }],
      },
    ],
    missing_sections: [],
    missing_metadata: [],
  };
}

function escape(s: string): string {
  return s.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!,
  );
}

/** A plain page of the model, standing in for pir-core's renderer. */
function mockHtml(m: PirModel, bodies: Map<number, string>): string {
  const rows = (m.timeline?.rows ?? [])
    .map((r) => `<tr><td>${escape(r.time.raw)}</td><td>${escape(r.event)}</td></tr>`)
    .join("");
  const body = (id: number) => (bodies.has(id) ? `<p>${escape(bodies.get(id)!)}</p>` : "");
  return m.sections
    .map((s) => {
      const h = `<h${s.level}>${escape(s.heading)}</h${s.level}>${body(s.id)}`;
      return s.id === m.timeline?.section ? `${h}<table><tbody>${rows}</tbody></table>` : h;
    })
    .join("");
}

/** Applies one edit to the model (the subset of `Edit`s the editor sends). */
function applyEdit(m: PirModel, bodies: Map<number, string>, e: Edit): void {
  const t = m.timeline;
  const rows = t?.rows ?? [];
  const at = (i: number) => {
    if (i < 0 || i >= rows.length) throw invalid(`row ${i} is out of range`);
    return rows[i];
  };
  const table = (id: number) => {
    const tb = m.tables[id];
    if (!tb) throw invalid(`table ${id} is out of range`);
    return tb;
  };
  switch (e.op) {
    case "set_metadata": {
      const f = m.metadata.find((x) => x.key.toLowerCase() === e.key.toLowerCase());
      if (f) f.value = e.value;
      else m.metadata.push({ key: e.key, value: e.value, line: 0, place: "line" });
      const k = e.key.toLowerCase();
      if (k === "date" || k === "duration" || k === "severity" || k === "status") m[k] = e.value;
      break;
    }
    case "set_title":
      m.title = e.text;
      m.short_title = e.text.replace(/^Post Incident Review:\s*/, "");
      m.sections[0].heading = e.text;
      break;
    case "add_tag":
      if (!m.tags.includes(e.tag)) m.tags.push(e.tag);
      break;
    case "remove_tag":
      m.tags = m.tags.filter((x) => x !== e.tag);
      break;
    case "replace_section_body":
      bodies.set(e.section, e.text);
      break;
    case "replace_section_range":
      if (e.last < e.first || e.last >= m.sections.length)
        throw invalid(`section range ${e.first}..=${e.last} is out of range`);
      bodies.set(e.first, e.text);
      for (let id = e.first + 1; id <= e.last; id++) bodies.delete(id);
      break;
    case "timeline_add":
      rows.push(row(e.time, e.event));
      break;
    case "timeline_insert":
    case "timeline_insert_in_table":
      if (e.index > rows.length) throw invalid(`row ${e.index} is out of range`);
      rows.splice(e.index, 0, row(e.time, e.event));
      break;
    case "timeline_delete":
      at(e.index);
      rows.splice(e.index, 1);
      break;
    case "timeline_move": {
      at(e.from);
      at(e.to);
      const [r] = rows.splice(e.from, 1);
      rows.splice(e.to, 0, r);
      break;
    }
    case "timeline_sort":
      rows.sort((a, b) => minutes(a) - minutes(b));
      break;
    case "timeline_set_time":
      at(e.index).time = mockTimeCell(e.text);
      break;
    case "timeline_set_time_text": {
      // In the bold the cell is written in, as pir-core writes it.
      const r = at(e.index);
      const text = e.text.trim();
      r.time = mockTimeCell(r.time.bold && text ? `**${text}**` : text);
      break;
    }
    case "timeline_set_event":
      withEvent(at(e.index), e.text);
      break;
    case "timeline_set_event_text": {
      // The marker stays as written; the text after it is replaced.
      const r = at(e.index);
      const marker = r.event.trim().slice(0, r.event.trim().length - r.event_text.length);
      withEvent(r, e.text ? `${marker}${e.text}` : marker.trimEnd());
      break;
    }
    case "timeline_set_key_event": {
      const r = at(e.index);
      withEvent(r, mockMarked(r.event, e.kind, e.label));
      break;
    }
    case "table_add_row":
      table(e.table).rows.push(e.cells);
      break;
    case "table_insert_row":
      table(e.table).rows.splice(e.index, 0, e.cells);
      break;
    case "table_delete_row":
      table(e.table).rows.splice(e.index, 1);
      break;
    case "table_move_row": {
      const r = table(e.table).rows;
      const [x] = r.splice(e.from, 1);
      r.splice(e.to, 0, x);
      break;
    }
    case "table_sort":
      table(e.table).rows.sort(
        (a, b) => (a[e.column] ?? "").localeCompare(b[e.column] ?? "") * (e.descending ? -1 : 1),
      );
      break;
    case "table_set_cell":
      table(e.table).rows[e.row][e.column] = e.text;
      break;
    case "table_set_header":
      table(e.table).header[e.column] = e.text;
      break;
    case "set_how_question":
      m.how_chains[e.chain].steps[e.step].question = e.text;
      break;
    case "set_how_answer":
      m.how_chains[e.chain].steps[e.step].answer = e.text;
      break;
    default:
      throw invalid(`the mock backend does not apply ${e.op}`);
  }
  if (t) {
    const timed = rows.filter((r) => r.time.start);
    const span = timed.length > 1 ? minutes(timed[timed.length - 1]) - minutes(timed[0]) : null;
    t.metrics =
      span !== null && span >= 0
        ? {
            time_to_resolve_minutes: span,
            suggested_duration: `~${Math.floor(span / 60)}h${span % 60}m`,
          }
        : {};
  }
}

interface MockSession {
  model: PirModel;
  bodies: Map<number, string>;
  /** A whole text put in place by `sessionSetText` (a restored draft), else null. */
  text: string | null;
  saved: string;
  undo: string[];
  redo: string[];
  /** The last preview or patch given: what the next patch changes. */
  shown: Preview | null;
}

/** The editor commands over in-memory sessions. */
export class MockEditor implements EditorApi {
  sessions = new Map<string, MockSession>();
  /** Files changed "on disk" since their session read them: path → disk text. */
  changedOnDisk = new Map<string, string>();
  /** What each save wrote, for tests: path → model JSON. */
  written = new Map<string, string>();
  /** The extra files a save of a PIR plans (nav, index pages), for tests: PIR path → files. */
  planExtras = new Map<string, PlannedFile[]>();
  /** What the plan says of the PIR itself, by path (the images it newly shows). */
  planPirWhat = new Map<string, string[]>();
  /** The extra files each save wrote, for tests: PIR path → paths. */
  writtenExtras = new Map<string, string[]>();

  /** Whether `text` is the saved text of the session of `path` (a draft of it holds nothing). */
  isSaved(path: string, text: string): boolean {
    const s = this.sessions.get(path);
    const now = s && (s.text ?? [...s.bodies.values()].join("\n"));
    return !!s && this.snapshot(s) === s.saved && now === text;
  }

  constructor(private files: (root: string) => string[]) {}

  /** The text the session of `path` holds now (what its draft keeps). */
  textOf(path: string): string {
    const s = this.session(path);
    return s.text ?? [...s.bodies.values()].join("\n");
  }

  private snapshot(s: MockSession): string {
    return JSON.stringify({ model: s.model, bodies: [...s.bodies], text: s.text });
  }

  private restore(s: MockSession, snap: string) {
    const v = JSON.parse(snap) as {
      model: PirModel;
      bodies: [number, string][];
      text?: string | null;
    };
    s.model = v.model;
    s.bodies = new Map(v.bodies);
    s.text = v.text ?? null;
  }

  private session(path: string): MockSession {
    let s = this.sessions.get(path);
    if (!s) {
      const model = mockModel(path.split("/").pop() ?? path);
      s = { model, bodies: new Map(), text: null, saved: "", undo: [], redo: [], shown: null };
      s.saved = this.snapshot(s);
      this.sessions.set(path, s);
    }
    return s;
  }

  private preview(path: string): Preview {
    const s = this.session(path);
    const snap = this.snapshot(s);
    s.shown = {
      path,
      model: structuredClone(s.model),
      html: mockHtml(s.model, s.bodies) + (s.text === null ? "" : `<pre>${escape(s.text)}</pre>`),
      text: s.text ?? [...s.bodies.values()].join("\n"),
      dirty: snap !== s.saved,
      can_undo: s.undo.length > 0,
      can_redo: s.redo.length > 0,
      revision: (s.shown?.revision ?? 0) + 1,
    };
    return s.shown;
  }

  /** The change since the last preview or patch given, as pir-core's session answers. */
  private patch(path: string): PreviewPatch {
    const old = this.session(path).shown;
    const now = this.preview(path);
    return {
      path,
      base: old?.revision ?? 0,
      revision: now.revision,
      model: now.model,
      text: spliceBetween(old?.text ?? "", now.text),
      html: spliceBetween(old?.html ?? "", now.html),
      dirty: now.dirty,
      can_undo: now.can_undo,
      can_redo: now.can_redo,
    };
  }

  /** Tests: changes what the file of `path` holds before the editor opens it. */
  prepare(path: string, f: (model: PirModel) => void) {
    const s = this.session(path);
    f(s.model);
    s.saved = this.snapshot(s);
  }

  /** Writes a file "on disk" behind the session's back. */
  changeOnDisk(path: string, text: string) {
    this.changedOnDisk.set(path, text);
  }

  async checkSite(root: string): Promise<SiteCheck> {
    const pirs: PirCheck[] = this.files(root).map((file) => {
      const path = `${root}/docs/incidents/${file}`;
      const m = this.sessions.get(path)?.model ?? mockModel(file);
      return {
        summary: {
          path,
          rel: `incidents/${file}`,
          date: m.date,
          date_text: m.date,
          date_line: 3,
          title: m.short_title,
          severity: m.severity,
          duration: m.duration,
          status: m.status,
          tags: m.tags,
          missing_sections: [],
          missing_metadata: [],
          sections: m.sections.filter((x) => x.level === 2).map((x) => x.heading),
          timeline_out_of_order: [],
        },
        problems: file.includes("dns")
          ? [
              {
                path,
                code: "missing_sections",
                message: "missing sections: References",
                fixable: false,
              },
            ]
          : [],
        severity_badge: mockBadge(m.severity),
      };
    });
    pirs.sort((a, b) => (b.summary.date ?? "").localeCompare(a.summary.date ?? ""));
    const levels = mockLevels(pirs.map((c) => c.summary.severity));
    return {
      pirs,
      other: [],
      severity_levels: levels,
      severity_scale: levels,
      usual_severity: levels[0] ?? null,
    };
  }

  async sessionOpen(path: string): Promise<Preview> {
    return this.preview(path);
  }

  async sessionApply(path: string, edits: Edit[]): Promise<PreviewPatch> {
    const s = this.session(path);
    const before = this.snapshot(s);
    try {
      for (const e of edits) applyEdit(s.model, s.bodies, e);
    } catch (e) {
      this.restore(s, before);
      throw e;
    }
    if (this.snapshot(s) !== before) {
      s.undo.push(before);
      s.redo = [];
    }
    return this.patch(path);
  }

  /** Puts a whole text in place (the mock keeps it beside its model) as one undo step. */
  async sessionSetText(path: string, text: string): Promise<Preview> {
    const s = this.session(path);
    if (this.preview(path).text !== text) {
      s.undo.push(this.snapshot(s));
      s.redo = [];
      s.text = text;
    }
    return this.preview(path);
  }

  async sessionUndo(path: string): Promise<Preview> {
    const s = this.session(path);
    const prev = s.undo.pop();
    if (prev !== undefined) {
      s.redo.push(this.snapshot(s));
      this.restore(s, prev);
    }
    return this.preview(path);
  }

  async sessionRedo(path: string): Promise<Preview> {
    const s = this.session(path);
    const next = s.redo.pop();
    if (next !== undefined) {
      s.undo.push(this.snapshot(s));
      this.restore(s, next);
    }
    return this.preview(path);
  }

  private write(path: string, include: string[]): SaveOutcome {
    const s = this.session(path);
    const extras = this.planExtras.get(path) ?? [];
    const stray = include.find((p) => !extras.some((f) => f.path === p));
    if (stray)
      throw {
        ...invalid("this file is not among the files the save was planned to change"),
        path: stray,
      };
    s.saved = this.snapshot(s);
    this.written.set(path, s.saved);
    this.writtenExtras.set(path, include);
    this.changedOnDisk.delete(path);
    const name = (p: string) => extras.find((f) => f.path === p)?.name ?? p;
    return {
      outcome: "saved",
      written: [path.split("/").pop() ?? path, ...include.map(name)],
      left_out: extras.filter((f) => !include.includes(f.path)).map((f) => f.name),
      problems: [],
      preview: this.preview(path),
    };
  }

  async sessionPlanSave(path: string): Promise<SavePlan> {
    const pir: PlannedFile = {
      path,
      name: path.split("/").pop() ?? path,
      pir: true,
      what: this.planPirWhat.get(path) ?? [],
      hunks: [],
    };
    return { path, files: [pir, ...(this.planExtras.get(path) ?? [])], problems: [] };
  }

  async sessionSave(path: string, include: string[]): Promise<SaveOutcome> {
    const disk = this.changedOnDisk.get(path);
    if (disk !== undefined) {
      const hunks = [
        {
          lines: [
            { change: "removed" as const, text: disk.split("\n")[0], old_line: 1, new_line: null },
            { change: "added" as const, text: "(your text)", old_line: null, new_line: 1 },
          ],
        },
      ];
      return {
        outcome: "conflict",
        disk_text: disk,
        disk: { len: disk.length, hash: "0".repeat(16) },
        hunks,
        combined: [],
      };
    }
    return this.write(path, include);
  }

  async sessionSaveOverwrite(path: string, include: string[]): Promise<SaveOutcome> {
    return this.write(path, include);
  }

  /** The mock's merge: keeping every hunk of mine keeps the text, marked against the disk's
   * version; keeping none is a reload. */
  async sessionMergeDisk(path: string, _disk: Fingerprint, takeMine: boolean[]): Promise<Preview> {
    if (!takeMine.some(Boolean)) return this.sessionReload(path);
    const s = this.session(path);
    s.saved = "";
    this.changedOnDisk.delete(path);
    return this.preview(path);
  }

  async sessionReload(path: string): Promise<Preview> {
    const s = this.session(path);
    s.undo.push(this.snapshot(s));
    s.redo = [];
    this.restore(
      s,
      JSON.stringify({ model: mockModel(path.split("/").pop() ?? path), bodies: [] }),
    );
    s.saved = this.snapshot(s);
    this.changedOnDisk.delete(path);
    return this.preview(path);
  }

  /** Step sessions' first text, given back while no row was added (the mock does not parse
   * markdown: pir-core reads the rows of the step's text). */
  private stepBodies = new Map<string, string>();

  /** A session over a wizard step's timeline: the mock's model with no rows yet. */
  async sessionOpenStep(path: string, heading: string, body: string): Promise<Preview> {
    const model = mockModel("step.md");
    model.sections = [model.sections[2]];
    model.sections[0].id = 0;
    model.sections[0].heading = heading;
    if (model.timeline) {
      model.timeline.section = 0;
      model.timeline.heading = heading;
      model.timeline.rows = [];
    }
    const s: MockSession = {
      model,
      bodies: new Map(),
      text: null,
      saved: "",
      undo: [],
      redo: [],
      shown: null,
    };
    s.saved = this.snapshot(s);
    this.sessions.set(path, s);
    this.stepBodies.set(path, body);
    return this.preview(path);
  }

  /** The step's text: its rows as a table, as pir-core would write them. */
  async sessionStepBody(path: string): Promise<string> {
    const rows = this.session(path).model.timeline?.rows ?? [];
    if (rows.length === 0) return this.stepBodies.get(path) ?? "";
    const lines = rows.map((r) => `| ${r.time.text} | ${r.event} |`);
    return ["| Time | Event |", "| ---- | ----- |", ...lines].join("\n");
  }

  async sessionClose(path: string): Promise<void> {
    this.sessions.delete(path);
  }

  async parsePastedLines(text: string): Promise<PastedRow[]> {
    const out: PastedRow[] = [];
    for (const line of text.split(/\r?\n/)) {
      const l = line.trim();
      if (!l) continue;
      const m = /^\[?(~?\d{1,2}:\d{2}(?::\d{2})?)\]?\s*(.*)$/.exec(l);
      if (m) out.push({ time: m[1], event: m[2] });
      else if (out.length) out[out.length - 1].event += ` ${l}`;
    }
    return out;
  }
}
