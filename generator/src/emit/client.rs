//! Operations and credentials → `Client`, one async method per operation, one error alias per
//! operation, and the server URL helpers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{Doc, code};
use super::{Emit, Scope};
use crate::ir::{
    Api, ClientParam, Encoding, ErrorShape, Operation, Param, ParamLocation, PathPart, PathStyle,
    SecurityKind, SecurityScheme, Server, StatusMatch, Style, SuccessShape, TypeRef, UrlPart,
};

pub(super) fn items(emit: &Emit, api: &Api) -> TokenStream {
    let server = api.server.as_ref().map(server);
    let client = client(emit, api);
    let allow = super::types::uses_deprecated(api).then(|| {
        quote!(#[allow(deprecated, reason = "error bodies may be types the document deprecates")])
    });
    let aliases = api.operations.iter().map(|op| {
        let alias = error_alias(emit, op);
        quote!(#allow #alias)
    });
    let responses = super::responses::items(emit, api);
    quote! {
        #server
        #client
        #responses
        #(#aliases)*
    }
}

fn server(server: &Server) -> TokenStream {
    let template = &server.template;
    let template_doc = format!(
        " The server URL template from the document: {}.",
        code(template)
    );
    let defaults: String = server
        .parts
        .iter()
        .map(|p| match p {
            UrlPart::Literal(text) => text.as_str(),
            UrlPart::Variable(i) => server.variables[*i].default.as_str(),
        })
        .collect();
    let default_doc = format!(" {} with every variable at its default.", code(template));
    let args = server.variables.iter().map(|v| {
        let ident = format_ident!("{}", v.ident);
        quote!(#ident: &str)
    });
    let pieces = server.parts.iter().map(|p| match p {
        UrlPart::Literal(text) => quote!(#text),
        UrlPart::Variable(i) => {
            let ident = format_ident!("{}", server.variables[*i].ident);
            quote!(#ident)
        }
    });
    let mut doc = Doc::default();
    doc.para(format!(
        "Fills in the server URL template {}.",
        code(template)
    ));
    doc.opt(server.description.as_deref());
    if !server.variables.is_empty() {
        let lines: Vec<String> = server
            .variables
            .iter()
            .map(|v| {
                let mut line = format!(
                    "- `{}`: {}",
                    v.ident,
                    v.description.as_deref().unwrap_or("").trim()
                );
                line.push_str(&format!(" (default: {})", code(&v.default)));
                if !v.allowed.is_empty() {
                    let allowed: Vec<String> = v.allowed.iter().map(|a| code(a)).collect();
                    line.push_str(&format!("; one of {}", allowed.join(", ")));
                }
                line
            })
            .collect();
        doc.para(format!("# Arguments\n{}", lines.join("\n")));
    }
    let doc = doc.tokens();
    quote! {
        #[doc = #template_doc]
        pub const SERVER_URL_TEMPLATE: &str = #template;

        #[doc = #default_doc]
        pub const DEFAULT_SERVER_URL: &str = #defaults;

        #doc
        pub fn server_url(#(#args),*) -> String {
            [#(#pieces),*].concat()
        }
    }
}

fn client(emit: &Emit, api: &Api) -> TokenStream {
    let rt = &emit.runtime;
    let mut doc = Doc::default();
    doc.para(format!(
        "Client for *{}* (API version {}).",
        api.title.trim(),
        code(&api.version)
    ));
    doc.opt(api.description.as_deref());
    doc.para(
        "Cheap to clone: clones share one connection pool. Credentials are held as \
         secrets and never appear in `Debug` output.",
    );
    operations_by_tag(&mut doc, api);
    let doc = doc.tokens();
    let fields = api.security_schemes.iter().map(|s| {
        let ident = format_ident!("{}", s.ident);
        let doc = format!(" Credential of security scheme `{}`.", s.name);
        quote! {
            #[doc = #doc]
            #ident: Option<#rt::Secret>,
        }
    });
    let field_inits = api.security_schemes.iter().map(|s| {
        let ident = format_ident!("{}", s.ident);
        quote!(#ident: None)
    });
    let setters = api
        .security_schemes
        .iter()
        .map(|s| credential_setter(emit, s));
    let methods = api.operations.iter().map(|op| operation(emit, api, op));
    let allow = super::types::uses_deprecated(api).then(|| {
        quote!(#[allow(deprecated, reason = "signatures name types the document deprecates; callers are still warned")])
    });
    let builder = builder_fn(emit, api);
    quote! {
        #doc
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            core: #rt::ClientCore,
            #(#fields)*
        }

        #allow
        impl Client {
            /// A client for `base_url` with the runtime's defaults: no AK/SK credentials,
            /// connect and read timeouts, retries of idempotent calls only.
            ///
            /// # Errors
            /// When `base_url` is not an absolute `http`/`https` URL without query or fragment.
            pub fn new(base_url: &str) -> Result<Self, #rt::BuildError> {
                Self::builder().endpoint(base_url).build()
            }

            #builder

            /// A client over an existing core.
            pub fn from_core(core: #rt::ClientCore) -> Self {
                Self { core, #(#field_inits),* }
            }

            /// The endpoint, HTTP client, credentials and policies this client uses.
            pub fn core(&self) -> &#rt::ClientCore {
                &self.core
            }

            /// This client with per-call settings applied (project, timeout, retries),
            /// sharing the connection pool: `client.with_options(opts).operation(…)`.
            #[must_use]
            pub fn with_options(&self, options: #rt::CallOptions) -> Self {
                let mut client = ::std::clone::Clone::clone(self);
                client.core = self.core.with_options(options);
                client
            }

            #(#setters)*
            #(#methods)*
        }

        impl #rt::FromCore for Client {
            fn from_core(core: #rt::ClientCore) -> Self {
                Client::from_core(core)
            }
        }
    }
}

/// `Client::builder()`, knowing the document's server URL template when there is one.
fn builder_fn(emit: &Emit, api: &Api) -> TokenStream {
    let rt = &emit.runtime;
    let (doc, init) = match &api.server {
        Some(server) => {
            let defaults = server.variables.iter().map(|v| {
                let (name, value) = (&v.wire_name, &v.default);
                quote!((#name, #value))
            });
            let doc = if server.variables.iter().any(|v| v.wire_name == "region") {
                " A builder; `region(\"cn-north-4\")` fills the server URL template, or give `endpoint(url)`."
            } else {
                " A builder; the document's server URL is used unless `endpoint(url)` is given."
            };
            (
                doc,
                quote!(.server_template(SERVER_URL_TEMPLATE, &[#(#defaults),*])),
            )
        }
        None => (
            " A builder; give the base URL with `endpoint(url)`.",
            quote!(),
        ),
    };
    quote! {
        #[doc = #doc]
        pub fn builder() -> #rt::ClientBuilder<Self> {
            #rt::ClientBuilder::new() #init
        }
    }
}

fn credential_setter(emit: &Emit, scheme: &SecurityScheme) -> TokenStream {
    let rt = &emit.runtime;
    let ident = format_ident!("{}", scheme.ident);
    let method = format_ident!("with_{}", scheme.ident);
    let place = match &scheme.kind {
        SecurityKind::HeaderKey(name) => format!("the {} header", code(name)),
        SecurityKind::QueryKey(name) => format!("the {} query parameter", code(name)),
        SecurityKind::CookieKey(name) => format!("the {} cookie", code(name)),
        SecurityKind::Bearer => String::from("`Authorization: Bearer …`"),
        SecurityKind::Basic => String::from("`Authorization: Basic …` (user name and password)"),
    };
    let mut doc = Doc::default();
    doc.para(format!(
        "Sets the credential of security scheme {}, sent as {place} by the operations that use it.",
        code(&scheme.name)
    ));
    doc.opt(scheme.description.as_deref());
    let doc = doc.tokens();
    if scheme.kind == SecurityKind::Basic {
        // Kept as one secret, `user:password`, the form HTTP basic encodes.
        return quote! {
            #doc
            #[must_use]
            pub fn #method(mut self, user: &str, password: impl Into<#rt::Secret>) -> Self {
                let password: #rt::Secret = password.into();
                self.#ident = Some(#rt::Secret::new([user, ":", password.expose()].concat()));
                self
            }
        };
    }
    quote! {
        #doc
        #[must_use]
        pub fn #method(mut self, value: impl Into<#rt::Secret>) -> Self {
            self.#ident = Some(value.into());
            self
        }
    }
}

fn style_tokens(emit: &Emit, style: Style) -> TokenStream {
    let rt = &emit.runtime;
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

fn error_alias(emit: &Emit, op: &Operation) -> TokenStream {
    let rt = &emit.runtime;
    let ident = format_ident!("{}", op.error_alias);
    let (body, name) = super::responses::error_body_type(emit, op);
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

pub(super) fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::Json => String::from("serde_json::Value"),
        TypeRef::Array(inner) => format!("Vec<{}>", type_name(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", type_name(inner)),
        other => format!("{other:?}").to_ascii_lowercase(),
    }
}

fn operation(emit: &Emit, api: &Api, op: &Operation) -> TokenStream {
    let rt = &emit.runtime;
    let ident = format_ident!("{}", op.ident);
    let doc = operation_doc(api, op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
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
    // `&self` counts as an argument for the lint.
    let allow_many = (args.len() + 1 > 7).then(|| {
        quote!(#[allow(clippy::too_many_arguments, reason = "one argument per parameter of the operation")])
    });
    let method = format_ident!("{}", op.method.as_str());
    let template = &op.path;
    let operation_id = &op.operation_id;
    let mut steps: Vec<TokenStream> = op
        .path_parts
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
        .collect();
    for (name, value) in &op.fixed_query {
        steps.push(quote!(.query(#name, #value)));
    }
    for p in &op.params {
        let (wire, name) = (&p.wire_name, format_ident!("{}", p.ident));
        let list = matches!(p.ty, TypeRef::Array(_));
        let explode = p.explode;
        if p.structured {
            let style = style_tokens(emit, p.style);
            steps.push(if p.required {
                quote!(.query_value(#wire, #name, #style, #explode))
            } else {
                quote!(.query_value_opt(#wire, #name, #style, #explode))
            });
            continue;
        }
        steps.push(match (p.location, p.required, list) {
            (ParamLocation::Path, _, _) => continue,
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
        });
    }
    for scheme in op.security.iter().map(|i| &api.security_schemes[*i]) {
        let field = format_ident!("{}", scheme.ident);
        steps.push(match &scheme.kind {
            SecurityKind::HeaderKey(name) => quote!(.secret_header(#name, self.#field.as_ref())),
            SecurityKind::QueryKey(name) => quote!(.secret_query(#name, self.#field.as_ref())),
            SecurityKind::CookieKey(name) => quote!(.secret_cookie(#name, self.#field.as_ref())),
            SecurityKind::Bearer => quote!(.bearer(self.#field.as_ref())),
            SecurityKind::Basic => quote!(.basic_auth(self.#field.as_ref())),
        });
    }
    if let Some(body) = &op.body {
        let media = &body.media_type;
        let setter = match body.encoding {
            Encoding::Json => format_ident!("json_body"),
            Encoding::Form => format_ident!("form_body"),
            Encoding::Multipart => format_ident!("multipart_body"),
            Encoding::Text => format_ident!("text_body"),
            Encoding::Binary => format_ident!("binary_body"),
        };
        let extra = (body.encoding == Encoding::Form).then(|| {
            let entries = body.form_encodings.iter().map(|(name, style, explode)| {
                let style = style_tokens(emit, *style);
                quote!((#name, #style, #explode))
            });
            quote!(, &[#(#entries),*])
        });
        steps.push(if body.required {
            quote!(.#setter(#media, body #extra))
        } else {
            quote!(.body_opt(body, |request, body| request.#setter(#media, body #extra)))
        });
    }
    let success = super::responses::success_type(emit, op);
    let error = format_ident!("{}", op.error_alias);
    let arms = op.responses.iter().map(|r| super::responses::arm(op, r));
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

/// "# Operations", one section per tag (an operation with several tags is listed under
/// each; untagged ones last), each method linked with its summary. Only when the document
/// tags its operations.
fn operations_by_tag(doc: &mut Doc, api: &Api) {
    if api.operations.iter().all(|op| op.tags.is_empty()) {
        return;
    }
    let line = |op: &Operation| {
        let summary = op
            .summary
            .as_deref()
            .map(|s| s.lines().next().unwrap_or("").trim())
            .filter(|s| !s.is_empty());
        match summary {
            Some(summary) => format!("- [`Client::{}`]: {summary}", op.ident),
            None => format!("- [`Client::{}`]", op.ident),
        }
    };
    doc.para("# Operations");
    for tag in &api.tags {
        let listed: Vec<String> = api
            .operations
            .iter()
            .filter(|op| op.tags.contains(&tag.name))
            .map(line)
            .collect();
        if listed.is_empty() {
            continue;
        }
        doc.para(format!("## {}", tag.name.trim()));
        doc.opt(tag.description.as_deref());
        doc.para(listed.join("\n"));
    }
    let untagged: Vec<String> = api
        .operations
        .iter()
        .filter(|op| op.tags.is_empty())
        .map(line)
        .collect();
    if !untagged.is_empty() {
        doc.para("## Other operations");
        doc.para(untagged.join("\n"));
    }
}

fn operation_doc(api: &Api, op: &Operation) -> TokenStream {
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
            let outcome = match (r.success, &op.success, &op.error) {
                (true, SuccessShape::Enum(name), _) => format!("`Ok`, [`{name}::{}`]", r.variant),
                (true, ..) => String::from("`Ok`"),
                (false, _, ErrorShape::Enum(name)) if r.body.is_some() => {
                    format!("`Err(Error::Api)`, [`{name}::{}`]", r.variant)
                }
                (false, ..) => String::from("`Err(Error::Api)`"),
            };
            format!(
                "- `{}` → {outcome}: {}",
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
        .map(|s| format!("- {} (set with `Client::with_{}`)", code(&s.name), s.ident))
        .collect();
    if !credentials.is_empty() {
        doc.para(format!(
            "# Credentials\nSends, when set:\n{}",
            credentials.join("\n")
        ));
    }
    doc.tokens()
}
