//! Responses: the raw answer, and what a generated operation turns it into.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::download::ByteStream;
use crate::error::{ApiError, Error, UnexpectedReason, UnexpectedResponse};
use crate::error_body;
use crate::headers::{HeaderError, ResponseHeaders};

/// The response header that carries the server's request id (matched in any case).
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// A successful response: the decoded body and the metadata callers need to report issues.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    status: StatusCode,
    request_id: Option<String>,
    headers: HeaderMap,
    body: T,
}

impl<T> ApiResponse<T> {
    /// HTTP status, e.g. `202 Accepted`.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `X-Request-Id` response header, if present: quote it when contacting support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, to change in place.
    pub fn body_mut(&mut self) -> &mut T {
        &mut self.body
    }

    /// Takes the decoded body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The same response with its body transformed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            request_id: self.request_id,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

/// The `X-Request-Id` header among `headers`, if present and readable as text.
pub(crate) fn request_id_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// A response as received, before the operation decides what it means.
#[derive(Debug)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// Only a prefix of the body was read (an error body over its limit).
    cut: bool,
    /// The body, unread, when the request asked for this status to be streamed (`body` is
    /// then empty).
    stream: Option<ByteStream>,
}

impl RawResponse {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        Self {
            status,
            headers,
            body,
            cut: false,
            stream: None,
        }
    }

    /// A response whose body is left unread, for [`RawResponse::stream`].
    pub(crate) fn streamed(status: StatusCode, headers: HeaderMap, body: ByteStream) -> Self {
        Self {
            stream: Some(body),
            ..Self::new(status, headers, Bytes::new())
        }
    }

    /// Marks the body as only its beginning.
    pub(crate) fn cut(mut self, cut: bool) -> Self {
        self.cut = cut;
        self
    }

    /// HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `X-Request-Id` header, if present and readable as text. Never read from the body.
    pub fn request_id(&self) -> Option<String> {
        request_id_of(&self.headers)
    }

    /// A declared success without a body: any body the server sends anyway is ignored.
    pub fn empty<E: fmt::Debug>(self) -> Result<ApiResponse<()>, Error<E>> {
        self.empty_with(|(), _| Ok(()))
    }

    /// A declared success with a JSON body of type `T`.
    pub fn json<T: DeserializeOwned, E: fmt::Debug>(self) -> Result<ApiResponse<T>, Error<E>> {
        self.json_with(|body, _| Ok(body))
    }

    /// A declared success with a text body.
    pub fn text<E: fmt::Debug>(self) -> Result<ApiResponse<String>, Error<E>> {
        self.text_with(|body, _| Ok(body))
    }

    /// A declared success with a binary body, as received.
    pub fn bytes<E: fmt::Debug>(self) -> Result<ApiResponse<Bytes>, Error<E>> {
        self.bytes_with(|body, _| Ok(body))
    }

    /// A declared success whose body is handed over unread, as a stream (binary downloads):
    /// the request asked for it with [`Request::stream_when`](crate::Request::stream_when).
    pub fn stream<E: fmt::Debug>(self) -> Result<ApiResponse<ByteStream>, Error<E>> {
        self.stream_with(|body, _| Ok(body))
    }

    /// [`RawResponse::stream`], then `build` makes the value from the stream and the
    /// declared headers.
    pub fn stream_with<T, E: fmt::Debug>(
        mut self,
        build: impl FnOnce(ByteStream, &ResponseHeaders<'_>) -> Result<T, HeaderError>,
    ) -> Result<ApiResponse<T>, Error<E>> {
        let stream = self.stream.take();
        // A body that was read anyway (the status was not asked for) streams from memory.
        self.decode_with(
            |body| Ok(stream.unwrap_or_else(|| ByteStream::from(body.clone()))),
            build,
        )
    }

    /// [`RawResponse::empty`], then `build` makes the value from the declared headers (a
    /// variant of a generated response enum).
    pub fn empty_with<T, E: fmt::Debug>(
        self,
        build: impl FnOnce((), &ResponseHeaders<'_>) -> Result<T, HeaderError>,
    ) -> Result<ApiResponse<T>, Error<E>> {
        self.decode_with(|_| Ok(()), build)
    }

    /// [`RawResponse::json`], then `build` makes the value from the body and the declared
    /// headers.
    pub fn json_with<B: DeserializeOwned, T, E: fmt::Debug>(
        self,
        build: impl FnOnce(B, &ResponseHeaders<'_>) -> Result<T, HeaderError>,
    ) -> Result<ApiResponse<T>, Error<E>> {
        self.decode_with(
            |body| serde_json::from_slice(body).map_err(UnexpectedReason::UndecodableBody),
            build,
        )
    }

    /// [`RawResponse::text`], then `build` makes the value from the body and the declared
    /// headers.
    pub fn text_with<T, E: fmt::Debug>(
        self,
        build: impl FnOnce(String, &ResponseHeaders<'_>) -> Result<T, HeaderError>,
    ) -> Result<ApiResponse<T>, Error<E>> {
        self.decode_with(
            |body| String::from_utf8(body.to_vec()).map_err(UnexpectedReason::NotUtf8),
            build,
        )
    }

    /// [`RawResponse::bytes`], then `build` makes the value from the body and the declared
    /// headers.
    pub fn bytes_with<T, E: fmt::Debug>(
        self,
        build: impl FnOnce(Bytes, &ResponseHeaders<'_>) -> Result<T, HeaderError>,
    ) -> Result<ApiResponse<T>, Error<E>> {
        self.decode_with(|body| Ok(body.clone()), build)
    }

    /// The one decoding path: the body by `decode`, then the value by `build`; either
    /// failing makes the response unexpected, keeping status, request id and raw body.
    fn decode_with<B, T, E: fmt::Debug>(
        self,
        decode: impl FnOnce(&Bytes) -> Result<B, UnexpectedReason>,
        build: impl FnOnce(B, &ResponseHeaders<'_>) -> Result<T, HeaderError>,
    ) -> Result<ApiResponse<T>, Error<E>> {
        let value = decode(&self.body).and_then(|body| {
            build(body, &ResponseHeaders::new(&self.headers))
                .map_err(UnexpectedReason::InvalidHeader)
        });
        match value {
            Ok(value) => Ok(self.into_api_response(value)),
            Err(reason) => Err(self.unexpected_because(reason)),
        }
    }

    /// A declared error response: code and message as the official SDK reads them, and the
    /// body decoded as `E` when it has that shape. A non-error status reaching it (through a
    /// `default` response) is an [`UnexpectedResponse`].
    pub fn api_error<E: DeserializeOwned + fmt::Debug>(self) -> Error<E> {
        self.api_error_with(|body: E| body)
    }

    /// [`RawResponse::api_error`] for an operation whose error bodies differ by status: the
    /// body decoded as this status's `T`, wrapped by `variant` into the operation's
    /// error-body enum.
    pub fn api_error_with<T: DeserializeOwned, E: fmt::Debug>(
        self,
        variant: impl FnOnce(T) -> E,
    ) -> Error<E> {
        if !self.is_error_status() {
            return self.unexpected_because(UnexpectedReason::UndeclaredStatus);
        }
        let typed = serde_json::from_slice(&self.body).ok().map(variant);
        self.into_api_error(typed)
    }

    /// A declared error response without a typed body (code, message and raw body only).
    pub fn api_error_without_body<E: fmt::Debug>(self) -> Error<E> {
        if !self.is_error_status() {
            return self.unexpected_because(UnexpectedReason::UndeclaredStatus);
        }
        self.into_api_error(None)
    }

    fn is_error_status(&self) -> bool {
        self.status.is_client_error() || self.status.is_server_error()
    }

    /// A status the operation does not declare: an error status is still an API error (with
    /// no typed body); anything else is an [`UnexpectedResponse`].
    pub fn unexpected<E: fmt::Debug>(self) -> Error<E> {
        self.api_error_without_body()
    }

    fn into_api_error<E: fmt::Debug>(self, body: Option<E>) -> Error<E> {
        let parsed = error_body::parse(self.status.as_u16(), &self.body);
        Error::Api(Box::new(ApiError {
            status: self.status,
            request_id: self.request_id(),
            code: parsed.code,
            message: parsed.message,
            encoded_authorization_message: parsed.encoded_authorization_message,
            body,
            raw_body: self.body,
            body_cut: self.cut,
        }))
    }

    fn unexpected_because<E: fmt::Debug>(self, reason: UnexpectedReason) -> Error<E> {
        Error::UnexpectedResponse(UnexpectedResponse {
            status: self.status,
            request_id: self.request_id(),
            body: self.body,
            reason,
        })
    }

    fn into_api_response<T>(self, body: T) -> ApiResponse<T> {
        ApiResponse {
            status: self.status,
            request_id: self.request_id(),
            headers: self.headers,
            body,
        }
    }
}
