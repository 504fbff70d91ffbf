//! Building an app from a request body: Okta's generated names, ORN and default blocks.

use okta_client::models::{
    ACTIVE_DIRECTORY_APP_NAME, AppId, Application, ApplicationStatus, OFFICE365_APP_NAME,
    SignOnMode,
};
use serde_json::{Value, json};

use super::apps::{ORG_ID, ORG_NAME};
use super::{Store, StoreError, render};

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

impl Store {
    /// Builds the stored app from a request body.
    pub(crate) fn build_app(
        &mut self,
        id: Option<&str>,
        body: Value,
        status: ApplicationStatus,
    ) -> Result<Application, StoreError> {
        let Value::Object(mut body) = body else {
            return Err(StoreError::invalid_field(
                "label",
                "The field cannot be left blank",
            ));
        };
        let label = match body.remove("label") {
            Some(Value::String(l)) if !l.trim().is_empty() => l,
            _ => {
                return Err(StoreError::invalid_field(
                    "label",
                    "The field cannot be left blank",
                ));
            }
        };
        let given_name = body
            .remove("name")
            .and_then(|n| n.as_str().map(str::to_owned))
            .filter(|n| !n.is_empty());
        let given_mode = body
            .remove("signOnMode")
            .and_then(|m| m.as_str().map(SignOnMode::from_wire));
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
        for (key, default) in [
            (
                "orn",
                json!(format!("orn:okta:idp:{ORG_ID}:apps:{name}:{id}")),
            ),
            (
                "universalLogout",
                // `supportType` is left out: the spec allows only FULL or PARTIAL, and the Python
                // SDK's validation rejects the whole app on any other value.
                json!({"status": "DISABLED", "identityStack": "NOT_SHARED"}),
            ),
            (
                "accessibility",
                json!({"selfService": false, "errorRedirectUrl": null, "loginRedirectUrl": null}),
            ),
            (
                "visibility",
                json!({"autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}, "appLinks": {name.clone(): true}}),
            ),
        ] {
            body.entry(key.to_owned()).or_insert(default);
        }
        let features = body
            .remove("features")
            .and_then(|f| serde_json::from_value(f).ok())
            .unwrap_or_default();
        let settings = body
            .remove("settings")
            .filter(|s| !s.is_null())
            .unwrap_or_else(|| json!({"app": {}}));
        let credentials = body.remove("credentials").filter(|c| !c.is_null()).unwrap_or_else(
            || json!({"userNameTemplate": {"template": "${source.login}", "type": "BUILT_IN"}, "signing": {}}),
        );
        for key in [
            "id",
            "status",
            "created",
            "lastUpdated",
            "_links",
            "_embedded",
        ] {
            body.remove(key);
        }
        Ok(Application {
            id: AppId::new(id),
            name,
            label,
            status,
            created: now,
            last_updated: now,
            sign_on_mode: mode,
            features: Some(features),
            settings: Some(settings),
            credentials: Some(credentials),
            links: None,
            embedded: None,
            extra: body,
        })
    }
}
