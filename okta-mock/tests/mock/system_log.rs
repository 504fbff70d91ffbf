//! The System Log end to end: each change an event card of the Workflows Okta connector
//! listens for, made through okta-client, appears in `GET /api/v1/logs` with the card's
//! outputs; polling and bounded requests, filters, errors, the rate-limit bucket, past events
//! from a scenario and events injected through the admin API.

use okta_client::models::UserProfile;
use okta_mock::scenario::Scenario;
use okta_mock::sim::RateLimitConfig;
use okta_mock::{MockConfig, MockServer};
use serde_json::{Value, json};

use crate::common::{Api, assert_okta_error};

/// An org whose API token belongs to Mia (the `me` user), with a group and an app.
pub fn cards_scenario() -> Scenario {
    Scenario::from_json_str(
        r#"{
          "me": "mia.admin@example.com",
          "groups": [{"name": "Engineering", "description": "Builders"}],
          "apps": [{"name": "bookmark", "label": "Wiki"}],
          "users": [{"profile": {"login": "mia.admin@example.com", "email": "mia.admin@example.com",
                                  "firstName": "Mia", "lastName": "Admin"}}]
        }"#,
    )
    .expect("scenario")
}

/// The login of the user the card changes are made to.
pub const ADA: &str = "ada@example.com";
/// The login of the PROVISIONED user the card changes reactivate.
pub const PROVISIONED: &str = "ada.provisioned@example.com";

/// The objects [`make_card_changes`] touched.
pub struct CardChanges {
    /// The "Engineering" group Ada joined and left.
    pub group: String,
    /// The "Wiki" app Ada was assigned to and unassigned from.
    pub app: String,
    /// Ada: created, activated, assigned, added, removed, unassigned, suspended, unsuspended,
    /// deactivated and deleted.
    pub ada: String,
    /// The PROVISIONED user that was reactivated.
    pub provisioned: String,
}

/// Makes, through okta-client, every change an event card listens for on
/// [`cards_scenario`]'s org (all but the suspicious-activity report, which no management call
/// makes), so the System Log and hook tests check the same changes.
pub async fn make_card_changes(client: &okta_client::Client) -> CardChanges {
    let group = client
        .groups()
        .list()
        .q("Engineering")
        .collect_all()
        .await
        .unwrap()[0]
        .id
        .clone();
    let app = client.apps().list().collect_all().await.unwrap()[0]
        .id
        .clone();
    let ada = client
        .users()
        .create(UserProfile::new(ADA, ADA, "Ada", "Lovelace"))
        .password("Tr0ub4dor&3-correct-horse")
        .send()
        .await
        .unwrap()
        .id;
    client
        .app_users(app.clone())
        .assign(ada.clone())
        .await
        .unwrap();
    client
        .groups()
        .add_member(group.clone(), ada.clone())
        .await
        .unwrap();
    client
        .groups()
        .remove_member(group.clone(), ada.clone())
        .await
        .unwrap();
    client
        .app_users(app.clone())
        .unassign(ada.clone(), okta_client::api::UnassignAppUser::new())
        .await
        .unwrap();
    client.users().suspend(ada.clone()).await.unwrap();
    client.users().unsuspend(ada.clone()).await.unwrap();
    client
        .users()
        .deactivate(
            ada.clone(),
            okta_client::api::DeactivateUser::new().send_email(false),
        )
        .await
        .unwrap();
    client
        .users()
        .deactivate_and_delete(ada.clone())
        .await
        .unwrap();
    // Reactivation is for a user activated without credentials (PROVISIONED).
    let provisioned = client
        .users()
        .create(UserProfile::new(
            PROVISIONED,
            PROVISIONED,
            "Ada",
            "Lovelace",
        ))
        .send()
        .await
        .unwrap()
        .id;
    client
        .users()
        .reactivate(
            provisioned.clone(),
            okta_client::api::ReactivateUser::new().send_email(false),
        )
        .await
        .unwrap();
    CardChanges {
        group: group.to_string(),
        app: app.to_string(),
        ada: ada.to_string(),
        provisioned: provisioned.to_string(),
    }
}

/// One page of the System Log: the events and the `next` link.
pub async fn logs(api: &Api, query: &str) -> (Vec<Value>, Option<String>) {
    let res = api.get(&format!("/api/v1/logs?{query}")).await;
    assert_eq!(res.status(), 200, "GET /api/v1/logs?{query}");
    let next = next_link(&res);
    (res.json().await.expect("log events"), next)
}

/// The `rel="next"` URL of a response.
pub fn next_link(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.ends_with("rel=\"next\""))
        .and_then(|v| v.split_once('<'))
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(url, _)| url.to_owned())
}

