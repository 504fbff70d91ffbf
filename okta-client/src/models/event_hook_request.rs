//! The body of an event hook create (`POST /api/v1/eventHooks`) or replace
//! (`PUT /api/v1/eventHooks/{id}`).

use serde::Serialize;
use serde_json::Map;

use super::SecretValue;
use super::event_hook::{
    EventHook, EventHookAuthScheme, EventHookChannel, EventHookChannelConfig, EventHookChannelType,
    EventHookHeader, EventSubscriptionType, EventSubscriptions,
};

/// The channel version Okta supports (the spec's `EventHookChannel.version`: "Currently the
/// only supported version is `1.0.0`").
pub const EVENT_HOOK_CHANNEL_VERSION: &str = "1.0.0";

/// An event hook to create or to replace one with: a name, the endpoint, the event types, and
/// optionally a description, custom headers and the authentication header.
///
/// Serialized as Okta's `EventHook` request body (`events.type` `EVENT_TYPE`, `channel.type`
/// `HTTP`, `channel.version` `1.0.0`). The authentication value is a secret: `Debug` prints
/// `"***"`.
///
/// ```
/// use okta_client::models::NewEventHook;
///
/// let hook = NewEventHook::new("Provisioning", "https://hooks.example.com/okta")
///     .event_type("user.lifecycle.create")
///     .event_type("group.user_membership.add")
///     .auth_header("Authorization", "a-shared-secret");
/// assert!(!format!("{hook:?}").contains("a-shared-secret"));
/// ```
#[must_use = "an event hook body does nothing until it is sent"]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewEventHook {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    events: EventSubscriptions,
    channel: EventHookChannel,
}

impl NewEventHook {
    /// A hook named `name` that delivers to `uri`, subscribed to nothing yet.
    pub fn new(name: impl Into<String>, uri: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
            events: EventSubscriptions {
                subscription_type: EventSubscriptionType::EventType,
                items: Vec::new(),
                filter: None,
                extra: Map::new(),
            },
            channel: EventHookChannel {
                channel_type: EventHookChannelType::Http,
                version: EVENT_HOOK_CHANNEL_VERSION.to_owned(),
                config: EventHookChannelConfig {
                    uri: uri.into(),
                    headers: Vec::new(),
                    method: None,
                    auth_scheme: None,
                    extra: Map::new(),
                },
                extra: Map::new(),
            },
        }
    }

    /// The body that replaces `hook` with itself: its name, description, event types, endpoint
    /// and headers. Okta never returns the authentication value, so set it again with
    /// [`auth_header`](Self::auth_header) to keep it (a replace without it removes it).
    pub fn from_hook(hook: &EventHook) -> Self {
        let mut body = Self::new(hook.name.clone(), hook.channel.config.uri.clone());
        body.description.clone_from(&hook.description);
        body.events.items.clone_from(&hook.events.items);
        body.events.filter.clone_from(&hook.events.filter);
        body.channel
            .config
            .headers
            .clone_from(&hook.channel.config.headers);
        body
    }

    /// Adds an event type to deliver, e.g. `user.lifecycle.deactivate`.
    pub fn event_type(mut self, event_type: impl Into<String>) -> Self {
        self.events.items.push(event_type.into());
        self
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Changes the endpoint. Okta requires the hook to be verified again afterwards.
    pub fn uri(mut self, uri: impl Into<String>) -> Self {
        self.channel.config.uri = uri.into();
        self
    }

    /// Adds a custom header that Okta sends with every call.
    pub fn header(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.channel
            .config
            .headers
            .push(EventHookHeader::new(key, value));
        self
    }

    /// Sets the authentication header Okta sends with every call, e.g. `Authorization` and a
    /// shared secret (Okta's `HEADER` auth scheme).
    pub fn auth_header(mut self, key: impl Into<String>, value: impl Into<SecretValue>) -> Self {
        self.channel.config.auth_scheme = Some(EventHookAuthScheme::header(key, value));
        self
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The event types subscribed to.
    pub fn event_types(&self) -> &[String] {
        &self.events.items
    }
}
