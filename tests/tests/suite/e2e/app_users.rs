//! End to end, the real client against the mock: assigning users to apps, their app profiles
//! and credentials, and listing an app's users.

use futures::TryStreamExt;
use okta_client::api::{AppUserAssignment, NewApplication};
use okta_client::api::{DeactivateUser, UnassignAppUser};
use okta_client::models::{AppId, AppUserCredentials, AppUserScope, ErrorCode, User, UserId};
use okta_client::{Client, Method, RawRequest};
use okta_tests::{
    api_error, client_for, profile, requests_to, start_mock, start_mock_with, within,
};
use serde_json::{Map, Value, json};

async fn app_and_user(client: &Client, name: &str) -> (AppId, User) {
    let app = within(
        client
            .apps()
            .create(NewApplication::basic_auth(
                "Legacy",
                "https://legacy.example.com/login",
                "https://legacy.example.com/auth",
            ))
            .send(),
    )
    .await
    .expect("app");
    let user = within(client.users().create(profile(name)).send())
        .await
        .expect("user");
    (app.id, user)
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("expected an object, got {other}"),
    }
}

#[tokio::test]
async fn an_sso_assignment_is_a_user_scoped_app_user_with_the_users_id() {
    let server = start_mock().await;
    let client = client_for(&server);
    let (app, user) = app_and_user(&client, "sso").await;
    let assigned = within(client.app_users(&app).assign(&user.id))
        .await
        .expect("assigned");
    assert_eq!(assigned.id, user.id);
    assert_eq!(assigned.scope, Some(AppUserScope::User));
    assert_eq!(
        assigned.external_id, None,
        "an SSO-only app user has no external id"
    );
    let read = within(client.app_users(&app).get(&user.id))
        .await
        .expect("read");
    assert_eq!(read.id, user.id);
    let body = requests_to(&server, "POST", &format!("/api/v1/apps/{app}/users"));
    assert_eq!(body.len(), 1);
    assert_eq!(body[0].status, 200);
}

#[tokio::test]
async fn an_assignment_with_a_profile_and_credentials_keeps_them_but_never_returns_the_password() {
    let server = start_mock().await;
    let client = client_for(&server);
    let (app, user) = app_and_user(&client, "prof").await;
    let assignment = AppUserAssignment::new(&user.id)
        .user_name("prof.legacy")
        .password("app-secret-1")
        .attribute("department", "R&D")
        .attribute("costCenter", 42);
    let assigned = within(client.app_users(&app).assign_with(&assignment))
        .await
        .expect("assigned");
    assert_eq!(assigned.profile["department"], json!("R&D"));
    assert_eq!(assigned.profile["costCenter"], json!(42));
    let credentials = assigned.credentials.expect("credentials");
    assert_eq!(credentials.user_name.as_deref(), Some("prof.legacy"));
    let raw = within(client.raw(RawRequest::new(
        Method::GET,
        format!("/api/v1/apps/{app}/users/{}", user.id),
    )))
    .await
    .expect("raw read");
    assert!(!raw.body.to_string().contains("app-secret-1"));
}

#[tokio::test]
async fn a_profile_update_changes_what_it_sets_and_keeps_the_rest() {
    let server = start_mock().await;
    let client = client_for(&server);
    let (app, user) = app_and_user(&client, "upd").await;
    let assignment = AppUserAssignment::new(&user.id)
        .attribute("department", "R&D")
        .attribute("title", "Engineer");
    within(client.app_users(&app).assign_with(&assignment))
        .await
        .expect("assigned");
    let update = object(json!({"title": "Lead", "location": "Oslo"}));
    let updated = within(client.app_users(&app).update_profile(&user.id, &update))
        .await
        .expect("updated");
    assert_eq!(updated.profile["title"], json!("Lead"));
    assert_eq!(updated.profile["location"], json!("Oslo"));
    assert_eq!(updated.profile["department"], json!("R&D"));
}

#[tokio::test]
async fn a_credentials_update_changes_the_user_name_in_the_app() {
    let server = start_mock().await;
    let client = client_for(&server);
    let (app, user) = app_and_user(&client, "cred").await;
    within(client.app_users(&app).assign(&user.id))
        .await
        .expect("assigned");
    let credentials = AppUserCredentials {
        user_name: Some("cred-renamed".into()),
        password: None,
    };
    let updated = within(
        client
            .app_users(&app)
            .update_credentials(&user.id, &credentials),
    )
    .await
    .expect("updated");
    assert_eq!(
        updated.credentials.and_then(|c| c.user_name).as_deref(),
        Some("cred-renamed")
    );
}

