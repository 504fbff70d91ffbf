//! An event hook as a data directory keeps it (`okta-mock --data-dir`): every field, the
//! auth scheme's secret included, since the restarted mock must keep calling the receiver
//! with it. It is written to the data directory only, never shown: the API renders hooks
//! through [`EventHook::render`](super::model::EventHook::render), which leaves it out.

use okta_client::models::SecretValue;
use serde::{Deserialize, Serialize};

use super::model::{AuthScheme, CustomHeader, EventHook, HookStatus};

/// A hook's stored form.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StoredHook {
    id: String,
    active: bool,
    verified: bool,
    name: String,
    description: Option<String>,
    events: Vec<String>,
    uri: String,
    headers: Vec<(String, String)>,
    /// The auth scheme's header name and secret value.
    auth: Option<(String, String)>,
    created: String,
    created_by: String,
    last_updated: String,
    org: String,
}

impl std::fmt::Debug for StoredHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredHook")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl From<&EventHook> for StoredHook {
    fn from(h: &EventHook) -> Self {
        Self {
            id: h.id.clone(),
            active: h.status == HookStatus::Active,
            verified: h.verified,
            name: h.name.clone(),
            description: h.description.clone(),
            events: h.events.clone(),
            uri: h.uri.clone(),
            headers: h
                .headers
                .iter()
                .map(|c| (c.key.clone(), c.value.clone()))
                .collect(),
            auth: h
                .auth
                .as_ref()
                .map(|a| (a.key.clone(), a.value.expose_secret().to_owned())),
            created: h.created.clone(),
            created_by: h.created_by.clone(),
            last_updated: h.last_updated.clone(),
            org: h.org.clone(),
        }
    }
}

impl From<StoredHook> for EventHook {
    fn from(h: StoredHook) -> Self {
        Self {
            id: h.id,
            status: if h.active {
                HookStatus::Active
            } else {
                HookStatus::Inactive
            },
            verified: h.verified,
            name: h.name,
            description: h.description,
            events: h.events,
            uri: h.uri,
            headers: h
                .headers
                .into_iter()
                .map(|(key, value)| CustomHeader { key, value })
                .collect(),
            auth: h.auth.map(|(key, value)| AuthScheme {
                key,
                value: SecretValue::new(value),
            }),
            created: h.created,
            created_by: h.created_by,
            last_updated: h.last_updated,
            org: h.org,
        }
    }
}

impl super::EventHooks {
    /// Every hook in its stored form.
    pub(crate) fn stored(&self) -> Vec<StoredHook> {
        self.lock().iter().map(StoredHook::from).collect()
    }

    /// Replaces the registry with stored hooks (a restart on a data directory).
    pub(crate) fn restore(&self, hooks: Vec<StoredHook>) {
        *self.lock() = hooks.into_iter().map(EventHook::from).collect();
    }
}
