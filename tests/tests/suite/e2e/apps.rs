//! End to end, the real client against the mock: application instances, their listing and the
//! create → replace → deactivate → delete lifecycle.

use futures::TryStreamExt;
use okta_client::api::{NewApplication, OidcApplicationType};
use okta_client::models::{ApplicationStatus, ErrorCode, SignOnMode};
use okta_tests::{
    api_error, client_for, profile, requests_to, start_mock, start_mock_with, within,
};
use serde_json::{Value, json};

/// Three AD domains, Office 365 and a bookmark.
const ORG: &str = r#"{
  "apps": [
    {"name": "active_directory", "label": "corp.example.com"},
    {"name": "active_directory", "label": "emea.example.com"},
    {"name": "active_directory", "label": "apac.example.com"},
    {"name": "office365", "label": "Microsoft Office 365"},
    {"name": "bookmark", "label": "Intranet"}
  ]
}"#;

#[tokio::test]
async fn filtering_on_the_active_directory_name_lists_only_ad_apps_with_a_null_sign_on_mode() {
    let server = start_mock_with(ORG).await;
    let client = client_for(&server);
    let ads = within(client.apps().list().active_directory().collect_all())
        .await
        .expect("listed");
    let mut labels: Vec<&str> = ads.iter().map(|a| a.label.as_str()).collect();
    labels.sort_unstable();
    assert_eq!(
        labels,
        vec!["apac.example.com", "corp.example.com", "emea.example.com"]
    );
    assert!(ads.iter().all(|a| a.is_active_directory()));
    assert!(ads.iter().all(|a| a.sign_on_mode.is_none()));
    let query = requests_to(&server, "GET", "/api/v1/apps")[0].query.clone();
    assert_eq!(
        query.as_deref(),
        Some("filter=name+eq+%22active_directory%22")
    );
}

#[tokio::test]
async fn q_lists_apps_whose_name_or_label_starts_with_it() {
    let server = start_mock_with(ORG).await;
    let client = client_for(&server);
    let micro = within(client.apps().list().q("micro").collect_all())
        .await
        .expect("listed");
    assert_eq!(
        micro.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        vec!["office365"]
    );
    let by_name = within(client.apps().list().q("active_dir").collect_all())
        .await
        .expect("listed");
    assert_eq!(by_name.len(), 3);
}

#[tokio::test]
async fn an_app_is_read_by_id_and_a_missing_one_is_not_found() {
    let server = start_mock_with(ORG).await;
    let client = client_for(&server);
    let all = within(client.apps().list().collect_all())
        .await
        .expect("listed");
    assert_eq!(all.len(), 5);
    let office = all
        .iter()
        .find(|a| a.name == "office365")
        .expect("office365");
    let read = within(client.apps().get(&office.id)).await.expect("read");
    assert_eq!(read.label, "Microsoft Office 365");
    assert_eq!(read.status, ApplicationStatus::Active);
    let err = within(client.apps().get("0oanosuchapp00000000"))
        .await
        .expect_err("missing");
    assert!(err.is_not_found());
    assert!(api_error(&err).error_summary.contains("AppInstance"));
}

#[tokio::test]
async fn apps_of_every_custom_sign_on_mode_are_created_active_with_that_mode() {
    let server = start_mock().await;
    let client = client_for(&server);
    let apps = [
        (
            NewApplication::bookmark("Wiki", "https://wiki.example.com"),
            SignOnMode::Bookmark,
        ),
        (
            NewApplication::basic_auth(
                "Legacy",
                "https://legacy.example.com/login",
                "https://legacy.example.com/auth",
            ),
            SignOnMode::BasicAuth,
        ),
        (
            NewApplication::auto_login("Portal", "https://portal.example.com/login")
                .redirect_url("https://portal.example.com/home"),
            SignOnMode::AutoLogin,
        ),
        (
            NewApplication::saml_2_0(
                "Payroll",
                "https://payroll.example.com/sso/saml",
                "https://payroll.example.com",
            ),
            SignOnMode::Saml20,
        ),
        (
            NewApplication::oidc(
                "Dashboard",
                OidcApplicationType::Web,
                ["https://dash.example.com/callback"],
            ),
            SignOnMode::OpenidConnect,
        ),
    ];
    for (new_app, mode) in &apps {
        let created = within(client.apps().create(new_app.clone()).send())
            .await
            .unwrap_or_else(|e| panic!("creating {mode}: {e}"));
        assert_eq!(created.sign_on_mode.as_ref(), Some(mode));
        assert_eq!(created.status, ApplicationStatus::Active);
        assert_eq!(created.label, new_app.label);
        assert!(!created.name.is_empty(), "Okta names every app");
        let read = within(client.apps().get(&created.id)).await.expect("read");
        assert_eq!(read.sign_on_mode.as_ref(), Some(mode));
    }
    let inactive = within(
        client
            .apps()
            .create(NewApplication::bookmark(
                "Later",
                "https://later.example.com",
            ))
            .activate(false)
            .send(),
    )
    .await
    .expect("created");
    assert_eq!(inactive.status, ApplicationStatus::Inactive);
    assert!(
        requests_to(&server, "POST", "/api/v1/apps")
            .iter()
            .all(|e| e.status == 200)
    );
}

