//! The list builder for `GET /api/v1/apps`.

use serde::Serialize;

use crate::Client;
use crate::api::list::{ListRequest, list_methods};
use crate::models::{ACTIVE_DIRECTORY_APP_NAME, Application, UserId};

/// Lists applications. Built by [`AppsApi::list`](super::AppsApi::list); the serialized fields
/// are the query string.
#[must_use = "a list does nothing until it is streamed or sent"]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListApps {
    #[serde(flatten)]
    list: ListRequest,
    #[serde(skip_serializing_if = "Option::is_none")]
    include_non_deleted: Option<bool>,
}

impl ListApps {
    pub(crate) fn new(client: Client) -> Self {
        Self {
            list: ListRequest::new(&client, &["apps"]),
            include_non_deleted: None,
        }
    }

    /// `q`: app `name` or `label` starts with this.
    pub fn q(mut self, q: impl Into<String>) -> Self {
        self.list.q = Some(q.into());
        self
    }

    /// `filter`: on `id`, `status`, `name` and a few settings, e.g. `status eq "ACTIVE"`.
    pub fn filter(mut self, filter: impl Into<String>) -> Self {
        self.list.filter = Some(filter.into());
        self
    }

    /// Only Active Directory instances: `filter=name eq "active_directory"`.
    pub fn active_directory(self) -> Self {
        self.filter(format!("name eq \"{ACTIVE_DIRECTORY_APP_NAME}\""))
    }

    /// Only the apps assigned to this user, each with the user's app user embedded: the
    /// `filter=user.id eq "…"` older clients send, plus `expand=user/{id}`.
    pub fn assigned_to(mut self, user: impl Into<UserId>) -> Self {
        let user = user.into();
        self.list.expand = Some(format!("user/{user}"));
        self.filter(format!("user.id eq \"{user}\""))
    }

    /// `expand`, e.g. `user/{userId}` to embed that user's app user in each app.
    pub fn expand(mut self, expand: impl Into<String>) -> Self {
        self.list.expand = Some(expand.into());
        self
    }

    /// `includeNonDeleted`: also list inactive apps that are not deleted.
    pub fn include_non_deleted(mut self, yes: bool) -> Self {
        self.include_non_deleted = Some(yes);
        self
    }
}

list_methods!(ListApps, Application, page_size = "at most 200");

#[cfg(test)]
mod tests {
    use crate::api::test_support::offline_client;

    #[test]
    fn listing_active_directory_apps_filters_on_the_ad_name() {
        let list = offline_client().apps().list().active_directory().limit(200);
        assert_eq!(list.list.url.path(), "/api/v1/apps");
        assert_eq!(
            serde_urlencoded::to_string(&list).unwrap(),
            "filter=name+eq+%22active_directory%22&limit=200"
        );
    }

    #[test]
    fn listing_a_users_apps_sends_the_user_filter_and_expand() {
        let list = offline_client().apps().list().assigned_to("00u1");
        assert_eq!(
            serde_urlencoded::to_string(&list).unwrap(),
            "filter=user.id+eq+%2200u1%22&expand=user%2F00u1"
        );
    }

    #[test]
    fn every_app_list_parameter_uses_its_okta_name() {
        let list = offline_client()
            .apps()
            .list()
            .q("Okta")
            .expand("user/00u2")
            .after("16278919418571")
            .include_non_deleted(true);
        assert_eq!(
            serde_urlencoded::to_string(&list).unwrap(),
            "q=Okta&after=16278919418571&expand=user%2F00u2&includeNonDeleted=true"
        );
    }
}
