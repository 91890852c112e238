//! The project id from the region, found the way Huawei's official SDK finds it: a client
//! built with AK/SK and a region, whose credentials carry no project id, asks IAM
//! (`GET /v3/projects?name=<region>`, signed with the same credentials) before its first
//! call, and the answer is kept for the process per IAM endpoint, access key and region.
//! Concurrent first calls wait for one request.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use reqwest::Method;
use tokio::sync::OnceCell;

use crate::client::{ClientCore, Inner};
use crate::credentials::AkSk;
use crate::error::BuildError;
use crate::options::CallOptions;
use crate::request::Request;

/// Environment variable naming the IAM endpoint (as the official SDK reads it).
pub const ENV_IAM_ENDPOINT: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";

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

/// What a client needs to look its project up.
#[derive(Debug)]
pub(crate) struct ProjectLookup {
    region: String,
    endpoint: String,
    /// A client for IAM with the service client's HTTP stack and timeout, no credentials
    /// (each lookup signs with the credentials of the call that needs it).
    iam: ClientCore,
}

type CacheKey = (String, String, String);

/// Per IAM endpoint, access key and region: one cell, filled once.
static CACHE: LazyLock<Mutex<HashMap<CacheKey, Arc<OnceCell<String>>>>> =
    LazyLock::new(Default::default);

impl ProjectLookup {
    pub(crate) fn new(region: String, endpoint: String, iam: Inner) -> Self {
        Self {
            region,
            endpoint,
            iam: ClientCore {
                inner: Arc::new(iam),
                options: CallOptions::default(),
            },
        }
    }

    /// The project id of the region for `credentials`: cached, or asked once.
    pub(crate) async fn project_id(&self, credentials: &AkSk) -> Result<String, BuildError> {
        let key = (
            self.endpoint.clone(),
            credentials.access_key().expose().to_owned(),
            self.region.clone(),
        );
        let cell = CACHE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(key)
            .or_default()
            .clone();
        let id = cell.get_or_try_init(|| self.ask(credentials)).await?;
        Ok(id.clone())
    }

    async fn ask(&self, credentials: &AkSk) -> Result<String, BuildError> {
        let failed = |reason: String| ProjectLookupError::Failed {
            region: self.region.clone(),
            endpoint: self.endpoint.clone(),
            reason,
        };
        tracing::info!(
            region = %self.region,
            iam = %self.endpoint,
            "no project id in the credentials; asking IAM"
        );
        // One attempt, as the SDK makes it (its HTTP client does not retry by default).
        let request = Request::new(Method::GET, "/v3/projects")
            .operation("KeystoneListProjects")
            .path_literal("/v3/projects")
            .query("name", &self.region);
        let response = self
            .iam
            .send_once::<()>(&request, credentials)
            .await
            .map_err(|e| failed(e.to_string()))?;
        if !response.status().is_success() {
            return Err(failed(response.api_error_without_body::<()>().to_string()).into());
        }
        let trace_id = response
            .headers()
            .get("X-IAM-Trace-Id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response
            .json::<serde_json::Value, ()>()
            .map_err(|e| failed(e.to_string()))?
            .into_body();
        let ids: Vec<String> = body
            .get("projects")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| p.get("id").and_then(serde_json::Value::as_str))
            .map(str::to_owned)
            .collect();
        match <[String; 1]>::try_from(ids) {
            Ok([id]) => Ok(id),
            Err(ids) if ids.is_empty() => Err(ProjectLookupError::NoProject {
                region: self.region.clone(),
                trace_id,
            }
            .into()),
            Err(ids) => Err(ProjectLookupError::SeveralProjects {
                region: self.region.clone(),
                ids,
                trace_id,
            }
            .into()),
        }
    }
}

/// The IAM endpoint for `region`: `HUAWEICLOUD_SDK_IAM_ENDPOINT` when set, else IAM on the
/// same site as the service endpoint (`https://cbr.eu-west-101.myhuaweicloud.eu` →
/// `https://iam.eu-west-101.myhuaweicloud.eu`), else `https://iam.<region>.myhuaweicloud.com`.
pub(crate) fn iam_endpoint(region: &str, service_endpoint: &str) -> String {
    iam_endpoint_with(region, service_endpoint, |name| std::env::var(name).ok())
}

fn iam_endpoint_with(
    region: &str,
    service_endpoint: &str,
    var: impl Fn(&str) -> Option<String>,
) -> String {
    if let Some(endpoint) = var(ENV_IAM_ENDPOINT).filter(|v| !v.trim().is_empty()) {
        return endpoint.trim().to_owned();
    }
    let host = service_endpoint
        .split_once("://")
        .map_or("", |(_, rest)| rest)
        .split(['/', ':'])
        .next()
        .unwrap_or_default();
    let marker = format!(".{region}.");
    match host.find(&marker) {
        Some(at) => format!("https://iam{}", &host[at..]),
        None => format!("https://iam.{region}.myhuaweicloud.com"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn iam_lives_on_the_service_site() {
        assert_eq!(
            iam_endpoint_with(
                "cn-north-4",
                "https://cbr.cn-north-4.myhuaweicloud.com",
                none
            ),
            "https://iam.cn-north-4.myhuaweicloud.com"
        );
        assert_eq!(
            iam_endpoint_with(
                "eu-west-101",
                "https://cbr.eu-west-101.myhuaweicloud.eu",
                none
            ),
            "https://iam.eu-west-101.myhuaweicloud.eu"
        );
        assert_eq!(
            iam_endpoint_with("cn-north-4", "http://127.0.0.1:8080", none),
            "https://iam.cn-north-4.myhuaweicloud.com"
        );
        let env =
            |name: &str| (name == ENV_IAM_ENDPOINT).then(|| String::from(" http://iam.local "));
        assert_eq!(
            iam_endpoint_with(
                "cn-north-4",
                "https://cbr.cn-north-4.myhuaweicloud.com",
                env
            ),
            "http://iam.local"
        );
    }
}
