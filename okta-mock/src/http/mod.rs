//! The HTTP layer: routes, middleware, Okta-shaped errors.
//!
//! [`router`] builds the whole service. Every response passes through one envelope that adds
//! `Date`, `X-Okta-Request-Id`, the `X-Rate-Limit-*` headers and `Content-Type`, and then
//! [`headers`] adds Okta's caching and security headers as recorded; every error
//! body is produced by [`OktaError`]; an operation of Okta's spec the mock does not serve is 501
//! E0000052 naming it (see [`unserved`] and `okta-mock/UNSERVED.md`), other unknown paths are
//! Okta's 404, wrong methods its 405, and a panicking handler its 500 E0000009, never a dropped
//! connection.
//!
//! # Admin API
//! Under `/__mock/`, behind the same token as the Management API, never rate-limited, faulted
//! or journaled. `GET /__mock/` lists these routes:
//!
//! | Method | Path | Answer |
//! |---|---|---|
//! | `GET` | `/__mock/` | the index: every admin route, with its body and answer |
//! | `POST` | `/__mock/reset` | restores the org the mock started with (its scenario and service apps, or an empty org), and clears the journal, the rate-limit counts, the access tokens and the scheduled faults; 204 |
//! | `POST` | `/__mock/empty` | empties the org (only "Everyone" is left), the journal, the rate-limit counts, the access tokens and the scheduled faults; 204 |
//! | `POST` | `/__mock/scenario` | body: a scenario file; replaces the org; 200 with the counts, or 400 E0000001 whose cause names the path in the file |
//! | `GET` | `/__mock/scenario` | the org exported as a scenario file |
//! | `GET` | `/__mock/journal` | the requests received ([`JournalEntry`] list, with headers and bodies, secrets redacted as [`journal::redact`] says), oldest first |
//! | `DELETE` | `/__mock/journal` | forgets them; 204 |
//! | `POST` | `/__mock/faults` | body: `{"method": "GET", "path": "/api/v1/users/{id}", "times": 2, "fault": "503", "delayMs": 0}` (method: default any; path: a [`Route`](crate::sim::Route) pattern; times: default 1; fault: `429`, `500`, `502`, `503`, `504`, `html`, `reset`, `truncate` or `hang`, and/or `delayMs`); the next `times` matching requests meet it; 200 with the pending rules, or 400 E0000001 naming the bad field |
//! | `GET` | `/__mock/faults` | the pending scheduled faults, in the order they apply |
//! | `DELETE` | `/__mock/faults` | drops them (the `--faults` probabilities stay); 204 |
//! | `GET` | `/__mock/health` | `{"status":"ok","users":…,"groups":…,"apps":…,"appUsers":…}` |
//! | `GET` | `/__mock/storage` | where the org is kept: `{"dataDir":null}` in memory; with `--data-dir` `{"dataDir","bytes","logBytes","logRecords","replayedRecords","durableRecords","lastSnapshot"}` |
//! | `POST` | `/__mock/storage/snapshot` | with `--data-dir`: a snapshot now (the log it covers dropped), answered as `GET /__mock/storage`; 400 without |
//! | `POST` | `/__mock/users/{id}/factors` | body: a factor (`{"factorType", "provider", "status", "created", "profile"}`, only the first two required); enrolls it for the user (`ACTIVE` by default); 200 with the factor as the Management API shows it |
//! | `POST` | `/__mock/users/{id}/lock` | locks the user out (`LOCKED_OUT`, `user.account.lock` logged with the user as target); 200 with the user |
//! | `POST` | `/__mock/events` | body: a log event or an array of them; injects System Log events no API call makes; 200 with the events as stored |
//! | `GET` | `/__mock/events` | every System Log event kept |
//! | `GET`, `DELETE` | `/__mock/hooks/deliveries` | the event hook delivery journal; `DELETE` forgets it |
//! | `GET`, `PUT` | `/__mock/hooks/faults` | the delivery faults (delay, drop, repeat) |
//! | `GET` | `/__mock/hooks/in-flight` | `{"inFlight": n}`: deliveries not finished yet |

mod actor;
mod control;
pub mod error;
pub mod headers;
pub mod ids;
pub mod journal;
pub mod json;
pub mod links;
pub mod middleware;
pub mod path;
pub mod query;
pub mod render;
mod routes;
pub mod state;
mod user_json;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Uri};
use axum::response::Response;

pub use error::OktaError;
pub use journal::JournalEntry;
pub use routes::unserved;
pub use state::{AppState, DEFAULT_TOKEN, SharedStore, StoreWriteGuard};

/// The whole service over `state`: the Management API routes in scope, the admin API under
/// `/__mock/`, and the envelope middleware. Serve it with `axum::serve`, or call it in-process
/// with `tower::ServiceExt::oneshot`.
pub fn router(state: AppState) -> Router {
    routes::routes()
        .fallback(unknown_path)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(json::MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::envelope,
        ))
        .layer(axum::middleware::from_fn(headers::okta_headers))
        .with_state(state)
}

// An operation of Okta's spec the mock does not serve answers 501 rather than 404 or 405.
async fn unknown_path(method: Method, uri: Uri) -> Response {
    routes::unserved::unserved_or(&method, uri.path(), OktaError::unknown_path(uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    routes::unserved::unserved_or(&method, uri.path(), OktaError::method_not_allowed())
}
