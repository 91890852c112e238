//! Emission: [`crate::ir::Api`] → tokens. The only code that uses `quote`. Generated code
//! names everything by absolute path (`::std::…`, the runtime crate), so it compiles wherever
//! it is included.

mod client;
pub mod docs;
mod responses;
mod shapes;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, FloatKind, IntegerKind, TypeRef};

/// Where a type expression is written: inside `mod types` or next to the client.
#[derive(Clone, Copy)]
pub(crate) enum Scope {
    Types,
    Root,
}

/// Emission context: the path of the runtime crate.
pub(crate) struct Emit {
    pub(crate) runtime: syn::Path,
}

/// Tokens for the whole generated module.
pub fn api(api: &Api, runtime: &syn::Path) -> TokenStream {
    let emit = Emit {
        runtime: runtime.clone(),
    };
    let types = types::module(&emit, api);
    let client = client::items(&emit, api);
    quote! {
        #types
        #client
    }
}

/// The Rust type for `ty` as written next to the client (see [`crate::type_expr`]).
pub(crate) fn type_expr(ty: &TypeRef, runtime: &syn::Path) -> TokenStream {
    Emit {
        runtime: runtime.clone(),
    }
    .ty(ty, Scope::Root)
}

/// `Box<ty>` for a recursive position, `ty` otherwise.
fn boxed_if(boxed: bool, ty: TokenStream) -> TokenStream {
    if boxed { quote!(Box<#ty>) } else { ty }
}

impl Emit {
    /// The Rust type for `ty`.
    pub(crate) fn ty(&self, ty: &TypeRef, scope: Scope) -> TokenStream {
        let rt = &self.runtime;
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
                let inner = self.ty(inner, scope);
                quote!(Vec<#inner>)
            }
            TypeRef::Map(inner) => {
                let inner = self.ty(inner, scope);
                quote!(::std::collections::BTreeMap<String, #inner>)
            }
            TypeRef::Json => quote!(#rt::serde_json::Value),
            TypeRef::Bytes => quote!(#rt::bytes::Bytes),
            TypeRef::File => quote!(#rt::File),
        }
    }
}
