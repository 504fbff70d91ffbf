//! Provisioning to apps that push users (`PUSH_NEW_USERS` in the app's `features`), as Okta's
//! spec describes the app-user statuses (`AppUserStatus`, `AppUserSyncState`):
//!
//! - an assignment starts STAGED: "doesn't have `externalId` set and the background
//!   provisioning operation is queued. This applies to apps with the `PUSH_NEW_USERS` feature";
//!   its `syncState` is SYNCING ("a background provisioning operation is running") and
//!   `lastSync` is null;
//! - after the provisioning delay it is PROVISIONED: "the background provisioning operation
//!   completed and the application user was assigned an `externalId`", `syncState`
//!   SYNCHRONIZED, and `statusChanged`, `lastUpdated` and `lastSync` all the time it
//!   completed, as in the spec's recorded-style examples `AppUserListEx` and
//!   `AppUserProvResponse` (`created` 18:25:01, the other three 18:25:03);
//! - an injected failure leaves it STAGED and SYNCING for ever (`stuck`), or STAGED with
//!   `syncState` ERROR ("a background provisioning operation failed", `error`).
//!
//! The status and `syncState` while queued, and the status after a failure, are not recorded
//! in any response we have: they are read from the enum descriptions (SPEC-DEPARTURES.md).
//!
//! The store is synchronous and has no background work: a due provisioning is shown as done by
//! every read (`Org::provisioned_view`) and written for good at the next commit.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash as _, Hasher as _};
use std::time::Duration;

use okta_client::models::{AppUser, AppUserStatus, SyncState};
use serde::{Deserialize, Serialize};

use super::record::Id;
use super::{Org, Store, render};

/// How provisioning to an app fails, injected by a scenario or the admin API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProvisioningFailure {
    /// The app user stays STAGED, `syncState` SYNCING, without an `externalId`.
    Stuck,
    /// The app user stays STAGED without an `externalId`, `syncState` ERROR.
    Error,
}

/// The provisioning state of the org: the delay, the injected failures and what is queued.
#[derive(Debug, Clone, Default)]
pub(crate) struct Provisioning {
    /// How long a queued provisioning takes, in milliseconds.
    delay_ms: i64,
    /// App id → how provisioning to it fails.
    failures: HashMap<Id, ProvisioningFailure>,
    /// (app, user) → when its provisioning completes (Unix milliseconds).
    queued: BTreeMap<(Id, Id), i64>,
}

impl Provisioning {
    /// The same delay, nothing queued and no failures (a new or reloaded org).
    pub(crate) fn cleared(&self) -> Self {
        Self {
            delay_ms: self.delay_ms,
            ..Self::default()
        }
    }
}

/// A stable id in the target app for `(app, user)`: 32 hexadecimal characters, the form of the
/// spec's `externalId` example (`70c14cc17d3745e8a9f98d599a68329c`).
fn external_id(app: &str, user: &str) -> String {
    let half = |salt: u8| {
        // SipHash with fixed keys: the same ids on every run.
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (salt, app, user).hash(&mut h);
        h.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

impl Store {
    /// Makes provisioning to `PUSH_NEW_USERS` apps take `delay` (zero: done when the
    /// assignment is answered).
    pub fn set_provisioning_delay(&mut self, delay: Duration) {
        self.org.provisioning.delay_ms = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
    }

    /// How long provisioning takes.
    pub fn provisioning_delay(&self) -> Duration {
        Duration::from_millis(u64::try_from(self.org.provisioning.delay_ms).unwrap_or(0))
    }
}

impl Org {
    /// Makes provisioning to the app `app` fail (`None`: succeed).
    pub(crate) fn set_provisioning_failure(
        &mut self,
        app: &Id,
        failure: Option<ProvisioningFailure>,
    ) {
        match failure {
            Some(f) => self.provisioning.failures.insert(app.clone(), f),
            None => self.provisioning.failures.remove(app),
        };
    }

    /// How provisioning to `app` fails, if it does.
    pub(crate) fn provisioning_failure(&self, app: &str) -> Option<ProvisioningFailure> {
        self.provisioning.failures.get(app).copied()
    }

    /// Whether the app pushes new users (`PUSH_NEW_USERS`).
    pub(crate) fn pushes_users(&self, app: &str) -> bool {
        self.apps.get(app).is_some_and(|a| {
            a.app
                .features
                .as_ref()
                .is_some_and(|f| f.iter().any(|f| f == "PUSH_NEW_USERS"))
        })
    }

    /// Queues the provisioning of a new app user of a pushing app: STAGED, SYNCING, no
    /// `externalId`, no `lastSync`; done at once when the delay is zero and nothing fails.
    pub(crate) fn queue_provisioning(&mut self, app: &Id, user: &Id, au: &mut AppUser) {
        au.status = Some(AppUserStatus::Staged);
        au.external_id = None;
        au.last_sync = None;
        let failure = self.provisioning_failure(app);
        au.sync_state = Some(match failure {
            Some(ProvisioningFailure::Error) => SyncState::Error,
            _ => SyncState::Syncing,
        });
        if failure.is_some() {
            return;
        }
        let due = self.now_millis().saturating_add(self.provisioning.delay_ms);
        if self.provisioning.delay_ms == 0 {
            complete(app, user, au, due);
        } else {
            self.provisioning
                .queued
                .insert((app.clone(), user.clone()), due);
        }
    }

    /// Forgets a queued provisioning (the assignment was removed).
    pub(crate) fn forget_provisioning(&mut self, app: &Id, user: &Id) {
        self.provisioning
            .queued
            .remove(&(app.clone(), user.clone()));
    }

    /// The app user as a read sees it now: provisioned if its provisioning is due.
    pub(crate) fn provisioned_view(&self, app: &str, au: &AppUser) -> AppUser {
        let mut au = au.clone();
        if let Some((key, due)) = self
            .provisioning
            .queued
            .iter()
            .find(|((a, u), _)| &**a == app && **u == *au.id.as_str())
            && *due <= self.now_millis()
        {
            complete(&key.0, &key.1, &mut au, *due);
        }
        au
    }

    /// Writes every due provisioning (called by the commit point before a mutation).
    pub(super) fn settle_provisioning(&mut self) {
        if self.provisioning.queued.is_empty() {
            return;
        }
        let now = self.now_millis();
        let due: Vec<((Id, Id), i64)> = self
            .provisioning
            .queued
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(k, at)| (k.clone(), *at))
            .collect();
        for ((app, user), at) in due {
            self.provisioning
                .queued
                .remove(&(app.clone(), user.clone()));
            if let Some(au) = self.app_users.get_mut(&(app.clone(), user.clone())) {
                complete(&app, &user, au, at);
            }
        }
    }
}

/// A provisioning that completed at `at` (Unix milliseconds).
fn complete(app: &str, user: &str, au: &mut AppUser, at: i64) {
    let at = render::ts(super::org::whole_second(at));
    au.status = Some(AppUserStatus::Provisioned);
    au.sync_state = Some(SyncState::Synchronized);
    au.external_id = Some(external_id(app, user));
    au.status_changed = at;
    au.last_updated = at;
    au.last_sync = at;
}
