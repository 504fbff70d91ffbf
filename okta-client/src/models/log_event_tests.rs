//! The LogEvent model against the spec's own examples (spec/events-examples.json, see
//! spec/NOTICE) and the shapes Okta's reference documents.

use serde_json::{Value, json};

use super::*;
use crate::models::{LogOutcomeResult, LogSeverity};

fn examples() -> Value {
    serde_json::from_str(include_str!("../../spec/events-examples.json")).unwrap()
}

#[test]
fn the_specs_list_logs_example_decodes_with_every_documented_part() {
    let events: Vec<LogEvent> = serde_json::from_value(examples()["ListLogs"].clone()).unwrap();
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e.uuid, "dc9fd3c0-598c-11ef-8478-2b7584bf8d5a");
    assert_eq!(e.published.to_string(), "2024-08-13T15:58:20.353Z");
    assert_eq!(e.event_type, "user.session.start");
    // The spec's example writes the version as a number; Okta documents a string.
    assert_eq!(e.version, "0");
    assert_eq!(e.severity, Some(LogSeverity::Info));
    assert_eq!(e.display_message.as_deref(), Some("User login to Okta"));
    let actor = e.actor.as_ref().unwrap();
    assert_eq!(
        (actor.id.as_str(), actor.actor_type.as_str()),
        ("00uttidj01jqL21aM1d6", "User")
    );
    assert_eq!(actor.alternate_id.as_deref(), Some("john.doe@example.com"));
    assert_eq!(e.actor_id(), Some("00uttidj01jqL21aM1d6"));
    assert_eq!(
        e.outcome.as_ref().unwrap().result,
        LogOutcomeResult::Success
    );
    assert_eq!(e.target.len(), 2);
    assert_eq!(
        e.target("AppInstance").unwrap().display_name.as_deref(),
        Some("Okta Admin Console")
    );
    assert!(e.target("User").is_none());
    let tx = e.transaction.as_ref().unwrap();
    assert_eq!(tx.transaction_type.as_deref(), Some("WEB"));
    let client = e.client.as_ref().unwrap();
    assert_eq!(client.ip_address.as_deref(), Some("10.0.0.1"));
    assert_eq!(
        client.geographical_context.as_ref().unwrap()["city"],
        "New York"
    );
    let debug = e
        .debug_context
        .as_ref()
        .unwrap()
        .debug_data
        .as_ref()
        .unwrap();
    assert_eq!(debug["requestUri"], "/idp/idx/authenticators/poll");
    let auth = e.authentication_context.as_ref().unwrap();
    assert_eq!(
        auth.external_session_id.as_deref(),
        Some("idxBager62CSveUkTxvgRtonA")
    );
    // Keys the model does not name are kept, at the top and inside the parts.
    assert_eq!(e.extra["device"]["name"], "Mac15,6");
    assert_eq!(auth.extra["rootSessionId"], "idxBager62CSveUkTxvgRtonA");
    assert!(e.security_context.is_some() && e.request.is_some());
}

#[test]
fn an_event_written_back_out_keeps_every_key_it_was_read_with() {
    let raw = examples()["ListLogsWithAdditionalSecurityContext"].clone();
    let event: LogEvent = serde_json::from_value(raw.clone()).unwrap();
    let written = serde_json::to_value(&event).unwrap();
    // Present keys survive (nulls are left out when written); nothing is invented.
    for (key, value) in raw.as_object().unwrap() {
        if value.is_null() {
            continue;
        }
        assert!(written.get(key).is_some(), "{key} was lost");
    }
    assert_eq!(
        written["securityContext"]["risk"]["level"],
        raw["securityContext"]["risk"]["level"]
    );
    assert_eq!(written["version"], "0");
    let again: LogEvent = serde_json::from_value(written).unwrap();
    assert_eq!(again, event);
}

#[test]
fn an_event_hook_delivery_event_of_the_documented_minimal_shape_decodes() {
    // The fields Okta's event hook documentation shows in a delivery's `data.events[]`
    // (developer.okta.com/docs/concepts/event-hooks/, "Sample event delivery payload").
    let event: LogEvent = serde_json::from_value(json!({
        "version": "0", "severity": "INFO",
        "actor": {"id": "00u1", "type": "User", "alternateId": "admin@example.com"},
        "outcome": {"result": "SUCCESS"},
        "uuid": "f790999f-fe87-467a-9880-6982a583986c",
        "published": "2018-03-28T22:23:07.777Z",
        "eventType": "user.session.start",
        "legacyEventType": "core.user_auth.login_success"
    }))
    .unwrap();
    assert_eq!(event.uuid, "f790999f-fe87-467a-9880-6982a583986c");
    assert!(event.target.is_empty());
    assert!(event.client.is_none());
}

#[test]
fn an_event_without_its_uuid_or_time_is_refused() {
    let no_uuid = json!({"published": "2018-03-28T22:23:07.777Z", "eventType": "x"});
    let err = serde_json::from_value::<LogEvent>(no_uuid).unwrap_err();
    assert!(err.to_string().contains("uuid"), "{err}");
    let no_time = json!({"uuid": "u", "eventType": "x"});
    let err = serde_json::from_value::<LogEvent>(no_time).unwrap_err();
    assert!(err.to_string().contains("published"), "{err}");
}

#[test]
fn unknown_severities_and_outcomes_are_kept() {
    let event: LogEvent = serde_json::from_value(json!({
        "uuid": "u", "published": "2024-01-01T00:00:00.000Z", "eventType": "x",
        "severity": "CRITICAL", "outcome": {"result": "MAYBE"}, "target": null
    }))
    .unwrap();
    assert_eq!(
        event.severity,
        Some(LogSeverity::Unknown("CRITICAL".into()))
    );
    assert!(event.outcome.unwrap().result.is_unknown());
    assert!(event.target.is_empty());
}
