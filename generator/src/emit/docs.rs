//! Doc comments from untrusted document text.
//!
//! Text goes into `#[doc = "…"]` string literals ([`line`]), never into source text, so it
//! cannot end a comment or open an item. Each line becomes its own attribute with a leading
//! space, which prettyplease prints as `/// line`. The text itself is made safe by
//! [`crate::doc_text`].

use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub(crate) use crate::doc_text::code;
use crate::doc_text::rustdoc_safe;

/// `#[doc]` attributes for `text`, one per line, made safe by [`rustdoc_safe`].
pub(crate) fn lines(text: &str) -> TokenStream {
    let attrs = spaced_lines(text).map(|text| {
        let line = line(&text);
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// The lines of `text` made safe by [`rustdoc_safe`], each as a doc attribute holds it: after
/// one space (which prettyplease prints as `/// line`), blank lines empty.
pub(crate) fn spaced_lines(text: &str) -> impl Iterator<Item = String> {
    rustdoc_safe(text).into_iter().map(|text| {
        if text.is_empty() {
            text
        } else {
            format!(" {text}")
        }
    })
}

/// The string literal of one doc line, for `#[doc = …]`.
///
/// Spelled raw (`r"…"`, with as many `#` as the text needs) where it can be: a doc string
/// is escaped when the literal is made and unescaped again by the formatter (to print it as
/// `///`), a tenth of the formatting time of a well-documented module, and a raw literal
/// needs neither. Text with a control character or a bidirectional override (which the
/// compiler refuses raw in a literal) is escaped as usual ([`crate::doc_text::is_safe`]).
pub(crate) fn line(text: impl AsRef<str>) -> Literal {
    let text = text.as_ref();
    if !crate::doc_text::is_safe(text) {
        return Literal::string(text);
    }
    // One `#` more than the longest run of them after a quote in the text.
    let hashes = text
        .match_indices('"')
        .map(|(at, _)| text[at + 1..].len() - text[at + 1..].trim_start_matches('#').len())
        .max()
        .map_or(0, |run| run + 1);
    let mut spelled = String::with_capacity(text.len() + 2 * hashes + 3);
    spelled.push('r');
    spelled.extend(std::iter::repeat_n('#', hashes));
    spelled.push('"');
    spelled.push_str(text);
    spelled.push('"');
    spelled.extend(std::iter::repeat_n('#', hashes));
    spelled.parse().unwrap_or_else(|_| Literal::string(text))
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
    fn a_doc_line_reads_back_as_its_text() {
        for text in [
            "",
            " plain",
            " a \"quoted\" word",
            " \"# and \"## inside",
            " ends in a quote\"",
            " ends in \"#",
            " tab\there",
            " bidi \u{202E} and nul \u{0}",
            " back\\slash and {braces}",
        ] {
            let literal = line(text);
            let read: syn::LitStr = syn::parse2(quote!(#literal)).expect("one string literal");
            assert_eq!(read.value(), text, "{literal}");
        }
        assert!(line(" \"# x").to_string().starts_with("r##\""));
        assert!(line(" bidi \u{202E}").to_string().starts_with('"'));
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
