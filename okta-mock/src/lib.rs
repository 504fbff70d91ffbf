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
//! `scenario`, `journal`, `faults`, `health`) is described in the README. [`MockServer`] has an
//! example of a test that loads its own org, schedules a fault
//! ([`MockServer::fail_next`]) and asserts on the journal ([`MockServer::assert_hits`]).

#[cfg(feature = "client")]
mod client_preset;
pub(crate) mod events;
pub(crate) mod expr;
pub(crate) mod hooks;
pub(crate) mod http;
// Its module-level re-exports are the OAuth module's own API inside the crate.
#[allow(unused_imports)]
pub(crate) mod oauth;
pub(crate) mod persist;
pub mod scenario;
pub(crate) mod server;
pub mod sim;
pub(crate) mod store;

/// How many System Log events a mock keeps unless told otherwise
/// ([`MockConfig::system_log_capacity`]).
pub use events::DEFAULT_CAPACITY as SYSTEM_LOG_DEFAULT_CAPACITY;
pub use http::{AppState, DEFAULT_TOKEN, JournalEntry, SharedStore, StoreWriteGuard, router};
pub use persist::SnapshotPolicy;
pub use server::{LoadError, MockConfig, MockServer, StartError};
// The test-double vocabulary, at the root for `use okta_mock::{Route, Fault, …}`.
/// The request journal [`AppState::journal`] holds.
pub use http::journal::Journal;
pub use http::journal::JournalQuery;
pub use sim::{Fault, FaultPlan, Route};
/// The org a mock serves, as [`MockServer::store`] and [`AppState::store`] hand it out: read it
/// through its parts (`store.users().get(id)`, `store.groups().members(..)`, …) and its event
/// log; export it with [`Scenario::export`](scenario::Scenario::export). It changes through the
/// HTTP API and the admin API.
pub use store::Store;

/// Not part of the API (no semver promise, hidden from the docs): the pieces the workspace's
/// own harnesses reach below the HTTP layer. The bench measures the store without HTTP (users
/// created by committing `CreateUser`, listings through the views) and loads scenarios by
/// committing `LoadScenario`; the property tests referee the Expression Language directly
/// against their own reference implementation; the mock's integration tests wrap a panicking
/// handler in the request envelope and compare the router with the spec's operations; the
/// end-to-end tests check the actor of recorded events.
#[doc(hidden)]
pub mod internals {
    pub use crate::expr::{EvalContext, Expr};
    pub use crate::http::middleware::envelope;
    pub use crate::http::unserved;
    pub use crate::store::commit;
    pub use crate::store::input::{UserInput, UserInputKind};
    pub use crate::store::{Actor, CreateUserOptions, Page, PageRequest, StoreError, UserQuery};
}