/// The one event of `event_type` about `target` in the log.
pub async fn event_about(api: &Api, event_type: &str, target: &str) -> Value {
    let filter = format!(r#"eventType eq "{event_type}" and target.id eq "{target}""#);
    let query = serde_urlencoded::to_string([("filter", filter.as_str())]).unwrap();
    let window = "since=2000-01-01T00:00:00.000Z&until=2999-01-01T00:00:00.000Z";
    let (events, _) = logs(api, &format!("{query}&{window}")).await;
    assert_eq!(events.len(), 1, "{event_type} about {target}: {events:#?}");
    events.into_iter().next().unwrap()
}

/// The outputs every card shows: date and time, message, event id, event type, version,
/// actor, the target user, uuid.
pub fn assert_card_outputs(event: &Value, event_type: &str, user: &str, login: &str) {
    assert_eq!(event["eventType"], event_type);
    assert!(
        event["displayMessage"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "message"
    );
    assert!(
        event["uuid"].as_str().is_some_and(|u| u.len() == 36),
        "uuid"
    );
    assert!(
        event["published"]
            .as_str()
            .is_some_and(|p| p.ends_with('Z') && p.len() == 24),
        "published: {}",
        event["published"]
    );
    assert_eq!(event["version"], "0");
    assert_eq!(event["actor"]["type"], "User");
    assert_eq!(event["actor"]["alternateId"], "mia.admin@example.com");
    assert_eq!(event["actor"]["displayName"], "Mia Admin");
    assert!(
        event["actor"]["id"]
            .as_str()
            .is_some_and(|i| i.starts_with("00u"))
    );
    let target = event["target"]
        .as_array()
        .and_then(|ts| ts.iter().find(|t| t["type"] == "User"))
        .unwrap_or_else(|| panic!("no User target in {event:#}"));
    assert_eq!(target["id"], user);
    assert_eq!(target["alternateId"], login);
    assert_eq!(target["displayName"], "Ada Lovelace");
    assert_eq!(event["outcome"]["result"], "SUCCESS");
    assert!(
        event["transaction"]["id"]
            .as_str()
            .is_some_and(|i| !i.is_empty())
    );
}

#[tokio::test]
async fn every_event_card_change_made_through_the_client_is_in_the_system_log() {
    let server = MockServer::start_with(MockConfig::default().scenario(cards_scenario()))
        .await
        .unwrap();
    let api = Api::new(&server);
    let client = server.client().unwrap();
    let changes = make_card_changes(&client).await;
    let (id, login) = (changes.ada.as_str(), ADA);

    for t in ["user.lifecycle.create", "user.lifecycle.activate"] {
        assert_card_outputs(&event_about(&api, t, id).await, t, id, login);
    }

    let assigned = event_about(&api, "application.user_membership.add", id).await;
    assert_card_outputs(&assigned, "application.user_membership.add", id, login);
    assert_eq!(
        assigned["displayMessage"],
        "Add user to application membership"
    );
    let types: Vec<&str> = assigned["target"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["AppUser", "AppInstance", "User"]);
    assert_eq!(assigned["target"][1]["id"], changes.app.as_str());
    assert_eq!(assigned["target"][1]["displayName"], "Wiki");

    let added = event_about(&api, "group.user_membership.add", id).await;
    assert_card_outputs(&added, "group.user_membership.add", id, login);
    assert_eq!(added["target"][1]["type"], "UserGroup");
    assert_eq!(added["target"][1]["id"], changes.group.as_str());
    assert_eq!(added["target"][1]["displayName"], "Engineering");

    let removed = event_about(&api, "group.user_membership.remove", id).await;
    assert_card_outputs(&removed, "group.user_membership.remove", id, login);

    let unassigned = event_about(&api, "application.user_membership.remove", id).await;
    assert_card_outputs(&unassigned, "application.user_membership.remove", id, login);

    let suspended = event_about(&api, "user.lifecycle.suspend", id).await;
    assert_card_outputs(&suspended, "user.lifecycle.suspend", id, login);
    assert_eq!(suspended["displayMessage"], "Suspend Okta user");

    let unsuspended = event_about(&api, "user.lifecycle.unsuspend", id).await;
    assert_card_outputs(&unsuspended, "user.lifecycle.unsuspend", id, login);

    let deactivated = event_about(&api, "user.lifecycle.deactivate", id).await;
    assert_card_outputs(&deactivated, "user.lifecycle.deactivate", id, login);

    let deleted = event_about(&api, "user.lifecycle.delete.initiated", id).await;
    // The user is gone: its names were captured when it was deleted.
    assert_card_outputs(&deleted, "user.lifecycle.delete.initiated", id, login);

    let pid = changes.provisioned.as_str();
    let reactivated = event_about(&api, "user.lifecycle.reactivate", pid).await;
    assert_card_outputs(&reactivated, "user.lifecycle.reactivate", pid, PROVISIONED);

    let reported = api
        .post(
            "/__mock/events",
            json!({"eventType": "user.account.report_suspicious_activity_by_enduser",
                   "user": "mia.admin@example.com"}),
        )
        .await;
    assert_eq!(reported.status(), 200);
    let mia = client.users().get("me").await.unwrap().id.to_string();
    let report = event_about(
        &api,
        "user.account.report_suspicious_activity_by_enduser",
        &mia,
    )
    .await;
    assert_eq!(report["displayMessage"], "User report suspicious activity");
    assert_eq!(report["severity"], "WARN");
    assert_eq!(report["actor"]["id"], mia.as_str());
    assert_eq!(report["target"][0]["alternateId"], "mia.admin@example.com");
    server.shutdown().await;
}

#[tokio::test]
async fn a_polling_request_always_has_a_next_link_and_an_empty_page_when_nothing_is_new() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let res = api.get("/api/v1/logs").await;
    assert_eq!(res.status(), 200);
    let first_next = next_link(&res).expect("a polling request always has next");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body, json!([]));

    let (empty, next) = logs_at(&api, &first_next).await;
    assert!(empty.is_empty());
    let next = next.expect("still a next link");

    for login in ["p1@example.com", "p2@example.com", "p3@example.com"] {
        api.create_user(login).await;
    }
    let mut seen = Vec::new();
    let mut url = next;
    for _ in 0..10 {
        let (page, next) = logs_at(&api, &format!("{url}&limit=2")).await;
        let Some(next) = next else {
            panic!("a polling page without next");
        };
        if page.is_empty() {
            break;
        }
        seen.extend(
            page.into_iter()
                .map(|e| e["uuid"].as_str().unwrap().to_owned()),
        );
        url = next.replace("&limit=2", "");
    }
    // Each user: create and activate.
    assert_eq!(seen.len(), 6, "{seen:?}");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 6, "every event once");
    server.shutdown().await;
}

