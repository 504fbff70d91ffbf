//! [`MockServer`] as a test double: scheduled faults, journal assertions, and putting the org
//! back in a known state between steps. The admin API offers the same over HTTP.

use crate::http::JournalEntry;
use crate::http::journal::JournalQuery;
use crate::scenario::Scenario;
use crate::sim::{FaultPlan, Route, ScheduledFault};
use crate::store::StoreCounts;

use super::MockServer;

/// How many received requests a failed [`MockServer::assert_hits`] lists (the most recent).
const LISTED: usize = 50;

/// Why [`MockServer::load_scenario`] refused a scenario.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot load the scenario: {0}")]
pub struct LoadError(String);

impl MockServer {
    /// The next `times` requests to `route` meet `fault` instead of their normal answer, after
    /// the scheduled faults already pending for them. `fault` is a [`Fault`](crate::Fault)
    /// (answered at once) or a [`FaultPlan`] (a delay, then a fault or the normal answer).
    ///
    /// Each status answer carries Okta's error body and headers, as a real one would (a 429
    /// says `X-Rate-Limit-Remaining: 0`). Works while the mock runs, beside the seeded
    /// probabilistic faults of [`MockConfig::faults`](crate::MockConfig::faults).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use okta_mock::{Fault, FaultPlan, MockServer, Route};
    ///
    /// let mock = MockServer::start().await;
    /// mock.fail_next(Route::get("/api/v1/users"), 2, Fault::Status(503));
    /// mock.fail_next(Route::get("/api/v1/users/{id}"), 1, Fault::Reset);
    /// mock.fail_next(Route::any("/api/v1/groups/**"), 1, FaultPlan::delay(Duration::from_millis(20)));
    ///
    /// // okta-client retries the 503s (within milliseconds with the test preset).
    /// let users = mock.client()?.users().list().send().await?;
    /// assert!(users.items.is_empty());
    /// mock.assert_hits(Route::get("/api/v1/users"), 3);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Panics
    /// When `times` is 0, the plan does nothing, or the status is not one of
    /// [`Fault::STATUSES`](crate::Fault::STATUSES): a mistake in the test. (The schedule's
    /// [`FaultSchedule::push`](crate::sim::FaultSchedule::push), through
    /// [`MockServer::state`], returns these as errors instead.)
    #[track_caller]
    pub fn fail_next(&self, route: Route, times: u32, fault: impl Into<FaultPlan>) {
        if let Err(e) = self.state.schedule.push(route, times, fault.into()) {
            panic!("okta-mock: fail_next: {e}");
        }
    }

    /// The scheduled faults still pending, in the order they apply.
    pub fn pending_faults(&self) -> Vec<ScheduledFault> {
        self.state.schedule.pending()
    }

    /// Asserts that every scheduled fault was used up, so that a test's fault really met the
    /// code under test (as wiremock's `Mock::expect` checks that a mock was called).
    ///
    /// # Panics
    /// When some are pending, listing them and the requests received.
    #[track_caller]
    pub fn assert_faults_consumed(&self) {
        let pending = self.pending_faults();
        if pending.is_empty() {
            return;
        }
        let mut message = format!("okta-mock: {} scheduled fault(s) never met:", pending.len());
        for rule in &pending {
            let crate::sim::FaultTarget::Request(route) = &rule.target;
            message.push_str(&format!(
                "\n    {route}: {} more ({})",
                rule.remaining,
                describe(&rule.plan)
            ));
        }
        panic!("{message}{}", self.received_listing());
    }

    /// Drops the scheduled faults still pending (the seeded probabilistic ones stay).
    pub fn clear_faults(&self) {
        self.state.schedule.clear();
    }

    /// The requests received so far (admin API excluded), oldest first, with their headers and
    /// bodies (secrets redacted). The same as [`MockServer::journal`], under the name wiremock
    /// gives it.
    pub fn received_requests(&self) -> Vec<JournalEntry> {
        self.state.journal.entries()
    }

