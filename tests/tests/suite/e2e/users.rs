//! End to end, the real client against the mock: users (create, read, list, update, replace,
//! delete). Their lifecycle is in `user_lifecycle.rs`.

use std::collections::BTreeSet;

use futures::TryStreamExt;
use okta_client::api::{SortOrder, UserReplacement, UserUpdate};
use okta_client::models::{ErrorCode, User, UserStatus};
use okta_tests::{
    api_error, client_for, profile, requests_to, start_mock, start_mock_with, within,
};
use serde_json::{Value, json};

/// A scenario of users given as `(first name, last name, department, status)`.
fn people(rows: &[(&str, &str, &str, &str)]) -> String {
    let users: Vec<Value> = rows
        .iter()
        .map(|(first, last, dept, status)| {
            let login = format!(
                "{}.{}@example.com",
                first.to_lowercase(),
                last.to_lowercase()
            );
            json!({
                "status": status,
                "profile": {"login": login, "email": login, "firstName": first,
                            "lastName": last, "department": dept}
            })
        })
        .collect();
    json!({ "users": users }).to_string()
}

fn logins(users: &[User]) -> Vec<String> {
    users.iter().map(|u| u.login().to_owned()).collect()
}

#[tokio::test]
async fn creating_a_user_without_credentials_activates_it_as_provisioned() {
    let server = start_mock().await;
    let client = client_for(&server);
    let user = within(client.users().create(profile("ada")).send())
        .await
        .expect("created");
    assert_eq!(user.status, UserStatus::Provisioned);
    assert_eq!(user.login(), "ada@example.com");
    assert!(user.activated.is_some());
    let create = requests_to(&server, "POST", "/api/v1/users");
    assert_eq!(create.len(), 1);
    assert_eq!(
        create[0].status, 200,
        "Okta answers a create with 200, not 201"
    );
    assert_eq!(create[0].query.as_deref(), Some("activate=true"));
}

#[tokio::test]
async fn creating_a_user_with_a_password_gives_an_active_user_whose_password_is_never_returned() {
    let server = start_mock().await;
    let client = client_for(&server);
    let user = within(
        client
            .users()
            .create(profile("bob"))
            .password("Sup3r-secret-pw")
            .recovery_question("Favourite colour?", "blue-green")
            .send(),
    )
    .await
    .expect("created");
    assert_eq!(user.status, UserStatus::Active);
    let credentials = user.credentials.expect("credentials are shown");
    let password = credentials.password.expect("a password exists");
    assert!(
        password.value.is_none(),
        "the password value must never come back"
    );
    let raw = serde_json::to_string(&within(client.users().get(&user.id)).await.expect("read"))
        .expect("serializes");
    assert!(!raw.contains("Sup3r-secret-pw") && !raw.contains("blue-green"));
}

#[tokio::test]
async fn creating_a_user_with_activate_false_stages_it() {
    let server = start_mock().await;
    let client = client_for(&server);
    let user = within(
        client
            .users()
            .create(profile("cy"))
            .password("Pa55word!x")
            .activate(false)
            .send(),
    )
    .await
    .expect("created");
    assert_eq!(user.status, UserStatus::Staged);
    assert!(user.activated.is_none());
}

#[tokio::test]
async fn creating_a_user_whose_login_is_taken_is_a_validation_error_naming_the_login() {
    let server = start_mock().await;
    let client = client_for(&server);
    within(client.users().create(profile("dee")).send())
        .await
        .expect("first create");
    let err = within(client.users().create(profile("dee")).send())
        .await
        .expect_err("a second user with the same login");
    let api = api_error(&err);
    assert_eq!(api.status, 400);
    assert_eq!(api.error_code, ErrorCode::ApiValidationFailed);
    assert!(
        api.cause_summaries().any(|c| c.starts_with("login:")),
        "{api:?}"
    );
}

#[tokio::test]
async fn a_user_is_found_by_id_by_login_and_by_its_short_login() {
    let server = start_mock().await;
    let client = client_for(&server);
    let ada = within(client.users().create(profile("ada.l")).send())
        .await
        .expect("created");
    for key in [
        ada.id.as_str(),
        "ada.l@example.com",
        "ADA.L@example.com",
        "ada.l",
    ] {
        let found = within(client.users().get_by_login(key)).await.expect(key);
        assert_eq!(found.id, ada.id, "looked up by {key}");
    }
    let missing = within(client.users().get_opt_by_login("nobody@example.com"))
        .await
        .expect("a missing user is not an error for get_opt");
    assert!(missing.is_none());
}

