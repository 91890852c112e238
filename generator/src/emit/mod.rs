//! Emission: [`crate::ir::Api`] → tokens. The only code (with `format`) that uses `quote`.
//! Generated code names prelude types unqualified and everything else by absolute path
//! (`::std::…`, the runtime crate), so it compiles wherever it is included.
//!
//! One module per kind of item: [`types`] (the `types` module: structs, aliases) with
//! [`shapes`] (enums and unions), [`servers`] (URL helpers), [`client`] (the `Client`, its
//! builder and credential setters), [`operations`] (one method and error alias per
//! operation), [`requests`] (the request value each method returns: setters, `send`,
//! `IntoFuture`, paging), [`responses`] (what a response becomes); [`index`] writes the files around
//! generated modules (the `OUT_DIR` index, a standalone crate's root).

mod client;
pub(crate) mod docs;
pub(crate) mod features;
pub(crate) mod index;
mod operations;
mod requests;
mod responses;
mod servers;
mod shapes;
mod types;

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{
    Analysis, Api, FloatKind, IntegerKind, Layout, Model, Operation, Outcome, TypeRef,
};

/// Where a type expression is written: inside `mod types` or next to the client.
#[derive(Clone, Copy)]
pub(crate) enum Scope {
    Types,
    Root,
}

/// Emission context: the API and what every item needs from it, computed once.
pub(crate) struct Emit<'a> {
    /// The path of the runtime crate.
    pub(crate) runtime: &'a syn::Path,
    /// `<runtime>::serde`, as serde's `crate = "…"` attribute spells it.
    pub(crate) serde_crate: String,
    pub(crate) model: &'a Model,
    analysis: &'a Analysis,
    /// Whether any type or field is deprecated: generated code then uses deprecated items
    /// and allows the lint, with a reason, where it does.
    pub(crate) uses_deprecated: bool,
    /// The types and operations the items being emitted cover (all, unless a [`Piece`] is).
    window: Window,
}

/// Index ranges into the type space and the operations.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Window {
    types: Range<usize>,
    operations: Range<usize>,
}

impl<'a> Emit<'a> {
    fn new(api: &'a Api, runtime: &'a syn::Path) -> Self {
        let model = &api.model;
        Self {
            runtime,
            serde_crate: format!("{}::serde", path_text(runtime)),
            model,
            analysis: &api.analysis,
            uses_deprecated: model.types.iter().any(|t| {
                t.deprecated
                    || matches!(&t.kind, crate::ir::TypeKind::Struct(fields) if fields.iter().any(|f| f.deprecated))
            }),
            window: Window {
                types: 0..model.types.len(),
                operations: 0..model.operations.len(),
            },
        }
    }

    /// The types of the window with their index (for [`Emit::layout`]).
    pub(crate) fn types(&self) -> impl Iterator<Item = (usize, &'a crate::ir::TypeDef)> {
        let window = self.window.types.clone();
        self.model
            .types
            .iter()
            .enumerate()
            .skip(window.start)
            .take(window.len())
    }

    /// How the type at `index` of the type space is laid out.
    pub(crate) fn layout(&self, index: usize) -> &'a Layout {
        &self.analysis.layouts[index]
    }

    /// What the operation at `index` returns.
    pub(crate) fn outcome(&self, index: usize) -> &'a Outcome {
        &self.analysis.outcomes[index]
    }

    /// The operations of the window with their index (for [`Emit::outcome`]).
    pub(crate) fn operations(&self) -> impl Iterator<Item = (usize, &'a Operation)> {
        let window = self.window.operations.clone();
        self.model
            .operations
            .iter()
            .enumerate()
            .skip(window.start)
            .take(window.len())
    }

    /// The per-tag features, when the module has them.
    pub(crate) fn features(&self) -> Option<&'a crate::ir::Features> {
        self.analysis.features.as_ref()
    }

    /// `#[allow(deprecated, reason = …)]` when the document deprecates something.
    pub(crate) fn allow_deprecated(&self, reason: &str) -> Option<TokenStream> {
        self.uses_deprecated
            .then(|| quote!(#[allow(deprecated, reason = #reason)]))
    }
}

/// Tokens for the whole generated module: its pieces, each whole.
pub fn api(api: &Api, runtime: &syn::Path) -> TokenStream {
    pieces(api, 1)
        .iter()
        .map(|p| piece(api, runtime, p))
        .collect()
}

/// A run of items of the module that formats on its own, so pieces can be emitted and
/// formatted on several threads and joined: the text of the pieces in order is the text of
/// the whole module ([`crate::format::pieces`] joins them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Items of `mod types` for these types, each piece wrapped in `pub mod types { … }`
    /// (the first with the module's docs and `use`, the last with the multipart impls).
    Types {
        /// The types.
        range: Range<usize>,
        /// Whether it starts the module.
        first: bool,
        /// Whether it ends the module.
        last: bool,
    },
    /// Server URL helpers, regions and the client.
    Client,
    /// Request values of these operations.
    Requests(Range<usize>),
    /// Response and error-body enums of these operations.
    Responses(Range<usize>),
    /// Error aliases of these operations.
    Aliases(Range<usize>),
}

