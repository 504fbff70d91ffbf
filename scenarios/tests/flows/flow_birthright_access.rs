//! Birthright access end to end: the triggering change made through okta-client, the real
//! event taken from the mock's System Log, the flow run on it.

use okta_client::api::UserUpdate;
use okta_client::models::UserProfile;
use okta_scenarios::flows::birthright_access::{self, Config, NAME};
use okta_scenarios::runtime::{Action, FlowError, Selection, TargetOutcome, TargetStatus, Trigger};

use super::flow_support::{Harness, group_names, shared};

const ORG: &str = "birthright_access";

fn added(outcome: &TargetOutcome) -> Vec<&str> {
    outcome
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::AddToGroup { group_name, .. } => Some(group_name.as_str()),
            _ => None,
        })
        .collect()
}

fn removed(outcome: &TargetOutcome) -> Vec<&str> {
    outcome
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::RemoveFromGroup { group_name, .. } => Some(group_name.as_str()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_new_engineer_gets_github_and_jira_once_and_the_flows_own_adds_do_not_retrigger_it() {
    let mut h = Harness::start(ORG).await;
    let flow = shared(birthright_access::flow(Config::default()));
    let mut profile = UserProfile::new("new@example.com", "new@example.com", "New", "Hire");
    profile.department = Some("Engineering".into());
    let user = h
        .client
        .users()
        .create(profile)
        .activate(true)
        .send()
        .await
        .unwrap();
    let event = h.event("user.lifecycle.create", user.id.as_str()).await;

    let before = h.writes();
    let dry = h.run(&flow, &event, false).await.unwrap();
    assert_eq!(dry.len(), 1);
    assert_eq!(dry[0].status, TargetStatus::WouldDo);
    assert_eq!(added(&dry[0]), ["GitHub", "Jira"]);
    assert_eq!(h.writes(), before, "a dry run writes nothing");
    assert_eq!(group_names(&h.client, user.id.as_str()).await, ["Everyone"]);

    let applied = h.run(&flow, &event, true).await.unwrap();
    assert_eq!(applied[0].status, TargetStatus::Done);
    assert_eq!(applied[0].display.as_deref(), Some("new@example.com"));
    assert_eq!(
        group_names(&h.client, user.id.as_str()).await,
        ["Everyone", "GitHub", "Jira"]
    );
    assert_eq!(h.writes(), before + 2);

    // The two additions come back as events: the loop guard drops both.
    let echoes = h.new_events().await;
    assert_eq!(echoes.len(), 2);
    for echo in &echoes {
        assert_eq!(echo.event_type(), "group.user_membership.add");
        assert!(
            h.dispatch(&flow, echo, true).await.is_none(),
            "an echo is dropped"
        );
    }
    // Run again on the same event (a redelivery): it converges, nothing is written.
    let again = h.run(&flow, &event, true).await.unwrap();
    assert_eq!(again[0].status, TargetStatus::NoChange);
    assert_eq!(h.writes(), before + 2);
}

#[tokio::test]
async fn a_department_change_moves_the_user_and_leaves_groups_the_mapping_does_not_name() {
    let mut h = Harness::start(ORG).await;
    let flow = shared(birthright_access::flow(Config::default()));
    let ada = h.user("ada@example.com").await;
    let update = UserUpdate::new().set("department", "Sales");
    h.client.users().update(&ada.id, &update).await.unwrap();
    let event = h
        .event("user.account.update_profile", ada.id.as_str())
        .await;

    let outcome = h.dispatch(&flow, &event, true).await.unwrap().unwrap();
    assert_eq!(outcome[0].status, TargetStatus::Done);
    assert_eq!(removed(&outcome[0]), ["GitHub", "Jira"]);
    assert_eq!(added(&outcome[0]), ["Salesforce", "Gong"]);
    assert_eq!(
        group_names(&h.client, ada.id.as_str()).await,
        ["All Staff", "Everyone", "Gong", "Salesforce"]
    );
    let writes = h.writes();
    for echo in h.new_events().await {
        assert!(h.dispatch(&flow, &echo, true).await.is_none());
    }
    assert!(matches!(
        h.run(&flow, &event, true).await.unwrap()[0].status,
        TargetStatus::NoChange
    ));
    assert_eq!(h.writes(), writes, "a second run makes no write");
}

#[tokio::test]
async fn an_addition_to_another_departments_group_is_undone_and_the_missing_group_added() {
    let mut h = Harness::start(ORG).await;
    let flow = shared(birthright_access::flow(Config::default()));
    let sam = h.user("sam@example.com").await;
    let jira = h
        .client
        .groups()
        .list()
        .q("Jira")
        .collect_all()
        .await
        .unwrap();
    h.client
        .groups()
        .add_member(&jira[0].id, &sam.id)
        .await
        .unwrap();
    let event = h.event("group.user_membership.add", sam.id.as_str()).await;

    let outcome = h.dispatch(&flow, &event, true).await.unwrap().unwrap();
    assert_eq!(removed(&outcome[0]), ["Jira"]);
    assert_eq!(added(&outcome[0]), ["Gong"]);
    assert_eq!(
        group_names(&h.client, sam.id.as_str()).await,
        ["All Staff", "Everyone", "Gong", "Salesforce"]
    );
}

#[tokio::test]
async fn a_manual_run_over_a_selection_reapplies_the_mapping_to_each_user() {
    let h = Harness::start(ORG).await;
    let flow = shared(birthright_access::flow(Config::default()));
    let selection = Selection::Users(vec![
        "sam@example.com".into(),
        "ada@example.com".into(),
        "nobody@example.com".into(),
    ]);
    let ctx = h.ctx(NAME, true, "manual-1");
    let outcomes = flow.run(&ctx, &Trigger::Manual(selection)).await.unwrap();
    assert_eq!(outcomes.len(), 3);
    assert_eq!(outcomes[0].status, TargetStatus::Done);
    assert_eq!(added(&outcomes[0]), ["Gong"]);
    assert_eq!(outcomes[1].status, TargetStatus::NoChange);
    assert!(matches!(outcomes[2].status, TargetStatus::Skipped(_)));
    let sam = h.user("sam@example.com").await;
    assert!(
        group_names(&h.client, sam.id.as_str())
            .await
            .contains(&"Gong".to_owned())
    );
}

#[tokio::test]
async fn a_mapping_naming_a_group_the_org_lacks_is_a_configuration_error_and_writes_nothing() {
    let mut h = Harness::start(ORG).await;
    let mut config = Config::default();
    config
        .mapping
        .insert("Engineering".into(), vec!["GitHub".into(), "Jiraa".into()]);
    let flow = shared(birthright_access::flow(config));
    let ada = h.user("ada@example.com").await;
    let update = UserUpdate::new().set("title", "Senior Engineer");
    h.client.users().update(&ada.id, &update).await.unwrap();
    let event = h
        .event("user.account.update_profile", ada.id.as_str())
        .await;
    let before = h.writes();
    let error = h.run(&flow, &event, true).await.unwrap_err();
    assert!(matches!(error, FlowError::Config(_)), "{error:?}");
    assert!(error.to_string().contains("\"Jiraa\""), "{error}");
    assert!(!error.is_retryable());
    assert_eq!(h.writes(), before);
}

#[tokio::test]
async fn the_mapping_can_come_from_its_own_toml_file_named_in_the_flows_configuration() {
    let mut h = Harness::start(ORG).await;
    let dir = std::env::temp_dir().join(format!("birthright-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("mapping.toml");
    std::fs::write(&file, "HR = [\"BambooHR\", \"Jira\"]\n").unwrap();
    let table = format!("mapping_file = {:?}\n", file.to_str().unwrap());
    let config: Config = toml::from_str(&table).unwrap();
    let flow = shared(birthright_access::flow(config));
    let hana = h.user("hana@example.com").await;
    let update = UserUpdate::new().set("title", "HR Lead");
    h.client.users().update(&hana.id, &update).await.unwrap();
    let event = h
        .event("user.account.update_profile", hana.id.as_str())
        .await;
    let outcome = h.run(&flow, &event, true).await.unwrap();
    assert_eq!(added(&outcome[0]), ["Jira"]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        toml::from_str::<Config>("mappings = {}").is_err(),
        "unknown keys are refused"
    );
}
