//! Scenario files: the JSON description of an org, loaded by committing
//! [`LoadScenario`](crate::store::commit::LoadScenario) and written with
//! [`Scenario::export`]. The format is documented
//! in `okta-mock/scenarios/README.md`.

pub(crate) mod export;
mod load;
mod model;
mod service_app;
mod times;

use std::fmt;
use std::path::Path;

/// When a mapping applies (`create`, `create_and_update`).
pub use crate::store::ApplyOn;
pub use service_app::{ScenarioJwks, ScenarioServiceApp};
pub use times::{
    ScenarioAppGroup, ScenarioAppGroups, ScenarioAppTimestamps, ScenarioAppUserTimestamps,
    ScenarioCredentials, ScenarioGroupTimestamps,
};

pub use model::{
    Scenario, ScenarioApp, ScenarioAssignment, ScenarioFactor, ScenarioGroup, ScenarioMapping,
    ScenarioSettings, ScenarioTimestamps, ScenarioUser,
};

/// The default scenario: a multi-AD org with the edge cases of the Office 365 Immutable ID sync.
pub const DEFAULT_SCENARIO_JSON: &str = include_str!("../../scenarios/default.json");

/// Why a scenario could not be read or loaded; names the place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// Where: `users[3].apps[1].app`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl ScenarioError {
    /// An error at a path.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    /// Parses a scenario; unknown keys are errors.
    ///
    /// # Errors
    /// A [`ScenarioError`] whose path names the offending place in the file.
    pub fn from_json_str(json: &str) -> Result<Scenario, ScenarioError> {
        let de = &mut serde_json::Deserializer::from_str(json);
        serde_path_to_error::deserialize(de)
            .map_err(|e| ScenarioError::new(e.path().to_string(), e.inner().to_string()))
    }

    /// Reads and parses a scenario file, e.g. a test's own org kept beside the test.
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), okta_mock::scenario::ScenarioError> {
    /// let scenario = okta_mock::scenario::Scenario::from_path("tests/org.json")?;
    /// # let _ = scenario; Ok(()) }
    /// ```
    ///
    /// # Errors
    /// A [`ScenarioError`] whose path is the file's path when it cannot be read, and otherwise
    /// the file's path followed by the offending place in the file
    /// (`tests/org.json: users[3].apps[1].app`).
    pub fn from_path(path: impl AsRef<Path>) -> Result<Scenario, ScenarioError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            ScenarioError::new(path.display().to_string(), format!("cannot read: {e}"))
        })?;
        Scenario::from_json_str(&text).map_err(|e| {
            let place = if e.path.is_empty() || e.path == "." {
                path.display().to_string()
            } else {
                format!("{}: {}", path.display(), e.path)
            };
            ScenarioError::new(place, e.message)
        })
    }

    /// The scenario as pretty JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// The default scenario, parsed.
///
/// # Panics
/// Never in a released build: a unit test checks that the embedded file parses and loads.
pub fn default_scenario() -> Scenario {
    Scenario::from_json_str(DEFAULT_SCENARIO_JSON)
        .unwrap_or_else(|e| panic!("okta-mock/scenarios/default.json does not parse: {e}"))
}

#[cfg(test)]
mod tests;