/// The module cut into about `count` pieces of types and as many of each kind of operation
/// item, in file order.
pub(crate) fn pieces(api: &Api, count: usize) -> Vec<Piece> {
    let ranges = |len: usize| -> Vec<Range<usize>> {
        let size = len.div_ceil(count.max(1)).max(1);
        (0..len.div_ceil(size))
            .map(|i| i * size..((i + 1) * size).min(len))
            .collect()
    };
    let types = ranges(api.model.types.len());
    let count = types.len();
    let mut out: Vec<Piece> = types
        .into_iter()
        .enumerate()
        .map(|(i, range)| Piece::Types {
            range,
            first: i == 0,
            last: i + 1 == count,
        })
        .collect();
    out.push(Piece::Client);
    let ops = ranges(api.model.operations.len());
    out.extend(ops.iter().cloned().map(Piece::Requests));
    out.extend(ops.iter().cloned().map(Piece::Responses));
    out.extend(ops.into_iter().map(Piece::Aliases));
    out
}

/// Tokens for one piece: a file of its own.
pub(crate) fn piece(api: &Api, runtime: &syn::Path, piece: &Piece) -> TokenStream {
    let mut emit = Emit::new(api, runtime);
    match piece {
        Piece::Types { range, first, last } => {
            emit.window.types = range.clone();
            types::module_piece(&emit, *first, *last)
        }
        Piece::Client => {
            let servers = api.model.server.as_ref().map(servers::items);
            let regions = api
                .model
                .regions
                .as_ref()
                .map(|r| servers::regions(r, runtime));
            let client = client::item(&emit);
            quote!(#servers #regions #client)
        }
        Piece::Requests(range) => {
            emit.window.operations = range.clone();
            requests::items(&emit)
        }
        Piece::Responses(range) => {
            emit.window.operations = range.clone();
            responses::items(&emit)
        }
        Piece::Aliases(range) => {
            emit.window.operations = range.clone();
            operations::error_aliases(&emit)
        }
    }
}

/// The Rust type for `ty` as written next to the client (see [`crate::type_expr`]).
pub(crate) fn type_expr(ty: &TypeRef, runtime: &syn::Path) -> TokenStream {
    type_tokens(ty, Scope::Root, runtime)
}

/// `Box<ty>` for a recursive position, `ty` otherwise.
fn boxed_if(boxed: bool, ty: TokenStream) -> TokenStream {
    if boxed { quote!(Box<#ty>) } else { ty }
}

/// A path as text (`::apigen_runtime`), for attributes that take a string.
fn path_text(path: &syn::Path) -> String {
    let mut text = String::new();
    if path.leading_colon.is_some() {
        text.push_str("::");
    }
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    text.push_str(&segments.join("::"));
    text
}

/// The Rust type for `ty`.
fn type_tokens(ty: &TypeRef, scope: Scope, rt: &syn::Path) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Secret => quote!(#rt::Secret),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer(IntegerKind::I32) => quote!(i32),
        TypeRef::Integer(IntegerKind::I64) => quote!(i64),
        TypeRef::Integer(IntegerKind::U32) => quote!(u32),
        TypeRef::Integer(IntegerKind::U64) => quote!(u64),
        TypeRef::Float(FloatKind::F32) => quote!(f32),
        TypeRef::Float(FloatKind::F64) => quote!(f64),
        TypeRef::Named(name) => {
            let ident = quote::format_ident!("{}", name);
            match scope {
                Scope::Types => quote!(#ident),
                Scope::Root => quote!(types::#ident),
            }
        }
        TypeRef::Array(inner) => {
            let inner = type_tokens(inner, scope, rt);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, scope, rt);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Json => quote!(#rt::serde_json::Value),
        TypeRef::Body => quote!(#rt::Body),
        TypeRef::ByteStream => quote!(#rt::ByteStream),
        TypeRef::File => quote!(#rt::File),
    }
}

impl Emit<'_> {
    /// The Rust type for `ty`.
    pub(crate) fn ty(&self, ty: &TypeRef, scope: Scope) -> TokenStream {
        type_tokens(ty, scope, self.runtime)
    }
}
