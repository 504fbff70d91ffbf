//! Groups imported from Active Directory: APP_GROUP with `source.id` the AD app, the
//! objectGUID as `profile.externalId`, objectClass `okta:windows_security_principal`
//! (spec, `OktaActiveDirectoryGroupProfile`, `GroupType`, `_links.source`), declared by a
//! scenario with their members; and `GET /api/v1/apps?filter=group.id eq "…"`.

use crate::common::{authed, body_json, oneshot};
use axum::body::Body;
use okta_mock::scenario::Scenario;
use okta_mock::{AppState, MockConfig};
use serde_json::{Value, json};

async fn call(state: &AppState, method: &str, uri: &str) -> (u16, Value) {
    let res = oneshot(state, authed(state, method, uri, Body::empty())).await;
    let status = res.status().as_u16();
    (status, body_json(res).await)
}

fn q(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The spec's example AD group profile, with an objectSid, imported from corp.example.com.
fn org() -> Scenario {
    let scenario = json!({
        "groups": [
            {"name": "West Coast users", "type": "APP_GROUP", "source": "corp.example.com",
             "description": "All users in the engineering department",
             "profile": {"externalId": "VKzYZ1C+IkSZxIWlrW5ITg==",
                         "objectSid": "S-1-5-21-717838489-685202119-709183397-1177",
                         "dn": "CN=West Coast users,OU=West Coast,DC=example,DC=com",
                         "samAccountName": "West Coast users",
                         "windowsDomainQualifiedName": "EXAMPLE\\West Coast users"}},
            {"name": "Sales"}
        ],
        "apps": [
            {"name": "active_directory", "label": "corp.example.com"},
            {"name": "office365", "label": "Microsoft Office 365", "groups": ["West Coast users"]},
            {"name": "bookmark", "label": "Wiki", "groups": ["Sales"]}
        ],
        "users": [
            {"profile": {"login": "ada@example.com", "email": "ada@example.com",
                         "firstName": "Ada", "lastName": "L"},
             "groups": ["West Coast users"],
             "apps": [{"app": "corp.example.com", "externalId": "yYuRNW0Z6kCXeYidebdT8A=="}]}
        ]
    });
    Scenario::from_json_str(&scenario.to_string()).unwrap()
}

#[tokio::test]
async fn an_imported_ad_group_is_an_app_group_with_its_source_and_directory_profile() {
    let s = MockConfig::default().scenario(org()).build_state().unwrap();
    let (_, apps) = call(
        &s,
        "GET",
        "/api/v1/apps?filter=name+eq+%22active_directory%22",
    )
    .await;
    let corp = apps[0]["id"].as_str().unwrap().to_owned();
    let (_, found) = call(&s, "GET", "/api/v1/groups?q=West").await;
    let group = &found[0];
    assert_eq!(group["type"], "APP_GROUP");
    assert_eq!(
        group["objectClass"],
        json!(["okta:windows_security_principal"])
    );
    assert_eq!(group["profile"]["externalId"], "VKzYZ1C+IkSZxIWlrW5ITg==");
    assert_eq!(
        group["profile"]["objectSid"],
        "S-1-5-21-717838489-685202119-709183397-1177"
    );
    assert_eq!(
        group["profile"]["windowsDomainQualifiedName"],
        "EXAMPLE\\West Coast users"
    );
    let source = group["_links"]["source"]["href"].as_str().unwrap();
    assert!(
        source.ends_with(&format!("/api/v1/apps/{corp}")),
        "{source}"
    );
    let gid = group["id"].as_str().unwrap();
    // Its members are listed, and searches reach it by source and type.
    let (_, members) = call(&s, "GET", &format!("/api/v1/groups/{gid}/users")).await;
    assert_eq!(members[0]["profile"]["login"], "ada@example.com");
    for search in [
        format!("source.id eq \"{corp}\""),
        "type eq \"APP_GROUP\"".to_owned(),
    ] {
        let (status, found) =
            call(&s, "GET", &format!("/api/v1/groups?search={}", q(&search))).await;
        assert_eq!(status, 200, "{search}");
        let names: Vec<&str> = found
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["profile"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["West Coast users"], "{search}");
    }
    // An Okta group keeps its type and object class.
    let (_, sales) = call(&s, "GET", "/api/v1/groups?q=Sales").await;
    assert_eq!(sales[0]["type"], "OKTA_GROUP");
    assert_eq!(sales[0]["objectClass"], json!(["okta:user_group"]));
    assert!(sales[0]["_links"].get("source").is_none());
}

#[tokio::test]
async fn apps_filtered_by_group_id_are_the_apps_assigned_to_the_group() {
    let s = MockConfig::default().scenario(org()).build_state().unwrap();
    for (group, app) in [("West", "Microsoft Office 365"), ("Sales", "Wiki")] {
        let (_, found) = call(&s, "GET", &format!("/api/v1/groups?q={group}")).await;
        let gid = found[0]["id"].as_str().unwrap();
        let filter = q(&format!("group.id eq \"{gid}\""));
        let (status, apps) = call(&s, "GET", &format!("/api/v1/apps?filter={filter}")).await;
        assert_eq!(status, 200);
        let labels: Vec<&str> = apps
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["label"].as_str().unwrap())
            .collect();
        assert_eq!(labels, [app], "{group}");
    }
    let (_, none) = call(
        &s,
        "GET",
        &format!("/api/v1/apps?filter={}", q("group.id eq \"00gnothing\"")),
    )
    .await;
    assert_eq!(none, json!([]));
}

#[tokio::test]
async fn an_export_keeps_the_imported_groups_and_loads_back() {
    let s = MockConfig::default().scenario(org()).build_state().unwrap();
    let exported = s.read().export_scenario();
    let west = exported
        .groups
        .iter()
        .find(|g| g.name == "West Coast users")
        .unwrap();
    assert_eq!(west.group_type.as_deref(), Some("APP_GROUP"));
    assert_eq!(west.source.as_deref(), Some("corp.example.com"));
    assert_eq!(west.profile["externalId"], "VKzYZ1C+IkSZxIWlrW5ITg==");
    let again = MockConfig::default()
        .scenario(exported.clone())
        .build_state()
        .unwrap();
    assert_eq!(again.read().export_scenario(), exported);
}

#[test]
fn a_scenario_app_group_needs_a_known_source() {
    for (group, problem) in [
        (
            json!({"name": "G", "type": "APP_GROUP"}),
            "groups[0].source",
        ),
        (
            json!({"name": "G", "type": "APP_GROUP", "source": "nowhere"}),
            "groups[0].source",
        ),
        (
            json!({"name": "G", "source": "corp.example.com"}),
            "groups[0].source",
        ),
        (json!({"name": "G", "type": "BUILT_IN"}), "groups[0].type"),
    ] {
        let scenario = json!({"groups": [group], "apps": [{"name": "active_directory", "label": "corp.example.com"}]});
        let scenario = Scenario::from_json_str(&scenario.to_string()).unwrap();
        let err = MockConfig::default()
            .scenario(scenario)
            .build_state()
            .unwrap_err();
        assert!(err.to_string().contains(problem), "{err}");
    }
}
