//! Okta application instances.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::okta_enum::okta_enum;
use super::{AppId, Timestamp};

okta_enum! {
    /// An application's status.
    pub enum ApplicationStatus {
        /// Active.
        Active = "ACTIVE",
        /// Deactivated.
        Inactive = "INACTIVE",
        /// Deleted (seen transiently).
        Deleted = "DELETED",
    }
}

okta_enum! {
    /// How users sign in to an application. Active Directory apps have none (`null`).
    pub enum SignOnMode {
        /// A link to a URL.
        Bookmark = "BOOKMARK",
        /// HTTP basic authentication.
        BasicAuth = "BASIC_AUTH",
        /// Browser plugin.
        BrowserPlugin = "BROWSER_PLUGIN",
        /// Secure Web Authentication.
        AutoLogin = "AUTO_LOGIN",
        /// SAML 1.1.
        Saml11 = "SAML_1_1",
        /// SAML 2.0.
        Saml20 = "SAML_2_0",
        /// OpenID Connect.
        OpenidConnect = "OPENID_CONNECT",
        /// WS-Federation.
        WsFederation = "WS_FEDERATION",
        /// Secure password store.
        SecurePasswordStore = "SECURE_PASSWORD_STORE",
    }
}

/// The name Okta gives every Active Directory app instance.
pub const ACTIVE_DIRECTORY_APP_NAME: &str = "active_directory";

/// The name of the Office 365 app.
pub const OFFICE365_APP_NAME: &str = "office365";

/// An application instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    /// The app id.
    pub id: AppId,
    /// The app's integration name (`active_directory`, `office365`, `bookmark`, …).
    #[serde(default)]
    pub name: String,
    /// The label an admin sees; for AD apps, the domain.
    #[serde(default)]
    pub label: String,
    /// Status.
    pub status: ApplicationStatus,
    /// When the app was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// Last change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Timestamp>,
    /// Sign-on mode; `null` for Active Directory apps, which is why it is an `Option`.
    #[serde(default)]
    pub sign_on_mode: Option<SignOnMode>,
    /// Features (`IMPORT_PROFILE_UPDATES`, `PUSH_NEW_USERS`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<String>>,
    /// Mode-specific settings, kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Value>,
    /// Mode-specific credentials settings, kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<Value>,
    /// HAL links.
    #[serde(default, rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Map<String, Value>>,
    /// HAL embedded resources.
    #[serde(default, rename = "_embedded", skip_serializing_if = "Option::is_none")]
    pub embedded: Option<Map<String, Value>>,
    /// Any other key (`accessibility`, `visibility`, `orn`, …), kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Application {
    /// True for an Active Directory instance.
    pub fn is_active_directory(&self) -> bool {
        self.name == ACTIVE_DIRECTORY_APP_NAME
    }
}
