//! The body of `POST /api/v1/apps`: an application to create, with builders for the common
//! custom sign-on modes in the shapes Okta's own request examples use.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::models::SignOnMode;

/// The kind of OpenID Connect client (`settings.oauthClient.application_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum OidcApplicationType {
    /// A server-side web app: authorization code flow with a client secret.
    Web,
    /// A mobile or desktop app: authorization code flow with PKCE, no secret.
    Native,
    /// A single-page app: authorization code flow with PKCE, no secret.
    Browser,
    /// A machine-to-machine service: client credentials flow, no redirect URIs.
    Service,
}

impl OidcApplicationType {
    fn as_str(self) -> &'static str {
        match self {
            Self::Web => "web",
            Self::Native => "native",
            Self::Browser => "browser",
            Self::Service => "service",
        }
    }
}

/// An application to create. Fields are public for anything the builders do not cover;
/// `settings` and `credentials` are mode-specific JSON objects, `extra` holds other top-level
/// keys (`visibility`, `accessibility`, `profile`, …).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct NewApplication {
    /// The integration name: `bookmark`, `template_basic_auth`, `oidc_client`, an OIN app key;
    /// `None` for custom SWA and SAML apps, whose name Okta generates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The label users and admins see.
    pub label: String,
    /// The sign-on mode.
    pub sign_on_mode: SignOnMode,
    /// Mode-specific settings (`settings.app`, `settings.signOn`, `settings.oauthClient`).
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub settings: Map<String, Value>,
    /// Mode-specific credential settings (`credentials.oauthClient`, `credentials.scheme`).
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub credentials: Map<String, Value>,
    /// Any other top-level key.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A JSON object from a `json!` literal that is always an object.
fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

impl NewApplication {
    /// An application with no settings yet.
    pub fn custom(
        name: Option<String>,
        label: impl Into<String>,
        sign_on_mode: SignOnMode,
    ) -> Self {
        Self {
            name,
            label: label.into(),
            sign_on_mode,
            settings: Map::new(),
            credentials: Map::new(),
            extra: Map::new(),
        }
    }

    /// A bookmark app: a dashboard link to `url` (`name: "bookmark"`, `settings.app.url`).
    pub fn bookmark(label: impl Into<String>, url: impl Into<String>) -> Self {
        let mut app = Self::custom(Some("bookmark".into()), label, SignOnMode::Bookmark);
        app.settings = object(json!({"app": {"url": url.into()}}));
        app
    }

    /// An HTTP basic-auth app (`name: "template_basic_auth"`): `url` is the sign-in page,
    /// `auth_url` the URL that takes the basic credentials.
    pub fn basic_auth(
        label: impl Into<String>,
        url: impl Into<String>,
        auth_url: impl Into<String>,
    ) -> Self {
        let mut app = Self::custom(
            Some("template_basic_auth".into()),
            label,
            SignOnMode::BasicAuth,
        );
        app.settings = object(json!({"app": {"url": url.into(), "authURL": auth_url.into()}}));
        app
    }

    /// A custom Secure Web Authentication app (`AUTO_LOGIN`) signing in at `login_url`.
    /// Add `settings.signOn.redirectUrl` with [`redirect_url`](Self::redirect_url).
    pub fn auto_login(label: impl Into<String>, login_url: impl Into<String>) -> Self {
        let mut app = Self::custom(None, label, SignOnMode::AutoLogin);
        app.settings = object(json!({"signOn": {"loginUrl": login_url.into()}}));
        app
    }

    /// The secondary redirect URL of an `AUTO_LOGIN` app (`settings.signOn.redirectUrl`).
    pub fn redirect_url(self, url: impl Into<String>) -> Self {
        self.setting("signOn", "redirectUrl", url.into())
    }

    /// A custom SAML 2.0 app asserting to `sso_acs_url` for `audience` (the SP entity id), with
    /// Okta's usual defaults: recipient and destination equal to the ACS URL, signed response
    /// and assertion with RSA-SHA256, the Okta user name as unspecified-format NameID.
    pub fn saml_2_0(
        label: impl Into<String>,
        sso_acs_url: impl Into<String>,
        audience: impl Into<String>,
    ) -> Self {
        let acs = sso_acs_url.into();
        let mut app = Self::custom(None, label, SignOnMode::Saml20);
        app.settings = object(json!({"signOn": {
            "defaultRelayState": "",
            "ssoAcsUrl": acs,
            "idpIssuer": "http://www.okta.com/${org.externalKey}",
            "audience": audience.into(),
            "recipient": acs,
            "destination": acs,
            "subjectNameIdTemplate": "${user.userName}",
            "subjectNameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
            "responseSigned": true,
            "assertionSigned": true,
            "signatureAlgorithm": "RSA_SHA256",
            "digestAlgorithm": "SHA256",
            "honorForceAuthn": true,
            "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
        }}));
        app
    }

