//! The flows the runtime runs, and the registry that builds them by name from one TOML file.
//!
//! Each flow lives in its own module: `NAME` (its kebab-case name), a `Config`
//! (`Default` = the values of its demo scenario file) and `flow(config)`, which returns a
//! [`crate::runtime::Flow`]. The flows configuration (`--flows-config FILE`) has one table
//! per flow, named by the flow (`[group-flag]`); a flow without a table uses its defaults. A
//! `[retry]` table sets the engine's [`RetryPolicy`].
//!
//! ```
//! use okta_scenarios::flows::{FlowsConfig, build};
//!
//! let config = FlowsConfig::from_toml_str(
//!     "[group-flag]\ngroup = \"VPN Users\"\nattribute = \"hasVpn\"",
//! )?;
//! let flows = build(&["group-flag".to_owned()], &config)?;
//! assert_eq!(flows[0].name(), "group-flag");
//! # Ok::<(), okta_scenarios::flows::RegistryError>(())
//! ```

pub mod birthright_access;
mod demo;
pub mod group_flag;
pub mod immutable_id_trigger;
pub mod manager_notification;
pub mod mfa_reminder;
pub mod offboarding;
mod selection;
pub mod title_sync;

use std::path::Path;
use std::sync::Arc;

pub use demo::demo_scenario;

use crate::runtime::{Flow, RetryPolicy};

/// The table of the flows configuration that holds the retry policy, not a flow.
pub const RETRY_TABLE: &str = "retry";

/// Builds a flow from its configuration table (`None`: its defaults).
pub type BuildFlow = fn(Option<&toml::Value>) -> Result<Arc<dyn Flow>, RegistryError>;

/// A flow the registry can build.
#[derive(Debug, Clone, Copy)]
pub struct FlowEntry {
    /// Its name, on the command line and as its configuration table.
    pub name: &'static str,
    /// What it does, in one line (for `--help` and errors).
    pub summary: &'static str,
    /// Its scenario file, `cases/flows/<module>.json` (part of the demo org).
    pub scenario: &'static str,
    /// Builds it from its configuration table (`None`: its defaults).
    pub build: BuildFlow,
}

/// Builds a flow from its module's `Config` and `flow` function.
macro_rules! entry {
    ($module:ident, $summary:expr) => {
        FlowEntry {
            name: $module::NAME,
            summary: $summary,
            scenario: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/cases/flows/",
                stringify!($module),
                ".json"
            )),
            build: |table| {
                let config: $module::Config = match table {
                    Some(table) => table.clone().try_into().map_err(|e: toml::de::Error| {
                        RegistryError::Config($module::NAME, e.message().to_owned())
                    })?,
                    None => $module::Config::default(),
                };
                Ok(Arc::new($module::flow(config)))
            },
        }
    };
}

/// Every flow, in the order they run when several handle the same event.
pub fn registry() -> &'static [FlowEntry] {
    const REGISTRY: &[FlowEntry] = &[
        entry!(
            group_flag,
            "User Added to / Removed from Group: set a profile flag to true / false"
        ),
        entry!(
            birthright_access,
            "User Created / Added to Group / department changed: the department's groups"
        ),
        entry!(
            title_sync,
            "User Profile Updated (title, department): group memberships, cost center, notify"
        ),
        entry!(
            immutable_id_trigger,
            "User Added to the Office 365 group or app: set the Immutable ID"
        ),
        entry!(
            offboarding,
            "User Deactivated: clear sessions, leave groups, unassign apps, notify IT, audit"
        ),
        entry!(
            mfa_reminder,
            "Daily: remind users older than N days without an active MFA factor, once a period"
        ),
        entry!(
            manager_notification,
            "User Account Locked: notify the user's manager (or IT when none is found)"
        ),
    ];
    REGISTRY
}

/// The flows configuration: one TOML table per flow.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlowsConfig {
    tables: toml::Table,
}

/// A flow or its configuration that cannot be used, and what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    /// No flow has the name.
    #[error("no flow named {0:?}; the flows are: {1}")]
    UnknownFlow(String, String),
    /// A flow's table is wrong.
    #[error("[{0}] in the flows configuration: {1}")]
    Config(&'static str, String),
    /// The file cannot be read or is not TOML.
    #[error("flows configuration {0}")]
    File(String),
}

