//! What a response becomes: the per-operation success enum (a variant per success status,
//! carrying its body and typed headers) and error-body enum, and the `match` arm that turns a
//! `RawResponse` of one declared status into them.

use proc_macro2::{Literal as Lit, TokenStream};
use quote::{format_ident, quote};

use super::docs::{Doc, code, line};
use super::{Emit, Scope};
use crate::ir::{
    Encoding, ErrorShape, Operation, Outcome, Response, ResponseBody, StatusMatch, SuccessShape,
    TypeRef,
};

/// The enums of every operation that needs them, next to the client.
pub(super) fn items(emit: &Emit) -> TokenStream {
    let allow = emit.allow_deprecated("bodies may be types the document deprecates");
    let enums = emit.operations().flat_map(|(i, op)| {
        let outcome = emit.outcome(i);
        let success = match &outcome.success {
            SuccessShape::Enum => Some(success_enum(emit, op)),
            SuccessShape::Uniform { .. } => None,
        };
        let error = match &outcome.error {
            ErrorShape::Enum => Some(error_enum(emit, op)),
            ErrorShape::Uniform(_) => None,
        };
        success.into_iter().chain(error).map(|e| quote!(#allow #e))
    });
    quote!(#(#enums)*)
}

/// The `T` of the operation's `ApiResponse<T>`.
pub(super) fn success_type(emit: &Emit, op: &Operation, outcome: &Outcome) -> TokenStream {
    match &outcome.success {
        SuccessShape::Uniform { ty: None, .. } => quote!(()),
        SuccessShape::Uniform {
            ty: Some(ty),
            optional,
        } => {
            let ty = emit.ty(ty, Scope::Root);
            if *optional { quote!(Option<#ty>) } else { ty }
        }
        SuccessShape::Enum => {
            let ident = format_ident!("{}", op.response_enum);
            quote!(#ident)
        }
    }
}

/// The `E` of the operation's `Error<E>`, and its name for docs.
pub(super) fn error_body_type(
    emit: &Emit,
    op: &Operation,
    outcome: &Outcome,
) -> (TokenStream, String) {
    match &outcome.error {
        ErrorShape::Uniform(ty) => (emit.ty(ty, Scope::Root), ty.to_string()),
        ErrorShape::Enum => {
            let ident = format_ident!("{}", op.error_body_enum);
            (quote!(#ident), op.error_body_enum.clone())
        }
    }
}

/// `.stream_when(…)` for an operation with success bodies handed over unread: the
/// statuses whose body the runtime must not read.
pub(super) fn stream_step(op: &Operation) -> Option<TokenStream> {
    let streamed: Vec<&Response> = op.responses.iter().filter(|r| streams(r)).collect();
    if streamed.is_empty() {
        return None;
    }
    // Plain comparisons: `matches!` would be formatted as an opaque macro call. `None`: a
    // `default` success streams whatever the status.
    let tests: Option<Vec<TokenStream>> = streamed
        .iter()
        .map(|r| {
            let pattern = status_pattern(r.status);
            match r.status {
                StatusMatch::Code(_) => Some(quote!(status == #pattern)),
                StatusMatch::Range(_) => Some(quote!((#pattern).contains(&status))),
                StatusMatch::Default => None,
            }
        })
        .collect();
    Some(match tests {
        Some(tests) => quote!(.stream_when(|status| #(#tests)||*)),
        None => quote!(.stream_when(|_| true)),
    })
}

/// Whether a response's body is a stream (a success the client does not decode).
fn streams(r: &Response) -> bool {
    r.success && r.body.as_ref().is_some_and(|b| b.ty == TypeRef::ByteStream)
}

/// The `match` pattern of a status.
fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(c) => {
            let c = Lit::u16_unsuffixed(c);
            quote!(#c)
        }
        StatusMatch::Range(n) => {
            let (lo, hi) = (
                Lit::u16_unsuffixed(n * 100),
                Lit::u16_unsuffixed(n * 100 + 99),
            );
            quote!(#lo..=#hi)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// `status => outcome,` for one declared response.
pub(super) fn arm(op: &Operation, outcome: &Outcome, r: &Response) -> TokenStream {
    let pattern = status_pattern(r.status);
    let result = if r.success {
        success_result(op, outcome, r)
    } else {
        match (&outcome.error, &r.body) {
            (ErrorShape::Uniform(_), _) => quote!(Err(response.api_error())),
            (ErrorShape::Enum, Some(_)) => {
                let ident = format_ident!("{}", op.error_body_enum);
                let variant = format_ident!("{}", r.variant);
                quote!(Err(response.api_error_with(#ident::#variant)))
            }
            (ErrorShape::Enum, None) => quote!(Err(response.api_error_without_body())),
        }
    };
    quote!(#pattern => #result,)
}

fn success_result(op: &Operation, outcome: &Outcome, r: &Response) -> TokenStream {
    let kind = match r.body.as_ref().map(|b| b.encoding) {
        None => "empty",
        Some(Encoding::Json) => "json",
        Some(Encoding::Text) => "text",
        Some(Encoding::Binary | Encoding::Form | Encoding::Multipart) => "stream",
    };
    let decode = format_ident!("{kind}");
    match &outcome.success {
        SuccessShape::Uniform {
            optional: false, ..
        } => quote!(response.#decode()),
        SuccessShape::Uniform { optional: true, .. } if r.body.is_some() => {
            quote!(response.#decode().map(|r| r.map(Some)))
        }
        SuccessShape::Uniform { optional: true, .. } => {
            quote!(response.empty().map(|r| r.map(|()| None)))
        }
        SuccessShape::Enum => {
            let path = {
                let ident = format_ident!("{}", op.response_enum);
                let variant = format_ident!("{}", r.variant);
                quote!(#ident::#variant)
            };
            if r.headers.is_empty() {
                return match r.body {
                    Some(_) => quote!(response.#decode().map(|r| r.map(#path))),
                    None => quote!(response.empty().map(|r| r.map(|()| #path))),
                };
            }
            let with = format_ident!("{kind}_with");
            let reads = r.headers.iter().map(|h| {
                let (field, wire) = (format_ident!("{}", h.ident), &h.wire_name);
                let read = match (matches!(h.ty, TypeRef::Array(_)), h.required) {
                    (false, true) => format_ident!("required"),
                    (false, false) => format_ident!("optional"),
                    (true, true) => format_ident!("required_list"),
                    (true, false) => format_ident!("optional_list"),
                };
                quote!(#field: headers.#read(#wire)?)
            });
            match r.body {
                Some(_) => quote! {
                    response.#with(|body, headers| Ok(#path { body, #(#reads),* }))
                },
                None => quote! {
                    response.#with(|(), headers| Ok(#path { #(#reads),* }))
                },
            }
        }
    }
}

fn success_enum(emit: &Emit, op: &Operation) -> TokenStream {
    let ident = format_ident!("{}", op.response_enum);
    let doc = line(format!(
        " What [`Client::{}`] returns on success, by status.",
        op.ident
    ));
    let variants = op.responses.iter().filter(|r| r.success).map(|r| {
        let variant = format_ident!("{}", r.variant);
        let doc = variant_doc(r);
        let body = r.body.as_ref().map(|b| emit.ty(&b.ty, Scope::Root));
        if r.headers.is_empty() {
            return match body {
                Some(body) => quote!(#doc #variant(#body),),
                None => quote!(#doc #variant,),
            };
        }
        let body = body.map(|body| quote!(#[doc = " The body."] body: #body,));
        let headers = r.headers.iter().map(|h| {
            let field = format_ident!("{}", h.ident);
            let ty = emit.ty(&h.ty, Scope::Root);
            let ty = if h.required { ty } else { quote!(Option<#ty>) };
            let mut doc = Doc::default();
            doc.para(format!("The {} header.", code(&h.wire_name)));
            doc.opt(h.description.as_deref());
            let doc = doc.tokens();
            quote!(#doc #field: #ty,)
        });
        quote!(#doc #variant { #body #(#headers)* },)
    });
    // A stream is read once: it can be neither cloned nor compared.
    let derive = if op.responses.iter().any(streams) {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Clone, Debug, PartialEq)])
    };
    quote! {
        #[doc = #doc]
        #derive
        #[allow(clippy::large_enum_variant, reason = "one response, matched where it is received")]
        pub enum #ident {
            #(#variants)*
        }
    }
}

fn error_enum(emit: &Emit, op: &Operation) -> TokenStream {
    let ident = format_ident!("{}", op.error_body_enum);
    let doc = line(format!(
        " The typed body of an API error of [`Client::{}`], by status (`ApiError::body`).",
        op.ident
    ));
    let variants = op.responses.iter().filter(|r| !r.success).filter_map(|r| {
        let ResponseBody { ty, .. } = r.body.as_ref()?;
        let variant = format_ident!("{}", r.variant);
        let doc = variant_doc(r);
        let ty = emit.ty(ty, Scope::Root);
        Some(quote!(#doc #variant(#ty),))
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant, reason = "one error body, matched where it is received")]
        pub enum #ident {
            #(#variants)*
        }
    }
}

fn variant_doc(r: &Response) -> TokenStream {
    let mut doc = Doc::default();
    doc.para(format!("`{}`: {}", r.status.key(), r.description.trim()));
    doc.tokens()
}
