//! Event hooks: the `/api/v1/eventHooks` registry, the one-time verification, and deliveries
//! of System Log events as Okta makes them.
//!
//! A registry of its own, not mutations of the store: hooks are configuration of the org's
//! outbound calls, not part of the directory a scenario describes, and the store is pure and
//! synchronous while hooks need I/O. Their input is parsed and validated like the store's
//! ([`model`]) and each change goes through one method here.
//!
//! Deliveries (from Okta's event hook documentation and the spec's verify operation): a POST
//! of the envelope (`eventType: com.okta.event_hook`, `eventTypeVersion: "1.0"`,
//! `cloudEventsVersion: "0.1"`, `source`, `eventId`, `eventTime`, `contentType`,
//! `data.events[]`) to each `ACTIVE` and `VERIFIED` hook subscribed to the events' types; the
//! events one change produced travel together; a 3 second timeout; one retry after a timeout
//! or a 5xx; at least once. They run in background tasks and never hold up the request that
//! made the change. Every attempt is journaled ([`journal`]); faults can delay, repeat or drop
//! deliveries ([`faults`]); the time scale shortens the timeout and the delays.

pub mod faults;
pub mod journal;
pub mod model;
pub mod send;
pub(crate) mod stored;

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::http::Method;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::events::LogRecord;
use crate::events::render::format_millis;
use crate::http::ids::unique_id;
use faults::{DeliveryFaults, FaultState};
use journal::{DeliveryJournal, DeliveryRecord, Outcome};
use model::{AuthScheme, EventHook, HookInput, HookStatus, InvalidHook};
use send::{Answer, SendError, check_uri};

/// How long Okta waits for a receiver (the spec's `verifyEventHook`: "If a response is not
/// received within 3 seconds, the outbound request times out").
pub const TIMEOUT: Duration = Duration::from_secs(3);

/// How the mock calls receivers.
#[derive(Debug, Clone, PartialEq)]
pub struct HookConfig {
    /// Hosts besides loopback that hooks may call (`--allow-hook-host`).
    pub allowed_hosts: Vec<String>,
    /// Divides the timeout and the fault delays (the mock's time scale; 1.0 is real time).
    pub time_scale: f64,
}

impl Default for HookConfig {
    fn default() -> Self {
        Self {
            allowed_hosts: Vec::new(),
            time_scale: 1.0,
        }
    }
}

/// Why a hook operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HookError {
    /// No hook has the id.
    #[error("no event hook {0}")]
    NotFound(String),
    /// The body is invalid.
    #[error(transparent)]
    Invalid(#[from] InvalidHook),
    /// Only an INACTIVE hook can be deleted.
    #[error("an ACTIVE event hook cannot be deleted; deactivate it first")]
    Active,
    /// The receiver did not answer the verification challenge.
    #[error("{0}")]
    Verification(String),
}

/// The registry and its deliveries. Shared behind an `Arc`; no lock is held across an
/// `.await`.
#[derive(Debug)]
pub struct EventHooks {
    hooks: Mutex<Vec<EventHook>>,
    journal: Arc<DeliveryJournal>,
    faults: Mutex<FaultState>,
    config: HookConfig,
    in_flight: Arc<AtomicUsize>,
}

impl Default for EventHooks {
    fn default() -> Self {
        Self::new(HookConfig::default())
    }
}

