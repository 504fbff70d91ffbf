//! [`MockServer`]: the mock on a loopback port, for tests and the `okta-mock` binary.

mod double;

pub use double::LoadError;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use okta_client::models::Timestamp;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::http::{AppState, DEFAULT_TOKEN, JournalEntry, SharedStore, router};
use crate::persist::SnapshotPolicy;
use crate::scenario::Scenario;
use crate::sim::{Clock, FaultConfig, FaultInjector, RateLimitConfig, RateLimiter, WallClock};
use crate::store::Store;
use crate::store::commit::{Actor, LoadScenario};

/// How a [`MockServer`] is set up. `MockConfig::default()` is an empty org (only "Everyone")
/// on `127.0.0.1:0` with [`DEFAULT_TOKEN`], rate limits and faults off, real time.
#[derive(Clone)]
#[non_exhaustive]
#[must_use]
pub struct MockConfig {
    /// Where to listen.
    pub addr: SocketAddr,
    /// The accepted API token.
    pub token: String,
    /// The org to load at start; `None` for an empty org.
    pub scenario: Option<Scenario>,
    /// Rate limits to enforce; `None` for off (headers are still sent).
    pub rate_limits: Option<RateLimitConfig>,
    /// Faults to inject; `None` for none.
    pub faults: Option<FaultConfig>,
    /// Speed-up of the rate-limit windows: with N, a window lasts 60/N seconds. `Date` and
    /// `X-Rate-Limit-Reset` stay real, so `Reset − Date` is the real wait.
    pub time_scale: f64,
    /// Seed of the fault generator and of the store's ids; `None` for the store's default.
    pub seed: Option<u64>,
    /// A clock to use instead of the wall clock (tests).
    pub clock: Option<Arc<dyn Clock>>,
    /// A data directory that keeps the org across restarts (`--data-dir`): loaded from it at
    /// start (from `scenario` the first time), every write durable before it is answered.
    /// `None` (the default): the org lives in memory only. Changes made directly on
    /// [`MockServer::store`] bypass the log and are not kept; [`MockServer::reset`],
    /// [`MockServer::empty`] and [`MockServer::load_scenario`] are logged but return before
    /// their fsync (the admin API's routes wait for it).
    pub data_dir: Option<PathBuf>,
    /// With `data_dir`: forget what the directory holds and start over from `scenario`.
    pub reset_data: bool,
    /// With `data_dir`: when to take a snapshot that compacts the log.
    pub snapshot_policy: SnapshotPolicy,
    /// Hosts besides loopback that event hooks may deliver to.
    pub allowed_hook_hosts: Vec<String>,
    /// How many System Log events are kept.
    pub system_log_capacity: usize,
    /// How long writes take to reach `search` results; `None` for the scenario's setting, or
    /// none (see [`Store::set_search_lag`]).
    pub search_lag: Option<std::time::Duration>,
    /// How long provisioning to apps with `PUSH_NEW_USERS` takes; `None` for the scenario's
    /// setting, or none (see [`Store::set_provisioning_delay`]).
    pub provisioning_delay: Option<std::time::Duration>,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            token: DEFAULT_TOKEN.to_owned(),
            scenario: None,
            rate_limits: None,
            faults: None,
            time_scale: 1.0,
            seed: None,
            clock: None,
            data_dir: None,
            reset_data: false,
            snapshot_policy: SnapshotPolicy::default(),
            allowed_hook_hosts: Vec::new(),
            system_log_capacity: crate::events::DEFAULT_CAPACITY,
            search_lag: None,
            provisioning_delay: None,
        }
    }
}

impl std::fmt::Debug for MockConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockConfig")
            .field("addr", &self.addr)
            .field("token", &"<redacted>")
            .field("rate_limits", &self.rate_limits)
            .field("faults", &self.faults)
            .field("time_scale", &self.time_scale)
            .field("seed", &self.seed)
            .field("data_dir", &self.data_dir)
            .field("reset_data", &self.reset_data)
            .finish_non_exhaustive()
    }
}

