//! Streams over Okta's Link-header pagination.

mod fetch;
mod link;
mod paginator;
mod stream;

pub use link::{LinkHeader, next_link, parse_link_headers};
pub use paginator::{Page, Paginator};
pub use stream::{ItemStream, PageStream};
