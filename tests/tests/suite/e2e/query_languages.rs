//! End to end, the real client against the mock: the `filter` and `search` expression
//! languages as WIRE.md states them (operators, `and`/`or`/parentheses, no `not`, case rules,
//! timestamps, sort ties), and the `q` of app users.

use std::sync::Arc;
use std::time::Duration;

use okta_client::api::{AppUserAssignment, NewApplication, SortOrder, UserUpdate};
use okta_client::models::{ErrorCode, User, UserId};
use okta_mock::MockConfig;
use okta_mock::sim::ManualClock;
use okta_tests::{
    api_error, client_for, profile, start_mock, start_mock_config, start_mock_with, within,
};
use serde_json::{Value, json};
use time::macros::datetime;

/// Users given as `(login name, first name, last name, status)`.
fn people(rows: &[(&str, &str, &str, &str)]) -> String {
    let users: Vec<Value> = rows
        .iter()
        .map(|(name, first, last, status)| {
            let login = format!("{name}@example.com");
            json!({"status": status,
                   "profile": {"login": login, "email": login, "firstName": first, "lastName": last}})
        })
        .collect();
    json!({ "users": users }).to_string()
}

fn names(users: &[User]) -> Vec<String> {
    let mut names: Vec<String> = users
        .iter()
        .map(|u| u.login())
        .map(|l| l.trim_end_matches("@example.com").to_owned())
        .collect();
    names.sort();
    names
}

const ORG: &[(&str, &str, &str, &str)] = &[
    ("a", "Ann", "Smith", "ACTIVE"),
    ("b", "Ben", "Smith", "STAGED"),
    ("c", "Cat", "Jones", "ACTIVE"),
    ("d", "Dan", "Smith", "SUSPENDED"),
];

async fn filtered(
    client: &okta_client::Client,
    filter: &str,
) -> Result<Vec<User>, okta_client::Error> {
    within(client.users().list().filter(filter).collect_all()).await
}

#[tokio::test]
async fn a_filter_combines_or_and_and_with_parentheses() {
    let server = start_mock_with(&people(ORG)).await;
    let client = client_for(&server);
    let found = filtered(
        &client,
        "(status eq \"ACTIVE\" or status eq \"STAGED\") and profile.lastName eq \"Smith\"",
    )
    .await
    .expect("filtered");
    assert_eq!(names(&found), vec!["a", "b"]);
}

#[tokio::test]
async fn filter_operators_ignore_case_but_property_names_do_not() {
    let server = start_mock_with(&people(ORG)).await;
    let client = client_for(&server);
    let found = filtered(&client, "status EQ \"ACTIVE\"")
        .await
        .expect("an upper-case operator is fine");
    assert_eq!(names(&found), vec!["a", "c"]);
    let err = filtered(&client, "Status eq \"ACTIVE\"")
        .await
        .expect_err("a property name in the wrong case");
    assert_eq!(api_error(&err).error_code, ErrorCode::InvalidSearch);
}

#[tokio::test]
async fn a_filter_has_no_not_and_no_custom_attributes() {
    let server = start_mock_with(&people(ORG)).await;
    let client = client_for(&server);
    for bad in [
        "not (status eq \"ACTIVE\")",
        "profile.department eq \"Eng\"",
        "status sw \"ACT\"",
    ] {
        let err = filtered(&client, bad).await.expect_err(bad);
        let api = api_error(&err);
        assert_eq!(
            (api.status, api.error_code.clone()),
            (400, ErrorCode::InvalidSearch),
            "{bad}"
        );
        assert_eq!(api.error_summary, "Invalid search criteria.");
    }
}

#[tokio::test]
async fn a_filter_on_last_updated_compares_timestamps() {
    let clock = Arc::new(ManualClock::new(datetime!(2030-01-01 00:00:00 UTC)));
    let server = start_mock_config(MockConfig::default().clock(clock.clone())).await;
    let client = client_for(&server);
    let old = within(client.users().create(profile("old")).send())
        .await
        .expect("created");
    clock.advance(Duration::from_secs(60));
    let new = within(client.users().create(profile("new")).send())
        .await
        .expect("created");
    let after = filtered(&client, "lastUpdated gt \"2030-01-01T00:00:30.000Z\"")
        .await
        .expect("filtered");
    assert_eq!(
        after.iter().map(|u| &u.id).collect::<Vec<_>>(),
        vec![&new.id]
    );
    let before = filtered(&client, "lastUpdated lt \"2030-01-01T00:00:30.000Z\"")
        .await
        .expect("filtered");
    assert_eq!(
        before.iter().map(|u| &u.id).collect::<Vec<_>>(),
        vec![&old.id]
    );
    // An update moves lastUpdated forward.
    clock.advance(Duration::from_secs(60));
    within(
        client
            .users()
            .update(&old.id, &UserUpdate::new().set("title", "Late")),
    )
    .await
    .expect("updated");
    let late = filtered(&client, "lastUpdated ge \"2030-01-01T00:02:00.000Z\"")
        .await
        .expect("filtered");
    assert_eq!(
        late.iter().map(|u| &u.id).collect::<Vec<_>>(),
        vec![&old.id]
    );
}

