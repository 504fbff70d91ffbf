//! The state every handler shares: the store, the token, the journal and the simulations.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::error::OktaError;
use super::journal::Journal;
use crate::events::SystemLog;
use crate::hooks::EventHooks;
use crate::oauth::AuthServer;
use crate::persist::{Durable, Persistence, Restored, Sources};
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
    /// The System Log, fed from the store's committed events each time a write lock is
    /// released (see [`AppState::write`]).
    pub syslog: Arc<SystemLog>,
    /// Event hooks: the registry and the deliveries of new log events.
    pub hooks: Arc<EventHooks>,
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
            syslog: Arc::new(SystemLog::default()),
            hooks: Arc::new(EventHooks::default()),
        }
    }

    /// Makes every commit durable in a data directory before it is answered, and takes the
    /// snapshots that compact its log (of this state's store, System Log, event hooks and
    /// service apps: set them first).
    pub fn with_persistence(mut self, persist: Persistence) -> Self {
        let persist = Arc::new(persist);
        let (store, syslog, hooks, oauth) = (
            Arc::clone(&self.store),
            Arc::clone(&self.syslog),
            Arc::clone(&self.hooks),
            Arc::clone(&self.oauth),
        );
        let clock = Arc::clone(&self.clock);
        persist.start_snapshots(Box::new(move |p| {
            // Under the read lock: no commit, System Log entry or hook record can slip
            // between what the snapshot holds and the log after it (those are written under
            // the write lock).
            let store = store.read().unwrap_or_else(|e| e.into_inner());
            let sources = Sources {
                store: &store,
                syslog: &syslog,
                hooks: &hooks,
                oauth: &oauth,
            };
            let now = (clock.now().unix_timestamp_nanos() / 1_000_000) as i64;
            p.capture(&sources, now)
        }));
        self.persist = Some(persist);
        self
    }

    /// Puts back what a data directory kept outside the store: the System Log's events (the
    /// store's events replayed so far are taken as logged) and the event hooks.
    pub(crate) fn with_restored(self, restored: Restored) -> Self {
        let last_seq = self.read().events().last_seq();
        match restored.system_log {
            Some((events, last_pos)) => self.syslog.restore(events, last_pos, last_seq),
            None => self.syslog.skip_to(last_seq),
        }
        if let Some(hooks) = restored.hooks {
            self.hooks.restore(hooks);
        }
        self
    }

    /// Remembers the scenario for `POST /__mock/reset` without logging its past events (a
    /// data directory that logged them when it was created).
    pub(crate) fn with_reset_scenario(mut self, scenario: Scenario) -> Self {
        self.initial_scenario = Some(Arc::new(scenario));
        self
    }

    /// With a data directory, records the event hook registry as it now is (under the
    /// store's write lock, so a snapshot sees it before or after, never half) and waits until
    /// it is durable.
    ///
    /// # Errors
    /// 500 when the log cannot be written.
    pub(crate) async fn persist_hooks(&self) -> Result<(), OktaError> {
        let Some(persist) = &self.persist else {
            return Ok(());
        };
        let ticket = {
            let _store = self.store.write().unwrap_or_else(|e| e.into_inner());
            persist.append_hooks(&self.hooks.stored())
        };
        persist
            .durable(ticket)
            .await
            .map_err(|_| OktaError::internal())
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
            let ticket = persist.append(&record);
            // The System Log events of this commit, recorded right after it (the guard's
            // drop then finds nothing new).
            (output, self.consume(&store).unwrap_or(ticket))
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

    /// Replaces the event hooks (for another configuration).
    pub fn with_hooks(mut self, hooks: EventHooks) -> Self {
        self.hooks = Arc::new(hooks);
        self
    }

    /// Replaces the System Log (for another capacity).
    pub fn with_system_log(mut self, log: SystemLog) -> Self {
        self.syslog = Arc::new(log);
        self
    }

    /// Remembers the scenario the org started with, for `POST /__mock/reset`, and logs the
    /// past events it declares (`systemLog`). A declared event the org cannot place (an
    /// unknown `user`) is left out with a warning: the scenario itself loaded.
    pub fn with_initial_scenario(mut self, scenario: Scenario) -> Self {
        if let Err(e) = self.inject_events(&scenario.system_log) {
            tracing::warn!(error = %e, "a systemLog event of the scenario was not logged");
        }
        self.initial_scenario = Some(Arc::new(scenario));
        self
    }

    /// Logs `events` (log events no management call makes: see the scenario format's `systemLog`),
    /// all or none, after what the store committed so far.
    ///
    /// # Errors
    /// The first refused event, naming its field.
    pub fn inject_events(
        &self,
        events: &[serde_json::Value],
    ) -> Result<Vec<Arc<crate::events::LogRecord>>, crate::events::inject::InjectError> {
        let now = self.clock.now();
        let now_ms = (now.unix_timestamp_nanos() / 1_000_000) as i64;
        let Some(persist) = &self.persist else {
            let store = self.read();
            self.consume(&store);
            let stored = crate::events::inject::inject(&self.syslog, &store, events, now_ms)?;
            self.deliver(&stored);
            return Ok(stored);
        };
        // The write lock, so the log records events in the System Log's order (the caller
        // awaits `admin_durable`).
        let store = self.store.write().unwrap_or_else(|e| e.into_inner());
        self.consume(&store);
        let stored = crate::events::inject::inject(&self.syslog, &store, events, now_ms)?;
        if !stored.is_empty() {
            persist.append_log(&stored);
        }
        self.deliver(&stored);
        Ok(stored)
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

    /// Writes the store (see [`AppState::read`] about poisoning). When the guard is dropped,
    /// still under the lock, the System Log consumes what was committed meanwhile: the one
    /// place every change made through the HTTP layer reaches the log, without any route
    /// knowing about it.
    pub fn write(&self) -> StoreWriteGuard<'_> {
        StoreWriteGuard {
            guard: self.store.write().unwrap_or_else(|e| e.into_inner()),
            state: self,
        }
    }

    /// Logs what was committed straight on the store (through [`AppState::store`] rather
    /// than [`AppState::write`]) since the last write.
    pub fn sync_events(&self) {
        if self.persist.is_some() {
            if self.read().events().last_seq() == self.syslog.last_seq() {
                return;
            }
            // Recorded under the write lock, as every System Log entry with a data directory.
            let store = self.store.write().unwrap_or_else(|e| e.into_inner());
            self.consume(&store);
        } else {
            let store = self.read();
            self.consume(&store);
        }
    }

    /// Logs and delivers what the store committed since the last call; with a data
    /// directory, records the new log events and answers their ticket.
    fn consume(&self, store: &Store) -> Option<u64> {
        let new = self.syslog.sync(store);
        let ticket = match &self.persist {
            Some(persist) if !new.is_empty() => Some(persist.append_log(&new)),
            _ => None,
        };
        self.deliver(&new);
        ticket
    }

    /// Hands new log events to the event hooks.
    fn deliver(&self, new: &[Arc<crate::events::LogRecord>]) {
        self.hooks.dispatch(new, self.clock.now());
    }
}

/// The store's write lock, as [`AppState::write`] hands it out: it derefs to the [`Store`],
/// and on drop the System Log consumes the events committed through it.
pub struct StoreWriteGuard<'a> {
    guard: RwLockWriteGuard<'a, Store>,
    state: &'a AppState,
}

impl Deref for StoreWriteGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.guard
    }
}

impl DerefMut for StoreWriteGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        &mut self.guard
    }
}

impl Drop for StoreWriteGuard<'_> {
    fn drop(&mut self) {
        // Still under the write lock: the log sees the org exactly as the commit left it.
        self.state.consume(&self.guard);
    }
}

impl fmt::Debug for StoreWriteGuard<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreWriteGuard").finish_non_exhaustive()
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
