//! Client configuration: the builder, environment variables and okta.yaml.

mod builder;
mod env;
mod error;
mod org_url;
mod policy;
mod tls;

pub use builder::ClientBuilder;
pub use env::{ORG_URL_VAR, TOKEN_VAR, config_files, configured_outside_code};
pub use error::ConfigError;
pub use policy::{RetryPolicy, ThrottleConfig};

pub(crate) use env::{FileSettings, settings_from};
pub(crate) use org_url::validate_org_url;
