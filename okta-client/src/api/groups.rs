//! `client.groups()`: Okta groups and their members.

use crate::api::found;
use reqwest::Method;
use serde::Serialize;
use url::Url;

use crate::Client;
use crate::api::list::{ListRequest, SortOrder, list_methods};
use crate::error::Error;
use crate::models::{Group, GroupId, GroupProfile, User, UserId};

impl Client {
    /// The groups handler: `client.groups().list().q("Eng").items()`.
    pub fn groups(&self) -> GroupsApi {
        GroupsApi {
            client: self.clone(),
        }
    }
}

/// Operations on `/api/v1/groups`. Obtained with [`Client::groups`].
#[derive(Clone)]
pub struct GroupsApi {
    client: Client,
}

impl std::fmt::Debug for GroupsApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GroupsApi")
    }
}

/// `{"profile": …}`, the body of a group create or replace.
#[derive(Serialize)]
struct GroupBody<'a> {
    profile: &'a GroupProfile,
}

impl GroupsApi {
    fn group_url(&self, id: &GroupId) -> Url {
        self.client.api_url(&["groups", id.as_str()])
    }

    /// Lists groups (`GET /api/v1/groups`).
    pub fn list(&self) -> ListGroups {
        ListGroups::new(self.client.clone())
    }

    /// Fetches a group (`GET /api/v1/groups/{groupId}`).
    ///
    /// # Errors
    /// [`Error::is_not_found`] when there is no such group; any other API, transport or
    /// decoding error as is.
    pub async fn get(&self, id: impl Into<GroupId>) -> Result<Group, Error> {
        let url = self.group_url(&id.into());
        self.client.request(Method::GET, url).send::<Group>().await
    }

    /// Like [`get`](Self::get), but a missing group is `Ok(None)`.
    ///
    /// # Errors
    /// Every error of [`get`](Self::get) except not-found.
    pub async fn get_opt(&self, id: impl Into<GroupId>) -> Result<Option<Group>, Error> {
        found(self.get(id).await)
    }

    /// Starts creating an Okta group with this profile (`POST /api/v1/groups`); finish with
    /// [`CreateGroup::send`], as for [`UsersApi::create`](crate::api::UsersApi::create).
    pub fn create(&self, profile: GroupProfile) -> CreateGroup {
        CreateGroup {
            client: self.client.clone(),
            profile,
        }
    }

    /// Replaces a group's profile (`PUT /api/v1/groups/{groupId}`). Okta has no partial update
    /// for groups: a `description` left `None` is cleared.
    ///
    /// # Errors
    /// Not found, validation, a duplicate name, or any transport or decoding error.
    pub async fn replace(
        &self,
        id: impl Into<GroupId>,
        profile: &GroupProfile,
    ) -> Result<Group, Error> {
        let url = self.group_url(&id.into());
        let request = self
            .client
            .request(Method::PUT, url)
            .json(&GroupBody { profile });
        request.idempotent(true).send::<Group>().await
    }

    /// Deletes a group (`DELETE /api/v1/groups/{groupId}`, 204). Its members stay users.
    ///
    /// # Errors
    /// Not found, a group Okta will not delete (built-in, app groups: 403), or transport errors.
    pub async fn delete(&self, id: impl Into<GroupId>) -> Result<(), Error> {
        let url = self.group_url(&id.into());
        self.client
            .request(Method::DELETE, url)
            .send_no_content()
            .await
            .map(drop)
    }

    /// Lists a group's members (`GET /api/v1/groups/{groupId}/users`).
    pub fn members(&self, id: impl Into<GroupId>) -> ListGroupMembers {
        ListGroupMembers::new(self.client.clone(), &id.into())
    }

    /// Adds a user to a group (`PUT /api/v1/groups/{groupId}/users/{userId}`, 204). Adding a
    /// member twice is not an error, so this is safe to retry.
    ///
    /// # Errors
    /// Not found (group or user), a group whose members Okta manages (app groups: 403), or
    /// transport errors.
    pub async fn add_member(
        &self,
        group: impl Into<GroupId>,
        user: impl Into<UserId>,
    ) -> Result<(), Error> {
        let url = self.client.api_url(&[
            "groups",
            group.into().as_str(),
            "users",
            user.into().as_str(),
        ]);
        let request = self.client.request(Method::PUT, url).idempotent(true);
        request.send_no_content().await.map(drop)
    }

    /// Removes a user from a group (`DELETE /api/v1/groups/{groupId}/users/{userId}`, 204).
    ///
    /// # Errors
    /// Not found (group or user), a group whose members Okta manages, or transport errors.
    pub async fn remove_member(
        &self,
        group: impl Into<GroupId>,
        user: impl Into<UserId>,
    ) -> Result<(), Error> {
        let url = self.client.api_url(&[
            "groups",
            group.into().as_str(),
            "users",
            user.into().as_str(),
        ]);
        self.client
            .request(Method::DELETE, url)
            .send_no_content()
            .await
            .map(drop)
    }
}

