//! The `okta-flows immutable-id` command through its library entry point.

use std::collections::BTreeSet;

use crate::support::{run_cli, start, start_with};
use okta_mock::MockConfig;
use okta_mock::scenario::{Scenario, default_scenario};
use okta_scenarios::immutable_id::Outcome;
use serde_json::{Value, json};

#[tokio::test]
async fn with_no_configuration_the_cli_runs_the_default_scenario_on_an_embedded_mock() {
    let run = run_cli(None, &["--all", "--json"]).await;
    assert!(run.err.contains("embedded okta-mock"), "{}", run.err);
    assert!(run.err.contains("dry run"), "{}", run.err);
    let lines = run.by_login();
    assert!(!lines.is_empty());
    for line in lines.values() {
        for key in [
            "login",
            "outcome",
            "source",
            "immutableId",
            "previous",
            "message",
        ] {
            assert!(line.get(key).is_some(), "{key} missing in {line}");
        }
    }
    // grace.garcia holds a GUID string where an Immutable ID belongs: a failure on a real org,
    // but the demo org holds it on purpose, so the demonstration exits 0 and says so.
    assert_eq!(
        lines["grace.garcia@example.com"]["outcome"],
        json!("invalid_external_id")
    );
    assert_eq!(run.status, 0);
    let last = run.err.lines().last().unwrap_or_default();
    assert!(
        last.contains(
            "6 users (1 invalid_external_id, 3 conflict, 2 duplicate_immutable_id) would need \
             attention on a real org",
        ) && last.contains("exit 1")
            && last.contains("exits 0"),
        "{last}"
    );
}

#[tokio::test]
async fn the_default_scenario_shows_every_outcome_kind_but_error_across_its_runs() {
    let group = "Office 365 Users";
    let runs: [&[&str]; 5] = [
        &["--all", "--group", group],
        &["--all", "--strict"],
        &[
            "--user",
            "ghost@example.com",
            "--user",
            "judy.jones@example.com",
            "--group",
            group,
        ],
        &["--all", "--apply"],
        &["--all"],
    ];
    let mut seen = BTreeSet::new();
    for args in runs {
        let mut args = args.to_vec();
        args.push("--json");
        // Each run on its own embedded mock, as a user of the CLI would get.
        let run = run_cli(None, &args).await;
        for line in run.by_login().values() {
            let outcome: Outcome = serde_json::from_value(line["outcome"].clone()).unwrap();
            seen.insert(outcome);
        }
    }
    let missing: Vec<Outcome> = Outcome::ALL
        .into_iter()
        .filter(|o| *o != Outcome::Error && !seen.contains(o))
        .collect();
    assert!(missing.is_empty(), "never seen: {missing:?}");
}

#[tokio::test]
async fn the_table_lists_every_user_under_a_header() {
    let server = start(default_scenario()).await;
    let run = run_cli(
        Some(&server),
        &[
            "--user",
            "dave.diaz@example.com",
            "--prefer",
            "emea.example.com",
        ],
    )
    .await;
    let mut lines = run.out.lines();
    assert!(
        lines.next().unwrap_or_default().starts_with("LOGIN"),
        "{}",
        run.out
    );
    let row = lines.next().unwrap_or_default();
    assert!(
        row.starts_with("dave.diaz@example.com") && row.contains("would_update"),
        "{row}"
    );
    assert!(row.contains("emea.example.com"), "{row}");
    assert!(run.err.contains("1 would_update"), "{}", run.err);
    assert_eq!(run.status, 0);
}

#[tokio::test]
async fn two_office365_apps_need_app_and_the_error_names_them() {
    let scenario = json!({
        "apps": [
            {"name": "active_directory", "label": "corp.example.com"},
            {"name": "office365", "label": "Tenant A"},
            {"name": "office365", "label": "Tenant B"}
        ],
        "users": [{
            "profile": {"login": "a@example.com", "email": "a@example.com", "firstName": "A", "lastName": "A"},
            "apps": [{"app": "corp.example.com", "externalId": "yYuRNW0Z6kCXeYidebdT8A=="}, {"app": "Tenant B"}]
        }]
    });
    let server = start(Scenario::from_json_str(&scenario.to_string()).unwrap()).await;
    let run = run_cli(Some(&server), &["--all"]).await;
    assert_eq!(run.status, 2);
    assert!(
        run.err.contains("--app") && run.err.contains("Tenant A") && run.err.contains("Tenant B"),
        "{}",
        run.err
    );
    let run = run_cli(Some(&server), &["--all", "--app", "tenant b", "--json"]).await;
    assert_eq!(run.status, 0, "{}", run.err);
    assert_eq!(
        run.by_login()["a@example.com"]["outcome"],
        json!("would_update")
    );
    let run = run_cli(
        Some(&server),
        &["--all", "--app", "Tenant B", "--prefer", "nope.example.com"],
    )
    .await;
    assert_eq!(run.status, 2);
    assert!(run.err.contains("nope.example.com"), "{}", run.err);
}

#[tokio::test]
async fn a_wrong_token_stops_the_run_without_ever_printing_a_token() {
    let server = start_with(MockConfig::default().token("right-token-5b1e")).await;
    let argv = [
        "--all",
        "--org-url",
        &server.base_url(),
        "--token",
        "wrong-token-9c2d",
    ];
    let run = run_cli(None, &argv).await;
    assert_eq!(run.status, 2);
    assert!(run.err.contains("401"), "{}", run.err);
    for secret in ["wrong-token-9c2d", "right-token-5b1e"] {
        assert!(!run.err.contains(secret) && !run.out.contains(secret));
    }
}

