//! A YAML reader that keeps where every node is, and shrugs off mkdocs' custom tags.
//!
//! `mkdocs.yml` files use tags such as `!ENV [NAME, default]`, `!relative $config_dir` and
//! `!!python/name:pkg.mod.func` that generic YAML-to-struct loaders reject. Here a tag is noted
//! and otherwise ignored. Every node carries its byte offset and line, because writing to
//! `mkdocs.yml` (adding a nav entry) splices text at those positions instead of re-serialising
//! the file, which would lose its comments and layout.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::error::{CoreError, ErrorKind, Result};

/// Where a node starts in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// Byte offset from the start of the text.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl From<Marker> for Pos {
    fn from(m: Marker) -> Self {
        // yaml-rust2 markers count characters, not bytes; `index` is a char index. The callers
        // convert with `char_to_byte` once the whole text is known.
        Pos {
            offset: m.index(),
            line: m.line(),
            column: m.col() + 1,
        }
    }
}

/// A YAML node with its position.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A scalar, as text (numbers and booleans too), with its tag suffix if any (`ENV`).
    Scalar {
        /// The value.
        value: String,
        /// The tag, such as `!ENV` or `!!python/name:x`, when present.
        tag: Option<String>,
        /// Where it starts.
        pos: Pos,
    },
    /// A sequence.
    Seq {
        /// The items.
        items: Vec<Node>,
        /// Where it starts.
        pos: Pos,
    },
    /// A mapping, keys in source order.
    Map {
        /// Key/value pairs.
        entries: Vec<(Node, Node)>,
        /// Where it starts.
        pos: Pos,
    },
    /// An alias (`*name`), not resolved.
    Alias {
        /// Where it is.
        pos: Pos,
    },
}

impl Node {
    /// Where the node starts.
    pub fn pos(&self) -> Pos {
        match self {
            Node::Scalar { pos, .. }
            | Node::Seq { pos, .. }
            | Node::Map { pos, .. }
            | Node::Alias { pos } => *pos,
        }
    }

    /// The scalar's text, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The value under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map { entries, .. } => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The items, if this is a sequence.
    pub fn items(&self) -> &[Node] {
        match self {
            Node::Seq { items, .. } => items,
            _ => &[],
        }
    }
}

/// Parses the first YAML document of `text`. An empty document is an empty mapping.
///
/// Errors are [`ErrorKind::Config`] with the line and column the YAML parser stopped at.
pub fn parse(text: &str) -> Result<Node> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, false).map_err(|e| {
        let m = e.marker();
        CoreError::new(ErrorKind::Config, format!("malformed YAML: {}", e.info()))
            .at(m.line(), m.col() + 1)
    })?;
    let mut root = builder.root.unwrap_or(Node::Map {
        entries: Vec::new(),
        pos: Pos {
            offset: 0,
            line: 1,
            column: 1,
        },
    });
    // Convert char indices to byte offsets in one pass over the text.
    let char_offsets: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    fix_offsets(&mut root, &char_offsets);
    Ok(root)
}

fn fix_offsets(node: &mut Node, char_offsets: &[usize]) {
    let fix = |p: &mut Pos| p.offset = char_offsets.get(p.offset).copied().unwrap_or(p.offset);
    match node {
        Node::Scalar { pos, .. } | Node::Alias { pos } => fix(pos),
        Node::Seq { items, pos } => {
            fix(pos);
            items.iter_mut().for_each(|n| fix_offsets(n, char_offsets));
        }
        Node::Map { entries, pos } => {
            fix(pos);
            for (k, v) in entries {
                fix_offsets(k, char_offsets);
                fix_offsets(v, char_offsets);
            }
        }
    }
}

/// Builds the tree from parser events.
#[derive(Default)]
struct Builder {
    /// Open collections; for mappings the pending key is kept beside them.
    stack: Vec<(Node, Option<Node>)>,
    root: Option<Node>,
}

impl Builder {
    fn push_value(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some((Node::Seq { items, .. }, _)) => items.push(node),
            Some((Node::Map { entries, .. }, pending)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => entries.push((key, node)),
            },
            Some(_) => {}
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = Pos::from(mark);
        match ev {
            Event::Scalar(value, _, _, tag) => {
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                self.push_value(Node::Scalar { value, tag, pos });
            }
            Event::SequenceStart(..) => self.stack.push((
                Node::Seq {
                    items: Vec::new(),
                    pos,
                },
                None,
            )),
            Event::MappingStart(..) => self.stack.push((
                Node::Map {
                    entries: Vec::new(),
                    pos,
                },
                None,
            )),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((node, _)) = self.stack.pop() {
                    self.push_value(node);
                }
            }
            Event::Alias(_) => self.push_value(Node::Alias { pos }),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerates_mkdocs_tags_and_keeps_positions() {
        let text = "site_name: Ünïcode\nx: !ENV [A, b]\nemoji: !!python/name:m.f\nnav:\n  - Home: index.md\n";
        let root = parse(text).unwrap();
        assert_eq!(
            root.get("site_name").and_then(Node::as_str),
            Some("Ünïcode")
        );
        let Some(Node::Scalar { tag, .. }) = root.get("emoji") else {
            panic!("emoji")
        };
        assert!(
            tag.as_deref()
                .is_some_and(|t| t.ends_with("python/name:m.f")),
            "{tag:?}"
        );
        let nav = root.get("nav").unwrap();
        let home = &nav.items()[0];
        let value = home.get("Home").unwrap();
        assert_eq!(value.pos().line, 5);
        assert_eq!(
            &text[value.pos().offset..value.pos().offset + 8],
            "index.md"
        );
    }

    #[test]
    fn malformed_yaml_is_a_config_error_with_a_line() {
        let err = parse("a: [1, 2\nb: c\n").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Config);
        assert!(err.line.is_some());
    }

    #[test]
    fn empty_text_is_an_empty_mapping() {
        assert!(matches!(parse("").unwrap(), Node::Map { ref entries, .. } if entries.is_empty()));
    }
}
