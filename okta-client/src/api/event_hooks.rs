//! `client.event_hooks()`: register, verify and manage event hooks (`/api/v1/eventHooks`).
//!
//! Operations and status codes from Okta's OpenAPI spec (`listEventHooks`, `createEventHook`,
//! `getEventHook`, `replaceEventHook`, `deleteEventHook`, `activateEventHook`,
//! `deactivateEventHook`, `verifyEventHook`, management API 2026.06.3): every call but delete
//! answers 200 with the hook; delete answers 204 and only for an `INACTIVE` hook.

use reqwest::Method;
use url::Url;

use crate::Client;
use crate::api::found;
use crate::error::Error;
use crate::models::{EventHook, EventHookId, NewEventHook};

impl Client {
    /// The event hooks handler: `client.event_hooks().create(&hook)`.
    pub fn event_hooks(&self) -> EventHooksApi {
        EventHooksApi {
            client: self.clone(),
        }
    }
}

/// Operations on `/api/v1/eventHooks`. Obtained with [`Client::event_hooks`].
///
/// # Examples
///
/// ```no_run
/// use okta_client::models::{EventHookVerificationStatus, NewEventHook};
///
/// # async fn demo(client: okta_client::Client) -> Result<(), okta_client::Error> {
/// let body = NewEventHook::new("Provisioning", "https://hooks.example.com/okta")
///     .event_type("user.lifecycle.create")
///     .auth_header("Authorization", std::env::var("HOOK_SECRET").unwrap_or_default());
/// let hook = client.event_hooks().create(&body).await?;
/// // Okta now calls the endpoint with a verification challenge.
/// let hook = client.event_hooks().verify(&hook.id).await?;
/// assert_eq!(hook.verification_status, Some(EventHookVerificationStatus::Verified));
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct EventHooksApi {
    client: Client,
}

impl std::fmt::Debug for EventHooksApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EventHooksApi")
    }
}

impl EventHooksApi {
    fn hook_url(&self, id: &EventHookId, lifecycle: Option<&str>) -> Url {
        match lifecycle {
            Some(step) => self
                .client
                .api_url(&["eventHooks", id.as_str(), "lifecycle", step]),
            None => self.client.api_url(&["eventHooks", id.as_str()]),
        }
    }

    /// Registers a hook (`POST /api/v1/eventHooks`). Okta creates it `ACTIVE` and
    /// `UNVERIFIED`: call [`verify`](Self::verify) before it delivers. Not retried
    /// automatically.
    ///
    /// # Errors
    /// Validation (400, e.g. an event type that cannot be hooked or a URL that is not HTTPS),
    /// or any transport or decoding error.
    pub async fn create(&self, hook: &NewEventHook) -> Result<EventHook, Error> {
        let url = self.client.api_url(&["eventHooks"]);
        let request = self.client.request(Method::POST, url).json(hook);
        request.idempotent(false).send::<EventHook>().await
    }

    /// Lists every hook of the org (`GET /api/v1/eventHooks`; one answer, not paged).
    ///
    /// # Errors
    /// Any API, transport or decoding error.
    pub async fn list(&self) -> Result<Vec<EventHook>, Error> {
        let url = self.client.api_url(&["eventHooks"]);
        let request = self.client.request(Method::GET, url);
        request.send::<Vec<EventHook>>().await
    }

    /// Fetches a hook (`GET /api/v1/eventHooks/{eventHookId}`).
    ///
    /// # Errors
    /// [`Error::is_not_found`] when there is no such hook; any other error as is.
    pub async fn get(&self, id: impl Into<EventHookId>) -> Result<EventHook, Error> {
        let url = self.hook_url(&id.into(), None);
        let request = self.client.request(Method::GET, url);
        request.send::<EventHook>().await
    }

    /// Like [`get`](Self::get), but a missing hook is `Ok(None)`.
    ///
    /// # Errors
    /// Every error of [`get`](Self::get) except not-found.
    pub async fn get_opt(&self, id: impl Into<EventHookId>) -> Result<Option<EventHook>, Error> {
        found(self.get(id).await)
    }

    /// Replaces a hook (`PUT /api/v1/eventHooks/{eventHookId}`). What the body leaves out is
    /// removed, the authentication value included ([`NewEventHook::from_hook`] starts from
    /// the current hook). A new endpoint must be verified again.
    ///
    /// # Errors
    /// Not found, validation, or any transport or decoding error.
    pub async fn replace(
        &self,
        id: impl Into<EventHookId>,
        hook: &NewEventHook,
    ) -> Result<EventHook, Error> {
        let url = self.hook_url(&id.into(), None);
        let request = self.client.request(Method::PUT, url).json(hook);
        request.idempotent(true).send::<EventHook>().await
    }

    /// Activates a hook (`POST …/lifecycle/activate`).
    ///
    /// # Errors
    /// Not found, or any transport or decoding error.
    pub async fn activate(&self, id: impl Into<EventHookId>) -> Result<EventHook, Error> {
        self.lifecycle(id.into(), "activate").await
    }

    /// Deactivates a hook (`POST …/lifecycle/deactivate`): it stops delivering and may then be
    /// deleted.
    ///
    /// # Errors
    /// Not found, or any transport or decoding error.
    pub async fn deactivate(&self, id: impl Into<EventHookId>) -> Result<EventHook, Error> {
        self.lifecycle(id.into(), "deactivate").await
    }

    /// Asks Okta to verify the endpoint (`POST …/lifecycle/verify`): Okta sends it a GET with
    /// an `X-Okta-Verification-Challenge` header and expects the value back as
    /// `{"verification": "…"}` within 3 seconds (one retry).
    ///
    /// # Errors
    /// 400 when the endpoint did not answer the challenge; not found; any transport or
    /// decoding error.
    pub async fn verify(&self, id: impl Into<EventHookId>) -> Result<EventHook, Error> {
        self.lifecycle(id.into(), "verify").await
    }

    /// Deletes a hook (`DELETE /api/v1/eventHooks/{eventHookId}`, 204). Okta deletes only an
    /// `INACTIVE` hook: [`deactivate`](Self::deactivate) it first.
    ///
    /// # Errors
    /// Not found, an active hook (Okta refuses), or any transport error.
    pub async fn delete(&self, id: impl Into<EventHookId>) -> Result<(), Error> {
        let url = self.hook_url(&id.into(), None);
        let request = self.client.request(Method::DELETE, url);
        request.send_no_content().await.map(drop)
    }

    async fn lifecycle(&self, id: EventHookId, step: &str) -> Result<EventHook, Error> {
        let url = self.hook_url(&id, Some(step));
        // Activating or deactivating twice ends in the same state; a verification repeated
        // after a lost answer only challenges the endpoint again.
        let request = self.client.request(Method::POST, url).idempotent(true);
        request.send::<EventHook>().await
    }
}
