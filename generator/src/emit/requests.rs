//! One operation → its request value, `<Op>Request<'a>`: the client, the caller's
//! additions ([`Call`](apigen_runtime::Call) in the runtime), the required parameters as
//! given and the optional ones as set; a setter per optional parameter; and `send`, which
//! builds the request step by step and matches on the status. `header`, `options` and
//! `IntoFuture` come from the runtime's `request_value!`, one line per operation. Paginated operations add `pages`/`items` and
//! the runtime's `Paginated` impl. Everything the values share is the runtime's.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::{Doc, code, line};
use super::{Emit, Scope};
use crate::ir::{
    ClientParam, Encoding, Literal, Member, Operation, Outcome, Pagination, PagingStyle, Param,
    ParamLocation, PathPart, PathStyle, RequestBody, SecurityKind, StatusMatch, Style, TypeRef,
};

/// The request value of every operation.
pub(super) fn items(emit: &Emit) -> TokenStream {
    let allow = emit.allow_deprecated(
        "signatures name types the document deprecates; callers are still warned",
    );
    let values = emit
        .operations()
        .map(|(i, op)| value(emit, op, emit.outcome(i), allow.as_ref()));
    quote!(#(#values)*)
}

/// The arguments of the operation's method: `name: type` per required parameter the
/// caller gives (borrowed for `'a`), then a required body (a binary one owned: it may be a
/// file or a stream the request takes).
pub(super) fn required(emit: &Emit, op: &Operation) -> Vec<(Ident, TokenStream)> {
    let mut out: Vec<(Ident, TokenStream)> = required_params(op)
        .map(|p| (format_ident!("{}", p.ident), borrowed_ty(emit, p)))
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let ty = match body.encoding {
            Encoding::Text => quote!(&'a str),
            Encoding::Binary => emit.ty(&body.ty, Scope::Root),
            Encoding::Json | Encoding::Form | Encoding::Multipart => {
                let ty = emit.ty(&body.ty, Scope::Root);
                quote!(&'a #ty)
            }
        };
        out.push((format_ident!("body"), ty));
    }
    out
}

/// The optional parameters (and body) the value holds until set: field name and the owned
/// type it stores inside an `Option`.
pub(super) fn optional(emit: &Emit, op: &Operation) -> Vec<(Ident, TokenStream)> {
    let mut out: Vec<(Ident, TokenStream)> = optional_params(op)
        .map(|p| (format_ident!("{}", p.ident), emit.ty(&p.ty, Scope::Root)))
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
        out.push((format_ident!("body"), owned_body_ty(emit, body)));
    }
    out
}

/// The parameters the caller gives (not the client) that the method takes as arguments.
pub(super) fn required_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params
        .iter()
        .filter(|p| p.client.is_none() && p.required)
}

/// The parameters the caller gives that the request value has setters for.
pub(super) fn optional_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params
        .iter()
        .filter(|p| p.client.is_none() && !p.required)
}

/// Whether the request value has any setter (an optional parameter or body).
pub(super) fn has_setters(op: &Operation) -> bool {
    optional_params(op).next().is_some() || op.body.as_ref().is_some_and(|b| !b.required)
}

/// A request body's description, or a stand-in when the document gives none.
pub(super) fn body_description(body: &RequestBody) -> &str {
    body.description
        .as_deref()
        .map_or("The request body.", str::trim)
}