#[tokio::test]
async fn applying_writes_only_the_differences_and_a_second_run_finds_them_correct() {
    let server = start(default_scenario()).await;
    let applied = run_cli(Some(&server), &["--all", "--apply", "--json"]).await;
    let updated: Vec<Value> = applied
        .by_login()
        .into_values()
        .filter(|l| l["outcome"] == json!("updated"))
        .collect();
    assert!(!updated.is_empty());
    for line in &updated {
        let login = line["login"].as_str().unwrap();
        let audit = line["audit"].as_array().unwrap();
        assert_eq!(audit.len(), 1, "{login}: {audit:?}");
        assert_eq!(audit[0]["method"], json!("POST"));
        let value = crate::support::office365_value(&server, login).await;
        assert_eq!(value.as_deref(), line["immutableId"].as_str(), "{login}");
    }
    let again = run_cli(Some(&server), &["--all", "--json"]).await;
    for line in &updated {
        let login = line["login"].as_str().unwrap();
        assert_eq!(
            again.by_login()[login]["outcome"],
            json!("already_correct"),
            "{login}"
        );
    }
    assert!(!again.err.contains("add --apply"), "{}", again.err);
}

#[test]
fn the_okta_flows_binary_runs_on_the_embedded_mock_when_nothing_is_configured() {
    // An empty directory as both the working directory and HOME: no okta.yaml anywhere.
    let dir = std::env::temp_dir().join(format!("okta-flows-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_okta-flows"))
        .args(["immutable-id", "--all", "--json"])
        .current_dir(&dir)
        .env("HOME", &dir)
        .env_remove("OKTA_CLIENT_ORGURL")
        .env_remove("OKTA_CLIENT_TOKEN")
        .output()
        .expect("the binary runs");
    let _ = std::fs::remove_dir_all(&dir);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("embedded okta-mock"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let outcomes: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["outcome"].clone())
        .collect();
    assert!(outcomes.contains(&json!("would_update")), "{stdout}");
    // The default org holds an invalid externalId on purpose: the demonstration exits 0.
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.trim_end().ends_with("so the run exits 0."),
        "{stderr}"
    );
}

#[tokio::test]
async fn only_a_chosen_order_picks_between_disagreeing_directories_and_the_output_names_it() {
    let server = start(default_scenario()).await;
    // dave.diaz: corp and emea hold different values; peggy.park: corp and apac agree.
    let (dave, peggy) = ("dave.diaz@example.com", "peggy.park@example.com");
    let users = ["--json", "--user", dave, "--user", peggy];
    let run_with = |extra: &'static [&'static str]| {
        let mut args = users.to_vec();
        args.extend(extra);
        args
    };

    let unchosen = run_cli(Some(&server), &users).await;
    let lines = unchosen.by_login();
    assert_eq!(lines[dave]["outcome"], json!("conflict"), "{}", lines[dave]);
    let message = lines[dave]["message"].as_str().unwrap();
    for part in [
        "corp.example.com=",
        "emea.example.com=",
        "no order was chosen",
    ] {
        assert!(message.contains(part), "{part} in {message}");
    }
    assert_eq!(lines[peggy]["outcome"], json!("would_update"));
    assert_eq!(unchosen.status, 1);

    let dir = std::env::temp_dir().join(format!("okta-flows-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("okta-flows.toml");
    std::fs::write(
        &file,
        "[immutable-id]\nprefer = [\"emea.example.com\", \"corp.example.com\"]\n",
    )
    .unwrap();
    let file = file.to_str().unwrap().to_owned();
    let mut args = users.to_vec();
    args.extend(["--config", &file]);
    let from_file = run_cli(Some(&server), &args).await.by_login();
    assert_eq!(from_file[dave]["outcome"], json!("would_update"));
    assert_eq!(from_file[dave]["source"], json!("emea.example.com"));
    let message = from_file[dave]["message"].as_str().unwrap();
    let order = format!("prefer in {file} emea.example.com > corp.example.com");
    assert!(message.contains(&order), "{order} in {message}");

    args.push("--strict");
    let strict = run_cli(Some(&server), &args).await.by_login();
    assert_eq!(strict[dave]["outcome"], json!("conflict"));

    let flag = run_with(&[
        "--prefer",
        "corp.example.com",
        "--prefer",
        "emea.example.com",
    ]);
    let flag = run_cli(Some(&server), &flag).await.by_login();
    assert_eq!(flag[dave]["source"], json!("corp.example.com"));
    let message = flag[dave]["message"].as_str().unwrap();
    assert!(
        message.contains("--prefer corp.example.com > emea.example.com"),
        "{message}"
    );

    std::fs::write(dir.join("bad.toml"), "[immutable-id]\norder = [\"corp\"]\n").unwrap();
    let bad = dir.join("bad.toml");
    let bad = run_cli(Some(&server), &["--all", "--config", bad.to_str().unwrap()]).await;
    assert_eq!(bad.status, 2);
    assert!(
        bad.err.contains("bad.toml") && bad.err.contains("order"),
        "{}",
        bad.err
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        crate::support::writes(&server).is_empty(),
        "a dry run wrote"
    );
}
