//! The write path through a user attribute (`--via-attribute`): writes go to
//! `POST /api/v1/users/{id}` and the org's Office 365 mapping carries them into `immutableId`;
//! without such a mapping the first write is read back, found missing, and the run stops.

use okta_client::directory::ImmutableId;
use okta_mock::scenario::Scenario;
use okta_scenarios::immutable_id::{FlowConfig, FlowError, Outcome, Selection, run_immutable_id};
use serde_json::{Value, json};

use crate::support::{client, office365_value, run_cli, start};

/// The mapping many orgs use so that a custom attribute wins over the default.
const MAPPING: &str = "user.msImmutableId != null ? user.msImmutableId : \
                       (hasDirectoryUser() ? findDirectoryUser().externalId : null)";

fn id(n: usize, salt: u8) -> String {
    let mut bytes = [salt; 16];
    bytes[..8].copy_from_slice(&(n as u64).to_be_bytes());
    ImmutableId::from_bytes(bytes).to_string()
}

/// `users` users in corp and emea (so Okta's default mapping leaves them null), in the group,
/// assigned to Office 365; `mapped`: the Office 365 app maps `user.msImmutableId`.
fn org(users: usize, mapped: bool) -> Scenario {
    let users: Vec<Value> = (0..users)
        .map(|n| {
            json!({
                "profile": {"login": format!("v{n:03}@example.com"), "email": format!("v{n:03}@example.com"),
                            "firstName": "V", "lastName": format!("{n:03}")},
                "groups": ["Office 365"],
                "apps": [
                    {"app": "corp.example.com", "externalId": id(n, 1)},
                    {"app": "emea.example.com", "externalId": id(n, 2)},
                    {"app": "Microsoft Office 365"}
                ]
            })
        })
        .collect();
    let mut office365 = json!({"name": "office365", "label": "Microsoft Office 365"});
    if mapped {
        office365["mappings"] = json!({
            "immutableId": {"expression": MAPPING, "applyOn": "create_and_update"}
        });
    }
    let scenario = json!({
        "groups": [{"name": "Office 365"}],
        "apps": [
            {"name": "active_directory", "label": "corp.example.com"},
            {"name": "active_directory", "label": "emea.example.com"},
            office365
        ],
        "users": users
    });
    Scenario::from_json_str(&scenario.to_string()).expect("a valid scenario")
}

fn config(selection: Selection) -> FlowConfig {
    FlowConfig {
        selection,
        prefer: vec!["corp.example.com".into(), "emea.example.com".into()],
        group: Some("Office 365".into()),
        apply: true,
        via_attribute: Some("msImmutableId".into()),
        ..FlowConfig::default()
    }
}

fn is_app_user_write(method: &str, path: &str) -> bool {
    method == "POST" && path.starts_with("/api/v1/apps/")
}

#[tokio::test]
async fn batch_writes_go_to_the_user_attribute_and_arrive_through_the_mapping() {
    let n = 30;
    let server = start(org(n, true)).await;
    let report = run_immutable_id(&client(&server), &config(Selection::All), &())
        .await
        .expect("the mapping carries the attribute");
    assert!(
        report.users.iter().all(|u| u.outcome == Outcome::Updated),
        "{:?}",
        report.users.iter().map(|u| &u.message).collect::<Vec<_>>()
    );
    let journal = server.journal();
    let user_writes = journal
        .iter()
        .filter(|e| e.method == "POST" && e.path.starts_with("/api/v1/users/"))
        .count();
    assert_eq!(user_writes, n);
    assert!(
        !journal
            .iter()
            .any(|e| is_app_user_write(&e.method, &e.path))
    );
    // One read-back of the first write, then the writes are checked by one listing.
    let read_backs = journal
        .iter()
        .filter(|e| e.method == "GET" && e.path.matches('/').count() == 6)
        .count();
    assert_eq!(read_backs, 1);
    for n in [0, 17, 29] {
        let login = format!("v{n:03}@example.com");
        assert_eq!(office365_value(&server, &login).await, Some(id(n, 1)));
    }
}

#[tokio::test]
async fn per_user_mode_reads_every_write_back() {
    let server = start(org(4, true)).await;
    let logins: Vec<String> = (0..4).map(|n| format!("v{n:03}@example.com")).collect();
    let report = run_immutable_id(&client(&server), &config(Selection::Users(logins)), &())
        .await
        .expect("the mapping carries the attribute");
    for user in &report.users {
        assert_eq!(user.outcome, Outcome::Updated, "{}", user.message);
        let writes: Vec<_> = user.audit.iter().filter(|a| a.is_write()).collect();
        assert_eq!(writes.len(), 1);
        assert!(writes[0].path.starts_with("/api/v1/users/"));
        let last = user.audit.last().expect("a read-back");
        assert_eq!(last.method, "GET");
        assert!(last.path.contains("/api/v1/apps/"), "{}", last.path);
    }
}

#[tokio::test]
async fn without_the_mapping_the_run_stops_after_the_first_write_with_a_clear_error() {
    let server = start(org(20, false)).await;
    let err = run_immutable_id(&client(&server), &config(Selection::All), &())
        .await
        .expect_err("Okta's default mapping does not read user.msImmutableId");
    let FlowError::MappingNotCarried(why) = &err else {
        panic!("{err}");
    };
    assert!(why.contains("user.msImmutableId"), "{why}");
    assert!(why.contains("findDirectoryUser().externalId"), "{why}");
    assert!(why.contains("immutableId is null"), "{why}");
    let attribute_writes = server
        .journal()
        .iter()
        .filter(|e| e.method == "POST" && e.path.starts_with("/api/v1/users/"))
        .count();
    assert_eq!(
        attribute_writes, 1,
        "nothing is written after the failed read-back"
    );
    assert_eq!(office365_value(&server, "v005@example.com").await, None);
}

#[tokio::test]
async fn the_cli_takes_via_attribute_and_exits_non_zero_when_the_mapping_is_missing() {
    let server = start(org(3, false)).await;
    let run = run_cli(
        Some(&server),
        &[
            "--all",
            "--group",
            "Office 365",
            "--prefer",
            "corp.example.com",
            "--apply",
            "--via-attribute",
            "msImmutableId",
        ],
    )
    .await;
    assert_ne!(run.status, 0);
    assert!(
        run.err.contains("does not carry user.msImmutableId"),
        "{}",
        run.err
    );

    let mapped = start(org(3, true)).await;
    let run = run_cli(
        Some(&mapped),
        &[
            "--all",
            "--group",
            "Office 365",
            "--prefer",
            "corp.example.com",
            "--apply",
            "--json",
            "--via-attribute",
            "msImmutableId",
        ],
    )
    .await;
    assert_eq!(run.status, 0, "{}", run.err);
    let lines = run.by_login();
    assert_eq!(lines["v001@example.com"]["outcome"], "updated");

    let bad = run_cli(Some(&mapped), &["--all", "--via-attribute", "ms immutable"]).await;
    assert_ne!(bad.status, 0);
    assert!(bad.err.contains("profile attribute name"), "{}", bad.err);
}
