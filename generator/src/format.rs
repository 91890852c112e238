//! Tokens → formatted source: `syn::File` → prettyplease, under a `@generated` header.

use proc_macro2::TokenStream;

/// Formats `tokens` as a source file preceded by `header` comment lines.
///
/// Fails only if the tokens do not parse as a file, which is a generator bug; the caller
/// reports it instead of writing broken code.
pub fn file(tokens: TokenStream, header: &[String]) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    let mut out = String::new();
    for line in header {
        out.push_str("//");
        let line = crate::doc_text::clean(line);
        if !line.is_empty() {
            out.push(' ');
            out.push_str(&line);
        }
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&prettyplease::unparse(&file));
    Ok(out)
}
