//! Property: on any small multi-AD org — valid, shared and invalid Immutable IDs in every form,
//! any user and app-user status, with and without the group, a chosen order and `--strict` —
//! the pseudonymized capture gives every user the same Immutable ID outcome as the org.

use okta_mock::scenario::Scenario;
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::capture::round_trip;

const ADS: [&str; 3] = ["corp.example.com", "emea.example.com", "apac.example.com"];

/// Values an AD `externalId` or an office365 `immutableId` may hold: valid (two of them, so
/// that users share values), and every invalid kind the capture must keep.
fn value() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(vec![
        Some("yYuRNW0Z6kCXeYidebdT8A=="),
        Some("AAECAwQFBgcICQoLDA0ODw=="),
        Some("35918bc9-196d-40ea-9779-889d79b753f0"),
        Some("c98b91356d19ea409779889d79b753f0"),
        Some("MzU5MThiYzktMTk2ZC00MGVhLTk3NzktODg5ZDc5Yjc1M2Yw"),
        Some("yYuRNW0Z6kCXeYidebdT8A"),
        Some("not an id"),
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
    let status = prop::sample::select(vec![
        "ACTIVE",
        "ACTIVE",
        "SUSPENDED",
        "DEPROVISIONED",
        "STAGED",
    ]);
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
    apps.push(json!({"name": "bookmark", "label": "Intranet"}));
    let users: Vec<Value> = users
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let login = format!("Person.{i}@Example.com");
            let mut assignments = Vec::new();
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
            let groups: Vec<&str> = if u.in_group {
                vec!["Office 365"]
            } else {
                vec![]
            };
            json!({
                "status": u.status,
                "profile": {"login": login, "email": format!("p{i}@mail.example.org"),
                            "firstName": "Person", "lastName": format!("N{}", i % 2),
                            "mobilePhone": "+1 555 0100"},
                "groups": groups,
                "apps": assignments
            })
        })
        .collect();
    let scenario = json!({"groups": [{"name": "Office 365"}], "apps": apps, "users": users});
    Scenario::from_json_str(&scenario.to_string()).expect("a valid generated scenario")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn a_capture_of_any_small_org_gives_every_user_the_same_outcome(
        ad_count in 0usize..=3,
        users in prop::collection::vec(user_spec(), 1..6),
        group in any::<bool>(),
        chosen in any::<bool>(),
        strict in any::<bool>(),
    ) {
        let mut args: Vec<String> = Vec::new();
        if group {
            args.extend(["--group".to_owned(), "Office 365".to_owned()]);
        }
        if chosen {
            for label in ADS[..ad_count].iter().rev() {
                args.extend(["--prefer".to_owned(), (*label).to_owned()]);
            }
        }
        if strict {
            args.push("--strict".to_owned());
        }
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (problems, _) = runtime.block_on(round_trip(scenario(ad_count, &users), &args));
        prop_assert!(problems.is_empty(), "{:?}:\n{}", args, problems.join("\n"));
    }
}
