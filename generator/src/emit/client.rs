//! The `Client`: its struct (the runtime core plus one secret per security scheme), its
//! constructors and builder, the credential setters, and its docs listing the operations by
//! tag. The operation methods come from [`super::operations`].

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Emit;
use super::docs::{Doc, code, line};
use crate::ir::{Features, Model, Operation, SecurityKind, SecurityScheme};

/// The `Client` struct, its constructors, builder, credential setters and one method per
/// operation.
pub(super) fn item(emit: &Emit) -> TokenStream {
    let rt = emit.runtime;
    let api = emit.model;
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
    let sections = operations_by_tag(api, emit.features());
    let doc = match emit.features() {
        None => {
            for paragraph in &sections {
                doc.para(
                    paragraph
                        .iter()
                        .map(|(text, _)| text.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
            }
            doc.tokens()
        }
        Some(features) => {
            let doc = doc.tokens();
            let gated = sections.iter().map(|p| gated_paragraph(features, p));
            quote!(#doc #(#gated)*)
        }
    };
    let fields = api.security_schemes.iter().map(|s| {
        let ident = format_ident!("{}", s.ident);
        let doc = line(format!(" Credential of security scheme `{}`.", s.name));
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
    let methods = super::operations::methods(emit);
    let allow = emit.allow_deprecated(
        "signatures name types the document deprecates; callers are still warned",
    );
    let builder = builder_fn(emit);
    let relative = relative_server_doc(emit);
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
            #relative
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
fn builder_fn(emit: &Emit) -> TokenStream {
    let rt = emit.runtime;
    let api = emit.model;
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
    let (doc, regions) = match &api.regions {
        Some(table) => (
            format!(
                " A builder; `region({:?})` takes the endpoint from [`REGIONS`], or give `endpoint(url)`.",
                example_region(api, table)
            ),
            quote!(.regions(REGIONS)),
        ),
        None => (doc.to_owned(), quote!()),
    };
    let relative = relative_server_doc(emit);
    let doc = line(doc);
    quote! {
        #[doc = #doc]
        #relative
        pub fn builder() -> #rt::ClientBuilder<Self> {
            #rt::ClientBuilder::new() #init #regions
        }
    }
}

/// A region for the builder's docs: the server's default region when the table has it.
fn example_region<'m>(api: &'m crate::ir::Model, table: &'m crate::ir::Regions) -> &'m str {
    let default = api
        .server
        .iter()
        .flat_map(|s| &s.variables)
        .find(|v| v.wire_name == "region")
        .map(|v| v.default.as_str());
    match default {
        Some(region) if table.endpoints.iter().any(|(id, _)| id == region) => region,
        _ => table.endpoints.first().map_or("", |(id, _)| id.as_str()),
    }
}

/// Where a relative server URL leaves the caller: the base URL must end with it.
fn relative_server_doc(emit: &Emit) -> TokenStream {
    let Some(path) = &emit.model.relative_server else {
        return quote!();
    };
    let mut doc = Doc::default();
    doc.para(format!(
        "The document's server URL is relative, {}: the base URL is the absolute URL it \
         resolves to, ending with it (such as {}).",
        code(path),
        code(&format!("https://api.example.com{path}"))
    ));
    let doc = doc.tokens();
    // A paragraph of its own after the item's first one.
    quote!(#[doc = ""] #doc)
}

fn credential_setter(emit: &Emit, scheme: &SecurityScheme) -> TokenStream {
    let rt = emit.runtime;
    let ident = format_ident!("{}", scheme.ident);
    let method = format_ident!("{}", scheme.setter);
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

/// A paragraph of the client's docs as pieces of text, each with the features that compile
/// what it names (with per-tag features; empty without).
type Paragraph = Vec<(String, Vec<usize>)>;

/// The features any piece of `paragraph` needs, each once: a heading, description or blank
/// line shows when any operation it stands over is compiled.
fn features_of(paragraph: &Paragraph) -> Vec<usize> {
    let mut all: Vec<usize> = paragraph
        .iter()
        .flat_map(|(_, g)| g.iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// "# Operations", one section per tag (an operation with several tags is listed under
/// each; untagged ones last), each method linked with its summary; nothing when the
/// document does not tag its operations. With per-tag features every piece carries the
/// features of the operations it lists, so a crate built with some of them lists (and
/// links) only what it compiles.
fn operations_by_tag(api: &Model, features: Option<&Features>) -> Vec<Paragraph> {
    if api.operations.iter().all(|op| op.tags.is_empty()) {
        return Vec::new();
    }
    let gate = |i: usize| features.map_or_else(Vec::new, |f| f.operations[i].clone());
    let line = |(i, op): (usize, &Operation)| {
        let summary = op
            .summary
            .as_deref()
            .map(super::docs::summary)
            .filter(|s| !s.is_empty());
        let text = match summary {
            Some(summary) => format!("- [`Client::{}`]: {summary}", op.ident),
            None => format!("- [`Client::{}`]", op.ident),
        };
        (text, gate(i))
    };
    let mut sections: Vec<Vec<Paragraph>> = Vec::new();
    let mut section = |heading: String, description: Option<&str>, listed: Paragraph| {
        if listed.is_empty() {
            return;
        }
        let gate = features_of(&listed);
        let mut paragraphs = vec![vec![(heading, gate.clone())]];
        if let Some(text) = description.filter(|d| !d.trim().is_empty()) {
            paragraphs.push(vec![(text.to_owned(), gate)]);
        }
        paragraphs.push(listed);
        sections.push(paragraphs);
    };
    for tag in &api.tags {
        let listed = api
            .operations
            .iter()
            .enumerate()
            .filter(|(_, op)| op.tags.contains(&tag.name))
            .map(line)
            .collect();
        section(
            format!("## {}", tag.name.trim()),
            tag.description.as_deref(),
            listed,
        );
    }
    let untagged = api
        .operations
        .iter()
        .enumerate()
        .filter(|(_, op)| op.tags.is_empty())
        .map(line)
        .collect();
    section(String::from("## Other operations"), None, untagged);
    // The heading stays in every build (one without features compiles no operation).
    let heading = vec![(String::from("# Operations"), Vec::new())];
    std::iter::once(heading)
        .chain(sections.into_iter().flatten())
        .collect()
}

/// One paragraph of the operations section as doc attributes that the features of each
/// piece switch on (`#[cfg_attr(feature = "pets", doc = "…")]`), after its blank line; a
/// piece without features is always there. (Plain string literals: these stay attributes
/// in the source, where a raw string would only look odd.)
fn gated_paragraph(features: &Features, paragraph: &Paragraph) -> TokenStream {
    let attr = |gate: &[usize], line: &str| {
        if gate.is_empty() {
            return quote!(#[doc = #line]);
        }
        let predicate = super::features::predicate(features, gate);
        quote!(#[cfg_attr(#predicate, doc = #line)])
    };
    let blank = attr(&features_of(paragraph), "");
    let pieces = paragraph
        .iter()
        .flat_map(|(text, gate)| super::docs::spaced_lines(text).map(|line| attr(gate, &line)));
    quote! {
        #blank
        #(#pieces)*
    }
}
