//! The Immutable ID flow against a mock whose `search` lags behind writes, as Okta's does
//! ("sourced from an eventually consistent datasource", spec, `GET /api/v1/users`): the flow
//! must give the same outcomes as against a current search, in both modes, in dry run and
//! when applying, and a second run must find what the first one wrote.

use std::collections::BTreeMap;
use std::time::Duration;

use okta_mock::MockConfig;
use okta_mock::scenario::default_scenario;
use okta_scenarios::immutable_id::{FlowConfig, Outcome, Selection, run_immutable_id};

use crate::support::{client, start_with};

/// Longer than any run here takes: every write of a run stays out of `search` for the run.
const LAG: Duration = Duration::from_secs(600);

fn config(selection: Selection, apply: bool) -> FlowConfig {
    FlowConfig {
        selection,
        prefer: vec!["corp.example.com".into(), "emea.example.com".into()],
        group: Some("Office 365 Users".into()),
        apply,
        ..FlowConfig::default()
    }
}

/// Each user's outcome and Immutable ID, by login, after a dry run, an apply and a rerun.
async fn runs(lag: Option<Duration>, selection: &Selection) -> Vec<BTreeMap<String, String>> {
    let mut mock = MockConfig::default().scenario(default_scenario());
    if let Some(lag) = lag {
        mock = mock.search_lag(lag);
    }
    let server = start_with(mock).await;
    let client = client(&server);
    let mut out = Vec::new();
    for apply in [false, true, false] {
        let report = run_immutable_id(&client, &config(selection.clone(), apply), &())
            .await
            .expect("the flow runs");
        out.push(
            report
                .users
                .iter()
                .map(|u| {
                    let outcome: &Outcome = &u.outcome;
                    (u.login.clone(), format!("{outcome:?} {:?}", u.immutable_id))
                })
                .collect(),
        );
    }
    out
}

#[tokio::test]
async fn the_flow_gives_the_same_outcomes_when_search_lags_behind_writes() {
    let logins = [
        "alice.anders@example.com",
        "carol.chen@example.com",
        "dave.diaz@example.com",
    ];
    for selection in [
        Selection::All,
        Selection::Users(logins.iter().map(|l| (*l).to_owned()).collect()),
    ] {
        let current = runs(None, &selection).await;
        let lagging = runs(Some(LAG), &selection).await;
        assert!(!current[0].is_empty(), "{selection:?}: the run saw users");
        assert_eq!(current, lagging, "{selection:?}");
        assert_ne!(
            current[0], current[2],
            "{selection:?}: the apply changed something"
        );
    }
}
