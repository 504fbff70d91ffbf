//! The four suites. Each returns a [`SuiteReport`](crate::report::SuiteReport) whose figures
//! are ratios taken within the same run.

pub mod batch_flow;
pub mod batch_limits;
pub mod batch_org;
pub mod batch_sync;
pub mod events_poll;
pub mod flows_watch;
pub mod hook_delay;
pub mod listing;
pub mod listing_faults;
pub mod oauth;
pub mod persistence;
pub mod rate_bound;
pub mod scale;
pub mod throughput;
