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
