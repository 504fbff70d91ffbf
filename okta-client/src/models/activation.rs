//! The answer to activating or reactivating a user.

use serde::{Deserialize, Serialize};

use super::SecretValue;

/// An activation link and token (`POST …/lifecycle/activate` with `sendEmail=false`).
/// The token is a credential: `Debug` hides it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct UserActivationToken {
    /// The activation URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activation_url: Option<SecretValue>,
    /// The activation token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activation_token: Option<SecretValue>,
}
