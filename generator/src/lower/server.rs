//! `servers[0]` → a URL template the client can fill in.

use openapiv3::OpenAPI;

use crate::diag::{Ctxt, Pointer};
use crate::ir::{Server, ServerVariable, UrlPart};
use crate::naming;

/// The first server, when it is an absolute URL whose variables are all declared.
pub(super) fn first(cx: &Ctxt<'_>, doc: &OpenAPI) -> Option<Server> {
    let server = doc.servers.first()?;
    let pointer = Pointer::root().push("servers").push(0);
    if !server.url.contains("://") {
        // A relative server URL: the caller supplies the base URL.
        return None;
    }
    let declared = server.variables.clone().unwrap_or_default();
    let mut parts = Vec::new();
    let mut variables: Vec<ServerVariable> = Vec::new();
    for piece in template_pieces(cx, &pointer.push("url"), &server.url)? {
        match piece {
            Piece::Literal(text) => parts.push(UrlPart::Literal(text.to_owned())),
            Piece::Name(name) => {
                let Some(variable) = declared.get(name) else {
                    cx.error_hint(
                        &pointer.push("url"),
                        format!("server URL variable `{{{name}}}` is not declared"),
                        format!("add `variables: {{{name}: {{default: ...}}}}` to the server"),
                    );
                    return None;
                };
                let index = match variables.iter().position(|v| v.wire_name == name) {
                    Some(index) => index,
                    None => {
                        variables.push(ServerVariable {
                            wire_name: name.to_owned(),
                            ident: naming::snake(name),
                            default: variable.default.clone(),
                            description: variable.description.clone(),
                            allowed: variable.enumeration.clone(),
                        });
                        variables.len() - 1
                    }
                };
                parts.push(UrlPart::Variable(index));
            }
        }
    }
    let mut idents: Vec<&str> = variables.iter().map(|v| v.ident.as_str()).collect();
    idents.sort_unstable();
    if idents.windows(2).any(|w| w[0] == w[1]) {
        cx.error(
            &pointer.push("variables"),
            "two server variables have the same Rust name",
        );
        return None;
    }
    Some(Server {
        template: server.url.clone(),
        description: server.description.clone(),
        parts,
        variables,
    })
}

/// A piece of a `{name}` template.
pub(super) enum Piece<'t> {
    Literal(&'t str),
    Name(&'t str),
}

/// Splits a `{name}` template (server URL or path); reports unbalanced braces.
pub(super) fn template_pieces<'t>(
    cx: &Ctxt<'_>,
    pointer: &Pointer,
    template: &'t str,
) -> Option<Vec<Piece<'t>>> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        let close = rest[open..].find('}').map(|i| i + open);
        let Some(close) = close.filter(|_| rest.as_bytes()[open] == b'{') else {
            cx.error(
                pointer,
                format!("template `{template}` has unbalanced braces"),
            );
            return None;
        };
        let name = &rest[open + 1..close];
        if name.is_empty() || name.contains('{') {
            cx.error(
                pointer,
                format!("template `{template}` has an empty or nested `{{}}`"),
            );
            return None;
        }
        if open > 0 {
            pieces.push(Piece::Literal(&rest[..open]));
        }
        pieces.push(Piece::Name(name));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    Some(pieces)
}
