//! A request under construction. Generated methods describe the request step by step; the
//! first failure is kept and reported when the request is executed, so generated code stays a
//! straight line without error plumbing.

use std::fmt;

use base64::Engine as _;
use reqwest::Method;
use serde::Serialize;

use crate::call::Call;
use crate::error::BuildError;
use crate::multipart::{Multipart, MultipartBody};
use crate::path::encode_segment;
use crate::secret::Secret;
use crate::style::Style;
use crate::upload::Body;

/// A value the client supplies instead of the caller (marked in the document with
/// `x-apigen-client-param`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientParam {
    /// The project id: from `CallOptions::project_id`, else the credentials' project.
    ProjectId,
}

/// A piece of the request path.
#[derive(Debug, Clone)]
pub(crate) enum PathPiece {
    /// Literal text or an already encoded parameter.
    Text(String),
    /// A client-level parameter, filled in (and encoded) when the request is sent.
    Client {
        name: &'static str,
        param: ClientParam,
    },
}

/// A header value, remembering whether it must be hidden.
#[derive(Clone)]
pub(crate) struct HeaderEntry {
    pub(crate) name: String,
    pub(crate) value: String,
    pub(crate) sensitive: bool,
}

impl HeaderEntry {
    pub(crate) fn new(name: &str, value: String, sensitive: bool) -> Self {
        Self {
            name: name.to_owned(),
            value,
            sensitive,
        }
    }
}

