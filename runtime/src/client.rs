//! The HTTP side every generated `Client` shares: endpoint, connection pool, credentials,
//! signing, retries, timeouts and tracing.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::Url;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use tracing::Instrument;

use crate::call::Call;
use crate::credentials::{AkSk, CredentialProvider};
use crate::download::ByteStream;
use crate::error::{BuildError, Error};
use crate::limits::{self, BodyLimits, ReadError};
use crate::options::CallOptions;
use crate::path::encode_segment;
use crate::project::ProjectLookup;
use crate::request::{ClientParam, HeaderEntry, PathPiece, Request};
use crate::response::{RawResponse, request_id_of};
use crate::retry::{RetryPolicy, is_retryable_status, retry_after};
use crate::sign::{self, Algorithm, SignInput, encode_component};
use crate::upload::{Body, UploadError};

/// Shared, immutable client state.
#[derive(Debug)]
pub(crate) struct Inner {
    http: reqwest::Client,
    /// `scheme://host[:port]`.
    origin: String,
    /// The base URL's path, without a trailing `/` (usually empty).
    prefix: String,
    /// The `Host` header value: host, and the port when it is not the scheme's default.
    host: String,
    credentials: Option<Arc<dyn CredentialProvider>>,
    algorithm: Algorithm,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent: String,
    /// Set when the project id may have to come from IAM (a region and credentials).
    project_source: Option<Arc<ProjectSource>>,
    limits: BodyLimits,
}

impl Inner {
    pub(crate) fn new(
        base_url: &str,
        http: reqwest::Client,
        credentials: Option<Arc<dyn CredentialProvider>>,
        algorithm: Algorithm,
        timeout: Option<Duration>,
        retry: RetryPolicy,
        user_agent: String,
    ) -> Result<Self, BuildError> {
        let invalid = |reason: &str| BuildError::InvalidBaseUrl {
            url: base_url.to_owned(),
            reason: reason.to_owned(),
        };
        let url = Url::parse(base_url).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("a base URL has no query or fragment"));
        }
        let host_name = url.host_str().ok_or_else(|| invalid("no host"))?;
        let host = match url.port() {
            Some(port) => format!("{host_name}:{port}"),
            None => host_name.to_owned(),
        };
        Ok(Self {
            http,
            origin: format!("{}://{host}", url.scheme()),
            prefix: url.path().trim_end_matches('/').to_owned(),
            host,
            credentials,
            algorithm,
            timeout,
            retry,
            user_agent,
            project_source: None,
            limits: BodyLimits::default(),
        })
    }

    /// This state reading bodies under `limits`.
    pub(crate) fn with_limits(mut self, limits: BodyLimits) -> Self {
        self.limits = limits;
        self
    }

    /// This state looking the project of `region` up at IAM, `iam_endpoint`, when the
    /// credentials lack one. IAM is asked with this state's HTTP stack and policies.
    pub(crate) fn with_project_lookup(
        mut self,
        region: String,
        iam_endpoint: String,
    ) -> Result<Self, BuildError> {
        let iam = Inner::new(
            &iam_endpoint,
            self.http.clone(),
            None,
            self.algorithm.clone(),
            self.timeout,
            self.retry.clone(),
            self.user_agent.clone(),
        )?
        .with_limits(self.limits);
        self.project_source = Some(Arc::new(ProjectSource {
            lookup: ProjectLookup::new(region, iam_endpoint),
            iam: ClientCore {
                inner: Arc::new(iam),
                options: CallOptions::default(),
            },
        }));
        Ok(self)
    }
}

/// Where a client without a project id in its credentials gets one: the lookup, and a
/// client for IAM without credentials (each lookup signs with the call's own).
#[derive(Debug)]
struct ProjectSource {
    lookup: ProjectLookup,
    iam: ClientCore,
}

impl ProjectSource {
    /// The project id for `credentials`, from the cache or asked once.
    async fn project_id(&self, credentials: &AkSk) -> Result<String, BuildError> {
        let ask = async {
            // One attempt, as the SDK makes it (its HTTP client does not retry by default).
            let response = self
                .iam
                .send_once::<()>(&self.lookup.request(), credentials)
                .await
                .map_err(|e| self.lookup.failed(e.to_string()))?;
            self.lookup.answer(response)
        };
        self.lookup
            .cached(credentials.access_key().expose(), ask)
            .await
    }
}

