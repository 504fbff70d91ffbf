//! Okta's per-minute rate limits, simulated: one bucket per endpoint family, a cumulative bucket
//! and a concurrency limit, with the headers Okta sends.
//!
//! Off by default: the limiter still counts and the headers are still emitted (a client reading
//! them sees plausible values), but nothing is refused. Windows are calendar minutes of the
//! mock's [`Clock`](super::clock::Clock), so `X-Rate-Limit-Reset` is always the start of the
//! next simulated minute and consistent with the `Date` header.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::http::Method;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

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

    fn limit_of(&self, bucket: Bucket) -> u32 {
        self.buckets.get(&bucket).copied().unwrap_or(600)
    }
}

/// The values of the three `X-Rate-Limit-*` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitStatus {
    /// `X-Rate-Limit-Limit`.
    pub limit: u32,
    /// `X-Rate-Limit-Remaining`.
    pub remaining: u32,
    /// `X-Rate-Limit-Reset`: UTC epoch seconds when the window resets.
    pub reset: i64,
}

/// Holds one concurrency slot until dropped.
#[derive(Debug)]
pub struct InFlight(Option<Arc<AtomicU32>>);

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some(counter) = self.0.take() {
            counter.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// The limiter's answer for one request.
#[derive(Debug)]
pub enum Admission {
    /// Go ahead; keep the slot until the response is produced.
    Admitted(RateLimitStatus, InFlight),
    /// Answer 429 with these headers.
    Refused(RateLimitStatus),
}

#[derive(Debug, Default)]
struct Windows {
    minute: i64,
    counts: BTreeMap<Bucket, u32>,
    cumulative: u32,
}

/// Counts requests per family and minute and decides whether they may proceed.
#[derive(Debug)]
pub struct RateLimiter {
    config: RateLimitConfig,
    enforce: bool,
    windows: Mutex<Windows>,
    in_flight: Arc<AtomicU32>,
}

impl RateLimiter {
    /// A limiter that refuses requests over `config`'s limits.
    pub fn enforcing(config: RateLimitConfig) -> Self {
        Self::build(config, true)
    }

    /// A limiter that only counts (for the headers) with the Enterprise limits.
    pub fn disabled() -> Self {
        Self::build(RateLimitConfig::enterprise(), false)
    }

    fn build(config: RateLimitConfig, enforce: bool) -> Self {
        Self {
            config,
            enforce,
            windows: Mutex::new(Windows::default()),
            in_flight: Arc::new(AtomicU32::new(0)),
        }
    }

    /// True when limits are enforced.
    pub fn is_enforcing(&self) -> bool {
        self.enforce
    }

    /// Counts one request to `bucket` at `now` and admits or refuses it.
    pub fn admit(&self, bucket: Bucket, now: OffsetDateTime) -> Admission {
        let minute = now.unix_timestamp().div_euclid(60);
        let reset = (minute + 1) * 60;
        let limit = self.config.limit_of(bucket);
        if self.enforce {
            let in_flight = self.in_flight.fetch_add(1, Ordering::SeqCst);
            if in_flight >= self.config.concurrency {
                self.in_flight.fetch_sub(1, Ordering::SeqCst);
                return Admission::Refused(RateLimitStatus {
                    limit: 0,
                    remaining: 0,
                    reset,
                });
            }
        }
        let slot = InFlight(self.enforce.then(|| Arc::clone(&self.in_flight)));
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.minute != minute {
            *windows = Windows {
                minute,
                ..Windows::default()
            };
        }
        let used = windows.counts.get(&bucket).copied().unwrap_or(0);
        if self.enforce && used >= limit {
            return Admission::Refused(RateLimitStatus {
                limit,
                remaining: 0,
                reset,
            });
        }
        if self.enforce && windows.cumulative >= self.config.cumulative {
            let limit = self.config.cumulative;
            return Admission::Refused(RateLimitStatus {
                limit,
                remaining: 0,
                reset,
            });
        }
        windows.counts.insert(bucket, used.saturating_add(1));
        windows.cumulative = windows.cumulative.saturating_add(1);
        let remaining = limit.saturating_sub(used.saturating_add(1));
        Admission::Admitted(
            RateLimitStatus {
                limit,
                remaining,
                reset,
            },
            slot,
        )
    }

    /// The headers `bucket` would show at `now`, without counting a request.
    pub fn peek(&self, bucket: Bucket, now: OffsetDateTime) -> RateLimitStatus {
        let minute = now.unix_timestamp().div_euclid(60);
        let limit = self.config.limit_of(bucket);
        let windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let used = if windows.minute == minute {
            windows.counts.get(&bucket).copied().unwrap_or(0)
        } else {
            0
        };
        RateLimitStatus {
            limit,
            remaining: limit.saturating_sub(used),
            reset: (minute + 1) * 60,
        }
    }

    /// Forgets every count (the admin reset).
    pub fn reset(&self) {
        *self.windows.lock().unwrap_or_else(|e| e.into_inner()) = Windows::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

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
    fn a_bucket_refuses_once_its_limit_is_used_and_resets_next_minute() {
        let config = RateLimitConfig::from_json_str(r#"{"buckets":{"user_get":2}}"#).unwrap();
        let limiter = RateLimiter::enforcing(config);
        let t = datetime!(2024-01-09 15:36:04 UTC);
        for expected_remaining in [1, 0] {
            match limiter.admit(Bucket::UserGet, t) {
                Admission::Admitted(s, _) => assert_eq!(s.remaining, expected_remaining),
                Admission::Refused(_) => panic!("refused too early"),
            }
        }
        match limiter.admit(Bucket::UserGet, t) {
            Admission::Refused(s) => {
                assert_eq!((s.limit, s.remaining), (2, 0));
                assert_eq!(s.reset, datetime!(2024-01-09 15:37:00 UTC).unix_timestamp());
            }
            Admission::Admitted(..) => panic!("admitted over the limit"),
        }
        let later = datetime!(2024-01-09 15:37:00 UTC);
        assert!(matches!(
            limiter.admit(Bucket::UserGet, later),
            Admission::Admitted(..)
        ));
    }

    #[test]
    fn the_concurrency_limit_reports_limit_zero_and_frees_slots_on_drop() {
        let config = RateLimitConfig::from_json_str(r#"{"concurrency":1}"#).unwrap();
        let limiter = RateLimiter::enforcing(config);
        let t = datetime!(2024-01-09 15:36:04 UTC);
        let first = limiter.admit(Bucket::Other, t);
        match limiter.admit(Bucket::Other, t) {
            Admission::Refused(s) => assert_eq!((s.limit, s.remaining), (0, 0)),
            Admission::Admitted(..) => panic!("second request admitted while the first runs"),
        }
        drop(first);
        assert!(matches!(
            limiter.admit(Bucket::Other, t),
            Admission::Admitted(..)
        ));
    }

    #[test]
    fn a_disabled_limiter_counts_but_never_refuses() {
        let limiter = RateLimiter::disabled();
        let t = datetime!(2024-01-09 15:36:04 UTC);
        for _ in 0..150 {
            assert!(matches!(
                limiter.admit(Bucket::Apps, t),
                Admission::Admitted(..)
            ));
        }
        assert_eq!(limiter.peek(Bucket::Apps, t).remaining, 0);
        assert_eq!(limiter.peek(Bucket::Apps, t).limit, 100);
    }

    #[test]
    fn a_custom_file_with_an_unknown_bucket_is_refused() {
        let err = RateLimitConfig::from_json_str(r#"{"buckets":{"nope":1}}"#).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
    }
}
