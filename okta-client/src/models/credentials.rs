//! User credentials: password, recovery question, authentication provider.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::SecretValue;
use super::extra::deserialize_keeping_extra;
use super::okta_enum::okta_enum;

/// A user's credentials. On responses Okta shows only which kinds exist (`password: {}`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct UserCredentials {
    /// The password, or `{}` on responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<PasswordCredential>,
    /// The recovery question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_question: Option<RecoveryQuestion>,
    /// The authentication provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<AuthProvider>,
    /// Any other key Okta sends (`emails`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_extra! {
    UserCredentials, "user credentials",
    required {},
    optional {
        password = "password",
        recovery_question = "recovery_question",
        provider = "provider",
    },
}

/// A password. `value` is only ever sent, never returned.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PasswordCredential {
    /// The clear-text password (requests only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<SecretValue>,
    /// Any other key (`hash`, `hook`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_extra! {
    PasswordCredential, "a password credential",
    required {},
    optional { value = "value" },
}

/// A recovery question and its answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RecoveryQuestion {
    /// The question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The answer (requests only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<SecretValue>,
}

okta_enum! {
    /// Kind of authentication provider.
    pub enum AuthProviderType {
        /// Okta itself.
        Okta = "OKTA",
        /// Active Directory.
        ActiveDirectory = "ACTIVE_DIRECTORY",
        /// LDAP.
        Ldap = "LDAP",
        /// A federated identity provider.
        Federation = "FEDERATION",
        /// A social identity provider.
        Social = "SOCIAL",
        /// An import.
        Import = "IMPORT",
    }
}

/// The authentication provider of a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthProvider {
    /// Provider kind.
    #[serde(rename = "type")]
    pub provider_type: AuthProviderType,
    /// Provider name (`OKTA`, an AD domain, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}
