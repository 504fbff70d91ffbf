//! Request bodies that change an existing user: a partial update and a full replacement.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::models::{
    PasswordCredential, Patch, RecoveryQuestion, SecretValue, User, UserCredentials, UserProfile,
};

/// A partial update (`POST /api/v1/users/{id}`): only what is set here is sent, so Okta keeps
/// every other attribute. Each profile attribute is either set to a value, or cleared (sent as
/// `null`); an attribute never mentioned is not sent at all.
///
/// ```
/// use okta_client::api::UserUpdate;
/// let update = UserUpdate::new().set("title", "CTO").clear("mobilePhone");
/// assert_eq!(
///     serde_json::to_string(&update).unwrap(),
///     r#"{"profile":{"mobilePhone":null,"title":"CTO"}}"#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[must_use]
pub struct UserUpdate {
    // Never holds `Patch::Absent`: `patch` removes the key instead, so every entry is sent.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    profile: BTreeMap<String, Patch<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credentials: Option<UserCredentials>,
}

impl UserUpdate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a profile attribute (standard or custom) by its wire name.
    pub fn set(self, attribute: impl Into<String>, value: impl Into<Value>) -> Self {
        self.patch(attribute, Patch::Value(value.into()))
    }

    /// Clears a profile attribute: it is sent as `null`.
    pub fn clear(self, attribute: impl Into<String>) -> Self {
        self.patch(attribute, Patch::Null)
    }

    /// Sets, clears, or (with [`Patch::Absent`]) forgets a profile attribute.
    pub fn patch(mut self, attribute: impl Into<String>, patch: Patch<Value>) -> Self {
        let attribute = attribute.into();
        match patch {
            Patch::Absent => {
                self.profile.remove(&attribute);
            }
            other => {
                self.profile.insert(attribute, other);
            }
        }
        self
    }

    /// The update that turns profile `from` into profile `to`: changed or new attributes are
    /// set, attributes `to` lacks (or holds as `null`) are cleared, equal ones are not sent.
    pub fn diff(from: &UserProfile, to: &UserProfile) -> Self {
        let (old, new) = (from.to_map(), to.to_map());
        let mut update = Self::new();
        // A missing attribute and a `null` one mean the same to Okta.
        for (k, v) in &new {
            if old.get(k).unwrap_or(&Value::Null) != v {
                update = update.patch(
                    k.clone(),
                    Patch::from(Some(v.clone()).filter(|v| !v.is_null())),
                );
            }
        }
        for (k, v) in &old {
            if !new.contains_key(k) && !v.is_null() {
                update = update.clear(k.clone());
            }
        }
        update
    }

    /// Sets a new password without knowing the old one (`credentials.password.value`).
    pub fn password(mut self, password: impl Into<SecretValue>) -> Self {
        let value = Some(password.into());
        let credentials = self
            .credentials
            .get_or_insert_with(UserCredentials::default);
        credentials.password = Some(PasswordCredential {
            value,
            ..Default::default()
        });
        self
    }

    /// Sets the recovery question and answer.
    pub fn recovery_question(
        mut self,
        question: impl Into<String>,
        answer: impl Into<SecretValue>,
    ) -> Self {
        let credentials = self
            .credentials
            .get_or_insert_with(UserCredentials::default);
        credentials.recovery_question = Some(RecoveryQuestion {
            question: Some(question.into()),
            answer: Some(answer.into()),
        });
        self
    }

    /// True when the update would send `{}`.
    pub fn is_empty(&self) -> bool {
        self.profile.is_empty() && self.credentials.is_none()
    }

    /// What the update does to one attribute.
    pub fn get(&self, attribute: &str) -> &Patch<Value> {
        static ABSENT: Patch<Value> = Patch::Absent;
        self.profile.get(attribute).unwrap_or(&ABSENT)
    }
}

/// The whole new state of a user for `PUT /api/v1/users/{id}`. Okta deletes every profile
/// attribute this does not carry, so build it from the current profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[must_use]
pub struct UserReplacement {
    /// The complete profile (required attributes included).
    pub profile: UserProfile,
    /// Credentials to set, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<UserCredentials>,
}

impl UserReplacement {
    /// A replacement carrying this profile and no credentials.
    pub fn new(profile: UserProfile) -> Self {
        Self {
            profile,
            credentials: None,
        }
    }

    /// Adds credentials to set along with the profile.
    pub fn credentials(mut self, credentials: UserCredentials) -> Self {
        self.credentials = Some(credentials);
        self
    }
}

impl From<UserProfile> for UserReplacement {
    fn from(profile: UserProfile) -> Self {
        Self::new(profile)
    }
}

impl From<&User> for UserReplacement {
    /// The user's current profile; credentials are left out, since Okta never returns secrets
    /// and sending its `password: {}` back would mean nothing.
    fn from(user: &User) -> Self {
        Self::new(user.profile.clone())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn clearing_mobile_phone_sends_only_a_null_mobile_phone() {
        let update = UserUpdate::new().clear("mobilePhone");
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"profile": {"mobilePhone": null}})
        );
    }

    #[test]
    fn an_empty_update_sends_an_empty_object() {
        let update = UserUpdate::new();
        assert!(update.is_empty());
        assert_eq!(serde_json::to_string(&update).unwrap(), "{}");
    }

    #[test]
    fn forgetting_an_attribute_removes_it_from_the_body() {
        let update = UserUpdate::new()
            .set("title", "CTO")
            .clear("city")
            .patch("title", Patch::Absent);
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"profile": {"city": null}})
        );
        assert_eq!(update.get("title"), &Patch::Absent);
    }

    #[test]
    fn the_spec_profile_update_example_is_reproduced() {
        let update = UserUpdate::new()
            .set("firstName", "Isaac")
            .set("email", "isaac.brock@update.example.com")
            .set("mobilePhone", "555-415-1337");
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"profile": {"firstName": "Isaac", "email": "isaac.brock@update.example.com",
                               "mobilePhone": "555-415-1337"}})
        );
    }

    #[test]
    fn a_password_update_sends_only_credentials() {
        let update = UserUpdate::new().password("uTVM,TPw55");
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"credentials": {"password": {"value": "uTVM,TPw55"}}})
        );
        assert!(!format!("{update:?}").contains("uTVM"));
    }

    #[test]
    fn a_diff_sets_changes_clears_removals_and_skips_equal_attributes() {
        let mut old = UserProfile::new("a@x.io", "a@x.io", "Ada", "Lovelace");
        old.mobile_phone = Some("555".into());
        old.set("immutableId", json!("abc"));
        let mut new = old.clone();
        new.title = Some("CTO".into());
        new.remove("mobilePhone");
        new.set("immutableId", Value::Null);
        let update = UserUpdate::diff(&old, &new);
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"profile": {"title": "CTO", "mobilePhone": null, "immutableId": null}})
        );
        assert!(UserUpdate::diff(&old, &old).is_empty());
    }

    #[test]
    fn a_replacement_carries_the_whole_profile_and_optional_credentials() {
        let profile = UserProfile::new("a@x.io", "a@x.io", "Ada", "Lovelace");
        let replacement = UserReplacement::new(profile.clone());
        assert_eq!(
            serde_json::to_value(&replacement).unwrap(),
            json!({"profile": {"login": "a@x.io", "email": "a@x.io", "firstName": "Ada", "lastName": "Lovelace"}})
        );
        let with = replacement.credentials(UserCredentials::default());
        assert_eq!(
            serde_json::to_value(&with).unwrap()["credentials"],
            json!({})
        );
    }
}
