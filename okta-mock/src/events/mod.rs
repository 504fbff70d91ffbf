//! The System Log: a consumer of the store's committed events that turns each into Okta
//! `LogEvent`s (see [`render`] and [`catalog`]), keeps them in its own bounded store, and
//! answers `GET /api/v1/logs` ([`query`]). Event hooks ([`crate::hooks`]) deliver what it
//! records.
//!
//! It never hooks into an operation: [`SystemLog::sync`] reads `Store::events().since(last)`
//! and runs where the HTTP layer releases the store's write lock (see
//! [`AppState::write`](crate::AppState::write)), so each change is logged right after its
//! commit, with the org as the commit left it. Events no management call makes (a
//! suspicious-activity report, a lockout) come from a scenario's `systemLog` or the admin API
//! ([`inject`]).

pub mod catalog;
pub mod context;
pub mod filter;
pub mod inject;
pub mod query;
pub mod render;

use std::collections::VecDeque;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::Value;

use crate::store::{Change, Event, Store, Target, TargetKind, TargetNames};
use catalog::EventType;
use context::RequestContext;
use query::{LogPage, LogQuery};

/// How many log events the System Log keeps by default (older ones are dropped first).
pub const DEFAULT_CAPACITY: usize = 100_000;

/// One stored log event.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRecord {
    /// Storage position, from 1, increasing.
    pub pos: u64,
    /// `published`, in Unix milliseconds.
    pub published: i64,
    /// The `LogEvent` JSON.
    pub json: Value,
    /// The JSON text, lowercased, for `q`.
    pub(crate) text: String,
}

