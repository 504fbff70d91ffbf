//! Building an app from a request body: Okta's generated names, ORN and default blocks.

use okta_client::models::{
    ACTIVE_DIRECTORY_APP_NAME, AppId, Application, ApplicationStatus, OFFICE365_APP_NAME,
    SignOnMode,
};
use serde_json::{Value, json};

use super::crud::{ORG_ID, ORG_NAME};
use crate::store::input::AppInput;
use crate::store::{Org, StoreError, render};

/// The integration name Okta gives a custom app of a sign-on mode, when the body has none.
fn default_name(mode: &SignOnMode, label: &str, taken: impl Fn(&str) -> bool) -> Option<String> {
    Some(match mode {
        SignOnMode::Bookmark => "bookmark".to_owned(),
        SignOnMode::BasicAuth => "template_basic_auth".to_owned(),
        SignOnMode::AutoLogin => "template_swa".to_owned(),
        SignOnMode::BrowserPlugin => "template_swa".to_owned(),
        SignOnMode::SecurePasswordStore => "template_sps".to_owned(),
        SignOnMode::OpenidConnect => "oidc_client".to_owned(),
        SignOnMode::WsFederation => "template_wsfed".to_owned(),
        SignOnMode::Saml20 | SignOnMode::Saml11 => {
            // Okta's own examples: "Custom Saml 2.0 App" → `testorgone_customsaml20app_1`.
            let slug: String = label
                .to_lowercase()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            (1..)
                .map(|n| format!("{ORG_NAME}_{slug}_{n}"))
                .find(|n| !taken(n))?
        }
        _ => return None,
    })
}

/// The sign-on mode implied by a known integration name, when the body has none.
pub(crate) fn default_mode(name: &str) -> Option<SignOnMode> {
    match name {
        "bookmark" => Some(SignOnMode::Bookmark),
        "template_basic_auth" => Some(SignOnMode::BasicAuth),
        "template_swa" | "template_swa3field" => Some(SignOnMode::AutoLogin),
        OFFICE365_APP_NAME => Some(SignOnMode::WsFederation),
        _ => None,
    }
}

/// Settings for an app declared in a scenario file, which carries none. A WS-Federation app
/// (Office 365) and a bookmark need the attributes the spec marks required, or the official
/// SDKs refuse to decode them. Apps created through the API keep what their body says.
pub(crate) fn scenario_settings(mode: Option<&SignOnMode>) -> Value {
    match mode {
        Some(SignOnMode::WsFederation) => json!({"app": {
            "audienceRestriction": "urn:federation:MicrosoftOnline",
            "groupValueFormat": "windowsDomainQualifiedName",
            "wReplyURL": "https://login.microsoftonline.com/login.srf",
            "wReplyOverride": false,
            "nameIDFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
            "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
            "siteURL": "https://login.microsoftonline.com",
            "usernameAttribute": "username"
        }}),
        Some(SignOnMode::Bookmark) => {
            json!({"app": {"requestIntegration": false, "url": "https://intranet.example.com/"}})
        }
        _ => json!({"app": {}}),
    }
}

impl Org {
    /// Builds the stored app from a validated body.
    pub(crate) fn build_app(
        &mut self,
        id: Option<&str>,
        input: AppInput,
        status: ApplicationStatus,
    ) -> Result<Application, StoreError> {
        let AppInput {
            label,
            name: given_name,
            sign_on_mode: given_mode,
            settings,
            credentials,
            accessibility,
            visibility,
            profile,
            features,
            orn,
            rest: mut body,
        } = input;
        let mode = given_mode.or_else(|| given_name.as_deref().and_then(default_mode));
        let name = match (given_name, &mode) {
            (Some(n), _) => n,
            (None, Some(m)) => {
                default_name(m, &label, |n| self.apps.values().any(|a| a.app.name == n))
                    .ok_or_else(|| {
                        StoreError::invalid_field("name", "The field cannot be left blank")
                    })?
            }
            (None, None) => {
                return Err(StoreError::invalid_field(
                    "signOnMode",
                    "The field cannot be left blank",
                ));
            }
        };
        let mode = if name == ACTIVE_DIRECTORY_APP_NAME {
            None
        } else {
            mode
        };
        let id = match id {
            Some(id) => id.to_owned(),
            None => self.ids.next("0oa", |id| self.apps.contains_key(id)),
        };
        let now = render::ts(self.now());
        let orn = orn.unwrap_or_else(|| format!("orn:okta:idp:{ORG_ID}:apps:{name}:{id}"));
        body.insert("orn".to_owned(), Value::String(orn));
        // `supportType` is left out: the spec allows only FULL or PARTIAL, and the Python SDK's
        // validation rejects the whole app on any other value.
        body.insert(
            "universalLogout".to_owned(),
            json!({"status": "DISABLED", "identityStack": "NOT_SHARED"}),
        );
        body.insert(
            "accessibility".to_owned(),
            accessibility.map_or_else(
                || json!({"selfService": false, "errorRedirectUrl": null, "loginRedirectUrl": null}),
                Value::Object,
            ),
        );
        body.insert(
            "visibility".to_owned(),
            visibility.map_or_else(
                || json!({"autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}, "appLinks": {name.clone(): true}}),
                Value::Object,
            ),
        );
        if let Some(profile) = profile {
            body.insert("profile".to_owned(), Value::Object(profile));
        }
        let settings = settings.map_or_else(|| json!({"app": {}}), Value::Object);
        let credentials = credentials.map_or_else(
            || json!({"userNameTemplate": {"template": "${source.login}", "type": "BUILT_IN"}, "signing": {}}),
            Value::Object,
        );
        Ok(Application {
            id: AppId::new(id),
            name,
            label,
            status,
            created: now,
            last_updated: now,
            sign_on_mode: mode,
            features: Some(features.unwrap_or_default()),
            settings: Some(settings),
            credentials: Some(credentials),
            links: None,
            embedded: None,
            extra: body,
        })
    }
}
