//! `okta-flows watch`, `history` and `run` through the CLI's library entry point: the demo on
//! the embedded mock, the history of an applying run, a manual run, and the exit statuses.

use serde_json::Value;

use crate::flow_support::StateFile;
use crate::support::{CliRun, run_argv};

async fn flows_cli(args: &[&str]) -> CliRun {
    let mut argv = vec!["okta-flows".to_owned()];
    argv.extend(args.iter().map(|a| a.to_string()));
    run_argv(&argv).await
}

fn json_lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

#[tokio::test]
async fn watch_without_an_org_shows_the_demo_flows_reacting_and_stops_by_itself() {
    let run = flows_cli(&["watch"]).await;
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.err.contains("embedded okta-mock"), "{}", run.err);
    assert!(
        run.err.contains("demo: add bob@example.com to Contractors"),
        "{}",
        run.err
    );
    assert!(
        run.out
            .contains("bob@example.com: would do: set isMemberOfGroup = true"),
        "{}",
        run.out
    );
    assert!(
        run.err.contains("dry run: nothing was written"),
        "{}",
        run.err
    );
}

#[tokio::test]
async fn an_applying_watch_records_runs_that_history_lists() {
    let file = StateFile::new("cli-history");
    let state = file.path.to_str().unwrap();
    // The group flag alone, so the counts below do not move when flows are registered.
    let watched = flows_cli(&[
        "watch",
        "--flow",
        "group-flag",
        "--apply",
        "--state",
        state,
        "--hooks",
        "127.0.0.1:0",
        "--json",
    ])
    .await;
    assert_eq!(watched.status, 0, "{}", watched.err);
    let runs = json_lines(&watched.out);
    assert_eq!(runs.len(), 2, "each event acts once: {}", watched.out);
    assert!(watched.err.contains("2 already handled"), "{}", watched.err);

    let history = flows_cli(&["history", "--state", state, "--json"]).await;
    assert_eq!(history.status, 0, "{}", history.err);
    let listed = json_lines(&history.out);
    assert_eq!(listed.len(), 2);
    assert!(
        listed
            .iter()
            .all(|r| r["status"] == "ok" && r["applied"] == true)
    );
    let failed = flows_cli(&["history", "--state", state, "--failed"]).await;
    assert_eq!((failed.status, failed.out.as_str()), (0, ""));
}

#[tokio::test]
async fn history_of_a_missing_state_file_says_how_to_make_one_and_exits_2() {
    let file = StateFile::new("cli-missing");
    let run = flows_cli(&["history", "--state", file.path.to_str().unwrap()]).await;
    assert_eq!(run.status, 2);
    assert!(run.err.contains("watch --apply --state"), "{}", run.err);
    assert!(!file.path.exists(), "history never creates the file");
}

#[tokio::test]
async fn a_manual_run_over_everyone_reports_each_user_and_exits_0() {
    let run = flows_cli(&["run", "group-flag", "--all", "--apply"]).await;
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(
        run.out
            .contains("dee@example.com: done: set isMemberOfGroup = false"),
        "{}",
        run.out
    );
    assert!(
        run.out.contains("ada@example.com: no change"),
        "{}",
        run.out
    );
}

#[tokio::test]
async fn an_unknown_flow_is_a_usage_error_naming_the_flows() {
    let run = flows_cli(&["run", "no-such-flow", "--all"]).await;
    assert_eq!(run.status, 2);
    assert!(run.err.contains("group-flag"), "{}", run.err);
}
