//! Building a client: endpoint (explicit, or a region filled into the document's server URL),
//! credentials, signing, timeouts, retries.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use crate::client::{ClientCore, Inner};
use crate::credentials::{AkSk, CredentialProvider};
use crate::error::BuildError;
use crate::limits::BodyLimits;
use crate::options::CallOptions;
use crate::regions::Regions;
use crate::retry::RetryPolicy;
use crate::sign::Algorithm;

/// Connect timeout by default (the official Huawei SDK's).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(60);
/// Read timeout by default: the longest silence while reading (the official SDK's).
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(120);
/// `User-Agent` sent (and signed) by default.
pub const USER_AGENT: &str = concat!("apigen-runtime/", env!("CARGO_PKG_VERSION"));

/// Generated clients are built from a [`ClientCore`].
pub trait FromCore {
    /// Wraps a core.
    fn from_core(core: ClientCore) -> Self;
}

/// Cores are built with the same builder as generated clients; these constructors live
/// here, next to it, so the client module does not depend on its builder.
impl ClientCore {
    /// A builder for a bare core (generated clients have their own `builder()`).
    pub fn builder() -> ClientBuilder<ClientCore> {
        ClientBuilder::new()
    }

    /// A core for `base_url` with the default settings and no credentials.
    ///
    /// # Errors
    /// When `base_url` is not an absolute `http`/`https` URL without query or fragment.
    pub fn new(base_url: &str) -> Result<Self, BuildError> {
        Self::builder().endpoint(base_url).build()
    }

    /// A core for `base_url` sending through `http`.
    ///
    /// # Errors
    /// As [`ClientCore::new`].
    pub fn with_http_client(base_url: &str, http: reqwest::Client) -> Result<Self, BuildError> {
        Self::builder().endpoint(base_url).http_client(http).build()
    }
}

impl FromCore for ClientCore {
    fn from_core(core: ClientCore) -> Self {
        core
    }
}

