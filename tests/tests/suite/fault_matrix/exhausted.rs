//! A run whose retry budget runs out: it exits non-zero, names the user and the cause, and
//! writes nothing wrong (the user keeps its old value, everyone else gets the fault-free one).

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use clap::Parser as _;
use okta_mock::scenario::{Scenario, default_scenario};
use okta_mock::{AppState, MockConfig};
use okta_scenarios::cli::{Cli, EXIT_FAILURES, EXIT_OK, Io, run};
use serde_json::Value;

use super::{SEED, bounded};

/// The default org served with every request to `…/users/{victim}` under `/api/v1/apps/`
/// dropped before the route runs (a reset, as the mock's `reset` fault does), so the victim's
/// write fails on every attempt while everything else works.
async fn serve_with_a_doomed_user(victim_login: Option<&str>) -> (String, AppState) {
    let state = MockConfig::default()
        .scenario(default_scenario())
        .seed(SEED)
        .build_state()
        .expect("the default scenario loads");
    let victim = victim_login.map(|login| {
        exported(&state)
            .users
            .iter()
            .find(|u| u.profile["login"] == login)
            .and_then(|u| u.id.clone())
            .expect("the victim exists")
    });
    // Without a victim, a suffix no path has.
    let suffix = format!("/users/{}", victim.unwrap_or_else(|| "\u{0}".to_owned()));
    let app = okta_mock::router(state.clone()).layer(axum::middleware::from_fn(
        move |req: Request, next: Next| {
            let doomed = req.uri().path().starts_with("/api/v1/apps/")
                && req.uri().path().ends_with(&suffix);
            async move {
                if !doomed || req.method() != axum::http::Method::POST {
                    return next.run(req).await;
                }
                let failing = futures::stream::once(async {
                    Err::<Bytes, std::io::Error>(std::io::Error::new(
                        std::io::ErrorKind::ConnectionReset,
                        "fault matrix: doomed write",
                    ))
                });
                Response::new(Body::from_stream(failing))
            }
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, state)
}

fn exported(state: &AppState) -> Scenario {
    Scenario::export(&state.read())
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
    let (clean_url, clean) = serve_with_a_doomed_user(None).await;
    let token = clean.token.to_string();
    let before = values(&exported(&clean));
    let (_, clean_out, _) = bounded("fault-free", cli(&clean_url, &token, &["--all"])).await;
    let clean_lines = lines(&clean_out);
    let victim = clean_lines
        .iter()
        .find(|(_, l)| l["outcome"] == "updated")
        .map(|(login, _)| login.clone())
        .expect("the fault-free run writes someone");
    let clean_after = values(&exported(&clean));

    // Per user, the victim alone: fault-free it succeeds (exit 0) ...
    let (clean_url, _) = serve_with_a_doomed_user(None).await;
    let (status, out, err) = bounded(
        "clean per-user",
        cli(&clean_url, &token, &["--user", &victim]),
    )
    .await;
    assert_eq!(status, EXIT_OK, "{out}\n{err}");
    // ... and with every write of it failing, it exits 1, names it and the cause, writes nothing.
    let (url, state) = serve_with_a_doomed_user(Some(&victim)).await;
    let label = format!("per-user {victim}");
    let (status, out, err) = bounded(&label, cli(&url, &token, &["--user", &victim])).await;
    assert_eq!(status, EXIT_FAILURES, "{label}: {out}\n{err}");
    let got = lines(&out);
    assert_eq!(got.len(), 1, "{label}: {out}");
    assert_eq!(got[0].0, victim);
    assert_names_the_cause(&label, &got[0].1, &token);
    assert!(!err.contains(&token));
    assert_eq!(
        values(&exported(&state)),
        before,
        "{label}: nothing was written"
    );

    // Batch: the victim fails the same way; everyone else ends as in the fault-free run.
    let (url, state) = serve_with_a_doomed_user(Some(&victim)).await;
    let label = format!("batch, {victim} doomed");
    let (status, out, err) = bounded(&label, cli(&url, &token, &["--all"])).await;
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
    let after = values(&exported(&state));
    for ((login, value), ((_, clean_value), (_, old))) in
        after.iter().zip(clean_after.iter().zip(&before))
    {
        let expected = if *login == victim { old } else { clean_value };
        assert_eq!(value, expected, "{label}: {login} holds a wrong value");
    }
}
