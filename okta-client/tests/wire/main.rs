//! The okta-client integration tests, one binary for the whole crate (each integration test
//! file would otherwise be its own binary statically linking rustls, axum and the rest): the
//! spec's examples against the wire models, and the client on the wire against one scripted
//! HTTP double (`support`): each handler's requests (`api`), paging, retries and faults.

mod api;
mod broken_wire;
mod event_hooks;
mod factors;
mod logs;
mod pagination;
mod paging_prop;
mod prefetch;
#[cfg(feature = "receiver")]
mod receiver;
#[cfg(feature = "receiver")]
mod receiver_prop;
mod requests;
mod retries;
mod spec_examples;
mod support;
mod transport_faults;
