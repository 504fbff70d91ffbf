//! Batch mode makes the lower bound of requests: the listings' page counts plus one per
//! write. Counted by the mock's journal, which sees every request on the wire.

use crate::support::{client, start};
use okta_client::directory::ImmutableId;
use okta_mock::scenario::{Scenario, default_scenario};
use okta_scenarios::immutable_id::{FlowConfig, Outcome, Selection, run_immutable_id};
use serde_json::json;

/// `users` users in corp (every one) and emea (every other one), all in the group and all
/// assigned to Office 365 with no Immutable ID yet.
fn big_org(users: usize) -> Scenario {
    let id = |n: usize, salt: u8| {
        let mut bytes = [salt; 16];
        bytes[..8].copy_from_slice(&(n as u64).to_be_bytes());
        ImmutableId::from_bytes(bytes).to_string()
    };
    let users: Vec<_> = (0..users)
        .map(|n| {
            let mut apps = vec![json!({"app": "corp.example.com", "externalId": id(n, 1)})];
            if n % 2 == 0 {
                apps.push(json!({"app": "emea.example.com", "externalId": id(n, 2)}));
            }
            apps.push(json!({"app": "Microsoft Office 365"}));
            json!({
                "profile": {"login": format!("user{n:04}@example.com"), "email": format!("user{n:04}@example.com"),
                            "firstName": "User", "lastName": format!("{n:04}")},
                "groups": ["Office 365"],
                "apps": apps
            })
        })
        .collect();
    let scenario = json!({
        "groups": [{"name": "Office 365"}],
        "apps": [
            {"name": "active_directory", "label": "corp.example.com"},
            {"name": "active_directory", "label": "emea.example.com"},
            {"name": "office365", "label": "Microsoft Office 365"}
        ],
        "users": users
    });
    Scenario::from_json_str(&scenario.to_string()).expect("a valid scenario")
}

fn pages(items: usize, limit: usize) -> usize {
    items.div_ceil(limit).max(1)
}

#[tokio::test]
async fn batch_mode_makes_exactly_the_page_count_plus_the_writes() {
    let n = 620;
    let server = start(big_org(n)).await;
    let client = client(&server);
    // Even users hold different values in corp and emea: the order is chosen, so corp wins.
    let mut config = FlowConfig {
        selection: Selection::All,
        group: Some("Office 365".into()),
        prefer: vec!["corp.example.com".into(), "emea.example.com".into()],
        ..FlowConfig::default()
    };
    // Setup: the apps (one page) and the group lookup (one page).
    let setup = 2;
    let reads = pages(n, 1000) + pages(n, 500) + pages(n, 500) + pages(n / 2, 500);

    let dry = run_immutable_id(&client, &config, &())
        .await
        .expect("dry run");
    assert_eq!(dry.users.len(), n);
    assert!(dry.users.iter().all(|u| u.outcome == Outcome::WouldUpdate));
    assert_eq!(server.journal().len(), setup + reads);
    assert_eq!(dry.requests().total(), setup + reads);

    server.clear_journal();
    config.apply = true;
    let applied = run_immutable_id(&client, &config, &())
        .await
        .expect("apply");
    assert!(applied.users.iter().all(|u| u.outcome == Outcome::Updated));
    let journal = server.journal();
    assert_eq!(
        journal.len(),
        setup + reads + n,
        "the lower bound: pages + writes"
    );
    assert_eq!(journal.iter().filter(|e| e.method == "POST").count(), n);
    assert_eq!(applied.requests().writes, n);

    server.clear_journal();
    config.apply = true;
    let again = run_immutable_id(&client, &config, &())
        .await
        .expect("second apply");
    assert!(
        again
            .users
            .iter()
            .all(|u| u.outcome == Outcome::AlreadyCorrect)
    );
    assert_eq!(
        server.journal().len(),
        setup + reads,
        "a second run writes nothing"
    );
}

#[tokio::test]
async fn per_user_mode_reads_about_five_times_per_user_plus_one_listing_and_batch_far_less() {
    let server = start(default_scenario()).await;
    let client = client(&server);
    let batch = run_immutable_id(&client, &FlowConfig::default(), &())
        .await
        .expect("batch");
    let logins: Vec<String> = batch.users.iter().map(|u| u.login.clone()).collect();
    let batch_requests = server.journal().len();
    assert_eq!(batch_requests, batch.requests().total());

    server.clear_journal();
    let config = FlowConfig {
        selection: Selection::Users(logins.clone()),
        ..FlowConfig::default()
    };
    let per_user = run_immutable_id(&client, &config, &())
        .await
        .expect("per user");
    let journal = server.journal();
    assert_eq!(journal.len(), per_user.requests().total());
    // Once per run: one page of office365 app users, checking that no value is held twice.
    assert_eq!(per_user.bulk_audit.len(), 1, "{:?}", per_user.bulk_audit);
    // Per login: the user, the office365 app user, then each AD instance (three here).
    let per_run = per_user.requests().setup + per_user.bulk_audit.len();
    let per_login = (journal.len() - per_run) as f64 / logins.len() as f64;
    assert!(
        (4.0..=5.0).contains(&per_login),
        "{per_login} requests per user"
    );
    assert!(
        batch_requests * 4 < journal.len(),
        "{batch_requests} vs {}",
        journal.len()
    );
}
