//! The MFA enrollment reminder end to end: scheduled runs a day apart over the scenario's users
//! of varied age and enrollment, a factor enrolled through okta-client in between (the mock
//! logs its real `user.mfa.factor.activate`), and runs by hand over a selection.

use std::collections::BTreeMap;
use std::sync::Arc;

use okta_client::Client;
use okta_client::models::{NewUserFactor, Timestamp};
use okta_scenarios::flows::mfa_reminder::{self, Config, NAME, TABLE};
use okta_scenarios::runtime::{
    Engine, Flow, FlowError, RunStatus, Selection, TargetOutcome, TargetStatus, Trigger,
};

use crate::flow_support::{Collected, context, flow_mock, logged_event, state, writes};

const DAY: i64 = 24 * 60 * 60 * 1000;

/// The scheduled trigger `days` (and `hours`) after `start`.
fn slot(start: Timestamp, days: i64, hours: i64) -> Trigger {
    let at = start.unix_millis() + days * DAY + hours * DAY / 24;
    Trigger::Scheduled {
        at: Timestamp::from_unix_millis(at).unwrap(),
    }
}

/// Outcomes by login (or by the name given, for names that matched nobody).
fn by_login(outcomes: Vec<TargetOutcome>) -> BTreeMap<String, TargetStatus> {
    outcomes
        .into_iter()
        .map(|o| (o.display.unwrap_or(o.target), o.status))
        .collect()
}

fn skipped_because(status: Option<&TargetStatus>, why: &str) -> bool {
    matches!(status, Some(TargetStatus::Skipped(reason)) if reason.contains(why))
}

async fn user_id(client: &Client, login: &str) -> String {
    client
        .users()
        .get_by_login(login)
        .await
        .unwrap()
        .id
        .to_string()
}

#[tokio::test]
async fn old_users_without_an_active_factor_are_reminded_once_a_period_until_they_enroll() {
    let (server, client) = flow_mock("mfa_reminder").await;
    let flow = mfa_reminder::flow(Config::default());
    let (state, notes) = (state(), Collected::new());
    let start = Timestamp::now();

    // Dry run: ada (no factor) and cal (pending only) would be reminded; nothing is sent or kept.
    server.clear_journal();
    let dry = context(NAME, &client, false, "day-0", &state, &notes);
    let outcomes = by_login(flow.run(&dry, &slot(start, 0, 0)).await.unwrap());
    let expected = BTreeMap::from([
        ("ada@example.com".to_owned(), TargetStatus::WouldDo),
        ("cal@example.com".to_owned(), TargetStatus::WouldDo),
    ]);
    assert_eq!(
        outcomes, expected,
        "bea is enrolled, dan too new, eli suspended"
    );
    assert!(notes.sent().is_empty());
    assert!(state.rows(NAME, TABLE).unwrap().is_empty());

    let ctx = context(NAME, &client, true, "day-0", &state, &notes);
    let outcomes = by_login(flow.run(&ctx, &slot(start, 0, 0)).await.unwrap());
    assert_eq!(outcomes["ada@example.com"], TargetStatus::Done);
    assert_eq!(outcomes["cal@example.com"], TargetStatus::Done);
    let sent = notes.sent();
    let recipients: Vec<&str> = sent.iter().map(|n| n.recipient.as_str()).collect();
    assert_eq!(recipients, ["ada.lovelace@example.com", "cal@example.com"]);
    let settings = format!("{}/account-settings/home", server.base_url());
    assert!(sent[0].body.contains(&settings), "{}", sent[0].body);
    assert_eq!(state.rows(NAME, TABLE).unwrap().len(), 2);

    // The same slot again, and half a day later: within the period, nobody is told twice.
    for later in [0, 12] {
        let outcomes = by_login(flow.run(&ctx, &slot(start, 0, later)).await.unwrap());
        assert_eq!(outcomes["ada@example.com"], TargetStatus::NoChange);
        assert_eq!(outcomes["cal@example.com"], TargetStatus::NoChange);
    }
    assert_eq!(notes.sent().len(), 2);

    // ada enrolls a security question through okta-client (active at once; the mock logs the
    // real activation).
    let ada = user_id(&client, "ada@example.com").await;
    let question = NewUserFactor::question("disliked_food", "broccoli");
    let factor = client
        .users()
        .factors(ada.as_str())
        .enroll(&question)
        .await
        .unwrap();
    assert!(factor.is_active());
    logged_event(&client, "user.mfa.factor.activate", &ada).await;
    server.clear_journal();

    // A day later: ada's row is deleted and she is not reminded; cal gets a second reminder.
    let ctx = context(NAME, &client, true, "day-1", &state, &notes);
    let outcomes = by_login(flow.run(&ctx, &slot(start, 1, 0)).await.unwrap());
    assert!(
        skipped_because(outcomes.get("ada@example.com"), "enrolled"),
        "{outcomes:?}"
    );
    assert_eq!(outcomes["cal@example.com"], TargetStatus::Done);
    assert_eq!(notes.sent().len(), 3);
    assert!(state.row(NAME, TABLE, &ada).unwrap().is_none());
    let cal = user_id(&client, "cal@example.com").await;
    assert_eq!(state.row(NAME, TABLE, &cal).unwrap().unwrap()["count"], 2);

    // Every three days instead: the next day tells nobody, and ada is no longer listed.
    let every_three = mfa_reminder::flow(Config {
        remind_every_days: 3,
        ..Config::default()
    });
    let ctx = context(NAME, &client, true, "day-2", &state, &notes);
    let outcomes = by_login(every_three.run(&ctx, &slot(start, 2, 0)).await.unwrap());
    let expected = BTreeMap::from([("cal@example.com".to_owned(), TargetStatus::NoChange)]);
    assert_eq!(outcomes, expected);
    assert_eq!(notes.sent().len(), 3);
    assert!(
        writes(&server).is_empty(),
        "the flow never writes to Okta: {:?}",
        writes(&server)
    );
}