#[tokio::test]
async fn a_login_with_a_slash_is_one_path_segment() {
    let server = start_mock().await;
    let client = client_for(&server);
    let mut p = profile("slash");
    p.login = Some("a/b@example.com".into());
    let user = within(client.users().create(p).send())
        .await
        .expect("created");
    let found = within(client.users().get_by_login("a/b@example.com"))
        .await
        .expect("found by a login holding a slash");
    assert_eq!(found.id, user.id);
}

#[tokio::test]
async fn a_filter_on_status_lists_matching_users_across_pages_of_two() {
    let server = start_mock_with(&people(&[
        ("Ann", "Alpha", "Eng", "ACTIVE"),
        ("Ben", "Beta", "Eng", "STAGED"),
        ("Cat", "Gamma", "Sales", "ACTIVE"),
        ("Dan", "Delta", "Eng", "ACTIVE"),
        ("Eve", "Epsilon", "Eng", "DEPROVISIONED"),
        ("Fay", "Zeta", "Sales", "ACTIVE"),
        ("Gus", "Eta", "Eng", "ACTIVE"),
    ]))
    .await;
    let client = client_for(&server);
    let pages: Vec<_> = within(
        client
            .users()
            .list()
            .filter("status eq \"ACTIVE\"")
            .limit(2)
            .pages()
            .try_collect::<Vec<_>>(),
    )
    .await
    .expect("listed");
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, vec![2, 2, 1]);
    let users: Vec<User> = pages.into_iter().flat_map(|p| p.items).collect();
    assert!(users.iter().all(|u| u.status == UserStatus::Active));
    let found: BTreeSet<String> = logins(&users).into_iter().collect();
    let expected: BTreeSet<String> = ["ann.alpha", "cat.gamma", "dan.delta", "fay.zeta", "gus.eta"]
        .iter()
        .map(|l| format!("{l}@example.com"))
        .collect();
    assert_eq!(found, expected);
    for entry in requests_to(&server, "GET", "/api/v1/users").iter().skip(1) {
        let query = entry.query.as_deref().unwrap_or_default();
        assert!(
            query.contains("limit=2") && query.contains("filter="),
            "next links keep the query: {query}"
        );
    }
}

#[tokio::test]
async fn a_sorted_search_comes_back_in_order_across_pages() {
    let server = start_mock_with(&people(&[
        ("Ann", "Moss", "Eng", "ACTIVE"),
        ("Ben", "Abel", "Eng", "ACTIVE"),
        ("Cat", "Zorn", "Sales", "ACTIVE"),
        ("Dan", "Kidd", "Eng", "STAGED"),
        ("Eve", "Ross", "Eng", "DEPROVISIONED"),
        ("Fay", "Byrd", "Eng", "ACTIVE"),
    ]))
    .await;
    let client = client_for(&server);
    let users = within(
        client
            .users()
            .list()
            .search("profile.department eq \"Eng\"")
            .sort_by("profile.lastName")
            .sort_order(SortOrder::Desc)
            .limit(2)
            .collect_all(),
    )
    .await
    .expect("searched");
    let last_names: Vec<&str> = users
        .iter()
        .map(|u| u.profile.last_name.as_deref().unwrap_or_default())
        .collect();
    // search includes DEPROVISIONED users.
    assert_eq!(last_names, vec!["Ross", "Moss", "Kidd", "Byrd", "Abel"]);
    assert_eq!(requests_to(&server, "GET", "/api/v1/users").len(), 3);
}

#[tokio::test]
async fn q_matches_name_and_email_prefixes_and_hides_deprovisioned_users() {
    let server = start_mock_with(&people(&[
        ("Sam", "Stone", "Eng", "ACTIVE"),
        ("Sara", "Lee", "Eng", "ACTIVE"),
        ("Tom", "Samson", "Eng", "ACTIVE"),
        ("Sid", "Vicious", "Eng", "DEPROVISIONED"),
        ("Ann", "Other", "Eng", "ACTIVE"),
    ]))
    .await;
    let client = client_for(&server);
    let users = within(client.users().list().q("sa").collect_all())
        .await
        .expect("listed");
    let found: BTreeSet<String> = logins(&users).into_iter().collect();
    let expected: BTreeSet<String> = ["sam.stone", "sara.lee", "tom.samson"]
        .iter()
        .map(|l| format!("{l}@example.com"))
        .collect();
    assert_eq!(found, expected);
}

