//! `x-apigen-pagination` (or the build settings' [`Pagination`]) → [`ir::Pagination`]: which
//! parameters and response members move a paginated stream on, checked against the
//! operation's parameters and its success body.
//!
//! ```yaml
//! x-apigen-pagination:
//!   style: offset        # offset | cursor | link
//!   offset: offset       # offset: the parameter holding the first item's position
//!   limit: limit         # offset: the page-size parameter (optional)
//!   cursor: marker       # cursor: the parameter the next marker goes into
//!   next: /next_marker   # cursor: JSON pointer to the next marker in the body
//!   items: /backups      # JSON pointer to the item list in the body ("" or absent: the body)
//! ```

use serde_json::Value;

use super::Lower;
use crate::diag::Pointer;
use crate::ir::{
    self, Encoding, Member, PagingStyle, Param, ParamLocation, Response, TypeKind, TypeRef,
};
use crate::settings::{Pagination, PaginationStyle};

/// The operation extension that marks an operation paginated.
pub(super) const PAGINATION_EXTENSION: &str = "x-apigen-pagination";

/// Where a pagination description came from, for messages.
#[derive(Clone, Copy)]
enum Source<'p> {
    /// The document, at this pointer (the extension).
    Document(&'p Pointer),
    /// The build settings, for the operation at this pointer.
    Settings(&'p Pointer),
}

impl Source<'_> {
    /// Where a problem with `key` is reported.
    fn at(&self, key: &str) -> Pointer {
        match self {
            Source::Document(at) => at.push(key),
            Source::Settings(at) => (*at).clone(),
        }
    }

    /// The message, saying where the description came from when that is not the pointer.
    fn say(&self, message: String) -> String {
        match self {
            Source::Document(_) => message,
            Source::Settings(_) => format!("the pagination settings: {message}"),
        }
    }
}

impl Lower<'_, '_> {
    /// The operation's pagination: from the settings when they name it, else from its
    /// extension. `Some(None)`: not paginated; `None`: described but not usable (reported).
    #[allow(clippy::option_option, reason = "absent, present, or reported")]
    pub(super) fn pagination(
        &self,
        pointer: &Pointer,
        extension: Option<&Value>,
        setting: Option<&Pagination>,
        params: &[Param],
        responses: &[Response],
    ) -> Option<Option<ir::Pagination>> {
        let at = pointer.push(PAGINATION_EXTENSION);
        let (described, source) = match (setting, extension) {
            (Some(setting), _) => (setting.clone(), Source::Settings(pointer)),
            (None, Some(value)) => (self.parse_pagination(&at, value)?, Source::Document(&at)),
            (None, None) => return Some(None),
        };
        let page = self.page_type(source, responses)?;
        let param = |key: &str, name: &str, integer: bool| {
            self.paging_param(source, key, name, integer, params)
        };
        let style = match &described.style {
            PaginationStyle::Offset { offset } => {
                let offset = param("offset", offset, true);
                let limit = described
                    .limit
                    .as_deref()
                    .map(|name| param("limit", name, true));
                PagingStyle::Offset {
                    offset: offset?,
                    limit: limit.map_or(Some(None), |l| l.map(Some))?,
                }
            }
            PaginationStyle::Cursor { cursor, next } => {
                let index = param("cursor", cursor, false)?;
                let (next, ty) = self.member_path(source, "next", &page, next)?;
                let wanted = self.types.resolve_alias(&params[index].ty);
                if self.types.resolve_alias(&ty) != wanted {
                    self.cx.error(
                        &source.at("next"),
                        source.say(format!(
                            "the next marker is {}, but parameter `{cursor}` takes {}",
                            ty, wanted
                        )),
                    );
                    return None;
                }
                PagingStyle::Cursor {
                    cursor: index,
                    next,
                }
            }
            PaginationStyle::Link => PagingStyle::Link,
        };
        let (items, list) = self.member_path(source, "items", &page, &described.items)?;
        let TypeRef::Array(item_ty) = self.types.resolve_alias(&list) else {
            self.cx.error(
                &source.at("items"),
                source.say(format!(
                    "`{}` is {list} in the success body, not a list of items",
                    described.items
                )),
            );
            return None;
        };
        Some(Some(ir::Pagination {
            style,
            items,
            item_ty: *item_ty,
        }))
    }

