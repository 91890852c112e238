//! A document's region table (`x-apigen-regions`): region ids with their endpoints, which
//! `ClientBuilder::region` looks up, and the environment variable that overrides an
//! endpoint the way Huawei's official SDKs do (`HUAWEICLOUD_SDK_REGION_CBR_CN_NORTH_4`).
//!
//! A table is data, not a template: it holds regions whose endpoint does not follow the
//! server URL (another domain), and it makes a mistyped region an error instead of a URL
//! that does not resolve.

use crate::error::BuildError;

/// Region ids and their endpoints, as generated code passes them to the builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regions {
    endpoints: &'static [(&'static str, &'static str)],
    env_prefix: Option<&'static str>,
}

impl Regions {
    /// A table of `(region id, endpoint)` pairs; with `env_prefix`, the variable
    /// `<env_prefix>_<REGION_ID>` (upper case, `-` as `_`) overrides a region's endpoint and
    /// can name a region the table does not list.
    pub const fn new(
        endpoints: &'static [(&'static str, &'static str)],
        env_prefix: Option<&'static str>,
    ) -> Self {
        Self {
            endpoints,
            env_prefix,
        }
    }

    /// The `(region id, endpoint)` pairs, as generated (sorted by id).
    pub fn endpoints(&self) -> &'static [(&'static str, &'static str)] {
        self.endpoints
    }

    /// The variable that overrides `region`'s endpoint, when the table has a prefix.
    pub fn env_var(&self, region: &str) -> Option<String> {
        let prefix = self.env_prefix?;
        Some(format!(
            "{prefix}_{}",
            region.replace('-', "_").to_ascii_uppercase()
        ))
    }

    /// `region`'s endpoint: the environment's override first, then the table.
    ///
    /// # Errors
    /// [`BuildError::UnknownRegion`] when neither has it.
    pub fn endpoint(&self, region: &str) -> Result<String, BuildError> {
        self.endpoint_with(region, |name| std::env::var(name).ok())
    }

    /// [`Regions::endpoint`] reading variables through `var` (tests).
    pub(crate) fn endpoint_with(
        &self,
        region: &str,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<String, BuildError> {
        let env_var = self.env_var(region);
        // The official SDK takes a comma-separated list (its first entry is used first);
        // one endpoint per client here, so the first.
        let from_env = env_var.as_deref().and_then(&var).and_then(|value| {
            value
                .split(',')
                .map(str::trim)
                .find(|s| !s.is_empty())
                .map(str::to_owned)
        });
        if let Some(endpoint) = from_env {
            return Ok(endpoint);
        }
        if let Some((_, endpoint)) = self.endpoints.iter().find(|(id, _)| *id == region) {
            return Ok((*endpoint).to_owned());
        }
        let mut known: Vec<&str> = self.endpoints.iter().map(|(id, _)| *id).collect();
        known.sort_unstable();
        Err(BuildError::UnknownRegion {
            region: region.to_owned(),
            known: known.join(", "),
            hint: match env_var {
                Some(name) => format!("give `endpoint(url)`, or set {name}"),
                None => String::from("give `endpoint(url)`"),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: Regions = Regions::new(
        &[
            ("cn-north-4", "https://cbr.cn-north-4.myhuaweicloud.com"),
            ("eu-west-101", "https://cbr.eu-west-101.myhuaweicloud.eu"),
        ],
        Some("HUAWEICLOUD_SDK_REGION_CBR"),
    );

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn table_lookup_keeps_endpoints_off_the_template() {
        assert_eq!(
            TABLE.endpoint_with("eu-west-101", no_env).unwrap(),
            "https://cbr.eu-west-101.myhuaweicloud.eu"
        );
    }

    #[test]
    fn env_var_name_follows_the_sdk() {
        assert_eq!(
            TABLE.env_var("cn-north-4").as_deref(),
            Some("HUAWEICLOUD_SDK_REGION_CBR_CN_NORTH_4")
        );
        assert_eq!(Regions::new(&[], None).env_var("cn-north-4"), None);
    }

    #[test]
    fn environment_overrides_and_adds_regions() {
        let env = |name: &str| {
            (name == "HUAWEICLOUD_SDK_REGION_CBR_CN_NORTH_4"
                || name == "HUAWEICLOUD_SDK_REGION_CBR_XX_TEST_1")
                .then(|| String::from(" http://127.0.0.1:9 , http://127.0.0.1:10"))
        };
        assert_eq!(
            TABLE.endpoint_with("cn-north-4", env).unwrap(),
            "http://127.0.0.1:9"
        );
        assert_eq!(
            TABLE.endpoint_with("xx-test-1", env).unwrap(),
            "http://127.0.0.1:9"
        );
        // An empty variable is no override.
        let empty = |_: &str| Some(String::from(" , "));
        assert_eq!(
            TABLE.endpoint_with("cn-north-4", empty).unwrap(),
            "https://cbr.cn-north-4.myhuaweicloud.com"
        );
    }

    #[test]
    fn unknown_region_says_how_to_give_an_endpoint() {
        let err = TABLE.endpoint_with("cn-nort-4", no_env).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown region `cn-nort-4` (known: cn-north-4, eu-west-101): give \
             `endpoint(url)`, or set HUAWEICLOUD_SDK_REGION_CBR_CN_NORT_4"
        );
    }
}
