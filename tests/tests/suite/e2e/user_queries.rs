//! End to end, the real client against the mock: the finer points of reading users that
//! WIRE.md lists (default page sizes, opaque cursors, the query languages' case rules,
//! ambiguous short logins) and the shapes Okta answers with (ids, timestamps, summaries).

use okta_client::api::ActivateUser;
use std::collections::BTreeSet;

use futures::TryStreamExt;
use okta_client::models::{AuthProviderType, GroupProfile, User, UserStatus};
use okta_client::{Method, RawRequest};
use okta_tests::{
    api_error, client_for, profile, requests_to, start_mock, start_mock_with, within,
};
use serde_json::{Value, json};

/// `n` ACTIVE users `user000@example.com`…, first name "Sam", last name `N000`….
fn users(n: usize) -> String {
    let users: Vec<Value> = (0..n)
        .map(|i| {
            let login = format!("user{i:03}@example.com");
            json!({"profile": {"login": login, "email": login, "firstName": "Sam",
                               "lastName": format!("N{i:03}")}})
        })
        .collect();
    json!({ "users": users }).to_string()
}

fn logins(users: &[User]) -> BTreeSet<String> {
    users.iter().map(|u| u.login().to_owned()).collect()
}

#[tokio::test]
async fn users_are_listed_two_hundred_per_page_by_default() {
    let server = start_mock_with(&users(205)).await;
    let client = client_for(&server);
    let pages: Vec<_> = within(client.users().list().pages().try_collect::<Vec<_>>())
        .await
        .expect("listed");
    assert_eq!(
        pages.iter().map(|p| p.items.len()).collect::<Vec<_>>(),
        vec![200, 5]
    );
}

#[tokio::test]
async fn q_is_not_paged_and_returns_ten_users_by_default() {
    let server = start_mock_with(&users(12)).await;
    let client = client_for(&server);
    let pages: Vec<_> = within(
        client
            .users()
            .list()
            .q("sam")
            .pages()
            .try_collect::<Vec<_>>(),
    )
    .await
    .expect("listed");
    assert_eq!(pages.len(), 1, "q has no next page");
    assert_eq!(pages[0].items.len(), 10);
    assert!(pages[0].next.is_none());
}

#[tokio::test]
async fn the_users_cursor_is_opaque_not_the_last_id() {
    let server = start_mock_with(&users(3)).await;
    let client = client_for(&server);
    let page = within(client.users().list().limit(2).send())
        .await
        .expect("first page");
    let next = page.next.expect("a next link");
    let after: Vec<String> = next
        .query_pairs()
        .filter(|(k, _)| k == "after")
        .map(|(_, v)| v.into_owned())
        .collect();
    assert_eq!(after.len(), 1);
    assert!(!after[0].is_empty(), "never an empty after=");
    let last = page.items.last().expect("two users");
    assert_ne!(after[0], last.id.as_str());
}

#[tokio::test]
async fn an_empty_listing_has_only_a_self_link() {
    let server = start_mock_with(&users(2)).await;
    let client = client_for(&server);
    let response = within(client.raw(
        RawRequest::new(Method::GET, "/api/v1/users").query("filter", "status eq \"SUSPENDED\""),
    ))
    .await
    .expect("listed");
    assert_eq!(response.body, json!([]));
    let links: Vec<&str> = response
        .headers
        .get_all("link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert_eq!(links.len(), 1, "{links:?}");
    assert!(links[0].ends_with("rel=\"self\""), "{links:?}");
}

#[tokio::test]
async fn a_short_login_shared_by_two_users_finds_neither() {
    let server = start_mock().await;
    let client = client_for(&server);
    let mut other = profile("amy");
    other.login = Some("amy@other.example.org".into());
    within(client.users().create(profile("amy")).send())
        .await
        .expect("first amy");
    within(client.users().create(other).send())
        .await
        .expect("second amy");
    let err = within(client.users().get_by_login("amy"))
        .await
        .expect_err("ambiguous");
    assert!(err.is_not_found());
    let summary = &api_error(&err).error_summary;
    assert!(summary.ends_with("(User)"), "{summary}");
}

#[tokio::test]
async fn filter_values_are_case_sensitive_and_search_values_are_not() {
    let server = start_mock_with(
        r#"{"users": [{"profile": {"login": "ann@example.com", "email": "ann@example.com",
            "firstName": "Ann", "lastName": "Abel", "department": "Eng"}}]}"#,
    )
    .await;
    let client = client_for(&server);
    let exact = within(
        client
            .users()
            .list()
            .filter("profile.firstName eq \"Ann\"")
            .collect_all(),
    )
    .await
    .expect("filtered");
    assert_eq!(exact.len(), 1);
    let lower = within(
        client
            .users()
            .list()
            .filter("profile.firstName eq \"ann\"")
            .collect_all(),
    )
    .await
    .expect("filtered");
    assert!(lower.is_empty());
    let searched = within(
        client
            .users()
            .list()
            .search("profile.department eq \"eng\"")
            .collect_all(),
    )
    .await
    .expect("searched");
    assert_eq!(searched.len(), 1);
}

