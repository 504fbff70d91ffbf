//! A typed, streaming async client for the Okta Management API.
//!
//! The [`models`], [`directory`] and [`rate_limits`] modules are usable on their own
//! (`default-features = false`); everything else needs the default `client` feature.
//!
//! # Quick start
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use okta_client::{Client, Method, RawRequest};
//!
//! # async fn run() -> Result<(), okta_client::Error> {
//! // OKTA_CLIENT_ORGURL / OKTA_CLIENT_TOKEN, or okta.yaml; or Client::builder().
//! let client = Client::from_env()?;
//!
//! // Typed calls; a login with '@' is fine where an id is expected.
//! let alice = client.users().get("alice@example.com").await?;
//! println!("{} is {}", alice.id, alice.status);
//!
//! // Lists stream across pages, following Okta's Link headers; the next page is requested
//! // while the current one is consumed (`prefetch_pages(false)` on the builder turns it off).
//! let mut active = client.users().list().filter("status eq \"ACTIVE\"").items();
//! while let Some(user) = active.try_next().await? {
//!     println!("{:?}", user.login());
//! }
//!
//! // Any other endpoint, with the same auth, retries and rate-limit handling.
//! let response = client
//!     .raw(RawRequest::new(Method::GET, "/api/v1/users").query("limit", "1"))
//!     .await?;
//! println!("{} (rate limit: {:?})", response.body, response.meta.rate_limit);
//! # Ok(())
//! # }
//! ```
//!
//! Errors are one [`Error`] type with helpers such as [`Error::is_not_found`] and
//! [`Error::is_rate_limited`]; a 429 is waited out (on the server's clock) and 502/503/504 are
//! retried for idempotent requests, as [`RetryPolicy`] says. Print an error with `{}` (and its
//! [`source`](std::error::Error::source) chain for the underlying cause), not `{:?}`.
//!
//! # What the crate offers
//!
//! - [`Client`] (built with [`Client::builder`] or [`Client::from_env`]) and its handlers in
//!   [`api`]: `users()`, `groups()`, `apps()`, `app_users(app)`, `app_groups(app)`,
//!   `group_apps(group)`. Single calls are `async fn`s; lists are builders that end in
//!   `items()` ([`ItemStream`]), `pages()` ([`PageStream`]), `send()` (the first [`Page`]) or
//!   `collect_all()`. [`Client::resume`] continues a listing from a saved next link
//!   ([`Paginator`]).
//! - [`models`]: the wire types (`User`, `Group`, `Application`, `AppUser`, id newtypes).
//! - [`directory`]: Okta's Active Directory rule and the Immutable ID resolver, without I/O.
//! - [`rate_limits`]: Okta's rate-limit families and plans, without I/O.
//! - [`config`]: [`ClientBuilder`], [`RetryPolicy`], [`ThrottleConfig`] and where settings come
//!   from; [`auth`]: OAuth 2.0 service-app authorization; a custom [`TokenProvider`] returns an
//!   [`AuthHeader`] ([`AuthScheme`]).
//! - [`error`]: [`Error`] and [`ApiError`] (Okta's error body).
//! - Any other endpoint: [`Client::raw`] with a [`RawRequest`], answered by a [`RawResponse`];
//!   every response's [`ResponseMeta`] says which request it answers, its request id and its
//!   [`RateLimit`]. [`pagination`] also parses `Link` headers for such calls.
//! - [`Method`] and [`Url`] are re-exported, so a caller needs no `reqwest` or `url` of its own.
//!
//! To test code that uses this client without a network, start the `okta-mock` crate's
//! `MockServer` with a scenario and point the client at it (`MockServer::client()`); the
//! repository README has a worked example.

pub mod directory;
pub mod models;
pub mod rate_limits;

#[cfg(feature = "client")]
pub mod api;
#[cfg(feature = "client")]
pub mod auth;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
pub mod config;
#[cfg(feature = "client")]
pub mod error;
#[cfg(feature = "client")]
pub mod pagination;
#[cfg(feature = "client")]
mod transport;

#[cfg(feature = "client")]
pub use client::Client;
#[cfg(feature = "client")]
pub use config::{ClientBuilder, ConfigError, RetryPolicy, ThrottleConfig};
#[cfg(feature = "client")]
pub use error::{ApiError, Error};
#[cfg(feature = "client")]
pub use pagination::{ItemStream, Page, PageStream, Paginator};
/// The HTTP method type used by [`RawRequest`].
#[cfg(feature = "client")]
pub use reqwest::Method;
#[cfg(feature = "client")]
pub use transport::{
    AuthHeader, AuthScheme, RateLimit, RawRequest, RawResponse, ResponseMeta, TokenProvider,
};
/// The URL type used for org URLs and next links.
#[cfg(feature = "client")]
pub use url::Url;
