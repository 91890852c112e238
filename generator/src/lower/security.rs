//! `components.securitySchemes` → credentials the client holds, and the ones each operation
//! sends.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme as Scheme};

use openapiv3::Operation as OaOperation;

use super::Lower;
use super::media::is_token;
use crate::diag::Pointer;
use crate::ir::{SecurityKind, SecurityScheme};
use crate::naming::{self, Scope};

impl Lower<'_, '_> {
    /// Every supported security scheme, in document order.
    pub(super) fn security_schemes(&self) -> Vec<SecurityScheme> {
        let cx = self.cx;
        let Some(components) = &self.doc.components else {
            return Vec::new();
        };
        let base = Pointer::root().push("components").push("securitySchemes");
        let mut out: Vec<SecurityScheme> = Vec::new();
        // The client's fields: its runtime core, then one credential per scheme.
        let mut idents = Scope::reserving(naming::CLIENT_FIELDS, naming::GENERATED);
        for (name, scheme) in &components.security_schemes {
            let pointer = base.push(name);
            let ReferenceOr::Item(scheme) = scheme else {
                cx.error(&pointer, "a security scheme given as $ref is not supported");
                continue;
            };
            let (kind, description) = match scheme {
                Scheme::APIKey {
                    location,
                    name: key,
                    description,
                    ..
                } => match location {
                    APIKeyLocation::Header => (SecurityKind::HeaderKey(key.clone()), description),
                    APIKeyLocation::Query => (SecurityKind::QueryKey(key.clone()), description),
                    APIKeyLocation::Cookie if is_token(key) => {
                        (SecurityKind::CookieKey(key.clone()), description)
                    }
                    APIKeyLocation::Cookie => {
                        cx.error(
                            &pointer.push("name"),
                            format!("`{key}` is not a valid cookie name"),
                        );
                        continue;
                    }
                },
                Scheme::HTTP {
                    scheme: http,
                    description,
                    ..
                } if http.eq_ignore_ascii_case("bearer") => (SecurityKind::Bearer, description),
                Scheme::HTTP {
                    scheme: http,
                    description,
                    ..
                } if http.eq_ignore_ascii_case("basic") => (SecurityKind::Basic, description),
                Scheme::HTTP { scheme: http, .. } => {
                    cx.error(
                    &pointer.push("scheme"),
                    format!("HTTP authentication scheme `{http}` is not supported (only `bearer` and `basic`)"),
                );
                    continue;
                }
                Scheme::OAuth2 { description, .. } | Scheme::OpenIDConnect { description, .. } => {
                    (SecurityKind::Bearer, description)
                }
            };
            let base = naming::snake(name);
            let other = idents
                .owner(&base)
                .filter(|o| *o != naming::GENERATED)
                .map(str::to_owned);
            if let SecurityKind::HeaderKey(header) = &kind {
                if !is_token(header) {
                    cx.error(
                        &pointer.push("name"),
                        format!("`{header}` is not a valid HTTP header name"),
                    );
                    continue;
                }
            }
            // Taken only once usable, so a later scheme is compared with usable ones only. A
            // scheme named like the client's own field gives way (`core` → `core_2`), and so
            // does one named like an earlier scheme (`api-key` after `api_key`), with a warning.
            let ident = idents.fresh(&base, "_", name.as_str());
            if let Some(other) = other {
                cx.warn(
                    &pointer,
                    format!(
                        "security schemes `{other}` and `{name}` both become `{base}`; this one is `{ident}`"
                    ),
                );
            }
            out.push(SecurityScheme {
                name: name.clone(),
                setter: naming::credential_setter(&ident),
                ident,
                description: description.clone(),
                kind,
            });
        }
        out
    }

    /// The credentials an operation sends: every scheme named in its security requirements
    /// (or the document's), in scheme order; `None` when one is not declared (reported).
    pub(super) fn operation_security(
        &self,
        pointer: &Pointer,
        op: &OaOperation,
        schemes: &[SecurityScheme],
    ) -> Option<Vec<usize>> {
        let (requirements, at) = match &op.security {
            Some(r) => (r, pointer.push("security")),
            None => match &self.doc.security {
                Some(r) => (r, Pointer::root().push("security")),
                None => return Some(Vec::new()),
            },
        };
        let mut used = Vec::new();
        let mut ok = true;
        for (i, requirement) in requirements.iter().enumerate() {
            for name in requirement.keys() {
                match schemes.iter().position(|s| &s.name == name) {
                    Some(index) => used.push(index),
                    None => {
                        let declared = self
                            .doc
                            .components
                            .as_ref()
                            .is_some_and(|c| c.security_schemes.contains_key(name));
                        if !declared {
                            self.cx.error(
                                &at.push(i).push(name),
                                format!("security scheme `{name}` is not declared in components"),
                            );
                        }
                        ok = false;
                    }
                }
            }
        }
        used.sort_unstable();
        used.dedup();
        ok.then_some(used)
    }
}