impl MockConfig {
    /// Sets the listening address.
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Sets the accepted token.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = token.into();
        self
    }

    /// Loads `scenario` at start.
    pub fn scenario(mut self, scenario: Scenario) -> Self {
        self.scenario = Some(scenario);
        self
    }

    /// Enforces `limits`.
    pub fn rate_limits(mut self, limits: RateLimitConfig) -> Self {
        self.rate_limits = Some(limits);
        self
    }

    /// Injects `faults`.
    pub fn faults(mut self, faults: FaultConfig) -> Self {
        self.faults = Some(faults);
        self
    }

    /// Makes the rate-limit windows `scale` times shorter than a minute (see
    /// `RateLimiter::time_scaled` in `sim/rate_limit.rs`).
    pub fn time_scale(mut self, scale: f64) -> Self {
        self.time_scale = scale;
        self
    }

    /// Seeds the fault generator and the store.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Lets event hooks deliver to `hosts` besides loopback.
    pub fn allow_hook_hosts(mut self, hosts: Vec<String>) -> Self {
        self.allowed_hook_hosts = hosts;
        self
    }

    /// Keeps at most `capacity` System Log events.
    pub fn system_log_capacity(mut self, capacity: usize) -> Self {
        self.system_log_capacity = capacity;
        self
    }

    /// Uses `clock` (for example a [`ManualClock`](crate::sim::ManualClock)).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Keeps the org in `dir` across restarts (see [`MockConfig::data_dir`]).
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.data_dir = Some(dir.into());
        self
    }

    /// With a data directory: start over from the scenario (see [`MockConfig::reset_data`]).
    pub fn reset_data(mut self, reset: bool) -> Self {
        self.reset_data = reset;
        self
    }

    /// With a data directory: when to take snapshots (see [`MockConfig::snapshot_policy`]).
    pub fn snapshot_policy(mut self, policy: SnapshotPolicy) -> Self {
        self.snapshot_policy = policy;
        self
    }

    /// Makes writes reach `search` results only `lag` after they happen, as Okta's eventually
    /// consistent search does (see [`Store::set_search_lag`]).
    pub fn search_lag(mut self, lag: std::time::Duration) -> Self {
        self.search_lag = Some(lag);
        self
    }

    /// Makes provisioning to apps with `PUSH_NEW_USERS` take `delay`: new app users are
    /// STAGED until then (see [`Store::set_provisioning_delay`]).
    pub fn provisioning_delay(mut self, delay: std::time::Duration) -> Self {
        self.provisioning_delay = Some(delay);
        self
    }

    /// The router state this configuration describes, with its scenario loaded.
    ///
    /// # Errors
    /// When the scenario cannot be loaded.
    pub fn build_state(&self) -> Result<AppState, StartError> {
        let clock: Arc<dyn Clock> = match &self.clock {
            Some(c) => Arc::clone(c),
            None => Arc::new(WallClock),
        };
        let store_clock = Arc::clone(&clock);
        let now = move || Timestamp::new(store_clock.now());
        let (mut store, persist, restored) = match &self.data_dir {
            Some(dir) => {
                let (store, persist, restored) =
                    crate::persist::open(crate::persist::OpenOptions {
                        dir,
                        reset: self.reset_data,
                        seed: self.seed,
                        scenario: self.scenario.as_ref(),
                        clock: Arc::new(now),
                        policy: self.snapshot_policy,
                    })?;
                (store, Some(persist), restored)
            }
            None => {
                let mut store = match self.seed {
                    Some(seed) => Store::with_clock_and_seed(Arc::new(now), seed),
                    None => Store::with_clock(Box::new(now)),
                };
                if let Some(scenario) = &self.scenario {
                    store
                        .commit(Actor::MockAdmin, LoadScenario(scenario))
                        .map_err(|e| StartError::Scenario(e.to_string()))?;
                }
                (store, None, crate::persist::Restored::default())
            }
        };
        let settings = self.scenario.as_ref().and_then(|s| s.settings.as_ref());
        let scenario_lag = settings
            .and_then(|s| s.search_lag_ms)
            .map(std::time::Duration::from_millis);
        if let Some(lag) = self.search_lag.or(scenario_lag) {
            store.set_search_lag(lag);
        }
        let scenario_delay = settings
            .and_then(|s| s.provisioning_delay_ms)
            .map(std::time::Duration::from_millis);
        if let Some(delay) = self.provisioning_delay.or(scenario_delay) {
            store.set_provisioning_delay(delay);
        }
        let limiter = match &self.rate_limits {
            Some(limits) => RateLimiter::enforcing(limits.clone()),
            None => RateLimiter::disabled(),
        };
        let mut state = AppState::new(store, self.token.clone())
            .with_clock(clock)
            .with_limiter(limiter.time_scaled(self.time_scale))
            .with_system_log(crate::events::SystemLog::new(self.system_log_capacity))
            .with_hooks(crate::hooks::EventHooks::new(crate::hooks::HookConfig {
                allowed_hosts: self.allowed_hook_hosts.clone(),
                time_scale: self.time_scale,
            }));
        let oauth = crate::oauth::AuthServer::new(self.time_scale);
        let service_apps = match (&restored.service_apps, &self.scenario) {
            // An existing data directory has the service apps it last loaded.
            (Some(apps), _) => Some(apps.as_slice()),
            (None, Some(scenario)) if !restored.existing => Some(&scenario.service_apps[..]),
            _ => None,
        };
        if let Some(apps) = service_apps {
            oauth
                .load(apps)
                .map_err(|e| StartError::Scenario(e.to_string()))?;
        }
        state = state.with_oauth(oauth);
        if let Some(faults) = &self.faults {
            state = state.with_faults(FaultInjector::new(faults.clone(), self.seed.unwrap_or(0)));
        }
        let existing = restored.existing;
        if let Some(persist) = persist {
            state = state.with_persistence(persist);
            if existing {
                state = state.with_restored(restored);
            }
        }
        if let Some(scenario) = &self.scenario {
            // Kept for `POST /__mock/reset`, which restores the org the mock started with;
            // an existing data directory logged the scenario's past events already.
            state = if existing {
                state.with_reset_scenario(scenario.clone())
            } else {
                state.with_initial_scenario(scenario.clone())
            };
        }
        Ok(state)
    }
}

