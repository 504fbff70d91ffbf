//! The limits to simulate: the per-minute limit of each of Okta's endpoint families, the
//! cumulative limit and the concurrent-request limit of one of Okta's plans (from
//! [`okta_client::rate_limits`], where each value names its source), or a custom JSON file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// An endpoint family with its own per-minute limit: okta-client's table of Okta's management
/// rate-limit families, shared so that the mock enforces what the client paces by.
pub use okta_client::rate_limits::Family as Bucket;
pub use okta_client::rate_limits::Plan;

/// The limits to simulate: per-minute limit of each family, the cumulative per-minute limit
/// and the number of requests allowed in flight at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
#[must_use]
pub struct RateLimitConfig {
    /// Requests per minute over all `/api/v1` endpoints.
    pub cumulative: u32,
    /// Requests in flight at once.
    pub concurrency: u32,
    /// Requests per minute of each family.
    pub buckets: BTreeMap<Bucket, u32>,
}

/// The JSON form of a custom configuration: a preset to start from and the values to change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RateLimitFile {
    #[serde(default)]
    base: Option<String>,
    #[serde(default)]
    cumulative: Option<u32>,
    #[serde(default)]
    concurrency: Option<u32>,
    #[serde(default)]
    buckets: BTreeMap<Bucket, u32>,
}

/// Why a rate-limit configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RateLimitConfigError {
    /// Neither a preset name nor a readable file.
    #[error(
        "rate limits {0:?}: neither a preset (integrator-free, one-app, enterprise, \
         workforce-identity) nor a readable file: {1}"
    )]
    Unreadable(String, std::io::Error),
    /// The JSON did not have the expected shape.
    #[error("rate limits file: {0}")]
    Json(#[from] serde_json::Error),
    /// `base` named no preset.
    #[error(
        "rate limits file: unknown base preset {0:?} (expected integrator-free, one-app, \
         enterprise or workforce-identity)"
    )]
    UnknownBase(String),
}

impl RateLimitConfig {
    /// The limits of `plan`, every family of the table with that plan's column.
    pub fn plan(plan: Plan) -> Self {
        Self {
            cumulative: plan.cumulative(),
            concurrency: plan.concurrency(),
            buckets: Bucket::ALL.iter().map(|b| (*b, b.limit(plan))).collect(),
        }
    }

    /// Okta's Enterprise plan: cumulative 5,200; apps (including app users) 100; app by id
    /// 600; users 600; get user 1,000; update user 600; groups 600; group by id 600; System
    /// Log 50; most other 600; 75 in flight.
    pub fn enterprise() -> Self {
        Self::plan(Plan::Enterprise)
    }

    /// Okta's Integrator Free Plan (formerly Developer (free)): 100 for most families, 20 for
    /// apps and the System Log, cumulative 980, 15 in flight.
    pub fn developer() -> Self {
        Self::plan(Plan::IntegratorFree)
    }

    /// A preset by plan name: `integrator-free` (or `developer`), `one-app`, `enterprise`,
    /// `workforce-identity`.
    pub fn preset(name: &str) -> Option<Self> {
        Plan::from_name(name).map(Self::plan)
    }

    /// Reads the JSON form: `{"base": "developer", "cumulative": 50, "concurrency": 2,
    /// "buckets": {"user_get": 3}}`, every key optional; absent values come from `base`
    /// (default `enterprise`).
    ///
    /// # Errors
    /// Malformed JSON, an unknown key or bucket name, or an unknown base preset.
    pub fn from_json_str(json: &str) -> Result<Self, RateLimitConfigError> {
        let file: RateLimitFile = serde_json::from_str(json)?;
        let base = file.base.unwrap_or_else(|| "enterprise".to_owned());
        let mut config = Self::preset(&base).ok_or(RateLimitConfigError::UnknownBase(base))?;
        if let Some(c) = file.cumulative {
            config.cumulative = c;
        }
        if let Some(c) = file.concurrency {
            config.concurrency = c;
        }
        config.buckets.extend(file.buckets);
        Ok(config)
    }

    /// A preset name or the path of a JSON file (the `--rate-limits` argument).
    ///
    /// # Errors
    /// When `arg` is no preset and no readable, valid file.
    pub fn from_preset_or_file(arg: &str) -> Result<Self, RateLimitConfigError> {
        if let Some(config) = Self::preset(arg) {
            return Ok(config);
        }
        let text = std::fs::read_to_string(arg)
            .map_err(|e| RateLimitConfigError::Unreadable(arg.to_owned(), e))?;
        Self::from_json_str(&text)
    }

    pub(crate) fn limit_of(&self, bucket: Bucket) -> u32 {
        self.buckets
            .get(&bucket)
            .copied()
            .unwrap_or_else(|| bucket.limit(Plan::Enterprise))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_preset_follows_its_column_of_the_table() {
        for plan in Plan::ALL {
            let config = RateLimitConfig::preset(plan.name()).unwrap();
            assert_eq!(config.cumulative, plan.cumulative());
            assert_eq!(config.concurrency, plan.concurrency());
            for family in Bucket::ALL {
                assert_eq!(config.limit_of(family), family.limit(plan), "{family:?}");
            }
        }
        let enterprise = RateLimitConfig::enterprise();
        assert_eq!(enterprise.limit_of(Bucket::Apps), 100);
        assert_eq!(RateLimitConfig::developer().limit_of(Bucket::Apps), 20);
    }

    #[test]
    fn a_custom_file_with_an_unknown_bucket_is_refused() {
        let err = RateLimitConfig::from_json_str(r#"{"buckets":{"nope":1}}"#).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
    }
}
