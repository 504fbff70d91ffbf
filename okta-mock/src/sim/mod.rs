//! Simulations: the mock's clock, Okta's rate limits and fault injection (seeded and
//! probabilistic, or scheduled by route and count).

pub(crate) mod clock;
pub(crate) mod faults;
pub(crate) mod limits;
pub(crate) mod rate_limit;
pub(crate) mod route;
pub(crate) mod schedule;

pub use clock::{Clock, ManualClock, WallClock};
pub(crate) use faults::FaultInjector;
pub use faults::{Fault, FaultConfig, FaultPlan, FaultSpecError, HANG_LIMIT};
pub use limits::{Bucket, Plan, RateLimitConfig, RateLimitConfigError};
pub(crate) use rate_limit::{Admission, RateLimitStatus, RateLimiter};
pub use route::Route;
pub use schedule::{FaultSchedule, FaultTarget, ScheduleError, ScheduledFault};
