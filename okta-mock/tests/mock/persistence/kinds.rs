//! Each kind of state the org holds answers the same JSON after a restart on its data
//! directory, both when the restart replays the log (no snapshot) and when it loads the
//! snapshot taken at shutdown: users with their credentials state, groups (imported ones too),
//! apps with settings and provisioning failures, app users and group assignments, the System
//! Log (uuids and published times included), event hooks (verification status kept, secret
//! never shown), service apps and users' MFA factors.

use std::future::Future;
use std::pin::Pin;

use okta_mock::scenario::{Scenario, default_scenario};
use okta_mock::{MockConfig, MockServer, SnapshotPolicy};
use serde_json::{Value, json};

use super::TempDir;
use crate::common::Api;

type Step = for<'a> fn(&'a Api) -> Pin<Box<dyn Future<Output = Value> + 'a>>;

fn config(dir: &std::path::Path, at_shutdown: bool) -> MockConfig {
    MockConfig::default()
        .scenario(default_scenario())
        .data_dir(dir)
        .snapshot_policy(SnapshotPolicy {
            at_shutdown,
            ..SnapshotPolicy::default()
        })
}

async fn json(api: &Api, path: &str) -> Value {
    let res = api.get(path).await;
    assert_eq!(res.status(), 200, "GET {path}");
    let text = res.text().await.expect("a body");
    // `_links` name the mock's address, which changes with each start.
    serde_json::from_str(&text.replace(&api.base, "http://mock")).expect("JSON")
}

/// Runs `change`, then `observe` before and after a restart, for both ways a restart loads:
/// the log replayed, and the snapshot taken at shutdown.
async fn survives(name: &str, change: Step, observe: Step) {
    for at_shutdown in [false, true] {
        let dir = TempDir::new(name);
        let mock = MockServer::start_with(config(&dir.0, at_shutdown))
            .await
            .unwrap();
        let api = Api::new(&mock);
        let changed = change(&api).await;
        let before = observe(&api).await;
        drop(api);
        mock.shutdown().await;
        let snapshots = std::fs::read_dir(&dir.0)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().starts_with("snapshot-"))
            })
            .count();
        assert_eq!(snapshots, usize::from(at_shutdown), "{name}: snapshots");

        let mock = MockServer::start_with(config(&dir.0, at_shutdown))
            .await
            .unwrap();
        let api = Api::new(&mock);
        let after = observe(&api).await;
        assert_eq!(
            super::first_difference(&after, &before),
            None,
            "{name} (snapshot at shutdown: {at_shutdown}), after {changed}"
        );
        let storage = json(&api, "/__mock/storage").await;
        assert_eq!(
            storage["lastSnapshot"].is_object(),
            at_shutdown,
            "{storage}"
        );
        mock.shutdown().await;
    }
}

fn users_change(api: &Api) -> Pin<Box<dyn Future<Output = Value> + '_>> {
    Box::pin(async move {
        let mut ids = Vec::new();
        for (login, query, credentials) in [
            (
                "pw@example.com",
                "activate=true",
                json!({"password": {"value": "Sup3r-secret!"},
                       "recovery_question": {"question": "Who?", "answer": "Me, myself"}}),
            ),
            ("fed@example.com", "activate=true&provider=true", json!({})),
            ("staged@example.com", "activate=false", json!({})),
            (
                "expired@example.com",
                "activate=true",
                json!({"password": {"value": "Sup3r-secret!"}}),
            ),
        ] {
            let res = api
                .post(
                    &format!("/api/v1/users?{query}"),
                    json!({"profile": {"login": login, "email": login, "firstName": "F",
                                       "lastName": "L", "nickName": login},
                           "credentials": credentials}),
                )
                .await;
            assert_eq!(res.status(), 200, "{login}: {:?}", res.text().await);
            let user: Value = res.json().await.unwrap();
            ids.push(user["id"].as_str().unwrap().to_owned());
        }
        let res = api
            .post(
                &format!("/api/v1/users/{}/lifecycle/expire_password", ids[3]),
                json!({}),
            )
            .await;
        assert_eq!(res.status(), 200);
        let res = api
            .post(
                &format!("/api/v1/users/{}/lifecycle/suspend", ids[0]),
                json!({}),
            )
            .await;
        assert_eq!(res.status(), 200);
        json!(ids)
    })
}