/// Builds a client of type `C` (a generated `Client`, or a bare [`ClientCore`]).
pub struct ClientBuilder<C = ClientCore> {
    server_template: Option<&'static str>,
    server_defaults: Vec<(&'static str, String)>,
    regions: Option<Regions>,
    endpoint: Option<String>,
    region: Option<String>,
    iam_endpoint: Option<String>,
    limits: BodyLimits,
    credentials: Option<Result<Arc<dyn CredentialProvider>, crate::credentials::CredentialError>>,
    algorithm: Algorithm,
    connect_timeout: Duration,
    read_timeout: Duration,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    user_agent: String,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("server_template", &self.server_template)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("algorithm", &self.algorithm)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self {
            server_template: None,
            server_defaults: Vec::new(),
            regions: None,
            endpoint: None,
            region: None,
            iam_endpoint: None,
            limits: BodyLimits::default(),
            credentials: None,
            algorithm: Algorithm::default(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            timeout: None,
            retry: RetryPolicy::default(),
            http: None,
            user_agent: USER_AGENT.to_owned(),
            client: PhantomData,
        }
    }
}

impl<C: FromCore> ClientBuilder<C> {
    /// A builder with the defaults: no endpoint, no credentials, [`DEFAULT_CONNECT_TIMEOUT`],
    /// [`DEFAULT_READ_TIMEOUT`], no overall timeout, [`RetryPolicy::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// The document's server URL template and its variables' defaults (generated code sets
    /// this; `region(…)` fills the `{region}` variable).
    #[must_use]
    pub fn server_template(
        mut self,
        template: &'static str,
        defaults: &[(&'static str, &str)],
    ) -> Self {
        self.server_template = Some(template);
        self.server_defaults = defaults
            .iter()
            .map(|(k, v)| (*k, (*v).to_owned()))
            .collect();
        self
    }

    /// The document's region table (generated code sets this): `region(…)` then looks the
    /// region up there, or in its environment variable, instead of filling the template.
    #[must_use]
    pub fn regions(mut self, regions: Regions) -> Self {
        self.regions = Some(regions);
        self
    }

    /// An explicit base URL (tests, proxies, other clouds); wins over `region`.
    #[must_use]
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The region id, e.g. `cn-north-4` → `https://cbr.cn-north-4.myhuaweicloud.com`: from
    /// the document's region table when it has one (where an environment variable such as
    /// `HUAWEICLOUD_SDK_REGION_CBR_CN_NORTH_4` overrides it), else filled into the server URL
    /// template.
    ///
    /// With AK/SK credentials that carry no project id, the region also names the project:
    /// as the official SDK does, the client asks IAM for the project of that name before its
    /// first call (once per access key and region in the process) and uses its id.
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Where the project id is looked up when the credentials carry none (see
    /// [`ClientBuilder::region`]); by default `HUAWEICLOUD_SDK_IAM_ENDPOINT`, else IAM in the
    /// region on the service's site (`https://iam.<region>.myhuaweicloud.com`).
    #[must_use]
    pub fn iam_endpoint(mut self, url: impl Into<String>) -> Self {
        self.iam_endpoint = Some(url.into());
        self
    }

    /// Signs every request with these credentials (or any [`CredentialProvider`]).
    #[must_use]
    pub fn credentials(mut self, provider: impl CredentialProvider + 'static) -> Self {
        self.credentials = Some(Ok(Arc::new(provider)));
        self
    }

    /// Signs with credentials from `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and
    /// `HUAWEICLOUD_SDK_PROJECT_ID` (read now; a missing variable fails `build`).
    #[must_use]
    pub fn credentials_from_env(mut self) -> Self {
        self.credentials =
            Some(AkSk::from_env().map(|c| Arc::new(c) as Arc<dyn CredentialProvider>));
        self
    }

    /// The signing algorithm (default `SDK-HMAC-SHA256`).
    #[must_use]
    pub fn signing_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// The limit for establishing a connection.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The longest silence while reading a response.
    #[must_use]
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// The limit for each attempt as a whole (off by default).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The largest success body read, in bytes ([`crate::DEFAULT_MAX_BODY`] unless set):
    /// past it a call fails with [`crate::Error::BodyTooLarge`] and the connection is
    /// dropped.
    #[must_use]
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.limits.max_body = bytes;
        self
    }

    /// The longest error-body prefix kept, in bytes ([`crate::DEFAULT_MAX_ERROR_BODY`]
    /// unless set): the rest of a longer error body is not read, and the error says it was
    /// cut.
    #[must_use]
    pub fn max_error_body_size(mut self, bytes: usize) -> Self {
        self.limits.max_error_body = bytes;
        self
    }

    /// The retry policy.
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends through this `reqwest::Client` (then the timeouts above other than `timeout`
    /// are the given client's own). Build it from [`crate::http_client_builder`], which
    /// has the TLS configuration this crate's features choose.
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The `User-Agent` to send.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// No or invalid endpoint, credentials that could not be read, or a TLS back end that
    /// failed to start.
    pub fn build(self) -> Result<C, BuildError> {
        let base_url = match (self.endpoint, self.region.as_deref(), self.regions) {
            (Some(endpoint), _, _) => endpoint,
            (None, Some(region), Some(table)) => table.endpoint(region)?,
            (None, region, _) => match self.server_template {
                Some(template) => fill_template(template, &self.server_defaults, region)?,
                None => return Err(BuildError::NoEndpoint),
            },
        };
        let http = match self.http {
            Some(http) => http,
            None => crate::tls::configure(
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .connect_timeout(self.connect_timeout)
                    .read_timeout(self.read_timeout)
                    .http1_title_case_headers(),
            )?
            .build()
            .map_err(BuildError::HttpClient)?,
        };
        let credentials = self.credentials.transpose()?;
        let lookup = match (&credentials, self.region) {
            (Some(_), Some(region)) => {
                let endpoint = self
                    .iam_endpoint
                    .unwrap_or_else(|| crate::project::iam_endpoint(&region, &base_url));
                Some((region, endpoint))
            }
            _ => None,
        };
        let mut inner = Inner::new(
            &base_url,
            http,
            credentials,
            self.algorithm,
            self.timeout,
            self.retry,
            self.user_agent,
        )?
        .with_limits(self.limits);
        if let Some((region, endpoint)) = lookup {
            inner = inner.with_project_lookup(region, endpoint)?;
        }
        Ok(C::from_core(ClientCore {
            inner: Arc::new(inner),
            options: CallOptions::default(),
        }))
    }
}

/// Fills `{name}` variables: `region` from the builder, the rest from their defaults. A
/// template with a `{region}` variable needs `region(…)`: picking a region silently is worse
/// than asking.
fn fill_template(
    template: &str,
    defaults: &[(&'static str, String)],
    region: Option<&str>,
) -> Result<String, BuildError> {
    let has_region = template.contains("{region}");
    match (has_region, region) {
        (false, Some(_)) => {
            return Err(BuildError::NoRegionVariable {
                template: template.to_owned(),
            });
        }
        (true, None) => return Err(BuildError::NoEndpoint),
        _ => {}
    }
    let mut url = template.to_owned();
    if let Some(region) = region {
        url = url.replace("{region}", region);
    }
    for (name, value) in defaults {
        url = url.replace(&format!("{{{name}}}"), value);
    }
    Ok(url)
}
