//! Doc comments from untrusted document text.
//!
//! Text goes into `#[doc = "…"]` string literals built by `quote`, never into source text, so
//! it cannot end a comment or open an item. Each line becomes its own attribute with a leading
//! space, which prettyplease prints as `/// line`. Control characters (other than tab) and
//! Unicode bidirectional controls are replaced, so a description cannot reorder or hide text
//! in an editor.

use proc_macro2::TokenStream;
use quote::quote;

/// Replaces characters that must not reach a generated source line.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => c,
            c if c.is_control() => ' ',
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => ' ',
            c => c,
        })
        .collect()
}

/// `#[doc]` attributes for `text`, one per line; trailing blank lines dropped.
///
/// Markdown code in descriptions would become doc tests that `cargo test` compiles: fenced
/// blocks are relabelled `text`, and indentation outside fences is capped below the four
/// spaces that make an indented code block.
pub fn lines(text: &str) -> TokenStream {
    let attrs = rustdoc_safe(text).into_iter().map(|line| {
        let line = if line.is_empty() {
            line
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// The fence (a run of three or more backticks or tildes) a line starts with.
fn fence(line: &str) -> Option<&str> {
    let marker = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = line.len() - line.trim_start_matches(marker).len();
    (run >= 3).then(|| &line[..run])
}

/// Whether a line starts a Markdown list item (`- `, `* `, `+ `, `1. `, `1) `).
fn is_list_item(body: &str) -> bool {
    let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &body[digits..];
    if digits > 0 {
        rest.starts_with(". ") || rest.starts_with(") ")
    } else {
        ["- ", "* ", "+ "].iter().any(|m| body.starts_with(m))
    }
}

fn rustdoc_safe(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<String> = None;
    let mut in_item = false;
    for raw in text.trim_end().lines() {
        let line = clean(raw.trim_end()).replace('\t', "    ");
        let body = line.trim_start();
        let mut indent = line.len() - body.len();
        // Lines that continue a list item are indented under it (a lazy continuation
        // renders the same but trips clippy's `doc_lazy_continuation`).
        if body.is_empty() {
            in_item = false;
        } else if is_list_item(body) {
            in_item = true;
        } else if in_item && open.is_none() {
            indent = indent.max(2);
        }
        let line = format!("{}{body}", " ".repeat(indent));
        match (fence(body), &open) {
            (Some(marker), None) => {
                open = Some(marker.to_owned());
                out.push(format!("{}{marker}text", " ".repeat(indent.min(3))));
            }
            (Some(marker), Some(opened))
                if marker.starts_with(opened.as_str())
                    && body[marker.len()..].trim().is_empty() =>
            {
                open = None;
                out.push(format!("{}{marker}", " ".repeat(indent.min(3))));
            }
            (_, Some(_)) => out.push(line),
            (None, None) => out.push(format!("{}{body}", " ".repeat(indent.min(3)))),
        }
    }
    if let Some(marker) = open {
        out.push(marker);
    }
    out
}

/// Builds a doc comment out of paragraphs; empty paragraphs are skipped.
#[derive(Default)]
pub struct Doc {
    paragraphs: Vec<String>,
}

impl Doc {
    /// Adds a paragraph (may span several lines).
    pub fn para(&mut self, text: impl Into<String>) -> &mut Self {
        let text = text.into();
        if !text.trim().is_empty() {
            self.paragraphs.push(text);
        }
        self
    }

    /// Adds a paragraph when there is one.
    pub fn opt(&mut self, text: Option<&str>) -> &mut Self {
        if let Some(text) = text {
            self.para(text);
        }
        self
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }

    /// The attributes.
    pub fn tokens(&self) -> TokenStream {
        lines(&self.paragraphs.join("\n\n"))
    }
}

/// Wraps `text` in backticks for Markdown, choosing a fence longer than any backtick run in it.
pub fn code(text: &str) -> String {
    let (longest_run, _) = text.chars().fold((0usize, 0usize), |(max, current), c| {
        if c == '`' {
            (max.max(current + 1), current + 1)
        } else {
            (max, 0)
        }
    });
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_stays_inside_the_literal() {
        let tokens = lines("a */ b\nline\u{0}two\n\u{202E}rev\n#[doc]\n}");
        let text = tokens.to_string();
        assert!(
            !text.contains('\u{0}') && !text.contains('\u{202E}'),
            "{text}"
        );
        // Still exactly five doc attributes and nothing else.
        let file: syn::File = syn::parse2(quote::quote!(#tokens struct S;)).expect("parses");
        assert_eq!(file.items.len(), 1);
    }

    #[test]
    fn markdown_code_cannot_become_a_doc_test() {
        let safe = rustdoc_safe(
            "Example:\n```rust\nfn main() {}\n```\n\n    indented code\n~~~~\nunclosed",
        );
        assert_eq!(
            safe,
            [
                "Example:",
                "```text",
                "fn main() {}",
                "```",
                "",
                "   indented code",
                "~~~~text",
                "unclosed",
                "~~~~"
            ]
        );
    }

    #[test]
    fn list_items_continue_indented() {
        let safe = rustdoc_safe("- `id`: first\nsecond\n\nnew paragraph\n1. one\n   more");
        assert_eq!(
            safe,
            [
                "- `id`: first",
                "  second",
                "",
                "new paragraph",
                "1. one",
                "   more"
            ]
        );
    }

    #[test]
    fn code_spans() {
        assert_eq!(code("x"), "`x`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
    }
}
