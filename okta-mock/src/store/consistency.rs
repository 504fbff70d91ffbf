//! Search consistency: Okta documents that "the `search` parameter results are sourced from an
//! eventually consistent datasource and may not reflect the latest information" (spec, `GET
//! /api/v1/users` and `GET /api/v1/groups`), and advises "an ID lookup for records that you
//! update to ensure your results contain the latest data" (spec, users `search`). With a lag,
//! a user or group written less than the lag ago is missing from `search` results; `filter`,
//! `q` and reads by id stay current. The lag is 0 by default, so tests stay deterministic;
//! a test or a scenario opts in to see the pitfall.

use std::collections::HashMap;
use std::time::Duration;

use super::commit::Target;
use super::{Org, Store};

/// The search index's view of recent writes.
#[derive(Debug, Clone, Default)]
pub(crate) struct SearchLag {
    /// How long a write stays out of `search` results, in milliseconds.
    lag_ms: i64,
    /// Object id → when it was last written (Unix milliseconds), for writes within the lag.
    written: HashMap<String, i64>,
}

impl SearchLag {
    /// The same lag, with no writes remembered (a new or reloaded org).
    pub(crate) fn cleared(&self) -> Self {
        Self {
            lag_ms: self.lag_ms,
            written: HashMap::new(),
        }
    }
}

impl Store {
    /// Makes writes reach `search` results only `lag` after they happen (zero: at once).
    pub fn set_search_lag(&mut self, lag: Duration) {
        self.org.search_lag.lag_ms = i64::try_from(lag.as_millis()).unwrap_or(i64::MAX);
        self.org.search_lag.written.clear();
    }

    /// How long writes take to reach `search` results.
    pub fn search_lag(&self) -> Duration {
        Duration::from_millis(u64::try_from(self.org.search_lag.lag_ms).unwrap_or(0))
    }
}

impl Org {
    /// Remembers that a commit wrote `targets` (called by the commit point).
    pub(super) fn note_writes(&mut self, targets: &[Target]) {
        if self.search_lag.lag_ms == 0 || targets.is_empty() {
            return;
        }
        let now = self.now_millis();
        let lag = self.search_lag.lag_ms;
        // Forget the writes the index has caught up with, so the map stays small.
        self.search_lag
            .written
            .retain(|_, at| now.saturating_sub(*at) < lag);
        for t in targets {
            self.search_lag.written.insert(t.id.clone(), now);
        }
    }

    /// Whether the search index has caught up with the object `id`'s last write.
    pub(crate) fn searchable(&self, id: &str) -> bool {
        match self.search_lag.written.get(id) {
            None => true,
            Some(at) => self.now_millis().saturating_sub(*at) >= self.search_lag.lag_ms,
        }
    }
}
