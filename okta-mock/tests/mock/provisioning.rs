//! Provisioning to apps that push users (`PUSH_NEW_USERS`), as the spec's `AppUserStatus` and
//! `AppUserSyncState` describe it and its examples `AppUserListEx` / `AppUserProvResponse` show
//! it: STAGED without `externalId` while queued, then PROVISIONED with an `externalId`,
//! `syncState` SYNCHRONIZED and `statusChanged` = `lastUpdated` = `lastSync`; failures leave
//! the app user STAGED.

use std::sync::Arc;
use std::time::Duration;

use crate::common::{authed, body_json, oneshot};
use axum::body::Body;
use okta_mock::scenario::Scenario;
use okta_mock::sim::ManualClock;
use okta_mock::{AppState, MockConfig};
use serde_json::{Value, json};
use time::macros::datetime;

async fn call(state: &AppState, method: &str, uri: &str, body: Value) -> (u16, Value) {
    let body = if body.is_null() {
        Body::empty()
    } else {
        Body::from(body.to_string())
    };
    let res = oneshot(state, authed(state, method, uri, body)).await;
    let status = res.status().as_u16();
    (status, body_json(res).await)
}

/// Ada and Bob; "Salesforce" pushes users, "Stuck" and "Broken" fail to, "Wiki" does not
/// provision.
fn org() -> Scenario {
    let person = |login: &str| json!({"profile": {"login": login, "email": login, "firstName": "A", "lastName": "B"}});
    let push = json!(["PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES"]);
    let scenario = json!({
        "apps": [
            {"name": "salesforce", "label": "Salesforce", "signOnMode": "SAML_2_0", "features": push},
            {"name": "stuck_app", "label": "Stuck", "signOnMode": "SAML_2_0", "features": push,
             "provisioningFailure": "stuck"},
            {"name": "broken_app", "label": "Broken", "signOnMode": "SAML_2_0", "features": push,
             "provisioningFailure": "error"},
            {"name": "bookmark", "label": "Wiki"}
        ],
        "users": [person("ada@example.com"), person("bob@example.com")]
    });
    Scenario::from_json_str(&scenario.to_string()).unwrap()
}

async fn ids(s: &AppState) -> (Vec<(String, String)>, String) {
    let (_, apps) = call(s, "GET", "/api/v1/apps", Value::Null).await;
    let apps = apps
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["label"].as_str().unwrap().to_owned(),
                a["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let (_, ada) = call(s, "GET", "/api/v1/users/ada@example.com", Value::Null).await;
    (apps, ada["id"].as_str().unwrap().to_owned())
}

fn app_id(apps: &[(String, String)], label: &str) -> String {
    apps.iter().find(|(l, _)| l == label).unwrap().1.clone()
}

fn is_hex32(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() == 32 && s.chars().all(|c| c.is_ascii_hexdigit()))
}

#[tokio::test]
async fn without_a_delay_an_assignment_to_a_pushing_app_answers_provisioned_with_an_external_id() {
    let s = MockConfig::default().scenario(org()).build_state().unwrap();
    let (apps, ada) = ids(&s).await;
    let path = format!("/api/v1/apps/{}/users", app_id(&apps, "Salesforce"));
    let (status, au) = call(&s, "POST", &path, json!({"id": ada})).await;
    assert_eq!(status, 200);
    assert_eq!(au["status"], "PROVISIONED");
    assert_eq!(au["syncState"], "SYNCHRONIZED");
    assert!(is_hex32(&au["externalId"]), "{au}");
    assert_eq!(au["lastSync"], au["statusChanged"]);
    assert_eq!(au["lastSync"], au["lastUpdated"]);
    // An app without provisioning keeps today's answer.
    let path = format!("/api/v1/apps/{}/users", app_id(&apps, "Wiki"));
    let (_, au) = call(&s, "POST", &path, json!({"id": ada})).await;
    assert_eq!(au["status"], "ACTIVE");
    assert_eq!(au["syncState"], "DISABLED");
    assert_eq!(au["externalId"], Value::Null);
    assert_eq!(au["lastSync"], Value::Null);
}

#[tokio::test]
async fn with_a_delay_the_app_user_is_staged_until_provisioning_completes() {
    let clock = Arc::new(ManualClock::new(datetime!(2024-01-31 18:25:01 UTC)));
    let s = MockConfig::default()
        .scenario(org())
        .clock(clock.clone())
        .provisioning_delay(Duration::from_secs(2))
        .build_state()
        .unwrap();
    let (apps, ada) = ids(&s).await;
    let path = format!("/api/v1/apps/{}/users", app_id(&apps, "Salesforce"));
    let (_, au) = call(&s, "POST", &path, json!({"id": ada})).await;
    assert_eq!(au["status"], "STAGED");
    assert_eq!(au["syncState"], "SYNCING");
    assert_eq!(au["externalId"], Value::Null);
    assert_eq!(au["lastSync"], Value::Null);
    assert_eq!(au["created"], "2024-01-31T18:25:01.000Z");
    clock.advance(Duration::from_millis(1_500));
    let (_, au) = call(&s, "GET", &format!("{path}/{ada}"), Value::Null).await;
    assert_eq!(au["status"], "STAGED");
    clock.advance(Duration::from_millis(500));
    // As in the spec's `AppUserListEx`: created 18:25:01, the rest 18:25:03.
    let (_, au) = call(&s, "GET", &format!("{path}/{ada}"), Value::Null).await;
    assert_eq!(au["status"], "PROVISIONED");
    assert_eq!(au["syncState"], "SYNCHRONIZED");
    assert!(is_hex32(&au["externalId"]));
    assert_eq!(au["created"], "2024-01-31T18:25:01.000Z");
    for key in ["statusChanged", "lastUpdated", "lastSync"] {
        assert_eq!(au[key], "2024-01-31T18:25:03.000Z", "{key}");
    }
    let (_, listed) = call(&s, "GET", &path, Value::Null).await;
    assert_eq!(listed[0], au, "the listing agrees");
    // A write after completion keeps the result (it is now stored, not only shown).
    let (_, updated) = call(
        &s,
        "POST",
        &format!("{path}/{ada}"),
        json!({"profile": {"role": "x"}}),
    )
    .await;
    assert_eq!(updated["status"], "PROVISIONED");
    assert_eq!(updated["externalId"], au["externalId"]);
}

#[tokio::test]
async fn injected_failures_leave_the_app_user_staged_or_in_error() {
    let clock = Arc::new(ManualClock::new(datetime!(2024-01-31 18:25:01 UTC)));
    let s = MockConfig::default()
        .scenario(org())
        .clock(clock.clone())
        .build_state()
        .unwrap();
    let (apps, ada) = ids(&s).await;
    for (label, sync_state) in [("Stuck", "SYNCING"), ("Broken", "ERROR")] {
        let path = format!("/api/v1/apps/{}/users", app_id(&apps, label));
        let (status, _) = call(&s, "POST", &path, json!({"id": ada})).await;
        assert_eq!(status, 200);
        clock.advance(Duration::from_secs(3600));
        let (_, au) = call(&s, "GET", &format!("{path}/{ada}"), Value::Null).await;
        assert_eq!(au["status"], "STAGED", "{label}");
        assert_eq!(au["syncState"], sync_state, "{label}");
        assert_eq!(au["externalId"], Value::Null, "{label}");
        assert_eq!(au["lastSync"], Value::Null, "{label}");
    }
}