    /// An OpenID Connect client (`name: "oidc_client"`). The grant and response types and the
    /// token endpoint authentication follow the kind of client; change them with
    /// [`setting`](Self::setting) and [`credential`](Self::credential) (section `oauthClient`).
    pub fn oidc<I, S>(
        label: impl Into<String>,
        application_type: OidcApplicationType,
        redirect_uris: I,
    ) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        use OidcApplicationType::{Browser, Native, Service, Web};
        let (grants, responses, auth) = match application_type {
            Web => (
                json!(["authorization_code"]),
                json!(["code"]),
                "client_secret_basic",
            ),
            Native | Browser => (json!(["authorization_code"]), json!(["code"]), "none"),
            Service => (
                json!(["client_credentials"]),
                json!(["token"]),
                "client_secret_basic",
            ),
        };
        let uris: Vec<String> = redirect_uris.into_iter().map(Into::into).collect();
        let mut app = Self::custom(Some("oidc_client".into()), label, SignOnMode::OpenidConnect);
        app.settings = object(json!({"oauthClient": {
            "redirect_uris": uris,
            "response_types": responses,
            "grant_types": grants,
            "application_type": application_type.as_str()
        }}));
        app.credentials = object(json!({"oauthClient": {"token_endpoint_auth_method": auth}}));
        app
    }

    /// Sets `settings.<section>.<key>`, creating the section when needed.
    pub fn setting(mut self, section: &str, key: &str, value: impl Into<Value>) -> Self {
        set_in(&mut self.settings, section, key, value.into());
        self
    }

    /// Sets `credentials.<section>.<key>`, creating the section when needed.
    pub fn credential(mut self, section: &str, key: &str, value: impl Into<Value>) -> Self {
        set_in(&mut self.credentials, section, key, value.into());
        self
    }

    /// Sets any other top-level key (`visibility`, `accessibility`, `profile`, …).
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(key.into(), value.into());
        self
    }
}

fn set_in(map: &mut Map<String, Value>, section: &str, key: &str, value: Value) {
    let slot = map
        .entry(section.to_owned())
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    if let Value::Object(inner) = slot {
        inner.insert(key.to_owned(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bookmark_app_has_the_bookmark_name_mode_and_url() {
        let app =
            NewApplication::bookmark("Sample Bookmark App", "https://example.com/bookmark.html");
        assert_eq!(
            serde_json::to_value(&app).unwrap(),
            json!({"name": "bookmark", "label": "Sample Bookmark App", "signOnMode": "BOOKMARK",
                   "settings": {"app": {"url": "https://example.com/bookmark.html"}}})
        );
    }

    #[test]
    fn a_basic_auth_app_carries_both_urls() {
        let app = NewApplication::basic_auth("B", "https://e.com/login", "https://e.com/auth");
        assert_eq!(
            serde_json::to_value(&app).unwrap(),
            json!({"name": "template_basic_auth", "label": "B", "signOnMode": "BASIC_AUTH",
                   "settings": {"app": {"url": "https://e.com/login", "authURL": "https://e.com/auth"}}})
        );
    }

    #[test]
    fn an_auto_login_app_has_no_name_and_sign_on_urls() {
        let app = NewApplication::auto_login("SWA", "http://login").redirect_url("http://redirect");
        assert_eq!(
            serde_json::to_value(&app).unwrap(),
            json!({"label": "SWA", "signOnMode": "AUTO_LOGIN",
                   "settings": {"signOn": {"loginUrl": "http://login", "redirectUrl": "http://redirect"}}})
        );
    }

    #[test]
    fn a_saml_app_sends_acs_url_as_recipient_and_destination() {
        let v = serde_json::to_value(NewApplication::saml_2_0("S", "https://sp/acs", "urn:sp"))
            .unwrap();
        assert_eq!(v["signOnMode"], "SAML_2_0");
        assert!(v.get("name").is_none());
        let sign_on = &v["settings"]["signOn"];
        assert_eq!(
            (sign_on["ssoAcsUrl"].as_str(), sign_on["audience"].as_str()),
            (Some("https://sp/acs"), Some("urn:sp"))
        );
        assert_eq!(sign_on["recipient"], sign_on["ssoAcsUrl"]);
        assert_eq!(sign_on["destination"], sign_on["ssoAcsUrl"]);
    }

    #[test]
    fn an_oidc_service_uses_client_credentials_and_a_secret() {
        let app = NewApplication::oidc("svc", OidcApplicationType::Service, Vec::<String>::new());
        let v = serde_json::to_value(&app).unwrap();
        assert_eq!(v["name"], "oidc_client");
        assert_eq!(v["signOnMode"], "OPENID_CONNECT");
        assert_eq!(
            v["settings"]["oauthClient"]["grant_types"],
            json!(["client_credentials"])
        );
        assert_eq!(v["settings"]["oauthClient"]["application_type"], "service");
        assert_eq!(
            v["credentials"]["oauthClient"]["token_endpoint_auth_method"],
            "client_secret_basic"
        );
    }

    #[test]
    fn settings_credentials_and_extra_keys_can_be_added() {
        let app = NewApplication::oidc("spa", OidcApplicationType::Browser, ["https://a/cb"])
            .setting(
                "oauthClient",
                "post_logout_redirect_uris",
                json!(["https://a/"]),
            )
            .credential("oauthClient", "pkce_required", true)
            .with("visibility", json!({"autoSubmitToolbar": false}));
        let v = serde_json::to_value(&app).unwrap();
        assert_eq!(
            v["settings"]["oauthClient"]["redirect_uris"],
            json!(["https://a/cb"])
        );
        assert_eq!(
            v["settings"]["oauthClient"]["post_logout_redirect_uris"],
            json!(["https://a/"])
        );
        assert_eq!(
            v["credentials"]["oauthClient"],
            json!({"token_endpoint_auth_method": "none", "pkce_required": true})
        );
        assert_eq!(v["visibility"], json!({"autoSubmitToolbar": false}));
    }
}
