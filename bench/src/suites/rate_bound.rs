//! The least time Okta's per-window limits allow for a set of requests.

use std::collections::BTreeMap;

use okta_mock::sim::{Bucket, Plan, RateLimitConfig};

/// The least time, in windows (a minute each unless time-scaled), the limits allow for these
/// requests when the run starts `phase` (0..1) of the way into a window: a bucket needing k
/// windows must reach the start of its k-th, i.e. (1 − phase) + (k − 2) windows for k ≥ 2.
pub fn minimum_windows(
    buckets: &BTreeMap<Bucket, usize>,
    limits: &RateLimitConfig,
    phase: f64,
) -> (f64, String) {
    let total: usize = buckets.values().sum();
    let mut worst = (windows(total, limits.cumulative), "cumulative".to_owned());
    for (bucket, count) in buckets {
        let limit = limits
            .buckets
            .get(bucket)
            .copied()
            .unwrap_or(limits.cumulative);
        let k = windows(*count, limit);
        if k > worst.0 {
            worst = (k, format!("{bucket:?} ({count} requests at {limit}/min)"));
        }
    }
    let windows = if worst.0 >= 2 {
        (1.0 - phase) + (worst.0 - 2) as f64
    } else {
        0.0
    };
    (windows, worst.1)
}

/// The least time, in minutes, a real org on `plan` needs for these requests when they start
/// as a minute begins (Okta's windows are calendar minutes), with the family that sets it.
pub fn real_org_minutes(buckets: &BTreeMap<Bucket, usize>, plan: Plan) -> (f64, String) {
    minimum_windows(buckets, &RateLimitConfig::plan(plan), 0.0)
}

fn windows(count: usize, limit: u32) -> usize {
    count.div_ceil(limit.max(1) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minimum_is_set_by_the_tightest_bucket_and_the_start_phase() {
        let limits = RateLimitConfig::enterprise();
        let buckets = BTreeMap::from([(Bucket::Other, 1_800), (Bucket::Apps, 1)]);
        // 3 windows of 600: from mid-window, half a window then one full window.
        let (windows, binding) = minimum_windows(&buckets, &limits, 0.5);
        assert!((windows - 1.5).abs() < 1e-9, "{windows}");
        assert!(binding.starts_with("Other"));
        let (one_window, _) = minimum_windows(&BTreeMap::from([(Bucket::Other, 10)]), &limits, 0.2);
        assert_eq!(one_window, 0.0);
    }

    #[test]
    fn app_user_writes_are_bound_by_the_apps_family_on_every_plan() {
        let buckets = BTreeMap::from([(Bucket::Apps, 33_000), (Bucket::Groups, 100)]);
        let (minutes, binding) = real_org_minutes(&buckets, Plan::Enterprise);
        assert!((minutes - 329.0).abs() < 1e-9, "{minutes}");
        assert!(binding.starts_with("Apps"), "{binding}");
        let (free, _) = real_org_minutes(&buckets, Plan::IntegratorFree);
        assert!((free - 1_649.0).abs() < 1e-9, "{free}");
    }
}
