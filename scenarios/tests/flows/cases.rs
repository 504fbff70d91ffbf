//! The regression suite: every named case in `scenarios/cases/` runs through the CLI's library
//! entry point against a fresh mock, in dry run, with `--strict`, in apply mode and again after
//! applying. Every failing case is reported by name.

use std::collections::BTreeMap;

use crate::support::{Expected, case_names, load_case, office365_value, run_cli, start, writes};
use okta_client::api::UserUpdate;
use serde_json::{Value, json};

/// Compares the JSON lines of a run with the expectations; returns the differences.
fn compare(
    stage: &str,
    lines: &BTreeMap<String, Value>,
    expected: &BTreeMap<String, BTreeMap<String, Value>>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (login, fields) in expected {
        let Some(line) = lines.get(login) else {
            problems.push(format!("{stage}: no line for {login}"));
            continue;
        };
        for (key, want) in fields {
            if line.get(key) != Some(want) {
                problems.push(format!(
                    "{stage}: {login}.{key} = {}, expected {want} ({})",
                    line.get(key).unwrap_or(&Value::Null),
                    line["message"]
                ));
            }
        }
    }
    problems
}

/// The expectations after an apply (`would_update` → `updated`) and on the run after it
/// (`would_update` → `already_correct`, the value now being the previous one).
fn after(
    expected: &BTreeMap<String, BTreeMap<String, Value>>,
    applied: bool,
) -> BTreeMap<String, BTreeMap<String, Value>> {
    let mut next = expected.clone();
    for fields in next.values_mut() {
        if fields.get("outcome") == Some(&json!("would_update")) {
            if applied {
                fields.insert("outcome".into(), json!("updated"));
            } else {
                fields.insert("outcome".into(), json!("already_correct"));
                let value = fields.get("immutableId").cloned().unwrap_or(Value::Null);
                fields.insert("previous".into(), value);
            }
        }
    }
    next
}

fn user_args<'a>(expected: &'a Expected, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args: Vec<&str> = expected.args.iter().map(String::as_str).collect();
    args.push("--json");
    for login in expected.users.keys() {
        args.extend(["--user", login.as_str()]);
    }
    args.extend(extra);
    args
}

async fn check_case(name: &str) -> Vec<String> {
    let (scenario, expected) = load_case(name);
    let mut problems = Vec::new();
    let server = start(scenario.clone()).await;

    let dry = run_cli(Some(&server), &user_args(&expected, &[])).await;
    problems.extend(compare("dry run", &dry.by_login(), &expected.users));
    if !writes(&server).is_empty() {
        problems.push(format!("dry run wrote: {:?}", writes(&server)));
    }
    let fails = expected.users.values().any(|f| {
        matches!(
            f["outcome"].as_str(),
            Some(
                "user_not_found"
                    | "conflict"
                    | "invalid_external_id"
                    | "duplicate_immutable_id"
                    | "error"
            )
        )
    });
    if (dry.status != 0) != fails {
        problems.push(format!(
            "dry run exit status {} ({})",
            dry.status,
            dry.err.trim()
        ));
    }

    if !expected.strict.is_empty() {
        let strict = run_cli(Some(&server), &user_args(&expected, &["--strict"])).await;
        problems.extend(compare("strict", &strict.by_login(), &expected.strict));
    }

    let applied = run_cli(Some(&server), &user_args(&expected, &["--apply"])).await;
    problems.extend(compare(
        "apply",
        &applied.by_login(),
        &after(&expected.users, true),
    ));
    for (login, fields) in &expected.users {
        let outcome = fields["outcome"].as_str().unwrap_or_default();
        let want = match outcome {
            "would_update" | "already_correct" => fields["immutableId"].as_str(),
            "no_directory_user"
            | "no_usable_external_id"
            | "invalid_external_id"
            | "conflict"
            | "duplicate_immutable_id" => fields["previous"].as_str(),
            _ => continue,
        };
        let got = office365_value(&server, login).await;
        if got.as_deref() != want {
            problems.push(format!(
                "after apply: {login} holds {got:?} in the mock, expected {want:?}"
            ));
        }
    }

    let again = run_cli(Some(&server), &user_args(&expected, &[])).await;
    problems.extend(compare(
        "re-run",
        &again.by_login(),
        &after(&expected.users, false),
    ));

    problems.extend(check_default_mapping(name, &scenario, &expected).await);
    problems
}

/// For users in several AD instances, Okta's own default mapping must leave the Immutable ID
/// null: a profile change makes the mock re-evaluate it. As a control, a single-AD user the
/// flow would update gets the flow's value from that same mapping.
async fn check_default_mapping(
    name: &str,
    scenario: &okta_mock::scenario::Scenario,
    expected: &Expected,
) -> Vec<String> {
    let mut problems = Vec::new();
    let single_ad = expected.users.iter().filter(|(login, fields)| {
        fields["outcome"] == json!("would_update") && !expected.multi_ad.contains(login)
    });
    let mut checks: Vec<(&String, Option<&str>)> = single_ad
        .map(|(login, fields)| (login, fields["immutableId"].as_str()))
        .collect();
    checks.extend(expected.multi_ad.iter().map(|login| (login, None)));
    if checks.is_empty() {
        return problems;
    }
    let server = start(scenario.clone()).await;
    let client = crate::support::client(&server);
    for (login, want) in checks {
        let user = client
            .users()
            .get_by_login(login)
            .await
            .expect("the user exists");
        let nudge = UserUpdate::new().set("nickName", format!("{name} nudge"));
        client
            .users()
            .update(&user.id, &nudge)
            .await
            .expect("profile update");
        let value = office365_value(&server, login).await;
        if value.as_deref() != want {
            problems.push(format!(
                "default mapping: {login} got {value:?} from Okta's default mapping, expected {want:?}"
            ));
        }
    }
    problems
}

#[tokio::test]
async fn every_regression_case_gives_its_expected_outcomes_in_every_mode() {
    let names = case_names();
    assert!(names.len() >= 13, "cases: {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        for problem in check_case(name).await {
            failures.push(format!("{name}: {problem}"));
        }
    }
    assert!(
        failures.is_empty(),
        "failing cases:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_case_file_has_expectations_with_the_same_description() {
    for name in case_names() {
        let (scenario, expected) = load_case(&name);
        assert_eq!(
            scenario.description.as_deref(),
            Some(expected.description.as_str()),
            "{name}"
        );
        assert!(!expected.users.is_empty(), "{name} expects nothing");
    }
}
