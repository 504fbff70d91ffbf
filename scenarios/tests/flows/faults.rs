//! Transient faults (seeded 429s, 5xx, resets and truncated bodies from the mock) must never
//! change the AD instance chosen for a user nor get a wrong value written: every outcome either
//! equals the fault-free run's or is `error`, and the office365 app users end up holding either
//! their old value or the fault-free run's value.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::support::{client, office365_values, start, start_with};
use okta_mock::MockConfig;
use okta_mock::scenario::{Scenario, default_scenario};
use okta_mock::sim::{FaultConfig, ManualClock};
use okta_scenarios::immutable_id::{
    FlowConfig, Outcome, Report, Selection, UserReport, run_immutable_id,
};

fn by_login(report: &Report) -> BTreeMap<String, UserReport> {
    report
        .users
        .iter()
        .map(|u| (u.login.clone(), u.clone()))
        .collect()
}

async fn run(server: &okta_mock::MockServer, selection: Selection, apply: bool) -> Report {
    let config = FlowConfig {
        selection,
        apply,
        ..FlowConfig::default()
    };
    run_immutable_id(&client(server), &config, &())
        .await
        .expect("the setup reads are not faulted into failure")
}

/// Checks one faulty run against the fault-free dry run; returns the problems.
fn compare(
    label: &str,
    baseline: &BTreeMap<String, UserReport>,
    faulty: &Report,
    after: &BTreeMap<String, Option<String>>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for user in &faulty.users {
        let Some(base) = baseline.get(&user.login) else {
            problems.push(format!(
                "{label}: {} is not in the fault-free run",
                user.login
            ));
            continue;
        };
        let expected = match base.outcome {
            Outcome::WouldUpdate => Outcome::Updated,
            other => other,
        };
        let same = user.outcome == expected
            && user.source == base.source
            && user.immutable_id == base.immutable_id;
        if !(same || user.outcome == Outcome::Error) {
            problems.push(format!(
                "{label}: {} got {} from {:?} ({:?}), fault-free: {} from {:?} ({:?})",
                user.login,
                user.outcome,
                user.source,
                user.immutable_id,
                base.outcome,
                base.source,
                base.immutable_id
            ));
        }
        if user.outcome == Outcome::Error && !user.message.contains("HTTP") {
            problems.push(format!(
                "{label}: {} error without its cause: {}",
                user.login, user.message
            ));
        }
    }
    for (login, value) in after {
        let Some(base) = baseline.get(login) else {
            continue;
        };
        let allowed = [
            base.previous.clone(),
            base.immutable_id
                .clone()
                .filter(|_| base.outcome == Outcome::WouldUpdate),
        ];
        if !allowed.contains(value) {
            problems.push(format!(
                "{label}: {login} holds {value:?}; allowed {allowed:?}"
            ));
        }
    }
    problems
}