#[tokio::test]
async fn an_unassigned_user_is_a_not_found_e0000007_and_none_for_get_opt() {
    let server = start_mock().await;
    let client = client_for(&server);
    let (app, user) = app_and_user(&client, "gone").await;
    let err = within(client.app_users(&app).get(&user.id))
        .await
        .expect_err("never assigned");
    assert!(err.is_not_found());
    let api = api_error(&err);
    assert_eq!(
        (api.status, api.error_code.clone()),
        (404, ErrorCode::NotFound)
    );

    within(client.app_users(&app).assign(&user.id))
        .await
        .expect("assigned");
    within(
        client
            .app_users(&app)
            .unassign(&user.id, UnassignAppUser::new()),
    )
    .await
    .expect("unassigned");
    let unassign = requests_to(
        &server,
        "DELETE",
        &format!("/api/v1/apps/{app}/users/{}", user.id),
    );
    assert_eq!(unassign[0].status, 204);
    assert!(
        within(client.app_users(&app).get_opt(&user.id))
            .await
            .expect("lookup")
            .is_none()
    );
    let err = within(
        client
            .app_users(&app)
            .unassign(&user.id, UnassignAppUser::new()),
    )
    .await
    .expect_err("not assigned any more");
    assert!(err.is_not_found());
}

#[tokio::test]
async fn listing_app_users_with_expand_user_embeds_each_okta_user() {
    let server = start_mock().await;
    let client = client_for(&server);
    let (app, first) = app_and_user(&client, "exp1").await;
    let second = within(client.users().create(profile("exp2")).send())
        .await
        .expect("user");
    for user in [&first, &second] {
        within(client.app_users(&app).assign(&user.id))
            .await
            .expect("assigned");
    }
    let listed = within(client.app_users(&app).list().expand_user().collect_all())
        .await
        .expect("listed");
    assert_eq!(listed.len(), 2);
    for app_user in &listed {
        let embedded = app_user.embedded_user().expect("an embedded user");
        assert_eq!(embedded.id, app_user.id);
        assert!(embedded.login().starts_with("exp"));
    }
    let plain = within(client.app_users(&app).list().collect_all())
        .await
        .expect("listed");
    assert!(plain.iter().all(|au| au.embedded_user().is_none()));
}

#[tokio::test]
async fn app_users_are_listed_fifty_per_page_by_default() {
    let users: Vec<Value> = (0..55)
        .map(|n| {
            let login = format!("user{n:02}@example.com");
            json!({"profile": {"login": login, "email": login, "firstName": "U",
                               "lastName": format!("N{n:02}")},
                   "apps": [{"app": "Wiki"}]})
        })
        .collect();
    let scenario = json!({"apps": [{"name": "bookmark", "label": "Wiki"}], "users": users});
    let server = start_mock_with(&scenario.to_string()).await;
    let client = client_for(&server);
    let wiki = within(client.apps().list().q("Wiki").collect_all())
        .await
        .expect("apps");
    assert_eq!(wiki.len(), 1);
    let pages: Vec<_> = within(
        client
            .app_users(&wiki[0].id)
            .list()
            .pages()
            .try_collect::<Vec<_>>(),
    )
    .await
    .expect("listed");
    assert_eq!(
        pages.iter().map(|p| p.items.len()).collect::<Vec<_>>(),
        vec![50, 5]
    );
    let mut ids: Vec<UserId> = pages
        .into_iter()
        .flat_map(|p| p.items)
        .map(|au| au.id)
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 55);
}

#[tokio::test]
async fn a_deactivated_user_cannot_be_assigned() {
    let server = start_mock().await;
    let client = client_for(&server);
    let (app, user) = app_and_user(&client, "deact").await;
    within(client.users().deactivate(&user.id, DeactivateUser::new()))
        .await
        .expect("deactivated");
    let err = within(client.app_users(&app).assign(&user.id))
        .await
        .expect_err("refused");
    assert_eq!(api_error(&err).status, 403);
}

#[tokio::test]
async fn a_deprovisioned_ad_app_user_has_no_external_id_and_an_active_one_has_its_immutable_id() {
    let server = start_mock_with(
        r#"{"apps": [{"name": "active_directory", "label": "corp.example.com"},
                     {"name": "active_directory", "label": "emea.example.com"}],
            "users": [{"profile": {"login": "ad@example.com", "email": "ad@example.com",
                                   "firstName": "A", "lastName": "D"},
                       "apps": [{"app": "corp.example.com", "externalId": "yYuRNW0Z6kCXeYidebdT8A=="},
                                {"app": "emea.example.com", "externalId": "NZGLyRltQOqXeYidebdT8A==",
                                 "status": "DEPROVISIONED"}]}]}"#,
    )
    .await;
    let client = client_for(&server);
    let ads = within(client.apps().list().active_directory().collect_all())
        .await
        .expect("ads");
    let app = |label: &str| {
        ads.iter()
            .find(|a| a.label == label)
            .map(|a| a.id.clone())
            .expect(label)
    };
    let user = within(client.users().get_by_login("ad@example.com"))
        .await
        .expect("user");
    let corp = within(client.app_users(app("corp.example.com")).get(&user.id))
        .await
        .expect("corp");
    assert_eq!(
        corp.external_id.as_deref(),
        Some("yYuRNW0Z6kCXeYidebdT8A==")
    );
    let emea = within(client.app_users(app("emea.example.com")).get(&user.id))
        .await
        .expect("emea");
    assert_eq!(
        emea.status,
        Some(okta_client::models::AppUserStatus::Deprovisioned)
    );
    assert_eq!(
        emea.external_id, None,
        "a DEPROVISIONED app user has no externalId"
    );
    let links = corp.links.expect("_links");
    assert!(
        links.contains_key("app") && links.contains_key("user"),
        "{links:?}"
    );
}
