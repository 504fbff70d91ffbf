//! The seeds' flows, each in its own module, and the registry that builds them by name from
//! their table of the flows configuration file (`[offboarding]`, …; a flow without a table
//! uses its `Config::default()`).

pub mod manager_notification;
pub mod mfa_reminder;
pub mod offboarding;
mod selection;

use serde::de::DeserializeOwned;

use crate::runtime::{Flow, FlowError};

/// Builds one flow from its configuration table (`None`: the flow's defaults).
pub type Build = fn(Option<toml::Table>) -> Result<Box<dyn Flow>, FlowError>;

/// Every flow by name.
pub const REGISTRY: &[(&str, Build)] = &[(offboarding::NAME, |t| {
    Ok(Box::new(offboarding::flow(config(offboarding::NAME, t)?)))
})];

/// A flow's `Config` from its table, or its default.
fn config<C: DeserializeOwned + Default>(
    flow: &str,
    table: Option<toml::Table>,
) -> Result<C, FlowError> {
    match table {
        None => Ok(C::default()),
        Some(table) => table
            .try_into()
            .map_err(|e| FlowError::Config(format!("[{flow}]: {e}"))),
    }
}
