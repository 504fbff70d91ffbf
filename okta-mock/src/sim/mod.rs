//! Simulations: the mock's clock, Okta's rate limits and fault injection.

pub mod clock;
pub mod faults;
pub mod limits;
pub mod rate_limit;

pub use clock::{Clock, ManualClock, WallClock};
pub use faults::{Fault, FaultConfig, FaultInjector, FaultPlan, FaultSpecError};
pub use limits::{Bucket, Plan, RateLimitConfig, RateLimitConfigError};
pub use rate_limit::{Admission, RateLimitStatus, RateLimiter};