/// Why a [`MockServer`] did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// The scenario could not be loaded.
    #[error("cannot load the scenario: {0}")]
    Scenario(String),
    /// The data directory could not be opened.
    #[error(transparent)]
    Storage(#[from] crate::persist::PersistError),
}

/// A running mock. Dropping it stops the server without waiting; [`MockServer::shutdown`]
/// stops it and waits (bounded) for open connections to finish.
///
/// # Examples
///
/// A test's own org, inline (or read from a file with [`Scenario::from_path`]), on a free
/// loopback port; then assertions on what the code under test sent, from the journal
/// ([`MockServer::assert_hits`], [`MockServer::requests_to`]); faults scheduled by route
/// ([`MockServer::fail_next`]); the org put back ([`MockServer::reset`]).
///
/// ```
/// use okta_client::api::DeactivateUser;
/// use okta_mock::{Fault, MockConfig, MockServer, Route, scenario::Scenario};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let scenario = Scenario::from_json_str(
///     r#"{"groups": [{"name": "Engineering"}],
///         "users": [{"profile": {"login": "ada@example.com", "email": "ada@example.com",
///                                "firstName": "Ada", "lastName": "Lovelace"},
///                    "groups": ["Engineering"]}]}"#,
/// )?;
/// let mock = MockServer::start_with(MockConfig::default().scenario(scenario)).await?;
///
/// // Any HTTP client works; okta-client has a shortcut.
/// let client = mock.client()?;
/// let ada = client.users().get_by_login("ada@example.com").await?;
/// client.users().deactivate(&ada.id, DeactivateUser::new()).await?;
///
/// mock.assert_hits(Route::post("/api/v1/users/{id}/lifecycle/deactivate"), 1);
/// let sent = mock.requests_to(Route::any("/api/v1/users/**"));
/// assert_eq!(sent[1].path, format!("/api/v1/users/{}/lifecycle/deactivate", ada.id));
///
/// // Back to the scenario for the next step, and a 503 for its first read.
/// mock.reset();
/// mock.fail_next(Route::get("/api/v1/users/{id}"), 1, Fault::Status(503));
/// mock.shutdown().await;
/// # Ok(())
/// # }
/// ```
pub struct MockServer {
    addr: SocketAddr,
    state: AppState,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts an empty org on `127.0.0.1:0` with the default token.
    ///
    /// # Panics
    /// When no loopback port can be bound; use [`MockServer::start_with`] to handle that.
    pub async fn start() -> Self {
        match Self::start_with(MockConfig::default()).await {
            Ok(server) => server,
            Err(e) => panic!("okta-mock failed to start: {e}"),
        }
    }

