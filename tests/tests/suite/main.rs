//! The okta-tests end-to-end and property tests, one binary (each integration test file would
//! otherwise be its own binary statically linking rustls, axum and the rest). The official SDK
//! compatibility tests stay in their own binary, `official_sdks`: they install the SDKs and run
//! external processes.

mod directory_properties;
mod e2e;
mod events;
mod fault_matrix;
mod state_machine;
