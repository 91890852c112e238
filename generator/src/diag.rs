//! Diagnostics: every problem found in a document, each with its JSON pointer and, where the
//! source can be mapped, its line and column. Collected across the whole document (like
//! serde_derive's `Ctxt`) and reported together, sorted, before any code is emitted.

use std::cell::RefCell;
use std::fmt;

pub use crate::pointer::Pointer;
use crate::source_map::SourceMap;
pub use crate::source_map::{Location, Snippet};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation cannot produce correct code.
    Error,
    /// Code is generated, but something in the document was ignored or looks wrong.
    Warning,
}

/// One problem in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// JSON pointer (RFC 6901) to the offending node, e.g. `/paths/~1pets/get`.
    pub pointer: String,
    /// Where the node starts in the source, when known.
    pub location: Option<Location>,
    /// What to do about it, when there is something useful to say.
    pub hint: Option<String>,
    /// The source line at the location, for showing with a caret.
    pub snippet: Option<Snippet>,
}

/// The diagnostics of one document: its display name plus every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics {
    /// The document's name as given by the caller (usually its path).
    pub file: String,
    /// Problems, sorted by position then pointer.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Diagnostics of `file` with the given items, sorted for stable output.
    pub fn new(file: impl Into<String>, mut items: Vec<Diagnostic>) -> Self {
        items.sort_by(|a, b| {
            (a.location, &a.pointer, a.severity, &a.message)
                .cmp(&(b.location, &b.pointer, b.severity, &b.message))
        });
        Self {
            file: file.into(),
            items,
        }
    }

    /// Whether any item is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// These diagnostics with every warning made an error (`deny warnings`).
    pub fn denied(mut self) -> Self {
        for item in &mut self.items {
            item.severity = Severity::Error;
        }
        self
    }

    /// Whether there are no items at all.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.items.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            let label = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            writeln!(f, "{label}: {}", d.message)?;
            let pad = match (d.location, &d.snippet) {
                (Some(l), Some(snippet)) => {
                    let number = l.line.to_string();
                    let pad = " ".repeat(number.len());
                    write!(f, "{pad}--> {}:{}:{}", self.file, l.line, l.column)?;
                    let gap = if snippet.text.is_empty() { "" } else { " " };
                    write!(f, "\n{pad} |\n{number} |{gap}{}", snippet.text)?;
                    write!(f, "\n{pad} | {}^", " ".repeat(snippet.caret))?;
                    pad
                }
                (Some(l), None) => {
                    write!(f, " --> {}:{}:{}", self.file, l.line, l.column)?;
                    String::from(" ")
                }
                (None, _) => {
                    write!(f, " --> {}", self.file)?;
                    String::from(" ")
                }
            };
            let pointer = if d.pointer.is_empty() {
                "(document root)"
            } else {
                &d.pointer
            };
            write!(f, "\n{pad} = at {pointer}")?;
            if let Some(hint) = &d.hint {
                write!(f, "\n{pad} = help: {hint}")?;
            }
        }
        let errors = self
            .items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if errors > 0 {
            write!(f, "\n\n{}: {errors} error(s)", self.file)?;
        }
        Ok(())
    }
}

/// Collects diagnostics while the document is lowered and validated; [`Ctxt::finish`] turns
/// them into the result. Positions are filled in from the source map when reported.
pub struct Ctxt<'a> {
    file: &'a str,
    source_map: &'a SourceMap,
    items: RefCell<Vec<Diagnostic>>,
}

impl<'a> Ctxt<'a> {
    /// A context for the document `file`, locating pointers with `source_map`.
    pub fn new(file: &'a str, source_map: &'a SourceMap) -> Self {
        Self {
            file,
            source_map,
            items: RefCell::new(Vec::new()),
        }
    }

    /// Reports an error at `pointer`.
    pub fn error(&self, pointer: &Pointer, message: impl Into<String>) {
        self.push(Severity::Error, pointer, message.into(), None);
    }

    /// Reports an error at `pointer` with a hint on how to fix it.
    pub fn error_hint(
        &self,
        pointer: &Pointer,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Severity::Error, pointer, message.into(), Some(hint.into()));
    }

    /// Reports a warning at `pointer`.
    pub fn warn(&self, pointer: &Pointer, message: impl Into<String>) {
        self.push(Severity::Warning, pointer, message.into(), None);
    }

    /// Reports a diagnostic made elsewhere (already located), such as the loader's.
    pub fn report(&self, diagnostic: Diagnostic) {
        self.items.borrow_mut().push(diagnostic);
    }

    /// Forgets the diagnostics about the places under `pointers` (types filters left out:
    /// nothing is generated from them, so nothing there deserves a look, nor can it break
    /// the output), errors too. A type whose lowering failed before it was made is in no
    /// such list, so its errors stay.
    pub fn drop_under(&self, pointers: &[Pointer]) {
        let prefixes: Vec<String> = pointers
            .iter()
            .map(|p| self.source_map.original(p.as_str()).into_owned())
            .collect();
        self.items.borrow_mut().retain(|d| {
            !prefixes.iter().any(|p| {
                d.pointer
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
        });
    }

    /// How many errors were reported so far.
    pub fn error_count(&self) -> usize {
        self.items
            .borrow()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Whether an error was reported so far.
    pub fn has_errors(&self) -> bool {
        self.items
            .borrow()
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    fn push(&self, severity: Severity, pointer: &Pointer, message: String, hint: Option<String>) {
        // (Hints quote the document's pointers too.)
        let hint = hint.map(|h| self.source_map.original_message(&h).into_owned());
        // A converted document's pointers name the places the user wrote.
        let pointer = self.source_map.original(pointer.as_str());
        let message = match self.source_map.original_message(&message) {
            std::borrow::Cow::Owned(mapped) => mapped,
            std::borrow::Cow::Borrowed(_) => message,
        };
        let location = self.source_map.locate(&pointer);
        self.items.borrow_mut().push(Diagnostic {
            severity,
            message,
            pointer: pointer.into_owned(),
            snippet: location.and_then(|l| self.source_map.snippet(l)),
            location,
            hint,
        });
    }

    /// All diagnostics: `Err` when any is an error, otherwise `Ok` with the warnings.
    pub fn finish(self) -> Result<Diagnostics, Diagnostics> {
        let diagnostics = Diagnostics::new(self.file, self.items.into_inner());
        if diagnostics.has_errors() {
            Err(diagnostics)
        } else {
            Ok(diagnostics)
        }
    }
}
