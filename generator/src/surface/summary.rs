//! A surface as a small text file, one line per entry, sorted, that reads back into the same
//! surface: checked in next to a generated module, it is the "previous state" a regeneration
//! compares with (no git needed), and a reviewer reads its diff as the API's diff.
//!
//! Each line is tab-separated: key, kind, Rust item, API, wire, docs fingerprint, pointer,
//! direction. A tab, a newline or a backslash inside a value is written `\t`, `\n`, `\\`.

use std::collections::BTreeMap;

use super::{Direction, Entry, Kind, Surface};

/// The first line of every summary.
pub const HEADER: &str = "# apigen API summary v1: key, kind, Rust item, API, wire, docs, pointer, direction (tab-separated)";

/// Why a summary could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct SummaryError {
    /// The 1-based line.
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

impl Surface {
    /// The summary text, ending in a newline. `about` (e.g. the document's file name) goes
    /// in a comment line after the header.
    pub fn to_summary(&self, about: &str) -> String {
        let mut out = format!("{HEADER}\n# {}\n", escape(about));
        for (key, e) in &self.entries {
            let fields = [
                key.as_str(),
                e.kind.as_str(),
                &e.rust_item,
                &e.api,
                &e.wire,
                &e.docs,
                &e.pointer,
                e.direction.as_str(),
            ];
            let line: Vec<String> = fields.iter().map(|f| escape(f)).collect();
            out.push_str(&line.join("\t"));
            out.push('\n');
        }
        out
    }

    /// Reads a summary back.
    ///
    /// # Errors
    /// A line that is not a summary line, naming it.
    pub fn from_summary(text: &str) -> Result<Self, SummaryError> {
        let mut entries = BTreeMap::new();
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, first)) if first == HEADER => {}
            _ => {
                return Err(SummaryError {
                    line: 1,
                    reason: String::from("not an apigen API summary (v1)"),
                });
            }
        }
        for (i, line) in lines {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let error = |reason: &str| SummaryError {
                line: i + 1,
                reason: reason.to_owned(),
            };
            let fields: Vec<String> = line.split('\t').map(unescape).collect();
            let [key, kind, rust_item, api, wire, docs, pointer, direction] =
                <[String; 8]>::try_from(fields)
                    .map_err(|_| error("expected 8 tab-separated fields"))?;
            let kind = Kind::parse(&kind).ok_or_else(|| error("unknown kind"))?;
            let direction =
                Direction::parse(&direction).ok_or_else(|| error("unknown direction"))?;
            entries.insert(
                key,
                Entry {
                    kind,
                    rust_item,
                    api,
                    wire,
                    docs,
                    pointer,
                    direction,
                },
            );
        }
        Ok(Self { entries })
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_with_tabs_newlines_and_backslashes_read_back() {
        let mut surface = Surface::default();
        surface.entries.insert(
            String::from("type A\tB field x"),
            Entry {
                kind: Kind::Field,
                rust_item: String::from("types::A::x"),
                api: String::from("Option<String>, with_ setter"),
                wire: String::from("we\tird\nname\\"),
                docs: String::new(),
                pointer: String::from("/components/schemas/A/properties/we\tird"),
                direction: Direction {
                    input: true,
                    output: false,
                },
            },
        );
        let text = surface.to_summary("about\nit");
        assert_eq!(text.lines().count(), 3, "{text}");
        assert_eq!(Surface::from_summary(&text).unwrap(), surface);
        let broken = text.replace("\tfield\t", "\tnot-a-kind\t");
        assert_eq!(
            Surface::from_summary(&broken).unwrap_err(),
            SummaryError {
                line: 3,
                reason: String::from("unknown kind"),
            }
        );
    }
}