#[tokio::test]
async fn an_app_goes_through_replace_deactivate_and_delete() {
    let server = start_mock().await;
    let client = client_for(&server);
    let apps = client.apps();
    let app = within(
        apps.create(NewApplication::bookmark("Docs", "https://docs.example.com"))
            .send(),
    )
    .await
    .expect("created");

    let mut changed = app.clone();
    changed.label = "Documentation".into();
    let replaced = within(apps.replace(&app.id, &changed))
        .await
        .expect("replaced");
    assert_eq!(replaced.label, "Documentation");
    assert_eq!(
        within(apps.get(&app.id)).await.expect("read").label,
        "Documentation"
    );

    let err = within(apps.delete(&app.id))
        .await
        .expect_err("an ACTIVE app cannot be deleted");
    let api = api_error(&err);
    assert_eq!(api.status, 403);
    assert_eq!(api.error_code, ErrorCode::DeleteActiveApp);
    assert_eq!(api.error_code.as_str(), "E0000056");

    within(apps.deactivate(&app.id)).await.expect("deactivated");
    assert_eq!(
        within(apps.get(&app.id)).await.expect("read").status,
        ApplicationStatus::Inactive
    );
    let deactivations = requests_to(
        &server,
        "POST",
        &format!("/api/v1/apps/{}/lifecycle/deactivate", app.id),
    );
    assert_eq!(deactivations[0].status, 200);

    within(apps.delete(&app.id)).await.expect("deleted");
    let deletes = requests_to(&server, "DELETE", &format!("/api/v1/apps/{}", app.id));
    assert_eq!(
        deletes.iter().map(|e| e.status).collect::<Vec<_>>(),
        vec![403, 204]
    );
    assert!(
        within(apps.get_opt(&app.id))
            .await
            .expect("lookup")
            .is_none()
    );
}

#[tokio::test]
async fn a_deactivated_app_can_be_activated_again() {
    let server = start_mock().await;
    let client = client_for(&server);
    let app = within(
        client
            .apps()
            .create(NewApplication::bookmark("Flip", "https://flip.example.com"))
            .activate(false)
            .send(),
    )
    .await
    .expect("created");
    within(client.apps().activate(&app.id))
        .await
        .expect("activated");
    assert_eq!(
        within(client.apps().get(&app.id))
            .await
            .expect("read")
            .status,
        ApplicationStatus::Active
    );
}

#[tokio::test]
async fn deleting_an_app_removes_its_app_users() {
    let server = start_mock().await;
    let client = client_for(&server);
    let app = within(
        client
            .apps()
            .create(NewApplication::bookmark("Tmp", "https://tmp.example.com"))
            .send(),
    )
    .await
    .expect("created");
    let user = within(client.users().create(profile("appuser")).send())
        .await
        .expect("user");
    within(client.app_users(&app.id).assign(&user.id))
        .await
        .expect("assigned");
    within(client.apps().deactivate(&app.id))
        .await
        .expect("deactivated");
    within(client.apps().delete(&app.id))
        .await
        .expect("deleted");
    let links = within(client.users().app_links(&user.id))
        .await
        .expect("links");
    assert!(links.is_empty(), "{links:?}");
    let err = within(client.app_users(&app.id).get(&user.id))
        .await
        .expect_err("no app, no app user");
    assert!(err.is_not_found());
    let health = within(client.raw(okta_client::RawRequest::new(
        okta_client::Method::GET,
        "/__mock/health",
    )))
    .await
    .expect("health");
    assert_eq!(health.body["appUsers"], json!(0));
}

#[tokio::test]
async fn apps_are_listed_twenty_per_page_by_default() {
    let apps: Vec<Value> = (0..25)
        .map(|n| json!({"name": "bookmark", "label": format!("App {n:02}")}))
        .collect();
    let server = start_mock_with(&json!({ "apps": apps }).to_string()).await;
    let client = client_for(&server);
    let pages: Vec<_> = within(client.apps().list().pages().try_collect::<Vec<_>>())
        .await
        .expect("listed");
    assert_eq!(
        pages.iter().map(|p| p.items.len()).collect::<Vec<_>>(),
        vec![20, 5]
    );
    let requests = requests_to(&server, "GET", "/api/v1/apps");
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].query, None);
    let mut ids: Vec<_> = pages
        .into_iter()
        .flat_map(|p| p.items)
        .map(|a| a.id)
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 25, "no app is listed twice");
}

#[tokio::test]
async fn apps_assigned_to_a_user_are_listed_with_its_app_user_embedded() {
    let server = start_mock_with(ORG).await;
    let client = client_for(&server);
    let user = within(client.users().create(profile("multi")).send())
        .await
        .expect("user");
    let ads = within(client.apps().list().active_directory().collect_all())
        .await
        .expect("ads");
    let mut assigned: Vec<_> = ads.iter().take(2).map(|a| a.id.clone()).collect();
    for app in &assigned {
        within(client.app_users(app).assign(&user.id))
            .await
            .expect("assigned");
    }
    let listed = within(client.apps().list().assigned_to(&user.id).collect_all())
        .await
        .expect("listed");
    let mut ids: Vec<_> = listed.iter().map(|a| a.id.clone()).collect();
    ids.sort();
    assigned.sort();
    assert_eq!(ids, assigned);
    for app in &listed {
        let embedded = app
            .embedded
            .as_ref()
            .and_then(|e| e.get("user"))
            .expect("the user's app user is embedded");
        assert_eq!(embedded["id"], json!(user.id.as_str()));
    }
}

#[tokio::test]
async fn a_status_filter_lists_only_inactive_apps() {
    let server = start_mock_with(ORG).await;
    let client = client_for(&server);
    let all = within(client.apps().list().collect_all())
        .await
        .expect("listed");
    let intranet = all
        .iter()
        .find(|a| a.label == "Intranet")
        .expect("intranet");
    within(client.apps().deactivate(&intranet.id))
        .await
        .expect("deactivated");
    let inactive = within(
        client
            .apps()
            .list()
            .filter("status eq \"INACTIVE\"")
            .collect_all(),
    )
    .await
    .expect("filtered");
    assert_eq!(
        inactive.iter().map(|a| &a.id).collect::<Vec<_>>(),
        vec![&intranet.id]
    );
}
