//! Client configuration: the builder, environment variables and okta.yaml.

mod auth_settings;
mod builder;
mod env;
mod error;
mod org_url;
mod policy;
mod proxy;
#[cfg(feature = "rustls-tls")]
mod tls;

pub use builder::ClientBuilder;
pub use env::{ORG_URL_VAR, TOKEN_VAR, config_files, configured_outside_code};
pub use error::ConfigError;
pub use policy::{RetryPolicy, ThrottleConfig};

pub(crate) use auth_settings::{auth_from_settings, proxy_url};
pub(crate) use env::{FileSettings, settings_from};
pub(crate) use org_url::validate_org_url;
