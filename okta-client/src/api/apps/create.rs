//! The builder for `POST /api/v1/apps`.

use reqwest::Method;
use serde::Serialize;

use super::NewApplication;
use crate::Client;
use crate::error::Error;
use crate::models::Application;

/// Creates an application instance. Built by [`AppsApi::create`](super::AppsApi::create); its
/// serialized fields are the query string (`activate`), the application is the body.
#[derive(Debug, Clone, Serialize)]
#[must_use = "an app is created only when the request is sent"]
pub struct CreateApp {
    #[serde(skip)]
    client: Client,
    activate: bool,
    #[serde(skip)]
    app: NewApplication,
}

impl CreateApp {
    pub(super) fn new(client: Client, app: NewApplication) -> Self {
        // The spec's default for `activate` on `createApplication` is `true`.
        Self {
            client,
            activate: true,
            app,
        }
    }

    /// Whether the app starts `ACTIVE` (`activate`, default `true`); `false` creates it
    /// `INACTIVE`.
    pub fn activate(mut self, activate: bool) -> Self {
        self.activate = activate;
        self
    }

    /// Sends the request. Not retried automatically, so a lost answer cannot create the app
    /// twice.
    ///
    /// # Errors
    /// Validation (`E0000001`: a missing setting, an unknown app name), access denied, or any
    /// transport or decoding error.
    pub async fn send(self) -> Result<Application, Error> {
        let url = self.client.api_url(&["apps"]);
        let request = self
            .client
            .request(Method::POST, url)
            .query(&self)
            .json(&self.app);
        request.idempotent(false).send::<Application>().await
    }
}

#[cfg(test)]
mod tests {
    use crate::api::NewApplication;
    use crate::api::test_support::offline_client;

    #[test]
    fn an_app_is_activated_unless_told_otherwise() {
        let app = NewApplication::bookmark("Wiki", "https://wiki.example.com");
        let create = offline_client().apps().create(app.clone());
        assert_eq!(
            serde_urlencoded::to_string(&create).unwrap(),
            "activate=true"
        );
        let create = offline_client().apps().create(app).activate(false);
        assert_eq!(
            serde_urlencoded::to_string(&create).unwrap(),
            "activate=false"
        );
    }
}
