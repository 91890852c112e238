//! Maps JSON pointers to source positions, so diagnostics can say `file:line:col`.
//!
//! serde_yaml gives no positions for values, so the document is read a second time with
//! yaml-rust2's event parser, which marks where every node starts. JSON is YAML, so one map
//! serves both. When that parser rejects a document serde_yaml accepted, the map is empty and
//! diagnostics simply carry no position.
//!
//! The second parse costs about as much as the first, and a clean document never needs a
//! position, so the index is built on the first lookup. Strict JSON skips the YAML parser:
//! [`crate::json_positions`] finds the same positions in a fraction of the time.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use yaml_rust2::parser::{Event, Parser};

use crate::doc_text::is_bidi;
use crate::origins::Origins;
use crate::pointer::Pointer;

/// A 1-based position in the source document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// A source line (or a window of a long one) and where in it the caret goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The text, with control characters replaced and long lines cut around the caret.
    pub text: String,
    /// The caret's position in `text`, in characters.
    pub caret: usize,
}

/// Upper bound on parser events, so a pathological document cannot loop for long.
const MAX_EVENTS: usize = 10_000_000;

/// Pointer → position of the node's start (for mapping values: of their key), and the source
/// lines for snippets.
#[derive(Debug, Default)]
pub struct SourceMap {
    /// Built on the first [`SourceMap::locate`], or ahead of it by [`SourceMap::indexer`].
    positions: Arc<OnceLock<HashMap<String, Location>>>,
    text: Arc<str>,
    line_starts: Vec<usize>,
    /// How a converted document's pointers map back to the text (empty unless converted).
    origins: Origins,
}

/// Characters of a long line shown around the caret.
const SNIPPET_WIDTH: usize = 100;

enum Frame {
    Mapping {
        pointer: Pointer,
        key: Option<(String, Location)>,
    },
    Sequence {
        pointer: Pointer,
        index: usize,
    },
}

impl SourceMap {
    /// The map for `text` (positions are indexed lazily, on the first lookup).
    pub fn build(text: &str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            positions: Arc::default(),
            text: Arc::from(text),
            line_starts,
            origins: Origins::default(),
        }
    }

    /// Whether building the index ahead, on another core, saves time: when it takes the YAML
    /// parser. A JSON text's index costs less than starting a thread (and most documents
    /// need none), so it is built on the first lookup.
    pub fn worth_indexing_ahead(&self) -> bool {
        !is_json_like(&self.text)
    }

    /// Builds the index, for another thread to run while this one reads the document: the
    /// first lookup then finds it built (or waits for it), instead of parsing again.
    pub fn indexer(&self) -> impl FnOnce() + Send + 'static {
        let (positions, text) = (Arc::clone(&self.positions), Arc::clone(&self.text));
        move || {
            positions.get_or_init(|| index(&text));
        }
    }

    /// The source line of `location`, cleaned and cut to a window around the column.
    pub fn snippet(&self, location: Location) -> Option<Snippet> {
        let start = *self.line_starts.get(location.line.checked_sub(1)?)?;
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let chars: Vec<char> = self.text[start..end]
            .trim_end_matches('\r')
            .chars()
            .collect();
        let column = location.column.saturating_sub(1).min(chars.len());
        let from = column
            .saturating_sub(SNIPPET_WIDTH / 2)
            .min(chars.len().saturating_sub(SNIPPET_WIDTH));
        let to = (from + SNIPPET_WIDTH).min(chars.len());
        let mut text = String::new();
        if from > 0 {
            text.push('…');
        }
        text.extend(
            chars[from..to]
                .iter()
                .map(|&c| if c.is_control() || is_bidi(c) { ' ' } else { c }),
        );
        if to < chars.len() {
            text.push('…');
        }
        Some(Snippet {
            text: text.trim_end().to_owned(),
            caret: column - from + usize::from(from > 0),
        })
    }

    /// Takes the moves of a conversion: from now on pointers are pointers into the converted
    /// document, mapped back to the text by [`SourceMap::original`].
    pub fn set_origins(&mut self, origins: Origins) {
        self.origins = origins;
    }

    /// The pointer, in the text, of the node at `pointer` in the document the generator
    /// reads (the same pointer unless the document was converted).
    pub fn original<'p>(&self, pointer: &'p str) -> Cow<'p, str> {
        self.origins.original(pointer)
    }

    /// `message` with the pointers it quotes named as in the text.
    pub fn original_message<'m>(&self, message: &'m str) -> Cow<'m, str> {
        self.origins.original_message(message)
    }

    /// The position of the node at `pointer` (a pointer into the text, see
    /// [`SourceMap::original`]), or of its nearest located ancestor.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let positions = self.positions.get_or_init(|| index(&self.text));
        let mut current = pointer;
        loop {
            if let Some(location) = positions.get(current) {
                return Some(*location);
            }
            let (parent, _) = current.rsplit_once('/')?;
            current = parent;
        }
    }
}

