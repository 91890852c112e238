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
pub fn lines(text: &str) -> TokenStream {
    let trimmed = text.trim_end();
    let attrs = trimmed.lines().map(|line| {
        let line = clean(line.trim_end());
        let line = if line.is_empty() {
            line
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
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
    fn code_spans() {
        assert_eq!(code("x"), "`x`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
    }
}
