//! The HTTP transport: auth, retries, rate limits, error decoding.

mod auth;
mod backoff;
mod decode;
mod execute;
mod rate_limit;
mod raw;
mod request;
mod response;
mod server_clock;
mod throttle;

pub use auth::{AuthHeader, AuthScheme, TokenProvider};
pub use rate_limit::RateLimit;
pub use raw::{RawRequest, RawResponse};
pub use response::ResponseMeta;

pub(crate) use auth::StaticToken;

pub(crate) use backoff::{backoff, with_jitter};
pub(crate) use decode::decode_json;
pub(crate) use execute::RawHttp;
pub(crate) use rate_limit::wait_after_429;
pub(crate) use request::{ApiRequest, Prepared};
pub(crate) use throttle::{Throttle, bucket_key};
