//! The group flag flow end to end: memberships changed through okta-client on a mock loaded
//! with `cases/flows/group_flag.json`, the mock's real events read by the engine from the
//! System Log (and delivered by event hooks), the flags checked on the users afterwards.

use std::sync::Arc;

use okta_client::{Client, Method, RawRequest};
use okta_scenarios::flows::group_flag::{self, Config};
use okta_scenarios::runtime::{Action, Engine, Flow, RunQuery, RunStatus, Selection, TargetStatus};
use serde_json::Value;

use crate::flow_support::{
    Collected, StateFile, before_now, drive, engine, flow_mock, hooked, sources, state,
};

fn the_flow() -> Vec<Arc<dyn Flow>> {
    vec![Arc::new(group_flag::flow(Config::default()))]
}

async fn user_id(client: &Client, login: &str) -> String {
    client
        .users()
        .get_by_login(login)
        .await
        .expect("the user")
        .id
        .as_str()
        .to_owned()
}

async fn group_id(client: &Client, name: &str) -> String {
    let groups = client.groups().list().q(name).collect_all().await.unwrap();
    let group = groups
        .iter()
        .find(|g| g.profile.name == name)
        .expect("the group");
    group.id.as_str().to_owned()
}

async fn flag(client: &Client, login: &str) -> Option<Value> {
    let user = client.users().get_by_login(login).await.expect("the user");
    user.profile.get("isMemberOfGroup")
}

/// Adds bob to Contractors and removes ada from it, through the client.
async fn change_memberships(client: &Client) {
    let contractors = group_id(client, "Contractors").await;
    let bob = user_id(client, "bob@example.com").await;
    let ada = user_id(client, "ada@example.com").await;
    client
        .groups()
        .add_member(contractors.as_str(), bob.as_str())
        .await
        .unwrap();
    client
        .groups()
        .remove_member(contractors.as_str(), ada.as_str())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_user_added_to_the_group_gets_the_flag_and_a_removed_one_loses_it() {
    let (_server, client) = flow_mock("group_flag").await;
    let file = StateFile::new("group-flag-log");
    let notes = Collected::new();
    let engine = engine(&client, file.open(), notes.clone(), the_flow());
    let since = before_now();
    change_memberships(&client).await;

    let summary = drive(&engine, since, None, 2).await;

    assert_eq!((summary.events, summary.runs, summary.failed), (2, 2, 0));
    assert_eq!(
        flag(&client, "bob@example.com").await,
        Some(Value::Bool(true))
    );
    assert_eq!(
        flag(&client, "ada@example.com").await,
        Some(Value::Bool(false))
    );
    let runs = engine.state().runs(&RunQuery::default()).unwrap();
    assert_eq!(runs.len(), 2);
    for run in &runs {
        assert_eq!(run.status, RunStatus::Ok, "{run:?}");
        assert_eq!(run.outcomes.len(), 1);
        assert_eq!(run.outcomes[0].status, TargetStatus::Done);
        assert!(matches!(
            &run.outcomes[0].actions[..],
            [Action::SetProfileAttribute { name, .. }] if name == "isMemberOfGroup"
        ));
    }
    assert!(notes.sent().is_empty(), "no failure to report");

    // Running the same events again (by hand) writes nothing: the flow converges.
    for run in &runs {
        let again = engine.rerun(run.id).await.unwrap();
        assert_eq!(
            again.outcomes[0].status,
            TargetStatus::NoChange,
            "{again:?}"
        );
    }
}

#[tokio::test]
async fn events_delivered_by_hook_and_read_from_the_log_act_once() {
    let (_server, client) = flow_mock("group_flag").await;
    let file = StateFile::new("group-flag-hooks");
    let engine = engine(&client, file.open(), Arc::default(), the_flow());
    let hooks = hooked(&engine).await;
    let since = before_now();
    change_memberships(&client).await;

    // Each of the two events arrives twice: by hook and from the log.
    let summary = drive(&engine, since, Some(hooks), 4).await;

    assert_eq!(summary.events, 4);
    assert_eq!(summary.runs, 2, "{summary:?}");
    assert_eq!(summary.duplicates, 2);
    let runs = engine.state().runs(&RunQuery::default()).unwrap();
    for run in &runs {
        let key = run.trigger_key.as_deref().unwrap();
        assert_eq!(engine.state().run_count(group_flag::NAME, key).unwrap(), 1);
    }
    assert_eq!(
        flag(&client, "bob@example.com").await,
        Some(Value::Bool(true))
    );
    assert_eq!(
        flag(&client, "ada@example.com").await,
        Some(Value::Bool(false))
    );
}

#[tokio::test]
async fn a_dry_run_writes_nothing_and_says_what_it_would_do() {
    let (_server, client) = flow_mock("group_flag").await;
    let state = state();
    let engine = engine(&client, state, Arc::default(), the_flow()).apply(false);
    let since = before_now();
    change_memberships(&client).await;

    drive(&engine, since, None, 2).await;

    let runs = engine.state().runs(&RunQuery::default()).unwrap();
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| !r.applied));
    assert!(
        runs.iter()
            .all(|r| r.outcomes[0].status == TargetStatus::WouldDo)
    );
    assert_eq!(flag(&client, "bob@example.com").await, None);
    assert_eq!(
        flag(&client, "ada@example.com").await,
        Some(Value::Bool(true))
    );
}

