//! What `okta-flows immutable-id` says to a person: the last line names the result and the
//! exit status, errors name flags and environment variables, and the table fits 120 columns.

use crate::support::{run_cli, start};
use okta_mock::scenario::default_scenario;

/// The demo org as a file, written from the copy okta-mock embeds: the file itself lives in the
/// okta-mock package, which this package's tests cannot reach by path once published.
fn default_scenario_file() -> String {
    let path = std::env::temp_dir().join(format!(
        "okta-flows-default-scenario-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, okta_mock::scenario::DEFAULT_SCENARIO_JSON)
        .expect("the default scenario can be written to the temp directory");
    path.display().to_string()
}

#[tokio::test]
async fn a_scenario_file_with_users_needing_attention_exits_1_and_says_why_on_its_last_line() {
    let file = default_scenario_file();
    let run = run_cli(None, &["--all", "--scenario", &file]).await;
    let _ = std::fs::remove_file(&file);
    assert_eq!(run.status, 1, "{}", run.err);
    let last = run.err.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        "6 users need attention (1 invalid_external_id, 3 conflict, 2 duplicate_immutable_id; \
         listed above with the reason). Exit status 1."
    );
}

#[tokio::test]
async fn a_real_org_with_nothing_needing_attention_exits_0_and_says_so() {
    let server = start(default_scenario()).await;
    let run = run_cli(Some(&server), &["--user", "alice.anders@example.com"]).await;
    assert_eq!(run.status, 0, "{}", run.err);
    assert_eq!(
        run.err.lines().last(),
        Some("Nothing needs attention. Exit status 0.")
    );
}

#[tokio::test]
async fn the_default_table_fits_120_columns_and_wide_prints_every_cell_in_full() {
    let run = run_cli(None, &["--all"]).await;
    for line in run.out.lines() {
        assert!(line.chars().count() <= 120, "{} wide: {line}", line.len());
    }
    // rita.russo's previous value is 48 characters of garbage: shortened, and said so.
    assert!(run.out.contains('…'), "{}", run.out);
    assert!(run.err.contains("--wide or --json"), "{}", run.err);
    let wide = run_cli(None, &["--all", "--wide"]).await;
    assert!(
        wide.out
            .contains("YTZmMWMyZTQtM2I1ZC00ZjYwLThhN2ItOWMwZDFlMmYzYTRi"),
        "{}",
        wide.out
    );
    assert!(wide.out.lines().any(|l| l.chars().count() > 120));
    assert!(!wide.out.contains('…'));
}

#[tokio::test]
async fn an_org_url_without_a_token_asks_for_the_variable_and_the_flag_and_exits_2() {
    let run = run_cli(None, &["--all", "--org-url", "https://acme.okta.com"]).await;
    assert_eq!(run.status, 2);
    assert!(
        run.err.contains("OKTA_CLIENT_TOKEN") && run.err.contains("--token"),
        "{}",
        run.err
    );
    assert!(!run.err.contains("ClientBuilder"), "{}", run.err);
    assert!(
        run.err
            .trim_end()
            .ends_with("Exit status 2 (usage, configuration or connection error).")
    );
}

#[tokio::test]
async fn plain_http_to_a_remote_host_says_what_to_type_not_which_method_to_call() {
    let run = run_cli(
        None,
        &[
            "--all",
            "--org-url",
            "http://acme.okta.com",
            "--token",
            "t0k",
        ],
    )
    .await;
    assert_eq!(run.status, 2);
    assert!(
        run.err.contains("https://") && run.err.contains("--org-url"),
        "{}",
        run.err
    );
    assert!(!run.err.contains("allow_insecure_http"), "{}", run.err);
    assert!(!run.err.contains("t0k"));
}

#[tokio::test]
async fn a_refused_connection_exits_2_and_prints_the_cause_chain_not_a_debug_dump() {
    // Bind a port, then free it: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let url = format!("http://127.0.0.1:{port}");
    let run = run_cli(None, &["--all", "--org-url", &url, "--token", "t"]).await;
    assert_eq!(run.status, 2, "{}", run.err);
    let message = run
        .err
        .lines()
        .find(|l| l.starts_with("okta-flows: "))
        .unwrap_or_default();
    assert!(message.contains("listing the apps"), "{message}");
    assert!(
        !message.contains("Http {") && !message.contains("kind:"),
        "{message}"
    );
}

#[test]
fn log_lines_written_to_a_pipe_carry_no_colour_codes() {
    // An empty directory as both the working directory and HOME: no okta.yaml anywhere.
    let dir = std::env::temp_dir().join(format!("okta-flows-colour-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_okta-flows"))
        .args(["immutable-id", "--user", "alice.anders@example.com"])
        .current_dir(&dir)
        .env("HOME", &dir)
        .env("RUST_LOG", "debug")
        .env_remove("OKTA_CLIENT_ORGURL")
        .env_remove("OKTA_CLIENT_TOKEN")
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs");
    let _ = std::fs::remove_dir_all(&dir);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("DEBUG"), "no log line to check: {stderr}");
    assert!(!stderr.contains('\u{1b}'), "escape codes in: {stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}
