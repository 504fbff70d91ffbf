//! Properties of an applied run on any small generated org, with or without injected 5xx
//! faults: no soft-match takeover (no two office365 app users end up holding the same Immutable
//! ID unless both held it before), without a chosen order no user whose AD instances
//! disagree is ever written, and faults never write a value that the fault-free run would not.

use std::collections::{BTreeMap, BTreeSet};

use okta_mock::MockConfig;
use okta_mock::scenario::Scenario;
use okta_mock::sim::FaultConfig;
use okta_scenarios::immutable_id::{FlowConfig, Selection, run_immutable_id};
use proptest::prelude::*;
use serde_json::{Value, json};

const ADS: [&str; 3] = ["corp.example.com", "emea.example.com", "apac.example.com"];
/// A small pool, so that generated users often share a value.
const POOL: [&str; 3] = [
    "yYuRNW0Z6kCXeYidebdT8A==",
    "AAECAwQFBgcICQoLDA0ODw==",
    "fh8MKps9Tl+Ka3yNng8aKw==",
];

fn ad_value() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![
        6 => prop::sample::select(POOL.to_vec()).prop_map(Some),
        1 => Just(Some("35918bc9-196d-40ea-9779-889d79b753f0")),
        1 => Just(None),
    ]
}

#[derive(Debug, Clone)]
struct UserSpec {
    in_group: bool,
    /// `None`: not assigned to Office 365; `Some(None)`: assigned with a null Immutable ID.
    office365: Option<Option<&'static str>>,
    ads: Vec<Option<(&'static str, Option<&'static str>)>>,
}

fn user_spec() -> impl Strategy<Value = UserSpec> {
    let ad_status = prop::sample::select(vec!["ACTIVE", "ACTIVE", "ACTIVE", "DEPROVISIONED"]);
    let current =
        prop::option::weighted(0.9, prop::option::of(prop::sample::select(POOL.to_vec())));
    (
        prop::bool::weighted(0.8),
        current,
        prop::collection::vec(prop::option::of((ad_status, ad_value())), 3),
    )
        .prop_map(|(in_group, office365, ads)| UserSpec {
            in_group,
            office365,
            ads,
        })
}

fn login(i: usize) -> String {
    format!("user{i}@example.com")
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
            let mut assignments = Vec::new();
            for (label, ad) in ADS[..ad_count].iter().zip(&u.ads) {
                if let Some((status, external_id)) = ad {
                    assignments.push(json!({"app": label, "status": status, "externalId": external_id}));
                }
            }
            if let Some(current) = u.office365 {
                assignments.push(
                    json!({"app": "Microsoft Office 365", "profile": {"immutableId": current}}),
                );
            }
            let groups: Vec<&str> = if u.in_group { vec!["Office 365"] } else { vec![] };
            json!({
                "profile": {"login": login(i), "email": login(i), "firstName": "U", "lastName": i.to_string()},
                "groups": groups,
                "apps": assignments
            })
        })
        .collect();
    let scenario = json!({"groups": [{"name": "Office 365"}], "apps": apps, "users": users});
    Scenario::from_json_str(&scenario.to_string()).expect("a valid generated scenario")
}

/// Logins by the value they hold.
fn holders(values: &BTreeMap<String, Option<String>>) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut by_value: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (login, value) in values {
        if let Some(value) = value {
            by_value.entry(value).or_default().insert(login);
        }
    }
    by_value
}

/// The values a user's linked AD app users hold (blank ones left out), as generated.
fn usable_values(ad_count: usize, user: &UserSpec) -> BTreeSet<&'static str> {
    user.ads[..ad_count]
        .iter()
        .flatten()
        .filter(|(status, _)| *status == "ACTIVE")
        .filter_map(|(_, value)| *value)
        .collect()
}

struct Run {
    ad_count: usize,
    users: Vec<UserSpec>,
    per_user: bool,
    group: bool,
    chosen: bool,
    strict: bool,
    /// A seed for injected 502/503 faults (some outlast the client's one retry), or none.
    faults: Option<u64>,
}