/// A required argument's type: scalars by value (`&str` for strings), arrays as slices,
/// structured values by reference.
fn borrowed_ty(emit: &Emit, p: &Param) -> TokenStream {
    let scalar = |ty: &TypeRef| match ty {
        TypeRef::String => quote!(&'a str),
        other => emit.ty(other, Scope::Root),
    };
    match &p.ty {
        TypeRef::Array(item) => {
            let item = scalar(item);
            quote!(&'a [#item])
        }
        other if p.structured => {
            let ty = emit.ty(other, Scope::Root);
            quote!(&'a #ty)
        }
        other => scalar(other),
    }
}

fn owned_body_ty(emit: &Emit, body: &RequestBody) -> TokenStream {
    match body.encoding {
        Encoding::Text => quote!(String),
        Encoding::Binary | Encoding::Json | Encoding::Form | Encoding::Multipart => {
            emit.ty(&body.ty, Scope::Root)
        }
    }
}

/// The struct, its methods, `IntoFuture`, and paging when the operation has it.
fn value(
    emit: &Emit,
    op: &Operation,
    outcome: &Outcome,
    allow: Option<&TokenStream>,
) -> TokenStream {
    let rt = emit.runtime;
    let ident = format_ident!("{}", op.request_value);
    let method = &op.ident;
    let doc = line(format!(
        " The `{}` request [`Client::{method}`] returns: `.await` it (or call \
         [`send`]({}::send)) to send it; nothing is sent before.",
        op.operation_id, op.request_value
    ));
    let fields = required(emit, op)
        .into_iter()
        .map(|(name, ty)| quote!(#name: #ty,))
        .chain(
            optional(emit, op)
                .into_iter()
                .map(|(name, ty)| quote!(#name: Option<#ty>,)),
        );
    let setters = optional_params(op).map(|p| setter(emit, p));
    let body_setter = op
        .body
        .as_ref()
        .filter(|b| !b.required)
        .map(|b| body_setter(emit, b));
    let success = super::responses::success_type(emit, op, outcome);
    let error = format_ident!("{}", op.error_alias);
    let send = send(emit, op, outcome);
    let paging = op
        .pagination
        .as_ref()
        .map(|p| paging(emit, op, &ident, p, &success, allow));
    quote! {
        #[doc = #doc]
        #[must_use = "nothing is sent until the request is awaited or sent"]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #ident<'a> {
            client: &'a Client,
            call: #rt::Call,
            #(#fields)*
        }

        #allow
        impl<'a> #ident<'a> {
            #(#setters)*
            #body_setter

            #send
        }

        #allow
        impl #rt::RequestValue for #ident<'_> {
            type Output = Result<#rt::ApiResponse<#success>, #error>;
        }

        #rt::request_value!(#allow #ident);

        #paging
    }
}

/// The setter of an optional parameter: its docs, and what a caller naturally has.
fn setter(emit: &Emit, p: &Param) -> TokenStream {
    let name = format_ident!("{}", p.ident);
    let mut doc = Doc::default();
    doc.opt(p.description.as_deref());
    let mut notes: Vec<String> = vec![format!(
        "Sent as {} {}.",
        p.location.as_str(),
        code(&p.wire_name)
    )];
    notes.extend(p.constraints.iter().cloned());
    if let Some(default) = &p.default {
        notes.push(format!(
            "Default (the server's, when unset): {}.",
            code(&super::types::literal_text(default))
        ));
    }
    if let [one] = notes.as_slice() {
        doc.para(one.clone());
    } else {
        let bullets: Vec<String> = notes.iter().map(|n| format!("- {n}")).collect();
        doc.para(bullets.join("\n"));
    }
    let doc = doc.tokens();
    let (arg, value) = match &p.ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(value.into())),
        TypeRef::Secret => {
            let rt = emit.runtime;
            (quote!(impl Into<#rt::Secret>), quote!(value.into()))
        }
        other => (emit.ty(other, Scope::Root), quote!(value)),
    };
    quote! {
        #doc
        pub fn #name(mut self, value: #arg) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

fn body_setter(emit: &Emit, body: &RequestBody) -> TokenStream {
    let mut doc = Doc::default();
    doc.para(body_description(body));
    doc.para(format!("Sent as {}.", code(&body.media_type)));
    let doc = doc.tokens();
    let (arg, value) = match body.encoding {
        Encoding::Text => (quote!(impl Into<String>), quote!(value.into())),
        Encoding::Binary => {
            let ty = emit.ty(&body.ty, Scope::Root);
            (quote!(impl Into<#ty>), quote!(value.into()))
        }
        Encoding::Json | Encoding::Form | Encoding::Multipart => {
            (emit.ty(&body.ty, Scope::Root), quote!(value))
        }
    };
    quote! {
        #doc
        pub fn body(mut self, value: #arg) -> Self {
            self.body = Some(#value);
            self
        }
    }
}

/// `send`: the request built step by step, sent with the caller's additions, and the
/// `match` on the status.
fn send(emit: &Emit, op: &Operation, outcome: &Outcome) -> TokenStream {
    let rt = emit.runtime;
    let method = format_ident!("{}", op.method.as_str());
    let template = &op.path;
    let operation_id = &op.operation_id;
    let mut steps = path_steps(emit, op);
    for pair in &op.fixed_query {
        let (name, value) = (&pair.name, &pair.value);
        steps.push(quote!(.query(#name, #value)));
    }
    steps.extend(op.params.iter().filter_map(|p| param_step(emit, p)));
    steps.extend(credential_steps(emit, op));
    steps.extend(op.body.as_ref().map(|body| body_step(emit, body)));
    steps.extend(super::responses::stream_step(op));
    let success = super::responses::success_type(emit, op, outcome);
    let error = format_ident!("{}", op.error_alias);
    let arms = op
        .responses
        .iter()
        .map(|r| super::responses::arm(op, outcome, r));
    let fallback = (!op
        .responses
        .iter()
        .any(|r| r.status == StatusMatch::Default))
    .then(|| quote!(_ => Err(response.unexpected()),));
    let doc = line(format!(
        " Sends the request and decodes the answer (what `.await` does); see [`Client::{}`] \
         for the responses.",
        op.ident
    ));
    quote! {
        #[doc = #doc]
        pub async fn send(self) -> Result<#rt::ApiResponse<#success>, #error> {
            let request = #rt::Request::new(#rt::reqwest::Method::#method, #template)
                .operation(#operation_id)
                #(#steps)*;
            let response = self.client.core.send(request, self.call).await?;
            match response.status().as_u16() {
                #(#arms)*
                #fallback
            }
        }
    }
}

fn style_tokens(emit: &Emit, style: Style) -> TokenStream {
    let rt = emit.runtime;
    let variant = format_ident!(
        "{}",
        match style {
            Style::Form => "Form",
            Style::SpaceDelimited => "SpaceDelimited",
            Style::PipeDelimited => "PipeDelimited",
            Style::DeepObject => "DeepObject",
        }
    );
    quote!(#rt::Style::#variant)
}

/// The path, piece by piece: literals, parameters in their style, client-supplied values.
fn path_steps(emit: &Emit, op: &Operation) -> Vec<TokenStream> {
    let rt = emit.runtime;
    op.path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => quote!(.path_literal(#text)),
            PathPart::Param(i) => {
                let p = &op.params[*i];
                let (wire, name) = (&p.wire_name, format_ident!("{}", p.ident));
                match p.client {
                    Some(ClientParam::ProjectId) => {
                        quote!(.path_client_param(#wire, #rt::ClientParam::ProjectId))
                    }
                    None => match p.path_style {
                        PathStyle::Simple => quote!(.path_param(#wire, self.#name)),
                        PathStyle::Label => quote!(.path_label(#wire, self.#name)),
                        PathStyle::Matrix => quote!(.path_matrix(#wire, self.#name)),
                    },
                }
            }
        })
        .collect()
}

/// The request step of a query, header or cookie parameter (path parameters are in the
/// path steps). Unset optional parameters add nothing.
fn param_step(emit: &Emit, p: &Param) -> Option<TokenStream> {
    let (wire, name) = (&p.wire_name, format_ident!("{}", p.ident));
    let list = matches!(p.ty, TypeRef::Array(_));
    let explode = p.explode;
    if p.structured {
        let style = style_tokens(emit, p.style);
        return Some(if p.required {
            quote!(.query_value(#wire, self.#name, #style, #explode))
        } else {
            quote!(.query_value_opt(#wire, self.#name.as_ref(), #style, #explode))
        });
    }
    Some(match (p.location, p.required, list) {
        (ParamLocation::Path, _, _) => return None,
        (ParamLocation::Query, true, false) => quote!(.query(#wire, self.#name)),
        (ParamLocation::Query, false, false) => quote!(.query_opt(#wire, self.#name)),
        (ParamLocation::Query, true, true) => quote!(.query_list(#wire, self.#name, #explode)),
        (ParamLocation::Query, false, true) => {
            quote!(.query_list(#wire, self.#name.as_deref().unwrap_or_default(), #explode))
        }
        (ParamLocation::Header, true, false) => quote!(.header(#wire, self.#name)),
        (ParamLocation::Header, false, false) => quote!(.header_opt(#wire, self.#name)),
        (ParamLocation::Header, true, true) => quote!(.header_list(#wire, self.#name)),
        (ParamLocation::Header, false, true) => {
            quote!(.header_list(#wire, self.#name.as_deref().unwrap_or_default()))
        }
        (ParamLocation::Cookie, true, _) => quote!(.cookie(#wire, self.#name)),
        (ParamLocation::Cookie, false, _) => quote!(.cookie_opt(#wire, self.#name)),
    })
}

/// One step per credential the operation sends, from the client's fields.
fn credential_steps(emit: &Emit, op: &Operation) -> Vec<TokenStream> {
    op.security
        .iter()
        .map(|i| &emit.model.security_schemes[*i])
        .map(|scheme| {
            let field = format_ident!("{}", scheme.ident);
            let value = quote!(self.client.#field.as_ref());
            match &scheme.kind {
                SecurityKind::HeaderKey(name) => quote!(.secret_header(#name, #value)),
                SecurityKind::QueryKey(name) => quote!(.secret_query(#name, #value)),
                SecurityKind::CookieKey(name) => quote!(.secret_cookie(#name, #value)),
                SecurityKind::Bearer => quote!(.bearer(#value)),
                SecurityKind::Basic => quote!(.basic_auth(#value)),
            }
        })
        .collect()
}

/// The body step: encoded by its media type (forms with their fields' layouts).
fn body_step(emit: &Emit, body: &RequestBody) -> TokenStream {
    let media = &body.media_type;
    let setter = match body.encoding {
        Encoding::Json => format_ident!("json_body"),
        Encoding::Form => format_ident!("form_body"),
        Encoding::Multipart => format_ident!("multipart_body"),
        Encoding::Text => format_ident!("text_body"),
        Encoding::Binary => format_ident!("binary_body"),
    };
    let extra = (body.encoding == Encoding::Form).then(|| {
        let entries = body.form_encodings.iter().map(|e| {
            let (name, explode) = (&e.name, e.explode);
            let style = style_tokens(emit, e.style);
            quote!((#name, #style, #explode))
        });
        quote!(, &[#(#entries),*])
    });
    if body.required {
        return quote!(.#setter(#media, self.body #extra));
    }
    let taken = match body.encoding {
        Encoding::Text => quote!(self.body.as_deref()),
        Encoding::Binary | Encoding::Json | Encoding::Form | Encoding::Multipart => {
            quote!(self.body.as_ref())
        }
    };
    quote!(.body_opt(#taken, |request, body| request.#setter(#media, body #extra)))
}

/// One sentence on how the operation pages, for its method's docs.
pub(super) fn paging_summary(op: &Operation, pagination: &Pagination) -> String {
    match &pagination.style {
        PagingStyle::Offset { offset, limit } => {
            let offset = code(&op.params[*offset].wire_name);
            match limit {
                Some(limit) => format!(
                    "Paged by offset: {offset} moves on by the items received; a page with \
                     fewer than {} items is the last.",
                    code(&op.params[*limit].wire_name)
                ),
                None => format!(
                    "Paged by offset: {offset} moves on by the items received; an empty page \
                     is the last."
                ),
            }
        }
        PagingStyle::Cursor { cursor, .. } => format!(
            "Paged by marker: each page names the {} of the next; a page without one is \
             the last.",
            code(&op.params[*cursor].wire_name)
        ),
        PagingStyle::Link => String::from(
            "Paged by the `Link: <…>; rel=\"next\"` response header; a page without one is \
             the last.",
        ),
    }
}

/// `pages`/`items`, and the runtime's `Paginated`: where a page's items are, and the
/// request for the page after it.
fn paging(
    emit: &Emit,
    op: &Operation,
    ident: &Ident,
    pagination: &Pagination,
    page: &TokenStream,
    allow: Option<&TokenStream>,
) -> TokenStream {
    let rt = emit.runtime;
    let item = emit.ty(&pagination.item_ty, Scope::Root);
    let items = access(quote!(page), &pagination.items, true);
    let next = match &pagination.style {
        PagingStyle::Offset { offset, limit } => {
            let offset = format_ident!("{}", op.params[*offset].ident);
            let limit = match limit.map(|i| &op.params[i]) {
                Some(p) => {
                    let name = format_ident!("{}", p.ident);
                    match (p.required, &p.default) {
                        (true, _) => quote!(Some(self.#name)),
                        (false, Some(Literal::Integer(v))) => {
                            let v = proc_macro2::Literal::i128_unsuffixed(*v);
                            quote!(self.#name.or(Some(#v)))
                        }
                        (false, _) => quote!(self.#name),
                    }
                }
                None => quote!(None),
            };
            quote! {
                let offset = #rt::paging::next_offset(self.#offset, #limit, count)?;
                let mut next = ::std::clone::Clone::clone(self);
                next.#offset = Some(offset);
                Some(next)
            }
        }
        PagingStyle::Cursor { cursor, next } => {
            let cursor = format_ident!("{}", op.params[*cursor].ident);
            let marker = access(quote!(page.body()), next, false);
            quote! {
                let marker = #rt::paging::next_cursor(self.#cursor.as_ref(), #marker)?;
                let mut next = ::std::clone::Clone::clone(self);
                next.#cursor = Some(marker);
                Some(next)
            }
        }
        PagingStyle::Link => quote! {
            let link = #rt::paging::next_link(page.headers())?;
            let mut next = ::std::clone::Clone::clone(self);
            next.call = next.call.follow(link);
            Some(next)
        },
    };
    // Offsets move on by the number of items received; the others read the page.
    let (page_arg, count) = match pagination.style {
        PagingStyle::Offset { .. } => (format_ident!("_page"), format_ident!("count")),
        PagingStyle::Cursor { .. } | PagingStyle::Link => {
            (format_ident!("page"), format_ident!("_count"))
        }
    };
    quote! {
        #allow
        impl<'a> #ident<'a> {
            /// Every page, one request each, as a stream (see the runtime's `Pages`: it
            /// stops after an error or the last page, and at its page limit).
            pub fn pages(self) -> #rt::paging::Pages<Self> {
                #rt::paging::Pages::new(self)
            }

            /// The items of every page, in order, as a stream (see the runtime's `Items`).
            pub fn items(self) -> #rt::paging::Items<Self> {
                #rt::paging::Items::new(self)
            }
        }

        #allow
        impl #rt::paging::Paginated for #ident<'_> {
            type Page = #page;
            type Item = #item;

            fn items(page: &mut Self::Page) -> Option<&mut Vec<Self::Item>> {
                #items
            }

            fn next_page(&self, #page_arg: &#rt::ApiResponse<Self::Page>, #count: usize) -> Option<Self> {
                #next
            }
        }
    }
}

/// An `Option` of a reference to the member at the end of `path`, from `base` (a
/// reference): `Some(&mut base.a.b)`, or through optional members
/// `base.a.as_mut()?.b.as_mut()`. Written in a function returning `Option`, so a missing
/// member on the way is `None`.
fn access(base: TokenStream, path: &[Member], mutable: bool) -> TokenStream {
    let as_ref = if mutable {
        quote!(as_mut)
    } else {
        quote!(as_ref)
    };
    let mut expr = base;
    for (i, member) in path.iter().enumerate() {
        let field = format_ident!("{}", member.ident);
        let last = i + 1 == path.len();
        expr = match (member.optional, last) {
            (true, true) => return quote!(#expr.#field.#as_ref()),
            (true, false) => quote!(#expr.#field.#as_ref()?),
            (false, _) => quote!(#expr.#field),
        };
    }
    if path.is_empty() {
        return quote!(Some(#expr));
    }
    if mutable {
        quote!(Some(&mut #expr))
    } else {
        quote!(Some(&#expr))
    }
}
