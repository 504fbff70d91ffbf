//! `client.app_users(app_id)`: the users assigned to one application, with their app profiles.

use crate::api::found;
use reqwest::Method;
use serde::Serialize;
use serde_json::{Map, Value};
use url::Url;

use crate::Client;
use crate::api::list::{ListRequest, list_methods};
use crate::error::Error;
use crate::models::{
    AppId, AppUser, AppUserCredentials, AppUserPassword, AppUserScope, SecretValue, UserId,
};

impl Client {
    /// The handler for one application's users:
    /// `client.app_users(&app.id).list().expand_user().items()`.
    pub fn app_users(&self, app: impl Into<AppId>) -> AppUsersApi {
        AppUsersApi {
            client: self.clone(),
            app: app.into(),
        }
    }
}

/// Operations on `/api/v1/apps/{appId}/users`. Obtained with [`Client::app_users`].
#[derive(Clone)]
pub struct AppUsersApi {
    client: Client,
    app: AppId,
}

impl std::fmt::Debug for AppUsersApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppUsersApi")
            .field("app", &self.app)
            .finish()
    }
}

/// An assignment of a user to an app (`POST /api/v1/apps/{appId}/users`): `{id, scope,
/// credentials?, profile?}`. `Debug` never shows the password.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[must_use]
pub struct AppUserAssignment {
    /// The Okta user to assign.
    pub id: UserId,
    /// `USER` for a direct assignment.
    pub scope: AppUserScope,
    /// The user's name and password in the app, for apps that take them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<AppUserCredentials>,
    /// App-specific profile attributes, for provisioning apps.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub profile: Map<String, Value>,
}

impl AppUserAssignment {
    /// A direct (`scope: USER`) assignment with nothing else: enough for single sign-on.
    pub fn new(user: impl Into<UserId>) -> Self {
        Self {
            id: user.into(),
            scope: AppUserScope::User,
            credentials: None,
            profile: Map::new(),
        }
    }

    /// The user's name in the app (`credentials.userName`).
    pub fn user_name(mut self, user_name: impl Into<String>) -> Self {
        self.credentials
            .get_or_insert_with(Default::default)
            .user_name = Some(user_name.into());
        self
    }

    /// The user's password in the app (`credentials.password.value`).
    pub fn password(mut self, password: impl Into<SecretValue>) -> Self {
        let password = AppUserPassword {
            value: Some(password.into()),
        };
        self.credentials
            .get_or_insert_with(Default::default)
            .password = Some(password);
        self
    }

    /// Sets one app profile attribute.
    pub fn attribute(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.profile.insert(name.into(), value.into());
        self
    }
}

/// Options of [`AppUsersApi::unassign`].
///
/// ```
/// use okta_client::api::UnassignAppUser;
///
/// let notify_admin = UnassignAppUser::new().send_email(true);
/// # let _ = notify_admin;
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[must_use]
pub struct UnassignAppUser {
    send_email: bool,
}

impl UnassignAppUser {
    /// No email (the spec's default for `sendEmail` on `unassignUserFromApplication` is
    /// `false`).
    pub fn new() -> Self {
        Self::default()
    }

    /// `true`: Okta mails the admin about the deactivation the unassignment causes.
    pub fn send_email(mut self, send: bool) -> Self {
        self.send_email = send;
        self
    }
}

/// `{"profile": …}` or `{"credentials": …}`, the body of an app user update.
#[derive(Serialize)]
struct AppUserUpdate<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<&'a Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credentials: Option<&'a AppUserCredentials>,
}

impl AppUsersApi {
    fn user_url(&self, user: &UserId) -> Url {
        self.client
            .api_url(&["apps", self.app.as_str(), "users", user.as_str()])
    }

    /// Lists the app's users (`GET /api/v1/apps/{appId}/users`).
    pub fn list(&self) -> ListAppUsers {
        ListAppUsers::new(self.client.clone(), &self.app)
    }

    /// Fetches one user's assignment (`GET /api/v1/apps/{appId}/users/{userId}`).
    ///
    /// # Errors
    /// [`Error::is_not_found`] (`E0000007`) when the user is not assigned to the app or either
    /// does not exist; any other API, transport or decoding error as is.
    pub async fn get(&self, user: impl Into<UserId>) -> Result<AppUser, Error> {
        let url = self.user_url(&user.into());
        self.client
            .request(Method::GET, url)
            .send::<AppUser>()
            .await
    }

    /// Like [`get`](Self::get), but an unassigned user is `Ok(None)`.
    ///
    /// # Errors
    /// Every error of [`get`](Self::get) except not-found.
    pub async fn get_opt(&self, user: impl Into<UserId>) -> Result<Option<AppUser>, Error> {
        found(self.get(user).await)
    }

    /// Assigns a user for single sign-on only: `{id, scope: "USER"}`.
    ///
    /// # Errors
    /// Not found (app or user), validation, access denied, or any transport or decoding error.
    pub async fn assign(&self, user: impl Into<UserId>) -> Result<AppUser, Error> {
        self.assign_with(&AppUserAssignment::new(user)).await
    }

