//! Doc comments from untrusted document text.
//!
//! Text goes into `#[doc = "…"]` string literals built by `quote`, never into source text, so
//! it cannot end a comment or open an item. Each line becomes its own attribute with a leading
//! space, which prettyplease prints as `/// line`. The text itself is made safe by
//! [`crate::doc_text`].

use proc_macro2::TokenStream;
use quote::quote;

pub(crate) use crate::doc_text::code;
use crate::doc_text::rustdoc_safe;

/// `#[doc]` attributes for `text`, one per line, made safe by [`rustdoc_safe`].
pub(crate) fn lines(text: &str) -> TokenStream {
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

/// The first paragraph of `text` as one line, for a list item: its lines joined, up to a
/// blank line or a line that starts a block (a code fence, list, heading, table or quote),
/// which a list item could not hold. Empty when the text starts with such a block.
pub(crate) fn summary(text: &str) -> String {
    let starts_block = |line: &str| {
        line.starts_with("```")
            || line.starts_with("~~~")
            || line.starts_with(['#', '|', '>', '-', '*', '+'])
            || line
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    text.trim()
        .lines()
        .map(str::trim)
        .take_while(|line| !line.is_empty() && !starts_block(line))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Builds a doc comment out of paragraphs; empty paragraphs are skipped.
#[derive(Default)]
pub(crate) struct Doc {
    paragraphs: Vec<String>,
}

impl Doc {
    /// Adds a paragraph (may span several lines).
    pub(crate) fn para(&mut self, text: impl Into<String>) -> &mut Self {
        let text = text.into();
        if !text.trim().is_empty() {
            self.paragraphs.push(text);
        }
        self
    }

    /// Adds a paragraph when there is one.
    pub(crate) fn opt(&mut self, text: Option<&str>) -> &mut Self {
        if let Some(text) = text {
            self.para(text);
        }
        self
    }

    /// Whether nothing was added.
    pub(crate) fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }

    /// The attributes.
    pub(crate) fn tokens(&self) -> TokenStream {
        lines(&self.paragraphs.join("\n\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_the_first_paragraph_on_one_line() {
        assert_eq!(
            summary("Keeps the backups\n  whose vault is full.\n\nMore."),
            "Keeps the backups whose vault is full."
        );
        assert_eq!(summary("Sorts:\n```\ncode\n```"), "Sorts:");
        assert_eq!(summary("One of:\n- a\n- b"), "One of:");
        assert_eq!(summary("Steps\n1. first"), "Steps");
        assert_eq!(summary("- only a list"), "");
        assert_eq!(summary("  "), "");
    }

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
}
