//! Simulations: the mock's clock, Okta's rate limits and fault injection (seeded and
//! probabilistic, or scheduled by route and count).

pub mod clock;
pub mod faults;
pub mod limits;
pub mod rate_limit;
pub mod route;
pub mod schedule;

pub use clock::{Clock, ManualClock, WallClock};
pub use faults::{Fault, FaultConfig, FaultInjector, FaultPlan, FaultSpecError};
pub use limits::{Bucket, Plan, RateLimitConfig, RateLimitConfigError};
pub use rate_limit::{Admission, RateLimitStatus, RateLimiter};
pub use route::Route;
pub use schedule::{FaultSchedule, FaultTarget, ScheduleError, ScheduledFault};