    /// Assigns a user with credentials and/or a provisioning profile. Assigning an already
    /// assigned user updates it, so this may be retried.
    ///
    /// # Errors
    /// Not found (app or user), validation (e.g. credentials an app's scheme does not take),
    /// access denied, or any transport or decoding error.
    pub async fn assign_with(&self, assignment: &AppUserAssignment) -> Result<AppUser, Error> {
        let url = self.client.api_url(&["apps", self.app.as_str(), "users"]);
        let request = self
            .client
            .request(Method::POST, url)
            .json(assignment)
            .idempotent(true);
        request.send::<AppUser>().await
    }

    /// Updates app profile attributes (`POST …/users/{userId}` with `{profile}`); attributes left
    /// out keep their values, attributes set to `null` are cleared.
    ///
    /// # Errors
    /// Not assigned / not found, validation, or any transport or decoding error.
    pub async fn update_profile(
        &self,
        user: impl Into<UserId>,
        profile: &Map<String, Value>,
    ) -> Result<AppUser, Error> {
        let body = AppUserUpdate {
            profile: Some(profile),
            credentials: None,
        };
        self.update(user.into(), &body).await
    }

    /// Updates the user's name and/or password in the app (`POST …/users/{userId}` with
    /// `{credentials}`).
    ///
    /// # Errors
    /// Not assigned / not found, credentials the app's scheme does not take (400), or any
    /// transport or decoding error.
    pub async fn update_credentials(
        &self,
        user: impl Into<UserId>,
        credentials: &AppUserCredentials,
    ) -> Result<AppUser, Error> {
        let body = AppUserUpdate {
            profile: None,
            credentials: Some(credentials),
        };
        self.update(user.into(), &body).await
    }

    async fn update(&self, user: UserId, body: &AppUserUpdate<'_>) -> Result<AppUser, Error> {
        let request = self
            .client
            .request(Method::POST, self.user_url(&user))
            .json(body);
        request.idempotent(true).send::<AppUser>().await
    }

    /// Unassigns a user (`DELETE …/users/{userId}`, 204); [`UnassignAppUser::send_email`]
    /// mails the admin.
    ///
    /// # Errors
    /// Not assigned / not found, an assignment that comes from a group (403), or transport
    /// errors.
    pub async fn unassign(
        &self,
        user: impl Into<UserId>,
        options: UnassignAppUser,
    ) -> Result<(), Error> {
        let url = self.user_url(&user.into());
        let request = self
            .client
            .request(Method::DELETE, url)
            .query(&[("sendEmail", options.send_email)]);
        request.send_no_content().await.map(drop)
    }
}

/// Lists an application's users. Built by [`AppUsersApi::list`]; the serialized fields are the
/// query string.
#[must_use = "a list does nothing until it is streamed or sent"]
#[derive(Debug, Clone, Serialize)]
pub struct ListAppUsers {
    #[serde(flatten)]
    list: ListRequest,
}

impl ListAppUsers {
    fn new(client: Client, app: &AppId) -> Self {
        Self {
            list: ListRequest::new(&client, &["apps", app.as_str(), "users"]),
        }
    }

    /// `q`: user name, first name, last name or email starts with this.
    pub fn q(mut self, q: impl Into<String>) -> Self {
        self.list.q = Some(q.into());
        self
    }

    /// `expand=user`: embed the Okta user in each app user (`_embedded.user`).
    pub fn expand_user(mut self) -> Self {
        self.list.expand = Some("user".into());
        self
    }
}

list_methods!(
    ListAppUsers,
    AppUser,
    page_size = "Okta's default is 50, maximum 500"
);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::test_support::offline_client;

    #[test]
    fn an_app_user_list_sends_q_expand_limit_and_cursor() {
        let list = offline_client()
            .app_users("0oa1")
            .list()
            .q("rae")
            .expand_user()
            .limit(500)
            .after("c1");
        assert_eq!(list.list.url.path(), "/api/v1/apps/0oa1/users");
        assert_eq!(
            serde_urlencoded::to_string(&list).unwrap(),
            "q=rae&limit=500&after=c1&expand=user"
        );
    }

    #[test]
    fn an_sso_assignment_is_only_id_and_scope() {
        let a = AppUserAssignment::new("00u1");
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            json!({"id": "00u1", "scope": "USER"})
        );
    }

    #[test]
    fn a_provisioning_assignment_matches_the_spec_shape_and_hides_the_password() {
        let a = AppUserAssignment::new("00u15s1KDETTQMQYABRL")
            .user_name("saml.jackson@example.com")
            .password("s3cret-value")
            .attribute("salesforceGroups", json!(["Employee"]))
            .attribute("role", "Developer");
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            json!({"id": "00u15s1KDETTQMQYABRL", "scope": "USER",
                   "credentials": {"userName": "saml.jackson@example.com", "password": {"value": "s3cret-value"}},
                   "profile": {"salesforceGroups": ["Employee"], "role": "Developer"}})
        );
        assert!(!format!("{a:?}").contains("s3cret-value"));
    }

    #[test]
    fn updates_send_either_the_profile_or_the_credentials() {
        let profile = Map::from_iter([("middle_name".to_owned(), json!("Mae"))]);
        let body = AppUserUpdate {
            profile: Some(&profile),
            credentials: None,
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"profile": {"middle_name": "Mae"}})
        );
        let creds = AppUserCredentials {
            user_name: Some("rae@example.com".into()),
            password: None,
        };
        let body = AppUserUpdate {
            profile: None,
            credentials: Some(&creds),
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"credentials": {"userName": "rae@example.com"}})
        );
    }
}
