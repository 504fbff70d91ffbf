//! The okta-scenarios integration tests, one binary for the whole crate (each integration test
//! file would otherwise be its own binary statically linking rustls, axum and the rest): the
//! named cases, the CLI, faults, request counts and the agreement of batch and per-user modes.

mod attribute_write;
mod cases;
mod cli;
mod faults;
mod modes_agree;
mod modes_agree_prop;
mod rate_families;
mod request_count;
mod support;
