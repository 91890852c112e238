//! Responses: `schema` → `content` under every `produces` type, `headers` with their type
//! moved into a `schema`, `examples` by media type → each content's `example`.

use serde_yaml::{Mapping, Value};

use super::{Convert, Media, key};
use crate::pointer::Pointer;

/// Media types that are JSON, for deciding where a file response goes.
fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.to_ascii_lowercase().ends_with("+json")
}

impl Convert<'_, '_> {
    /// The `content` of the body at `body`: `schema` (written at `written`) under each media
    /// type, each recorded as moved from `written`.
    pub(super) fn content(
        &mut self,
        body: &Pointer,
        media: Vec<String>,
        schema: &Value,
        written: &Pointer,
    ) -> Mapping {
        let mut content = Mapping::new();
        for media in media {
            let place = body.push("content").push(&media).push("schema");
            self.origins.record(&place, written);
            content.insert(
                Value::from(media),
                Value::Mapping(Mapping::from_iter([(key("schema"), schema.clone())])),
            );
        }
        content
    }

    /// A body's `content` is where its media types are written: `consumes` or `produces`,
    /// or, when neither is, the place of its schema.
    pub(super) fn record_content(&mut self, body: &Pointer, media: &Media, schema: &Pointer) {
        let written = media.at.clone().unwrap_or_else(|| schema.clone());
        self.origins.report_at(&body.push("content"), &written);
    }

    /// A `responses` map written at `old`, placed at `new`.
    pub(super) fn responses(
        &mut self,
        responses: &Mapping,
        produces: &Media,
        old: &Pointer,
        new: &Pointer,
    ) -> Mapping {
        responses
            .iter()
            .map(|(status, response)| {
                let label = match status {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => String::new(),
                };
                let converted = match response {
                    Value::Mapping(r) if !r.contains_key("$ref") => {
                        self.response(r, produces, &old.push(&label), &new.push(&label))
                    }
                    _ => response.clone(),
                };
                (status.clone(), converted)
            })
            .collect()
    }

    fn response(
        &mut self,
        response: &Mapping,
        produces: &Media,
        old: &Pointer,
        new: &Pointer,
    ) -> Value {
        let mut out = Mapping::new();
        for (name, value) in response {
            match name.as_str() {
                Some("schema" | "headers" | "examples") => {}
                _ => {
                    out.insert(name.clone(), value.clone());
                }
            }
        }
        if let Some(Value::Mapping(headers)) = response.get("headers") {
            let converted = headers
                .iter()
                .map(|(name, header)| {
                    let label = name.as_str().unwrap_or_default();
                    let (written, placed) = (
                        old.push("headers").push(label),
                        new.push("headers").push(label),
                    );
                    (name.clone(), self.header(header, &written, &placed))
                })
                .collect();
            out.insert(key("headers"), Value::Mapping(converted));
        }
        if let Some(schema) = response.get("schema") {
            let written = old.push("schema");
            let converted = self.schema(schema, &written, 0);
            let file = converted.get("format").and_then(Value::as_str) == Some("binary")
                && schema.get("type").and_then(Value::as_str) == Some("file");
            self.record_content(new, produces, &written);
            let mut media = produces.or_json();
            if file && media.iter().all(|m| is_json(m)) {
                if !produces.types.is_empty() {
                    self.cx.warn(
                        &written.push("type"),
                        "a file response is binary, but `produces` lists only JSON; \
                         it is read as application/octet-stream",
                    );
                }
                media = vec![String::from("application/octet-stream")];
            }
            let mut content = self.content(new, media, &converted, &written);
            self.examples(response, &mut content, old);
            out.insert(key("content"), Value::Mapping(content));
        } else if response.contains_key("examples") {
            self.cx.warn(
                &old.push("examples"),
                "examples of a response without a `schema` are ignored",
            );
        }
        Value::Mapping(out)
    }

    /// `examples: {media type: value}` → the `example` of that content.
    fn examples(&mut self, response: &Mapping, content: &mut Mapping, old: &Pointer) {
        let Some(Value::Mapping(examples)) = response.get("examples") else {
            return;
        };
        for (media, example) in examples {
            let label = media.as_str().unwrap_or_default();
            match content.get_mut(media).and_then(Value::as_mapping_mut) {
                Some(entry) => {
                    entry.insert(key("example"), example.clone());
                }
                None => self.cx.warn(
                    &old.push("examples").push(label),
                    format!("an example for `{label}`, which `produces` does not list, is ignored"),
                ),
            }
        }
    }

    /// A response header: its type moves into a `schema`.
    fn header(&mut self, header: &Value, old: &Pointer, new: &Pointer) -> Value {
        let Value::Mapping(header) = header else {
            return header.clone();
        };
        self.origins.record(new, old);
        self.origins.report_at(&new.push("schema"), old);
        let mut out = Mapping::new();
        for (name, value) in header {
            if matches!(name.as_str(), Some("description")) || super::is_extension(name) {
                out.insert(name.clone(), value.clone());
            }
        }
        if header.get("type").and_then(Value::as_str) == Some("array") {
            // A header array is comma-separated in both versions; other layouts are not.
            if let Some(format) = header.get("collectionFormat").and_then(Value::as_str) {
                if format != "csv" {
                    self.cx.warn(
                        &old.push("collectionFormat"),
                        format!(
                            "OpenAPI 3.0 has no `{format}` layout for a header; \
                             it is read comma-separated"
                        ),
                    );
                }
            }
        }
        if let Some(schema) = self.value_schema(header, old, false, 0) {
            out.insert(key("schema"), schema);
        }
        Value::Mapping(out)
    }
}
