//! Property tests of the document model: parsing never panics, documents built from random
//! pieces round-trip byte for byte, and an edit changes nothing outside its own span.

use pir_core::doc::{Document, Edit, PirModel, TimelineKind};
use pir_core::timeline::EventKind;
use proptest::prelude::*;

/// Short cell or line text: markdown-significant characters, escapes and some unicode.
fn words() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 é—→✅漢|*#`~:\\\\_\\-]{0,16}"
}

fn heading() -> impl Strategy<Value = Vec<String>> {
    (1usize..=6, words()).prop_map(|(l, w)| vec![format!("{} {}", "#".repeat(l), w)])
}

fn metadata_line() -> impl Strategy<Value = Vec<String>> {
    (
        prop::sample::select(vec!["Date", "Duration", "Severity", "Status", "Owner"]),
        words(),
        any::<bool>(),
    )
        .prop_map(|(k, v, inside)| {
            vec![if inside {
                format!("**{k}:** {v}")
            } else {
                format!("**{k}**: {v}")
            }]
        })
}

fn table() -> impl Strategy<Value = Vec<String>> {
    (1usize..4, 0usize..4, any::<bool>(), any::<bool>())
        .prop_flat_map(|(cols, rows, padded, pipes)| {
            (
                prop::collection::vec(prop::collection::vec(words(), cols), rows + 1),
                Just(padded),
                Just(pipes),
            )
        })
        .prop_map(|(cells, padded, pipes)| {
            let cols = cells[0].len();
            // Cells are written escaped, as the model would write them.
            let cells: Vec<Vec<String>> = cells
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| {
                            let v = c.trim().replace('|', "\\|");
                            if v.ends_with('\\') {
                                format!("{v} ")
                            } else {
                                v
                            }
                        })
                        .collect()
                })
                .collect();
            let widths: Vec<usize> = (0..cols)
                .map(|c| {
                    cells
                        .iter()
                        .map(|r| r[c].chars().count())
                        .max()
                        .unwrap_or(0)
                        .max(3)
                })
                .collect();
            let line = |r: &[String]| {
                let inner: Vec<String> = r
                    .iter()
                    .enumerate()
                    .map(|(c, v)| {
                        if padded {
                            format!(" {v:<w$} ", w = widths[c])
                        } else {
                            format!(" {v} ")
                        }
                    })
                    .collect();
                if pipes {
                    format!("|{}|", inner.join("|"))
                } else {
                    format!("|{}", inner.join("|"))
                }
            };
            let delim: Vec<String> = (0..cols)
                .map(|c| {
                    if padded {
                        "-".repeat(widths[c] + 2)
                    } else {
                        "---".into()
                    }
                })
                .collect();
            let mut out = vec![line(&cells[0]), format!("|{}|", delim.join("|"))];
            out.extend(cells[1..].iter().map(|r| line(r)));
            out
        })
}

fn fence() -> impl Strategy<Value = Vec<String>> {
    (words(), words()).prop_map(|(a, b)| {
        vec![
            "```bash".into(),
            format!("# {a}"),
            format!("## {b}"),
            "```".into(),
        ]
    })
}

fn piece() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        heading(),
        metadata_line(),
        table(),
        fence(),
        words().prop_map(|w| vec![w]),
        Just(vec!["---".to_string()]),
        Just(vec![String::new()]),
        table().prop_map(|mut t| {
            t.insert(0, String::new());
            t.insert(0, "## Timeline (UTC)".into());
            t
        }),
        list_timeline(),
        split_timeline(),
        (words(), words()).prop_map(|(q, a)| vec![
            "## Root Causes".into(),
            String::new(),
            format!("#### How {q}"),
            String::new(),
            a,
        ]),
    ]
}

/// A timeline written as a list: bullet or numbered items starting with a time, bold or
/// not, one separator style, any event text (empty included), some continued on an indented
/// line.
fn list_timeline() -> impl Strategy<Value = Vec<String>> {
    (
        prop::collection::vec((0u8..24, 0u8..60, words(), prop::option::of(words())), 1..4),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec![" — ", " - ", ": ", " – "]),
    )
        .prop_map(|(items, numbered, bold, sep)| {
            let mut v = vec!["## Timeline".to_string(), String::new()];
            for (k, (h, m, event, more)) in items.iter().enumerate() {
                let marker = if numbered {
                    format!("{}.", k + 1)
                } else {
                    "-".into()
                };
                let t = format!("{h:02}:{m:02}");
                let t = if bold { format!("**{t}**") } else { t };
                v.push(format!("{marker} {t}{sep}{}", event.trim()));
                // A continuation line, indented under the item.
                if let Some(more) = more.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
                    v.push(format!("   {more}"));
                }
            }
            v
        })
}

