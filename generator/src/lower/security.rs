//! `components.securitySchemes` → credentials the client holds.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme as Scheme};

use super::Lower;
use crate::diag::Pointer;
use crate::ir::{SecurityKind, SecurityScheme};
use crate::naming;

/// Every supported security scheme, in document order.
pub(super) fn schemes(lower: &Lower<'_, '_>) -> Vec<SecurityScheme> {
    let cx = lower.cx;
    let Some(components) = &lower.doc.components else {
        return Vec::new();
    };
    let base = Pointer::root().push("components").push("securitySchemes");
    let mut out: Vec<SecurityScheme> = Vec::new();
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
        let ident = naming::snake(name);
        if let Some(other) = out.iter().find(|s| s.ident == ident) {
            cx.error(
                &pointer,
                format!(
                    "security schemes `{}` and `{name}` have the same Rust name `{ident}`",
                    other.name
                ),
            );
            continue;
        }
        if let SecurityKind::HeaderKey(header) = &kind {
            if !is_token(header) {
                cx.error(
                    &pointer.push("name"),
                    format!("`{header}` is not a valid HTTP header name"),
                );
                continue;
            }
        }
        out.push(SecurityScheme {
            name: name.clone(),
            ident,
            description: description.clone(),
            kind,
        });
    }
    out
}

/// Whether `name` is an HTTP token (RFC 9110), i.e. a valid header name.
pub(super) fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
