//! The retry policy of a failed run: how many times, and how long to wait in between.
//!
//! This sits above okta-client's own retries (which already retry a transient answer of one
//! request): it runs the whole flow again, which is safe because flows converge.

use std::time::Duration;

use serde::Deserialize;

/// How a run that failed with a retryable error ([`FlowError::is_retryable`]) is tried again.
/// Bounded: after `attempts` runs in all, the failure goes to the flow's error path.
///
/// [`FlowError::is_retryable`]: super::FlowError::is_retryable
///
/// In the flows configuration: a `[retry]` table, e.g. `attempts = 5` and `backoff = 500`
/// (milliseconds; so is `max_backoff`); a key left out keeps its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "snake_case")]
pub struct RetryPolicy {
    /// Runs in all, the first included (at least 1).
    pub attempts: u32,
    /// The wait after the first failure; it doubles after each further one.
    #[serde(with = "millis")]
    pub backoff: Duration,
    /// The longest wait between two runs.
    #[serde(with = "millis")]
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// Three runs, waiting 1 s then 2 s: enough to ride out a brief outage without holding up
    /// the events behind it for long.
    fn default() -> Self {
        Self {
            attempts: 3,
            backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries: one run.
    pub fn none() -> Self {
        Self {
            attempts: 1,
            ..Self::default()
        }
    }

    /// The wait after the `failures`-th failure (1-based): `backoff × 2^(failures-1)`, at most
    /// `max_backoff`.
    pub fn delay(&self, failures: u32) -> Duration {
        let factor = 2u32.saturating_pow(failures.saturating_sub(1).min(20));
        self.backoff.saturating_mul(factor).min(self.max_backoff)
    }

    /// Whether another run is allowed after `runs` runs.
    pub fn allows_another(&self, runs: u32) -> bool {
        runs < self.attempts.max(1)
    }
}

/// Durations as milliseconds in the TOML configuration (`backoff = 500`).
mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        Ok(Duration::from_millis(u64::deserialize(d)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_its_bound() {
        let policy = RetryPolicy {
            attempts: 10,
            backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
        };
        let waits: Vec<u128> = (1..=4).map(|n| policy.delay(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 350, 350]);
        assert_eq!(policy.delay(1000), Duration::from_millis(350));
    }

    #[test]
    fn the_number_of_runs_is_bounded_and_at_least_one() {
        let policy = RetryPolicy::default();
        assert!(policy.allows_another(2) && !policy.allows_another(3));
        let zero = RetryPolicy {
            attempts: 0,
            ..policy
        };
        assert!(!zero.allows_another(1));
        assert!(!RetryPolicy::none().allows_another(1));
    }
}