    /// Starts a mock as configured.
    ///
    /// # Errors
    /// When the address cannot be bound or the scenario cannot be loaded.
    pub async fn start_with(config: MockConfig) -> Result<Self, StartError> {
        let state = config.build_state()?;
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|source| StartError::Bind {
                addr: config.addr,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: config.addr,
            source,
        })?;
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router(state.clone());
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
                // A dropped sender also stops the server.
                let _ = stopped.await;
            });
            if let Err(e) = serve.await {
                tracing::error!(error = %e, "okta-mock server stopped with an error");
            }
        });
        Ok(Self {
            addr,
            state,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The address listened on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, the org URL to give a client.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// An okta-client [`Client`](okta_client::Client) for this org: its URL and token, with
    /// the test-friendly retry timing of [`MockServer::client_builder`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use okta_mock::{MockConfig, MockServer, scenario::default_scenario};
    ///
    /// let mock = MockServer::start_with(MockConfig::default().scenario(default_scenario())).await?;
    /// let user = mock.client()?.users().get_by_login("alice.anders@example.com").await?;
    /// assert_eq!(user.profile.first_name.as_deref(), Some("Alice"));
    /// // The journal holds every request the org received (the admin API excluded).
    /// assert_eq!(mock.journal().len(), 1);
    /// assert_eq!(mock.journal()[0].status, 200);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// When the HTTP client cannot be built (see
    /// [`ClientBuilder::build`](okta_client::ClientBuilder::build)).
    #[cfg(feature = "client")]
    pub fn client(&self) -> Result<okta_client::Client, okta_client::Error> {
        self.client_builder().build()
    }

    /// The same as [`MockServer::base_url`].
    pub fn uri(&self) -> String {
        self.base_url()
    }

    /// The accepted API token.
    pub fn token(&self) -> &str {
        &self.state.token
    }

    /// The org, for direct inspection or setup. Do not hold its lock across an `.await`.
    pub fn store(&self) -> SharedStore {
        Arc::clone(&self.state.store)
    }

    /// The requests received so far (admin API excluded), oldest first. See also
    /// [`MockServer::requests_to`] and [`MockServer::assert_hits`].
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.state.journal.entries()
    }

    /// Forgets the journal.
    pub fn clear_journal(&self) {
        self.state.journal.clear();
    }

    /// The router state.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Stops accepting connections and waits up to 5 seconds for open ones to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(5), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
        // With a data directory, a last snapshot when the log holds records since the last
        // one, so the next start loads it instead of replaying them; then the directory is
        // released, even if a client still holds a connection to this server.
        if let Some(persist) = self.state.persist.clone() {
            let closed = tokio::task::spawn_blocking(move || {
                if persist.snapshot_at_shutdown
                    && let Err(e) = persist.snapshot_now()
                {
                    tracing::warn!(error = %e, "okta-mock: no snapshot at shutdown; the log \
                                                keeps every record");
                }
                persist.close();
            })
            .await;
            if let Err(e) = closed {
                tracing::error!(error = %e, "okta-mock: the data directory was not closed");
            }
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // The task finishes on its own once connections drain; nothing to block on here.
    }
}
