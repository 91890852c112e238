//! Per-call overrides of the client's settings.

use std::time::Duration;

use crate::retry::RetryPolicy;

/// Settings for the calls made through one client handle (see `Client::with_options` in the
/// generated code): the project, the timeout, the retry policy. Unset fields keep the
/// client's values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    pub(crate) project_id: Option<String>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) max_body: Option<usize>,
    pub(crate) max_error_body: Option<usize>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// The project id for `project_id` path parameters, instead of the credentials' one.
    #[must_use]
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// The limit for each attempt, from sending the request to reading the whole response.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy.
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The largest success body read, in bytes (see [`crate::DEFAULT_MAX_BODY`]).
    #[must_use]
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body = Some(bytes);
        self
    }

    /// The longest error-body prefix kept, in bytes (see [`crate::DEFAULT_MAX_ERROR_BODY`]).
    #[must_use]
    pub fn max_error_body_size(mut self, bytes: usize) -> Self {
        self.max_error_body = Some(bytes);
        self
    }

    /// `self`, with every field `other` sets replaced.
    pub(crate) fn merged(&self, other: CallOptions) -> CallOptions {
        CallOptions {
            project_id: other.project_id.or_else(|| self.project_id.clone()),
            timeout: other.timeout.or(self.timeout),
            retry: other.retry.or_else(|| self.retry.clone()),
            max_body: other.max_body.or(self.max_body),
            max_error_body: other.max_error_body.or(self.max_error_body),
        }
    }
}