    /// The extension's value as a [`Pagination`]; unknown keys are warned about.
    fn parse_pagination(&self, at: &Pointer, value: &Value) -> Option<Pagination> {
        let Value::Object(map) = value else {
            self.cx.error_hint(
                at,
                format!("`{PAGINATION_EXTENSION}` must be an object"),
                "e.g. `{style: offset, offset: offset, limit: limit, items: /items}`",
            );
            return None;
        };
        let text = |key: &str| -> Option<Option<String>> {
            match map.get(key) {
                None => Some(None),
                Some(Value::String(s)) => Some(Some(s.clone())),
                Some(other) => {
                    self.cx.error(
                        &at.push(key),
                        format!("`{key}` must be a string, not {other}"),
                    );
                    None
                }
            }
        };
        let required = |key: &str, style: &str| -> Option<String> {
            let value = text(key)?;
            if value.is_none() {
                self.cx.error(
                    at,
                    format!("`{PAGINATION_EXTENSION}` with `style: {style}` needs `{key}`"),
                );
            }
            value
        };
        let style = text("style")?;
        let (style, keys): (PaginationStyle, &[&str]) = match style.as_deref() {
            Some("offset") => (
                PaginationStyle::Offset {
                    offset: required("offset", "offset")?,
                },
                &["style", "offset", "limit", "items"],
            ),
            Some("cursor") => (
                PaginationStyle::Cursor {
                    cursor: required("cursor", "cursor")?,
                    next: required("next", "cursor")?,
                },
                &["style", "cursor", "next", "items"],
            ),
            Some("link") => (PaginationStyle::Link, &["style", "items"]),
            Some(other) => {
                self.cx.error_hint(
                    &at.push("style"),
                    format!("unknown pagination style `{other}`"),
                    "one of `offset`, `cursor`, `link`",
                );
                return None;
            }
            None => {
                self.cx.error_hint(
                    at,
                    format!("`{PAGINATION_EXTENSION}` needs a `style`"),
                    "one of `offset`, `cursor`, `link`",
                );
                return None;
            }
        };
        for key in map.keys().filter(|k| !keys.contains(&k.as_str())) {
            self.cx.warn(
                &at.push(key),
                format!(
                    "`{key}` means nothing to this pagination style; it is ignored (known: {})",
                    keys.join(", ")
                ),
            );
        }
        Some(Pagination {
            style,
            limit: text("limit")?,
            items: text("items")?.unwrap_or_default(),
        })
    }

    /// The one JSON body every success response has: what a page is.
    fn page_type(&self, source: Source<'_>, responses: &[Response]) -> Option<TypeRef> {
        let mut bodies = responses
            .iter()
            .filter(|r| r.success)
            .map(|r| match &r.body {
                Some(body) if body.encoding == Encoding::Json && r.headers.is_empty() => {
                    Some(body.ty.clone())
                }
                _ => None,
            });
        let first = bodies.next().flatten();
        match first {
            Some(ty) if bodies.all(|other| other.as_ref() == Some(&ty)) => Some(ty),
            _ => {
                self.cx.error(
                    &source.at("style"),
                    source.say(String::from(
                        "a paginated operation needs one JSON body shared by every success \
                         response, without declared headers",
                    )),
                );
                None
            }
        }
    }

    /// The index of the parameter named `name` on the wire, which a stream can set: a
    /// query or header parameter the caller gives, optional unless it only sizes pages,
    /// an integer when `integer`.
    fn paging_param(
        &self,
        source: Source<'_>,
        key: &str,
        name: &str,
        integer: bool,
        params: &[Param],
    ) -> Option<usize> {
        let fail = |problem: String| {
            self.cx.error(
                &source.at(key),
                source.say(format!("`{key}: {name}`: {problem}")),
            );
            None
        };
        let Some(index) = params.iter().position(|p| p.wire_name == name) else {
            let names: Vec<&str> = params.iter().map(|p| p.wire_name.as_str()).collect();
            return fail(format!(
                "the operation has no parameter `{name}` (it has: {})",
                if names.is_empty() {
                    String::from("none")
                } else {
                    names.join(", ")
                }
            ));
        };
        let p = &params[index];
        if !matches!(p.location, ParamLocation::Query | ParamLocation::Header) || p.client.is_some()
        {
            return fail(String::from(
                "the stream can only set query and header parameters",
            ));
        }
        if p.structured || matches!(p.ty, TypeRef::Array(_)) {
            return fail(String::from("it must be a single value"));
        }
        if integer && !matches!(self.types.resolve_alias(&p.ty), TypeRef::Integer(_)) {
            return fail(format!("it must be an integer, not {}", p.ty));
        }
        if p.required && key != "limit" {
            return fail(String::from(
                "it must be optional: the first page is asked for without it",
            ));
        }
        Some(index)
    }

    /// The fields a JSON pointer into `page` goes through, and the type it ends at.
    fn member_path(
        &self,
        source: Source<'_>,
        key: &str,
        page: &TypeRef,
        pointer: &str,
    ) -> Option<(Vec<Member>, TypeRef)> {
        let fail = |problem: String| {
            self.cx.error(
                &source.at(key),
                source.say(format!("`{key}: {pointer}`: {problem}")),
            );
            None
        };
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return fail(String::from(
                "a JSON pointer into the success body starts with `/` (or is empty)",
            ));
        }
        let mut ty = page.clone();
        let mut members = Vec::new();
        for token in Pointer::from_fragment(pointer).tokens() {
            let fields = match self.types.definition(&ty).map(|d| &d.kind) {
                Some(TypeKind::Struct(fields)) => fields,
                _ => return fail(format!("{ty} has no members, so no `{token}`")),
            };
            let Some(field) = fields.iter().find(|f| f.wire_name == token && !f.flatten) else {
                return fail(format!("{ty} has no member `{token}`"));
            };
            members.push(Member {
                ident: field.ident.clone(),
                optional: !field.required || field.nullable,
            });
            ty = field.ty.clone();
        }
        Some((members, ty))
    }
}