/// The office365 values before and after an applied run.
async fn apply(
    run: &Run,
) -> (
    BTreeMap<String, Option<String>>,
    BTreeMap<String, Option<String>>,
) {
    let mut config = MockConfig::default().scenario(scenario(run.ad_count, &run.users));
    if let Some(seed) = run.faults {
        let faults = FaultConfig::parse("502=0.08,503=0.12").expect("a valid fault spec");
        config = config.faults(faults).seed(seed);
    }
    let server = crate::support::start_with(config).await;
    // Under faults, one retry only: enough users end in error for the runs to exercise what
    // happens to the others.
    let client = match run.faults {
        None => crate::support::client(&server),
        Some(_) => okta_client::Client::builder()
            .org_url(server.base_url())
            .api_token(server.token())
            .retry_policy(
                okta_client::RetryPolicy::default()
                    .with_max_retries(1)
                    .with_initial_backoff(std::time::Duration::from_millis(1))
                    .with_jitter(std::time::Duration::ZERO),
            )
            .build()
            .expect("a client for the mock"),
    };
    let before = crate::support::office365_values(&server);
    let selection = if run.per_user {
        Selection::Users((0..run.users.len()).map(login).collect())
    } else {
        Selection::All
    };
    let prefer = if run.chosen {
        ADS[..run.ad_count]
            .iter()
            .rev()
            .map(|l| (*l).to_owned())
            .collect()
    } else {
        Vec::new()
    };
    let config = FlowConfig {
        selection,
        group: run.group.then(|| "Office 365".to_owned()),
        prefer,
        strict: run.strict,
        apply: true,
        ..FlowConfig::default()
    };
    // Under faults the run may stop as a whole (a setup listing failed): the org is checked
    // all the same.
    let outcome = run_immutable_id(&client, &config, &()).await;
    assert!(
        run.faults.is_some() || outcome.is_ok(),
        "{:?}",
        outcome.err()
    );
    (before, crate::support::office365_values(&server))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_run_leaves_two_office365_users_with_one_immutable_id_they_did_not_both_hold(
        ad_count in 1usize..=3,
        users in prop::collection::vec(user_spec(), 1..7),
        per_user in any::<bool>(),
        group in any::<bool>(),
        chosen in any::<bool>(),
        strict in any::<bool>(),
        faults in prop::option::of(any::<u64>()),
    ) {
        let run = Run { ad_count, users, per_user, group, chosen, strict, faults };
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (before, after) = runtime.block_on(apply(&run));
        for (value, logins) in holders(&after) {
            if logins.len() < 2 {
                continue;
            }
            for login in &logins {
                let held = before.get(*login).and_then(|v| v.as_deref());
                prop_assert_eq!(
                    held,
                    Some(value),
                    "{} holds {} with {:?} but did not before", login, value, logins
                );
            }
        }
        // Without a chosen order (or with --strict), a written user's usable AD values all
        // agree with what was written.
        if !chosen || strict {
            for (i, user) in run.users.iter().enumerate() {
                let was = before.get(&login(i)).cloned().flatten();
                let is = after.get(&login(i)).cloned().flatten();
                if was != is {
                    let values = usable_values(ad_count, user);
                    let written = is.as_deref().unwrap_or_default();
                    prop_assert!(
                        values.len() == 1 && values.contains(written),
                        "{} written {:?} from disagreeing or unusable values {:?}",
                        login(i), is, values
                    );
                }
            }
        }
        // A faulty run writes a subset of what the same run writes without faults: a fault
        // on one of two users sharing a value must not hand it to the other.
        if faults.is_some() {
            let clean = Run { faults: None, ..run };
            let (_, fault_free) = runtime.block_on(apply(&clean));
            for (login, is) in &after {
                if before.get(login) != Some(is) {
                    prop_assert_eq!(
                        Some(is), fault_free.get(login),
                        "{} was written under faults but not without", login
                    );
                }
            }
        }
    }
}