    /// The received requests that `query` (a [`Route`] or a [`JournalQuery`]) asks about,
    /// oldest first.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use okta_mock::{JournalQuery, MockServer, Route};
    ///
    /// let mock = MockServer::start().await;
    /// let client = mock.client()?;
    /// let group = client.groups().create(okta_client::models::GroupProfile::new("Ops", None)).send().await?;
    ///
    /// let created = mock.requests_to(Route::post("/api/v1/groups"));
    /// assert_eq!(created.len(), 1);
    /// assert!(created[0].body.contains("\"Ops\""));
    /// assert_eq!(created[0].header("authorization"), Some("SSWS <redacted>"));
    /// mock.assert_hits(JournalQuery::new(Route::get("/api/v1/groups/{id}")), 0);
    /// # let _ = group;
    /// # Ok(())
    /// # }
    /// ```
    pub fn requests_to(&self, query: impl Into<JournalQuery>) -> Vec<JournalEntry> {
        let query = query.into();
        self.received_requests()
            .into_iter()
            .filter(|e| query.matches(e))
            .collect()
    }

    /// How many received requests `query` asks about.
    pub fn hits(&self, query: impl Into<JournalQuery>) -> usize {
        self.requests_to(query).len()
    }

    /// Asserts that exactly `expected` received requests match `query`.
    ///
    /// # Panics
    /// When the count differs, with a message naming the query and listing the matching
    /// requests and the most recent ones received.
    #[track_caller]
    pub fn assert_hits(&self, query: impl Into<JournalQuery>, expected: usize) {
        let query = query.into();
        let received = self.received_requests();
        let matching: Vec<&JournalEntry> = received.iter().filter(|e| query.matches(e)).collect();
        if matching.len() == expected {
            return;
        }
        let mut message = format!(
            "okta-mock: expected {expected} request(s) matching {query}, received {}",
            matching.len()
        );
        for entry in &matching {
            message.push_str(&format!("\n    {entry}"));
        }
        panic!("{message}{}", listing(&received));
    }

    fn received_listing(&self) -> String {
        listing(&self.received_requests())
    }

    /// Restores the org the mock started with (its scenario and service apps, or an empty
    /// org), and forgets the journal, the rate-limit counts, the issued access tokens and the
    /// scheduled faults: the same as `POST /__mock/reset`. Goes through the store's commit point as the mock admin.
    ///
    /// # Panics
    /// Never in practice: the initial scenario loaded at start, into the same empty org.
    pub fn reset(&self) {
        if let Err(e) = self.state.reset_all() {
            panic!("okta-mock: the initial scenario no longer loads: {e}");
        }
    }

    /// Empties the org (only the "Everyone" group is left), and forgets the journal, the
    /// rate-limit counts, the issued access tokens and the scheduled faults: the same as
    /// `POST /__mock/empty`.
    pub fn empty(&self) {
        self.state.empty_all();
    }

    /// Replaces the org and its service apps with `scenario`, the same as
    /// `POST /__mock/scenario`; the journal and the scheduled faults are kept.
    /// [`MockServer::reset`] still restores the scenario the mock started with.
    ///
    /// # Errors
    /// A [`LoadError`] naming the place in the scenario that was refused (the org is then
    /// unchanged).
    pub fn load_scenario(&self, scenario: &Scenario) -> Result<StoreCounts, LoadError> {
        self.state.load_org(scenario).map_err(LoadError)
    }
}

/// The most recent requests received, one a line, for a failed assertion's message.
fn listing(received: &[JournalEntry]) -> String {
    let skipped = received.len().saturating_sub(LISTED);
    let mut out = format!(
        "\n  the mock received {} request(s){}:",
        received.len(),
        if skipped > 0 {
            format!(", the last {LISTED}")
        } else {
            String::new()
        }
    );
    for entry in &received[skipped..] {
        out.push_str(&format!("\n    {entry}"));
    }
    out
}

/// `503`, `reset after 20ms`, `a 20ms delay`.
fn describe(plan: &FaultPlan) -> String {
    match (plan.fault, plan.latency.is_zero()) {
        (Some(fault), true) => fault.to_string(),
        (Some(fault), false) => format!("{fault} after {:?}", plan.latency),
        (None, _) => format!("a {:?} delay", plan.latency),
    }
}
