//! A run whose retry budget runs out: it exits non-zero, names the user and the cause, and
//! writes nothing wrong (the user keeps its old value, everyone else gets the fault-free one).

use clap::Parser as _;
use okta_mock::scenario::{Scenario, default_scenario};
use okta_mock::{AppState, Fault, MockConfig, MockServer, Route};
use okta_scenarios::cli::{Cli, EXIT_FAILURES, EXIT_OK, Io, run};
use serde_json::Value;

use super::{SEED, bounded};

/// The default org with every write to `/api/v1/apps/{app}/users/{victim}` dropped before the
/// route runs (a scheduled `reset` fault), so the victim's write fails on every attempt while
/// everything else works.
async fn serve_with_a_doomed_user(victim_login: Option<&str>) -> MockServer {
    let config = MockConfig::default()
        .scenario(default_scenario())
        .seed(SEED);
    let server = MockServer::start_with(config)
        .await
        .expect("the default scenario loads");
    if let Some(login) = victim_login {
        let victim = exported(server.state())
            .users
            .iter()
            .find(|u| u.profile["login"] == login)
            .and_then(|u| u.id.clone())
            .expect("the victim exists");
        let writes = Route::post(&format!("/api/v1/apps/{{app}}/users/{victim}"));
        server.fail_next(writes, u32::MAX, Fault::Reset);
    }
    server
}

fn exported(state: &AppState) -> Scenario {
    state.read().export_scenario()
}

/// The office365 `immutableId` of every user, by login.
fn values(scenario: &Scenario) -> Vec<(String, Option<Value>)> {
    scenario
        .users
        .iter()
        .flat_map(|u| {
            let login = u.profile["login"].as_str().unwrap_or_default().to_owned();
            u.apps
                .iter()
                .filter(|a| a.app == "Microsoft Office 365")
                .map(move |a| (login.clone(), a.profile.get("immutableId").cloned()))
        })
        .collect()
}

async fn cli(url: &str, token: &str, args: &[&str]) -> (i32, String, String) {
    let mut argv = vec![
        "okta-flows",
        "immutable-id",
        "--org-url",
        url,
        "--token",
        token,
        "--json",
        "--apply",
    ];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(&argv).expect("valid arguments");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let io = Io {
        out: &mut out,
        err: &mut err,
        interactive: false,
        org_configured_elsewhere: false,
    };
    let status = run(cli, io).await;
    (
        status,
        String::from_utf8(out).expect("utf-8"),
        String::from_utf8(err).expect("utf-8"),
    )
}

/// The JSON lines of a run by login, without the audit (which counts retries).
fn lines(out: &str) -> Vec<(String, Value)> {
    let mut lines: Vec<(String, Value)> = out
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .map(|mut v| {
            if let Some(o) = v.as_object_mut() {
                o.remove("audit");
            }
            (v["login"].as_str().unwrap_or_default().to_owned(), v)
        })
        .collect();
    lines.sort_by(|a, b| a.0.cmp(&b.0));
    lines
}

fn assert_names_the_cause(label: &str, line: &Value, token: &str) {
    assert_eq!(line["outcome"], "error", "{label}: {line}");
    let message = line["message"].as_str().unwrap_or_default();
    assert!(message.contains("after 5 attempts"), "{label}: {message}");
    assert!(
        ["connection closed", "connection reset", "truncated body"]
            .iter()
            .any(|cause| message.contains(cause)),
        "{label}: the cause is named: {message}"
    );
    assert!(!message.contains(token), "{label}: the token leaked");
}

#[tokio::test]
async fn a_write_that_exhausts_its_budget_exits_non_zero_naming_the_user_and_the_cause() {
    // The fault-free batch run: who gets written, and the org it leaves.
    let clean = serve_with_a_doomed_user(None).await;
    let token = clean.token().to_owned();
    let before = values(&exported(clean.state()));
    let (_, clean_out, _) = bounded("fault-free", cli(&clean.uri(), &token, &["--all"])).await;
    let clean_lines = lines(&clean_out);
    let victim = clean_lines
        .iter()
        .find(|(_, l)| l["outcome"] == "updated")
        .map(|(login, _)| login.clone())
        .expect("the fault-free run writes someone");
    let clean_after = values(&exported(clean.state()));

    // Per user, the victim alone: fault-free it succeeds (exit 0) ...
    let clean = serve_with_a_doomed_user(None).await;
    let (status, out, err) = bounded(
        "clean per-user",
        cli(&clean.uri(), &token, &["--user", &victim]),
    )
    .await;
    assert_eq!(status, EXIT_OK, "{out}\n{err}");
    // ... and with every write of it failing, it exits 1, names it and the cause, writes nothing.
    let doomed = serve_with_a_doomed_user(Some(&victim)).await;
    let label = format!("per-user {victim}");
    let (status, out, err) =
        bounded(&label, cli(&doomed.uri(), &token, &["--user", &victim])).await;
    assert_eq!(status, EXIT_FAILURES, "{label}: {out}\n{err}");
    let got = lines(&out);
    assert_eq!(got.len(), 1, "{label}: {out}");
    assert_eq!(got[0].0, victim);
    assert_names_the_cause(&label, &got[0].1, &token);
    assert!(!err.contains(&token));
    assert_eq!(
        values(&exported(doomed.state())),
        before,
        "{label}: nothing was written"
    );

    // Batch: the victim fails the same way; everyone else ends as in the fault-free run.
    let doomed = serve_with_a_doomed_user(Some(&victim)).await;
    let label = format!("batch, {victim} doomed");
    let (status, out, err) = bounded(&label, cli(&doomed.uri(), &token, &["--all"])).await;
    assert_ne!(status, EXIT_OK, "{label}: {err}");
    let got = lines(&out);
    assert_eq!(got.len(), clean_lines.len(), "{label}");
    for ((login, line), (_, clean_line)) in got.iter().zip(&clean_lines) {
        if *login == victim {
            assert_names_the_cause(&label, line, &token);
        } else {
            assert_eq!(line, clean_line, "{label}: {login}");
        }
    }
    assert!(!err.contains(&token));
    let after = values(&exported(doomed.state()));
    for ((login, value), ((_, clean_value), (_, old))) in
        after.iter().zip(clean_after.iter().zip(&before))
    {
        let expected = if *login == victim { old } else { clean_value };
        assert_eq!(value, expected, "{label}: {login} holds a wrong value");
    }
}