impl FlowsConfig {
    /// Parses the TOML text. Every top-level table must name a flow.
    ///
    /// # Errors
    /// [`RegistryError::File`] when it is not TOML, [`RegistryError::UnknownFlow`] for a
    /// table that names no flow.
    pub fn from_toml_str(text: &str) -> Result<Self, RegistryError> {
        let tables: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| RegistryError::File(e.message().to_owned()))?;
        for name in tables.keys().filter(|n| *n != RETRY_TABLE) {
            find(name)?;
        }
        Ok(Self { tables })
    }

    /// Reads and parses a file.
    ///
    /// # Errors
    /// As [`FlowsConfig::from_toml_str`], or when the file cannot be read.
    pub fn load(path: &Path) -> Result<Self, RegistryError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| RegistryError::File(format!("{}: {e}", path.display())))?;
        Self::from_toml_str(&text).map_err(|e| match e {
            RegistryError::File(m) => RegistryError::File(format!("{}: {m}", path.display())),
            other => other,
        })
    }

    /// The `[retry]` table as a policy (the default without one).
    ///
    /// # Errors
    /// [`RegistryError::File`] when the table has unknown keys or wrong values.
    pub fn retry(&self) -> Result<RetryPolicy, RegistryError> {
        match self.tables.get(RETRY_TABLE) {
            Some(table) => table.clone().try_into().map_err(|e: toml::de::Error| {
                RegistryError::File(format!("[retry]: {}", e.message()))
            }),
            None => Ok(RetryPolicy::default()),
        }
    }

    /// A flow's table, if the file has one.
    pub fn table(&self, flow: &str) -> Option<&toml::Value> {
        self.tables.get(flow)
    }
}

fn find(name: &str) -> Result<&'static FlowEntry, RegistryError> {
    registry()
        .iter()
        .find(|e| e.name == name)
        .ok_or_else(|| RegistryError::UnknownFlow(name.to_owned(), names().join(", ")))
}

/// Every flow's name.
pub fn names() -> Vec<&'static str> {
    registry().iter().map(|e| e.name).collect()
}

/// Builds the named flows (every flow when `names` is empty), each from its table.
///
/// # Errors
/// [`RegistryError::UnknownFlow`] or a flow's [`RegistryError::Config`].
pub fn build(names: &[String], config: &FlowsConfig) -> Result<Vec<Arc<dyn Flow>>, RegistryError> {
    let entries: Vec<&FlowEntry> = if names.is_empty() {
        registry().iter().collect()
    } else {
        names.iter().map(|n| find(n)).collect::<Result<_, _>>()?
    };
    entries
        .into_iter()
        .map(|e| (e.build)(config.table(e.name)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_naming_no_flow_is_refused_with_the_list() {
        let err = FlowsConfig::from_toml_str("[no-such-flow]\nx = 1").unwrap_err();
        assert!(err.to_string().contains("group-flag"), "{err}");
    }

    #[test]
    fn an_unknown_setting_of_a_flow_is_refused() {
        let config = FlowsConfig::from_toml_str("[group-flag]\ncolour = \"red\"").unwrap();
        let err = build(&[], &config).err().expect("refused");
        assert!(
            matches!(err, RegistryError::Config("group-flag", _)),
            "{err}"
        );
    }

    #[test]
    fn a_retry_table_sets_the_policy_and_keeps_the_defaults_it_leaves_out() {
        let config = FlowsConfig::from_toml_str("[retry]\nattempts = 5").unwrap();
        let policy = config.retry().unwrap();
        assert_eq!(policy.attempts, 5);
        assert_eq!(policy.backoff, RetryPolicy::default().backoff);
        let bad = FlowsConfig::from_toml_str("[retry]\ntries = 5").unwrap();
        assert!(bad.retry().is_err());
    }

    #[test]
    fn without_names_every_flow_is_built_with_its_defaults() {
        let flows = build(&[], &FlowsConfig::default()).unwrap();
        assert_eq!(flows.len(), registry().len());
    }
}
