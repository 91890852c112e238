//! AK/SK credentials and where they come from.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::secret::Secret;

/// Environment variable of the access key id (as the official SDK reads it).
pub const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
/// Environment variable of the secret access key.
pub const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
/// Environment variable of the project id.
pub const ENV_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// Environment variable of the security token of temporary credentials.
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";

/// An access key pair, optionally temporary (with a security token) and bound to a project.
///
/// Every part that could authenticate someone is a [`Secret`]; `Debug` shows none of them.
#[derive(Clone)]
pub struct AkSk {
    access_key: Secret,
    secret_key: Secret,
    security_token: Option<Secret>,
    project_id: Option<String>,
}

impl AkSk {
    /// A permanent key pair.
    pub fn new(access_key: impl Into<Secret>, secret_key: impl Into<Secret>) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            security_token: None,
            project_id: None,
        }
    }

    /// Binds the credentials to a project: its id fills `project_id` path parameters and is
    /// sent as `X-Project-Id`, as the official SDK does.
    #[must_use]
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Makes these temporary credentials: the token is sent (and signed) as
    /// `X-Security-Token`.
    #[must_use]
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Reads `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and, when set,
    /// `HUAWEICLOUD_SDK_PROJECT_ID` and `HUAWEICLOUD_SDK_SECURITY_TOKEN`.
    ///
    /// # Errors
    /// When the AK or SK variable is missing, empty or not Unicode (the error names the
    /// variable, never its value).
    pub fn from_env() -> Result<Self, CredentialError> {
        let required = |name: &'static str| match std::env::var(name) {
            Ok(value) if !value.trim().is_empty() => Ok(value),
            _ => Err(CredentialError::MissingEnv(name)),
        };
        let optional = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let mut credentials = Self::new(required(ENV_AK)?, required(ENV_SK)?);
        credentials.project_id = optional(ENV_PROJECT_ID);
        credentials.security_token = optional(ENV_SECURITY_TOKEN).map(Secret::from);
        Ok(credentials)
    }

    /// The access key id.
    pub fn access_key(&self) -> &Secret {
        &self.access_key
    }

    /// The secret access key.
    pub fn secret_key(&self) -> &Secret {
        &self.secret_key
    }

    /// The security token of temporary credentials.
    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }

    /// The project the credentials are bound to.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }
}

impl fmt::Debug for AkSk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AkSk")
            .field("access_key", &self.access_key)
            .field("secret_key", &self.secret_key)
            .field("security_token", &self.security_token)
            .field("project_id", &self.project_id)
            .finish()
    }
}

/// Why credentials could not be obtained. Never carries a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialError {
    /// A required environment variable is not set.
    #[error("environment variable {0} is not set")]
    MissingEnv(&'static str),
    /// A custom provider failed.
    #[error("credential provider failed: {0}")]
    Provider(String),
}

/// The future a [`CredentialProvider`] returns.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<AkSk, CredentialError>> + Send + 'a>>;

/// A source of AK/SK credentials, asked before every request is signed — so a provider of
/// temporary credentials can refresh them (with any async I/O it needs) when they expire.
pub trait CredentialProvider: fmt::Debug + Send + Sync {
    /// The credentials to sign the next request with.
    fn credentials(&self) -> CredentialsFuture<'_>;
}

/// Fixed credentials provide themselves.
impl CredentialProvider for AkSk {
    fn credentials(&self) -> CredentialsFuture<'_> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}
