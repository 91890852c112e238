//! Tokens → formatted source: `syn::File` → prettyplease, under a `@generated` header. About
//! 85 % of generation is this and emission, so a module is cut into pieces
//! ([`crate::emit::pieces`]) that are emitted, parsed and formatted on every core and joined
//! in order; the result is byte-identical to formatting the module as one file (the tests
//! hold every corpus document to that).

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;

use crate::emit::{self, Piece};
use crate::ir::Api;

/// Formats `tokens` as a source file preceded by `header` comment lines.
///
/// Fails only if the tokens do not parse as a file, which is a generator bug; the caller
/// reports it instead of writing broken code.
pub fn file(tokens: TokenStream, header: &[String]) -> Result<String, syn::Error> {
    Ok(formatted(&syn::parse2(tokens)?, header))
}

fn formatted(file: &syn::File, header: &[String]) -> String {
    let mut out = header_text(header);
    out.push_str(&prettyplease::unparse(file));
    out
}

fn header_text(header: &[String]) -> String {
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
    out
}

/// The module generated from `api`, formatted, on `threads` threads (1: as one file).
pub(crate) fn module(
    api: &Api,
    runtime: &syn::Path,
    header: &[String],
    threads: usize,
) -> Result<String, syn::Error> {
    if threads <= 1 {
        let mut file: syn::File = syn::parse2(emit::api(api, runtime))?;
        emit::features::gate(&mut file, api);
        return Ok(formatted(&file, header));
    }
    // Several pieces per thread, so a slow piece does not leave the other threads idle.
    let pieces = emit::pieces(api, threads * 6);
    // Tokens and paths are not `Send`: each thread reads the runtime path again.
    let runtime_text = quote::quote!(#runtime).to_string();
    let texts: Mutex<Vec<Option<Result<String, syn::Error>>>> =
        Mutex::new((0..pieces.len()).map(|_| None).collect());
    let next = AtomicUsize::new(0);
    // Takes pieces until none is left; every thread, this one included, runs it.
    let work = |runtime: &syn::Path| loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(piece) = pieces.get(i) else { break };
        let text = piece_text(api, runtime, piece);
        texts.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(text);
    };
    std::thread::scope(|scope| {
        for _ in 1..threads.min(pieces.len()) {
            scope.spawn(|| {
                // The path's own text reads back; should it not, this thread does nothing
                // and its pieces are formatted below.
                if let Ok(runtime) = syn::parse_str::<syn::Path>(&runtime_text) {
                    work(&runtime);
                }
            });
        }
        work(runtime);
    });
    let mut out = header_text(header);
    let texts = texts.into_inner().unwrap_or_else(|p| p.into_inner());
    for (text, piece) in texts.into_iter().zip(&pieces) {
        let text = text.unwrap_or_else(|| piece_text(api, runtime, piece))?;
        out.push_str(&text);
    }
    Ok(out)
}

/// One piece, formatted, with the `pub mod types { … }` wrapper of a types piece cut where
/// it joins its neighbours.
fn piece_text(api: &Api, runtime: &syn::Path, piece: &Piece) -> Result<String, syn::Error> {
    let mut file: syn::File = syn::parse2(emit::piece(api, runtime, piece))?;
    emit::features::gate(&mut file, api);
    let text = prettyplease::unparse(&file);
    let Piece::Types { first, last, .. } = piece else {
        return Ok(text);
    };
    const OPEN: &str = "pub mod types {\n";
    const CLOSE: &str = "}\n";
    let mut text = text.as_str();
    if !first {
        text = text.strip_prefix(OPEN).unwrap_or(text);
    }
    if !last {
        text = text.strip_suffix(CLOSE).unwrap_or(text);
    }
    Ok(text.to_owned())
}
