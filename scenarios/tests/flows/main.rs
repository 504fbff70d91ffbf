//! The okta-scenarios integration tests, one binary for the whole crate (each integration test
//! file would otherwise be its own binary statically linking rustls, axum and the rest): the
//! named cases, the CLI, faults, request counts, the agreement of batch and per-user modes, and
//! the absence of soft-match takeovers.

mod cases;
mod cli;
mod faults;
mod modes_agree;
mod modes_agree_prop;
mod no_takeover_prop;
mod private_key;
mod request_count;
mod secrets;
mod support;
