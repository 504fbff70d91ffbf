//! Mutations of the whole org: reset and scenario load (the mock's admin API).

use std::sync::Arc;

use super::super::Org;
use super::super::draft::{ScenarioDraft, ScenarioSource};
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

/// Replaces the org with a scenario's objects (`LoadScenario(&scenario)`, a
/// [`Scenario`](crate::scenario::Scenario)). The scenario is built into a fresh org with the
/// same clock and seed, swapped in only when all of it loaded: a bad file leaves the org
/// untouched.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct LoadScenario<'a, S: ScenarioSource + ?Sized>(pub &'a S);

impl<S: ScenarioSource + ?Sized> Apply for LoadScenario<'_, S> {
    type Output = ();
    type Error = S::Error;
    fn apply(self, store: &mut Org) -> Result<Applied<()>, S::Error> {
        let mut org = Org::build(Arc::clone(&store.clock), store.seed);
        // The org's behaviour in time is the mock's, not the org's: it survives a load.
        org.search_lag = store.search_lag.cleared();
        org.provisioning = store.provisioning.cleared();
        let mut draft = ScenarioDraft { org };
        self.0.load_into(&mut draft)?;
        *store = draft.org;
        // One event for the whole load: a scenario of a million users is one admin action.
        Ok(Applied::new((), Change::ScenarioLoaded, Vec::new()))
    }
}
