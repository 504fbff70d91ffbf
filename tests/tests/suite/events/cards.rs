//! Item 8 of issue 14, through okta-client: for each event card of the Workflows Okta
//! connector (shared seeds 002: User Created, User Activated, User Assigned to Application,
//! User Added to Group, User Removed from Group, User Unassigned from Application, User
//! Suspended, User Unsuspended, User Deactivated, User Deleted, User Reactivated, Suspicious
//! Activity Reported), the change made through the client appears in `client.logs()` as a
//! typed `LogEvent` with the card's outputs: date and time, message, event type, version,
//! actor, target user, uuid, and the raw payload.

use okta_client::models::{LogEvent, LogSeverity, UserProfile};
use okta_client::{Client, Method, RawRequest};
use okta_tests::{client_for, start_mock_with, within};
use serde_json::json;

use super::event_about;

/// Mia owns the API token (`me`); an org with a group and an app to join.
const ORG: &str = r#"{
  "me": "mia.admin@example.com",
  "groups": [{"name": "Engineering", "description": "Builders"}],
  "apps": [{"name": "bookmark", "label": "Wiki"}],
  "users": [{"profile": {"login": "mia.admin@example.com", "email": "mia.admin@example.com",
                          "firstName": "Mia", "lastName": "Admin"}}]
}"#;

/// The outputs every card shows, read from the typed event.
fn assert_card(event: &LogEvent, event_type: &str, user: &str, login: &str, actor: &str) {
    assert_eq!(event.event_type, event_type);
    assert!(
        event
            .display_message
            .as_deref()
            .is_some_and(|m| !m.is_empty()),
        "{event_type}: message"
    );
    assert_eq!(event.uuid.len(), 36, "{event_type}: uuid {}", event.uuid);
    assert!(
        event.published.unix_millis() > 0,
        "{event_type}: date and time"
    );
    assert_eq!(event.version, "0", "{event_type}: version");
    assert_eq!(event.actor_id(), Some(actor), "{event_type}: actor");
    let by = event.actor.as_ref().expect("an actor");
    assert_eq!(by.actor_type, "User");
    let target = event.target("User").expect("a target user");
    assert_eq!(target.id, user, "{event_type}: target user");
    assert_eq!(target.alternate_id.as_deref(), Some(login));
    // The raw payload: the event written back out carries what Okta's card passes on.
    let raw = serde_json::to_value(event).expect("raw");
    for key in [
        "uuid",
        "published",
        "eventType",
        "version",
        "displayMessage",
        "actor",
        "target",
    ] {
        assert!(
            raw.get(key).is_some(),
            "{event_type}: raw payload lacks {key}"
        );
    }
}

async fn ids(client: &Client) -> (String, String, String) {
    let group = within(client.groups().list().q("Engineering").collect_all())
        .await
        .expect("groups")[0]
        .id
        .to_string();
    let app = within(client.apps().list().collect_all())
        .await
        .expect("apps")[0]
        .id
        .to_string();
    let me = within(client.users().get("me"))
        .await
        .expect("me")
        .id
        .to_string();
    (group, app, me)
}

#[tokio::test]
async fn every_event_card_change_made_through_the_client_is_read_back_through_client_logs() {
    let server = start_mock_with(ORG).await;
    let client = client_for(&server);
    let (group, app, me) = ids(&client).await;
    let login = "ada@example.com";
    let ada = within(
        client
            .users()
            .create(UserProfile::new(login, login, "Ada", "Lovelace"))
            .password("Tr0ub4dor&3-correct-horse")
            .send(),
    )
    .await
    .expect("created");
    let id = ada.id.to_string();
    let card = |event_type: &'static str| {
        let (client, id) = (client.clone(), id.clone());
        async move { event_about(&client, event_type, &id).await }
    };
    for t in ["user.lifecycle.create", "user.lifecycle.activate"] {
        assert_card(&card(t).await, t, &id, login, &me);
    }

    within(client.app_users(app.as_str()).assign(ada.id.clone()))
        .await
        .expect("assigned");
    let assigned = card("application.user_membership.add").await;
    assert_card(
        &assigned,
        "application.user_membership.add",
        &id,
        login,
        &me,
    );
    let app_target = assigned.target("AppInstance").expect("the app");
    assert_eq!(
        (app_target.id.as_str(), app_target.display_name.as_deref()),
        (app.as_str(), Some("Wiki"))
    );

    within(client.groups().add_member(group.as_str(), ada.id.clone()))
        .await
        .expect("added");
    let added = card("group.user_membership.add").await;
    assert_card(&added, "group.user_membership.add", &id, login, &me);
    let group_target = added.target("UserGroup").expect("the group");
    assert_eq!(group_target.display_name.as_deref(), Some("Engineering"));

    within(
        client
            .groups()
            .remove_member(group.as_str(), ada.id.clone()),
    )
    .await
    .expect("removed");
    let t = "group.user_membership.remove";
    assert_card(&card(t).await, t, &id, login, &me);

    within(
        client
            .app_users(app.as_str())
            .unassign(ada.id.clone(), okta_client::api::UnassignAppUser::new()),
    )
    .await
    .expect("unassigned");
    let t = "application.user_membership.remove";
    assert_card(&card(t).await, t, &id, login, &me);

    within(client.users().suspend(ada.id.clone()))
        .await
        .expect("suspended");
    let t = "user.lifecycle.suspend";
    assert_card(&card(t).await, t, &id, login, &me);
    within(client.users().unsuspend(ada.id.clone()))
        .await
        .expect("unsuspended");
    let t = "user.lifecycle.unsuspend";
    assert_card(&card(t).await, t, &id, login, &me);
    within(client.users().deactivate(
        ada.id.clone(),
        okta_client::api::DeactivateUser::new().send_email(false),
    ))
    .await
    .expect("deactivated");
    let t = "user.lifecycle.deactivate";
    assert_card(&card(t).await, t, &id, login, &me);
    within(client.users().deactivate_and_delete(ada.id.clone()))
        .await
        .expect("deleted");
    let t = "user.lifecycle.delete.initiated";
    assert_card(&card(t).await, t, &id, login, &me);

    // Reactivation is for a user activated without credentials (PROVISIONED).
    let login = "ada.provisioned@example.com";
    let provisioned = within(
        client
            .users()
            .create(UserProfile::new(login, login, "Ada", "Lovelace"))
            .send(),
    )
    .await
    .expect("created");
    within(client.users().reactivate(
        provisioned.id.clone(),
        okta_client::api::ReactivateUser::new().send_email(false),
    ))
    .await
    .expect("reactivated");
    let event = event_about(&client, "user.lifecycle.reactivate", &provisioned.id).await;
    assert_card(
        &event,
        "user.lifecycle.reactivate",
        &provisioned.id,
        login,
        &me,
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_reported_suspicious_activity_is_read_through_client_logs_as_a_warning() {
    // No management call reports suspicious activity: the mock's admin API injects it.
    let server = start_mock_with(ORG).await;
    let client = client_for(&server);
    let (_, _, me) = ids(&client).await;
    let report = json!({"eventType": "user.account.report_suspicious_activity_by_enduser",
                        "user": "mia.admin@example.com"});
    within(client.raw(RawRequest::new(Method::POST, "/__mock/events").json(report)))
        .await
        .expect("injected");
    let t = "user.account.report_suspicious_activity_by_enduser";
    let event = event_about(&client, t, &me).await;
    assert_card(&event, t, &me, "mia.admin@example.com", &me);
    assert_eq!(event.severity, Some(LogSeverity::Warn));
    server.shutdown().await;
}
