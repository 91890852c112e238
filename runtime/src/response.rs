//! Responses: the raw answer, and what a generated operation turns it into.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, Error, UnexpectedReason, UnexpectedResponse};
use crate::error_body;

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

/// A response as received, before the operation decides what it means.
#[derive(Debug)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl RawResponse {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        Self {
            status,
            headers,
            body,
        }
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
        self.headers
            .get(REQUEST_ID_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// A declared success without a body: any body the server sends anyway is ignored.
    pub fn empty<E: fmt::Debug>(self) -> Result<ApiResponse<()>, Error<E>> {
        Ok(self.into_api_response(()))
    }

    /// A declared success with a JSON body of type `T`.
    pub fn json<T: DeserializeOwned, E: fmt::Debug>(self) -> Result<ApiResponse<T>, Error<E>> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => Ok(self.into_api_response(body)),
            Err(e) => Err(self.unexpected_because(UnexpectedReason::UndecodableBody(e))),
        }
    }

    /// A declared success with a text body.
    pub fn text<E: fmt::Debug>(self) -> Result<ApiResponse<String>, Error<E>> {
        match String::from_utf8(self.body.to_vec()) {
            Ok(text) => Ok(self.into_api_response(text)),
            Err(e) => Err(self.unexpected_because(UnexpectedReason::NotUtf8(e))),
        }
    }

    /// A declared success with a binary body, as received.
    pub fn bytes<E: fmt::Debug>(self) -> Result<ApiResponse<Bytes>, Error<E>> {
        let body = self.body.clone();
        Ok(self.into_api_response(body))
    }

    /// A declared error response: code and message as the official SDK reads them, and the
    /// body decoded as `E` when it has that shape. A non-error status reaching it (through a
    /// `default` response) is an [`UnexpectedResponse`].
    pub fn api_error<E: DeserializeOwned + fmt::Debug>(self) -> Error<E> {
        if !(self.status.is_client_error() || self.status.is_server_error()) {
            return self.unexpected_because(UnexpectedReason::UndeclaredStatus);
        }
        let typed = serde_json::from_slice(&self.body).ok();
        self.into_api_error(typed)
    }

    /// A status the operation does not declare: an error status is still an API error (with
    /// no typed body); anything else is an [`UnexpectedResponse`].
    pub fn unexpected<E: fmt::Debug>(self) -> Error<E> {
        if self.status.is_client_error() || self.status.is_server_error() {
            self.into_api_error(None)
        } else {
            self.unexpected_because(UnexpectedReason::UndeclaredStatus)
        }
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
