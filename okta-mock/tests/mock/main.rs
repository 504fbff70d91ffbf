//! The okta-mock integration tests, one binary for the whole crate (each integration test file
//! would otherwise be its own binary statically linking rustls, axum and the rest): the routes,
//! errors, headers, pagination, simulations, admin API, server and binary of the mock.

mod admin;
mod app_groups;
mod binary;
mod common;
mod concurrency;
mod errors;
mod faults;
mod headers;
mod journal_assertions;
mod okta_headers;
mod org_state;
mod pagination;
mod persistence;
mod rate_limits;
mod routes;
mod scheduled_faults;
mod server;
mod stress;
mod test_double;
mod unserved;
mod user_operations;
mod validation;
