//! The builder for `POST /api/v1/users`.

use reqwest::Method;
use serde::Serialize;

use crate::Client;
use crate::error::Error;
use crate::models::{
    AuthProvider, AuthProviderType, GroupId, PasswordCredential, RecoveryQuestion, SecretValue,
    User, UserCredentials, UserProfile, UserTypeRef,
};

/// What the user must do at the next sign-in (`nextLogin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum NextLogin {
    /// `changePassword`: the password is created expired. Okta requires `activate=true` with it.
    #[serde(rename = "changePassword")]
    ChangePassword,
}

/// The body of a create request: `{profile, credentials?, groupIds?, type?}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NewUserBody {
    pub(crate) profile: UserProfile,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) credentials: Option<UserCredentials>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) group_ids: Vec<GroupId>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub(crate) user_type: Option<UserTypeRef>,
}

/// Creates a user. Built by [`UsersApi::create`](super::UsersApi::create); its serialized fields
/// are the query string (`activate`, `provider`, `nextLogin`), the profile and credentials go in
/// the body. `Debug` never shows a password or recovery answer.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use = "a user is created only when the request is sent"]
pub struct CreateUser {
    #[serde(skip)]
    client: Client,
    activate: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_login: Option<NextLogin>,
    #[serde(skip)]
    pub(crate) body: NewUserBody,
}

impl CreateUser {
    pub(crate) fn new(client: Client, profile: UserProfile) -> Self {
        let body = NewUserBody {
            profile,
            credentials: None,
            group_ids: Vec::new(),
            user_type: None,
        };
        Self {
            client,
            activate: true,
            provider: None,
            next_login: None,
            body,
        }
    }

    fn credentials(&mut self) -> &mut UserCredentials {
        self.body
            .credentials
            .get_or_insert_with(UserCredentials::default)
    }

    /// Whether to activate the user on creation (`activate`, default `true`). `false` creates a
    /// `STAGED` user.
    pub fn activate(mut self, activate: bool) -> Self {
        self.activate = activate;
        self
    }

    /// Sets the initial password (`credentials.password.value`).
    pub fn password(mut self, password: impl Into<SecretValue>) -> Self {
        let value = Some(password.into());
        self.credentials().password = Some(PasswordCredential {
            value,
            ..Default::default()
        });
        self
    }

    /// Sets the recovery question and its answer (`credentials.recovery_question`).
    pub fn recovery_question(
        mut self,
        question: impl Into<String>,
        answer: impl Into<SecretValue>,
    ) -> Self {
        self.credentials().recovery_question = Some(RecoveryQuestion {
            question: Some(question.into()),
            answer: Some(answer.into()),
        });
        self
    }

    /// Creates the user with an authentication provider (`credentials.provider` and the
    /// `provider=true` query flag), e.g. a federated user that has no Okta password.
    pub fn provider(mut self, provider_type: AuthProviderType, name: impl Into<String>) -> Self {
        self.credentials().provider = Some(AuthProvider {
            provider_type,
            name: Some(name.into()),
        });
        self.provider = Some(true);
        self
    }

    /// Replaces all credentials at once, for shapes the other setters do not cover (an imported
    /// password hash, a password import hook).
    pub fn with_credentials(mut self, credentials: UserCredentials) -> Self {
        self.body.credentials = Some(credentials);
        self
    }

    /// Requires a password change at the first sign-in (`nextLogin=changePassword`).
    pub fn next_login(mut self, next_login: NextLogin) -> Self {
        self.next_login = Some(next_login);
        self
    }

    /// Adds the user to these groups on creation (`groupIds`).
    pub fn groups<I, G>(mut self, group_ids: I) -> Self
    where
        I: IntoIterator<Item = G>,
        G: Into<GroupId>,
    {
        self.body
            .group_ids
            .extend(group_ids.into_iter().map(Into::into));
        self
    }

    /// Gives the user a non-default Okta user type (`type.id`, `oty…`).
    pub fn user_type(mut self, type_id: impl Into<String>) -> Self {
        self.body.user_type = Some(UserTypeRef {
            id: Some(type_id.into()),
            ..Default::default()
        });
        self
    }

    /// Sends the request. Okta answers 200 (not 201) with the new user. Never retried
    /// automatically, so a lost answer cannot create the user twice.
    ///
    /// # Errors
    /// Validation (`E0000001`, e.g. a login already taken), access denied, or any transport or
    /// decoding error.
    pub async fn send(self) -> Result<User, Error> {
        let url = self.client.api_url(&["users"]);
        let request = self
            .client
            .request(Method::POST, url)
            .query(&self)
            .json(&self.body);
        request.idempotent(false).send::<User>().await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::test_support::offline_client;

    fn isaac() -> UserProfile {
        UserProfile::new(
            "isaac.brock@example.com",
            "isaac.brock@example.com",
            "Isaac",
            "Brock",
        )
    }

    fn query(c: &CreateUser) -> String {
        serde_urlencoded::to_string(c).unwrap()
    }

    #[test]
    fn a_plain_create_activates_and_sends_only_the_profile() {
        let c = offline_client().users().create(isaac());
        assert_eq!(query(&c), "activate=true");
        assert_eq!(
            serde_json::to_value(&c.body).unwrap(),
            json!({"profile": {"login": "isaac.brock@example.com", "email": "isaac.brock@example.com",
                               "firstName": "Isaac", "lastName": "Brock"}})
        );
    }

    #[test]
    fn a_staged_user_with_password_and_recovery_question_matches_the_spec_shape() {
        let c = offline_client()
            .users()
            .create(isaac())
            .activate(false)
            .password("tlpWENT2m")
            .recovery_question("Who is a major player in the cowboy scene?", "Annie Oakley");
        assert_eq!(query(&c), "activate=false");
        assert_eq!(
            serde_json::to_value(&c.body).unwrap()["credentials"],
            json!({"password": {"value": "tlpWENT2m"},
                   "recovery_question": {"question": "Who is a major player in the cowboy scene?",
                                         "answer": "Annie Oakley"}})
        );
    }

    #[test]
    fn a_provider_user_sets_the_provider_flag_and_credentials() {
        let c = offline_client()
            .users()
            .create(isaac())
            .provider(AuthProviderType::Federation, "FEDERATION");
        assert_eq!(query(&c), "activate=true&provider=true");
        assert_eq!(
            serde_json::to_value(&c.body).unwrap()["credentials"],
            json!({"provider": {"type": "FEDERATION", "name": "FEDERATION"}})
        );
    }

    #[test]
    fn groups_type_and_next_login_go_where_okta_expects_them() {
        let c = offline_client()
            .users()
            .create(isaac())
            .password("x")
            .next_login(NextLogin::ChangePassword)
            .groups(["00g1emaKYZTWRYYRRTSK", "00garwpuyxHaWOkdV0g4"])
            .user_type("otyfnjfba4ye7pgjB0g4");
        assert_eq!(query(&c), "activate=true&nextLogin=changePassword");
        let body = serde_json::to_value(&c.body).unwrap();
        assert_eq!(
            body["groupIds"],
            json!(["00g1emaKYZTWRYYRRTSK", "00garwpuyxHaWOkdV0g4"])
        );
        assert_eq!(body["type"], json!({"id": "otyfnjfba4ye7pgjB0g4"}));
    }

    #[test]
    fn debug_output_of_a_create_request_hides_the_password() {
        let c = offline_client()
            .users()
            .create(isaac())
            .password("hunter2-secret");
        assert!(!format!("{c:?}").contains("hunter2-secret"));
    }
}
