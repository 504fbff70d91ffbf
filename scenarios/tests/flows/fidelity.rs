//! The Immutable ID flow against a mock that behaves more like Okta. With a `search` that lags
//! behind writes, as Okta's does ("sourced from an eventually consistent datasource", spec,
//! `GET /api/v1/users`), the flow must give the same outcomes as against a current search, in
//! both modes, in dry run and when applying, and a second run must find what the first one
//! wrote. And `--group` must work with a group imported from Active Directory.

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

/// The default org with its "Office 365 Users" group imported from corp.example.com, as an
/// AD-sourced group is (APP_GROUP, `source.id` the AD app, the objectGUID as externalId).
fn ad_imported_group_org() -> okta_mock::scenario::Scenario {
    let mut scenario = default_scenario();
    let group = scenario
        .groups
        .iter_mut()
        .find(|g| g.name == "Office 365 Users")
        .expect("the default org has the group");
    group.group_type = Some("APP_GROUP".into());
    group.source = Some("corp.example.com".into());
    group.profile = serde_json::json!({
        "externalId": "VKzYZ1C+IkSZxIWlrW5ITg==",
        "objectSid": "S-1-5-21-717838489-685202119-709183397-1177",
        "samAccountName": "Office 365 Users",
        "windowsDomainQualifiedName": "CORP\\Office 365 Users"
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    scenario
}

#[tokio::test]
async fn the_flows_group_option_works_with_an_ad_imported_group() {
    for selection in [
        Selection::All,
        Selection::Users(vec!["alice.anders@example.com".into()]),
    ] {
        let okta_group = start_with(MockConfig::default().scenario(default_scenario())).await;
        let imported = start_with(MockConfig::default().scenario(ad_imported_group_org())).await;
        let config = config(selection.clone(), false);
        let a = run_immutable_id(&client(&okta_group), &config, &())
            .await
            .expect("runs");
        let b = run_immutable_id(&client(&imported), &config, &())
            .await
            .expect("runs");
        let outcomes = |r: &okta_scenarios::immutable_id::Report| -> Vec<(String, Outcome)> {
            r.users
                .iter()
                .map(|u| (u.login.clone(), u.outcome))
                .collect()
        };
        assert!(!outcomes(&a).is_empty());
        assert_eq!(outcomes(&a), outcomes(&b), "{selection:?}");
    }
}
