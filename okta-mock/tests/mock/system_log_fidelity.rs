//! System Log events a change makes beside its own: the app assignments a deactivation or a
//! deletion drops, an app user's renaming, and event hook changes (which live outside the
//! store).

use okta_mock::{MockConfig, MockServer};
use serde_json::{Value, json};

use crate::common::Api;
use crate::system_log::{cards_scenario, logs};

/// Every logged event of `event_type`, oldest first.
async fn events_of(api: &Api, event_type: &str) -> Vec<Value> {
    let filter = format!(r#"eventType eq "{event_type}""#);
    let query = serde_urlencoded::to_string([("filter", filter.as_str())]).unwrap();
    let window = "since=2000-01-01T00:00:00.000Z&until=2999-01-01T00:00:00.000Z";
    logs(api, &format!("{query}&{window}")).await.0
}

/// `[type, id, alternateId]` of each target.
fn targets(event: &Value) -> Vec<[String; 3]> {
    event["target"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            ["type", "id", "alternateId"].map(|k| t[k].as_str().unwrap_or_default().to_owned())
        })
        .collect()
}

async fn start() -> (MockServer, Api, String) {
    let server = MockServer::start_with(MockConfig::default().scenario(cards_scenario()))
        .await
        .unwrap();
    let api = Api::new(&server);
    let apps: Vec<Value> = api.get("/api/v1/apps").await.json().await.unwrap();
    let app = apps[0]["id"].as_str().unwrap().to_owned();
    (server, api, app)
}

