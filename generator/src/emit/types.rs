//! Named types → `pub mod types { … }`: structs with serde derives, constructors, setters and
//! default accessors; aliases.

use proc_macro2::{Literal as Lit, TokenStream};
use quote::{format_ident, quote};

use super::docs::{Doc, code, line};
use super::{Emit, Scope};
use crate::ir::{Encoding, Field, FloatKind, Layout, Literal, TypeDef, TypeKind, TypeRef};

/// More required fields than this and `new` would trip `clippy::too_many_arguments`.
const MAX_NEW_ARGS: usize = 7;

/// `pub mod types` holding the window's types: `first` adds the module's docs and imports,
/// `last` the multipart impls (a piece that is neither is joined into the module's text by
/// its items alone).
pub(super) fn module_piece(emit: &Emit, first: bool, last: bool) -> TokenStream {
    let types = &emit.model.types;
    if types.is_empty() {
        return TokenStream::new();
    }
    let items = emit
        .types()
        .map(|(i, def)| type_def(emit, def, emit.layout(i)));
    let multipart = last.then(|| multipart_impls(emit));
    if !first {
        return quote!(pub mod types { #(#items)* #multipart });
    }
    let allow = emit.allow_deprecated(
        "generated code uses what the document deprecates; callers are still warned",
    );
    // Derives name `serde` through this import and std's derives by their prelude names, so
    // each derive list stays one line; generated type names are UpperCamelCase and cannot
    // shadow either.
    let rt = emit.runtime;
    let serde = types
        .iter()
        .any(derives_serde)
        .then(|| quote!(use #rt::serde;));
    quote! {
        /// Types of the document's schemas: request and response bodies and their parts.
        #allow
        pub mod types {
            #serde
            #(#items)*
            #multipart
        }
    }
}

/// Whether the type's item derives serde (structs, closed enums, untagged unions); open
/// enums, discriminated unions and aliases do not.
fn derives_serde(def: &TypeDef) -> bool {
    match &def.kind {
        TypeKind::Struct(_) => true,
        TypeKind::Union(union) => union.discriminator.is_none(),
        TypeKind::Enum(e) => !e.open,
        TypeKind::Alias(_) => false,
    }
}

/// `MultipartBody` for every struct an operation sends as `multipart/form-data`: file
/// fields become file parts, other fields go through the runtime's value layout.
fn multipart_impls(emit: &Emit) -> TokenStream {
    let mut done: Vec<&str> = Vec::new();
    let mut out = TokenStream::new();
    for body in emit
        .model
        .operations
        .iter()
        .filter_map(|op| op.body.as_ref())
    {
        let (Encoding::Multipart, TypeRef::Named(name)) = (body.encoding, &body.ty) else {
            continue;
        };
        if done.contains(&name.as_str()) {
            continue;
        }
        done.push(name);
        let Some(TypeKind::Struct(fields)) = emit.model.types.get(name).map(|t| &t.kind) else {
            continue; // lowering only lets structs through
        };
        out.extend(multipart_impl(emit, &format_ident!("{}", name), fields));
    }
    out
}

fn multipart_impl(emit: &Emit, ident: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let rt = emit.runtime;
    let steps = fields.iter().map(|f| {
        let (name, wire) = (format_ident!("{}", f.ident), &f.wire_name);
        let optional = !f.required || f.nullable;
        let file_items = matches!(&f.ty, TypeRef::Array(item) if **item == TypeRef::File);
        if f.flatten {
            quote!(form.fields(&self.#name)?;)
        } else if f.ty == TypeRef::File && optional {
            quote!(if let Some(file) = &self.#name { form.file(#wire, file); })
        } else if f.ty == TypeRef::File {
            quote!(form.file(#wire, &self.#name);)
        } else if file_items && optional {
            quote!(for file in self.#name.iter().flatten() { form.file(#wire, file); })
        } else if file_items {
            quote!(for file in &self.#name { form.file(#wire, file); })
        } else {
            quote!(form.value(#wire, &self.#name)?;)
        }
    });
    quote! {
        impl #rt::MultipartBody for #ident {
            fn write_parts(
                &self,
                form: &mut #rt::Multipart,
            ) -> Result<(), #rt::serde_json::Error> {
                #(#steps)*
                Ok(())
            }
        }
    }
}

fn type_def(emit: &Emit, def: &TypeDef, layout: &Layout) -> TokenStream {
    let ident = format_ident!("{}", def.ident);
    let mut doc = Doc::default();
    doc.opt(def.description.as_deref());
    if doc.is_empty() {
        doc.para(code(&def.ident));
    }
    let doc = doc.tokens();
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    match &def.kind {
        TypeKind::Alias(ty) => {
            let ty = emit.ty(ty, Scope::Types);
            quote! {
                #doc
                #deprecated
                pub type #ident = #ty;
            }
        }
        TypeKind::Struct(fields) => structure(emit, &ident, doc, deprecated, fields, layout),
        TypeKind::Enum(e) => super::shapes::enumeration(emit, &ident, doc, deprecated, e),
        TypeKind::Union(union) => {
            let item = super::shapes::union(emit, &ident, doc, deprecated, union, layout);
            let display = layout
                .printable
                .then(|| super::shapes::union_display(&ident, &union.variants));
            quote!(#item #display)
        }
    }
}

fn structure(
    emit: &Emit,
    ident: &proc_macro2::Ident,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    fields: &[Field],
    layout: &Layout,
) -> TokenStream {
    let serde_crate = &emit.serde_crate;
    let all_optional = fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(Default,));
    let fields: Vec<Member<'_>> = fields
        .iter()
        .enumerate()
        .map(|(i, field)| Member {
            field,
            boxed: layout.is_boxed(i),
        })
        .collect();
    let field_defs = fields.iter().map(|f| field_def(emit, f));
    let methods = methods(emit, ident, &fields);
    quote! {
        #doc
        #deprecated
        #[derive(Clone, Debug, PartialEq, #default serde::Serialize, serde::Deserialize)]
        #[serde(crate = #serde_crate)]
        #[non_exhaustive]
        pub struct #ident {
            #(#field_defs)*
        }

        #methods
    }
}

/// A struct field with how it is stored.
struct Member<'a> {
    field: &'a Field,
    /// Stored as `Box<T>` (it leads back to the struct).
    boxed: bool,
}

impl std::ops::Deref for Member<'_> {
    type Target = Field;

    fn deref(&self) -> &Field {
        self.field
    }
}

/// The field's type as stored: optional and nullable fields are `Option`s.
fn stored_ty(emit: &Emit, f: &Member<'_>) -> TokenStream {
    let ty = emit.ty(&f.ty, Scope::Types);
    let ty = super::boxed_if(f.boxed, ty);
    if f.required && !f.nullable {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

fn field_def(emit: &Emit, f: &Member<'_>) -> TokenStream {
    let ident = format_ident!("{}", f.ident);
    if f.flatten {
        let mut doc = Doc::default();
        doc.opt(f.description.as_deref());
        let doc = doc.tokens();
        // Never an `Option`: an absent map is empty, a flattened union is always there.
        let ty = emit.ty(&f.ty, Scope::Types);
        let ty = super::boxed_if(f.boxed, ty);
        return quote! {
            #doc
            #[serde(flatten)]
            pub #ident: #ty,
        };
    }
    let mut doc = Doc::default();
    doc.opt(f.description.as_deref());
    if doc.is_empty() {
        doc.para(code(&f.wire_name));
    }
    let mut notes: Vec<String> = f.constraints.clone();
    if let Some(default) = &f.default {
        notes.push(format!("Default: {}.", code(&literal_text(default))));
    }
    if f.ident != f.wire_name {
        notes.push(format!("Wire name: {}.", code(&f.wire_name)));
    }
    match notes.as_slice() {
        [] => {}
        [one] => {
            doc.para(one.clone());
        }
        many => {
            let bullets: Vec<String> = many.iter().map(|n| format!("- {n}")).collect();
            doc.para(bullets.join("\n"));
        }
    }
    let doc = doc.tokens();
    let rename = (f.ident != f.wire_name).then(|| {
        let wire = &f.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    let optional =
        (!f.required).then(|| quote!(#[serde(default, skip_serializing_if = "Option::is_none")]));
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    let ty = stored_ty(emit, f);
    quote! {
        #doc
        #deprecated
        #rename
        #optional
        pub #ident: #ty,
    }
}

pub(super) fn literal_text(literal: &Literal) -> String {
    match literal {
        Literal::Bool(b) => b.to_string(),
        Literal::Integer(i) => i.to_string(),
        Literal::Float(f) => f.to_string(),
        Literal::String(s) => format!("{s:?}"),
        Literal::Json(j) => j.clone(),
    }
}

fn methods(emit: &Emit, ident: &proc_macro2::Ident, fields: &[Member<'_>]) -> TokenStream {
    let required: Vec<&Member<'_>> = fields.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|f| {
        let name = format_ident!("{}", f.ident);
        let ty = if f.nullable {
            stored_ty(emit, f)
        } else {
            into_arg(emit, &f.ty)
        };
        quote!(#name: #ty)
    });
    let inits = fields.iter().map(|f| {
        let name = format_ident!("{}", f.ident);
        if f.flatten && !f.required {
            quote!(#name: ::std::default::Default::default())
        } else if f.flatten && f.boxed {
            quote!(#name: Box::new(#name))
        } else if f.flatten {
            quote!(#name)
        } else if !f.required {
            quote!(#name: None)
        } else if f.nullable {
            quote!(#name)
        } else if converts(&f.ty) {
            quote!(#name: #name.into())
        } else if f.boxed {
            quote!(#name: Box::new(#name))
        } else {
            quote!(#name)
        }
    });
    let allow = (required.len() > MAX_NEW_ARGS).then(|| {
        quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required property")])
    });
    let new_doc = line(if required.is_empty() {
        format!(" Creates a `{ident}` with every field unset.")
    } else {
        format!(" Creates a `{ident}` from its required fields; optional fields start unset.")
    });
    let setters = fields.iter().filter_map(|f| setter(emit, f));
    let defaults = fields.iter().filter_map(|f| default_accessor(emit, f));
    quote! {
        impl #ident {
            #[doc = #new_doc]
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }

            #(#setters)*
            #(#defaults)*
        }
    }
}

/// The setter of an optional field.
fn setter(emit: &Emit, f: &Member<'_>) -> Option<TokenStream> {
    let name = format_ident!("{}", f.ident);
    let method = format_ident!("{}", f.setter.as_ref()?);
    let doc = line(format!(" Sets `{}`.", f.ident));
    let arg = into_arg(emit, &f.ty);
    if f.flatten {
        let ty = emit.ty(&f.ty, Scope::Types);
        return Some(quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #method(mut self, value: #ty) -> Self {
                self.#name = value;
                self
            }
        });
    }
    let value = match (converts(&f.ty), f.boxed) {
        (true, _) => quote!(value.into()),
        (false, true) => quote!(Box::new(value)),
        (false, false) => quote!(value),
    };
    Some(quote! {
        #[doc = #doc]
        #[must_use]
        pub fn #method(mut self, value: #arg) -> Self {
            self.#name = Some(#value);
            self
        }
    })
}

/// Whether arguments of this type are taken as `impl Into<T>` (strings and secrets, so
/// `&str` literals work).
fn converts(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::Secret)
}

/// The argument type for a value of `ty` in constructors and setters.
fn into_arg(emit: &Emit, ty: &TypeRef) -> TokenStream {
    let ty_tokens = emit.ty(ty, Scope::Types);
    if converts(ty) {
        quote!(impl Into<#ty_tokens>)
    } else {
        ty_tokens
    }
}

/// `<field>_or_default()` for optional scalar fields with a documented default: the value the
/// server assumes when the field is not sent. The field itself stays unset (and unsent), as
/// Huawei's official SDK does.
fn default_accessor(emit: &Emit, f: &Field) -> Option<TokenStream> {
    let name = format_ident!("{}", f.ident);
    let method = format_ident!("{}", f.default_accessor.as_ref()?);
    let doc = line(format!(
        " `{}`, or its documented default when unset.",
        f.ident
    ));
    let (ret, body) = match (&f.ty, f.default.as_ref()?) {
        (TypeRef::Bool, Literal::Bool(b)) => (quote!(bool), quote!(self.#name.unwrap_or(#b))),
        (TypeRef::Integer(kind), Literal::Integer(i)) => {
            let ty = emit.ty(&TypeRef::Integer(*kind), Scope::Types);
            let lit = integer_literal(*i)?;
            (ty, quote!(self.#name.unwrap_or(#lit)))
        }
        (TypeRef::Float(kind), Literal::Float(v)) => {
            // Lowering only accepts defaults that are finite in the field's width.
            let (ty, lit) = match kind {
                FloatKind::F32 if (*v as f32).is_finite() => {
                    (quote!(f32), Lit::f32_unsuffixed(*v as f32))
                }
                FloatKind::F64 if v.is_finite() => (quote!(f64), Lit::f64_unsuffixed(*v)),
                _ => return None,
            };
            (ty, quote!(self.#name.unwrap_or(#lit)))
        }
        (TypeRef::String, Literal::String(s)) => {
            (quote!(&str), quote!(self.#name.as_deref().unwrap_or(#s)))
        }
        _ => return None,
    };
    Some(quote! {
        #[doc = #doc]
        pub fn #method(&self) -> #ret {
            #body
        }
    })
}

fn integer_literal(value: i128) -> Option<TokenStream> {
    let magnitude = Lit::u128_unsuffixed(value.unsigned_abs());
    Some(if value < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    })
}