fn users_observe(api: &Api) -> Pin<Box<dyn Future<Output = Value> + '_>> {
    Box::pin(async move {
        let all = json(api, "/api/v1/users?limit=200").await;
        let mut each = Vec::new();
        for u in all.as_array().unwrap() {
            let id = u["id"].as_str().unwrap();
            each.push(json(api, &format!("/api/v1/users/{id}")).await);
            each.push(json(api, &format!("/api/v1/users/{id}/groups")).await);
            each.push(json(api, &format!("/api/v1/users/{id}/appLinks")).await);
        }
        json!({"all": all, "each": each,
               "search": json(api, "/api/v1/users?search=profile.nickName%20sw%20%22e%22").await})
    })
}

#[tokio::test]
async fn users_with_their_credentials_state_survive_a_restart() {
    survives("kind-users", users_change, users_observe).await;
}

fn factors_change(api: &Api) -> Pin<Box<dyn Future<Output = Value> + '_>> {
    Box::pin(async move {
        let all = json(api, "/api/v1/users?limit=2").await;
        let ids: Vec<String> = all
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_str().unwrap().to_owned())
            .collect();
        let mut enrolled = Vec::new();
        for (id, body) in [
            (
                &ids[0],
                json!({"factorType": "token:software:totp", "provider": "GOOGLE"}),
            ),
            (
                &ids[0],
                json!({"factorType": "question", "provider": "OKTA",
                              "profile": {"question": "disliked_food", "answer": "mayonnaise"}}),
            ),
            (
                &ids[1],
                json!({"factorType": "token:software:totp", "provider": "OKTA"}),
            ),
        ] {
            let res = api.post(&format!("/api/v1/users/{id}/factors"), body).await;
            assert_eq!(res.status(), 200, "{:?}", res.text().await);
            let factor: Value = res.json().await.unwrap();
            enrolled.push(factor["id"].clone());
        }
        // One enrolled through the admin route, and one unenrolled again.
        let res = api
            .post(
                &format!("/__mock/users/{}/factors", ids[1]),
                json!({"factorType": "sms", "provider": "OKTA",
                       "profile": {"phoneNumber": "+1-555-415-1337"}}),
            )
            .await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let res = api
            .delete(&format!(
                "/api/v1/users/{}/factors/{}",
                ids[1],
                enrolled[2].as_str().unwrap()
            ))
            .await;
        assert_eq!(res.status(), 204);
        json!({"users": ids, "factors": enrolled})
    })
}

fn factors_observe(api: &Api) -> Pin<Box<dyn Future<Output = Value> + '_>> {
    Box::pin(async move {
        let all = json(api, "/api/v1/users?limit=2").await;
        let mut each = Vec::new();
        for u in all.as_array().unwrap() {
            let id = u["id"].as_str().unwrap();
            each.push(json(api, &format!("/api/v1/users/{id}/factors")).await);
        }
        json!(each)
    })
}

#[tokio::test]
async fn users_mfa_factors_survive_a_restart_with_their_ids() {
    survives("kind-factors", factors_change, factors_observe).await;
}

/// An org with what only a scenario makes: an imported group, a provisioning failure, a
/// service app with a secret, past System Log events.
fn special_org() -> Value {
    json!({
        "groups": [
            {"name": "Engineering"},
            {"name": "CORP\\Sales", "type": "APP_GROUP", "source": "corp.example.com",
             "profile": {"samAccountName": "Sales"}}
        ],
        "apps": [
            {"name": "active_directory", "label": "corp.example.com"},
            {"name": "bookmark", "label": "Wiki", "features": ["PUSH_NEW_USERS"],
             "provisioningFailure": "error",
             "settings": {"app": {"url": "https://wiki.example.com"}},
             "groups": ["Engineering"]}
        ],
        "users": [
            {"profile": {"login": "ann@example.com", "email": "ann@example.com",
                         "firstName": "Ann", "lastName": "A"},
             "groups": ["Engineering", "CORP\\Sales"],
             "apps": [{"app": "corp.example.com", "externalId": "AAECAwQFBgcICQoLDA0ODw=="}]}
        ],
        "me": "ann@example.com",
        "serviceApps": [{"clientId": "0oaservice", "clientSecret": "s3cret-of-the-app",
                         "scopes": ["okta.users.read"]}],
        "systemLog": [{"eventType": "user.session.start", "user": "ann@example.com",
                       "published": "-2h"}]
    })
}

