//! Title sync end to end, and its loop guard: the flow writes the profile whose updates
//! trigger it, and must not act on its own writes.

use okta_client::api::UserUpdate;
use okta_scenarios::flows::title_sync::{self, Config, HANDLED_TABLE, NAME};
use okta_scenarios::runtime::{Action, FlowError, Selection, TargetStatus, Trigger};

use super::flow_support::{Harness, group_names, okta_writes, shared};

const ORG: &str = "title_sync";
const UPDATE: &str = "user.account.update_profile";

#[tokio::test]
async fn a_move_to_sales_manager_updates_groups_and_cost_center_tells_the_manager_and_never_loops()
{
    let mut h = Harness::start(ORG).await;
    let flow = shared(title_sync::flow(Config::default()));
    let eli = h.user("eli@example.com").await;
    let hr = UserUpdate::new()
        .set("title", "Sales Manager")
        .set("department", "Sales");
    h.client.users().update(&eli.id, &hr).await.unwrap();
    let event = h.event(UPDATE, eli.id.as_str()).await;

    let before = h.writes();
    let dry = h.dispatch(&flow, &event, false).await.unwrap().unwrap();
    assert_eq!(dry[0].status, TargetStatus::WouldDo);
    assert_eq!(okta_writes(&dry), 2, "{dry:?}");
    assert_eq!(h.writes(), before, "a dry run writes nothing");
    assert!(h.notes.sent().is_empty(), "a dry run notifies nobody");
    assert!(
        h.state
            .row(NAME, HANDLED_TABLE, eli.id.as_str())
            .unwrap()
            .is_none()
    );

    let done = h.dispatch(&flow, &event, true).await.unwrap().unwrap();
    assert_eq!(done[0].status, TargetStatus::Done);
    assert!(done[0].actions.contains(&Action::SetProfileAttribute {
        name: "costCenter".into(),
        value: "CC-2100".into(),
    }));
    let after = h.client.users().get(&eli.id).await.unwrap();
    assert_eq!(after.profile.cost_center.as_deref(), Some("CC-2100"));
    assert!(
        group_names(&h.client, eli.id.as_str())
            .await
            .contains(&"People Managers".to_owned())
    );
    assert_eq!(h.writes(), before + 2);
    let sent = h.notes.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].recipient, "mia@example.com",
        "the manager, by managerId"
    );
    assert!(
        sent[0].body.contains("-> Sales Manager"),
        "{}",
        sent[0].body
    );

    // The flow's own profile write comes back: the guard drops it.
    let echoes = h.new_events().await;
    let own = echoes
        .iter()
        .find(|e| e.event_type() == UPDATE)
        .expect("the costCenter write is logged");
    assert!(h.dispatch(&flow, own, true).await.is_none());
    // Even if the guard's record were gone, the remembered (title, department) stops it.
    let unguarded = h.run(&flow, own, true).await.unwrap();
    assert_eq!(unguarded[0].status, TargetStatus::NoChange);
    // And a redelivery of the HR event converges.
    assert_eq!(
        h.run(&flow, &event, true).await.unwrap()[0].status,
        TargetStatus::NoChange
    );
    assert_eq!(h.writes(), before + 2, "no write after the first");
    assert_eq!(h.notes.sent().len(), 1, "no second notification");
}

#[tokio::test]
async fn an_update_that_changes_neither_title_nor_department_writes_and_notifies_nothing() {
    let mut h = Harness::start(ORG).await;
    let flow = shared(title_sync::flow(Config::default()));
    let sara = h.user("sara@example.com").await;
    let phone = UserUpdate::new().set("mobilePhone", "+1 555 0100");
    h.client.users().update(&sara.id, &phone).await.unwrap();
    let event = h.event(UPDATE, sara.id.as_str()).await;
    let before = h.writes();
    let outcome = h.dispatch(&flow, &event, true).await.unwrap().unwrap();
    assert_eq!(outcome[0].status, TargetStatus::NoChange);
    assert!(h.notes.sent().is_empty());
    assert_eq!(h.writes(), before);

    // A title change then goes to the fallback recipient: Sara has no manager.
    let title = UserUpdate::new().set("title", "Sales Manager");
    h.client.users().update(&sara.id, &title).await.unwrap();
    let event = h.event(UPDATE, sara.id.as_str()).await;
    let outcome = h.dispatch(&flow, &event, true).await.unwrap().unwrap();
    assert_eq!(outcome[0].status, TargetStatus::Done);
    assert_eq!(
        okta_writes(&outcome),
        1,
        "People Managers only: the cost center is right"
    );
    assert_eq!(h.notes.sent()[0].recipient, "it-ops@example.com");
}

#[tokio::test]
async fn a_title_mapping_naming_a_group_the_org_lacks_is_a_configuration_error() {
    let mut h = Harness::start(ORG).await;
    let mut config = Config::default();
    config
        .groups
        .insert("Sales Manager".into(), vec!["Sales Leads".into()]);
    let flow = shared(title_sync::flow(config));
    let sara = h.user("sara@example.com").await;
    let title = UserUpdate::new().set("title", "Sales Manager");
    h.client.users().update(&sara.id, &title).await.unwrap();
    let event = h.event(UPDATE, sara.id.as_str()).await;
    let before = h.writes();
    let error = h.run(&flow, &event, true).await.unwrap_err();
    assert!(
        matches!(error, FlowError::Config(ref m) if m.contains("\"Sales Leads\"")),
        "{error}"
    );
    assert_eq!(h.writes(), before);
}

#[tokio::test]
async fn a_manual_run_reapplies_the_mappings_to_the_selected_users() {
    let h = Harness::start(ORG).await;
    let flow = shared(title_sync::flow(Config::default()));
    let sara = h.user("sara@example.com").await;
    // Someone set a wrong cost center by hand; no title or department change.
    let wrong = UserUpdate::new().set("costCenter", "CC-9999");
    h.client.users().update(&sara.id, &wrong).await.unwrap();
    let selection = Selection::Users(vec!["sara@example.com".into(), "eli@example.com".into()]);
    let ctx = h.ctx(NAME, true, "manual-1");
    let outcomes = flow
        .run(&ctx, &Trigger::Manual(selection.clone()))
        .await
        .unwrap();
    assert_eq!(outcomes[0].status, TargetStatus::Done);
    assert_eq!(okta_writes(&outcomes[..1]), 1);
    assert_eq!(outcomes[1].status, TargetStatus::NoChange);
    let after = h.client.users().get(&sara.id).await.unwrap();
    assert_eq!(after.profile.cost_center.as_deref(), Some("CC-2100"));
    let again = flow.run(&ctx, &Trigger::Manual(selection)).await.unwrap();
    assert!(
        again.iter().all(|o| o.status == TargetStatus::NoChange),
        "{again:?}"
    );
}
