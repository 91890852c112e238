//! `multipart/form-data` bodies (RFC 7578), built in memory so the exact bytes can be signed.
//!
//! Generated code implements [`MultipartBody`] for each multipart body type: file fields
//! become file parts, every other field goes through [`Multipart::value`] (text for scalars,
//! one part per item for arrays of scalars, JSON for objects — the OpenAPI defaults).

use std::fmt;

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::style::text;

/// Binary content (`type: string, format: binary`): the bytes, and optionally the file name
/// and media type a multipart part announces. In JSON it can only be text.
#[derive(Clone, PartialEq, Eq)]
pub struct File {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl File {
    /// Content without a file name; sent as `application/octet-stream`.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self {
            bytes: bytes.into(),
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
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
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
            .field("bytes", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl Serialize for File {
    /// JSON has no bytes: the content goes as a string when it is UTF-8, else it is an error.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.bytes) {
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
    bytes: Bytes,
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
            bytes: Bytes::from(value.into()),
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
            bytes: file.bytes.clone(),
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
                bytes: Bytes::from(serde_json::to_vec(&structured)?),
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

    /// The `Content-Type` header value and the body bytes, with a boundary that occurs in no
    /// part.
    pub(crate) fn finish(self) -> (String, Vec<u8>) {
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
                .any(|p| p.bytes.windows(needle.len()).any(|window| window == needle));
            if !clash {
                break candidate;
            }
        };
        let mut body = Vec::new();
        for part in &self.parts {
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
            body.extend_from_slice(&part.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
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
        assert_eq!(back.bytes().as_ref(), b"x");
        assert_eq!(
            format!("{:?}", File::new("secret contents")),
            "File { bytes: 15, file_name: None, content_type: None }"
        );
    }
}
