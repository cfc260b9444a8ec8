//! Reading an incidents table: its columns' roles, how its rows write links, dates and
//! order, learnt from its header and rows.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::doc::Document;
use crate::site::index::{parse_link, unescape_link_text};
use crate::site::link_text::split_link_text;
use crate::site::slug::parse_pir_file_name;

/// What a column holds, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnRole {
    /// The incident's date.
    Date,
    /// The title (often the link).
    Title,
    /// Severity level.
    Severity,
    /// Duration.
    Duration,
    /// Status.
    Status,
    /// A one-line summary.
    Summary,
    /// Anything else: new rows leave it empty.
    Other,
}

impl ColumnRole {
    /// The role a header cell names.
    pub fn from_header(header: &str) -> ColumnRole {
        let h = header
            .trim()
            .trim_matches(['*', '_', '`'])
            .to_ascii_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
        if has(&["date", "when", "day"]) {
            ColumnRole::Date
        } else if has(&["severity", "sev", "priority", "impact"]) {
            ColumnRole::Severity
        } else if has(&["duration", "length", "time to"]) {
            ColumnRole::Duration
        } else if has(&["status", "state"]) {
            ColumnRole::Status
        } else if has(&["summary", "description", "details"]) {
            ColumnRole::Summary
        } else if has(&[
            "incident",
            "title",
            "pir",
            "name",
            "review",
            "what",
            "postmortem",
        ]) {
            ColumnRole::Title
        } else {
            ColumnRole::Other
        }
    }

    /// The key of the PIR field this column shows ([`ListPir::fields`] spelling).
    pub(crate) fn field_key(self) -> Option<&'static str> {
        match self {
            ColumnRole::Severity => Some("Severity"),
            ColumnRole::Duration => Some("Duration"),
            ColumnRole::Status => Some("Status"),
            ColumnRole::Summary => Some("Summary"),
            _ => None,
        }
    }
}

/// How a row's link text is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkStyle {
    /// The PIR title.
    Title,
    /// `2026-01-02` + separator + title.
    DateTitle {
        /// What comes between date and title (` - `).
        sep: String,
    },
    /// The identifier of the PIR's file name (`INC-2050` of `INC-2050-settlement.md`) +
    /// separator + title without its own copy of the identifier: `INC-2050 Settlement file
    /// late` for the PIR titled `INC-2050: Settlement file late`.
    IdTitle {
        /// What comes between identifier and title (` `, `: `).
        sep: String,
    },
    /// The date alone, in a strftime format.
    Date {
        /// The format (`%Y-%m-%d`).
        format: String,
    },
}

/// One row of an incidents table that links to a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRow {
    /// Position among the table's body rows.
    pub index: usize,
    /// 1-based line.
    pub line: usize,
    /// The link target as written (relative to the page).
    pub target: String,
    /// The link text, markdown escapes undone.
    pub link_text: String,
    /// The date from the target's file name, when it follows the convention, else the date
    /// in the row's Date column (a site naming PIRs `INC-2041-...` dates them only there).
    pub date: Option<NaiveDate>,
    /// Whether [`TableRow::date`] comes from the target's file name.
    #[serde(default)]
    pub date_from_name: bool,
    /// The cell values (unescaped).
    pub cells: Vec<String>,
}

/// An incidents table of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexTable {
    /// The document model's table id (see [`crate::doc::Table::id`]).
    pub table: usize,
    /// 1-based line of the header row.
    pub line: usize,
    /// What each column holds.
    pub columns: Vec<ColumnRole>,
    /// The column holding the link.
    pub link_column: usize,
    /// How link texts are written.
    pub link_style: LinkStyle,
    /// How the Date column writes dates (strftime).
    pub date_format: String,
    /// Whether rows run newest first.
    pub newest_first: bool,
    /// Rows that link to a page.
    pub rows: Vec<TableRow>,
    /// Every body row, linked or not.
    pub row_count: usize,
}

impl IndexTable {
    /// The column with `role`, if any.
    pub fn column(&self, role: ColumnRole) -> Option<usize> {
        self.columns.iter().position(|c| *c == role)
    }