async fn logs_at(api: &Api, url: &str) -> (Vec<Value>, Option<String>) {
    let res = api.get(url).await;
    assert_eq!(res.status(), 200, "{url}");
    let next = next_link(&res);
    (res.json().await.unwrap(), next)
}

#[tokio::test]
async fn a_bounded_request_pages_to_the_end_and_descending_reverses_it() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    for login in ["b1@example.com", "b2@example.com"] {
        api.create_user(login).await;
    }
    let bounded = "until=2999-01-01T00:00:00.000Z&since=2000-01-01T00:00:00.000Z";
    let (first, next) = logs(&api, &format!("{bounded}&limit=3")).await;
    assert_eq!(first.len(), 3);
    let (rest, end) = logs_at(&api, &next.expect("more to come")).await;
    assert_eq!(rest.len(), 1);
    assert!(end.is_none(), "a bounded request ends");
    let (desc, _) = logs(&api, &format!("{bounded}&sortOrder=DESCENDING")).await;
    let asc: Vec<Value> = first.into_iter().chain(rest).collect();
    let reversed: Vec<Value> = asc.into_iter().rev().collect();
    assert_eq!(desc, reversed);
    server.shutdown().await;
}

#[tokio::test]
async fn filters_and_keywords_select_events_and_bad_parameters_get_okta_errors() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let a = api.create_user("alpha@example.com").await;
    let _b = api.create_user("beta@example.com").await;
    let all = "since=2000-01-01T00:00:00.000Z&until=2999-01-01T00:00:00.000Z";
    let q = |f: &str| serde_urlencoded::to_string([("filter", f)]).unwrap();
    let (by_target, _) = logs(
        &api,
        &format!("{all}&{}", q(&format!(r#"target.id eq "{a}""#))),
    )
    .await;
    assert_eq!(by_target.len(), 2);
    let (creates, _) = logs(
        &api,
        &format!(
            "{all}&{}",
            q(r#"eventType eq "user.lifecycle.create" or (eventType eq "nothing")"#)
        ),
    )
    .await;
    assert_eq!(creates.len(), 2);
    let (by_actor, _) = logs(
        &api,
        &format!("{all}&{}", q(r#"actor.id eq "00u0okta0mock0admin0""#)),
    )
    .await;
    assert_eq!(
        by_actor.len(),
        4,
        "without a `me` user the synthetic admin acts"
    );
    let (keyword, _) = logs(&api, &format!("{all}&q=BETA%40example.com")).await;
    assert_eq!(keyword.len(), 2);

    for (query, code) in [
        ("filter=eventType%20zz%20%22x%22", "E0000031"),
        ("since=yesterday", "E0000001"),
        ("limit=1001", "E0000001"),
        ("limit=-1", "E0000001"),
        ("sortOrder=SIDEWAYS", "E0000001"),
        ("after=not-a-cursor", "E0000029"),
        (
            "since=2024-02-01T00:00:00.000Z&until=2024-01-01T00:00:00.000Z",
            "E0000001",
        ),
    ] {
        let res = api.get(&format!("/api/v1/logs?{query}")).await;
        assert_eq!(res.status(), 400, "{query}");
        assert_okta_error(&res.json().await.unwrap(), code);
    }
    server.shutdown().await;
}

#[tokio::test]
async fn the_system_log_has_its_own_rate_limit_bucket() {
    let config = MockConfig::default().rate_limits(RateLimitConfig::enterprise());
    let server = MockServer::start_with(config).await.unwrap();
    let api = Api::new(&server);
    let res = api.get("/api/v1/logs").await;
    assert_eq!(res.headers()["x-rate-limit-limit"], "50");
    let users = api.get("/api/v1/users").await;
    assert_eq!(users.headers()["x-rate-limit-limit"], "600");
    server.shutdown().await;
}

#[tokio::test]
async fn a_scenario_declares_past_events_and_the_admin_api_injects_new_ones() {
    let mut scenario = cards_scenario();
    scenario.system_log = vec![
        json!({"eventType": "user.account.lock", "user": "mia.admin@example.com",
               "published": "-2h"}),
        json!({"eventType": "user.session.start", "published": "2020-01-01T00:00:00.000Z",
               "displayMessage": "User login to Okta"}),
    ];
    let server = MockServer::start_with(MockConfig::default().scenario(scenario))
        .await
        .unwrap();
    let api = Api::new(&server);
    // The default window is the last 7 days: the 2020 event is outside it.
    let (recent, _) = logs(
        &api,
        "until=2999-01-01T00:00:00.000Z&since=2020-01-01T00:00:00.000Z",
    )
    .await;
    let types: Vec<&str> = recent
        .iter()
        .map(|e| e["eventType"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["user.session.start", "user.account.lock"]);
    assert_eq!(
        recent[1]["target"][0]["alternateId"],
        "mia.admin@example.com"
    );
    assert_eq!(recent[0]["displayMessage"], "User login to Okta");
    let (window, _) = logs(&api, "").await;
    assert_eq!(window.len(), 1, "{window:#?}");

    let bad = api
        .post("/__mock/events", json!({"displayMessage": "no type"}))
        .await;
    assert_eq!(bad.status(), 400);
    assert_okta_error(&bad.json().await.unwrap(), "E0000001");
    let unknown = api
        .post(
            "/__mock/events",
            json!([{"eventType": "user.account.lock", "user": "nobody"}]),
        )
        .await;
    assert_eq!(unknown.status(), 400);
    server.shutdown().await;
}

/// Every key path of `recorded` (objects only; arrays through their first element).
fn key_paths(value: &Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = format!("{prefix}{k}");
                out.push(path.clone());
                // Values a loopback org cannot know (geography) are null in the mock's events.
                if k != "geographicalContext" {
                    key_paths(v, &format!("{path}."), out);
                }
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                key_paths(first, prefix, out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn the_mock_writes_every_key_of_a_log_event_recorded_by_okta_sdk_dotnet() {
    let recorded: Value =
        serde_json::from_str(include_str!("../fixtures/okta-sdk-dotnet-log-event.json")).unwrap();
    let server = MockServer::start_with(MockConfig::default().scenario(cards_scenario()))
        .await
        .unwrap();
    let api = Api::new(&server);
    let client = server.client().unwrap();
    let app = client.apps().list().collect_all().await.unwrap()[0]
        .id
        .clone();
    let user = api.create_user("john-okta@example.com").await;
    client.app_users(app).assign(user.clone()).await.unwrap();
    let ours = event_about(&api, "application.user_membership.add", &user).await;
    let (mut want, mut have) = (Vec::new(), Vec::new());
    key_paths(&recorded[0], "", &mut want);
    key_paths(&ours, "", &mut have);
    let missing: Vec<&String> = want.iter().filter(|k| !have.contains(k)).collect();
    assert!(missing.is_empty(), "missing keys: {missing:?}");
    assert_eq!(ours["displayMessage"], recorded[0]["displayMessage"]);
    assert_eq!(ours["legacyEventType"], recorded[0]["legacyEventType"]);
    assert_eq!(
        ours["transaction"]["type"],
        recorded[0]["transaction"]["type"]
    );
    server.shutdown().await;
}
