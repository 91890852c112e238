//! Errors of a generated operation: one generic type, parameterised by the operation's
//! documented error body.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;

/// Everything that can go wrong when calling an operation.
///
/// `E` is the operation's documented error body (for CBR: `CbrError` with `error_code` and
/// `error_msg`). The variants separate who is at fault: the request never left
/// ([`Error::Build`]), it never got an answer ([`Error::Transport`]), the server answered
/// with a documented error ([`Error::Api`]), or with something the document does not describe
/// ([`Error::UnexpectedResponse`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E: fmt::Debug> {
    /// The request could not be built; nothing was sent.
    #[error("request could not be built: {0}")]
    Build(#[from] BuildError),
    /// The request failed in transport: connect, TLS, reset, timeout, or reading the body.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// The server answered with a status the document declares as an error, and a body of the
    /// declared shape.
    #[error("{0}")]
    Api(ApiError<E>),
    /// The server answered with an undeclared status, or a body that is not the declared shape.
    #[error("{0}")]
    UnexpectedResponse(UnexpectedResponse),
}

impl<E: fmt::Debug> Error<E> {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedResponse(e) => Some(e.status),
            Error::Build(_) | Error::Transport(_) => None,
        }
    }

    /// The `X-Request-Id` of the response, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::UnexpectedResponse(e) => e.request_id.as_deref(),
            Error::Build(_) | Error::Transport(_) => None,
        }
    }
}

/// Why a request could not be built. Never carries a secret value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute `http`/`https` URL without query or fragment.
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A path parameter's value would not stay a single path segment.
    #[error("path parameter `{name}` cannot be sent: {reason}")]
    InvalidPathParameter {
        /// The parameter's name in the document.
        name: &'static str,
        /// Why the value is refused.
        reason: &'static str,
    },
    /// A header value contains bytes HTTP does not allow (control characters, newlines).
    /// The value itself is not kept: it may be a secret.
    #[error("header `{name}` has a value that is not a valid HTTP header value")]
    InvalidHeaderValue {
        /// The header's name.
        name: &'static str,
    },
    /// The request body could not be serialized.
    #[error("request body could not be serialized as JSON: {0}")]
    Body(#[source] serde_json::Error),
    /// The final URL did not parse.
    #[error("request URL is invalid: {0}")]
    Url(String),
    /// The HTTP client could not be created (TLS back end initialisation).
    #[error("HTTP client could not be created: {0}")]
    HttpClient(#[source] reqwest::Error),
}

/// A documented error response: the status, the request id and the decoded body.
#[derive(Debug)]
pub struct ApiError<E> {
    /// HTTP status.
    pub status: StatusCode,
    /// The `X-Request-Id` response header, if present.
    pub request_id: Option<String>,
    /// The decoded error body.
    pub body: E,
    /// The body exactly as received.
    pub raw_body: Bytes,
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "server answered {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        write!(f, ": {}", BodyPreview(&self.raw_body))
    }
}

/// A response the document does not describe: an undeclared status, or a body that does not
/// decode as the declared shape. The raw body is kept so nothing is lost.
#[derive(Debug)]
pub struct UnexpectedResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// The `X-Request-Id` response header, if present.
    pub request_id: Option<String>,
    /// The body exactly as received.
    pub body: Bytes,
    /// Why the response did not match the document.
    pub reason: UnexpectedReason,
}

/// Why a response is an [`UnexpectedResponse`].
#[derive(Debug)]
#[non_exhaustive]
pub enum UnexpectedReason {
    /// The status is not declared for the operation.
    UndeclaredStatus,
    /// The status is declared, but the body did not decode as its schema.
    UndecodableBody(serde_json::Error),
}

impl fmt::Display for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unexpected response {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        match &self.reason {
            UnexpectedReason::UndeclaredStatus => write!(f, ", status not declared")?,
            UnexpectedReason::UndecodableBody(e) => write!(f, ", body does not decode: {e}")?,
        }
        if !self.body.is_empty() {
            write!(f, ": {}", BodyPreview(&self.body))?;
        }
        Ok(())
    }
}

/// The start of a response body for messages: lossy UTF-8, cut at [`BodyPreview::MAX_CHARS`]
/// so an HTML error page does not flood a log line. The full body stays in the error value.
struct BodyPreview<'a>(&'a [u8]);

impl BodyPreview<'_> {
    const MAX_CHARS: usize = 512;
}

impl fmt::Display for BodyPreview<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = String::from_utf8_lossy(self.0);
        match text.char_indices().nth(Self::MAX_CHARS) {
            Some((cut, _)) => write!(f, "{}…", &text[..cut]),
            None => f.write_str(&text),
        }
    }
}