fn org_change(api: &Api) -> Pin<Box<dyn Future<Output = Value> + '_>> {
    Box::pin(async move {
        let res = api.post("/__mock/scenario", special_org()).await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let bo = api.create_user("bo@example.com").await;
        let groups = json(api, "/api/v1/groups?q=Engineering").await;
        let eng = groups[0]["id"].as_str().unwrap().to_owned();
        let res = api
            .put(&format!("/api/v1/groups/{eng}/users/{bo}"), json!({}))
            .await;
        assert_eq!(res.status(), 204);
        let apps = json(api, "/api/v1/apps?q=Wiki").await;
        let wiki = apps[0]["id"].as_str().unwrap().to_owned();
        let res = api
            .post(
                &format!("/api/v1/apps/{wiki}/users/{bo}"),
                json!({"credentials": {"userName": "bo.wiki"}, "profile": {"role": "editor"}}),
            )
            .await;
        assert!(res.status().is_success(), "{:?}", res.text().await);
        json!({"bo": bo})
    })
}

fn org_observe(api: &Api) -> Pin<Box<dyn Future<Output = Value> + '_>> {
    Box::pin(async move {
        let groups = json(api, "/api/v1/groups").await;
        let mut members = Vec::new();
        for g in groups.as_array().unwrap() {
            let id = g["id"].as_str().unwrap();
            members.push(json(api, &format!("/api/v1/groups/{id}/users")).await);
        }
        let apps = json(api, "/api/v1/apps").await;
        let mut assignments = Vec::new();
        for a in apps.as_array().unwrap() {
            let id = a["id"].as_str().unwrap();
            assignments.push(json(api, &format!("/api/v1/apps/{id}/users")).await);
            assignments.push(json(api, &format!("/api/v1/apps/{id}/groups")).await);
        }
        let mut export = json(api, "/__mock/scenario").await;
        // Service apps are checked by signing in with one (the export leaves them out).
        export["serviceApps"] = Value::Null;
        let token = reqwest::Client::new()
            .post(api.url("/oauth2/v1/token"))
            .basic_auth("0oaservice", Some("s3cret-of-the-app"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials&scope=okta.users.read")
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        json!({"groups": groups, "members": members, "apps": apps,
               "assignments": assignments, "export": export, "token": token,
               "me": json(api, "/api/v1/users/me").await})
    })
}

#[tokio::test]
async fn groups_apps_assignments_imported_groups_failures_and_service_apps_survive_a_restart() {
    survives("kind-org", org_change, org_observe).await;
}

fn log_change(api: &Api) -> Pin<Box<dyn Future<Output = Value> + '_>> {
    Box::pin(async move {
        let user = api.create_user("logged@example.com").await;
        let res = api
            .post(
                "/__mock/events",
                json!([{"eventType": "user.account.lock", "user": user},
                       {"eventType": "security.threat.detected", "published": "-3d"}]),
            )
            .await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        let res = api
            .post(
                &format!("/api/v1/users/{user}/lifecycle/deactivate"),
                json!({}),
            )
            .await;
        assert_eq!(res.status(), 200);
        json!({"user": user})
    })
}

fn log_observe(api: &Api) -> Pin<Box<dyn Future<Output = Value> + '_>> {
    Box::pin(async move {
        let all = json(
            api,
            "/api/v1/logs?since=2000-01-01T00:00:00.000Z&limit=1000",
        )
        .await;
        assert!(all.as_array().is_some_and(|a| a.len() >= 4), "{all}");
        json!({"logs": all, "admin": json(api, "/__mock/events").await})
    })
}