/// Every node's position, or none at all when yaml-rust2 rejects the text. JSON is read by
/// its own scanner, which gives the same positions at a fraction of the cost.
fn index(text: &str) -> HashMap<String, Location> {
    if is_json_like(text) {
        if let Some(positions) = json_index(text) {
            return positions;
        }
    }
    yaml_index(text)
}

/// Every node's position as [`crate::json_positions`] scans the text, or `None` when it is
/// not strict JSON. The first of duplicate keys keeps its place, as in [`yaml_index`].
fn json_index(text: &str) -> Option<HashMap<String, Location>> {
    let mut positions = HashMap::new();
    crate::json_positions::visit(text, |pointer, (line, column)| {
        positions
            .entry(pointer.to_owned())
            .or_insert(Location { line, column });
    })?;
    Some(positions)
}

/// Whether `text` looks like JSON (it may still be YAML's flow style: the scanner decides).
fn is_json_like(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
}

/// Every node's position as yaml-rust2 reads the text, or none at all when it rejects it.
fn yaml_index(text: &str) -> HashMap<String, Location> {
    let mut positions = HashMap::new();
    if fill(&mut positions, text).is_none() {
        positions.clear();
    }
    positions
}

fn fill(positions: &mut HashMap<String, Location>, text: &str) -> Option<()> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    for _ in 0..MAX_EVENTS {
        let (event, marker) = parser.next_token().ok()?;
        let here = Location {
            line: marker.line(),
            column: marker.col() + 1,
        };
        match event {
            Event::StreamEnd => return Some(()),
            Event::Scalar(value, ..) => {
                if let Some(Frame::Mapping {
                    key: key @ None, ..
                }) = stack.last_mut()
                {
                    *key = Some((value, here));
                } else {
                    value_at(positions, &mut stack, here);
                }
            }
            Event::Alias(_) => {
                value_at(positions, &mut stack, here);
            }
            Event::MappingStart(..) => {
                let pointer = value_at(positions, &mut stack, here);
                stack.push(Frame::Mapping { pointer, key: None });
            }
            Event::SequenceStart(..) => {
                let pointer = value_at(positions, &mut stack, here);
                stack.push(Frame::Sequence { pointer, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {}
        }
    }
    None
}

/// Records a value node at `here` under the current container; returns its pointer.
fn value_at(
    positions: &mut HashMap<String, Location>,
    stack: &mut [Frame],
    here: Location,
) -> Pointer {
    let (pointer, location) = match stack.last_mut() {
        None => (Pointer::root(), here),
        Some(Frame::Mapping { pointer, key }) => match key.take() {
            Some((key, key_location)) => (pointer.push(key), key_location),
            // A non-scalar key: not something OpenAPI uses; give it a placeholder token.
            None => (pointer.push("?"), here),
        },
        Some(Frame::Sequence { pointer, index }) => {
            *index += 1;
            (pointer.push(*index - 1), here)
        }
    };
    positions
        .entry(pointer.as_str().to_owned())
        .or_insert(location);
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(map: &SourceMap, pointer: &str) -> (usize, usize) {
        let l = map
            .locate(pointer)
            .unwrap_or_else(|| panic!("no location for {pointer}"));
        (l.line, l.column)
    }

    #[test]
    fn yaml_block_style() {
        let map =
            SourceMap::build("openapi: 3.0.3\npaths:\n  /a/{b}:\n    get:\n      tags: [x, y]\n");
        assert_eq!(at(&map, "/openapi"), (1, 1));
        assert_eq!(at(&map, "/paths/~1a~1{b}"), (3, 3));
        assert_eq!(at(&map, "/paths/~1a~1{b}/get"), (4, 5));
        assert_eq!(at(&map, "/paths/~1a~1{b}/get/tags/1"), (5, 17));
        // Unknown children fall back to the nearest ancestor.
        assert_eq!(at(&map, "/paths/~1a~1{b}/get/responses"), (4, 5));
    }

    #[test]
    fn json() {
        let map =
            SourceMap::build("{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\"}\n}");
        assert_eq!(at(&map, "/info/title"), (3, 12)); // the key's opening quote
    }

    /// The JSON scanner and the YAML parser agree on every node of every JSON document of
    /// the corpus, and on texts that exercise escapes, line breaks and wide characters.
    #[test]
    fn json_scanner_matches_the_yaml_parser() {
        let corpus =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/public");
        let mut texts: Vec<(String, String)> = std::fs::read_dir(&corpus)
            .expect("the corpus is readable")
            .map(|entry| entry.expect("a corpus entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .map(|path| {
                let text = std::fs::read_to_string(&path).expect("a corpus document");
                (path.display().to_string(), text)
            })
            .collect();
        assert!(texts.len() >= 5, "the corpus has its JSON documents");
        for (name, text) in [
            (
                "escapes",
                "{\"a/b~c\\n\": {\"\\u00e9\\t\": [1, -2.5e+3, true, null]}}",
            ),
            (
                "crlf",
                "{\r\n  \"a\": [\r\n    {},\r\n    []\r\n  ],\r  \"b\": \"x\"\r\n}",
            ),
            ("wide", "{\"é\": \"ü\", \"x\": [\"😀\", {\"y\": 0}]}"),
            ("array", "  [\n\t{\"a\": 1},\n\t[[], [0.5]]\n]\n"),
            ("duplicate", "{\"a\": 1, \"a\": {\"b\": 2}}"),
        ] {
            texts.push((name.to_owned(), text.to_owned()));
        }
        for (name, text) in &texts {
            let scanned = json_index(text)
                .unwrap_or_else(|| panic!("{name}: the scanner rejects valid JSON"));
            let parsed = yaml_index(text);
            assert!(!parsed.is_empty(), "{name}: the YAML parser reads it");
            assert_eq!(scanned.len(), parsed.len(), "{name}: node count");
            for (pointer, location) in &parsed {
                assert_eq!(scanned.get(pointer), Some(location), "{name}: {pointer}");
            }
        }
    }

    #[test]
    fn json_scanner_refuses_what_is_not_strict_json() {
        for text in [
            "{\"a\": 1,}",
            "{\"a\": 01}",
            "{\"a\": [1 2]}",
            "{a: 1}",
            "{\"a\": 'b'}",
            "{\"a\": 1} x",
            "{\"a\": \"\\x\"}",
            "{\"a\": tru}",
            "{\"a\": \"\\ud800\"}",
            "{\"a\": 1",
        ] {
            assert!(json_index(text).is_none(), "{text}");
        }
        // YAML has no UTF-16 surrogate escapes; JSON has, and the scanner reads them.
        let map = SourceMap::build("{\"x\": {\"\\ud83d\\ude00\": 1}}");
        assert_eq!(at(&map, "/x/😀"), (1, 8));
        let map = SourceMap::build("{\"a\": [1,]}");
        assert_eq!(
            at(&map, "/a"),
            (1, 2),
            "not JSON: the YAML parser places it"
        );
    }

    #[test]
    fn broken_input_gives_no_positions() {
        let map = SourceMap::build("a: [1, 2\n");
        assert!(map.locate("/a").is_none());
    }
}