#[tokio::test]
async fn sort_ties_are_broken_by_id_across_pages() {
    let rows: Vec<(String, &str, &str, &str)> = (0..7)
        .map(|i| (format!("same{i}"), "Sam", "Same", "ACTIVE"))
        .collect();
    let rows: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|(n, f, l, s)| (n.as_str(), *f, *l, *s))
        .collect();
    let server = start_mock_with(&people(&rows)).await;
    let client = client_for(&server);
    let sorted = within(
        client
            .users()
            .list()
            .search("profile.lastName eq \"Same\"")
            .sort_by("profile.lastName")
            .sort_order(SortOrder::Asc)
            .limit(3)
            .collect_all(),
    )
    .await
    .expect("searched");
    let ids: Vec<&UserId> = sorted.iter().map(|u| &u.id).collect();
    let mut by_id = ids.clone();
    by_id.sort();
    assert_eq!(ids.len(), 7);
    assert_eq!(ids, by_id);
}

#[tokio::test]
async fn an_apps_users_can_be_narrowed_with_q() {
    let server = start_mock_with(&people(ORG)).await;
    let client = client_for(&server);
    let app = within(
        client
            .apps()
            .create(NewApplication::bookmark("Wiki", "https://wiki.example.com"))
            .send(),
    )
    .await
    .expect("app");
    // `q` reads the app user's profile (`userName`, `firstName`, `lastName`, `email`: the
    // spec's `queryAppUserQ`), so the assignments carry one.
    for login in ["a@example.com", "c@example.com"] {
        let user = within(client.users().get_by_login(login))
            .await
            .expect("user");
        let first = user.profile.first_name.clone().unwrap_or_default();
        let assignment = AppUserAssignment::new(user.id.clone()).attribute("firstName", first);
        within(client.app_users(&app.id).assign_with(&assignment))
            .await
            .expect("assigned");
    }
    let cats = within(client.app_users(&app.id).list().q("Cat").collect_all())
        .await
        .expect("listed");
    assert_eq!(cats.len(), 1);
    let cat = within(client.users().get_by_login("c@example.com"))
        .await
        .expect("user");
    assert_eq!(cats[0].id, cat.id);
}

#[tokio::test]
async fn changing_a_login_to_one_that_is_taken_is_refused() {
    let server = start_mock_with(&people(ORG)).await;
    let client = client_for(&server);
    let ann = within(client.users().get_by_login("a@example.com"))
        .await
        .expect("ann");
    let err = within(
        client
            .users()
            .update(&ann.id, &UserUpdate::new().set("login", "c@example.com")),
    )
    .await
    .expect_err("taken");
    let api = api_error(&err);
    assert_eq!(
        (api.status, api.error_code.clone()),
        (400, ErrorCode::ApiValidationFailed)
    );
    assert_eq!(
        within(client.users().get(&ann.id))
            .await
            .expect("ann")
            .login(),
        "a@example.com"
    );
}

#[tokio::test]
async fn logins_and_filter_values_with_url_special_characters_survive_the_round_trip() {
    let server = start_mock().await;
    let client = client_for(&server);
    let odd = [
        ("ann+tag@example.com", "O'Neil & Sons+Co"),
        ("100%real@example.com", "Zoë = Ünïcode"),
        ("hash#tag@example.com", "what?ever/slash"),
        ("jürgen@example.com", "a;b,c"),
    ];
    for (login, last) in odd {
        let mut p = profile("x");
        p.login = Some(login.to_owned());
        p.email = Some(login.to_owned());
        p.last_name = Some(last.to_owned());
        let created = within(client.users().create(p).send())
            .await
            .unwrap_or_else(|e| panic!("creating {login}: {e}"));
        let by_login = within(client.users().get_by_login(login))
            .await
            .unwrap_or_else(|e| panic!("reading {login}: {e}"));
        assert_eq!(by_login.id, created.id, "{login}");
        let filter = format!("profile.lastName eq \"{last}\"");
        let found = filtered(&client, &filter)
            .await
            .unwrap_or_else(|e| panic!("{filter}: {e}"));
        assert_eq!(
            found.iter().map(|u| &u.id).collect::<Vec<_>>(),
            vec![&created.id],
            "{filter}"
        );
        let by_login_filter = filtered(&client, &format!("profile.login eq \"{login}\""))
            .await
            .expect("filtered by login");
        assert_eq!(by_login_filter.len(), 1, "{login}");
    }
}
