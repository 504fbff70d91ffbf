//! The Immutable ID flows with `--apply` under each fault, batch and per user: the org ends in
//! exactly the state a fault-free run leaves (the mock's exported state) and every user gets
//! the same outcome.

use okta_mock::scenario::{Scenario, default_scenario};
use okta_mock::{MockConfig, MockServer};
use okta_scenarios::immutable_id::{FlowConfig, Report, Selection, run_immutable_id};

use super::{SEED, bounded, matrix_client, retried, spec, start_faulty};

/// What must be equal between two runs: per user, everything but the audit (which counts
/// retried requests differently).
fn outcomes(report: &Report) -> Vec<String> {
    let mut lines: Vec<String> = report
        .users
        .iter()
        .map(|u| {
            format!(
                "{} {} {:?} {:?} {:?} {}",
                u.login, u.outcome, u.source, u.immutable_id, u.previous, u.message
            )
        })
        .collect();
    lines.sort();
    lines
}

fn exported(server: &MockServer) -> Scenario {
    // Without timestamps: the runs compared happen at different times.
    okta_mock::scenario::Scenario::export(&server.store().read().unwrap_or_else(|e| e.into_inner()))
        .without_timestamps()
}

/// One `--apply` run on a fresh default org under `spec` (empty: no faults), one user at a time
/// so that the faults land on the same requests every time.
async fn apply(spec: &str, selection: Selection, label: &str) -> (Report, Scenario, usize) {
    let server = start_faulty(MockConfig::default().scenario(default_scenario()), spec).await;
    let config = FlowConfig {
        selection,
        apply: true,
        concurrency: 1,
        ..FlowConfig::default()
    };
    let client = matrix_client(&server);
    let report = bounded(label, run_immutable_id(&client, &config, &()))
        .await
        .unwrap_or_else(|e| panic!("{label}: the run stopped: {e}"));
    let state = exported(&server);
    let retries = retried(&server);
    // Dropped, not shut down: a graceful shutdown would wait for hung requests.
    drop(server);
    (report, state, retries)
}

async fn leaves_the_fault_free_state(name: &str) {
    let spec = spec(name);
    let (batch_clean, state_clean, _) = apply("", Selection::All, "fault-free batch").await;
    assert!(
        batch_clean
            .users
            .iter()
            .any(|u| u.outcome.as_str() == "updated"),
        "the fault-free run writes something"
    );
    let logins: Vec<String> = batch_clean.users.iter().map(|u| u.login.clone()).collect();
    let (user_clean, user_state_clean, _) =
        apply("", Selection::Users(logins.clone()), "fault-free per-user").await;
    assert_eq!(
        user_state_clean, state_clean,
        "both modes agree without faults"
    );

    let mut retries = 0;
    for (mode, selection, clean) in [
        ("batch", Selection::All, &batch_clean),
        ("per-user", Selection::Users(logins), &user_clean),
    ] {
        let label = format!("{mode} --apply under {name} ({spec}, seed {SEED})");
        let (report, state, n) = apply(spec, selection, &label).await;
        retries += n;
        assert_eq!(
            outcomes(&report),
            outcomes(clean),
            "{label}: outcomes differ"
        );
        assert!(
            state == state_clean,
            "{label}: the org differs from the fault-free run's"
        );
    }
    if !spec.starts_with("latency") {
        assert!(retries > 0, "{name}: no request was retried");
    }
}

#[tokio::test]
async fn the_flows_under_429s_leave_the_fault_free_org() {
    leaves_the_fault_free_state("429").await;
}

#[tokio::test]
async fn the_flows_under_500s_leave_the_fault_free_org() {
    leaves_the_fault_free_state("500").await;
}

#[tokio::test]
async fn the_flows_under_502s_leave_the_fault_free_org() {
    leaves_the_fault_free_state("502").await;
}

#[tokio::test]
async fn the_flows_under_503s_leave_the_fault_free_org() {
    leaves_the_fault_free_state("503").await;
}

#[tokio::test]
async fn the_flows_under_504s_leave_the_fault_free_org() {
    leaves_the_fault_free_state("504").await;
}

#[tokio::test]
async fn the_flows_under_html_pages_leave_the_fault_free_org() {
    leaves_the_fault_free_state("html").await;
}

#[tokio::test]
async fn the_flows_under_connection_resets_leave_the_fault_free_org() {
    leaves_the_fault_free_state("reset").await;
}

#[tokio::test]
async fn the_flows_under_truncated_bodies_leave_the_fault_free_org() {
    leaves_the_fault_free_state("truncate").await;
}

#[tokio::test]
async fn the_flows_under_hangs_leave_the_fault_free_org() {
    leaves_the_fault_free_state("hang").await;
}

#[tokio::test]
async fn the_flows_under_latency_leave_the_fault_free_org() {
    leaves_the_fault_free_state("latency").await;
}

#[tokio::test]
async fn the_flows_under_all_faults_mixed_leave_the_fault_free_org() {
    leaves_the_fault_free_state("mixed").await;
}
