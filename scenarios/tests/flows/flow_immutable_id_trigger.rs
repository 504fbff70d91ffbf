//! The Immutable ID sync on its trigger, end to end: joining the Office 365 group or being
//! assigned to the Office 365 app runs the per-user flow for that user, with its guards.

use okta_scenarios::flows::immutable_id_trigger::{self, Config};
use okta_scenarios::runtime::{Action, Selection, TargetStatus, Trigger};

use super::flow_support::{Harness, shared};
use super::support::office365_value;

const ORG: &str = "immutable_id_trigger";

async fn group_id(h: &Harness, name: &str) -> okta_client::models::GroupId {
    let found = h
        .client
        .groups()
        .list()
        .q(name)
        .collect_all()
        .await
        .unwrap();
    found
        .into_iter()
        .find(|g| g.profile.name == name)
        .unwrap()
        .id
}

async fn app_id(h: &Harness, label: &str) -> okta_client::models::AppId {
    let apps = h.client.apps().list().collect_all().await.unwrap();
    apps.into_iter().find(|a| a.label == label).unwrap().id
}

/// Alice, added to the Office 365 group through the client.
async fn alice_joins_office_365(h: &Harness) -> okta_client::models::User {
    let alice = h.user("alice@example.com").await;
    let o365 = group_id(h, "Office 365").await;
    h.client
        .groups()
        .add_member(&o365, &alice.id)
        .await
        .unwrap();
    alice
}

#[tokio::test]
async fn joining_the_office_365_group_writes_the_immutable_id_once_and_only_when_applying() {
    let mut h = Harness::start(ORG).await;
    let flow = shared(immutable_id_trigger::flow(Config::default()));
    let alice = alice_joins_office_365(&h).await;
    let event = h
        .event("group.user_membership.add", alice.id.as_str())
        .await;

    let before = h.writes();
    let dry = h.dispatch(&flow, &event, false).await.unwrap().unwrap();
    assert_eq!(dry.len(), 1);
    assert_eq!(dry[0].status, TargetStatus::WouldDo);
    assert_eq!(dry[0].target, alice.id.as_str());
    let write = Action::SetProfileAttribute {
        name: "immutableId".into(),
        value: "yYuRNW0Z6kCXeYidebdT8A==".into(),
    };
    assert_eq!(dry[0].actions, std::slice::from_ref(&write));
    assert_eq!(h.writes(), before, "a dry run writes nothing");
    assert_eq!(office365_value(&h.server, "alice@example.com").await, None);

    let done = h.dispatch(&flow, &event, true).await.unwrap().unwrap();
    assert_eq!(done[0].status, TargetStatus::Done);
    assert_eq!(done[0].actions, [write]);
    assert_eq!(
        office365_value(&h.server, "alice@example.com")
            .await
            .as_deref(),
        Some("yYuRNW0Z6kCXeYidebdT8A==")
    );
    assert_eq!(h.writes(), before + 1);
    // The write's event is not one of the flow's triggers; a redelivery converges.
    for echo in h.new_events().await {
        assert!(h.dispatch(&flow, &echo, true).await.is_none());
    }
    // The engine does not run a flow twice on one event; run outside it, the flow converges.
    assert!(h.dispatch(&flow, &event, true).await.is_none());
    let again = h.run(&flow, &event, true).await.unwrap();
    assert_eq!(again[0].status, TargetStatus::NoChange);
    assert_eq!(h.writes(), before + 1);
}

#[tokio::test]
async fn an_assignment_to_the_office_365_app_triggers_it_and_one_to_another_app_does_not() {
    let mut h = Harness::start(ORG).await;
    let flow = shared(immutable_id_trigger::flow(Config::default()));
    let dan = h.user("dan@example.com").await;

    let emea = app_id(&h, "emea.example.com").await;
    h.client.app_users(&emea).assign(&dan.id).await.unwrap();
    let event = h
        .event("application.user_membership.add", dan.id.as_str())
        .await;
    assert!(
        h.dispatch(&flow, &event, true)
            .await
            .unwrap()
            .unwrap()
            .is_empty()
    );

    let office365 = app_id(&h, "Microsoft Office 365").await;
    h.client
        .app_users(&office365)
        .assign(&dan.id)
        .await
        .unwrap();
    let event = h
        .event("application.user_membership.add", dan.id.as_str())
        .await;
    let done = h.dispatch(&flow, &event, true).await.unwrap().unwrap();
    assert_eq!(done[0].status, TargetStatus::Done, "{done:?}");
    assert_eq!(
        office365_value(&h.server, "dan@example.com")
            .await
            .as_deref(),
        Some("ICEiIyQlJicoKSorLC0uLw==")
    );
}

#[tokio::test]
async fn other_groups_are_not_its_trigger_and_disagreeing_directories_are_a_failed_target() {
    let mut h = Harness::start(ORG).await;
    let flow = shared(immutable_id_trigger::flow(Config::default()));
    let bob = h.user("bob@example.com").await;
    let staff = group_id(&h, "All Staff").await;
    h.client.groups().add_member(&staff, &bob.id).await.unwrap();
    let event = h.event("group.user_membership.add", bob.id.as_str()).await;
    assert!(
        h.dispatch(&flow, &event, true)
            .await
            .unwrap()
            .unwrap()
            .is_empty()
    );

    let o365 = group_id(&h, "Office 365").await;
    h.client.groups().add_member(&o365, &bob.id).await.unwrap();
    let event = h.event("group.user_membership.add", bob.id.as_str()).await;
    let before = h.writes();
    let outcome = h.dispatch(&flow, &event, true).await.unwrap().unwrap();
    match &outcome[0].status {
        TargetStatus::Failed(why) => assert!(why.starts_with("conflict"), "{why}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(outcome[0].actions.is_empty());
    assert_eq!(h.writes(), before, "a conflict writes nothing");
    assert_eq!(office365_value(&h.server, "bob@example.com").await, None);
}

#[tokio::test]
async fn a_manual_run_over_everyone_keeps_the_immutable_id_flows_outcomes() {
    let h = Harness::start(ORG).await;
    let flow = shared(immutable_id_trigger::flow(Config::default()));
    alice_joins_office_365(&h).await;
    let ctx = h.ctx(immutable_id_trigger::NAME, true, "manual-1");
    let before = h.writes();
    let outcomes = flow
        .run(&ctx, &Trigger::Manual(Selection::All))
        .await
        .unwrap();
    let by_login = |login: &str| {
        outcomes
            .iter()
            .find(|o| o.display.as_deref() == Some(login))
            .unwrap_or_else(|| panic!("{login} in {outcomes:?}"))
    };
    assert_eq!(by_login("alice@example.com").status, TargetStatus::Done);
    match &by_login("dan@example.com").status {
        TargetStatus::Skipped(why) => assert!(why.starts_with("no_office365_assignment"), "{why}"),
        other => panic!("dan: {other:?}"),
    }
    assert_eq!(h.writes(), before + 1, "alice's Immutable ID only");
}
