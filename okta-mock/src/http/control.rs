//! Putting the whole mock back in a known state: the org (through the store's commit point, as
//! `Actor::MockAdmin`), the service apps, the journal, the rate-limit counts and the scheduled
//! faults. The admin API and [`MockServer`](crate::MockServer)'s methods share these, so the
//! two ways of doing it cannot drift apart.

use super::state::AppState;
use crate::scenario::Scenario;
use crate::store::StoreCounts;
use crate::store::commit::{LoadScenario, ResetOrg};

impl AppState {
    /// Restores the org the mock started with (its scenario and service apps, or an empty
    /// org) and forgets the journal, the rate-limit counts, the issued access tokens and the
    /// scheduled faults.
    ///
    /// # Errors
    /// The scenario's error text, when the initial scenario no longer loads (it loaded at
    /// start into the same empty org, so it does).
    pub(crate) fn reset_all(&self) -> Result<(), String> {
        {
            let mut store = self.write();
            let Ok(()) = self.commit_admin(&mut store, ResetOrg);
            if let Some(scenario) = &self.initial_scenario {
                self.commit_admin(&mut store, LoadScenario(&**scenario))
                    .map_err(|e| e.to_string())?;
            }
            // Under the same lock as the org, so a data directory's snapshot sees both or
            // neither.
            let apps = self
                .initial_scenario
                .as_ref()
                .map(|s| s.service_apps.as_slice())
                .unwrap_or_default();
            self.oauth.load(apps).map_err(|e| e.to_string())?;
        }
        self.oauth.reset();
        self.forget_traffic();
        Ok(())
    }

    /// Empties the org (only "Everyone" is left) and forgets the journal, the rate-limit
    /// counts, the issued access tokens and the scheduled faults.
    pub(crate) fn empty_all(&self) {
        let Ok(()) = self.commit_admin(&mut self.write(), ResetOrg);
        self.oauth.reset();
        self.forget_traffic();
    }

    /// Replaces the org and its service apps with `scenario`. The journal, the rate-limit
    /// counts and the scheduled faults are kept: a test may load an org between two steps it
    /// asserts on together.
    ///
    /// # Errors
    /// The scenario's error text (naming the place in the file). A refused org leaves the
    /// mock unchanged; refused service apps (checked after the org) leave the new org with
    /// the old service apps.
    pub(crate) fn load_org(&self, scenario: &Scenario) -> Result<StoreCounts, String> {
        let counts = {
            let mut store = self.write();
            self.commit_admin(&mut store, LoadScenario(scenario))
                .map_err(|e| e.to_string())?;
            // The scenario's timing settings (search lag, provisioning delay), when it has them.
            let settings = scenario.settings.as_ref();
            if let Some(ms) = settings.and_then(|s| s.search_lag_ms) {
                store.set_search_lag(std::time::Duration::from_millis(ms));
            }
            if let Some(ms) = settings.and_then(|s| s.provisioning_delay_ms) {
                store.set_provisioning_delay(std::time::Duration::from_millis(ms));
            }
            // Under the same lock as the org (see `reset_all`).
            self.oauth
                .load(&scenario.service_apps)
                .map_err(|e| e.to_string())?;
            store.counts()
        };
        self.inject_events(&scenario.system_log)
            .map_err(|e| format!("systemLog: {e}"))?;
        Ok(counts)
    }

    fn forget_traffic(&self) {
        self.journal.clear();
        self.limiter.reset();
        self.schedule.clear();
    }
}