    /// How many rows link to files named like PIRs.
    pub fn pir_links(&self) -> usize {
        self.rows.iter().filter(|r| r.date_from_name).count()
    }
}

/// Date formats a Date column may use, tried in order against rows whose date is known.
pub const DATE_FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%b %-d, %Y",
    "%B %-d, %Y",
    "%-d %b %Y",
    "%-d %B %Y",
    "%d %b %Y",
    "%d %B %Y",
];

/// `[text](target)` in a cell: (byte range of the whole link, text as written, target).
/// Brackets inside the text (escaped, or balanced as in a title holding `[x](y)`) do not
/// end it.
pub(crate) fn find_link(cell: &str) -> Option<(std::ops::Range<usize>, &str, &str)> {
    let mut from = 0;
    while let Some(open) = cell[from..].find('[').map(|i| i + from) {
        let escaped = cell[..open].ends_with('\\');
        if !escaped && let Some(link) = parse_link(&cell[open..]) {
            let target = link.target.split_whitespace().next().unwrap_or("");
            return Some((open..open + link.len, link.text, target));
        }
        from = open + 1;
    }
    None
}

/// The date a cell holds, in any of the [`DATE_FORMATS`].
pub fn parse_date_cell(cell: &str) -> Option<NaiveDate> {
    let c = cell.trim().trim_matches(['*', '_', '`']);
    DATE_FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(c, f).ok())
}

pub(crate) fn learn_format(pairs: &[(NaiveDate, &str)]) -> Option<String> {
    let (date, cell) = pairs.first()?;
    let cell = cell.trim();
    DATE_FORMATS
        .iter()
        .find(|f| date.format(f).to_string() == cell)
        .map(|f| f.to_string())
}

/// The incidents tables of a page's text, in page order.
pub fn parse_index_tables(text: &str) -> Vec<IndexTable> {
    let doc = Document::parse(text);
    doc.model()
        .tables
        .iter()
        .filter_map(|t| {
            let columns: Vec<ColumnRole> = t
                .header
                .iter()
                .map(|h| ColumnRole::from_header(h))
                .collect();
            let mut rows = Vec::new();
            let mut link_cols = Vec::new();
            for (index, cells) in t.rows.iter().enumerate() {
                let Some((col, (_, text, target))) = cells
                    .iter()
                    .enumerate()
                    .find_map(|(c, v)| find_link(v).filter(|l| is_page(l.2)).map(|l| (c, l)))
                else {
                    continue;
                };
                link_cols.push(col);
                let named = file_date(target);
                let date_col = columns.iter().position(|c| *c == ColumnRole::Date);
                rows.push(TableRow {
                    index,
                    line: t.row_lines.get(index).copied().unwrap_or(t.line),
                    target: target.to_string(),
                    link_text: unescape_link_text(text),
                    date: named.or_else(|| parse_date_cell(cells.get(date_col?)?)),
                    date_from_name: named.is_some(),
                    cells: cells.clone(),
                });
            }
            let has = |r: ColumnRole| columns.contains(&r);
            // Rows dated by their Date cell only count beside a Title column: whether they
            // link to PIRs is for the site to say (see `index_pages`).
            let is_incidents = rows.iter().any(|r| r.date_from_name)
                || (has(ColumnRole::Title) && rows.iter().any(|r| r.date.is_some()))
                || (t.rows.is_empty() && has(ColumnRole::Date) && has(ColumnRole::Title));
            if !is_incidents {
                return None;
            }
            let link_column = link_cols
                .first()
                .copied()
                .or_else(|| columns.iter().position(|c| *c == ColumnRole::Title))
                .unwrap_or(0);
            let model = rows.iter().find(|r| r.date.is_some());
            let date_col = columns.iter().position(|c| *c == ColumnRole::Date);
            let pairs: Vec<(NaiveDate, &str)> = rows
                .iter()
                .filter_map(|r| Some((r.date?, r.cells.get(date_col?)?.as_str())))
                .collect();
            let date_format = learn_format(&pairs).unwrap_or_else(|| "%Y-%m-%d".to_string());
            let link_style = model.map_or(LinkStyle::Title, learn_link_style);
            let dates: Vec<NaiveDate> = rows.iter().filter_map(|r| r.date).collect();
            let ascending = dates.len() >= 2
                && dates.windows(2).all(|w| w[0] <= w[1])
                && dates.first() < dates.last();
            Some(IndexTable {
                table: t.id,
                line: t.line,
                columns,
                link_column,
                link_style,
                date_format,
                newest_first: !ascending,
                rows,
                row_count: t.rows.len(),
            })
        })
        .collect()
}