async fn new_app(api: &Api, label: &str) -> String {
    let res = api
        .post(
            "/api/v1/apps",
            json!({"name": "bookmark", "label": label, "signOnMode": "BOOKMARK",
                   "settings": {"app": {"requestIntegration": false, "url": "https://example.com"}}}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let app: Value = res.json().await.unwrap();
    app["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn deactivating_a_user_logs_the_removal_of_each_app_assignment_it_drops() {
    let (_server, api, wiki) = start().await;
    let crm = new_app(&api, "CRM").await;
    let ada = api.create_user("ada@example.com").await;
    let res = api
        .post(
            &format!("/api/v1/apps/{wiki}/users"),
            json!({"id": ada, "credentials": {"userName": "ada.wiki"}}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = api
        .post(&format!("/api/v1/apps/{crm}/users"), json!({"id": ada}))
        .await;
    assert_eq!(res.status(), 200);
    assert!(
        events_of(&api, "application.user_membership.remove")
            .await
            .is_empty()
    );

    let res = api
        .post(
            &format!("/api/v1/users/{ada}/lifecycle/deactivate"),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);

    let removed = events_of(&api, "application.user_membership.remove").await;
    assert_eq!(removed.len(), 2, "{removed:#?}");
    let mut seen: Vec<_> = removed.iter().map(targets).collect();
    seen.sort();
    let mut expected = vec![
        vec![
            ["AppUser".into(), ada.clone(), "ada.wiki".into()],
            ["AppInstance".into(), wiki.clone(), "Wiki".into()],
            ["User".into(), ada.clone(), "ada@example.com".into()],
        ],
        vec![
            ["AppUser".into(), ada.clone(), "ada@example.com".into()],
            ["AppInstance".into(), crm.clone(), "CRM".into()],
            ["User".into(), ada.clone(), "ada@example.com".into()],
        ],
    ];
    expected.sort();
    assert_eq!(seen, expected);
    for event in &removed {
        assert_eq!(
            event["displayMessage"],
            "Remove users application membership"
        );
    }
    // The deactivation itself names only the user.
    let deactivated = events_of(&api, "user.lifecycle.deactivate").await;
    assert_eq!(deactivated.len(), 1);
    assert_eq!(
        targets(&deactivated[0]),
        [["User".to_owned(), ada.clone(), "ada@example.com".to_owned()]]
    );
    // Deleting the deactivated user drops nothing more.
    assert_eq!(
        api.delete(&format!("/api/v1/users/{ada}")).await.status(),
        204
    );
    assert_eq!(
        events_of(&api, "application.user_membership.remove")
            .await
            .len(),
        2
    );
}

#[tokio::test]
async fn deleting_an_active_user_logs_the_removals_of_its_assignments() {
    let (_server, api, wiki) = start().await;
    let ada = api.create_user("ada@example.com").await;
    let res = api
        .post(&format!("/api/v1/apps/{wiki}/users"), json!({"id": ada}))
        .await;
    assert_eq!(res.status(), 200);
    // The first DELETE deactivates.
    assert_eq!(
        api.delete(&format!("/api/v1/users/{ada}")).await.status(),
        204
    );
    let removed = events_of(&api, "application.user_membership.remove").await;
    assert_eq!(removed.len(), 1, "{removed:#?}");
    assert_eq!(removed[0]["target"][1]["id"], wiki.as_str());
    // Suspending keeps assignments: nothing is removed.
    let bob = api.create_user("bob@example.com").await;
    let res = api
        .post(&format!("/api/v1/apps/{wiki}/users"), json!({"id": bob}))
        .await;
    assert_eq!(res.status(), 200);
    let res = api
        .post(&format!("/api/v1/users/{bob}/lifecycle/suspend"), json!({}))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        events_of(&api, "application.user_membership.remove")
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn a_new_app_user_name_logs_change_username_and_a_profile_change_logs_update() {
    let (_server, api, wiki) = start().await;
    let ada = api.create_user("ada@example.com").await;
    let path = format!("/api/v1/apps/{wiki}/users/{ada}");
    let res = api
        .post(&format!("/api/v1/apps/{wiki}/users"), json!({"id": ada}))
        .await;
    assert_eq!(res.status(), 200);

    let res = api
        .post(&path, json!({"credentials": {"userName": "ada.l"}}))
        .await;
    assert_eq!(res.status(), 200);
    let renamed = events_of(&api, "application.user_membership.change_username").await;
    assert_eq!(renamed.len(), 1, "{renamed:#?}");
    assert_eq!(
        renamed[0]["displayMessage"],
        "Change users application username"
    );
    assert_eq!(
        targets(&renamed[0])[0],
        ["AppUser".to_owned(), ada.clone(), "ada.l".to_owned()]
    );
    assert!(
        events_of(&api, "application.user_membership.update")
            .await
            .is_empty()
    );

    // The same name again is no rename; a profile change is an update.
    let res = api
        .post(
            &path,
            json!({"credentials": {"userName": "ada.l"}, "profile": {"title": "Eng"}}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        events_of(&api, "application.user_membership.change_username")
            .await
            .len(),
        1
    );
    assert_eq!(
        events_of(&api, "application.user_membership.update")
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn event_hook_changes_are_logged_with_the_hook_as_target() {
    let (_server, api, _) = start().await;
    let body = json!({
        "name": "Deprovisioning",
        "events": {"type": "EVENT_TYPE", "items": ["user.lifecycle.deactivate"]},
        "channel": {"type": "HTTP", "version": "1.0.0",
                    "config": {"uri": "http://127.0.0.1:9/hook"}},
    });
    let res = api.post("/api/v1/eventHooks", body.clone()).await;
    assert_eq!(res.status(), 200);
    let hook: Value = res.json().await.unwrap();
    let id = hook["id"].as_str().unwrap().to_owned();
    let base = format!("/api/v1/eventHooks/{id}");
    let ok = |s: u16| assert!(s == 200 || s == 204, "status {s}");
    ok(api
        .post(&format!("{base}/lifecycle/deactivate"), json!({}))
        .await
        .status()
        .as_u16());
    ok(api
        .post(&format!("{base}/lifecycle/activate"), json!({}))
        .await
        .status()
        .as_u16());
    ok(api.put(&base, body).await.status().as_u16());
    ok(api
        .post(&format!("{base}/lifecycle/deactivate"), json!({}))
        .await
        .status()
        .as_u16());
    ok(api.delete(&base).await.status().as_u16());
    // A refused change logs nothing.
    assert_eq!(api.delete(&base).await.status(), 404);

    let (events, _) = logs(
        &api,
        "filter=eventType%20sw%20%22event_hook.%22&since=2000-01-01T00:00:00.000Z&until=2999-01-01T00:00:00.000Z",
    )
    .await;
    let types: Vec<&str> = events
        .iter()
        .map(|e| e["eventType"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "event_hook.created",
            "event_hook.deactivated",
            "event_hook.activated",
            "event_hook.updated",
            "event_hook.deactivated",
            "event_hook.deleted",
        ]
    );
    for event in &events {
        assert_eq!(
            targets(event),
            [[
                "EventHook".to_owned(),
                id.clone(),
                "Deprovisioning".to_owned()
            ]]
        );
        // The API token acts as the scenario's `me`.
        assert_eq!(event["actor"]["alternateId"], "mia.admin@example.com");
        assert_eq!(event["outcome"]["result"], "SUCCESS");
    }
}