#[tokio::test]
async fn system_log_events_keep_their_uuids_and_published_times_across_a_restart() {
    survives("kind-log", log_change, log_observe).await;
}

fn hooks_change(api: &Api) -> Pin<Box<dyn Future<Output = Value> + '_>> {
    Box::pin(async move {
        let mut ids = Vec::new();
        for name in ["first", "second"] {
            let res = api
                .post(
                    "/api/v1/eventHooks",
                    json!({"name": name, "events": {"type": "EVENT_TYPE",
                                                     "items": ["user.lifecycle.create"]},
                           "channel": {"type": "HTTP", "version": "1.0.0", "config": {
                               "uri": "http://127.0.0.1:9/hook",
                               "authScheme": {"type": "HEADER", "key": "Authorization",
                                              "value": "hook-secret-value"}}}}),
                )
                .await;
            assert_eq!(res.status(), 200, "{:?}", res.text().await);
            let hook: Value = res.json().await.unwrap();
            ids.push(hook["id"].as_str().unwrap().to_owned());
        }
        let res = api
            .post(
                &format!("/api/v1/eventHooks/{}/lifecycle/deactivate", ids[1]),
                json!({}),
            )
            .await;
        assert_eq!(res.status(), 200);
        json!(ids)
    })
}

fn hooks_observe(api: &Api) -> Pin<Box<dyn Future<Output = Value> + '_>> {
    Box::pin(async move {
        let hooks = json(api, "/api/v1/eventHooks").await;
        assert!(!hooks.to_string().contains("hook-secret-value"), "{hooks}");
        let logs = json(api, "/api/v1/logs?filter=eventType%20sw%20%22event_hook%22").await;
        json!({"hooks": hooks, "logs": logs})
    })
}

#[tokio::test]
async fn event_hooks_survive_a_restart_with_their_status_and_without_showing_their_secret() {
    survives("kind-hooks", hooks_change, hooks_observe).await;
}

#[test]
fn the_special_org_of_these_tests_is_a_valid_scenario() {
    Scenario::from_json_str(&special_org().to_string()).expect("parses");
}

#[tokio::test]
async fn a_verified_event_hook_still_delivers_with_its_secret_after_a_restart() {
    let receiver = crate::hook_receiver::Receiver::start(true).await;
    let dir = TempDir::new("kind-hook-delivery");
    let mock = MockServer::start_with(config(&dir.0, false)).await.unwrap();
    let api = Api::new(&mock);
    let res = api
        .post(
            "/api/v1/eventHooks",
            json!({"name": "kept", "events": {"type": "EVENT_TYPE",
                                             "items": ["user.lifecycle.create"]},
                   "channel": {"type": "HTTP", "version": "1.0.0", "config": {
                       "uri": receiver.url,
                       "authScheme": {"type": "HEADER", "key": "Authorization",
                                      "value": "kept-secret"}}}}),
        )
        .await;
    let hook: Value = res.json().await.unwrap();
    let id = hook["id"].as_str().unwrap().to_owned();
    let res = api
        .post(
            &format!("/api/v1/eventHooks/{id}/lifecycle/verify"),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    drop(api);
    mock.shutdown().await;

    let mock = MockServer::start_with(config(&dir.0, false)).await.unwrap();
    let api = Api::new(&mock);
    let hook = json(&api, &format!("/api/v1/eventHooks/{id}")).await;
    assert_eq!(hook["verificationStatus"], "VERIFIED", "{hook}");
    let user = api.create_user("after-restart@example.com").await;
    let (_, event) = receiver
        .wait_for_event("user.lifecycle.create", &user)
        .await;
    assert_eq!(event["eventType"], "user.lifecycle.create");
    let delivery = receiver.deliveries().pop().expect("a delivery");
    assert_eq!(delivery.headers["authorization"], "kept-secret");
    mock.shutdown().await;
}
