//! `servers[0]` → a URL template the client can fill in.

use super::Lower;
use super::template::{Piece, template_pieces};
use crate::diag::Pointer;
use crate::ir::{Server, ServerVariable, UrlPart};
use crate::naming::{self, Scope};

impl Lower<'_, '_> {
    /// The first server's URL when it is relative and says more than `/`.
    pub(super) fn relative_server(&self) -> Option<String> {
        let url = &self.doc.servers.first()?.url;
        let path = url.trim_end_matches('/');
        (!url.contains("://") && !path.is_empty()).then(|| path.to_owned())
    }

    /// The first server, when it is an absolute URL whose variables are all declared.
    pub(super) fn server(&self) -> Option<Server> {
        let cx = self.cx;
        let server = self.doc.servers.first()?;
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
        let mut idents = Scope::default();
        if variables
            .iter()
            .any(|v| idents.claim(&v.ident, v.wire_name.as_str()).is_err())
        {
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
}
