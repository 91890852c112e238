//! One operation → its `Client` method (arguments, request steps, the `match` on the status)
//! with its docs, and its `<Op>Error` alias.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{Doc, code};
use super::{Emit, Scope};
use crate::ir::{
    ClientParam, Encoding, ErrorShape, Model, Operation, Outcome, Param, ParamLocation, PathPart,
    PathStyle, RequestBody, SecurityKind, StatusMatch, Style, SuccessShape, TypeRef,
};

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

/// The argument type of a parameter: scalars by value (`&str` for strings), arrays as
/// slices, structured values by reference.
fn param_ty(emit: &Emit, p: &Param) -> TokenStream {
    let scalar = |ty: &TypeRef| match ty {
        TypeRef::String => quote!(&str),
        other => emit.ty(other, Scope::Root),
    };
    let ty = match &p.ty {
        TypeRef::Array(item) => {
            let item = scalar(item);
            quote!(&[#item])
        }
        other if p.structured => {
            let ty = emit.ty(other, Scope::Root);
            quote!(&#ty)
        }
        other => scalar(other),
    };
    if p.required { ty } else { quote!(Option<#ty>) }
}

/// `pub type <Op>Error = Error<…>;` for every operation.
pub(super) fn error_aliases(emit: &Emit) -> TokenStream {
    let allow = emit.allow_deprecated("error bodies may be types the document deprecates");
    let aliases = emit.operations().map(|(i, op)| {
        let alias = error_alias(emit, op, emit.outcome(i));
        quote!(#allow #alias)
    });
    quote!(#(#aliases)*)
}

fn error_alias(emit: &Emit, op: &Operation, outcome: &Outcome) -> TokenStream {
    let rt = emit.runtime;
    let ident = format_ident!("{}", op.error_alias);
    let (body, name) = super::responses::error_body_type(emit, op, outcome);
    let doc = format!(
        " Error of [`Client::{}`]: its documented error body is {}.",
        op.ident,
        code(&name)
    );
    quote! {
        #[doc = #doc]
        pub type #ident = #rt::Error<#body>;
    }
}

/// One `async fn` per operation.
pub(super) fn methods(emit: &Emit) -> Vec<TokenStream> {
    emit.operations()
        .map(|(i, op)| method(emit, op, emit.outcome(i)))
        .collect()
}

/// The method: arguments, the request built step by step, and the `match` on the status.
fn method(emit: &Emit, op: &Operation, outcome: &Outcome) -> TokenStream {
    let rt = emit.runtime;
    let ident = format_ident!("{}", op.ident);
    let doc = operation_doc(emit.model, op, outcome);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let args = arguments(emit, op);
    // `&self` counts as an argument for the lint.
    let allow_many = (args.len() + 1 > 7).then(|| {
        quote!(#[allow(clippy::too_many_arguments, reason = "one argument per parameter of the operation")])
    });
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
    quote! {
        #doc
        #deprecated
        #allow_many
        pub async fn #ident(&self, #(#args),*)
            -> Result<#rt::ApiResponse<#success>, #error>
        {
            let request = #rt::Request::new(#rt::reqwest::Method::#method, #template)
                .operation(#operation_id)
                #(#steps)*;
            let response = self.core.execute(request).await?;
            match response.status().as_u16() {
                #(#arms)*
                #fallback
            }
        }
    }
}

/// `name: type` per parameter the caller gives (not the client's), then the body.
fn arguments(emit: &Emit, op: &Operation) -> Vec<TokenStream> {
    let mut args: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.client.is_none())
        .map(|p| {
            let name = format_ident!("{}", p.ident);
            let ty = param_ty(emit, p);
            quote!(#name: #ty)
        })
        .collect();
    if let Some(body) = &op.body {
        let ty = match body.encoding {
            Encoding::Text => quote!(str),
            Encoding::Binary => quote!([u8]),
            Encoding::Json | Encoding::Form | Encoding::Multipart => emit.ty(&body.ty, Scope::Root),
        };
        args.push(if body.required {
            quote!(body: &#ty)
        } else {
            quote!(body: Option<&#ty>)
        });
    }
    args
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
                        PathStyle::Simple => quote!(.path_param(#wire, #name)),
                        PathStyle::Label => quote!(.path_label(#wire, #name)),
                        PathStyle::Matrix => quote!(.path_matrix(#wire, #name)),
                    },
                }
            }
        })
        .collect()
}

/// The request step of a query, header or cookie parameter (path parameters are in the
/// path steps).
fn param_step(emit: &Emit, p: &Param) -> Option<TokenStream> {
    let (wire, name) = (&p.wire_name, format_ident!("{}", p.ident));
    let list = matches!(p.ty, TypeRef::Array(_));
    let explode = p.explode;
    if p.structured {
        let style = style_tokens(emit, p.style);
        return Some(if p.required {
            quote!(.query_value(#wire, #name, #style, #explode))
        } else {
            quote!(.query_value_opt(#wire, #name, #style, #explode))
        });
    }
    Some(match (p.location, p.required, list) {
        (ParamLocation::Path, _, _) => return None,
        (ParamLocation::Query, true, false) => quote!(.query(#wire, #name)),
        (ParamLocation::Query, false, false) => quote!(.query_opt(#wire, #name)),
        (ParamLocation::Query, true, true) => quote!(.query_list(#wire, #name, #explode)),
        (ParamLocation::Query, false, true) => {
            quote!(.query_list(#wire, #name.unwrap_or_default(), #explode))
        }
        (ParamLocation::Header, true, false) => quote!(.header(#wire, #name)),
        (ParamLocation::Header, false, false) => quote!(.header_opt(#wire, #name)),
        (ParamLocation::Header, true, true) => quote!(.header_list(#wire, #name)),
        (ParamLocation::Header, false, true) => {
            quote!(.header_list(#wire, #name.unwrap_or_default()))
        }
        (ParamLocation::Cookie, true, _) => quote!(.cookie(#wire, #name)),
        (ParamLocation::Cookie, false, _) => quote!(.cookie_opt(#wire, #name)),
    })
}

/// One step per credential the operation sends, from the client's fields.
fn credential_steps(emit: &Emit, op: &Operation) -> Vec<TokenStream> {
    op.security
        .iter()
        .map(|i| &emit.model.security_schemes[*i])
        .map(|scheme| {
            let field = format_ident!("{}", scheme.ident);
            match &scheme.kind {
                SecurityKind::HeaderKey(name) => {
                    quote!(.secret_header(#name, self.#field.as_ref()))
                }
                SecurityKind::QueryKey(name) => quote!(.secret_query(#name, self.#field.as_ref())),
                SecurityKind::CookieKey(name) => {
                    quote!(.secret_cookie(#name, self.#field.as_ref()))
                }
                SecurityKind::Bearer => quote!(.bearer(self.#field.as_ref())),
                SecurityKind::Basic => quote!(.basic_auth(self.#field.as_ref())),
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
        quote!(.#setter(#media, body #extra))
    } else {
        quote!(.body_opt(body, |request, body| request.#setter(#media, body #extra)))
    }
}

fn operation_doc(api: &Model, op: &Operation, outcome: &Outcome) -> TokenStream {
    let mut doc = Doc::default();
    doc.opt(op.summary.as_deref());
    if op.description.as_deref().map(str::trim) != op.summary.as_deref().map(str::trim) {
        doc.opt(op.description.as_deref());
    }
    doc.para(format!(
        "Sends a `{}` request to {} (operation {}).",
        op.method.as_str(),
        code(&op.path),
        code(&op.operation_id)
    ));
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.client.is_none())
        .map(|p| {
            let place = format!("{} {}", p.location.as_str(), code(&p.wire_name));
            match p.description.as_deref().map(str::trim) {
                Some(text) if !text.is_empty() => format!("- `{}`: {text} ({place})", p.ident),
                _ => format!("- `{}` ({place})", p.ident),
            }
        })
        .collect();
    let supplied: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.client == Some(ClientParam::ProjectId))
        .map(|p| {
            format!(
                "- {} ({}): `CallOptions::project_id` if set with `Client::with_options`, \
                 else the credentials' project id.",
                code(&p.wire_name),
                p.description.as_deref().unwrap_or("").trim()
            )
        })
        .collect();
    if !supplied.is_empty() {
        doc.para(format!("# Supplied by the client\n{}", supplied.join("\n")));
    }
    if let Some(body) = &op.body {
        let text = body
            .description
            .as_deref()
            .unwrap_or("The request body.")
            .trim()
            .to_owned();
        args.push(format!(
            "- `body`: {text} (sent as {})",
            code(&body.media_type)
        ));
    }
    if !args.is_empty() {
        doc.para(format!("# Arguments\n{}", args.join("\n")));
    }
    let responses: Vec<String> = op
        .responses
        .iter()
        .map(|r| {
            let result = match (r.success, &outcome.success, &outcome.error) {
                (true, SuccessShape::Enum, _) => {
                    format!("`Ok`, [`{}::{}`]", op.response_enum, r.variant)
                }
                (true, ..) => String::from("`Ok`"),
                (false, _, ErrorShape::Enum) if r.body.is_some() => {
                    format!(
                        "`Err(Error::Api)`, [`{}::{}`]",
                        op.error_body_enum, r.variant
                    )
                }
                (false, ..) => String::from("`Err(Error::Api)`"),
            };
            format!(
                "- `{}` → {result}: {}",
                r.status.key(),
                r.description.trim()
            )
        })
        .collect();
    doc.para(format!(
        "# Responses\n{}\n\nAny other 4XX or 5XX is `Err(Error::Api)` too, without a typed body; \
         any other status, or a success body that does not decode, is \
         `Err(Error::UnexpectedResponse)`. Both keep the status, request id and raw body.",
        responses.join("\n")
    ));
    let credentials: Vec<String> = op
        .security
        .iter()
        .map(|i| &api.security_schemes[*i])
        .map(|s| format!("- {} (set with `Client::{}`)", code(&s.name), s.setter))
        .collect();
    if !credentials.is_empty() {
        doc.para(format!(
            "# Credentials\nSends, when set:\n{}",
            credentials.join("\n")
        ));
    }
    doc.tokens()
}
