//! The document's server → URL helpers next to the client: the template, its default, and a
//! function that fills in the variables.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{Doc, code, line};
use crate::ir::{Regions, Server, UrlPart};

/// `SERVER_URL_TEMPLATE`, `DEFAULT_SERVER_URL` and `server_url(…)` for the document's server.
pub(super) fn items(server: &Server) -> TokenStream {
    let template = &server.template;
    let template_doc = line(format!(
        " The server URL template from the document: {}.",
        code(template)
    ));
    let defaults: String = server
        .parts
        .iter()
        .map(|p| match p {
            UrlPart::Literal(text) => text.as_str(),
            UrlPart::Variable(i) => server.variables[*i].default.as_str(),
        })
        .collect();
    let default_doc = line(format!(
        " {} with every variable at its default.",
        code(template)
    ));
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

/// `REGIONS`: the document's region table, which `Client::builder().region(id)` reads.
pub(super) fn regions(regions: &Regions, rt: &syn::Path) -> TokenStream {
    let pairs = regions
        .endpoints
        .iter()
        .map(|(id, url)| quote!((#id, #url)));
    let prefix = match &regions.env_prefix {
        Some(prefix) => quote!(Some(#prefix)),
        None => quote!(None),
    };
    let mut doc = Doc::default();
    doc.para(format!(
        "The regions the document lists ({}), with their endpoints. \
         `Client::builder().region(id)` takes its endpoint from here; another id is an error.",
        regions.endpoints.len()
    ));
    if let Some(prefix) = &regions.env_prefix {
        doc.para(format!(
            "An environment variable {} (the id in upper case, `-` as `_`) overrides a \
             region's endpoint, or gives one for a region not listed.",
            code(&format!("{prefix}_<REGION_ID>"))
        ));
    }
    let doc = doc.tokens();
    quote! {
        #doc
        pub const REGIONS: #rt::Regions = #rt::Regions::new(&[#(#pairs),*], #prefix);
    }
}
