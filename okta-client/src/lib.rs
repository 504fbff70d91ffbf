//! A typed, streaming async client for the Okta Management API.
//!
//! The [`models`] and [`directory`] modules are usable on their own
//! (`default-features = false`); everything else needs the default `client` feature.

pub mod directory;
pub mod models;

#[cfg(feature = "client")]
pub mod api;
#[cfg(feature = "client")]
pub mod config;
#[cfg(feature = "client")]
pub mod error;
#[cfg(feature = "client")]
pub mod pagination;
#[cfg(feature = "client")]
pub mod transport;
