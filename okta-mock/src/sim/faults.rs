//! Fault injection: seeded, reproducible failures and latency, off by default.
//!
//! The `--faults` syntax is a comma-separated list of `key=value`:
//! `429=0.05,500=0.01,502=0.01,503=0.02,504=0.01,html=0.01,reset=0.01,truncate=0.01,hang=0.01,latency=10ms..50ms`.
//! Probabilities are per request and must add up to at most 1; `latency` is a fixed duration
//! (`25ms`, `1s`) or a range (`10ms..50ms`) drawn uniformly. With the same seed the same
//! sequence of requests meets the same faults.
//!
//! | Key | What the client sees | Did the route run? |
//! |---|---|---|
//! | `429` | Okta's 429 (`E0000047`), `X-Rate-Limit-Remaining: 0` | no |
//! | `500`, `502`, `503`, `504` | that status with Okta's error body (`E0000009`, `E0000010`) | no |
//! | `html` | a 502 with a load balancer's HTML page | no |
//! | `reset` | the connection dropped without a complete response | no |
//! | `truncate` | the real response's head with its full `Content-Length`, then half the body and a dropped connection (a response with no body is dropped whole) | **yes**: a write took effect |
//! | `hang` | no response at all until the client gives up (the mock drops the connection after [`HANG_LIMIT`]) | no |
//! | `latency` | the answer, later | yes |

use std::sync::Mutex;
use std::time::Duration;

/// The longest a `hang` lasts: then the mock drops the connection, so that no task waits
/// forever for a client that already went away.
pub const HANG_LIMIT: Duration = Duration::from_secs(300);

/// What to do instead of answering normally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status and an Okta-shaped JSON body (429, 500, 502, 503 or 504).
    Status(u16),
    /// Answer 502 with an HTML page, as a proxy in front of Okta would.
    Html,
    /// Drop the connection without a complete response.
    Reset,
    /// Run the route, then send its head with the full `Content-Length` and only part of the
    /// body before dropping the connection.
    Truncate,
    /// Never answer (until [`HANG_LIMIT`]), so that the client times out.
    Hang,
}

impl Fault {
    /// The statuses a [`Fault::Status`] can answer, each with Okta's body for it: 429
    /// (`E0000047`), 500, 502 and 504 (`E0000009`), 503 (`E0000010`).
    pub const STATUSES: [u16; 5] = [429, 500, 502, 503, 504];

    /// Its key in a `--faults` spec and in the admin API: `429`…`504`, `html`, `reset`,
    /// `truncate` or `hang`.
    pub fn key(self) -> std::borrow::Cow<'static, str> {
        match self {
            Fault::Status(code) => code.to_string().into(),
            Fault::Html => "html".into(),
            Fault::Reset => "reset".into(),
            Fault::Truncate => "truncate".into(),
            Fault::Hang => "hang".into(),
        }
    }

    /// The fault named by `key` (see [`Fault::key`]), if it is one.
    pub fn from_key(key: &str) -> Option<Fault> {
        match key.trim() {
            "html" => Some(Fault::Html),
            "reset" => Some(Fault::Reset),
            "truncate" => Some(Fault::Truncate),
            "hang" => Some(Fault::Hang),
            other => other
                .parse::<u16>()
                .ok()
                .filter(|s| Fault::STATUSES.contains(s))
                .map(Fault::Status),
        }
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key())
    }
}

/// The fault plan for one request: a delay, then a fault or the normal answer.
///
/// A [`Fault`] converts into a plan without delay, so
/// [`MockServer::fail_next`](crate::MockServer::fail_next) takes either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct FaultPlan {
    /// Time to wait before answering.
    pub latency: Duration,
    /// The fault, if any.
    pub fault: Option<Fault>,
}

impl FaultPlan {
    /// The normal answer, `delay` later.
    pub fn delay(delay: Duration) -> Self {
        Self {
            latency: delay,
            fault: None,
        }
    }

    /// `fault`, at once.
    pub fn fault(fault: Fault) -> Self {
        Self {
            latency: Duration::ZERO,
            fault: Some(fault),
        }
    }

    /// The same delay, then `fault`: `FaultPlan::delay(d).then(Fault::Reset)`.
    #[must_use]
    pub fn then(mut self, fault: Fault) -> Self {
        self.fault = Some(fault);
        self
    }

    /// True when the plan changes nothing (no delay, no fault).
    pub fn is_inert(&self) -> bool {
        self.latency.is_zero() && self.fault.is_none()
    }
}

impl From<Fault> for FaultPlan {
    fn from(fault: Fault) -> Self {
        Self::fault(fault)
    }
}

