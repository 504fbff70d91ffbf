//! An in-memory Okta org served by axum, faithful on the wire: Okta's status codes, error
//! bodies, `Link` pagination, rate-limit headers and lifecycle rules, for offline development
//! and tests of Okta clients.
//!
//! # Quick start
//! ```no_run
//! # async fn demo() {
//! let server = okta_mock::MockServer::start().await;
//! let org_url = server.base_url(); // http://127.0.0.1:PORT
//! let header = format!("SSWS {}", server.token());
//! // … point a client at org_url with that Authorization header …
//! # let _ = (org_url, header);
//! server.shutdown().await;
//! # }
//! ```
//!
//! For in-process tests, [`router`] gives the axum `Router` to call with
//! `tower::ServiceExt::oneshot`. The admin API (`GET /__mock/` lists it: `reset`, `empty`,
//! `scenario`, `journal`, `faults`, `health`) is described in [`http`]. [`MockServer`] has an
//! example of a test that loads its own org, schedules a fault
//! ([`MockServer::fail_next`]) and asserts on the journal ([`MockServer::assert_hits`]).

#[cfg(feature = "client")]
mod client_preset;
pub mod events;
pub mod expr;
pub mod hooks;
pub mod http;
pub mod oauth;
pub mod persist;
pub mod scenario;
pub mod server;
pub mod sim;
pub mod store;

pub use http::{AppState, DEFAULT_TOKEN, JournalEntry, OktaError, SharedStore, router};
pub use server::{LoadError, MockConfig, MockServer, StartError};
// The test-double vocabulary, at the root for `use okta_mock::{Route, Fault, …}`.
pub use http::journal::JournalQuery;
pub use sim::{Fault, FaultPlan, Route};
