//! The System Log against a store: committed changes become Okta log events, and the query
//! rules of bounded and polling requests.

use std::sync::Arc;

use serde_json::json;

use super::SystemLog;
use super::query::{Cursor, LogQuery};
use crate::store::Store;
use crate::store::commit::{Actor, CreateGroup, CreateUser, LoadScenario, RunLifecycle};
use crate::store::input::{GroupInput, UserInput, UserInputKind};
use crate::store::{CreateUserOptions, LifecycleOp};

fn store() -> Store {
    let mut store = Store::new();
    let scenario = crate::scenario::Scenario::from_json_str(
        r#"{"users": [{"profile": {"login": "me@example.com", "email": "me@example.com",
            "firstName": "Mia", "lastName": "Admin"}}], "me": "me@example.com"}"#,
    )
    .unwrap();
    store
        .commit(Actor::MockAdmin, LoadScenario(&scenario))
        .unwrap();
    store
}

fn create_user(store: &mut Store, login: &str) -> String {
    let body = json!({"profile": {
        "login": login, "email": login, "firstName": "Ada", "lastName": "Lovelace"},
        "credentials": {"password": {"value": "Tr0ub4dor&3-correct-horse"}}});
    let input = UserInput::parse(body, UserInputKind::Create).unwrap();
    let options = CreateUserOptions::default();
    store
        .commit(Actor::ApiToken, CreateUser { input, options })
        .unwrap()
        .id
        .to_string()
}

#[test]
fn a_committed_change_becomes_a_log_event_with_okta_shape_and_names() {
    let mut store = store();
    let log = SystemLog::default();
    assert!(log.sync(&store).is_empty(), "a scenario load logs nothing");
    let id = create_user(&mut store, "ada@example.com");
    store
        .commit(
            Actor::ApiToken,
            RunLifecycle {
                id: id.clone(),
                op: LifecycleOp::Suspend,
                send_email: false,
            },
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
    let new = log.sync(&store);
    let types: Vec<&str> = new.iter().map(|r| r.event_type()).collect();
    assert_eq!(
        types,
        [
            "user.lifecycle.create",
            "user.lifecycle.activate",
            "user.lifecycle.suspend"
        ]
    );
    let suspend = &new[2].json;
    assert_eq!(suspend["displayMessage"], "Suspend Okta user");
    assert_eq!(
        suspend["legacyEventType"],
        "core.user.config.user_status.suspended"
    );
    assert_eq!(suspend["version"], "0");
    assert_eq!(suspend["severity"], "INFO");
    assert_eq!(suspend["outcome"]["result"], "SUCCESS");
    assert_eq!(suspend["actor"]["alternateId"], "me@example.com");
    assert_eq!(suspend["actor"]["displayName"], "Mia Admin");
    assert_eq!(suspend["target"][0]["id"], id.as_str());
    assert_eq!(suspend["target"][0]["type"], "User");
    assert_eq!(suspend["target"][0]["alternateId"], "ada@example.com");
    assert_eq!(suspend["target"][0]["displayName"], "Ada Lovelace");
    assert_eq!(suspend["transaction"]["type"], "WEB");
    assert_ne!(new[0].json["uuid"], new[1].json["uuid"]);
    assert!(log.sync(&store).is_empty(), "each change is logged once");
}

#[test]
fn polling_hands_out_every_event_once_and_always_a_next_cursor() {
    let mut store = store();
    let log = SystemLog::default();
    let now = i64::MAX / 4;
    let poll = |after: Option<Cursor>| LogQuery {
        after,
        limit: 2,
        since: Some(0),
        ..LogQuery::default()
    };
    let empty = log.query(&poll(None), now);
    assert!(empty.events.is_empty());
    let cursor = Cursor::decode(empty.next.as_deref().unwrap()).unwrap();
    for name in ["a", "b", "c"] {
        let input = GroupInput::parse(json!({"profile": {"name": name}})).unwrap();
        store
            .commit(Actor::ApiToken, CreateGroup { input })
            .unwrap();
    }
    log.sync(&store);
    let first = log.query(&poll(Some(cursor)), now);
    assert_eq!(first.events.len(), 2);
    let next = Cursor::decode(first.next.as_deref().unwrap()).unwrap();
    let second = log.query(&poll(Some(next)), now);
    assert_eq!(second.events.len(), 1);
    let last = Cursor::decode(second.next.as_deref().unwrap()).unwrap();
    let third = log.query(&poll(Some(last)), now);
    assert!(third.events.is_empty());
    assert_eq!(
        third.next.as_deref(),
        second.next.as_deref(),
        "an empty page keeps its place"
    );
    let all: Vec<Arc<super::LogRecord>> = first.events.into_iter().chain(second.events).collect();
    let names: Vec<&str> = all
        .iter()
        .map(|r| r.json["target"][0]["displayName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a", "b", "c"]);
}

#[test]
fn a_bounded_request_ends_and_descending_reverses() {
    let mut store = store();
    let log = SystemLog::default();
    for name in ["a", "b", "c"] {
        let input = GroupInput::parse(json!({"profile": {"name": name}})).unwrap();
        store
            .commit(Actor::ApiToken, CreateGroup { input })
            .unwrap();
    }
    log.sync(&store);
    let now = i64::MAX / 4;
    let q = LogQuery {
        since: Some(0),
        until: Some(now),
        limit: 2,
        ..LogQuery::default()
    };
    let first = log.query(&q, now);
    assert_eq!(first.events.len(), 2);
    let next = Cursor::decode(first.next.as_deref().unwrap());
    let second = log.query(
        &LogQuery {
            after: next,
            ..q.clone()
        },
        now,
    );
    assert_eq!(second.events.len(), 1);
    assert!(second.next.is_none(), "a bounded request ends");
    let desc = log.query(
        &LogQuery {
            descending: true,
            limit: 10,
            ..q
        },
        now,
    );
    let names: Vec<&str> = desc
        .events
        .iter()
        .map(|r| r.json["target"][0]["displayName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["c", "b", "a"]);
}

#[test]
fn a_service_app_acts_as_a_public_client_app_and_the_api_token_without_me_as_the_admin() {
    let mut store = Store::new();
    let log = SystemLog::default();
    let input = GroupInput::parse(json!({"profile": {"name": "by-app"}})).unwrap();
    let actor = Actor::Credential {
        kind: "oauth_client".into(),
        id: "0oaservice".into(),
    };
    store.commit(actor, CreateGroup { input }).unwrap();
    let input = GroupInput::parse(json!({"profile": {"name": "by-token"}})).unwrap();
    store
        .commit(Actor::ApiToken, CreateGroup { input })
        .unwrap();
    let new = log.sync(&store);
    assert_eq!(new[0].json["actor"]["type"], "PublicClientApp");
    assert_eq!(new[0].json["actor"]["id"], "0oaservice");
    assert_eq!(new[0].json["client"]["id"], "0oaservice");
    assert_eq!(new[1].json["actor"]["id"], super::render::ADMIN_ID);
    assert_eq!(
        new[1].json["transaction"]["detail"]["requestApiTokenId"],
        super::render::API_TOKEN_ID
    );
    assert_eq!(new[1].json["target"][0]["type"], "UserGroup");
}
