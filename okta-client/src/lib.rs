//! A typed, streaming async client for the Okta Management API.
//!
//! The [`models`], [`directory`] and [`rate_limits`] modules are usable on their own
//! (`default-features = false`); everything else needs the default `client` feature, except
//! `receiver` (the endpoint of an event hook, behind the feature of that name).
//!
//! # Quick start
//!
//! ```no_run
//! use okta_client::futures::TryStreamExt; // re-exported: no `futures` dependency needed
//! use okta_client::{Client, Method, RawRequest};
//!
//! # async fn run() -> Result<(), okta_client::Error> {
//! // OKTA_CLIENT_ORGURL / OKTA_CLIENT_TOKEN, or okta.yaml; or Client::builder().
//! let client = Client::from_env()?;
//!
//! // Typed calls; a login with '@' is fine where an id is expected.
//! let alice = client.users().get_by_login("alice@example.com").await?;
//! println!("{} is {}", alice.id, alice.status);
//!
//! // Lists stream across pages, following Okta's Link headers; the next page is requested
//! // while the current one is consumed (`prefetch_pages(false)` on the builder turns it off).
//! let mut active = client.users().list().filter("status eq \"ACTIVE\"").items();
//! while let Some(user) = active.try_next().await? {
//!     println!("{}", user.login());
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
//! # Public dependencies
//!
//! Types of other crates that appear in this crate's signatures are re-exported, so calling
//! any documented method needs no dependency beside `okta-client`:
//!
//! | Re-export | Why |
//! |---|---|
//! | [`serde_json`] | profiles' custom attributes, raw bodies, app settings are [`serde_json::Value`]s (`okta_client::serde_json::json!` works) |
//! | [`time`] | [`Timestamp`](models::Timestamp) converts from and to [`time::OffsetDateTime`] |
//! | [`Url`] | org URLs and next links |
//! | `futures` (`client` feature) | listings are [`futures::Stream`]s (consume them with `futures::TryStreamExt`); [`TokenProvider`] returns a `futures::future::BoxFuture` |
//! | [`Method`], [`header`] (`client` feature) | the `http` crate's method and header types of [`RawRequest`] and [`ResponseMeta`] (http 1.x) |
//!
//! A major version change of one of them is a breaking change of this crate, recorded in the
//! changelog. The HTTP library itself (reqwest) is not part of the API: transport errors are
//! wrapped in [`error::HttpError`].
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

// The HTTP layer needs a TLS backend; without one every https request would fail at run time.
#[cfg(all(
    feature = "client",
    not(any(feature = "rustls-tls", feature = "native-tls"))
))]
compile_error!(
    "okta-client: the `client` feature needs a TLS backend. Enable `rustls-tls` (the default) or \
     `native-tls`, e.g. `okta-client = { version = \"0.1\", default-features = false, features = \
     [\"rustls-tls\"] }`; for the models only, use `default-features = false` without `client`."
);

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
#[cfg(feature = "receiver")]
pub mod receiver;
#[cfg(feature = "client")]
mod transport;

#[cfg(feature = "client")]
pub use client::Client;
#[cfg(feature = "client")]
pub use config::{ClientBuilder, ConfigError, RetryPolicy, ThrottleConfig};
#[cfg(feature = "client")]
pub use error::{ApiError, Error};
/// The `futures` crate: listings are its `Stream`s, [`TokenProvider`] returns its `BoxFuture`.
#[cfg(feature = "client")]
pub use futures;
#[cfg(feature = "client")]
pub use pagination::{ItemStream, Page, PageStream, Paginator};
/// The HTTP method type used by [`RawRequest`] (the `http` crate's).
#[cfg(feature = "client")]
pub use reqwest::Method;
/// The `http` crate's header types and names, used by [`RawRequest::header`] and
/// [`ResponseMeta::headers`].
#[cfg(feature = "client")]
pub use reqwest::header;
/// The `serde_json` crate: custom profile attributes, raw bodies and app settings are its
/// `Value`s and `Map`s.
pub use serde_json;
/// The `time` crate: [`Timestamp`](models::Timestamp) converts from and to its `OffsetDateTime`.
pub use time;
#[cfg(feature = "client")]
pub use transport::{
    AuthHeader, AuthScheme, RateLimit, RawRequest, RawResponse, ResponseMeta, TokenProvider,
};
/// The URL type used for org URLs and next links.
#[cfg(feature = "client")]
pub use url::Url;