/// Whether `a` and `b` are the same words, whatever the punctuation and spacing between
/// them (case counts: a title's case is the author's).
pub(crate) fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

pub(crate) fn is_page(target: &str) -> bool {
    let path = target.split('#').next().unwrap_or(target);
    !target.contains("://") && path.ends_with(".md")
}

pub(crate) fn file_date(target: &str) -> Option<NaiveDate> {
    let path = target.split('#').next().unwrap_or(target);
    parse_pir_file_name(path.rsplit('/').next().unwrap_or(path)).map(|(d, _)| d)
}

pub(crate) fn learn_link_style(row: &TableRow) -> LinkStyle {
    let text = row.link_text.trim();
    if let Some(id) = file_id(&row.target)
        && let Some(rest) = text.strip_prefix(id)
        && let title = rest.trim_start_matches(|c: char| c.is_whitespace() || ":-–—".contains(c))
        && !title.is_empty()
        && title.len() < rest.len()
    {
        return LinkStyle::IdTitle {
            sep: rest[..rest.len() - title.len()].to_string(),
        };
    }
    match split_link_text(text) {
        (Some(d), "") => LinkStyle::Date {
            format: learn_format(&[(row.date.unwrap_or_default(), d)])
                .unwrap_or_else(|| "%Y-%m-%d".to_string()),
        },
        (Some(d), title) => LinkStyle::DateTitle {
            sep: text[d.len()..text.len() - title.len()].to_string(),
        },
        (None, _) => match row.date.and_then(|d| learn_format(&[(d, text)])) {
            Some(format) => LinkStyle::Date { format },
            None => LinkStyle::Title,
        },
    }
}

/// The docs-relative path a link on page `page_rel` points at (`None` for URLs and anchors).
pub fn resolve_link(page_rel: &str, target: &str) -> Option<String> {
    let path = target.split('#').next().unwrap_or(target);
    if path.is_empty() || target.contains("://") {
        return None;
    }
    let mut parts: Vec<&str> = if let Some(abs) = path.strip_prefix('/') {
        abs.split('/').collect()
    } else {
        let dir = page_rel.rsplit_once('/').map_or("", |(d, _)| d);
        dir.split('/').chain(path.split('/')).collect()
    };
    parts.retain(|p| !p.is_empty() && *p != ".");
    let mut out: Vec<&str> = Vec::new();
    for p in parts {
        if p == ".." {
            out.pop()?;
        } else {
            out.push(p);
        }
    }
    Some(out.join("/"))
}

/// The link from page `page_rel` to the docs-relative `target_rel`.
pub fn link_from(page_rel: &str, target_rel: &str) -> String {
    let dir: Vec<&str> = page_rel
        .rsplit_once('/')
        .map_or_else(Vec::new, |(d, _)| d.split('/').collect());
    let target: Vec<&str> = target_rel.split('/').collect();
    let common = dir.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; dir.len() - common];
    parts.extend_from_slice(&target[common..]);
    parts.join("/")
}

/// The identifier a file name opens with, `PREFIX-digits` (`INC-2050` of
/// `../INC-2050-settlement-file-late.md#timeline`); none for dated or plain names.
pub(crate) fn file_id(target: &str) -> Option<&str> {
    let path = target.split('#').next().unwrap_or(target);
    let name = path.rsplit('/').next().unwrap_or(path);
    let letters = name.chars().take_while(char::is_ascii_alphabetic).count();
    let rest = name[letters..].strip_prefix('-')?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let end = letters + 1 + digits;
    let after = name[end..].chars().next();
    (letters > 0 && digits > 0 && matches!(after, Some('-' | '.'))).then(|| &name[..end])
}
