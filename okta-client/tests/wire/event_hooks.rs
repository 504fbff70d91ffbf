//! Event hook management on the wire: each call's method, path and body, answered with the
//! spec's own examples (spec/events-examples.json, see spec/NOTICE).

use okta_client::models::{EventHookStatus, NewEventHook};
use serde_json::Value;

use crate::support::{Double, json, respond};

fn examples() -> Value {
    serde_json::from_str(include_str!("../../spec/events-examples.json")).unwrap()
}

/// Answers every call as Okta's spec does: a list for the collection GET, 204 for a delete,
/// the deactivated hook for a deactivate, the hook otherwise.
async fn double() -> Double {
    Double::start(|call| {
        let ex = examples();
        let path = call.request.path_and_query.as_str();
        match (call.request.method.as_str(), path) {
            ("GET", "/api/v1/eventHooks") => {
                json(200, &[], &ex["RetrieveAllEventHooks"].to_string())
            }
            ("DELETE", _) => respond(204, &[], ""),
            (_, p) if p.ends_with("/deactivate") => {
                json(200, &[], &ex["RetrieveADeactivatedEventHook"].to_string())
            }
            _ => json(200, &[], &ex["RetrieveAnEventHook"].to_string()),
        }
    })
    .await
}

fn body(seen: &crate::support::Seen) -> Value {
    serde_json::from_slice(&seen.body).unwrap()
}

#[tokio::test]
async fn every_event_hook_call_sends_okta_s_method_path_and_body() {
    let double = double().await;
    let hooks = double.client().event_hooks();
    let new = NewEventHook::new(
        "Event Hook Test",
        "https://example_external_service/userAdded",
    )
    .event_type("group.user_membership.add")
    .header("X-Other-Header", "my-header-value")
    .auth_header("Authorization", "my-shared-secret");

    let created = hooks.create(&new).await.unwrap();
    assert_eq!(created.id, "who8vt36qfNpCGz9H1e6");
    let all = hooks.list().await.unwrap();
    assert_eq!(all.len(), 2);
    let got = hooks.get(&created.id).await.unwrap();
    assert_eq!(got, created);
    let replaced = hooks
        .replace(&created.id, &NewEventHook::from_hook(&got))
        .await
        .unwrap();
    assert_eq!(replaced.name, "Event Hook Test");
    let off = hooks.deactivate(&created.id).await.unwrap();
    assert_eq!(off.status, EventHookStatus::Inactive);
    hooks.activate(&created.id).await.unwrap();
    hooks.verify(&created.id).await.unwrap();
    hooks.delete(&created.id).await.unwrap();

    let seen = double.seen();
    let lines: Vec<String> = seen
        .iter()
        .map(|s| format!("{} {}", s.method, s.path_and_query))
        .collect();
    let id = "who8vt36qfNpCGz9H1e6";
    assert_eq!(
        lines,
        [
            "POST /api/v1/eventHooks".to_owned(),
            "GET /api/v1/eventHooks".to_owned(),
            format!("GET /api/v1/eventHooks/{id}"),
            format!("PUT /api/v1/eventHooks/{id}"),
            format!("POST /api/v1/eventHooks/{id}/lifecycle/deactivate"),
            format!("POST /api/v1/eventHooks/{id}/lifecycle/activate"),
            format!("POST /api/v1/eventHooks/{id}/lifecycle/verify"),
            format!("DELETE /api/v1/eventHooks/{id}"),
        ]
    );
    // The create body is the spec's own create example, secret included (Okta needs it).
    assert_eq!(body(&seen[0]), examples()["CreateAnEventHook"]);
    // A replace built from the answer keeps everything Okta returned but the secret.
    let replace = body(&seen[3]);
    assert_eq!(replace["events"]["items"][0], "group.user_membership.add");
    assert_eq!(
        replace["channel"]["config"]["headers"][0]["key"],
        "X-Other-Header"
    );
    assert!(replace["channel"]["config"].get("authScheme").is_none());
    for lifecycle in &seen[4..7] {
        assert!(lifecycle.body.is_empty());
    }
}

#[tokio::test]
async fn a_missing_event_hook_is_none_with_get_opt() {
    let double = Double::start(|_| {
        let body = r#"{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: who1 (EventHook)","errorLink":"E0000007","errorId":"oae1","errorCauses":[]}"#;
        json(404, &[], body)
    })
    .await;
    let hooks = double.client().event_hooks();
    assert_eq!(hooks.get_opt("who1").await.unwrap(), None);
    assert!(hooks.get("who1").await.unwrap_err().is_not_found());
}
