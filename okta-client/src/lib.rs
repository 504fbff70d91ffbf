//! A typed, streaming async client for the Okta Management API.
//!
//! The [`models`] module is usable on its own (`default-features = false`).

pub mod models;
