//! Errors of a generated operation: one generic type, parameterised by the operation's
//! declared error body, shaped like a cloud SDK's (Huawei's `ClientRequestException` /
//! `ServerResponseException`, smithy-rs's accessors).

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;

use crate::credentials::CredentialError;
use crate::headers::HeaderError;

/// Everything that can go wrong when calling an operation.
///
/// `E` is the operation's declared error body (for CBR: `CbrError`). The variants separate
/// who is at fault: the request never left ([`Error::Build`]), no answer in time
/// ([`Error::Timeout`]), no answer at all ([`Error::Transport`]), the server said no
/// ([`Error::Api`], any 4XX/5XX), or a success the document does not describe
/// ([`Error::UnexpectedResponse`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E: fmt::Debug> {
    /// The request could not be built; nothing was sent.
    #[error("request could not be built: {0}")]
    Build(#[from] BuildError),
    /// No complete answer within the configured time.
    #[error("timed out after {attempts} attempt(s): {source}")]
    Timeout {
        /// The underlying error.
        #[source]
        source: reqwest::Error,
        /// Attempts made.
        attempts: u32,
    },
    /// The request failed in transport: connect, TLS, reset, or reading the body.
    #[error("transport error after {attempts} attempt(s): {source}")]
    Transport {
        /// The underlying error (its URL removed when the query held a credential).
        #[source]
        source: reqwest::Error,
        /// Attempts made.
        attempts: u32,
    },
    /// The response body is larger than the limit for a success body
    /// (`max_body_size`); the rest was not read and the connection was dropped.
    #[error(
        "the {status} response's body is larger than the {limit}-byte limit{}",
        request_id.as_deref().map(|id| format!(" (request id {id})")).unwrap_or_default()
    )]
    BodyTooLarge {
        /// HTTP status.
        status: StatusCode,
        /// The `X-Request-Id` response header, if present.
        request_id: Option<String>,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The server answered with an error status (4XX or 5XX). Boxed: it carries the body.
    #[error("{0}")]
    Api(Box<ApiError<E>>),
    /// The server answered with a non-error status the document does not declare, or a
    /// success body that does not decode as declared.
    #[error("{0}")]
    UnexpectedResponse(UnexpectedResponse),
}

