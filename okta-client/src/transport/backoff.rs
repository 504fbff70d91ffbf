//! Backoff delays and jitter for retries.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use crate::config::RetryPolicy;

/// The exponential backoff before retry number `attempt + 1`: `initial_backoff · 2^attempt`,
/// never above `max_wait`.
pub(crate) fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempt.min(20));
    policy
        .initial_backoff
        .saturating_mul(factor)
        .min(policy.max_wait)
}

/// `base` plus a random delay below `jitter`, the sum never above `cap`.
pub(crate) fn with_jitter(base: Duration, jitter: Duration, cap: Duration) -> Duration {
    base.saturating_add(random_below(jitter)).min(cap.max(base))
}

/// A random duration in `[0, max)`. The standard library's `RandomState` is randomly keyed per
/// process and re-keyed per instance, which is plenty for spreading retries apart; no crate is
/// pulled in for it.
fn random_below(max: Duration) -> Duration {
    let nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
    if nanos == 0 {
        return Duration::ZERO;
    }
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(nanos);
    Duration::from_nanos(hasher.finish() % nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let policy = RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_wait(Duration::from_millis(500));
        let waits: Vec<_> = (0..5).map(|a| backoff(&policy, a).as_millis()).collect();
        assert_eq!(waits, vec![100, 200, 400, 500, 500]);
        assert_eq!(backoff(&policy, u32::MAX), Duration::from_millis(500));
    }

    #[test]
    fn jitter_stays_within_its_bounds() {
        let base = Duration::from_millis(100);
        for _ in 0..200 {
            let w = with_jitter(base, Duration::from_millis(50), Duration::from_secs(1));
            assert!(w >= base && w < base + Duration::from_millis(50), "{w:?}");
            let capped = with_jitter(base, Duration::from_secs(5), Duration::from_millis(120));
            assert!(capped <= Duration::from_millis(120), "{capped:?}");
        }
        assert_eq!(with_jitter(base, Duration::ZERO, Duration::ZERO), base);
    }
}
