//! `client.apps()`: application instances: list, read, create, replace, activate, deactivate, delete.

mod create;
mod list;
mod new_app;

use crate::api::found;
use reqwest::Method;
use url::Url;

use crate::Client;
use crate::error::Error;
use crate::models::{AppId, Application};

pub use create::CreateApp;
pub use list::ListApps;
pub use new_app::{NewApplication, OidcApplicationType};

impl Client {
    /// The applications handler: `client.apps().list().active_directory().items()`.
    pub fn apps(&self) -> AppsApi {
        AppsApi {
            client: self.clone(),
        }
    }
}

/// Operations on `/api/v1/apps`. Obtained with [`Client::apps`].
#[derive(Clone)]
pub struct AppsApi {
    client: Client,
}

impl std::fmt::Debug for AppsApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppsApi")
    }
}

impl AppsApi {
    fn app_url(&self, id: &AppId, rest: &[&str]) -> Url {
        let mut segments = vec!["apps", id.as_str()];
        segments.extend_from_slice(rest);
        self.client.api_url(&segments)
    }

    /// Lists applications (`GET /api/v1/apps`).
    pub fn list(&self) -> ListApps {
        ListApps::new(self.client.clone())
    }

    /// Fetches an application (`GET /api/v1/apps/{appId}`).
    ///
    /// # Errors
    /// [`Error::is_not_found`] when there is no such app; any other API, transport or decoding
    /// error as is.
    pub async fn get(&self, id: impl Into<AppId>) -> Result<Application, Error> {
        let url = self.app_url(&id.into(), &[]);
        self.client
            .request(Method::GET, url)
            .send::<Application>()
            .await
    }

    /// Like [`get`](Self::get), but a missing app is `Ok(None)`.
    ///
    /// # Errors
    /// Every error of [`get`](Self::get) except not-found.
    pub async fn get_opt(&self, id: impl Into<AppId>) -> Result<Option<Application>, Error> {
        found(self.get(id).await)
    }

    /// Starts creating an application instance (`POST /api/v1/apps`); it starts `ACTIVE`
    /// unless [`CreateApp::activate`]`(false)` says otherwise. Finish with [`CreateApp::send`].
    pub fn create(&self, app: NewApplication) -> CreateApp {
        CreateApp::new(self.client.clone(), app)
    }

    /// Replaces an application (`PUT /api/v1/apps/{appId}`): send it whole, typically as read
    /// with [`get`](Self::get) and then changed. Okta ignores system-assigned properties (`id`,
    /// `name`, `status`, `created`, `lastUpdated`); settings left out are reset.
    ///
    /// # Errors
    /// Not found, validation, or any transport or decoding error.
    pub async fn replace(
        &self,
        id: impl Into<AppId>,
        app: &Application,
    ) -> Result<Application, Error> {
        let url = self.app_url(&id.into(), &[]);
        let request = self
            .client
            .request(Method::PUT, url)
            .json(app)
            .idempotent(true);
        request.send::<Application>().await
    }

    /// Activates an application (`POST …/lifecycle/activate`, 200 `{}`). Activating an active
    /// app is harmless, so this may be retried.
    ///
    /// # Errors
    /// Not found, or any API or transport error.
    pub async fn activate(&self, id: impl Into<AppId>) -> Result<(), Error> {
        let url = self.app_url(&id.into(), &["lifecycle", "activate"]);
        let request = self.client.request(Method::POST, url).idempotent(true);
        request.send_no_content().await.map(drop)
    }

    /// Deactivates an application (`POST …/lifecycle/deactivate`, 200 `{}`); required before
    /// [`delete`](Self::delete).
    ///
    /// # Errors
    /// Not found, or any API or transport error.
    pub async fn deactivate(&self, id: impl Into<AppId>) -> Result<(), Error> {
        let url = self.app_url(&id.into(), &["lifecycle", "deactivate"]);
        let request = self.client.request(Method::POST, url).idempotent(true);
        request.send_no_content().await.map(drop)
    }

    /// Deletes an inactive application (`DELETE /api/v1/apps/{appId}`, 204).
    ///
    /// # Errors
    /// `E0000056` (403) when the app is still `ACTIVE` (deactivate it first); not found;
    /// transport errors.
    pub async fn delete(&self, id: impl Into<AppId>) -> Result<(), Error> {
        let url = self.app_url(&id.into(), &[]);
        self.client
            .request(Method::DELETE, url)
            .send_no_content()
            .await
            .map(drop)
    }
}
