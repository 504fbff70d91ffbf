//! The limits to simulate: Okta's endpoint families and the per-minute limits of its
//! Enterprise and Developer (free) orgs, or a custom JSON file.

use std::collections::BTreeMap;

use axum::http::Method;
use serde::{Deserialize, Serialize};

/// An endpoint family with its own per-minute limit (Okta's "Management" rate-limit table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// `GET` / `POST /api/v1/users`.
    Users,
    /// `GET /api/v1/users/{id}`.
    UserGet,
    /// `POST` / `PUT` / `DELETE /api/v1/users/{id}`.
    UserWrite,
    /// `GET` / `POST /api/v1/groups`.
    Groups,
    /// `GET /api/v1/groups/{id}`.
    GroupGet,
    /// `GET` / `POST /api/v1/apps`.
    Apps,
    /// `GET /api/v1/apps/{id}`.
    AppGet,
    /// Every other `/api/v1` endpoint.
    Other,
}

impl Bucket {
    /// The family of a request, or `None` for paths outside `/api/v1` (never limited).
    pub fn classify(method: &Method, path: &str) -> Option<Bucket> {
        let rest = path.strip_prefix("/api/v1/")?;
        let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
        let bucket = match (segments.as_slice(), method) {
            (["users"], &Method::GET | &Method::POST) => Bucket::Users,
            (["users", _], &Method::GET) => Bucket::UserGet,
            (["users", _], &Method::POST | &Method::PUT | &Method::DELETE) => Bucket::UserWrite,
            (["groups"], &Method::GET | &Method::POST) => Bucket::Groups,
            (["groups", _], &Method::GET) => Bucket::GroupGet,
            (["apps"], &Method::GET | &Method::POST) => Bucket::Apps,
            (["apps", _], &Method::GET) => Bucket::AppGet,
            _ => Bucket::Other,
        };
        Some(bucket)
    }

    /// Every family.
    pub const ALL: [Bucket; 8] = [
        Bucket::Users,
        Bucket::UserGet,
        Bucket::UserWrite,
        Bucket::Groups,
        Bucket::GroupGet,
        Bucket::Apps,
        Bucket::AppGet,
        Bucket::Other,
    ];
}

/// The limits to simulate: per-minute limit of each family, the cumulative per-minute limit
/// and the number of requests allowed in flight at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    #[error("rate limits {0:?}: neither a preset (enterprise, developer) nor a readable file: {1}")]
    Unreadable(String, std::io::Error),
    /// The JSON did not have the expected shape.
    #[error("rate limits file: {0}")]
    Json(#[from] serde_json::Error),
    /// `base` named no preset.
    #[error("rate limits file: unknown base preset {0:?} (expected enterprise or developer)")]
    UnknownBase(String),
}

impl RateLimitConfig {
    /// Okta's Enterprise column: cumulative 5,200; users 600; get user 1,000; update/delete user
    /// 600; groups 600; get group 600; apps 100; get app 600; everything else 600; 75 in flight.
    pub fn enterprise() -> Self {
        let buckets = BTreeMap::from([
            (Bucket::Users, 600),
            (Bucket::UserGet, 1000),
            (Bucket::UserWrite, 600),
            (Bucket::Groups, 600),
            (Bucket::GroupGet, 600),
            (Bucket::Apps, 100),
            (Bucket::AppGet, 600),
            (Bucket::Other, 600),
        ]);
        Self {
            cumulative: 5200,
            concurrency: 75,
            buckets,
        }
    }

    /// Okta's Developer (free) column: 100 for most families, 20 for the apps list, cumulative
    /// 980, 15 in flight.
    pub fn developer() -> Self {
        let mut buckets: BTreeMap<Bucket, u32> = Bucket::ALL.iter().map(|b| (*b, 100)).collect();
        buckets.insert(Bucket::Apps, 20);
        Self {
            cumulative: 980,
            concurrency: 15,
            buckets,
        }
    }

    /// A preset by name (`enterprise`, `developer`).
    pub fn preset(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "enterprise" => Some(Self::enterprise()),
            "developer" => Some(Self::developer()),
            _ => None,
        }
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
        self.buckets.get(&bucket).copied().unwrap_or(600)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_classified_into_okta_families() {
        assert_eq!(
            Bucket::classify(&Method::GET, "/api/v1/users"),
            Some(Bucket::Users)
        );
        assert_eq!(
            Bucket::classify(&Method::GET, "/api/v1/users/00u1"),
            Some(Bucket::UserGet)
        );
        assert_eq!(
            Bucket::classify(&Method::PUT, "/api/v1/users/00u1"),
            Some(Bucket::UserWrite)
        );
        assert_eq!(
            Bucket::classify(&Method::GET, "/api/v1/apps"),
            Some(Bucket::Apps)
        );
        assert_eq!(
            Bucket::classify(&Method::GET, "/api/v1/apps/0oa1/users"),
            Some(Bucket::Other)
        );
        assert_eq!(Bucket::classify(&Method::GET, "/__mock/health"), None);
    }

    #[test]
    fn a_custom_file_with_an_unknown_bucket_is_refused() {
        let err = RateLimitConfig::from_json_str(r#"{"buckets":{"nope":1}}"#).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
    }
}