impl EventHooks {
    /// An empty registry.
    pub fn new(config: HookConfig) -> Self {
        Self {
            hooks: Mutex::new(Vec::new()),
            journal: Arc::new(DeliveryJournal::default()),
            faults: Mutex::new(FaultState::default()),
            config,
            in_flight: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<EventHook>> {
        self.hooks.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The delivery journal.
    pub fn journal(&self) -> &DeliveryJournal {
        &self.journal
    }

    /// Deliveries started and not yet finished (retries and repeats included).
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    /// Replaces the delivery faults.
    pub fn set_faults(&self, faults: DeliveryFaults) {
        *self.faults.lock().unwrap_or_else(|e| e.into_inner()) = FaultState::new(faults);
    }

    /// The delivery faults as they stand (counts decrease as they are used).
    pub fn faults(&self) -> DeliveryFaults {
        self.faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .faults
            .clone()
    }

    fn timeout(&self) -> Duration {
        scaled(TIMEOUT, self.config.time_scale)
    }

    /// Every hook, in creation order.
    pub fn list(&self) -> Vec<EventHook> {
        self.lock().clone()
    }

    /// One hook.
    ///
    /// # Errors
    /// [`HookError::NotFound`].
    pub fn get(&self, id: &str) -> Result<EventHook, HookError> {
        self.lock()
            .iter()
            .find(|h| h.id == id)
            .cloned()
            .ok_or_else(|| HookError::NotFound(id.to_owned()))
    }

    /// Registers a hook (`ACTIVE`, `UNVERIFIED`) created by `created_by` on the org at `org`.
    ///
    /// # Errors
    /// [`HookError::Invalid`] for a bad body or a receiver the mock does not call.
    pub fn create(
        &self,
        input: HookInput,
        org: &str,
        created_by: &str,
        now: &str,
    ) -> Result<EventHook, HookError> {
        self.check_receiver(&input.uri)?;
        let auth = match input.auth {
            Some((key, Some(value))) => Some(AuthScheme { key, value }),
            Some((_, None)) => {
                return Err(InvalidHook {
                    field: "channel.config.authScheme.value".to_owned(),
                    reason: "The field cannot be left blank".to_owned(),
                }
                .into());
            }
            None => None,
        };
        let hook = EventHook {
            id: unique_id("who", 17),
            status: HookStatus::Active,
            verified: false,
            name: input.name,
            description: input.description,
            events: input.events,
            uri: input.uri,
            headers: input.headers,
            auth,
            created: now.to_owned(),
            created_by: created_by.to_owned(),
            last_updated: now.to_owned(),
            org: org.to_owned(),
        };
        self.lock().push(hook.clone());
        Ok(hook)
    }

    fn check_receiver(&self, uri: &str) -> Result<(), HookError> {
        check_uri(uri, &self.config.allowed_hosts)
            .map(drop)
            .map_err(|e| {
                HookError::Invalid(InvalidHook {
                    field: "channel.config.uri".to_owned(),
                    reason: e.to_string(),
                })
            })
    }

    /// Replaces a hook's name, events and channel. A changed channel must be verified again
    /// (the spec's `replaceEventHook`); an auth scheme without a value keeps the old value.
    ///
    /// # Errors
    /// [`HookError::NotFound`], [`HookError::Invalid`].
    pub fn replace(&self, id: &str, input: HookInput, now: &str) -> Result<EventHook, HookError> {
        self.check_receiver(&input.uri)?;
        let mut hooks = self.lock();
        let hook = hooks
            .iter_mut()
            .find(|h| h.id == id)
            .ok_or_else(|| HookError::NotFound(id.to_owned()))?;
        let auth = match input.auth {
            Some((key, Some(value))) => Some(AuthScheme { key, value }),
            Some((key, None)) => match &hook.auth {
                Some(old) => Some(AuthScheme {
                    key,
                    value: old.value.clone(),
                }),
                None => {
                    return Err(InvalidHook {
                        field: "channel.config.authScheme.value".to_owned(),
                        reason: "The field cannot be left blank".to_owned(),
                    }
                    .into());
                }
            },
            None => None,
        };
        let channel_changed =
            hook.uri != input.uri || hook.headers != input.headers || hook.auth != auth;
        hook.name = input.name;
        hook.description = input.description;
        hook.events = input.events;
        hook.uri = input.uri;
        hook.headers = input.headers;
        hook.auth = auth;
        if channel_changed {
            hook.verified = false;
        }
        hook.last_updated = now.to_owned();
        Ok(hook.clone())
    }

    /// Activates or deactivates a hook.
    ///
    /// # Errors
    /// [`HookError::NotFound`].
    pub fn set_status(
        &self,
        id: &str,
        status: HookStatus,
        now: &str,
    ) -> Result<EventHook, HookError> {
        let mut hooks = self.lock();
        let hook = hooks
            .iter_mut()
            .find(|h| h.id == id)
            .ok_or_else(|| HookError::NotFound(id.to_owned()))?;
        if hook.status != status {
            hook.status = status;
            hook.last_updated = now.to_owned();
        }
        Ok(hook.clone())
    }

    /// Deletes an INACTIVE hook.
    ///
    /// # Errors
    /// [`HookError::NotFound`], [`HookError::Active`].
    pub fn delete(&self, id: &str) -> Result<(), HookError> {
        let mut hooks = self.lock();
        let at = hooks
            .iter()
            .position(|h| h.id == id)
            .ok_or_else(|| HookError::NotFound(id.to_owned()))?;
        if hooks[at].status == HookStatus::Active {
            return Err(HookError::Active);
        }
        hooks.remove(at);
        Ok(())
    }

    /// The one-time verification: a GET to the receiver with `X-Okta-Verification-Challenge`,
    /// answered by `{"verification": <the challenge>}`; one retry after a timeout or an error.
    ///
    /// # Errors
    /// [`HookError::NotFound`], or [`HookError::Verification`] saying what the receiver did.
    pub async fn verify(&self, id: &str, now: &str) -> Result<EventHook, HookError> {
        let hook = self.get(id)?;
        let url = check_uri(&hook.uri, &self.config.allowed_hosts)
            .map_err(|e| HookError::Verification(e.to_string()))?;
        let challenge = unique_id("", 43);
        let mut headers = hook.call_headers();
        headers.push((
            "x-okta-verification-challenge".to_owned(),
            challenge.clone(),
        ));
        let mut last = String::new();
        for attempt in 1..=2 {
            let started = Instant::now();
            let result = send::send(Method::GET, &url, &headers, None, self.timeout()).await;
            let ok = matches!(&result, Ok(a) if a.status.is_success()
                && serde_json::from_slice::<Value>(&a.body)
                    .ok()
                    .and_then(|v| v.get("verification").and_then(Value::as_str).map(str::to_owned))
                    .as_deref() == Some(challenge.as_str()));
            self.journal.record(record(
                &hook,
                "verification",
                None,
                attempt,
                false,
                &headers,
                None,
                &result,
                started,
                if ok {
                    Outcome::Delivered
                } else {
                    outcome(&result)
                },
            ));
            if ok {
                let mut hooks = self.lock();
                let stored = hooks
                    .iter_mut()
                    .find(|h| h.id == id)
                    .ok_or_else(|| HookError::NotFound(id.to_owned()))?;
                stored.verified = true;
                stored.last_updated = now.to_owned();
                return Ok(stored.clone());
            }
            last = match &result {
                Ok(a) => format!(
                    "the receiver answered {} without the challenge in {{\"verification\": …}}",
                    a.status.as_u16()
                ),
                Err(e) => e.to_string(),
            };
        }
        Err(HookError::Verification(format!(
            "Verification of the event hook failed: {last}"
        )))
    }

    /// Delivers new log events to every hook that takes them, in background tasks (nothing
    /// happens outside a Tokio runtime). The events of one call travel together.
    pub fn dispatch(&self, events: &[Arc<LogRecord>], now: OffsetDateTime) {
        if events.is_empty() {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let hooks: Vec<EventHook> = self
            .lock()
            .iter()
            .filter(|h| h.delivers())
            .cloned()
            .collect();
        for hook in hooks {
            let selected: Vec<&Value> = events
                .iter()
                .filter(|e| hook.events.iter().any(|t| t == e.event_type()))
                .map(|e| &e.json)
                .collect();
            if selected.is_empty() {
                continue;
            }
            let Ok(url) = check_uri(&hook.uri, &self.config.allowed_hosts) else {
                continue;
            };
            let event_id = new_event_id();
            let envelope = json!({
                "eventType": "com.okta.event_hook",
                "eventTypeVersion": "1.0",
                "cloudEventsVersion": "0.1",
                "source": format!("{}/api/v1/eventHooks/{}", hook.org, hook.id),
                "eventId": event_id,
                "eventTime": format_millis((now.unix_timestamp_nanos() / 1_000_000) as i64),
                "contentType": "application/json",
                "data": { "events": selected },
            });
            let decision = self
                .faults
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .decide();
            let job = Job {
                headers: hook.call_headers(),
                hook,
                url,
                event_id,
                envelope,
                timeout: self.timeout(),
                delay: scaled(
                    Duration::from_millis(self.faults().delay_ms),
                    self.config.time_scale,
                ),
                journal: Arc::clone(&self.journal),
                in_flight: Arc::clone(&self.in_flight),
            };
            if decision.drop {
                let dropped: Result<Answer, SendError> =
                    Err(SendError::Connection("dropped on purpose".to_owned()));
                self.journal.record(record(
                    &job.hook,
                    "delivery",
                    Some(&job.event_id),
                    1,
                    false,
                    &job.headers,
                    Some(&job.envelope),
                    &dropped,
                    Instant::now(),
                    Outcome::Dropped,
                ));
                continue;
            }
            self.in_flight.fetch_add(1, Ordering::SeqCst);
            runtime.spawn(job.run(decision.copies));
        }
    }
}

/// One delivery to one hook.
struct Job {
    hook: EventHook,
    url: url::Url,
    headers: Vec<(String, String)>,
    event_id: String,
    envelope: Value,
    timeout: Duration,
    delay: Duration,
    journal: Arc<DeliveryJournal>,
    in_flight: Arc<AtomicUsize>,
}

impl Job {
    async fn run(self, copies: u32) {
        if !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
        let body = self.envelope.to_string().into_bytes();
        for copy in 0..copies {
            self.attempts(&body, copy > 0).await;
        }
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
    }

    /// The first attempt and, after a timeout, a broken connection or a 5xx, one retry.
    async fn attempts(&self, body: &[u8], duplicate: bool) {
        for attempt in 1..=2 {
            let started = Instant::now();
            let result = send::send(
                Method::POST,
                &self.url,
                &self.headers,
                Some(body.to_vec()),
                self.timeout,
            )
            .await;
            let result_outcome = outcome(&result);
            self.journal.record(record(
                &self.hook,
                "delivery",
                Some(&self.event_id),
                attempt,
                duplicate,
                &self.headers,
                Some(&self.envelope),
                &result,
                started,
                result_outcome,
            ));
            let retry = match &result {
                Ok(a) => a.status.is_server_error(),
                Err(_) => true,
            };
            if !retry {
                return;
            }
        }
    }
}

fn outcome(result: &Result<Answer, SendError>) -> Outcome {
    match result {
        Ok(a) if a.status.is_success() => Outcome::Delivered,
        Ok(_) => Outcome::Refused,
        Err(SendError::Timeout(_)) => Outcome::TimedOut,
        Err(_) => Outcome::Failed,
    }
}

#[allow(clippy::too_many_arguments)]
fn record(
    hook: &EventHook,
    kind: &'static str,
    event_id: Option<&str>,
    attempt: u32,
    duplicate: bool,
    headers: &[(String, String)],
    body: Option<&Value>,
    result: &Result<Answer, SendError>,
    started: Instant,
    outcome: Outcome,
) -> DeliveryRecord {
    let sent_at = format_millis(
        (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
            - started.elapsed().as_millis() as i64,
    );
    DeliveryRecord {
        hook_id: hook.id.clone(),
        kind,
        event_id: event_id.map(str::to_owned),
        attempt,
        duplicate,
        sent_at,
        uri: hook.uri.clone(),
        headers: headers.iter().map(|(k, _)| k.clone()).collect(),
        body: body.cloned(),
        outcome,
        status: result.as_ref().ok().map(|a| a.status.as_u16()),
        answer: result
            .as_ref()
            .ok()
            .map(|a| String::from_utf8_lossy(&a.body).into_owned()),
        error: result.as_ref().err().map(ToString::to_string),
        duration_ms: started.elapsed().as_millis() as u64,
    }
}

fn scaled(d: Duration, scale: f64) -> Duration {
    if scale > 0.0 && scale.is_finite() {
        d.div_f64(scale)
    } else {
        d
    }
}

/// A delivery's `eventId`, UUID-shaped like Okta's, unique in the process.
fn new_event_id() -> String {
    static DELIVERIES: AtomicU64 = AtomicU64::new(0);
    static NONCE: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let nonce = *NONCE.get_or_init(|| {
        use std::hash::BuildHasher;
        std::collections::hash_map::RandomState::new().hash_one(0x484f_4f4b_u64)
    });
    crate::events::uuid_from(nonce, DELIVERIES.fetch_add(1, Ordering::Relaxed) + 1)
}