/// A timeline table that splits the date from the time (`| Date | Time | Event |`), some
/// rows dated and some not.
fn split_timeline() -> impl Strategy<Value = Vec<String>> {
    (
        prop::collection::vec(
            (prop::option::of(1u32..29), 0u8..24, 0u8..60, words()),
            0..4,
        ),
        any::<bool>(),
    )
        .prop_map(|(rows, bold)| {
            let mut v = vec![
                "## Timeline".to_string(),
                String::new(),
                "| Date | Time | Event |".into(),
                "| --- | --- | --- |".into(),
            ];
            for (day, h, m, event) in rows {
                let date = day.map(|d| format!("2026-07-{d:02}")).unwrap_or_default();
                let t = format!("{h:02}:{m:02}");
                let t = if bold { format!("**{t}**") } else { t };
                let e = event.trim().replace('|', "\\|");
                let e = if e.ends_with('\\') {
                    format!("{e} ")
                } else {
                    e
                };
                v.push(format!("| {date} | {t} | {e} |"));
            }
            v
        })
}

/// A document: optional front matter, pieces separated by one or two line endings, random
/// trailing spaces, CRLF or LF, with or without a final newline.
fn document() -> impl Strategy<Value = String> {
    (
        prop::option::of(prop::collection::vec("[a-z0-9]{1,6}", 0..3)),
        any::<bool>(),
        prop::collection::vec((piece(), any::<bool>(), 0usize..3), 0..10),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(tags, flow, pieces, crlf, final_nl)| {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut lines: Vec<String> = Vec::new();
            if let Some(tags) = tags {
                lines.push("---".into());
                if flow {
                    lines.push(format!("tags: [{}]", tags.join(", ")));
                } else {
                    lines.push("tags:".into());
                    lines.extend(tags.iter().map(|t| format!("  - {t}")));
                }
                lines.push("---".into());
            }
            lines.push("# Post Incident Review: Generated".into());
            for (p, gap, trailing) in pieces {
                lines.push(String::new());
                if gap {
                    lines.push(String::new());
                }
                for l in p {
                    lines.push(format!("{l}{}", " ".repeat(trailing)));
                }
            }
            let mut s = lines.join(eol);
            if final_nl {
                s.push_str(eol);
            }
            s
        })
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = || 0usize..4;
    prop_oneof![
        (i(), i(), i(), words()).prop_map(|(table, row, column, text)| Edit::TableSetCell {
            table,
            row,
            column,
            text
        }),
        (i(), i(), prop::collection::vec((i(), words()), 1..3)).prop_map(
            |(table, row, mut cells)| {
                cells.sort_by_key(|(c, _)| *c);
                cells.dedup_by_key(|(c, _)| *c);
                Edit::TableSetCells { table, row, cells }
            }
        ),
        (i(), i(), words()).prop_map(|(table, column, text)| Edit::TableSetHeader {
            table,
            column,
            text
        }),
        (i(), prop::collection::vec(words(), 0..4))
            .prop_map(|(table, cells)| Edit::TableAddRow { table, cells }),
        (i(), i(), prop::collection::vec(words(), 0..3)).prop_map(|(table, index, cells)| {
            Edit::TableInsertRow {
                table,
                index,
                cells,
            }
        }),
        (i(), i()).prop_map(|(table, index)| Edit::TableDeleteRow { table, index }),
        (i(), i(), i()).prop_map(|(table, from, to)| Edit::TableMoveRow { table, from, to }),
        (i(), i(), any::<bool>()).prop_map(|(table, column, descending)| Edit::TableSort {
            table,
            column,
            descending
        }),
        (words(), words()).prop_map(|(time, event)| Edit::TimelineAdd {
            time,
            event,
            phase: None
        }),
        (i(), words(), words()).prop_map(|(index, time, event)| Edit::TimelineInsert {
            index,
            time,
            event
        }),
        (i(), i(), words(), words()).prop_map(|(table, index, time, event)| {
            Edit::TimelineInsertInTable {
                table,
                index,
                time,
                event,
            }
        }),
        i().prop_map(|index| Edit::TimelineDelete { index }),
        (i(), i()).prop_map(|(from, to)| Edit::TimelineMove { from, to }),
        Just(Edit::TimelineSort),
        (i(), words()).prop_map(|(index, text)| Edit::TimelineSetEvent { index, text }),
        (i(), words()).prop_map(|(index, text)| Edit::TimelineSetEventText { index, text }),
        (i(), words()).prop_map(|(index, text)| Edit::TimelineSetTimeText { index, text }),
        (
            i(),
            prop::option::of(prop::sample::select(vec![
                EventKind::RootEvent,
                EventKind::Decision,
                EventKind::ResolutionStep,
                EventKind::Other,
            ])),
            prop::option::of(words()),
        )
            .prop_map(|(index, kind, label)| Edit::TimelineSetKeyEvent {
                index,
                kind,
                label
            }),
        (
            prop::sample::select(vec!["Date", "Severity", "Status", "Owner", "Reviewer"]),
            words()
        )
            .prop_map(|(k, value)| Edit::SetMetadata {
                key: k.into(),
                value
            }),
        prop::sample::select(vec!["Date", "Owner"])
            .prop_map(|k| Edit::RemoveMetadata { key: k.into() }),
        words().prop_map(|text| Edit::SetTitle { text }),
        "[a-z0-9\\-]{1,8}".prop_map(|tag| Edit::AddTag { tag }),
        "[a-z0-9]{1,6}".prop_map(|tag| Edit::RemoveTag { tag }),
        (i(), words()).prop_map(|(step, text)| Edit::SetHowAnswer {
            chain: 0,
            step,
            text
        }),
    ]
}

