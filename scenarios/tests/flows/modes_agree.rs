//! Batch mode and per-user mode call the same decision function; on the same org they must
//! give every user the same outcome, source, Immutable ID and previous value.

use crate::support::{case_runs, run_cli, start};
use okta_mock::scenario::{Scenario, default_scenario};
use serde_json::Value;

const COMPARED: [&str; 4] = ["outcome", "source", "immutableId", "previous"];

/// Runs batch mode, then per-user mode for every login batch mode saw; returns the
/// differences and how many users were compared.
async fn disagreements(scenario: Scenario, args: &[String]) -> (Vec<String>, usize) {
    let server = start(scenario).await;
    let mut batch_args: Vec<&str> = args.iter().map(String::as_str).collect();
    batch_args.extend(["--json", "--all"]);
    let batch = run_cli(Some(&server), &batch_args).await;
    let batch = batch.by_login();
    if batch.is_empty() {
        return (Vec::new(), 0);
    }
    let mut user_args: Vec<&str> = args.iter().map(String::as_str).collect();
    user_args.push("--json");
    for login in batch.keys() {
        user_args.extend(["--user", login.as_str()]);
    }
    let per_user = run_cli(Some(&server), &user_args).await.by_login();
    let mut problems = Vec::new();
    for (login, line) in &batch {
        let other = per_user.get(login).unwrap_or(&Value::Null);
        for key in COMPARED {
            if line[key] != other[key] {
                problems.push(format!(
                    "{login}.{key}: batch {} vs per-user {}",
                    line[key], other[key]
                ));
            }
        }
    }
    (problems, batch.len())
}

#[tokio::test]
async fn batch_and_per_user_modes_agree_on_every_case_with_and_without_strict() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for (label, scenario, args) in case_runs() {
        let (problems, n) = disagreements(scenario, &args).await;
        compared += n;
        failures.extend(problems.into_iter().map(|p| format!("{label}: {p}")));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared >= 26, "only {compared} users compared");
}

#[tokio::test]
async fn batch_and_per_user_modes_agree_on_the_default_scenario() {
    let group = default_scenario()
        .groups
        .iter()
        .map(|g| g.name.clone())
        .find(|n| n.to_lowercase().contains("365"));
    let mut runs = vec![vec![], vec!["--strict".to_owned()]];
    if let Some(group) = group {
        runs.push(vec!["--group".to_owned(), group]);
    }
    for args in runs {
        let (problems, n) = disagreements(default_scenario(), &args).await;
        assert!(problems.is_empty(), "{args:?}:\n{}", problems.join("\n"));
        assert!(n > 0, "{args:?}: batch mode saw no user");
    }
}