#[tokio::test]
async fn deprovisioned_users_are_hidden_from_a_plain_list_but_found_by_a_filter() {
    let server = start_mock_with(&people(&[
        ("Ann", "Alpha", "Eng", "ACTIVE"),
        ("Ben", "Beta", "Eng", "DEPROVISIONED"),
    ]))
    .await;
    let client = client_for(&server);
    let plain = within(client.users().list().collect_all())
        .await
        .expect("listed");
    assert_eq!(logins(&plain), vec!["ann.alpha@example.com"]);
    let filtered = within(
        client
            .users()
            .list()
            .filter("status eq \"DEPROVISIONED\"")
            .collect_all(),
    )
    .await
    .expect("filtered");
    assert_eq!(logins(&filtered), vec!["ben.beta@example.com"]);
}

#[tokio::test]
async fn an_invalid_filter_is_e0000031_and_search_with_filter_is_e0000033() {
    let server = start_mock().await;
    let client = client_for(&server);
    let err = within(client.users().list().filter("status eqq \"ACTIVE\"").send())
        .await
        .expect_err("a bad expression");
    assert_eq!(api_error(&err).error_code, ErrorCode::InvalidSearch);
    assert_eq!(api_error(&err).status, 400);
    let err = within(
        client
            .users()
            .list()
            .filter("status eq \"ACTIVE\"")
            .search("profile.department eq \"Eng\"")
            .send(),
    )
    .await
    .expect_err("search and filter together");
    assert_eq!(api_error(&err).error_code, ErrorCode::SearchWithFilter);
}

#[tokio::test]
async fn a_partial_update_clears_one_attribute_and_keeps_the_others() {
    let server = start_mock().await;
    let client = client_for(&server);
    let mut p = profile("pat");
    p.mobile_phone = Some("555-0100".into());
    p.title = Some("Engineer".into());
    p.set("costCode", json!("CC-7"));
    let user = within(client.users().create(p).send())
        .await
        .expect("created");
    let update = UserUpdate::new().clear("mobilePhone").set("title", "CTO");
    within(client.users().update(&user.id, &update))
        .await
        .expect("updated");
    let after = within(client.users().get(&user.id)).await.expect("read");
    assert_eq!(after.profile.get_str("mobilePhone"), None);
    assert_eq!(after.profile.title.as_deref(), Some("CTO"));
    assert_eq!(after.profile.get_str("costCode"), Some("CC-7"));
    assert_eq!(after.profile.first_name.as_deref(), Some("Pat"));
    assert_eq!(after.profile.email.as_deref(), Some("pat@example.com"));
}

#[tokio::test]
async fn replacing_a_user_deletes_every_attribute_it_does_not_carry() {
    let server = start_mock().await;
    let client = client_for(&server);
    let mut p = profile("rex");
    p.title = Some("Engineer".into());
    p.set("costCode", json!("CC-7"));
    let user = within(client.users().create(p).send())
        .await
        .expect("created");
    let mut replacement = UserReplacement::from(&user);
    replacement.profile.remove("title");
    replacement.profile.remove("costCode");
    replacement.profile.city = Some("Oslo".into());
    within(client.users().replace(&user.id, &replacement))
        .await
        .expect("replaced");
    let after = within(client.users().get(&user.id)).await.expect("read");
    assert_eq!(after.profile.title, None);
    assert_eq!(after.profile.get_str("costCode"), None);
    assert_eq!(after.profile.city.as_deref(), Some("Oslo"));
    assert_eq!(after.login(), "rex@example.com");
}

#[tokio::test]
async fn deleting_a_user_first_deactivates_it_and_a_second_delete_removes_it() {
    let server = start_mock().await;
    let client = client_for(&server);
    let user = within(client.users().create(profile("del")).send())
        .await
        .expect("created");
    within(client.users().delete(&user.id))
        .await
        .expect("first delete");
    let after = within(client.users().get(&user.id))
        .await
        .expect("still there");
    assert_eq!(after.status, UserStatus::Deprovisioned);
    within(client.users().delete(&user.id))
        .await
        .expect("second delete");
    let err = within(client.users().get(&user.id))
        .await
        .expect_err("gone");
    assert!(err.is_not_found());
    let deletes = requests_to(&server, "DELETE", &format!("/api/v1/users/{}", user.id));
    assert_eq!(
        deletes.iter().map(|e| e.status).collect::<Vec<_>>(),
        vec![204, 204]
    );
}

#[tokio::test]
async fn deactivate_and_delete_removes_a_user_in_one_call() {
    let server = start_mock().await;
    let client = client_for(&server);
    let user = within(client.users().create(profile("gone")).send())
        .await
        .expect("created");
    within(client.users().deactivate_and_delete(&user.id))
        .await
        .expect("removed");
    assert!(
        within(client.users().get_opt(&user.id))
            .await
            .expect("lookup")
            .is_none()
    );
}
