//! List builders for users (`GET /api/v1/users`) and a user's groups.

use serde::Serialize;

use crate::Client;
use crate::api::list::{ListRequest, SortOrder, list_methods};
use crate::models::{Group, User, UserId};

/// Lists users. Built by [`UsersApi::list`](super::UsersApi::list); the serialized fields are
/// the query string. Okta rejects `search` together with `filter` (`E0000033`).
///
/// # Incremental sync
///
/// Okta writes timestamps in whole seconds, so two changes within one second share a
/// `lastUpdated`. Polling with `filter=lastUpdated gt "<last seen>"` therefore loses a change
/// made later in the same second as the last one seen. Poll with `ge` instead, and skip the
/// users already handled at that exact `lastUpdated` (de-duplicate by id). Use `filter`, not
/// `search`: Okta's search is eventually consistent and may not show a recent change yet.
/// See the crate README, "Incremental sync".
///
/// # Examples
///
/// ```no_run
/// use futures::TryStreamExt as _;
///
/// # async fn demo(client: okta_client::Client) -> Result<(), okta_client::Error> {
/// // Every matching user, page after page (the next page is requested while this one is
/// // consumed); an error is yielded once and ends the stream.
/// let engineers = client.users().list().search("profile.department eq \"Engineering\"");
/// let mut engineers = engineers.limit(200).items();
/// while let Some(user) = engineers.try_next().await? {
///     println!("{:?}", user.login());
/// }
///
/// // Page by page, with each response's metadata; keep `next` to resume later.
/// let first = client.users().list().limit(2).send().await?;
/// println!("{} users, rate limit {:?}", first.items.len(), first.meta.rate_limit);
/// if let Some(next) = first.next {
///     let rest: Vec<okta_client::models::User> = client.resume(next).collect_all().await?;
///     println!("{} more", rest.len());
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "a list does nothing until it is streamed or sent"]
#[derive(Debug, Clone, Serialize)]
pub struct ListUsers {
    #[serde(flatten)]
    list: ListRequest,
}

impl ListUsers {
    pub(crate) fn new(client: Client) -> Self {
        Self {
            list: ListRequest::new(&client, &["users"]),
        }
    }

    /// `q`: starts-with on first name, last name and email. Not paged by Okta (default 10 results).
    pub fn q(mut self, q: impl Into<String>) -> Self {
        self.list.q = Some(q.into());
        self
    }

    /// `filter`: an expression on `status`, `lastUpdated`, `id` and a few profile attributes,
    /// e.g. `status eq "ACTIVE"`. Includes `DEPROVISIONED` users.
    pub fn filter(mut self, filter: impl Into<String>) -> Self {
        self.list.filter = Some(filter.into());
        self
    }

    /// `search`: an expression on any profile attribute, e.g. `profile.department eq "Eng"`.
    /// Paged and sortable; eventually consistent in real Okta.
    pub fn search(mut self, search: impl Into<String>) -> Self {
        self.list.search = Some(search.into());
        self
    }

    /// `sortBy` (with `search` only), e.g. `profile.lastName`.
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

list_methods!(
    ListUsers,
    User,
    page_size = "Okta's default and maximum are 200"
);

/// Lists the groups a user belongs to (`GET /api/v1/users/{id}/groups`), including the built-in
/// "Everyone". Built by [`UsersApi::groups`](super::UsersApi::groups); it takes no parameters.
#[must_use = "a list does nothing until it is streamed or sent"]
#[derive(Debug, Clone, Serialize)]
pub struct ListUserGroups {
    #[serde(flatten)]
    list: ListRequest,
}

impl ListUserGroups {
    pub(crate) fn new(client: Client, user: &UserId) -> Self {
        Self {
            list: ListRequest::new(&client, &["users", user.as_str(), "groups"]),
        }
    }
}

list_methods!(ListUserGroups, Group);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::offline_client;

    #[test]
    fn an_empty_user_list_sends_no_query() {
        let list = offline_client().users().list();
        assert_eq!(serde_urlencoded::to_string(&list).unwrap(), "");
        assert_eq!(list.list.url.path(), "/api/v1/users");
    }

    #[test]
    fn user_list_parameters_use_okta_names_and_are_encoded() {
        let list = offline_client()
            .users()
            .list()
            .q("ad")
            .filter(r#"status eq "ACTIVE""#)
            .search(r#"profile.department eq "R&D""#)
            .sort_by("profile.lastName")
            .sort_order(SortOrder::Desc)
            .limit(2)
            .after("00u1");
        assert_eq!(
            serde_urlencoded::to_string(&list).unwrap(),
            "q=ad&filter=status+eq+%22ACTIVE%22&search=profile.department+eq+%22R%26D%22\
             &sortBy=profile.lastName&sortOrder=desc&limit=2&after=00u1"
        );
    }

    #[test]
    fn a_users_groups_list_targets_the_users_groups_path_with_no_query() {
        let list = offline_client().users().groups("00u1");
        assert_eq!(list.list.url.path(), "/api/v1/users/00u1/groups");
        assert_eq!(serde_urlencoded::to_string(&list).unwrap(), "");
    }
}
