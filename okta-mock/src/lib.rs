//! An in-memory Okta org served by axum, faithful on the wire.

pub mod expr;
pub mod http;
pub mod scenario;
pub mod sim;
pub mod store;