/// Parsed fault probabilities and latency.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
#[must_use]
pub struct FaultConfig {
    /// Probability of each status fault, in the order 429, 500, 502, 503, 504.
    pub statuses: Vec<(u16, f64)>,
    /// Probability of a 502 HTML page.
    pub html: f64,
    /// Probability of a dropped connection.
    pub reset: f64,
    /// Probability of a truncated body (after the route ran).
    pub truncate: f64,
    /// Probability of no answer at all.
    pub hang: f64,
    /// Added latency: minimum and maximum.
    pub latency: Option<(Duration, Duration)>,
}

/// Why a `--faults` spec was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FaultSpecError {
    /// An item was not `key=value`.
    #[error("fault spec item {0:?}: expected key=value")]
    NotKeyValue(String),
    /// An unknown key.
    #[error(
        "fault spec item {0:?}: unknown key (expected 429, 500, 502, 503, 504, html, reset, \
         truncate, hang or latency)"
    )]
    UnknownKey(String),
    /// A probability outside [0, 1] or not a number.
    #[error("fault spec item {0:?}: the probability must be a number between 0 and 1")]
    BadProbability(String),
    /// The probabilities add up to more than 1.
    #[error("fault spec: the probabilities add up to {0}, more than 1")]
    TooLikely(f64),
    /// A latency that is not `N(ms|s)` or `A..B` with A ≤ B.
    #[error("fault spec item {0:?}: expected a latency like 25ms, 1s or 10ms..50ms")]
    BadLatency(String),
}

impl FaultConfig {
    /// Parses a spec such as `429=0.05,503=0.02,latency=10ms..50ms,html=0.01,reset=0.01`.
    /// An empty spec means no faults.
    ///
    /// # Errors
    /// A [`FaultSpecError`] naming the offending item.
    pub fn parse(spec: &str) -> Result<Self, FaultSpecError> {
        let mut config = FaultConfig::default();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (key, value) = item
                .split_once('=')
                .ok_or_else(|| FaultSpecError::NotKeyValue(item.to_owned()))?;
            let (key, value) = (key.trim(), value.trim());
            let probability = || -> Result<f64, FaultSpecError> {
                value
                    .parse::<f64>()
                    .ok()
                    .filter(|p| (0.0..=1.0).contains(p))
                    .ok_or_else(|| FaultSpecError::BadProbability(item.to_owned()))
            };
            match key {
                "429" | "500" | "502" | "503" | "504" => {
                    let status = key.parse::<u16>().unwrap_or(500);
                    let p = probability()?;
                    config.statuses.retain(|(s, _)| *s != status);
                    config.statuses.push((status, p));
                }
                "html" => config.html = probability()?,
                "reset" => config.reset = probability()?,
                "truncate" => config.truncate = probability()?,
                "hang" => config.hang = probability()?,
                "latency" => {
                    config.latency = Some(
                        parse_latency(value)
                            .ok_or_else(|| FaultSpecError::BadLatency(item.to_owned()))?,
                    );
                }
                _ => return Err(FaultSpecError::UnknownKey(item.to_owned())),
            }
        }
        config.statuses.sort_by_key(|(s, _)| *s);
        let total = config.total_probability();
        if total > 1.0 + 1e-9 {
            return Err(FaultSpecError::TooLikely(total));
        }
        Ok(config)
    }

    fn total_probability(&self) -> f64 {
        self.statuses.iter().map(|(_, p)| p).sum::<f64>()
            + self.html
            + self.reset
            + self.truncate
            + self.hang
    }

    /// True when this configuration never does anything.
    pub fn is_inert(&self) -> bool {
        self.total_probability() == 0.0 && self.latency.is_none_or(|(_, max)| max.is_zero())
    }
}

fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    if let Some(ms) = text.strip_suffix("ms") {
        return ms.trim().parse::<u64>().ok().map(Duration::from_millis);
    }
    let secs = text.strip_suffix('s')?;
    secs.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
}

fn parse_latency(value: &str) -> Option<(Duration, Duration)> {
    match value.split_once("..") {
        Some((min, max)) => {
            let (min, max) = (parse_duration(min)?, parse_duration(max)?);
            (min <= max).then_some((min, max))
        }
        None => parse_duration(value).map(|d| (d, d)),
    }
}

/// SplitMix64: tiny, seedable and good enough to pick faults reproducibly.
#[derive(Debug)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Draws a [`FaultPlan`] per request from a seeded generator.
#[derive(Debug)]
pub struct FaultInjector {
    config: FaultConfig,
    rng: Mutex<SplitMix64>,
}

