//! An export is the same org: exported from mock A through the admin API and loaded into a
//! fresh mock B, every listing of users, groups, members, apps, app users and group
//! assignments answers the same JSON, timestamps and credentials state included.

use okta_mock::scenario::default_scenario;
use okta_mock::{MockConfig, MockServer};
use serde_json::{Value, json};

use crate::common::Api;

async fn json(api: &Api, path: &str) -> Value {
    let res = api.get(path).await;
    assert_eq!(res.status(), 200, "GET {path}");
    let text = res.text().await.expect("a body");
    serde_json::from_str(&text.replace(&api.base, "http://mock")).expect("JSON")
}

fn org() -> MockConfig {
    MockConfig::default().scenario(default_scenario())
}

async fn listings(api: &Api) -> Value {
    let users = json(api, "/api/v1/users?limit=200").await;
    let mut per_user = Vec::new();
    for u in users.as_array().unwrap() {
        let id = u["id"].as_str().unwrap();
        per_user.push(json(api, &format!("/api/v1/users/{id}")).await);
        per_user.push(json(api, &format!("/api/v1/users/{id}/groups")).await);
    }
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
        assignments.push(json(api, &format!("/api/v1/apps/{id}/users?limit=200")).await);
        assignments.push(json(api, &format!("/api/v1/apps/{id}/groups")).await);
    }
    json!({"users": users, "perUser": per_user, "groups": groups, "members": members,
           "apps": apps, "assignments": assignments,
           "deprovisioned": json(api, "/api/v1/users?filter=status%20eq%20%22DEPROVISIONED%22").await})
}

/// Writes that move every timestamp and credentials state the API shows.
async fn change(api: &Api) {
    let res = api
        .post(
            "/api/v1/users?activate=true",
            json!({"profile": {"login": "pw@example.com", "email": "pw@example.com",
                               "firstName": "P", "lastName": "W"},
                   "credentials": {"password": {"value": "Sup3r-secret!"},
                                   "recovery_question": {"question": "Who?", "answer": "Me, myself"}}}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let pw: Value = res.json().await.unwrap();
    let pw = pw["id"].as_str().unwrap().to_owned();
    let res = api
        .post(
            "/api/v1/users?activate=true&provider=true",
            json!({"profile": {"login": "fed@example.com", "email": "fed@example.com",
                                 "firstName": "F", "lastName": "D"}}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = api
        .post(
            &format!("/api/v1/users/{pw}/lifecycle/expire_password"),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let group = api.create_group("Exported").await;
    let res = api
        .put(&format!("/api/v1/groups/{group}/users/{pw}"), json!({}))
        .await;
    assert_eq!(res.status(), 204);
    let apps = json(api, "/api/v1/apps?q=Intranet").await;
    let mut intranet = apps[0].clone();
    let app = intranet["id"].as_str().unwrap().to_owned();
    let res = api
        .post(
            &format!("/api/v1/apps/{app}/users"),
            json!({"id": pw, "credentials": {"userName": "pw.intranet"}, "profile": {"x": 1}}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = api
        .put(
            &format!("/api/v1/apps/{app}/groups/{group}"),
            json!({"priority": 7, "profile": {"role": "reader"}}),
        )
        .await;
    assert_eq!(res.status(), 200);
    intranet["label"] = json!("Intranet (renamed)");
    intranet["visibility"]["hide"]["web"] = json!(true);
    let res = api.put(&format!("/api/v1/apps/{app}"), intranet).await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
}

#[tokio::test]
async fn an_export_loaded_into_a_fresh_mock_is_the_same_org() {
    let a = MockServer::start_with(org()).await.unwrap();
    let api_a = Api::new(&a);
    change(&api_a).await;
    let exported = api_a.get("/__mock/scenario").await.text().await.unwrap();
    let before = listings(&api_a).await;

    // A second mock, started later: every timestamp it would write itself differs.
    let b = MockServer::start_with(MockConfig::default().seed(99))
        .await
        .unwrap();
    let api_b = Api::new(&b);
    let res = api_b
        .post("/__mock/scenario", serde_json::from_str(&exported).unwrap())
        .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    assert_eq!(
        super::first_difference(&listings(&api_b).await, &before),
        None
    );
    // And it exports the same file.
    assert_eq!(
        api_b.get("/__mock/scenario").await.text().await.unwrap(),
        exported
    );
}

#[tokio::test]
async fn an_export_carries_timestamps_and_credentials_state() {
    let mock = MockServer::start_with(org()).await.unwrap();
    let api = Api::new(&mock);
    change(&api).await;
    let export = json(&api, "/__mock/scenario").await;
    let pw = export["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["profile"]["login"] == "pw@example.com")
        .unwrap();
    assert_eq!(pw["status"], "PASSWORD_EXPIRED");
    assert_eq!(pw["credentials"]["password"], json!(true));
    assert_eq!(pw["credentials"]["recoveryQuestion"], "Who?");
    for key in [
        "created",
        "activated",
        "statusChanged",
        "lastUpdated",
        "passwordChanged",
    ] {
        assert!(pw["timestamps"][key].is_string(), "{key}: {pw}");
    }
    let assignment = &pw["apps"][0];
    assert_eq!(assignment["userName"], "pw.intranet");
    assert!(
        assignment["timestamps"]["created"].is_string(),
        "{assignment}"
    );
    let everyone = &export["groups"][0];
    assert_eq!(everyone["type"], "BUILT_IN");
    assert!(everyone["timestamps"]["lastMembershipUpdated"].is_string());
    let intranet = export["apps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["label"] == "Intranet (renamed)")
        .unwrap();
    assert!(
        intranet["timestamps"]["lastUpdated"].is_string(),
        "{intranet}"
    );
    assert_eq!(
        intranet["groupAssignments"]["Exported"]["priority"],
        json!(7)
    );
    assert_eq!(
        intranet["details"]["visibility"]["hide"]["web"],
        json!(true)
    );
    assert!(!export.to_string().contains("Sup3r-secret!"));
    assert!(!export.to_string().contains("Me, myself"));
}