#[tokio::test]
async fn seeded_transient_faults_never_change_the_chosen_instance_nor_write_a_wrong_value() {
    let clean = start(default_scenario()).await;
    let baseline = by_login(&run(&clean, Selection::All, false).await);
    let logins: Vec<String> = baseline.keys().cloned().collect();
    assert!(baseline.values().any(|u| u.outcome == Outcome::WouldUpdate));

    let faults = FaultConfig::parse("429=0.03,500=0.03,502=0.03,503=0.09,reset=0.03,truncate=0.03")
        .expect("a valid fault spec");
    // A clock stopped one second before a minute boundary: every 429 asks for a 2 s wait,
    // which the client's policy (at most 3 s) honours, so rate limits are retried, not fatal.
    let clock = Arc::new(ManualClock::new(
        time::macros::datetime!(2026-01-05 10:00:59 UTC),
    ));
    let mut problems = Vec::new();
    let mut errors = 0;
    let mut retries = 0;
    for seed in 1..=3u64 {
        for selection in [Selection::All, Selection::Users(logins.clone())] {
            let config = MockConfig::default()
                .scenario(default_scenario())
                .faults(faults.clone())
                .seed(seed)
                .clock(clock.clone());
            let server = start_with(config).await;
            let label = format!("seed {seed} {selection:?}");
            let report = run(&server, selection, true).await;
            errors += report
                .users
                .iter()
                .filter(|u| u.outcome == Outcome::Error)
                .count();
            retries += server
                .journal()
                .iter()
                .filter(|e| e.retry_count.is_some())
                .count();
            problems.extend(compare(
                &label,
                &baseline,
                &report,
                &office365_values(&server),
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The faults were real: the client had to retry, so the test exercised something.
    assert!(
        retries > 0,
        "no request was retried; the fault spec did nothing"
    );
    eprintln!("{errors} user(s) ended in error, {retries} retried request(s)");
}

/// Serves the mock's router with every request under `/api/v1/apps/{failing}/users` answered
/// `status` (an Okta-shaped error), or never in time when `status` is `None`, as an outage of
/// that one AD instance would look.
async fn serve_with_failing_app(
    status: Option<u16>,
    failing: String,
) -> (String, okta_mock::AppState, tokio::task::JoinHandle<()>) {
    use axum::response::IntoResponse as _;
    let state = MockConfig::default()
        .scenario(default_scenario())
        .build_state()
        .expect("the default scenario loads");
    let prefix = format!("/api/v1/apps/{failing}/users");
    let app = okta_mock::router(state.clone()).layer(axum::middleware::from_fn(
        move |req: axum::extract::Request, next: axum::middleware::Next| {
            let fail = req.uri().path().starts_with(&prefix);
            async move {
                if !fail {
                    return next.run(req).await;
                }
                let Some(status) = status else {
                    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                    return next.run(req).await;
                };
                let body = serde_json::json!({
                    "errorCode": "E0000010", "errorSummary": "Service unavailable",
                    "errorLink": "E0000010", "errorId": "oaeFault", "errorCauses": []
                });
                let status = axum::http::StatusCode::from_u16(status)
                    .unwrap_or(axum::http::StatusCode::SERVICE_UNAVAILABLE);
                (status, axum::Json(body)).into_response()
            }
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, state, task)
}

#[tokio::test]
async fn an_unavailable_preferred_directory_is_an_error_and_never_a_fallback_to_the_next() {
    let scenario = default_scenario();
    let corp = scenario
        .apps
        .iter()
        .find(|a| a.label == "corp.example.com")
        .and_then(|a| a.id.clone());
    // The default scenario's ids are generated: read them back from a loaded store.
    let corp = match corp {
        Some(id) => id,
        None => {
            let state = MockConfig::default()
                .scenario(scenario)
                .build_state()
                .expect("loads");
            let exported = Scenario::export(&state.read());
            exported
                .apps
                .iter()
                .find(|a| a.label == "corp.example.com")
                .and_then(|a| a.id.clone())
                .expect("corp.example.com has an id")
        }
    };
    for status in [Some(503u16), Some(500), Some(404), None] {
        let (url, state, task) = serve_with_failing_app(status, corp.clone()).await;
        let client = okta_client::Client::builder()
            .org_url(&url)
            .api_token(okta_mock::DEFAULT_TOKEN)
            .retry_policy(okta_client::RetryPolicy::none())
            .request_timeout(std::time::Duration::from_millis(300))
            .build()
            .expect("client");
        // dave is in corp and emea with different values; tina in corp, emea and apac.
        let logins = vec![
            "dave.diaz@example.com".to_owned(),
            "tina.tran@example.com".to_owned(),
        ];
        for selection in [Selection::Users(logins.clone()), Selection::All] {
            let config = FlowConfig {
                selection: selection.clone(),
                apply: true,
                ..FlowConfig::default()
            };
            let report = run_immutable_id(&client, &config, &())
                .await
                .expect("the run completes");
            for login in &logins {
                let user = report
                    .users
                    .iter()
                    .find(|u| &u.login == login)
                    .expect("reported");
                assert_eq!(
                    user.outcome,
                    Outcome::Error,
                    "HTTP {status:?} {selection:?}: {login} got {} from {:?}: {}",
                    user.outcome,
                    user.source,
                    user.message
                );
            }
            // Nothing was written for them: their office365 immutableId is still null.
            let exported = Scenario::export(&state.read());
            for login in &logins {
                let user = exported
                    .users
                    .iter()
                    .find(|u| u.profile["login"] == serde_json::json!(login))
                    .expect("the user is in the org");
                let o365 = user
                    .apps
                    .iter()
                    .find(|a| a.app == "Microsoft Office 365")
                    .expect("assigned to office365");
                let value = o365.profile.get("immutableId").and_then(|v| v.as_str());
                assert_eq!(
                    value, None,
                    "HTTP {status:?} {selection:?}: {login} was written"
                );
            }
        }
        task.abort();
    }
}