/// Creates a group. Built by [`GroupsApi::create`]; the profile is the body.
#[derive(Debug, Clone)]
#[must_use = "a group is created only when the request is sent"]
pub struct CreateGroup {
    client: Client,
    profile: GroupProfile,
}

impl CreateGroup {
    /// Sends the request (answered with 200 and the new group). Not retried automatically, so
    /// a lost answer cannot create the group twice.
    ///
    /// # Errors
    /// A name already taken (`E0000055`, 409-class), validation, or any transport or decoding
    /// error.
    pub async fn send(self) -> Result<Group, Error> {
        let url = self.client.api_url(&["groups"]);
        let request = self.client.request(Method::POST, url).json(&GroupBody {
            profile: &self.profile,
        });
        request.idempotent(false).send::<Group>().await
    }
}

/// Lists groups. Built by [`GroupsApi::list`]; the serialized fields are the query string.
#[must_use = "a list does nothing until it is streamed or sent"]
#[derive(Debug, Clone, Serialize)]
pub struct ListGroups {
    #[serde(flatten)]
    list: ListRequest,
}

impl ListGroups {
    fn new(client: Client) -> Self {
        Self {
            list: ListRequest::new(&client, &["groups"]),
        }
    }

    /// `q`: group name starts with this. Not paged by Okta (default 300 results).
    pub fn q(mut self, q: impl Into<String>) -> Self {
        self.list.q = Some(q.into());
        self
    }

    /// `filter`: on `id`, `type`, `lastUpdated`, `lastMembershipUpdated`, e.g. `type eq "OKTA_GROUP"`.
    pub fn filter(mut self, filter: impl Into<String>) -> Self {
        self.list.filter = Some(filter.into());
        self
    }

    /// `search`: on profile attributes and `source.id`, e.g. `profile.name sw "Eng"`.
    pub fn search(mut self, search: impl Into<String>) -> Self {
        self.list.search = Some(search.into());
        self
    }

    /// `sortBy` (with `search` only), e.g. `profile.name`.
    pub fn sort_by(mut self, attribute: impl Into<String>) -> Self {
        self.list.sort_by = Some(attribute.into());
        self
    }

    /// `sortOrder` (with `sortBy`).
    pub fn sort_order(mut self, order: SortOrder) -> Self {
        self.list.sort_order = Some(order);
        self
    }
}

list_methods!(ListGroups, Group, page_size = "at most 10 000");

/// Lists a group's members. Built by [`GroupsApi::members`].
#[must_use = "a list does nothing until it is streamed or sent"]
#[derive(Debug, Clone, Serialize)]
pub struct ListGroupMembers {
    #[serde(flatten)]
    list: ListRequest,
}

impl ListGroupMembers {
    fn new(client: Client, group: &GroupId) -> Self {
        Self {
            list: ListRequest::new(&client, &["groups", group.as_str(), "users"]),
        }
    }
}

list_methods!(ListGroupMembers, User, page_size = "Okta's default is 1000");

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::test_support::offline_client;

    #[test]
    fn group_list_parameters_use_okta_names() {
        let list = offline_client()
            .groups()
            .list()
            .q("Eng")
            .filter(r#"type eq "OKTA_GROUP""#)
            .search(r#"profile.name sw "E""#)
            .sort_by("profile.name")
            .sort_order(SortOrder::Asc)
            .limit(10_000)
            .after("00g1");
        assert_eq!(list.list.url.path(), "/api/v1/groups");
        assert_eq!(
            serde_urlencoded::to_string(&list).unwrap(),
            "q=Eng&filter=type+eq+%22OKTA_GROUP%22&search=profile.name+sw+%22E%22\
             &sortBy=profile.name&sortOrder=asc&limit=10000&after=00g1"
        );
    }

    #[test]
    fn a_member_list_targets_the_groups_users_with_limit_and_cursor() {
        let list = offline_client()
            .groups()
            .members("00g1")
            .limit(2)
            .after("c");
        assert_eq!(list.list.url.path(), "/api/v1/groups/00g1/users");
        assert_eq!(
            serde_urlencoded::to_string(&list).unwrap(),
            "limit=2&after=c"
        );
        let empty = offline_client().groups().members("00g1");
        assert_eq!(serde_urlencoded::to_string(&empty).unwrap(), "");
    }

    #[test]
    fn a_group_body_is_the_profile_with_an_explicit_null_description() {
        let profile = GroupProfile::new("Eng", None);
        assert_eq!(
            serde_json::to_value(GroupBody { profile: &profile }).unwrap(),
            json!({"profile": {"name": "Eng", "description": null}})
        );
    }
}