#[tokio::test]
async fn a_dry_run_refuses_a_state_file_that_apply_runs_read() {
    let (_server, client) = flow_mock("group_flag").await;
    let file = StateFile::new("group-flag-dry");
    let engine = Engine::new(client.clone(), file.open(), Collected::new()).flows(the_flow());
    let err = engine
        .run_manual(group_flag::NAME, Selection::All)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("in_memory"), "{err}");
}

#[tokio::test]
async fn a_manual_run_over_everyone_fixes_stale_and_missing_flags() {
    let (_server, client) = flow_mock("group_flag").await;
    let file = StateFile::new("group-flag-manual");
    let engine = engine(&client, file.open(), Arc::default(), the_flow());

    let run = engine
        .run_manual(group_flag::NAME, Selection::All)
        .await
        .unwrap();

    let status = |login: &str| {
        run.outcomes
            .iter()
            .find(|o| o.display.as_deref() == Some(login))
            .map(|o| o.status.clone())
    };
    assert_eq!(status("dee@example.com"), Some(TargetStatus::Done));
    assert_eq!(status("eve@example.com"), Some(TargetStatus::Done));
    assert_eq!(status("ada@example.com"), Some(TargetStatus::NoChange));
    assert_eq!(status("bob@example.com"), Some(TargetStatus::NoChange));
    assert_eq!(
        flag(&client, "dee@example.com").await,
        Some(Value::Bool(false))
    );
    assert_eq!(
        flag(&client, "eve@example.com").await,
        Some(Value::Bool(true))
    );
    let again = engine
        .run_manual(
            group_flag::NAME,
            Selection::Users(vec!["dee@example.com".into(), "eve@example.com".into()]),
        )
        .await
        .unwrap();
    assert!(
        again
            .outcomes
            .iter()
            .all(|o| o.status == TargetStatus::NoChange),
        "{again:?}"
    );
}

#[tokio::test]
async fn a_write_that_keeps_failing_is_retried_recorded_reported_and_can_be_run_again() {
    let (_server, client) = flow_mock("group_flag").await;
    let file = StateFile::new("group-flag-failing");
    let notes = Collected::new();
    let engine = engine(&client, file.open(), notes.clone(), the_flow());
    let since = before_now();
    let contractors = group_id(&client, "Contractors").await;
    let bob = user_id(&client, "bob@example.com").await;
    client
        .groups()
        .add_member(contractors.as_str(), bob.as_str())
        .await
        .unwrap();
    // Every profile write answers 503, more times than the client and the engine retry.
    let fault = serde_json::json!({
        "method": "POST", "path": "/api/v1/users/{id}", "times": 100, "fault": "503"
    });
    client
        .raw(RawRequest::new(Method::POST, "/__mock/faults").json(fault))
        .await
        .expect("faults scheduled");

    let summary = drive(&engine, since, None, 1).await;

    assert_eq!((summary.runs, summary.failed), (1, 1));
    let failed = engine
        .state()
        .runs(&RunQuery {
            failed_only: true,
            ..RunQuery::default()
        })
        .unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].attempts, 3, "the engine's policy: three runs");
    assert!(
        failed[0].error.as_deref().unwrap_or("").contains("503"),
        "{failed:?}"
    );
    let sent = notes.sent();
    assert_eq!(sent.len(), 1, "the failure is reported once: {sent:?}");
    assert!(sent[0].subject.contains("group-flag failed"), "{sent:?}");
    assert!(
        sent[0].body.contains(&format!("--rerun {}", failed[0].id)),
        "{sent:?}"
    );
    assert_eq!(flag(&client, "bob@example.com").await, None);

    client
        .raw(RawRequest::new(Method::DELETE, "/__mock/faults"))
        .await
        .expect("faults dropped");
    let again = engine.rerun(failed[0].id).await.unwrap();
    assert_eq!(again.status, RunStatus::Ok);
    assert_eq!(again.outcomes[0].status, TargetStatus::Done);
    assert_eq!(
        flag(&client, "bob@example.com").await,
        Some(Value::Bool(true))
    );
    let key = again.trigger_key.as_deref().unwrap();
    assert!(engine.state().is_done(group_flag::NAME, key).unwrap());
}

#[tokio::test]
async fn a_watch_told_to_stop_stops_before_the_next_event() {
    let (_server, client) = flow_mock("group_flag").await;
    let engine = engine(&client, state(), Arc::default(), the_flow());
    let since = before_now();
    change_memberships(&client).await;
    let options = okta_scenarios::runtime::WatchOptions::default();
    let summary = okta_scenarios::runtime::watch(
        &engine,
        sources(&engine, since, None),
        &options,
        std::future::ready(()),
        &mut |_| {},
    )
    .await
    .unwrap();
    assert_eq!(
        summary.stopped,
        okta_scenarios::runtime::StopReason::Interrupted
    );
    assert_eq!(summary.events, 0);
    assert_eq!(flag(&client, "bob@example.com").await, None);
}
