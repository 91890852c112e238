//! The request body of an operation.

use openapiv3::{MediaType, ReferenceOr, RequestBody as OaBody};

use super::Lower;
use super::media::{essence, is_token, pick_content};
use super::parameters::style_of;
use crate::diag::Pointer;
use crate::ir::{Encoding, FormEncoding, RequestBody, TypeRef};

impl<'d> Lower<'_, 'd> {
    /// The request body: the `content` entry used, its type, and how it is encoded; `None` when
    /// it cannot be sent (reported).
    pub(super) fn request_body(
        &mut self,
        pointer: &Pointer,
        body: &'d ReferenceOr<OaBody>,
        prefix: &str,
    ) -> Option<RequestBody> {
        let components = self.doc.components.as_ref().map(|c| &c.request_bodies);
        let body = self.item_or_component(pointer, body, "requestBodies", components)?;
        let (media_type, content, encoding) = pick_content(self.cx, pointer, &body.content, true)?;
        let kind = essence(media_type);
        let kind = kind.split('/').next().unwrap_or("");
        if !is_token(kind) || media_type.bytes().any(|b| b.is_ascii_control()) {
            self.cx.error(
                &pointer.push("content"),
                format!("media type `{media_type}` cannot be sent as a header"),
            );
            return None;
        }
        let at = pointer.push("content").push(media_type).push("schema");
        let ty = match (encoding, &content.schema) {
            (Encoding::Text, _) => TypeRef::String,
            (Encoding::Binary, _) => TypeRef::Body,
            (Encoding::Json | Encoding::Form | Encoding::Multipart, Some(schema)) => {
                self.type_of(&at, schema, &format!("{prefix}Body"))?
            }
            (Encoding::Json, None) => TypeRef::Json,
            (Encoding::Form | Encoding::Multipart, None) => {
                self.cx
                    .error(&at, "a form or multipart body needs a schema (an object)");
                return None;
            }
        };
        // Multipart emission looks the struct up by name.
        let ty = if encoding == Encoding::Multipart {
            self.types.resolve_alias(&ty)
        } else {
            ty
        };
        if encoding == Encoding::Multipart && !self.types.is_struct(&ty) {
            self.cx.error_hint(
                &at,
                "a multipart body must be an object with properties",
                "`multipart/form-data` sends one part per property",
            );
            return None;
        }
        if encoding == Encoding::Form && !self.types.is_object(&ty) {
            self.cx.error_hint(
                &at,
                "a form body must be an object",
                "`application/x-www-form-urlencoded` sends the fields of an object",
            );
            return None;
        }
        let form_encodings = if encoding == Encoding::Form {
            form_encodings(content)
        } else {
            Vec::new()
        };
        Some(RequestBody {
            media_type: media_type.clone(),
            encoding,
            ty,
            required: body.required,
            description: body.description.clone(),
            form_encodings,
        })
    }
}

/// The `encoding` entries of a form body that set a layout (`style`, `explode`).
fn form_encodings(content: &MediaType) -> Vec<FormEncoding> {
    content
        .encoding
        .iter()
        .filter_map(|(name, e)| {
            // The parser reads a missing `explode` as `false`, so only entries that name a
            // `style` are taken, with `explode` as written (Stripe writes both).
            Some(FormEncoding {
                name: name.clone(),
                style: style_of(e.style.as_ref()?),
                explode: e.explode,
            })
        })
        .collect()
}