#[tokio::test]
async fn a_run_by_hand_reports_each_named_user_with_its_reason() {
    let (_server, client) = flow_mock("mfa_reminder").await;
    let (state, notes) = (state(), Collected::new());
    let named = Selection::Users(
        ["ada", "bea", "dan", "eli", "nobody"]
            .iter()
            .map(|n| format!("{n}@example.com"))
            .collect(),
    );
    let ctx = context(NAME, &client, true, "manual-1", &state, &notes);
    let flow = mfa_reminder::flow(Config::default());
    let outcomes = by_login(
        flow.run(&ctx, &Trigger::Manual(named.clone()))
            .await
            .unwrap(),
    );
    assert_eq!(outcomes["ada@example.com"], TargetStatus::Done);
    assert_eq!(outcomes["bea@example.com"], TargetStatus::NoChange);
    assert!(skipped_because(
        outcomes.get("dan@example.com"),
        "less than 3 days"
    ));
    assert!(skipped_because(
        outcomes.get("eli@example.com"),
        "SUSPENDED"
    ));
    assert!(skipped_because(
        outcomes.get("nobody@example.com"),
        "no such user"
    ));
    assert_eq!(notes.sent().len(), 1);

    // With no minimum age, the new hire is reminded too; ada, just reminded, is not.
    let eager = mfa_reminder::flow(Config {
        min_age_days: 0,
        ..Config::default()
    });
    let outcomes = by_login(eager.run(&ctx, &Trigger::Manual(named)).await.unwrap());
    assert_eq!(outcomes["dan@example.com"], TargetStatus::Done);
    assert_eq!(outcomes["ada@example.com"], TargetStatus::NoChange);
    assert_eq!(notes.sent().len(), 2);
}

#[tokio::test]
async fn a_notifier_that_fails_fails_the_run_retryably_and_records_nobody_as_reminded() {
    let (_server, client) = flow_mock("mfa_reminder").await;
    let (state, notes) = (state(), Collected::new());
    let flow = mfa_reminder::flow(Config::default());
    let ctx = context(NAME, &client, true, "day-0", &state, &notes);
    let now = Timestamp::now();
    notes.set_failing(true);
    let error = flow.run(&ctx, &slot(now, 0, 0)).await.unwrap_err();
    assert!(
        matches!(error, FlowError::Notify(_)) && error.is_retryable(),
        "{error}"
    );
    assert!(state.rows(NAME, TABLE).unwrap().is_empty());
    notes.set_failing(false);
    let outcomes = by_login(flow.run(&ctx, &slot(now, 0, 0)).await.unwrap());
    assert_eq!(outcomes.len(), 2);
    assert_eq!(notes.sent().len(), 2);
}

#[tokio::test]
async fn through_the_engine_the_daily_schedule_reminds_each_user_once_a_day() {
    let (_server, client) = flow_mock("mfa_reminder").await;
    let notes = Collected::new();
    let engine = Engine::new(client, state(), notes.clone())
        .flow(Arc::new(mfa_reminder::flow(Config::default())))
        .apply(true);
    let start = Timestamp::now();
    let at =
        |hours: i64| Timestamp::from_unix_millis(start.unix_millis() + hours * DAY / 24).unwrap();
    let runs = engine.run_due(at(0)).await.unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, RunStatus::Ok, "{:?}", runs[0]);
    assert_eq!(by_login(runs[0].outcomes.clone()).len(), 2, "ada and cal");
    assert_eq!(notes.sent().len(), 2);
    // An hour later the flow is not due; a day later it is, and reminds both again.
    assert!(engine.run_due(at(1)).await.unwrap().is_empty());
    let runs = engine.run_due(at(24)).await.unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(notes.sent().len(), 4);
}
