//! An operation's responses: which statuses succeed, each body's type and decoding, and the
//! headers a success declares.

use openapiv3::{
    Operation as OaOperation, ParameterSchemaOrContent, ReferenceOr, Response as OaResponse,
    StatusCode,
};

use super::Lower;
use super::media::{is_json, is_token, pick_content};
use crate::diag::Pointer;
use crate::ir::{Encoding, Response, ResponseBody, ResponseHeader, StatusMatch, TypeRef};
use crate::naming::{self, Scope};

impl<'d> Lower<'_, 'd> {
    /// The declared responses, most specific first (exact codes, ranges, `default`), each with
    /// its body and, on success, its typed headers; `None` when one could not be lowered
    /// (reported).
    pub(super) fn responses(
        &mut self,
        pointer: &Pointer,
        op: &'d OaOperation,
        prefix: &str,
    ) -> Option<Vec<Response>> {
        let cx = self.cx;
        let components = self.doc.components.as_ref().map(|c| &c.responses);
        let mut declared: Vec<(StatusMatch, Pointer, &ReferenceOr<OaResponse>)> = Vec::new();
        for (status, response) in &op.responses.responses {
            let status = match status {
                StatusCode::Code(code) => StatusMatch::Code(*code),
                StatusCode::Range(r) => StatusMatch::Range(*r),
            };
            let key = status.key();
            let at = pointer.push(&key);
            let valid = match status {
                StatusMatch::Code(c) => (100..=599).contains(&c),
                StatusMatch::Range(r) => (1..=5).contains(&r),
                StatusMatch::Default => true,
            };
            if !valid {
                cx.error(&at, format!("`{key}` is not an HTTP status"));
                return None;
            }
            declared.push((status, at, response));
        }
        if let Some(default) = &op.responses.default {
            // An operation that declares nothing but `default` describes every answer with it:
            // its 2XX answers are the success, the rest errors.
            if declared.is_empty() {
                declared.push((StatusMatch::Range(2), pointer.push("default"), default));
            }
            declared.push((StatusMatch::Default, pointer.push("default"), default));
        }
        declared.sort_by_key(|(status, ..)| *status);
        // Without a 2XX, declared 1XX/3XX answers are the expected outcome (a login that
        // redirects): they count as success. Redirects are never followed, so they arrive.
        let hundreds = |status: &StatusMatch| match status {
            StatusMatch::Code(c) => Some(c / 100),
            StatusMatch::Range(r) => Some(*r),
            StatusMatch::Default => None,
        };
        let has_2xx = declared
            .iter()
            .any(|(status, ..)| hundreds(status) == Some(2));
        let mut list = Vec::new();
        let mut ok = true;
        for (status, at, response) in declared {
            let Some(response) = self.item_or_component(&at, response, "responses", components)
            else {
                ok = false;
                continue;
            };
            let is_success = match hundreds(&status) {
                Some(2) => true,
                Some(1 | 3) => !has_2xx,
                _ => false,
            };
            let variant = naming::status_variant(status);
            let Some(body) = self.response_body(&at, response, is_success, prefix, status) else {
                ok = false;
                continue;
            };
            // Headers are read on success; an API error keeps them raw.
            let headers = if is_success {
                match self.response_headers(&at, response, &format!("{prefix}{variant}")) {
                    Some(headers) => headers,
                    None => {
                        ok = false;
                        continue;
                    }
                }
            } else {
                Vec::new()
            };
            list.push(Response {
                status,
                success: is_success,
                body,
                headers,
                variant,
                description: response.description.clone(),
            });
        }
        if !ok {
            return None;
        }
        if !list.iter().any(|r| r.success) {
            // Nothing to type (`responses: {}`, or only errors for a retired endpoint): any 2XX
            // is the success, its body handed over as a stream with status and headers.
            cx.warn(
            pointer,
            "the operation declares no success (2XX) response, nor a 1XX or 3XX one; any 2XX is accepted, its body returned as a byte stream",
        );
            let at = list
                .iter()
                .position(|r| r.status == StatusMatch::Default)
                .unwrap_or(list.len());
            let status = StatusMatch::Range(2);
            list.insert(
                at,
                Response {
                    status,
                    success: true,
                    body: Some(ResponseBody {
                        ty: TypeRef::ByteStream,
                        encoding: Encoding::Binary,
                    }),
                    headers: Vec::new(),
                    variant: naming::status_variant(status),
                    description: String::from("Any success (not declared in the document)."),
                },
            );
        }
        Some(list)
    }

    /// The decoded body of one response. A success body is decoded by its media type; an error
    /// body is decoded only when it is JSON (otherwise it stays raw in the error). `None`: the
    /// response could not be lowered (reported).
    #[allow(clippy::option_option)]
    fn response_body(
        &mut self,
        at: &Pointer,
        response: &OaResponse,
        is_success: bool,
        prefix: &str,
        status: StatusMatch,
    ) -> Option<Option<ResponseBody>> {
        let chosen = if response.content.is_empty() {
            None
        } else if is_success {
            Some(pick_content(self.cx, at, &response.content, false)?)
        } else {
            response
                .content
                .iter()
                .find(|(m, _)| is_json(m))
                .map(|(m, c)| (m, c, Encoding::Json))
        };
        let Some((media_type, content, encoding)) = chosen else {
            return Some(None);
        };
        let ty = match encoding {
            Encoding::Text => TypeRef::String,
            Encoding::Binary | Encoding::Form | Encoding::Multipart => TypeRef::ByteStream,
            Encoding::Json => match &content.schema {
                Some(schema) => {
                    let hint = naming::response_body_hint(prefix, is_success, status);
                    let schema_at = at.push("content").push(media_type).push("schema");
                    self.type_of(&schema_at, schema, &hint)?
                }
                None => TypeRef::Json,
            },
        };
        Some(Some(ResponseBody { ty, encoding }))
    }

    /// A response's declared headers that have a type the client can read from text: scalars,
    /// enums, and arrays of those (`simple` style). Others are left in the raw header map with a
    /// warning; `Content-Type` is ignored, as OpenAPI says. `None`: a schema failed (reported).
    fn response_headers(
        &mut self,
        at: &Pointer,
        response: &'d OaResponse,
        hint: &str,
    ) -> Option<Vec<ResponseHeader>> {
        let cx = self.cx;
        let components = self.doc.components.as_ref().map(|c| &c.headers);
        let mut out: Vec<ResponseHeader> = Vec::new();
        let mut idents = Scope::reserving([naming::BODY], "the response body");
        let mut ok = true;
        for (name, header) in &response.headers {
            let hat = at.push("headers").push(name);
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let Some(header) = self.item_or_component(&hat, header, "headers", components) else {
                ok = false;
                continue;
            };
            if !is_token(name) {
                cx.warn(
                    &hat,
                    format!("`{name}` is not a valid HTTP header name; it is not read"),
                );
                continue;
            }
            let ParameterSchemaOrContent::Schema(schema) = &header.format else {
                cx.warn(
                &hat,
                format!(
                    "header `{name}` is described with `content`; it is not read into a field (it stays in `ApiResponse::headers`)"
                ),
            );
                continue;
            };
            let Some(ty) = self.type_of(
                &hat.push("schema"),
                schema,
                &format!("{hint}{}", naming::pascal(name)),
            ) else {
                ok = false;
                continue;
            };
            let ty = match self.types.resolve_alias(&ty) {
                TypeRef::Array(item) => TypeRef::Array(Box::new(self.types.resolve_alias(&item))),
                other => other,
            };
            let readable = match &ty {
                TypeRef::Array(item) => self.header_scalar(item),
                other => self.header_scalar(other),
            };
            if !readable {
                cx.warn(
                &hat.push("schema"),
                format!(
                    "header `{name}` is not a string, number, boolean, string enum or array of those; it is not read into a field (it stays in `ApiResponse::headers`)"
                ),
            );
                continue;
            }
            let ident = idents.fresh(&naming::snake(name), "_", name.as_str());
            out.push(ResponseHeader {
                ident,
                wire_name: name.clone(),
                ty,
                required: header.required,
                description: header.description.clone(),
            });
        }
        ok.then_some(out)
    }

    /// Whether a header value of this type is read from its text (`FromStr`).
    fn header_scalar(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String
            | TypeRef::Secret
            | TypeRef::Bool
            | TypeRef::Integer(_)
            | TypeRef::Float(_) => true,
            TypeRef::Named(_) => self.types.is_open_string_enum(ty),
            _ => false,
        }
    }
}