impl LogRecord {
    /// `eventType`.
    pub fn event_type(&self) -> &str {
        self.json
            .get("eventType")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

#[derive(Debug)]
struct Inner {
    records: VecDeque<Arc<LogRecord>>,
    capacity: usize,
    next_pos: u64,
    /// The last store event consumed.
    last_seq: u64,
    /// Generates `uuid`s.
    uuids: u64,
}

/// The System Log. Cheap to share behind an `Arc`; its lock is never held across an `.await`.
#[derive(Debug)]
pub struct SystemLog {
    inner: Mutex<Inner>,
    nonce: u64,
}

impl Default for SystemLog {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

impl SystemLog {
    /// An empty log keeping at most `capacity` events (at least 1).
    pub fn new(capacity: usize) -> Self {
        Self {
            inner: Mutex::new(Inner {
                records: VecDeque::new(),
                capacity: capacity.max(1),
                next_pos: 0,
                last_seq: 0,
                uuids: 0,
            }),
            nonce: RandomState::new().hash_one(0x5157_4c4f_u64),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many events are kept.
    pub fn len(&self) -> usize {
        self.lock().records.len()
    }

    /// True when no event is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every kept event, in stored order.
    pub fn records(&self) -> Vec<Arc<LogRecord>> {
        self.lock().records.iter().cloned().collect()
    }

    /// Logs every event `store` committed since the last call, and returns the new log
    /// events. Call it with the store as the commit left it (under the same lock).
    pub fn sync(&self, store: &Store) -> Vec<Arc<LogRecord>> {
        let log = store.events();
        let mut inner = self.lock();
        if log.last_seq() == inner.last_seq {
            return Vec::new();
        }
        let request = context::current();
        let mut out = Vec::new();
        let pending: Vec<&Event> = log.since(inner.last_seq).collect();
        for event in pending {
            inner.last_seq = event.seq;
            for json in self.render_event(&mut inner, event, store, request.as_ref()) {
                out.push(push(&mut inner, event.published, json));
            }
        }
        inner.last_seq = log.last_seq();
        out
    }

    /// Stores log events made elsewhere (a scenario's past events, the admin API), each
    /// with its `published` time; returns them as stored.
    pub fn append(&self, events: Vec<(i64, Value)>) -> Vec<Arc<LogRecord>> {
        let mut inner = self.lock();
        events
            .into_iter()
            .map(|(published, json)| push(&mut inner, published, json))
            .collect()
    }

    /// Every kept event and the storage position of the last one stored: what a data
    /// directory's snapshot keeps of the log.
    pub(crate) fn snapshot(&self) -> (Vec<Arc<LogRecord>>, u64) {
        let inner = self.lock();
        (inner.records.iter().cloned().collect(), inner.next_pos)
    }

    /// Replaces the log with events a data directory kept (`(pos, published, json)`, oldest
    /// first), continuing after position `last_pos`, with the store's events up to
    /// `last_seq` taken as logged already (a restart: they were, before it).
    pub(crate) fn restore(&self, events: Vec<(u64, i64, Value)>, last_pos: u64, last_seq: u64) {
        let mut inner = self.lock();
        inner.records.clear();
        let skip = events.len().saturating_sub(inner.capacity);
        for (pos, published, json) in events.into_iter().skip(skip) {
            let text = json.to_string().to_lowercase();
            inner.records.push_back(Arc::new(LogRecord {
                pos,
                published,
                json,
                text,
            }));
        }
        inner.next_pos = last_pos;
        inner.last_seq = last_seq;
    }

    /// The last store event logged.
    pub(crate) fn last_seq(&self) -> u64 {
        self.lock().last_seq
    }

    /// Takes the store's events up to `last_seq` as logged (an org rebuilt from a data
    /// directory, whose log events were restored rather than rendered again).
    pub(crate) fn skip_to(&self, last_seq: u64) {
        self.lock().last_seq = last_seq;
    }

    /// A new `uuid` (the 8-4-4-4-12 form, version 4 bits).
    pub fn new_uuid(&self) -> String {
        let n = {
            let mut inner = self.lock();
            inner.uuids += 1;
            inner.uuids
        };
        uuid_from(self.nonce, n)
    }

    /// One page of `GET /api/v1/logs` at `now` (Unix ms).
    pub fn query(&self, q: &LogQuery, now: i64) -> LogPage {
        query::run(&self.lock().records, q, now)
    }

    fn render_event(
        &self,
        inner: &mut Inner,
        event: &Event,
        store: &Store,
        request: Option<&RequestContext>,
    ) -> Vec<Value> {
        let activated = event.change == Change::UserCreated
            && event.targets.first().is_some_and(|t| {
                store
                    .users()
                    .get(&t.id)
                    .is_ok_and(|u| u.status != okta_client::models::UserStatus::Staged)
            });
        let mut out = Vec::new();
        for t in catalog::event_types(event.change, activated) {
            out.push(self.render_one(inner, event, t, store, request));
        }
        if event.change == Change::UserCreated {
            // `groupIds` of a creation: Okta logs each membership the creation made.
            out.extend(self.creation_memberships(inner, event, store, request));
        }
        out.extend(self.removed_app_users(inner, event, store, request));
        out
    }

    /// The app assignments a deactivation or deletion dropped (the commit names them as
    /// [`TargetKind::RemovedAppUser`](crate::store::TargetKind) targets): Okta logs an
    /// `application.user_membership.remove` for each, after the lifecycle event (inferred
    /// from the Event Types catalog's "A user is removed from an application" and Okta's
    /// deactivation removing every app assignment; no recorded deactivation shows the order).
    fn removed_app_users(
        &self,
        inner: &mut Inner,
        event: &Event,
        store: &Store,
        request: Option<&RequestContext>,
    ) -> Vec<Value> {
        let Some(user) = event.targets.first() else {
            return Vec::new();
        };
        let Some(remove) = catalog::find("application.user_membership.remove") else {
            return Vec::new();
        };
        event
            .targets
            .iter()
            .filter(|t| t.kind == TargetKind::RemovedAppUser)
            .map(|removed| {
                let label = removed.names.as_ref().map(|n| TargetNames {
                    alternate_id: n.display_name.clone(),
                    display_name: n.display_name.clone(),
                });
                let membership = Event {
                    targets: vec![
                        Target::app(removed.id.as_str()).with_names(label),
                        user.clone(),
                        removed.clone(),
                    ],
                    ..event.clone()
                };
                self.render_one(inner, &membership, remove, store, request)
            })
            .collect()
    }

    fn creation_memberships(
        &self,
        inner: &mut Inner,
        event: &Event,
        store: &Store,
        request: Option<&RequestContext>,
    ) -> Vec<Value> {
        let Some(user) = event.targets.first() else {
            return Vec::new();
        };
        let everyone = store.everyone_group_id().to_owned();
        let groups = store.users().groups(&user.id).unwrap_or_default();
        let Some(add) = catalog::find("group.user_membership.add") else {
            return Vec::new();
        };
        groups
            .iter()
            .filter(|g| g.id.as_str() != everyone)
            .map(|g| {
                let membership = Event {
                    targets: vec![Target::group(g.id.as_str()), user.clone()],
                    ..event.clone()
                };
                self.render_one(inner, &membership, add, store, request)
            })
            .collect()
    }

    fn render_one(
        &self,
        inner: &mut Inner,
        event: &Event,
        event_type: &EventType,
        store: &Store,
        request: Option<&RequestContext>,
    ) -> Value {
        inner.uuids += 1;
        render::log_event(&render::Parts {
            event,
            event_type,
            store,
            request,
            uuid: uuid_from(self.nonce, inner.uuids),
        })
    }
}

fn push(inner: &mut Inner, published: i64, json: Value) -> Arc<LogRecord> {
    inner.next_pos += 1;
    let text = json.to_string().to_lowercase();
    let record = Arc::new(LogRecord {
        pos: inner.next_pos,
        published,
        json,
        text,
    });
    if inner.records.len() >= inner.capacity {
        inner.records.pop_front();
    }
    inner.records.push_back(Arc::clone(&record));
    record
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A UUID-shaped id. Its low 62 bits come from a bijective mix of `n`, so two events of one
/// log share a uuid only after 2^62 events; the nonce makes two mock processes differ.
pub(crate) fn uuid_from(nonce: u64, n: u64) -> String {
    let hi = mix(nonce ^ n.rotate_left(17));
    let lo = mix(n);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0x0fff,
        0x8000 | ((lo >> 48) & 0x3fff),
        lo & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests;