impl<E: fmt::Debug> Error<E> {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedResponse(e) => Some(e.status),
            Error::BodyTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The `X-Request-Id` of the response, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id(),
            Error::UnexpectedResponse(e) => e.request_id.as_deref(),
            Error::BodyTooLarge { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The service's error code (`BackupService.2005`), for API errors.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(e.code()),
            _ => None,
        }
    }

    /// The service's error message, for API errors.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(e.message()),
            _ => None,
        }
    }

    /// Whether it was a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
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
    /// No endpoint: neither `endpoint(…)` nor `region(…)` was given.
    #[error("no endpoint: call `endpoint(url)` or `region(id)` on the builder")]
    NoEndpoint,
    /// `region(…)` was given but the document's server URL has no `{region}` variable.
    #[error("the server URL `{template}` has no `{{region}}` variable; use `endpoint(url)`")]
    NoRegionVariable {
        /// The server URL template.
        template: String,
    },
    /// `region(…)` names a region the document's region table does not list (and no
    /// environment variable gives its endpoint).
    #[error("unknown region `{region}` (known: {known}): {hint}")]
    UnknownRegion {
        /// The region id as given.
        region: String,
        /// The table's region ids, sorted, comma-separated.
        known: String,
        /// How to give the endpoint instead.
        hint: String,
    },
    /// A path parameter's value would not stay a single path segment.
    #[error("path parameter `{name}` cannot be sent: {reason}")]
    InvalidPathParameter {
        /// The parameter's name in the document.
        name: &'static str,
        /// Why the value is refused.
        reason: &'static str,
    },
    /// A client-level parameter (such as the project id) has no value: not in the call
    /// options and not in the credentials.
    #[error("no value for `{name}`: set it in the credentials or with CallOptions")]
    MissingClientParam {
        /// The parameter's name in the document.
        name: &'static str,
    },
    /// A header value contains bytes HTTP does not allow (control characters, newlines).
    /// The value itself is not kept: it may be a secret.
    #[error("header `{name}` has a value that is not a valid HTTP header value")]
    InvalidHeaderValue {
        /// The header's name.
        name: String,
    },
    /// The request body could not be serialized.
    #[error("request body could not be serialized as JSON: {0}")]
    Body(#[source] serde_json::Error),
    /// The body's source could not be sent: its file does not open, its stream was already
    /// sent, or its media type needs the bytes hashed.
    #[error("request body: {0}")]
    Upload(#[from] crate::upload::UploadError),
    /// The form body could not be encoded.
    #[error("request body could not be form-encoded: {0}")]
    Form(#[source] crate::style::FormError),
    /// A structured query parameter could not be serialized.
    #[error("query parameter `{name}` could not be serialized: {source}")]
    Query {
        /// The parameter's name in the document.
        name: &'static str,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// The final URL did not parse.
    #[error("request URL is invalid: {0}")]
    Url(String),
    /// A next-page link points away from the client's origin; following it would send the
    /// client's credentials elsewhere. Only the link's origin is kept (its query may hold
    /// a token).
    #[error("the next-page link goes to `{origin}`, not to the client's origin")]
    ForeignLink {
        /// `scheme://host[:port]` of the link, or why it did not parse.
        origin: String,
    },
    /// The HTTP client could not be created (TLS back end initialisation).
    #[error("HTTP client could not be created: {0}")]
    HttpClient(#[source] reqwest::Error),
    /// The TLS configuration could not be made (the platform's certificate store).
    #[error("TLS could not be configured: {0}")]
    Tls(#[source] rustls::Error),
    /// Built without a `tls-*` feature, and the application installed no rustls crypto
    /// provider.
    #[error(
        "no TLS crypto provider: enable the runtime's `tls-ring` or `tls-aws-lc` feature, or \
         install one with `rustls::crypto::CryptoProvider::install_default`"
    )]
    NoTlsProvider,
    /// The blocking runtime could not start.
    #[error("blocking runtime could not start: {0}")]
    Runtime(#[source] std::io::Error),
    /// The credentials could not be obtained.
    #[error("credentials unavailable: {0}")]
    Credentials(#[from] CredentialError),
    /// The project id had to come from IAM, and did not.
    #[error(transparent)]
    ProjectLookup(#[from] ProjectLookupError),
}

/// Why the project id could not be found. Never carries a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProjectLookupError {
    /// IAM knows no project of that name for these credentials.
    #[error(
        "IAM returned no project for region `{region}` (X-IAM-Trace-Id: {}); check that the \
         project exists in the account, or give its id with `AkSk::with_project_id`",
        trace_id.as_deref().unwrap_or("none")
    )]
    NoProject {
        /// The region (the project's name).
        region: String,
        /// IAM's `X-IAM-Trace-Id`, for Huawei's support.
        trace_id: Option<String>,
    },
    /// IAM returned several projects of that name.
    #[error(
        "IAM returned several projects for region `{region}` ({}); choose one with \
         `AkSk::with_project_id`",
        ids.join(", ")
    )]
    SeveralProjects {
        /// The region (the project's name).
        region: String,
        /// The projects' ids.
        ids: Vec<String>,
        /// IAM's `X-IAM-Trace-Id`.
        trace_id: Option<String>,
    },
    /// The request to IAM failed, or its answer could not be read.
    #[error("asking IAM at {endpoint} for the project of region `{region}` failed: {reason}")]
    Failed {
        /// The region.
        region: String,
        /// The IAM endpoint asked.
        endpoint: String,
        /// What went wrong (IAM's error code and message, or the transport error).
        reason: String,
    },
}

/// An error status (4XX or 5XX) with what the service said about it.
///
/// `code()` and `message()` come from the body exactly as Huawei's official SDK reads them
/// (`error_code`/`error_msg`, `errorCode`/`errorMsg`, `code`/`message`, searched through
/// nested objects at any depth; a missing or empty value falls back to the status and to
/// the raw body text; other values are given as JSON text). `body()` is the body decoded as
/// the document's declared error schema, when it decodes.
pub struct ApiError<E> {
    /// HTTP status.
    pub status: StatusCode,
    pub(crate) request_id: Option<String>,
    pub(crate) code: String,
    pub(crate) message: String,
    pub(crate) encoded_authorization_message: Option<String>,
    pub(crate) body: Option<E>,
    pub(crate) raw_body: Bytes,
    pub(crate) body_cut: bool,
}

impl<E> ApiError<E> {
    /// HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `X-Request-Id` response header (never taken from the body).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The service's error code, or the status as text when the body has none.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The service's error message, or the raw body text when the body has none.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// IAM's `encoded_authorization_message` (why a policy denied the call), when present.
    pub fn encoded_authorization_message(&self) -> Option<&str> {
        self.encoded_authorization_message.as_deref()
    }

    /// The body decoded as the declared error schema, when it decodes.
    pub fn body(&self) -> Option<&E> {
        self.body.as_ref()
    }

    /// The body exactly as received (only its first `max_error_body_size` bytes when
    /// [`ApiError::body_cut`]).
    pub fn raw_body(&self) -> &Bytes {
        &self.raw_body
    }

    /// Whether the body was longer than the error-body limit, so `raw_body` (and the
    /// message read from it) hold only its beginning.
    pub fn body_cut(&self) -> bool {
        self.body_cut
    }

    /// 5XX: the service failed (the official SDK's `ServerResponseException`).
    pub fn is_server_error(&self) -> bool {
        self.status.is_server_error()
    }

    /// 4XX: the request was refused (the official SDK's `ClientRequestException`).
    pub fn is_client_error(&self) -> bool {
        self.status.is_client_error()
    }
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("code", &self.code)
            .field("message", &self.message)
            .field(
                "encoded_authorization_message",
                &self.encoded_authorization_message,
            )
            .field("body", &self.body)
            .field("raw_body", &BodyPreview(&self.raw_body).to_string())
            .field("body_cut", &self.body_cut)
            .finish()
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.status.is_server_error() {
            "server error"
        } else {
            "request refused"
        };
        write!(
            f,
            "{kind} {}: {}: {}",
            self.status.as_u16(),
            self.code,
            BodyPreview(self.message.as_bytes())
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        if self.body_cut {
            write!(f, " (body cut after {} bytes)", self.raw_body.len())?;
        }
        Ok(())
    }
}

/// A response the document does not describe: an undeclared non-error status, or a success
/// body that does not decode. The raw body is kept so nothing is lost.
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
    /// A text body that is not UTF-8.
    NotUtf8(std::string::FromUtf8Error),
    /// A declared response header is missing or does not read as its type.
    InvalidHeader(HeaderError),
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
            UnexpectedReason::NotUtf8(e) => write!(f, ", text body is not UTF-8: {e}")?,
            UnexpectedReason::InvalidHeader(e) => write!(f, ", {e}")?,
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
