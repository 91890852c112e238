//! The project id from the region, found the way Huawei's official SDK finds it: a client
//! built with AK/SK and a region, whose credentials carry no project id, asks IAM
//! (`GET /v3/projects?name=<region>`, signed with the same credentials) before its first
//! call, and the answer is kept for the process per IAM endpoint, access key and region.
//! Concurrent first calls wait for one request.

//!
//! This module knows what to ask and how to read the answer, and keeps the cache; the
//! client sends the request (`ClientCore::send_once`), so nothing here depends on it.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, LazyLock, Mutex};

use reqwest::Method;
use tokio::sync::OnceCell;

use crate::error::{BuildError, ProjectLookupError};
use crate::request::Request;
use crate::response::RawResponse;

/// Environment variable naming the IAM endpoint (as the official SDK reads it).
pub const ENV_IAM_ENDPOINT: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";

/// Which project to look up, and where.
#[derive(Debug)]
pub(crate) struct ProjectLookup {
    region: String,
    endpoint: String,
}

type CacheKey = (String, String, String);

/// Per IAM endpoint, access key and region: one cell, filled once.
static CACHE: LazyLock<Mutex<HashMap<CacheKey, Arc<OnceCell<String>>>>> =
    LazyLock::new(Default::default);

impl ProjectLookup {
    pub(crate) fn new(region: String, endpoint: String) -> Self {
        Self { region, endpoint }
    }

    /// The project id for `access_key`: cached, or `ask`ed once (concurrent callers wait
    /// for the one answer; a failure is not kept).
    pub(crate) async fn cached(
        &self,
        access_key: &str,
        ask: impl Future<Output = Result<String, BuildError>>,
    ) -> Result<String, BuildError> {
        let key = (
            self.endpoint.clone(),
            access_key.to_owned(),
            self.region.clone(),
        );
        let cell = CACHE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(key)
            .or_default()
            .clone();
        let id = cell
            .get_or_try_init(|| {
                tracing::info!(
                    region = %self.region,
                    iam = %self.endpoint,
                    "no project id in the credentials; asking IAM"
                );
                ask
            })
            .await?;
        Ok(id.clone())
    }

    /// The request: IAM's project list, filtered by the region's name.
    pub(crate) fn request(&self) -> Request {
        Request::new(Method::GET, "/v3/projects")
            .operation("KeystoneListProjects")
            .path_literal("/v3/projects")
            .query("name", &self.region)
    }

    /// The lookup failed for `reason` (a transport error, a refusal).
    pub(crate) fn failed(&self, reason: String) -> BuildError {
        ProjectLookupError::Failed {
            region: self.region.clone(),
            endpoint: self.endpoint.clone(),
            reason,
        }
        .into()
    }

    /// The project id IAM's answer gives: exactly one project, or an error saying why not.
    pub(crate) fn answer(&self, response: RawResponse) -> Result<String, BuildError> {
        if !response.status().is_success() {
            return Err(self.failed(response.api_error_without_body::<()>().to_string()));
        }
        let trace_id = response
            .headers()
            .get("X-IAM-Trace-Id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response
            .json::<serde_json::Value, ()>()
            .map_err(|e| self.failed(e.to_string()))?
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
