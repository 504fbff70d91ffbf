//! Property: on any small multi-AD org, batch mode and per-user mode give every user the same
//! outcome, source, Immutable ID and previous value, with and without a group, a chosen order
//! and `--strict`.

use okta_mock::scenario::Scenario;
use okta_scenarios::immutable_id::{FlowConfig, Report, Selection, run_immutable_id};
use proptest::prelude::*;
use serde_json::{Value, json};

const ADS: [&str; 3] = ["corp.example.com", "emea.example.com", "apac.example.com"];

/// Values an AD `externalId` or an office365 `immutableId` may hold: valid, invalid, blank.
fn value() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(vec![
        Some("yYuRNW0Z6kCXeYidebdT8A=="),
        Some("AAECAwQFBgcICQoLDA0ODw=="),
        Some("35918bc9-196d-40ea-9779-889d79b753f0"),
        Some(""),
        None,
    ])
}

#[derive(Debug, Clone)]
struct UserSpec {
    status: &'static str,
    in_group: bool,
    office365: Option<Option<&'static str>>,
    ads: Vec<Option<(&'static str, Option<&'static str>)>>,
}

fn user_spec() -> impl Strategy<Value = UserSpec> {
    let status = prop::sample::select(vec!["ACTIVE", "ACTIVE", "SUSPENDED", "DEPROVISIONED"]);
    let ad_status = prop::sample::select(vec!["ACTIVE", "ACTIVE", "DEPROVISIONED", "STAGED"]);
    let ad = prop::option::of((ad_status, value()));
    (
        status,
        any::<bool>(),
        prop::option::of(value()),
        prop::collection::vec(ad, 3),
    )
        .prop_map(|(status, in_group, office365, ads)| UserSpec {
            status,
            in_group,
            office365,
            ads,
        })
}

fn scenario(ad_count: usize, users: &[UserSpec]) -> Scenario {
    let mut apps: Vec<Value> = ADS[..ad_count]
        .iter()
        .map(|label| json!({"name": "active_directory", "label": label}))
        .collect();
    apps.push(json!({"name": "office365", "label": "Microsoft Office 365"}));
    let users: Vec<Value> = users
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let login = format!("user{i}@example.com");
            let mut assignments = Vec::new();
            // A DEPROVISIONED user has no assignments left.
            if u.status != "DEPROVISIONED" {
                for (label, ad) in ADS[..ad_count].iter().zip(&u.ads) {
                    if let Some((status, external_id)) = ad {
                        assignments.push(
                            json!({"app": label, "status": status, "externalId": external_id}),
                        );
                    }
                }
                if let Some(current) = u.office365 {
                    assignments.push(json!({"app": "Microsoft Office 365",
                                            "profile": {"immutableId": current}}));
                }
            }
            let groups: Vec<&str> = if u.in_group { vec!["Office 365"] } else { vec![] };
            json!({
                "status": u.status,
                "profile": {"login": login, "email": login, "firstName": "U", "lastName": i.to_string()},
                "groups": groups,
                "apps": assignments
            })
        })
        .collect();
    let scenario = json!({"groups": [{"name": "Office 365"}], "apps": apps, "users": users});
    Scenario::from_json_str(&scenario.to_string()).expect("a valid generated scenario")
}

async fn both_modes(
    scenario: Scenario,
    group: bool,
    prefer: Vec<String>,
    strict: bool,
) -> (Report, Report) {
    let server = crate::support::start(scenario).await;
    let client = crate::support::client(&server);
    let mut config = FlowConfig {
        selection: Selection::All,
        group: group.then(|| "Office 365".to_owned()),
        prefer,
        strict,
        ..FlowConfig::default()
    };
    let batch = run_immutable_id(&client, &config, &())
        .await
        .expect("batch run");
    config.selection = Selection::Users(batch.users.iter().map(|u| u.login.clone()).collect());
    let per_user = run_immutable_id(&client, &config, &())
        .await
        .expect("per-user run");
    (batch, per_user)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn batch_and_per_user_modes_agree_on_any_small_org(
        ad_count in 0usize..=3,
        users in prop::collection::vec(user_spec(), 1..6),
        group in any::<bool>(),
        chosen in any::<bool>(),
        strict in any::<bool>(),
    ) {
        // A chosen order that is not the order the API lists the apps in.
        let prefer: Vec<String> = if chosen {
            ADS[..ad_count].iter().rev().map(|l| (*l).to_owned()).collect()
        } else {
            Vec::new()
        };
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (batch, per_user) =
            runtime.block_on(both_modes(scenario(ad_count, &users), group, prefer, strict));
        prop_assert_eq!(batch.users.len(), per_user.users.len());
        for (b, p) in batch.users.iter().zip(&per_user.users) {
            prop_assert_eq!(&b.login, &p.login);
            prop_assert_eq!(
                (b.outcome, &b.source, &b.immutable_id, &b.previous),
                (p.outcome, &p.source, &p.immutable_id, &p.previous),
                "{}: batch {} / per-user {}", b.login, b.message, p.message
            );
        }
    }
}