/// Endpoint, HTTP client, credentials and policies, plus this handle's [`CallOptions`].
/// Cheap to clone: clones share everything but the options.
#[derive(Clone)]
pub struct ClientCore {
    pub(crate) inner: Arc<Inner>,
    pub(crate) options: CallOptions,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCore")
            .field("base_url", &self.base_url())
            .field("credentials", &self.inner.credentials)
            .field("algorithm", &self.inner.algorithm)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// A request ready to send: signed when there are credentials.
struct Prepared {
    url: Url,
    headers: HeaderMap,
    body: Option<Body>,
}

impl Prepared {
    /// The request for one attempt: a file body opened, a stream body taken, and a streamed
    /// body of known length sent with its `Content-Length`.
    async fn into_builder(
        self,
        http: &reqwest::Client,
        method: reqwest::Method,
    ) -> Result<reqwest::RequestBuilder, UploadError> {
        let mut headers = self.headers;
        let body = match &self.body {
            Some(body) => {
                if body.as_bytes().is_none()
                    && let Some(len) = body.len()
                {
                    headers.insert(reqwest::header::CONTENT_LENGTH, HeaderValue::from(len));
                }
                Some(body.open().await?)
            }
            None => None,
        };
        let builder = http.request(method, self.url).headers(headers);
        Ok(match body {
            Some(body) => builder.body(body),
            None => builder,
        })
    }
}

impl ClientCore {
    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.inner.origin, self.inner.prefix)
    }

    /// This handle's call options.
    pub fn options(&self) -> &CallOptions {
        &self.options
    }

    /// A handle with `options` applied on top of this one's (shares the connection pool).
    pub fn with_options(&self, options: CallOptions) -> Self {
        Self {
            inner: self.inner.clone(),
            options: self.options.merged(options),
        }
    }

    /// Sends `request` with what the caller added to the call (headers, options, a
    /// next-page URL): what every generated request value does when sent or awaited.
    pub async fn send<E: fmt::Debug>(
        &self,
        request: Request,
        call: Call,
    ) -> Result<RawResponse, Error<E>> {
        let core = match call.options.clone() {
            Some(options) => std::borrow::Cow::Owned(self.with_options(options)),
            None => std::borrow::Cow::Borrowed(self),
        };
        core.execute(request.with_call(call)).await
    }

    /// Sends `request` — signing it, retrying it as the policy allows — and reads the whole
    /// response. Traced as one `apigen.call` span.
    pub async fn execute<E: fmt::Debug>(&self, request: Request) -> Result<RawResponse, Error<E>> {
        let span = tracing::info_span!(
            "apigen.call",
            operation = request.operation,
            method = %request.method,
            path = request.path_template,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            attempts = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        self.execute_inner(request).instrument(span).await
    }

    async fn execute_inner<E: fmt::Debug>(
        &self,
        mut request: Request,
    ) -> Result<RawResponse, Error<E>> {
        if let Some(error) = request.error.take() {
            return Err(Error::Build(error));
        }
        let span = tracing::Span::current();
        let started = Instant::now();
        let policy = self
            .options
            .retry
            .clone()
            .unwrap_or_else(|| self.inner.retry.clone());
        let timeout = self.options.timeout.or(self.inner.timeout);
        let may_repeat = request.is_idempotent() || policy.retry_non_idempotent;
        // A stream body goes once: a call that sends one is never repeated.
        let replayable = request
            .body
            .as_ref()
            .is_none_or(|(_, body)| body.is_replayable());
        let mut attempt = 1;
        loop {
            let credentials = match &self.inner.credentials {
                Some(provider) => Some(provider.credentials().await.map_err(BuildError::from)?),
                None => None,
            };
            let credentials = match (credentials, &self.inner.project_source) {
                (Some(c), Some(source))
                    if c.project_id().is_none() && self.options.project_id.is_none() =>
                {
                    let id = source.project_id(&c).await?;
                    Some(c.with_project_id(id))
                }
                (credentials, _) => credentials,
            };
            let mut builder = self
                .prepare(&request, credentials.as_ref())?
                .into_builder(&self.inner.http, request.method.clone())
                .await
                .map_err(BuildError::from)?;
            if let Some(timeout) = timeout {
                builder = builder.timeout(timeout);
            }
            let attempt_started = Instant::now();
            let outcome = match builder.send().await {
                Ok(response) => self.read(response, &request).await?,
                Err(e) => Err(e),
            };
            let elapsed = attempt_started.elapsed();
            let more = attempt < policy.max_attempts && replayable;
            match outcome {
                Ok(response) => {
                    let status = response.status();
                    tracing::debug!(
                        attempt,
                        status = status.as_u16(),
                        elapsed_ms = elapsed.as_millis() as u64,
                        "response"
                    );
                    let wait = if more && may_repeat && is_retryable_status(status) {
                        match retry_after(response.headers(), SystemTime::now()) {
                            Some(asked) if asked > policy.max_retry_after => None,
                            Some(asked) => Some(asked),
                            None => Some(policy.backoff_before(attempt + 1)),
                        }
                    } else {
                        None
                    };
                    match wait {
                        Some(wait) => {
                            tracing::info!(
                                attempt,
                                status = status.as_u16(),
                                wait_ms = wait.as_millis() as u64,
                                "retrying"
                            );
                            tokio::time::sleep(wait).await;
                        }
                        None => {
                            span.record("status", status.as_u16());
                            if let Some(id) = response.request_id() {
                                span.record("request_id", id.as_str());
                            }
                            span.record("attempts", attempt);
                            span.record("elapsed_ms", started.elapsed().as_millis() as u64);
                            return Ok(response);
                        }
                    }
                }
                Err(error) => {
                    let never_left = error.is_connect();
                    tracing::debug!(
                        attempt,
                        timeout = error.is_timeout(),
                        connect = never_left,
                        "transport error"
                    );
                    if more && (never_left || may_repeat) {
                        let wait = policy.backoff_before(attempt + 1);
                        tracing::info!(
                            attempt,
                            wait_ms = wait.as_millis() as u64,
                            "retrying after transport error"
                        );
                        tokio::time::sleep(wait).await;
                    } else {
                        span.record("attempts", attempt);
                        span.record("elapsed_ms", started.elapsed().as_millis() as u64);
                        let source = if request.secret_in_url {
                            error.without_url()
                        } else {
                            error
                        };
                        return Err(if source.is_timeout() {
                            Error::Timeout {
                                source,
                                attempts: attempt,
                            }
                        } else {
                            Error::Transport {
                                source,
                                attempts: attempt,
                            }
                        });
                    }
                }
            }
            attempt += 1;
        }
    }

    /// One attempt signed with `credentials`: no retries, no project lookup. For the
    /// runtime's own calls (IAM's project list), made as the official SDK makes them.
    pub(crate) async fn send_once<E: fmt::Debug>(
        &self,
        request: &Request,
        credentials: &AkSk,
    ) -> Result<RawResponse, Error<E>> {
        let mut builder = self
            .prepare(request, Some(credentials))?
            .into_builder(&self.inner.http, request.method.clone())
            .await
            .map_err(BuildError::from)?;
        if let Some(timeout) = self.options.timeout.or(self.inner.timeout) {
            builder = builder.timeout(timeout);
        }
        let transport = |source: reqwest::Error| {
            if source.is_timeout() {
                Error::Timeout {
                    source,
                    attempts: 1,
                }
            } else {
                Error::Transport {
                    source,
                    attempts: 1,
                }
            }
        };
        let response = builder.send().await.map_err(transport)?;
        self.read(response, request).await?.map_err(transport)
    }

    /// Reads a response's body under this handle's limits, or leaves it unread when
    /// `request` streams this status: `Ok(Err(_))` is a transport failure while reading
    /// (which may be retried), `Err` a body over the success limit.
    async fn read<E: fmt::Debug>(
        &self,
        mut response: reqwest::Response,
        request: &Request,
    ) -> Result<Result<RawResponse, reqwest::Error>, Error<E>> {
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        if request.streams(status) {
            let body = ByteStream::from_response(response);
            return Ok(Ok(RawResponse::streamed(status, headers, body)));
        }
        let error = status.is_client_error() || status.is_server_error();
        let limit = if error {
            self.options
                .max_error_body
                .unwrap_or(self.inner.limits.max_error_body)
        } else {
            self.options.max_body.unwrap_or(self.inner.limits.max_body)
        };
        match limits::read(response, limit, error).await {
            Ok(body) => Ok(Ok(
                RawResponse::new(status, headers, body.bytes).cut(body.cut)
            )),
            Err(ReadError::Transport(e)) => Ok(Err(e)),
            Err(ReadError::TooLarge(limit)) => {
                let request_id = request_id_of(&headers);
                tracing::debug!(
                    status = status.as_u16(),
                    limit,
                    "response body over the limit"
                );
                Err(Error::BodyTooLarge {
                    status,
                    request_id,
                    limit,
                })
            }
        }
    }

    /// Resolves client parameters, assembles path, query and headers, and signs.
    fn prepare(
        &self,
        request: &Request,
        credentials: Option<&AkSk>,
    ) -> Result<Prepared, BuildError> {
        let (path, followed_query) = match &request.follow {
            Some(url) => {
                let (path, query) = self.followed(url)?;
                (path, Some(query))
            }
            None => (self.path_of(request, credentials)?, None),
        };
        let query = followed_query.as_deref().unwrap_or(&request.query);
        let mut headers: Vec<HeaderEntry> = Vec::new();
        if let Some((content_type, _)) = &request.body {
            headers.push(HeaderEntry::new(
                "Content-Type",
                content_type.clone(),
                false,
            ));
        }
        headers.push(HeaderEntry::new(
            "User-Agent",
            self.inner.user_agent.clone(),
            false,
        ));
        headers.extend(request.headers.iter().cloned());
        // The caller's own headers win over same-named ones, and are hidden: they may be
        // credentials.
        for (name, value) in &request.extra_headers {
            headers.retain(|h| !h.name.eq_ignore_ascii_case(name));
            headers.push(HeaderEntry::new(name, value.clone(), true));
        }
        let mut push = |name: &str, value: String, sensitive: bool| {
            headers.push(HeaderEntry::new(name, value, sensitive));
        };
        let body = request.body.as_ref().map(|(_, body)| body.clone());
        let (uri, headers) = match credentials {
            None => {
                let query: Vec<String> = query
                    .iter()
                    .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
                    .collect();
                let uri = if query.is_empty() {
                    path
                } else {
                    format!("{path}?{}", query.join("&"))
                };
                (uri, headers)
            }
            Some(credentials) => {
                if let Some(project_id) = credentials.project_id() {
                    push("X-Project-Id", project_id.to_owned(), false);
                }
                if let Some(token) = credentials.security_token() {
                    push("X-Security-Token", token.expose().to_owned(), true);
                }
                if let Some((content_type, body)) = &request.body
                    && body.as_bytes().is_none()
                    && !sign::is_unsigned_payload(content_type)
                {
                    return Err(UploadError::MustBeHashed {
                        content_type: content_type.clone(),
                    }
                    .into());
                }
                let date = sign::sdk_date(SystemTime::now());
                push("X-Sdk-Date", date.clone(), false);
                let plain: Vec<(String, String)> = headers
                    .iter()
                    .map(|h| (h.name.clone(), h.value.clone()))
                    .collect();
                let signed = sign::sign(
                    &self.inner.algorithm,
                    credentials.access_key().expose(),
                    credentials.secret_key(),
                    &date,
                    &SignInput {
                        method: request.method.as_str(),
                        host: &self.inner.host,
                        path: &path,
                        query,
                        headers: &plain,
                        body: body.as_ref().and_then(Body::as_bytes).map(|b| &b[..]),
                    },
                );
                let sensitive = |name: &str| {
                    name.eq_ignore_ascii_case("authorization")
                        || headers
                            .iter()
                            .any(|h| h.sensitive && h.name.eq_ignore_ascii_case(name))
                };
                let entries = signed
                    .headers
                    .iter()
                    .map(|(n, v)| HeaderEntry {
                        name: n.clone(),
                        value: v.clone(),
                        sensitive: sensitive(n),
                    })
                    .collect();
                (signed.wire_uri, entries)
            }
        };
        let mut map = HeaderMap::new();
        for entry in headers {
            let name = HeaderName::from_bytes(entry.name.as_bytes()).map_err(|_| {
                BuildError::InvalidHeaderValue {
                    name: entry.name.clone(),
                }
            })?;
            let mut value = HeaderValue::from_bytes(entry.value.as_bytes()).map_err(|_| {
                BuildError::InvalidHeaderValue {
                    name: entry.name.clone(),
                }
            })?;
            value.set_sensitive(entry.sensitive);
            map.append(name, value);
        }
        // Parsed here, once, so a bad URL is a build error, not a transport error.
        let url = Url::parse(&format!("{}{uri}", self.inner.origin))
            .map_err(|e| BuildError::Url(e.to_string()))?;
        Ok(Prepared {
            url,
            headers: map,
            body,
        })
    }

    /// The request path: the base URL's prefix, the literals, the encoded parameters and
    /// the values the client supplies.
    fn path_of(&self, request: &Request, credentials: Option<&AkSk>) -> Result<String, BuildError> {
        let mut path = self.inner.prefix.clone();
        for piece in &request.path {
            match piece {
                PathPiece::Text(text) => path.push_str(text),
                PathPiece::Client {
                    name,
                    param: ClientParam::ProjectId,
                } => {
                    let value = self
                        .options
                        .project_id
                        .as_deref()
                        .or_else(|| credentials.and_then(AkSk::project_id))
                        .ok_or(BuildError::MissingClientParam { name })?;
                    path.push_str(&encode_segment(name, value)?);
                }
            }
        }
        Ok(path)
    }

    /// The path and query pairs of a next-page link (absolute, or relative to the client's
    /// origin), which must be on the client's origin: credentials are never sent elsewhere.
    fn followed(&self, link: &str) -> Result<(String, Vec<(String, String)>), BuildError> {
        let url = Url::parse(&format!("{}/", self.inner.origin))
            .and_then(|base| base.join(link))
            .map_err(|e| BuildError::ForeignLink {
                origin: format!("an unparsable URL ({e})"),
            })?;
        let origin = match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{}://{host}:{port}", url.scheme()),
            (Some(host), None) => format!("{}://{host}", url.scheme()),
            (None, _) => format!("{}:", url.scheme()),
        };
        if origin != self.inner.origin {
            return Err(BuildError::ForeignLink { origin });
        }
        let query = url.query_pairs().into_owned().collect();
        Ok((url.path().to_owned(), query))
    }
}
