//! The TLS configuration of the HTTP client: rustls with the `ring` crypto provider and the
//! operating system's certificate verifier (what reqwest's own `rustls` feature sets up, with
//! aws-lc-rs as the provider instead).
//!
//! Why ring: aws-lc-rs compiles a C library, the slowest and largest part of a cold build of
//! this workspace; ring is smaller and builds faster, and both are rustls' supported providers.
//! The provider is passed to this client only, never installed process-wide, so an application
//! that installs its own default provider is not disturbed.

use std::sync::Arc;

use rustls_platform_verifier::BuilderVerifierExt as _;

use super::ConfigError;

/// A rustls client configuration: ring, TLS 1.2 and 1.3, the platform's certificate verifier.
///
/// # Errors
/// [`ConfigError::HttpClient`] when the platform verifier cannot be set up (no usable
/// certificate store).
pub(crate) fn client_config() -> Result<rustls::ClientConfig, ConfigError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ConfigError::HttpClient(format!("TLS versions: {e}")))?
        .with_platform_verifier()
        .map_err(|e| ConfigError::HttpClient(format!("TLS certificate verifier: {e}")))?
        .with_no_client_auth();
    Ok(config)
}
