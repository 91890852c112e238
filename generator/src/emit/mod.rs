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
pub(crate) mod index;
mod operations;
mod requests;
mod responses;
mod servers;
mod shapes;
mod types;

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
        }
    }

    /// How the type at `index` of the type space is laid out.
    pub(crate) fn layout(&self, index: usize) -> &'a Layout {
        &self.analysis.layouts[index]
    }

    /// What the operation at `index` returns.
    pub(crate) fn outcome(&self, index: usize) -> &'a Outcome {
        &self.analysis.outcomes[index]
    }

    /// The operations with their index (for [`Emit::outcome`]).
    pub(crate) fn operations(&self) -> impl Iterator<Item = (usize, &'a Operation)> {
        self.model.operations.iter().enumerate()
    }

    /// `#[allow(deprecated, reason = …)]` when the document deprecates something.
    pub(crate) fn allow_deprecated(&self, reason: &str) -> Option<TokenStream> {
        self.uses_deprecated
            .then(|| quote!(#[allow(deprecated, reason = #reason)]))
    }
}

/// Tokens for the whole generated module.
pub fn api(api: &Api, runtime: &syn::Path) -> TokenStream {
    let emit = Emit::new(api, runtime);
    let types = types::module(&emit);
    let servers = api.model.server.as_ref().map(servers::items);
    let regions = api
        .model
        .regions
        .as_ref()
        .map(|r| servers::regions(r, runtime));
    let client = client::item(&emit);
    let requests = requests::items(&emit);
    let responses = responses::items(&emit);
    let aliases = operations::error_aliases(&emit);
    quote! {
        #types
        #servers
        #regions
        #client
        #requests
        #responses
        #aliases
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
