//! `x-apigen-regions` at the document's root → [`ir::Regions`]: the region ids a client can
//! be built for, with their endpoints, and the environment variable prefix that overrides
//! one (as Huawei's SDKs read `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION_ID>`).
//!
//! ```yaml
//! x-apigen-regions:
//!   env-prefix: HUAWEICLOUD_SDK_REGION_CBR   # optional
//!   endpoints:
//!     cn-north-4: https://cbr.cn-north-4.myhuaweicloud.com
//!     eu-west-101: https://cbr.eu-west-101.myhuaweicloud.eu
//! ```
//!
//! A table is needed when a region's endpoint does not follow the server URL template, or
//! to refuse region ids the service does not have.

use serde_json::Value;

use super::Lower;
use crate::diag::Pointer;
use crate::ir;

/// The root extension holding the region table.
pub(super) const REGIONS_EXTENSION: &str = "x-apigen-regions";

/// The keys the extension takes.
const KEYS: [&str; 2] = ["env-prefix", "endpoints"];

impl Lower<'_, '_> {
    /// The document's region table, when it declares one that can be used (problems are
    /// reported; a table with errors is dropped whole).
    pub(super) fn regions(&self) -> Option<ir::Regions> {
        let value = self.doc.extensions.get(REGIONS_EXTENSION)?;
        let at = Pointer::root().push(REGIONS_EXTENSION);
        let errors = self.cx.error_count();
        let Value::Object(map) = value else {
            self.cx.error_hint(
                &at,
                format!("`{REGIONS_EXTENSION}` must be an object"),
                "e.g. `{endpoints: {cn-north-4: https://svc.cn-north-4.example.com}}`",
            );
            return None;
        };
        for key in map.keys().filter(|k| !KEYS.contains(&k.as_str())) {
            self.cx.warn(
                &at.push(key),
                format!("`{REGIONS_EXTENSION}` has no key `{key}` (ignored); it takes `env-prefix` and `endpoints`"),
            );
        }
        let env_prefix = match map.get("env-prefix") {
            None => None,
            Some(Value::String(prefix)) if env_prefix_ok(prefix) => Some(prefix.clone()),
            Some(other) => {
                self.cx.error(
                    &at.push("env-prefix"),
                    format!(
                        "`env-prefix` must be an environment variable name in upper case \
                         (A-Z, 0-9, _), not {other}"
                    ),
                );
                None
            }
        };
        let endpoints = match map.get("endpoints") {
            Some(Value::Object(endpoints)) if !endpoints.is_empty() => endpoints,
            _ => {
                self.cx.error(
                    &at.push("endpoints"),
                    "`endpoints` must map region ids to endpoint URLs, with at least one region",
                );
                return None;
            }
        };
        let mut table = Vec::with_capacity(endpoints.len());
        for (id, url) in endpoints {
            let here = at.push("endpoints").push(id);
            if !region_id_ok(id) {
                self.cx.error(
                    &here,
                    format!("region id `{id}` must be letters, digits, `-`, `_` or `.`"),
                );
                continue;
            }
            match url {
                Value::String(url) => match endpoint_problem(url) {
                    None => table.push((id.clone(), url.trim_end_matches('/').to_owned())),
                    Some(problem) => {
                        self.cx.error(
                            &here,
                            format!("endpoint `{url}` of region `{id}` {problem}"),
                        );
                    }
                },
                other => self.cx.error(
                    &here,
                    format!("the endpoint of region `{id}` must be a URL string, not {other}"),
                ),
            }
        }
        // Sorted: whether serde_json keeps object order depends on features other crates
        // in the build enable, and the output must not.
        table.sort();
        (self.cx.error_count() == errors).then_some(ir::Regions {
            endpoints: table,
            env_prefix,
        })
    }
}

fn env_prefix_ok(prefix: &str) -> bool {
    !prefix.is_empty()
        && !prefix.starts_with(|c: char| c.is_ascii_digit())
        && prefix
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn region_id_ok(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// What keeps `url` from being a client's base URL, if anything.
fn endpoint_problem(url: &str) -> Option<&'static str> {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Some("is not an absolute `http`/`https` URL");
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Some("has no host");
    }
    if url.contains(['?', '#']) {
        return Some("has a query or fragment");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("contains whitespace");
    }
    if url.contains(['{', '}']) {
        return Some("contains a template variable; list each region's URL in full");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_checked() {
        assert_eq!(
            endpoint_problem("https://cbr.eu-west-101.myhuaweicloud.eu"),
            None
        );
        assert_eq!(endpoint_problem("http://127.0.0.1:8080/base"), None);
        assert!(endpoint_problem("cbr.cn-north-4.myhuaweicloud.com").is_some());
        assert!(endpoint_problem("https://").is_some());
        assert!(endpoint_problem("https://x/?a=b").is_some());
        assert!(endpoint_problem("https://cbr.{region}.example.com").is_some());
        assert!(endpoint_problem("https://a b").is_some());
    }

    #[test]
    fn names_are_checked() {
        assert!(env_prefix_ok("HUAWEICLOUD_SDK_REGION_CBR"));
        assert!(!env_prefix_ok("huaweicloud"));
        assert!(!env_prefix_ok("9X"));
        assert!(!env_prefix_ok(""));
        assert!(region_id_ok("eu-west-101"));
        assert!(!region_id_ok("eu west"));
        assert!(!region_id_ok(""));
    }
}
