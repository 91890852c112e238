//! The HTTP side every generated `Client` shares: base URL, connection pool, execution.

use std::fmt;
use std::time::Duration;

use percent_encoding::utf8_percent_encode;
use reqwest::Url;

use crate::error::{BuildError, Error};
use crate::request::Request;
use crate::response::RawResponse;

/// Connect timeout of the default HTTP client (the official Huawei SDK's default).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(60);
/// Read timeout of the default HTTP client (the official Huawei SDK's default).
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(120);
/// `User-Agent` sent by the default HTTP client.
pub const USER_AGENT: &str = concat!("apigen-runtime/", env!("CARGO_PKG_VERSION"));

/// Base URL plus HTTP client. Cheap to clone: the connection pool is shared.
#[derive(Clone, Debug)]
pub struct ClientCore {
    http: reqwest::Client,
    base_url: String,
}

impl ClientCore {
    /// A client for `base_url` (e.g. `https://cbr.cn-north-4.myhuaweicloud.com`) with the
    /// default HTTP client: rustls, no redirects followed (a redirect would carry credentials
    /// elsewhere), [`DEFAULT_CONNECT_TIMEOUT`] and [`DEFAULT_READ_TIMEOUT`].
    pub fn new(base_url: &str) -> Result<Self, BuildError> {
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
            .read_timeout(DEFAULT_READ_TIMEOUT)
            .http1_title_case_headers()
            .build()
            .map_err(BuildError::HttpClient)?;
        Self::with_http_client(base_url, http)
    }

    /// A client for `base_url` that sends through the given `reqwest::Client` (proxies,
    /// custom TLS roots, other timeouts).
    pub fn with_http_client(base_url: &str, http: reqwest::Client) -> Result<Self, BuildError> {
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
        Ok(Self {
            http,
            base_url: url.as_str().trim_end_matches('/').to_owned(),
        })
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `request` and reads the whole response.
    pub async fn execute<E: fmt::Debug>(&self, request: Request) -> Result<RawResponse, Error<E>> {
        if let Some(error) = request.error {
            return Err(Error::Build(error));
        }
        let url = self.url(&request.path, &request.query)?;
        let mut builder = self
            .http
            .request(request.method, url)
            .headers(request.headers);
        if let Some(body) = request.body {
            builder = builder.body(body);
        }
        let hide_url = request.secret_in_url;
        let transport =
            |e: reqwest::Error| Error::Transport(if hide_url { e.without_url() } else { e });
        let response = builder.send().await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?;
        Ok(RawResponse::new(status, headers, body))
    }

    fn url(&self, path: &str, query: &[(&str, String)]) -> Result<Url, BuildError> {
        let mut text = format!("{}{}", self.base_url, path);
        for (i, (name, value)) in query.iter().enumerate() {
            text.push(if i == 0 { '?' } else { '&' });
            text.extend(utf8_percent_encode(name, crate::path::SEGMENT));
            text.push('=');
            text.extend(utf8_percent_encode(value, crate::path::SEGMENT));
        }
        // Never echo a URL that may hold a credential in the query.
        Url::parse(&text).map_err(|e| BuildError::Url(e.to_string()))
    }
}
