//! Mutations of the whole org: reset and scenario load (the mock's admin API).

use crate::scenario::{Scenario, ScenarioError};

use super::super::Org;
use super::sealed::Apply;
use super::{Applied, Change};

/// Empties the org, keeping its clock, seed and event history.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize)]
pub struct ResetOrg;

impl Apply for ResetOrg {
    type Output = ();
    type Error = std::convert::Infallible;
    fn apply(self, store: &mut Org) -> Result<Applied<()>, Self::Error> {
        store.reset();
        Ok(Applied::new((), Change::OrgReset, Vec::new()))
    }
}

/// Loads a scenario's objects into the org, beside what it holds.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct LoadScenario<'a>(pub &'a Scenario);

impl Apply for LoadScenario<'_> {
    type Output = ();
    type Error = ScenarioError;
    fn apply(self, store: &mut Org) -> Result<Applied<()>, ScenarioError> {
        store.load_scenario(self.0)?;
        // One event for the whole load: a scenario of a million users is one admin action.
        Ok(Applied::new((), Change::ScenarioLoaded, Vec::new()))
    }
}