/// Byte offset of the start of 1-based `line` (or the end of the text).
fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// The span of `text` that `edit` may change, from the model before the edit. A line ending
/// just before the span may go too (a last line without a final newline takes it along).
fn allowed(text: &str, m: &PirModel, edit: &Edit) -> Option<(usize, usize)> {
    let lines = |first: usize, last: usize| {
        let a = line_start(text, first).saturating_sub(2);
        (a, line_start(text, last + 1))
    };
    match edit {
        Edit::TableSetCell { table, .. }
        | Edit::TableSetCells { table, .. }
        | Edit::TableSetHeader { table, .. }
        | Edit::TableAddRow { table, .. }
        | Edit::TableInsertRow { table, .. }
        | Edit::TableDeleteRow { table, .. }
        | Edit::TableMoveRow { table, .. }
        | Edit::TableSort { table, .. } => {
            let t = m.tables.get(*table)?;
            Some(lines(
                t.line,
                t.row_lines.last().copied().unwrap_or(t.line + 1),
            ))
        }
        Edit::TimelineAdd { .. }
        | Edit::TimelineInsert { .. }
        | Edit::TimelineInsertInTable { .. }
        | Edit::TimelineDelete { .. }
        | Edit::TimelineMove { .. }
        | Edit::TimelineSort
        | Edit::TimelineSetEvent { .. }
        | Edit::TimelineSetEventText { .. }
        | Edit::TimelineSetTimeText { .. }
        | Edit::TimelineSetKeyEvent { .. }
        | Edit::TimelineSetTime { .. } => {
            let tl = m.timeline.as_ref()?;
            let first = tl.tables.first()?.line;
            let last_table = tl.tables.last()?.line + 1;
            let last = tl
                .rows
                .last()
                .map_or(last_table, |r| r.line.max(last_table));
            let (a, b) = lines(first, last);
            // A list item's continuation lines (not in the model) go with it.
            let lists = tl.tables.iter().any(|t| t.kind != TimelineKind::Table);
            let section_end = m.sections.get(tl.section).map_or(b, |s| s.end);
            Some((a, if lists { b.max(section_end) } else { b }))
        }
        Edit::SetMetadata { .. } | Edit::RemoveMetadata { .. } => {
            let first = m.metadata.first()?.line;
            let last = m.metadata.last()?;
            // A field added below a metadata table's header row goes after its delimiter row.
            let extra = usize::from(last.place == pir_core::doc::MetadataPlace::Table);
            Some(lines(first, last.line + extra))
        }
        Edit::SetTitle { .. } => {
            let s = m.sections.iter().find(|s| s.level == 1)?;
            Some((s.heading_span.start, s.heading_span.end))
        }
        Edit::AddTag { .. } | Edit::RemoveTag { .. } => {
            if !m.has_front_matter {
                return Some((0, 0));
            }
            // The closing fence is the second line that is `---`.
            let mut pos = 0;
            let mut fences = 0;
            for l in text.split_inclusive('\n') {
                if l.trim_end() == "---" {
                    fences += 1;
                    if fences == 2 {
                        return Some((0, pos));
                    }
                }
                pos += l.len();
            }
            None
        }
        Edit::SetHowAnswer { chain, step, .. } | Edit::SetHowQuestion { chain, step, .. } => {
            let s = &m.sections[m.how_chains.get(*chain)?.steps.get(*step)?.section];
            Some((s.heading_span.start, s.body_span.end))
        }
        Edit::ReplaceSectionBody { section, .. } => {
            let s = m.sections.get(*section)?;
            Some((s.heading_span.start, s.body_span.end))
        }
        Edit::ReplaceSectionRange { first, last, .. } => {
            let (a, b) = (m.sections.get(*first)?, m.sections.get(*last)?);
            Some((a.heading_span.start, b.body_span.end))
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_on_any_string(s in any::<String>()) {
        let d = Document::parse(s.clone());
        prop_assert_eq!(d.text(), s.as_str());
        prop_assert!(serde_json::to_string(d.model()).is_ok());
    }

    #[test]
    fn parse_never_panics_on_markdownish_noise(s in "[#|\\-*`>: \n\r\ta-z0-9~_\\[\\]\\\\é]{0,300}") {
        let d = Document::parse(s.clone());
        prop_assert_eq!(d.text(), s.as_str());
    }

    #[test]
    fn generated_documents_round_trip(doc in document()) {
        let d = Document::parse(doc.clone());
        prop_assert_eq!(d.text(), doc.as_str());
        // The unchanged model applied back is a no-op too.
        let mut d2 = d.clone();
        d2.apply_model(&d.model().clone()).unwrap();
        prop_assert_eq!(d2.text(), doc.as_str());
    }

    #[test]
    fn edits_change_only_their_span(doc in document(), edits in prop::collection::vec(edit(), 1..6)) {
        let mut d = Document::parse(doc);
        for e in edits {
            let before = d.text().to_string();
            let model = d.model().clone();
            let region = allowed(&before, &model, &e);
            match d.apply(&e) {
                Err(err) => {
                    prop_assert_eq!(err.kind, pir_core::ErrorKind::InvalidInput);
                    prop_assert_eq!(d.text(), before.as_str());
                }
                Ok(()) => {
                    let after = d.text();
                    if let Some((a, b)) = region {
                        let (a, b) = (a.min(before.len()), b.min(before.len()));
                        prop_assert_eq!(&after.as_bytes()[..a.min(after.len())], &before.as_bytes()[..a], "before the span: {:?}", e);
                        prop_assert!(after.as_bytes().ends_with(&before.as_bytes()[b..]), "after the span: {:?}", e);
                    }
                    // What was set reads back.
                    if let Edit::TableSetCell { table, row, column, text } = &e {
                        prop_assert_eq!(&d.model().tables[*table].rows[*row][*column], text.trim());
                    }
                    if let Edit::AddTag { tag } = &e {
                        prop_assert!(d.model().tags.contains(tag), "{:?}", d.model().tags);
                    }
                    // The text still parses to the same thing from scratch.
                    let fresh = Document::parse(after.to_string());
                    prop_assert_eq!(fresh.model(), d.model());
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A CR-only file (old Mac line endings) reads as the same file with `\n`, round-trips byte
    /// for byte, and takes every edit as that file does, writing `\r` where it writes `\n`.
    #[test]
    fn cr_only_documents_read_and_edit_as_their_lf_twin(
        doc in document(),
        edits in prop::collection::vec(edit(), 0..4),
    ) {
        let lf = doc.replace("\r\n", "\n");
        prop_assume!(lf.contains('\n'));
        let cr = lf.replace('\n', "\r");
        let mut lf_doc = Document::parse(lf.clone());
        let mut cr_doc = Document::parse(cr.clone());
        prop_assert_eq!(cr_doc.text(), cr.as_str());
        prop_assert_eq!(cr_doc.model(), lf_doc.model());
        prop_assert_eq!(cr_doc.line_ending(), "\r");
        let mut unchanged = cr_doc.clone();
        unchanged.apply_model(&cr_doc.model().clone()).unwrap();
        prop_assert_eq!(unchanged.text(), cr.as_str());
        for e in edits {
            let (a, b) = (lf_doc.apply(&e), cr_doc.apply(&e));
            prop_assert_eq!(a.is_ok(), b.is_ok(), "{:?}", e);
            prop_assert_eq!(cr_doc.text(), lf_doc.text().replace('\n', "\r"), "{:?}", e);
            prop_assert_eq!(cr_doc.model(), lf_doc.model());
        }
    }
}

/// One change a UI might make to a model.
#[derive(Debug, Clone)]
enum ModelChange {
    Cell(usize, usize, usize, String),
    InsertRow(usize, usize, Vec<String>),
    DeleteRow(usize, usize),
    Event(usize, String),
    Time(usize, String),
    InsertTimelineRow(usize, String, String),
    DeleteTimelineRow(usize),
    Severity(String),
    Status(String),
    AddTag(String),
    RemoveTag(usize),
    Header(usize, usize, String),
    Answer(usize, String),
    Question(usize, String),
}

/// Prose that stays prose wherever it is written (no heading, fence, rule or table marks).
fn prose() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 .,é→]{0,24}"
}

fn model_change() -> impl Strategy<Value = ModelChange> {
    let i = || 0usize..5;
    prop_oneof![
        (i(), i(), i(), words()).prop_map(|(t, r, c, v)| ModelChange::Cell(t, r, c, v)),
        (i(), i(), prop::collection::vec(words(), 4))
            .prop_map(|(t, r, v)| ModelChange::InsertRow(t, r, v)),
        (i(), i()).prop_map(|(t, r)| ModelChange::DeleteRow(t, r)),
        (i(), words()).prop_map(|(r, v)| ModelChange::Event(r, v)),
        (i(), words()).prop_map(|(r, v)| ModelChange::Time(r, v)),
        (i(), words(), words()).prop_map(|(r, t, e)| ModelChange::InsertTimelineRow(r, t, e)),
        i().prop_map(ModelChange::DeleteTimelineRow),
        words().prop_map(ModelChange::Severity),
        words().prop_map(ModelChange::Status),
        "[a-z0-9\\-]{1,8}".prop_map(ModelChange::AddTag),
        i().prop_map(ModelChange::RemoveTag),
        (i(), i(), words()).prop_map(|(t, c, v)| ModelChange::Header(t, c, v)),
        (i(), prop::collection::vec(prose(), 1..3))
            .prop_map(|(i, lines)| ModelChange::Answer(i, lines.join("\n"))),
        (i(), prose()).prop_map(|(i, q)| ModelChange::Question(i, format!("How {q}"))),
    ]
}

/// Applies `c` to `m` when it names something that exists; returns whether it did.
fn change_model(m: &mut PirModel, c: &ModelChange) -> bool {
    match c {
        ModelChange::Cell(t, r, col, v) => {
            let Some(t) = m.tables.get_mut(*t) else {
                return false;
            };
            let width = t.header.len();
            match t.rows.get_mut(*r) {
                Some(row) if *col < width && *col < row.len() => row[*col] = v.trim().into(),
                _ => return false,
            }
        }
        ModelChange::InsertRow(t, r, v) => {
            let Some(t) = m.tables.get_mut(*t) else {
                return false;
            };
            if *r > t.rows.len() {
                return false;
            }
            let mut row: Vec<String> = v.iter().map(|s| s.trim().to_string()).collect();
            row.resize(t.header.len(), String::new());
            t.rows.insert(*r, row);
        }
        ModelChange::DeleteRow(t, r) => {
            let Some(t) = m.tables.get_mut(*t) else {
                return false;
            };
            if *r >= t.rows.len() {
                return false;
            }
            t.rows.remove(*r);
        }
        ModelChange::Event(r, v) | ModelChange::Time(r, v) => {
            let Some(tl) = m.timeline.as_mut() else {
                return false;
            };
            let tables = tl.tables.clone();
            let Some(row) = tl.rows.get_mut(*r) else {
                return false;
            };
            if matches!(c, ModelChange::Event(..)) {
                // A one-column timeline table has no event cell to set.
                if tables[row.table].event_column.is_none() {
                    return false;
                }
                row.event = v.trim().into();
            } else if tables[row.table].kind != TimelineKind::Table {
                // A list row is an item starting with a time: give it one.
                row.time.raw = time_for(v);
            } else {
                row.time.raw = v.trim().into();
            }
        }
        ModelChange::InsertTimelineRow(r, time, event) => {
            let Some(tl) = m.timeline.as_mut() else {
                return false;
            };
            let Some(mut row) = tl.rows.get(*r).or(tl.rows.last()).cloned() else {
                return false;
            };
            if *r > tl.rows.len() {
                return false;
            }
            row.time.raw = if tl.tables[row.table].kind == TimelineKind::Table {
                time.trim().into()
            } else {
                time_for(time)
            };
            row.event = match tl.tables[row.table].event_column {
                Some(_) => event.trim().into(),
                None => String::new(),
            };
            tl.rows.insert(*r, row);
        }
        ModelChange::DeleteTimelineRow(r) => {
            let Some(tl) = m.timeline.as_mut() else {
                return false;
            };
            if *r >= tl.rows.len() {
                return false;
            }
            tl.rows.remove(*r);
        }
        ModelChange::Severity(v) | ModelChange::Status(v) => {
            let v = Some(v.trim().to_string());
            if matches!(c, ModelChange::Severity(_)) {
                m.severity = v;
            } else {
                m.status = v;
            }
        }
        ModelChange::AddTag(t) => {
            if m.tags.contains(t) {
                return false;
            }
            m.tags.push(t.clone());
        }
        ModelChange::RemoveTag(i) => {
            if *i >= m.tags.len() {
                return false;
            }
            m.tags.remove(*i);
        }
        ModelChange::Header(t, c, v) => {
            // A header whose code span holds a pipe has fewer cells (as Python-Markdown reads
            // it) than its delimiter row has columns (as GFM finds the table): rewriting that
            // cell can end the table, and so can writing such a value into a header. Known
            // limit, left out here.
            if m.tables
                .get(*t)
                .is_some_and(|t| t.header.len() != t.align.len())
                || (v.contains('`') && v.contains('|'))
            {
                return false;
            }
            let Some(h) = m.tables.get_mut(*t).and_then(|t| t.header.get_mut(*c)) else {
                return false;
            };
            *h = v.trim().into();
        }
        ModelChange::Answer(i, v) | ModelChange::Question(i, v) => {
            let Some(step) = m.how_chains.first_mut().and_then(|c| c.steps.get_mut(*i)) else {
                return false;
            };
            if matches!(c, ModelChange::Answer(..)) {
                // An answer holding a table owns it: rewriting the answer drops the table,
                // which the test's model would still list.
                if step.answer.contains('|') {
                    return false;
                }
                step.answer = answer_as_read(v);
            } else {
                step.question = v.trim().into();
            }
        }
    }
    true
}

/// Whether `t` holds the model's table metadata fields.
fn is_metadata_table(m: &PirModel, t: &pir_core::doc::Table) -> bool {
    let first_section = m
        .sections
        .iter()
        .find(|s| s.level >= 2)
        .map_or(usize::MAX, |s| s.line);
    t.line < first_section && t.header.len() == 2
}

/// A time made from any text, for a list row (which must start with one).
fn time_for(v: &str) -> String {
    format!("{:02}:{:02}", v.len() % 24, (v.len() * 7) % 60)
}

/// What a UI edits, to compare a model with the one asked for.
fn editable(m: &PirModel) -> impl PartialEq + std::fmt::Debug {
    (
        m.severity.clone(),
        m.status.clone(),
        m.tags.clone(),
        // A two-column table between the title and the first section is the metadata table:
        // setting a field the PIR lacks adds its row there, which `severity` and `status`
        // above already show.
        m.tables
            .iter()
            .filter(|t| !is_metadata_table(m, t))
            .map(|t| (t.header.clone(), t.rows.clone()))
            .collect::<Vec<_>>(),
        m.timeline.as_ref().map(|t| {
            t.rows
                .iter()
                .map(|r| (r.time.raw.clone(), r.event.clone()))
                .collect::<Vec<_>>()
        }),
        m.how_chains
            .iter()
            .map(|c| {
                c.steps
                    .iter()
                    // An answer holding a table also shows that table's edits: compare the
                    // table, not the answer.
                    .map(|s| {
                        let answer = if s.answer.contains('|') {
                            "(table)"
                        } else {
                            &s.answer
                        };
                        (s.question.clone(), answer.to_string())
                    })
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn applying_an_edited_model_makes_the_document_say_it(
        doc in document(),
        changes in prop::collection::vec(model_change(), 1..6),
    ) {
        let mut d = Document::parse(doc);
        let mut edited = d.model().clone();
        // Changes naming what the document lacks are skipped: the model is then unchanged,
        // which must hold too.
        for c in &changes {
            change_model(&mut edited, c);
        }
        match d.apply_model(&edited) {
            Ok(()) => {}
            // A lone backtick in two cells of a row would be one code span across them on
            // the site: such a row is refused, not written.
            Err(e) if e.kind == pir_core::ErrorKind::InvalidInput && e.message.contains("code span") => {
                prop_assume!(false);
            }
            Err(e) => panic!("{e}"),
        }
        prop_assert_eq!(editable(d.model()), editable(&edited));
    }
}

/// A how-step answer as the document reads it back: without leading blank lines, nor
/// trailing blank lines and thematic breaks (which end the step, not belong to it).
fn answer_as_read(v: &str) -> String {
    let blank = |l: &str| l.trim().is_empty();
    let rule = |l: &str| {
        let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
        t.len() >= 3 && ['-', '*', '_'].iter().any(|&c| t.chars().all(|x| x == c))
    };
    let mut lines: Vec<&str> = v.split('\n').collect();
    while lines.first().is_some_and(|l| blank(l)) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| blank(l) || rule(l)) {
        lines.pop();
    }
    lines.join("\n")
}

/// A run of the characters a line may end with besides its line ending: spaces, tabs,
/// vertical tabs, form feeds, a stray carriage return, no-break spaces, other Unicode spaces.
fn odd_whitespace() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            " ", "\t", "\u{b}", "\u{c}", "\r", "\u{a0}", "\u{2003}", "\u{3000}",
        ]),
        0..4,
    )
    .prop_map(|v| v.concat())
}

/// A generated document with runs of [`odd_whitespace`] put at the ends of lines (headings,
/// metadata lines, table rows), before cell pipes (the ends of cells), and at the end of the
/// file.
fn document_with_odd_whitespace() -> impl Strategy<Value = String> {
    (
        document(),
        prop::collection::vec((any::<bool>(), any::<bool>(), odd_whitespace()), 1..24),
        odd_whitespace(),
    )
        .prop_map(|(doc, runs, tail)| {
            let mut out = String::new();
            let mut k = 0;
            let mut next_run = |out: &mut String, which: fn(&(bool, bool, String)) -> bool| {
                let run = &runs[k % runs.len()];
                k += 1;
                if which(run) {
                    out.push_str(&run.2);
                }
            };
            for (i, line) in doc.split('\n').enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                let (content, cr) = match line.strip_suffix('\r') {
                    Some(c) => (c, "\r"),
                    None => (line, ""),
                };
                for (j, part) in content.split('|').enumerate() {
                    if j > 0 {
                        next_run(&mut out, |r| r.1);
                        out.push('|');
                    }
                    out.push_str(part);
                }
                next_run(&mut out, |r| r.0);
                out.push_str(cr);
            }
            out.push_str(&tail);
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Whatever whitespace ends a heading, a cell, a line or the file, the unchanged model
    /// applied back writes nothing: a file read and saved without an edit keeps every byte.
    #[test]
    fn any_trailing_whitespace_survives_the_unchanged_model(doc in document_with_odd_whitespace()) {
        let d = Document::parse(doc.clone());
        prop_assert_eq!(d.text(), doc.as_str());
        let json = serde_json::to_string(d.model()).unwrap();
        let model: PirModel = serde_json::from_str(&json).unwrap();
        let mut again = d.clone();
        again.apply_model(&model).unwrap();
        prop_assert_eq!(again.text(), doc.as_str());
    }
}
