//! The state every handler shares: the store, the token, the journal and the simulations.

use std::fmt;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::error::OktaError;
use super::journal::Journal;
use crate::oauth::AuthServer;
use crate::persist::{Durable, Persistence};
use crate::scenario::Scenario;
use crate::sim::{Clock, FaultInjector, FaultSchedule, RateLimiter, WallClock};
use crate::store::Store;
use crate::store::commit::Actor;

/// The store as the HTTP layer holds it. Never held across an `.await`.
pub type SharedStore = Arc<RwLock<Store>>;

/// The development token the mock accepts when none is configured.
pub const DEFAULT_TOKEN: &str = "00okta-mock-dev-token";

/// Shared state of the router. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The org.
    pub store: SharedStore,
    /// The accepted API token (`SSWS` or `Bearer`).
    pub token: Arc<str>,
    /// Requests received.
    pub journal: Arc<Journal>,
    /// Rate-limit simulation (counting only when disabled).
    pub limiter: Arc<RateLimiter>,
    /// Fault injection, when enabled.
    pub faults: Option<Arc<FaultInjector>>,
    /// Deterministic faults by route and count, set while the mock runs.
    pub schedule: Arc<FaultSchedule>,
    /// The clock behind `Date` and the rate-limit windows.
    pub clock: Arc<dyn Clock>,
    /// The scenario the mock started with, which `POST /__mock/reset` restores (none: an
    /// empty org).
    pub initial_scenario: Option<Arc<Scenario>>,
    /// The org authorization server (service apps and their access tokens).
    pub oauth: Arc<AuthServer>,
    /// The data directory every commit is made durable in (`--data-dir`), if any.
    pub persist: Option<Arc<Persistence>>,
}

impl AppState {
    /// State over `store` accepting `token`, with rate limits off, no faults and the wall clock.
    pub fn new(store: Store, token: impl Into<String>) -> Self {
        Self {
            store: Arc::new(RwLock::new(store)),
            token: Arc::from(token.into()),
            journal: Arc::new(Journal::default()),
            limiter: Arc::new(RateLimiter::disabled()),
            faults: None,
            schedule: Arc::new(FaultSchedule::new()),
            clock: Arc::new(WallClock),
            initial_scenario: None,
            oauth: Arc::new(AuthServer::new(1.0)),
            persist: None,
        }
    }

    /// Makes every commit durable in a data directory before it is answered.
    pub fn with_persistence(mut self, persist: Persistence) -> Self {
        self.persist = Some(Arc::new(persist));
        self
    }

    /// Commits `mutation` on behalf of `actor`: the one way routes change the org. With a data
    /// directory, the record is handed to the log's writer under the store's lock (so the log
    /// follows the commit order) and awaited after the lock is released (so concurrent writers
    /// share an fsync); without one, this is [`Store::commit`] and nothing more.
    ///
    /// # Errors
    /// The mutation's refusal as Okta's error; 500 when the log cannot be written.
    pub(crate) async fn commit<M>(&self, actor: Actor, mutation: M) -> Result<M::Output, OktaError>
    where
        M: Durable,
        OktaError: From<M::Error>,
    {
        let Some(persist) = &self.persist else {
            return Ok(self.write().commit(actor, mutation)?);
        };
        let (output, ticket) = {
            let mut store = self.write();
            let at = store.now_millis();
            let record = Persistence::record(at, &actor, &mutation);
            let output = store.commit_at(actor, mutation, at)?;
            (output, persist.append(&record))
        };
        persist.durable(ticket).await.map_err(|e| {
            tracing::error!(error = %e, "okta-mock: a committed write is not durable");
            OktaError::internal()
        })?;
        Ok(output)
    }

    /// Commits an admin mutation under a lock the caller holds; with a data directory its
    /// record is handed to the writer (the caller awaits [`AppState::admin_durable`]).
    pub(crate) fn commit_admin<M: Durable>(
        &self,
        store: &mut Store,
        mutation: M,
    ) -> Result<M::Output, M::Error> {
        let Some(persist) = &self.persist else {
            return store.commit(Actor::MockAdmin, mutation);
        };
        let at = store.now_millis();
        let record = Persistence::record(at, &Actor::MockAdmin, &mutation);
        let output = store.commit_at(Actor::MockAdmin, mutation, at)?;
        persist.append(&record);
        Ok(output)
    }

    /// Waits until every record handed to the writer so far is durable (no-op without a data
    /// directory).
    ///
    /// # Errors
    /// 500 when the log cannot be written.
    pub(crate) async fn admin_durable(&self) -> Result<(), OktaError> {
        if let Some(persist) = &self.persist {
            persist
                .durable(persist.last_ticket())
                .await
                .map_err(|_| OktaError::internal())?;
        }
        Ok(())
    }

    /// Remembers the scenario the org started with, for `POST /__mock/reset`.
    pub fn with_initial_scenario(mut self, scenario: Scenario) -> Self {
        self.initial_scenario = Some(Arc::new(scenario));
        self
    }

    /// Replaces the rate limiter.
    pub fn with_limiter(mut self, limiter: RateLimiter) -> Self {
        self.limiter = Arc::new(limiter);
        self
    }

    /// Enables fault injection.
    pub fn with_faults(mut self, faults: FaultInjector) -> Self {
        self.faults = Some(Arc::new(faults));
        self
    }

    /// Replaces the authorization server.
    pub fn with_oauth(mut self, oauth: AuthServer) -> Self {
        self.oauth = Arc::new(oauth);
        self
    }

    /// Replaces the clock.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Reads the store. A lock poisoned by a panicking handler is recovered: the store's
    /// operations validate before they write, so its data stays consistent.
    pub fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the store (see [`AppState::read`] about poisoning).
    pub fn write(&self) -> RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(|e| e.into_inner())
    }
}

impl fmt::Debug for AppState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token is a credential: never shown.
        f.debug_struct("AppState")
            .field("token", &"<redacted>")
            .field("limiter", &self.limiter)
            .field("faults", &self.faults)
            .field("schedule", &self.schedule)
            .finish_non_exhaustive()
    }
}
