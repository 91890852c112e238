//! One operation → its `Client` method (the required arguments in, the request value of
//! [`super::requests`] out) with its docs, and its `<Op>Error` alias.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Emit;
use super::docs::{Doc, code, line};
use crate::ir::{ClientParam, ErrorShape, Model, Operation, Outcome, Param, SuccessShape};

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
    let doc = line(format!(
        " Error of [`Client::{}`]: its documented error body is {}.",
        op.ident,
        code(&name)
    ));
    quote! {
        #[doc = #doc]
        pub type #ident = #rt::Error<#body>;
    }
}

/// One method per operation: it takes the required parameters and returns the request value.
pub(super) fn methods(emit: &Emit) -> Vec<TokenStream> {
    emit.operations()
        .map(|(i, op)| method(emit, op, emit.outcome(i)))
        .collect()
}

/// The method: required arguments in, the operation's request value out.
fn method(emit: &Emit, op: &Operation, outcome: &Outcome) -> TokenStream {
    let ident = format_ident!("{}", op.ident);
    let doc = operation_doc(emit.model, op, outcome);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let value = format_ident!("{}", op.request_value);
    let required = super::requests::required(emit, op);
    let args = required.iter().map(|(name, ty)| quote!(#name: #ty));
    // `&self` counts as an argument for the lint.
    let allow_many = (required.len() + 1 > 7).then(|| {
        quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required parameter of the operation")])
    });
    let names = required.iter().map(|(name, _)| name);
    let unset = super::requests::optional(emit, op)
        .into_iter()
        .map(|(name, _)| quote!(#name: None));
    quote! {
        #doc
        #deprecated
        #allow_many
        pub fn #ident<'a>(&'a self, #(#args),*) -> #value<'a> {
            #value {
                client: self,
                call: ::std::default::Default::default(),
                #(#names,)*
                #(#unset,)*
            }
        }
    }
}

fn operation_doc(api: &Model, op: &Operation, outcome: &Outcome) -> TokenStream {
    let mut doc = Doc::default();
    doc.opt(op.summary.as_deref());
    if op.description.as_deref().map(str::trim) != op.summary.as_deref().map(str::trim) {
        doc.opt(op.description.as_deref());
    }
    let has_setters = super::requests::has_setters(op);
    doc.para(format!(
        "A `{}` request to {} (operation {}): `.await` the returned [`{}`]{}.",
        op.method.as_str(),
        code(&op.path),
        code(&op.operation_id),
        op.request_value,
        if has_setters {
            ", or set its optional parameters first"
        } else {
            ""
        }
    ));
    // `name: summary (place)`, or `name (place)` without a description. Only the first
    // paragraph of a description goes in a list item (the setter's own docs have all of
    // it): a block inside a list item can open a code fence the list never closes.
    let describe = |p: &Param| {
        let place = format!("{} {}", p.location.as_str(), code(&p.wire_name));
        match p.description.as_deref().map(super::docs::summary) {
            Some(text) if !text.is_empty() => format!(": {text} ({place})"),
            _ => format!(" ({place})"),
        }
    };
    let mut args: Vec<String> = super::requests::required_params(op)
        .map(|p| format!("- `{}`{}", p.ident, describe(p)))
        .collect();
    let value = &op.request_value;
    let mut setters: Vec<String> = super::requests::optional_params(op)
        .map(|p| format!("- [`{0}`]({value}::{0}){1}", p.ident, describe(p)))
        .collect();
    let supplied: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.client == Some(ClientParam::ProjectId))
        .map(|p| {
            let about = match p.description.as_deref().map(str::trim) {
                Some(text) if !text.is_empty() => format!(" ({text})"),
                _ => String::new(),
            };
            format!(
                "- {}{about}: `CallOptions::project_id` if set with `.options(…)` or \
                 `Client::with_options`, else the credentials' project id.",
                code(&p.wire_name),
            )
        })
        .collect();
    if !supplied.is_empty() {
        doc.para(format!("# Supplied by the client\n{}", supplied.join("\n")));
    }
    if let Some(body) = &op.body {
        let line = format!(
            "{} (sent as {})",
            super::requests::body_description(body),
            code(&body.media_type)
        );
        if body.required {
            args.push(format!("- `body`: {line}"));
        } else {
            setters.push(format!("- [`body`]({value}::body): {line}"));
        }
    }
    if !args.is_empty() {
        doc.para(format!("# Arguments\n{}", args.join("\n")));
    }
    if !setters.is_empty() {
        doc.para(format!(
            "# Optional parameters\nSet on the returned [`{value}`]; unset ones are not sent.\n{}",
            setters.join("\n")
        ));
    }
    if let Some(pagination) = &op.pagination {
        doc.para(format!(
            "# Pages\n{} [`{value}::items`] streams the items of every page, \
             [`{value}::pages`] the pages.",
            super::requests::paging_summary(op, pagination)
        ));
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
