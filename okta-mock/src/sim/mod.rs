//! Simulations: the mock's clock, Okta's rate limits and fault injection.

pub(crate) mod clock;
pub(crate) mod faults;
pub(crate) mod limits;
pub(crate) mod rate_limit;

pub use clock::{Clock, ManualClock, WallClock};
pub(crate) use faults::{Fault, FaultInjector};
pub use faults::{FaultConfig, FaultSpecError};
pub use limits::{Bucket, Plan, RateLimitConfig, RateLimitConfigError};
pub(crate) use rate_limit::{Admission, RateLimitStatus, RateLimiter};
