//! `multipart/form-data` bodies (RFC 7578). The framing is built in memory; a file part's
//! content may be a file or a stream (a [`Body`]), sent as it is read: the signer marks
//! multipart bodies `UNSIGNED-PAYLOAD`, as the official SDK does, so nothing is hashed.
//!
//! Generated code implements [`MultipartBody`] for each multipart body type: file fields
//! become file parts, every other field goes through [`Multipart::value`] (text for scalars,
//! one part per item for arrays of scalars, JSON for objects — the OpenAPI defaults).

use std::fmt;

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::style::text;
use crate::upload::Body;

/// Binary content (`type: string, format: binary`): bytes, a file or a stream (a
/// [`Body`]), and optionally the file name and media type a multipart part announces. In
/// JSON it can only be text in memory.
#[derive(Clone, PartialEq, Eq)]
pub struct File {
    body: Body,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl File {
    /// Content without a file name; sent as `application/octet-stream`. Bytes are kept in
    /// memory; [`Body::from_file`] or [`Body::from_stream`] content is read as it is sent.
    pub fn new(body: impl Into<Body>) -> Self {
        Self {
            body: body.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name announced in the part's `Content-Disposition`.
    #[must_use]
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's `Content-Type` (default `application/octet-stream`).
    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The content.
    pub fn body(&self) -> &Body {
        &self.body
    }

    /// The content, when it is in memory.
    pub fn bytes(&self) -> Option<&Bytes> {
        self.body.as_bytes()
    }

    /// The file name, if any.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The media type, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("body", &self.body)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl Serialize for File {
    /// JSON has no bytes: the content goes as a string when it is UTF-8 in memory, else it
    /// is an error.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(bytes) = self.body.as_bytes() else {
            return Err(serde::ser::Error::custom(
                "file or stream content cannot be sent as JSON",
            ));
        };
        match std::str::from_utf8(bytes) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => Err(serde::ser::Error::custom(
                "binary content that is not UTF-8 cannot be sent as JSON",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| Self::new(text.into_bytes()))
    }
}

/// A body type that knows its parts (implemented by generated code).
pub trait MultipartBody {
    /// Adds every set field as a part.
    fn write_parts(&self, form: &mut Multipart) -> Result<(), serde_json::Error>;
}

/// The parts of a `multipart/form-data` body under construction.
#[derive(Debug, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Debug)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    body: Body,
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text part.
    pub fn text(&mut self, name: &str, value: impl Into<String>) {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            body: Body::from(value.into()),
        });
    }

    /// A file part.
    pub fn file(&mut self, name: &str, file: &File) {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: Some(file.file_name.clone().unwrap_or_else(|| name.to_owned())),
            content_type: Some(
                file.content_type
                    .clone()
                    .unwrap_or_else(|| String::from("application/octet-stream")),
            ),
            body: file.body.clone(),
        });
    }

    /// Any other field: scalars as text, arrays of scalars as one part per item, objects
    /// (and arrays holding them) as one `application/json` part; `null` sends nothing.
    pub fn value<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        match serde_json::to_value(value)? {
            Value::Null => {}
            Value::String(text) => self.text(name, text),
            Value::Array(items) if items.iter().all(is_scalar) => {
                for item in items.iter().filter(|i| !i.is_null()) {
                    self.text(name, text(item));
                }
            }
            scalar @ (Value::Bool(_) | Value::Number(_)) => self.text(name, text(&scalar)),
            structured => self.parts.push(Part {
                name: name.to_owned(),
                file_name: None,
                content_type: Some(String::from("application/json")),
                body: Body::from(serde_json::to_vec(&structured)?),
            }),
        }
        Ok(())
    }

    /// Every property of an object (a flattened field) as its own part, by [`Multipart::value`].
    pub fn fields<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        match serde_json::to_value(value)? {
            Value::Object(map) => {
                for (key, item) in &map {
                    self.value(key, item)?;
                }
                Ok(())
            }
            Value::Null => Ok(()),
            _ => Err(serde::ser::Error::custom(
                "flattened multipart fields must be an object",
            )),
        }
    }

    /// The `Content-Type` header value and the body, with a boundary that occurs in no part
    /// in memory (a streamed part is not read first: 128 random bits make a clash with its
    /// content as unlikely as guessing them). The body is in memory when every part is.
    pub(crate) fn finish(self) -> (String, Body) {
        let boundary = loop {
            let candidate = format!(
                "apigen-{:016x}{:016x}",
                fastrand::u64(..),
                fastrand::u64(..)
            );
            let needle = candidate.as_bytes();
            let clash = self
                .parts
                .iter()
                .filter_map(|p| p.body.as_bytes())
                .any(|bytes| bytes.windows(needle.len()).any(|window| window == needle));
            if !clash {
                break candidate;
            }
        };
        let mut pieces: Vec<Body> = Vec::with_capacity(self.parts.len() * 2 + 1);
        let mut body = Vec::new();
        for part in self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("form-data; name=\"{}\"", quote(&part.name));
            if let Some(file_name) = &part.file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quote(file_name)));
            }
            body.extend_from_slice(format!("Content-Disposition: {disposition}\r\n").as_bytes());
            if let Some(content_type) = &part.content_type {
                let content_type = quote(content_type);
                body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            pieces.push(Body::from(std::mem::take(&mut body)));
            pieces.push(part.body);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        pieces.push(Body::from(body));
        (
            format!("multipart/form-data; boundary={boundary}"),
            Body::chain(pieces),
        )
    }
}

fn is_scalar(value: &Value) -> bool {
    !(value.is_array() || value.is_object())
}

/// Escapes a name for a quoted header parameter as browsers do (WHATWG): `"` → `%22`,
/// CR → `%0D`, LF → `%0A`, so no value can end the header or start another.
fn quote(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parts_are_framed_by_a_fresh_boundary() {
        let mut form = Multipart::new();
        form.text("purpose", "fine-tune");
        form.file(
            "file",
            &File::new(&b"\x00\x01--x"[..]).with_file_name("a\"b\r\n.jsonl"),
        );
        form.value("meta", &json!({"k": [1]})).unwrap();
        form.value("tags", &json!(["a", 2, null])).unwrap();
        form.value("none", &json!(null)).unwrap();
        let (content_type, body) = form.finish();
        let body = body.as_bytes().expect("every part is in memory").to_vec();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%22b%0D%0A.jsonl\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n\x00\x01--x\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":[1]}}\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\n2\r\n\
             --{b}--\r\n",
            b = boundary
        );
        assert_eq!(String::from_utf8_lossy(&body), expected);
    }

    #[test]
    fn files_in_json_are_text_only() {
        assert_eq!(serde_json::to_value(File::new("hi")).unwrap(), json!("hi"));
        assert!(serde_json::to_value(File::new(vec![0xff, 0xfe])).is_err());
        let back: File = serde_json::from_value(json!("x")).unwrap();
        assert_eq!(back.bytes().map(|b| &b[..]), Some(&b"x"[..]));
        assert_eq!(
            format!("{:?}", File::new("secret contents")),
            "File { body: Body::Bytes(15 bytes), file_name: None, content_type: None }"
        );
    }
}