#[tokio::test]
async fn search_supports_starts_with_contains_and_present() {
    let server = start_mock_with(
        r#"{"users": [
          {"profile": {"login": "a@example.com", "email": "ann.beta@example.com",
                       "firstName": "Ann", "lastName": "Abel", "title": "CTO"}},
          {"profile": {"login": "b@example.com", "email": "bob@example.com",
                       "firstName": "Bob", "lastName": "Abbott"}},
          {"profile": {"login": "c@example.com", "email": "cat@example.com",
                       "firstName": "Cat", "lastName": "Zorn"}}
        ]}"#,
    )
    .await;
    let client = client_for(&server);
    let search = |expr: &'static str| {
        let client = client.clone();
        async move {
            let found = within(client.users().list().search(expr).collect_all())
                .await
                .expect(expr);
            logins(&found)
        }
    };
    let set = |items: &[&str]| {
        items
            .iter()
            .map(|s| (*s).to_owned())
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(
        search("profile.lastName sw \"ab\"").await,
        set(&["a@example.com", "b@example.com"])
    );
    assert_eq!(
        search("profile.email co \"beta\"").await,
        set(&["a@example.com"])
    );
    assert_eq!(search("profile.title pr").await, set(&["a@example.com"]));
    assert_eq!(
        search("profile.lastName sw \"ab\" and profile.firstName eq \"bob\"").await,
        set(&["b@example.com"])
    );
}

#[tokio::test]
async fn ids_and_timestamps_have_oktas_shapes() {
    let server = start_mock().await;
    let client = client_for(&server);
    let user = within(client.users().create(profile("shape")).send())
        .await
        .expect("created");
    let group = within(
        client
            .groups()
            .create(GroupProfile::new("Shape", None))
            .send(),
    )
    .await
    .expect("group");
    assert_eq!(user.id.len(), 20);
    assert!(user.id.starts_with("00u"), "{}", user.id);
    assert_eq!(group.id.len(), 20);
    assert!(group.id.starts_with("00g"), "{}", group.id);
    let raw = within(client.raw(RawRequest::new(
        Method::GET,
        format!("/api/v1/users/{}", user.id),
    )))
    .await
    .expect("read");
    let created = raw.body["created"].as_str().expect("created is a string");
    // 2024-01-09T15:36:04.000Z: UTC, milliseconds.
    assert_eq!(created.len(), 24, "{created}");
    assert!(
        created.ends_with('Z') && created.as_bytes()[19] == b'.',
        "{created}"
    );
    assert_eq!(
        raw.body["_links"]["self"]["href"]
            .as_str()
            .map(|h| h.starts_with(&server.base_url())),
        Some(true)
    );
}

#[tokio::test]
async fn creating_a_user_with_group_ids_puts_it_in_those_groups() {
    let server = start_mock().await;
    let client = client_for(&server);
    let group = within(
        client
            .groups()
            .create(GroupProfile::new("Starters", None))
            .send(),
    )
    .await
    .expect("group");
    let user = within(
        client
            .users()
            .create(profile("grp"))
            .groups([group.id.clone()])
            .send(),
    )
    .await
    .expect("created");
    let members = within(client.groups().members(&group.id).collect_all())
        .await
        .expect("members");
    assert_eq!(
        members.iter().map(|m| &m.id).collect::<Vec<_>>(),
        vec![&user.id]
    );
    let body = requests_to(&server, "POST", "/api/v1/users");
    assert_eq!(body[0].status, 200);
}

#[tokio::test]
async fn a_user_created_with_a_federation_provider_is_active_without_a_password() {
    let server = start_mock().await;
    let client = client_for(&server);
    let user = within(
        client
            .users()
            .create(profile("fed"))
            .provider(AuthProviderType::Federation, "FEDERATION")
            .send(),
    )
    .await
    .expect("created");
    assert_eq!(user.status, UserStatus::Active);
    let journal = requests_to(&server, "POST", "/api/v1/users");
    assert_eq!(
        journal[0].query.as_deref(),
        Some("activate=true&provider=true")
    );
}

#[tokio::test]
async fn activating_with_send_email_answers_an_empty_object_without_a_token() {
    let server = start_mock().await;
    let client = client_for(&server);
    let user = within(
        client
            .users()
            .create(profile("mail"))
            .activate(false)
            .send(),
    )
    .await
    .expect("created");
    let token = within(client.users().activate(&user.id, ActivateUser::new()))
        .await
        .expect("activated");
    assert!(token.activation_token.is_none() && token.activation_url.is_none());
    let call = requests_to(
        &server,
        "POST",
        &format!("/api/v1/users/{}/lifecycle/activate", user.id),
    );
    assert_eq!(call[0].query.as_deref(), Some("sendEmail=true"));
}