/// One HTTP request of a generated operation.
pub struct Request {
    pub(crate) method: Method,
    pub(crate) operation: &'static str,
    pub(crate) path_template: &'static str,
    pub(crate) path: Vec<PathPiece>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<HeaderEntry>,
    pub(crate) body: Option<(String, Body)>,
    /// Success statuses whose body is handed over unread ([`Request::stream_when`]).
    pub(crate) stream_when: Option<fn(u16) -> bool>,
    pub(crate) error: Option<BuildError>,
    /// A credential travels in the query string, so the URL must never be shown.
    pub(crate) secret_in_url: bool,
    /// Headers the caller added to this call ([`Call::header`]): they replace same-named
    /// ones and are hidden like credentials.
    pub(crate) extra_headers: Vec<(String, String)>,
    /// A next-page URL sent instead of the path and query ([`Call::follow`]).
    pub(crate) follow: Option<String>,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|h| {
                (
                    h.name.as_str(),
                    if h.sensitive {
                        crate::secret::REDACTED
                    } else {
                        h.value.as_str()
                    },
                )
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("operation", &self.operation)
            .field("path_template", &self.path_template)
            .field("headers", &headers)
            .field("query_params", &self.query.len())
            .field("body", &self.body.as_ref().map(|(_, b)| b))
            .field(
                "extra_headers",
                &self
                    .extra_headers
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl Request {
    /// Starts a request; `path_template` is the document's path, kept for tracing.
    pub fn new(method: Method, path_template: &'static str) -> Self {
        Self {
            method,
            operation: "",
            path_template,
            path: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            stream_when: None,
            error: None,
            secret_in_url: false,
            extra_headers: Vec::new(),
            follow: None,
        }
    }

    /// Names the operation (its `operationId`), for tracing.
    pub fn operation(mut self, operation_id: &'static str) -> Self {
        self.operation = operation_id;
        self
    }

    /// The document's path template, e.g. `/v3/{project_id}/backups/{backup_id}/restore`.
    pub fn path_template(&self) -> &'static str {
        self.path_template
    }

    /// Appends a literal part of the path template, as written in the document.
    pub fn path_literal(mut self, literal: &'static str) -> Self {
        self.path.push(PathPiece::Text(literal.to_owned()));
        self
    }

    /// Appends a path parameter, percent-encoded as exactly one segment.
    pub fn path_param(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        match encode_segment(name, &value.to_string()) {
            Ok(segment) => self.path.push(PathPiece::Text(segment)),
            Err(e) => self.fail(e),
        }
        self
    }

    /// Appends a `label`-style path parameter: `.value`, the value encoded as in
    /// [`Request::path_param`].
    pub fn path_label(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        match encode_segment(name, &value.to_string()) {
            Ok(segment) => self.path.push(PathPiece::Text(format!(".{segment}"))),
            Err(e) => self.fail(e),
        }
        self
    }

    /// Appends a `matrix`-style path parameter: `;name=value`, the value encoded as in
    /// [`Request::path_param`] (so `;` and `=` in it are escaped).
    pub fn path_matrix(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        match encode_segment(name, &value.to_string()) {
            Ok(segment) => self
                .path
                .push(PathPiece::Text(format!(";{name}={segment}"))),
            Err(e) => self.fail(e),
        }
        self
    }

    /// Appends a path parameter the client supplies (see [`ClientParam`]).
    pub fn path_client_param(mut self, name: &'static str, param: ClientParam) -> Self {
        self.path.push(PathPiece::Client { name, param });
        self
    }

    /// Adds a query parameter (`form` style); the value is percent-encoded when sent.
    pub fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    /// Adds an optional query parameter when it is set.
    pub fn query_opt(self, name: &'static str, value: Option<impl ToString>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Adds an array query parameter (`form` style): `name=a&name=b` when `explode`,
    /// otherwise `name=a,b`. Nothing is added for an empty array.
    pub fn query_list<T: ToString>(
        mut self,
        name: &'static str,
        values: &[T],
        explode: bool,
    ) -> Self {
        if explode {
            for value in values {
                self.query.push((name.to_owned(), value.to_string()));
            }
        } else if !values.is_empty() {
            let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
            self.query.push((name.to_owned(), joined.join(",")));
        }
        self
    }

    /// Adds a query parameter of any shape (object, union, array of structures, or an array
    /// with a delimiter style), laid out by `style` and `explode`; see [`Style`].
    pub fn query_value<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> Self {
        if let Err(source) = crate::style::pairs_of(name, value, style, explode, &mut self.query) {
            self.fail(BuildError::Query { name, source });
        }
        self
    }

    /// [`Request::query_value`] when the parameter is set.
    pub fn query_value_opt<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: Option<&T>,
        style: Style,
        explode: bool,
    ) -> Self {
        match value {
            Some(value) => self.query_value(name, value, style, explode),
            None => self,
        }
    }

    /// Adds an array header parameter (`simple` style: comma-separated); nothing when empty.
    pub fn header_list<T: ToString>(self, name: &'static str, values: &[T]) -> Self {
        if values.is_empty() {
            return self;
        }
        let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
        self.header(name, joined.join(","))
    }

    /// Adds a header parameter.
    pub fn header(mut self, name: &'static str, value: impl ToString) -> Self {
        self.push_header(name, value.to_string(), false);
        self
    }

    /// Adds an optional header parameter when it is set.
    pub fn header_opt(self, name: &'static str, value: Option<impl ToString>) -> Self {
        match value {
            Some(value) => self.header(name, value),
            None => self,
        }
    }

    /// Adds a credential header (hidden from `Debug` and HTTP-level logs); nothing is added
    /// when no credential is configured.
    pub fn secret_header(mut self, name: &'static str, value: Option<&Secret>) -> Self {
        if let Some(secret) = value {
            self.push_header(name, secret.expose().to_owned(), true);
        }
        self
    }

    /// Adds a cookie parameter (`form` style): `name=value` in the request's one `Cookie`
    /// header. Bytes a cookie value cannot hold (RFC 6265: controls, space, `"`, `,`, `;`,
    /// `\`, non-ASCII) and `%` are percent-encoded.
    pub fn cookie(mut self, name: &'static str, value: impl ToString) -> Self {
        let encoded = encode_cookie_value(&value.to_string());
        self.push_cookie(name, &encoded, false);
        self
    }

    /// Adds an optional cookie parameter when it is set.
    pub fn cookie_opt(self, name: &'static str, value: Option<impl ToString>) -> Self {
        match value {
            Some(value) => self.cookie(name, value),
            None => self,
        }
    }

    /// Adds a credential cookie (hidden); nothing when none is set. A credential is sent as
    /// issued, so a value that cannot be a cookie value (`;`, `,`, spaces, quotes) is refused
    /// rather than altered.
    pub fn secret_cookie(mut self, name: &'static str, value: Option<&Secret>) -> Self {
        if let Some(secret) = value {
            let valid = secret.expose().bytes().all(is_cookie_octet);
            if !valid {
                self.fail(BuildError::InvalidHeaderValue {
                    name: String::from("Cookie"),
                });
                return self;
            }
            self.push_cookie(name, secret.expose(), true);
        }
        self
    }

    /// Adds `Authorization: Bearer <token>` (hidden); nothing when no token is set.
    pub fn bearer(mut self, token: Option<&Secret>) -> Self {
        if let Some(secret) = token {
            self.push_header("Authorization", format!("Bearer {}", secret.expose()), true);
        }
        self
    }

    /// Adds `Authorization: Basic base64(user:password)` (hidden); nothing when unset.
    pub fn basic_auth(mut self, user_and_password: Option<&Secret>) -> Self {
        if let Some(secret) = user_and_password {
            let encoded = base64::engine::general_purpose::STANDARD.encode(secret.expose());
            self.push_header("Authorization", format!("Basic {encoded}"), true);
        }
        self
    }

    /// Adds a credential query parameter; nothing is added when none is configured.
    pub fn secret_query(mut self, name: &'static str, value: Option<&Secret>) -> Self {
        if let Some(secret) = value {
            self.query
                .push((name.to_owned(), secret.expose().to_owned()));
            self.secret_in_url = true;
        }
        self
    }

    /// Sets a JSON body with the document's media type, e.g. `application/json;charset=UTF-8`.
    pub fn json_body<T: Serialize + ?Sized>(
        mut self,
        content_type: &'static str,
        body: &T,
    ) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some((content_type.to_owned(), Body::from(bytes))),
            Err(e) => self.fail(BuildError::Body(e)),
        }
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body: the object's fields laid out by
    /// `encodings` (the document's `encoding` entries: field, style, explode), nested objects
    /// as `deepObject` otherwise (see [`Style`]).
    pub fn form_body<T: Serialize + ?Sized>(
        mut self,
        content_type: &'static str,
        body: &T,
        encodings: &[(&str, Style, bool)],
    ) -> Self {
        let encoded = crate::style::form_fields(body, encodings).and_then(|fields| {
            serde_urlencoded::to_string(fields)
                .map_err(|e| crate::style::FormError::Serialize(serde::ser::Error::custom(e)))
        });
        match encoded {
            Ok(text) => self.body = Some((content_type.to_owned(), Body::from(text))),
            Err(e) => self.fail(BuildError::Form(e)),
        }
        self
    }

    /// Sets a `multipart/form-data` body from a type that knows its parts.
    pub fn multipart_body<T: MultipartBody + ?Sized>(
        mut self,
        _content_type: &'static str,
        body: &T,
    ) -> Self {
        let mut form = Multipart::new();
        match body.write_parts(&mut form) {
            Ok(()) => self.body = Some(form.finish()),
            Err(e) => self.fail(BuildError::Body(e)),
        }
        self
    }

    /// Sets a text body.
    pub fn text_body(mut self, content_type: &'static str, body: &str) -> Self {
        self.body = Some((content_type.to_owned(), Body::from(body)));
        self
    }

    /// Sets a binary body: bytes, a file or a stream (see [`Body`]), sent as it is read.
    pub fn binary_body(mut self, content_type: &'static str, body: impl Into<Body>) -> Self {
        self.body = Some((content_type.to_owned(), body.into()));
        self
    }

    /// Hands the body of a success whose status `when` accepts over unread, for
    /// [`RawResponse::stream`](crate::RawResponse::stream): generated code asks for it for
    /// the statuses whose body is binary. Error bodies are always read (under their limit).
    pub fn stream_when(mut self, when: fn(u16) -> bool) -> Self {
        self.stream_when = Some(when);
        self
    }

    /// Whether a response with `status` is to be streamed.
    pub(crate) fn streams(&self, status: reqwest::StatusCode) -> bool {
        status.is_success() && self.stream_when.is_some_and(|when| when(status.as_u16()))
    }

    /// Applies `set` when an optional body is given.
    pub fn body_opt<B: ?Sized>(self, body: Option<&B>, set: impl FnOnce(Self, &B) -> Self) -> Self {
        match body {
            Some(body) => set(self, body),
            None => self,
        }
    }

    /// Takes on what the caller added to the call (its headers and next-page URL; the
    /// options are the client's business).
    pub(crate) fn with_call(mut self, call: Call) -> Self {
        for (name, value) in call.headers {
            if has_control_bytes(&value) {
                self.fail(BuildError::InvalidHeaderValue { name });
                continue;
            }
            self.extra_headers.push((name, value));
        }
        self.follow = call.follow;
        self
    }

    fn push_header(&mut self, name: &str, value: String, sensitive: bool) {
        if has_control_bytes(&value) {
            self.fail(BuildError::InvalidHeaderValue {
                name: name.to_owned(),
            });
            return;
        }
        self.headers.push(HeaderEntry::new(name, value, sensitive));
    }

    /// Appends `name=value` to the `Cookie` header: a user agent sends at most one
    /// (RFC 6265 §5.4), so every cookie joins it with `; `. The header is hidden when any
    /// of its cookies is a credential.
    fn push_cookie(&mut self, name: &str, value: &str, sensitive: bool) {
        let pair = format!("{name}={value}");
        match self.headers.iter_mut().find(|h| h.name == "Cookie") {
            Some(entry) => {
                entry.value.push_str("; ");
                entry.value.push_str(&pair);
                entry.sensitive |= sensitive;
            }
            None => self.push_header("Cookie", pair, sensitive),
        }
    }

    fn fail(&mut self, error: BuildError) {
        self.error.get_or_insert(error);
    }

    /// Whether repeating the request is harmless (RFC 9110 idempotent methods).
    pub(crate) fn is_idempotent(&self) -> bool {
        matches!(
            self.method,
            Method::GET
                | Method::HEAD
                | Method::OPTIONS
                | Method::PUT
                | Method::DELETE
                | Method::TRACE
        )
    }
}

/// Header values go on the wire as they are: what would split the header is refused.
fn has_control_bytes(value: &str) -> bool {
    value.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f)
}

/// RFC 6265 `cookie-octet`: printable ASCII except space, `"`, `,`, `;` and `\`.
fn is_cookie_octet(b: u8) -> bool {
    b.is_ascii_graphic() && !b"\";,\\".contains(&b)
}

/// Percent-encodes what a cookie value cannot hold, and `%` itself so the value can be
/// decoded back unambiguously.
fn encode_cookie_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if is_cookie_octet(b) && b != b'%' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
