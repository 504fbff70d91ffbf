//! `client.app_groups(app_id)`: the groups assigned to one application
//! (`/api/v1/apps/{appId}/groups`), and `client.group_apps(group_id)`: the apps a group is
//! assigned to (`/api/v1/groups/{groupId}/apps`).

use crate::api::found;
use reqwest::Method;
use serde::Serialize;
use serde_json::{Map, Value};
use url::Url;

use crate::Client;
use crate::api::list::{ListRequest, list_methods};
use crate::error::Error;
use crate::models::{AppId, Application, ApplicationGroupAssignment, GroupId};

impl Client {
    /// The handler for one application's group assignments:
    /// `client.app_groups(&app.id).assign(&group.id, &AppGroupAssignment::default())`.
    pub fn app_groups(&self, app: impl Into<AppId>) -> AppGroupsApi {
        AppGroupsApi {
            client: self.clone(),
            app: app.into(),
        }
    }

    /// The apps a group is assigned to (`GET /api/v1/groups/{groupId}/apps`).
    pub fn group_apps(&self, group: impl Into<GroupId>) -> ListGroupApps {
        let group = group.into();
        ListGroupApps {
            list: ListRequest::new(self, &["groups", group.as_str(), "apps"]),
        }
    }
}

/// Operations on `/api/v1/apps/{appId}/groups`. Obtained with [`Client::app_groups`].
#[derive(Clone)]
pub struct AppGroupsApi {
    client: Client,
    app: AppId,
}

impl std::fmt::Debug for AppGroupsApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppGroupsApi")
            .field("app", &self.app)
            .finish()
    }
}

/// The body of an assignment (`PUT /api/v1/apps/{appId}/groups/{groupId}`): `{priority?,
/// profile?}`. With no priority Okta gives the next one.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[must_use]
pub struct AppGroupAssignment {
    /// Priority among the app's groups (0 first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    /// App profile attributes for the group's members.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub profile: Map<String, Value>,
}

impl AppGroupAssignment {
    /// Sets the priority.
    pub fn priority(mut self, priority: i64) -> Self {
        self.priority = Some(priority);
        self
    }

    /// Sets one app profile attribute.
    pub fn attribute(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.profile.insert(name.into(), value.into());
        self
    }
}

impl AppGroupsApi {
    fn group_url(&self, group: &GroupId) -> Url {
        self.client
            .api_url(&["apps", self.app.as_str(), "groups", group.as_str()])
    }

    /// Lists the groups assigned to the app (`GET /api/v1/apps/{appId}/groups`).
    pub fn list(&self) -> ListAppGroups {
        ListAppGroups {
            list: ListRequest::new(&self.client, &["apps", self.app.as_str(), "groups"]),
        }
    }

    /// Fetches one group's assignment.
    ///
    /// # Errors
    /// [`Error::is_not_found`] when the group is not assigned or either does not exist; any
    /// other API, transport or decoding error as is.
    pub async fn get(
        &self,
        group: impl Into<GroupId>,
    ) -> Result<ApplicationGroupAssignment, Error> {
        let url = self.group_url(&group.into());
        self.client
            .request(Method::GET, url)
            .send::<ApplicationGroupAssignment>()
            .await
    }

    /// Like [`get`](Self::get), but an unassigned group is `Ok(None)`.
    ///
    /// # Errors
    /// Every error of [`get`](Self::get) except not-found.
    pub async fn get_opt(
        &self,
        group: impl Into<GroupId>,
    ) -> Result<Option<ApplicationGroupAssignment>, Error> {
        found(self.get(group).await)
    }

    /// Assigns a group (or updates its assignment); its members get the app. A `PUT`, so it
    /// may be retried.
    ///
    /// # Errors
    /// Not found (app or group), validation, access denied, or transport and decoding errors.
    pub async fn assign(
        &self,
        group: impl Into<GroupId>,
        assignment: &AppGroupAssignment,
    ) -> Result<ApplicationGroupAssignment, Error> {
        let url = self.group_url(&group.into());
        let request = self
            .client
            .request(Method::PUT, url)
            .json(assignment)
            .idempotent(true);
        request.send::<ApplicationGroupAssignment>().await
    }

    /// Unassigns a group (`DELETE`, 204); members keep the app only if assigned otherwise.
    ///
    /// # Errors
    /// Not assigned / not found, or transport errors.
    pub async fn unassign(&self, group: impl Into<GroupId>) -> Result<(), Error> {
        let url = self.group_url(&group.into());
        let request = self.client.request(Method::DELETE, url);
        request.send_no_content().await.map(drop)
    }
}

/// Lists an application's group assignments. Built by [`AppGroupsApi::list`].
#[must_use = "a list does nothing until it is streamed or sent"]
#[derive(Debug, Clone, Serialize)]
pub struct ListAppGroups {
    #[serde(flatten)]
    list: ListRequest,
}

list_methods!(
    ListAppGroups,
    ApplicationGroupAssignment,
    page_size = "Okta's default is 20, maximum 200"
);

/// Lists the apps a group is assigned to. Built by [`Client::group_apps`].
#[must_use = "a list does nothing until it is streamed or sent"]
#[derive(Debug, Clone, Serialize)]
pub struct ListGroupApps {
    #[serde(flatten)]
    list: ListRequest,
}

list_methods!(
    ListGroupApps,
    Application,
    page_size = "Okta's default is 20"
);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::test_support::offline_client;

    #[test]
    fn an_assignment_body_has_only_what_is_set() {
        assert_eq!(
            serde_json::to_value(AppGroupAssignment::default()).unwrap(),
            json!({})
        );
        let a = AppGroupAssignment::default()
            .priority(1)
            .attribute("role", "dev");
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            json!({"priority": 1, "profile": {"role": "dev"}})
        );
    }

    #[test]
    fn lists_go_to_the_app_groups_and_group_apps_paths() {
        let client = offline_client();
        let list = client.app_groups("0oa1").list().limit(5);
        assert_eq!(list.list.url.path(), "/api/v1/apps/0oa1/groups");
        assert_eq!(serde_urlencoded::to_string(&list).unwrap(), "limit=5");
        let apps = client.group_apps("00g1");
        assert_eq!(apps.list.url.path(), "/api/v1/groups/00g1/apps");
    }
}