impl FaultInjector {
    /// An injector drawing from `config` with the given seed.
    pub fn new(config: FaultConfig, seed: u64) -> Self {
        Self {
            config,
            rng: Mutex::new(SplitMix64(seed)),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &FaultConfig {
        &self.config
    }

    /// The plan for the next request. Always draws the same number of values, so one request's
    /// outcome never shifts the sequence of the next.
    pub fn next_plan(&self) -> FaultPlan {
        let (roll, spread) = {
            let mut rng = self.rng.lock().unwrap_or_else(|e| e.into_inner());
            (rng.next_f64(), rng.next_f64())
        };
        let latency = match self.config.latency {
            Some((min, max)) => min + (max - min).mul_f64(spread),
            None => Duration::ZERO,
        };
        let mut threshold = 0.0;
        let candidates = self
            .config
            .statuses
            .iter()
            .map(|(s, p)| (Fault::Status(*s), *p))
            .chain([
                (Fault::Html, self.config.html),
                (Fault::Reset, self.config.reset),
                (Fault::Truncate, self.config.truncate),
                (Fault::Hang, self.config.hang),
            ]);
        for (fault, p) in candidates {
            threshold += p;
            if roll < threshold {
                return FaultPlan {
                    latency,
                    fault: Some(fault),
                };
            }
        }
        FaultPlan {
            latency,
            fault: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_spec_is_parsed() {
        let c = FaultConfig::parse("429=0.05,503=0.02,latency=10ms..50ms,html=0.01,reset=0.01")
            .unwrap();
        assert_eq!(c.statuses, vec![(429, 0.05), (503, 0.02)]);
        assert_eq!(c.html, 0.01);
        assert_eq!(c.reset, 0.01);
        assert_eq!(
            c.latency,
            Some((Duration::from_millis(10), Duration::from_millis(50)))
        );
    }

    #[test]
    fn truncate_hang_and_504_are_parsed_and_drawn() {
        let c = FaultConfig::parse("truncate=0.25,hang=0.25,504=0.25").unwrap();
        assert_eq!((c.truncate, c.hang), (0.25, 0.25));
        assert_eq!(c.statuses, vec![(504, 0.25)]);
        let injector = FaultInjector::new(c, 3);
        let plans: Vec<_> = (0..400).map(|_| injector.next_plan().fault).collect();
        for fault in [Fault::Truncate, Fault::Hang, Fault::Status(504)] {
            let n = plans.iter().filter(|f| **f == Some(fault)).count();
            assert!((60..140).contains(&n), "{fault:?}: {n} of 400 at p=0.25");
        }
        assert!(FaultConfig::parse("truncate=0.6,hang=0.6").is_err());
    }

    #[test]
    fn bad_specs_name_the_offending_item() {
        let cases = [
            ("418=0.1", "418=0.1"),
            ("429=2", "429=2"),
            ("429", "429"),
            ("latency=50ms..10ms", "latency=50ms..10ms"),
            ("latency=fast", "latency=fast"),
        ];
        for (spec, item) in cases {
            let err = FaultConfig::parse(spec).unwrap_err().to_string();
            assert!(err.contains(item), "{spec}: {err}");
        }
        assert!(matches!(
            FaultConfig::parse("429=0.6,500=0.6"),
            Err(FaultSpecError::TooLikely(_))
        ));
    }

    #[test]
    fn the_same_seed_gives_the_same_faults() {
        let config = FaultConfig::parse("429=0.3,500=0.2,reset=0.1,latency=1ms..9ms").unwrap();
        let a = FaultInjector::new(config.clone(), 42);
        let b = FaultInjector::new(config, 42);
        let plans_a: Vec<_> = (0..200).map(|_| a.next_plan()).collect();
        let plans_b: Vec<_> = (0..200).map(|_| b.next_plan()).collect();
        assert_eq!(plans_a, plans_b);
        let faulted = plans_a.iter().filter(|p| p.fault.is_some()).count();
        assert!(
            (80..160).contains(&faulted),
            "{faulted} of 200 faulted at p=0.6"
        );
        assert!(plans_a.iter().all(
            |p| p.latency >= Duration::from_millis(1) && p.latency <= Duration::from_millis(9)
        ));
    }

    #[test]
    fn an_empty_spec_is_inert() {
        let config = FaultConfig::parse("").unwrap();
        assert!(config.is_inert());
        let injector = FaultInjector::new(config, 1);
        assert_eq!(injector.next_plan(), FaultPlan::default());
    }
}
