//! The okta-mock integration tests, one binary for the whole crate (each integration test file
//! would otherwise be its own binary statically linking rustls, axum and the rest): the routes,
//! errors, headers, pagination, simulations, admin API, server and binary of the mock.

mod admin;
mod app_groups;
mod binary;
mod common;
mod concurrency;
mod errors;
mod event_hooks;
mod factors;
mod faults;
mod headers;
mod hook_receiver;
mod imported_groups;
mod journal_assertions;
mod lifecycle_errors;
mod okta_headers;
mod org_state;
mod pagination;
mod persistence;
mod provisioning;
mod query_rules;
mod rate_limits;
mod routes;
mod scheduled_faults;
mod search_lag;
mod server;
mod stress;
mod system_log;
mod system_log_fidelity;
mod test_double;
mod timestamps;
mod unserved;
mod user_operations;
mod validation;
