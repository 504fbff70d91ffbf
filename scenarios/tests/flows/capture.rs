//! `okta-flows capture`: a capture of an org, loaded into a second mock, gives every
//! (pseudonymized) user the same Immutable ID outcome as the org itself; the file is
//! pseudonymized, never holds a secret, and the selection options select what they say.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Parser as _;
use okta_mock::scenario::{Scenario, default_scenario};
use okta_scenarios::capture::{CaptureConfig, Pseudonyms, anonymize_profile, capture};
use okta_scenarios::cli::{Cli, Io, run};
use serde_json::{Map, Value, json};

use crate::support::{case_runs, client, run_cli, start};

/// The salt of these tests.
pub const SALT: &[u8] = b"okta-flows capture test salt";

/// What a value where an Immutable ID belongs becomes, by the capture's own rules.
fn mapped_id(p: &Pseudonyms, value: &Value) -> Value {
    let mut profile = Map::new();
    profile.insert("immutableId".to_owned(), value.clone());
    anonymize_profile(&mut profile, p);
    profile.remove("immutableId").unwrap_or(Value::Null)
}

/// A dry-run line of the org, with logins and values as the capture maps them.
fn expected_line(p: &Pseudonyms, line: &Value) -> Value {
    let address = |v: &Value| json!(p.address(v.as_str().unwrap_or_default()));
    let shared: Vec<Value> = line["sharedWith"]
        .as_array()
        .map(|a| a.iter().map(address).collect())
        .unwrap_or_default();
    json!({
        "login": address(&line["login"]),
        "outcome": line["outcome"],
        "source": line["source"],
        "immutableId": mapped_id(p, &line["immutableId"]),
        "previous": mapped_id(p, &line["previous"]),
        "sharedWith": shared,
    })
}

fn compared(line: &Value) -> Value {
    let mut shared: Vec<Value> = line["sharedWith"].as_array().cloned().unwrap_or_default();
    shared.sort_by_key(|v| v.to_string());
    json!({
        "login": line["login"], "outcome": line["outcome"], "source": line["source"],
        "immutableId": line["immutableId"], "previous": line["previous"], "sharedWith": shared,
    })
}

/// The `--group` of flow arguments, if any.
fn group_of(args: &[String]) -> Option<String> {
    args.iter()
        .position(|a| a == "--group")
        .and_then(|i| args.get(i + 1).cloned())
}

/// Captures `scenario` (pseudonymized with [`SALT`]) as the Immutable ID flow run with `args`
/// needs it, loads the capture into a second mock, runs the flow in batch mode on both and
/// returns the differences per user and how many users were compared.
pub async fn round_trip(scenario: Scenario, args: &[String]) -> (Vec<String>, usize) {
    let p = Pseudonyms::with_salt(SALT).unwrap();
    let original = start(scenario).await;
    let config = CaptureConfig {
        groups: group_of(args).into_iter().collect(),
        pseudonyms: Some(p.clone()),
        ..CaptureConfig::default()
    };
    let captured = match capture(&client(&original), &config, &()).await {
        Ok(c) => c,
        Err(e) => return (vec![format!("capture failed: {e}")], 0),
    };
    let json = captured.scenario.to_json_pretty();
    let reloaded = match Scenario::from_json_str(&json) {
        Ok(s) => s,
        Err(e) => return (vec![format!("the capture does not parse: {e}")], 0),
    };
    let copy = match okta_mock::MockServer::start_with(
        okta_mock::MockConfig::default().scenario(reloaded),
    )
    .await
    {
        Ok(server) => server,
        Err(e) => return (vec![format!("the capture does not load: {e}")], 0),
    };
    let mut flow: Vec<&str> = args.iter().map(String::as_str).collect();
    flow.extend(["--json", "--all"]);
    let before = run_cli(Some(&original), &flow).await;
    let after = run_cli(Some(&copy), &flow).await;
    let mut problems = Vec::new();
    if before.status != after.status {
        problems.push(format!(
            "exit status {} on the org, {} on the capture",
            before.status, after.status
        ));
    }
    let expected: BTreeMap<String, Value> = before
        .by_login()
        .values()
        .map(|l| compared(&expected_line(&p, l)))
        .map(|l| (l["login"].as_str().unwrap_or_default().to_owned(), l))
        .collect();
    let actual: BTreeMap<String, Value> = after
        .by_login()
        .into_iter()
        .map(|(login, l)| (login, compared(&l)))
        .collect();
    for login in expected.keys().chain(actual.keys()) {
        let (e, a) = (expected.get(login), actual.get(login));
        if e != a && !problems.iter().any(|p| p.starts_with(login.as_str())) {
            problems.push(format!("{login}: org {e:?}, capture {a:?}"));
        }
    }
    if json.contains(original.token()) {
        problems.push("the capture holds the API token".to_owned());
    }
    (problems, expected.len())
}

#[tokio::test]
async fn a_capture_of_every_regression_case_gives_every_user_the_same_outcome() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for (label, scenario, args) in case_runs() {
        let (problems, n) = round_trip(scenario, &args).await;
        compared += n;
        failures.extend(problems.into_iter().map(|p| format!("{label}: {p}")));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared >= 26, "only {compared} users compared");
}

#[tokio::test]
async fn a_capture_of_the_default_org_gives_every_user_the_same_outcome() {
    let group = default_scenario()
        .groups
        .iter()
        .map(|g| g.name.clone())
        .find(|n| n.contains("365"))
        .expect("the default org has an Office 365 group");
    for args in [vec![], vec!["--group".to_owned(), group]] {
        let (problems, n) = round_trip(default_scenario(), &args).await;
        assert!(problems.is_empty(), "{args:?}:\n{}", problems.join("\n"));
        assert!(n >= 10, "{args:?}: only {n} users compared");
    }
}

fn temp_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("okta-flows-capture-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Runs `okta-flows capture ARGS` against `server` and returns (status, stderr, file).
async fn run_capture(server: &okta_mock::MockServer, args: &[&str]) -> (i32, String, String) {
    let out = temp_file(&format!("{}.json", args.join("_").replace(['/', ' '], "")));
    let _ = std::fs::remove_file(&out);
    let mut argv: Vec<String> = ["okta-flows", "capture", "--org-url"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    argv.extend([
        server.base_url(),
        "--token".into(),
        server.token().to_owned(),
    ]);
    argv.extend(["--out".into(), out.display().to_string()]);
    argv.extend(args.iter().map(|a| a.to_string()));
    let cli = Cli::try_parse_from(&argv).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let status = run(
        cli,
        Io {
            out: &mut stdout,
            err: &mut stderr,
            interactive: false,
            org_configured_elsewhere: false,
        },
    )
    .await;
    let file = std::fs::read_to_string(&out).unwrap_or_default();
    (status, String::from_utf8(stderr).unwrap(), file)
}

fn logins(file: &str) -> Vec<String> {
    let scenario = Scenario::from_json_str(file).expect("the capture parses");
    scenario
        .users
        .iter()
        .map(|u| u.profile["login"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn the_cli_writes_a_pseudonymized_file_without_secrets_and_says_what_it_skipped() {
    let mut org = default_scenario();
    // A secret setting on the office365 app must not reach the file.
    for app in org.apps.iter_mut().filter(|a| a.name == "office365") {
        app.settings = Some(json!({"app": {"domain": "acme.example.com",
                                           "clientSecret": "s3cr3t-setting"}}));
    }
    let server = start(org).await;
    let (status, err, file) = run_capture(&server, &["--group", "Office 365 Users"]).await;
    assert_eq!(status, 0, "{err}");
    for secret in [
        server.token(),
        "s3cr3t-setting",
        "alice",
        "Alice",
        "yYuRNW0Z6kCXeYidebdT8A==",
    ] {
        assert!(!file.contains(secret), "{secret} is in the capture");
    }
    assert!(
        file.contains("acme.example.com"),
        "the other settings are kept"
    );
    assert!(err.contains("pseudonymized"), "{err}");
    assert!(
        err.contains("skipped: the setting app.clientSecret"),
        "{err}"
    );
    assert!(
        err.contains("skipped: the app \"Intranet\"") || err.contains("(bookmark)"),
        "{err}"
    );
    assert_eq!(logins(&file).len(), 19);

    let (status, err, plain) = run_capture(&server, &["--no-anonymize", "--max", "3"]).await;
    assert_eq!(status, 0, "{err}");
    assert!(err.contains("NOT pseudonymized"), "{err}");
    assert!(err.contains("over --max 3"), "{err}");
    assert_eq!(logins(&plain).len(), 3);
    assert!(
        plain.contains("@example.com") && !plain.contains("user-"),
        "{plain}"
    );
}

#[tokio::test]
async fn a_salt_file_gives_the_same_pseudonyms_in_two_captures() {
    let server = start(default_scenario()).await;
    let salt = temp_file("salt");
    std::fs::write(&salt, "a salt that is long enough").unwrap();
    let salt = salt.display().to_string();
    let args = [
        "--user",
        "alice.anders@example.com",
        "--salt-file",
        salt.as_str(),
    ];
    let (first, second) = (
        run_capture(&server, &args).await,
        run_capture(&server, &args).await,
    );
    assert_eq!(first.0, 0, "{}", first.1);
    assert_eq!(first.2, second.2);
    let p = Pseudonyms::with_salt(b"a salt that is long enough").unwrap();
    assert!(logins(&first.2).contains(&p.address("alice.anders@example.com")));
    std::fs::write(temp_file("short"), "short").unwrap();
    let short = temp_file("short").display().to_string();
    let (status, err, _) = run_capture(&server, &["--salt-file", short.as_str()]).await;
    assert_eq!(status, 2);
    assert!(err.contains("at least 16"), "{err}");
}

#[tokio::test]
async fn the_selection_options_select_users_by_login_search_and_app() {
    let server = start(default_scenario()).await;
    let none = ["--flow", "none", "--no-anonymize"];
    let with = |extra: &[&'static str]| none.iter().chain(extra).copied().collect::<Vec<_>>();
    let (_, err, file) = run_capture(
        &server,
        &[
            "--no-anonymize",
            "--user",
            "bob.baker@example.com",
            "--user",
            "nobody@example.com",
        ],
    )
    .await;
    assert_eq!(logins(&file), ["bob.baker@example.com"], "{err}");
    assert!(
        err.contains("\"nobody@example.com\": no such user"),
        "{err}"
    );
    // The flow narrowed to one user: its AD and office365 app users, read one by one.
    let bob = &Scenario::from_json_str(&file).unwrap().users[0];
    let apps: Vec<&str> = bob.apps.iter().map(|a| a.app.as_str()).collect();
    assert_eq!(apps, ["corp.example.com", "Microsoft Office 365"], "{err}");

    let (_, err, file) = run_capture(
        &server,
        &with(&["--search", "profile.lastName eq \"Baker\""]),
    )
    .await;
    assert_eq!(logins(&file), ["bob.baker@example.com"], "{err}");

    let (status, err, file) = run_capture(&server, &with(&["--app", "apac.example.com"])).await;
    assert_eq!(status, 0, "{err}");
    let scenario = Scenario::from_json_str(&file).unwrap();
    assert_eq!(scenario.apps.len(), 1, "only the named app");
    assert!(
        scenario
            .users
            .iter()
            .all(|u| u.apps.iter().all(|a| a.app == "apac.example.com"))
    );
    assert!(!scenario.users.is_empty());

    let (status, err, _) = run_capture(&server, &with(&["--group", "No such group"])).await;
    assert_eq!(status, 2);
    assert!(err.contains("no group is named"), "{err}");
}

#[tokio::test]
async fn timestamps_load_as_written_and_a_capture_keeps_their_order() {
    let mut org = default_scenario();
    let at = |s: &str| Some(okta_client::models::Timestamp::parse(s).unwrap());
    org.users[0].timestamps = Some(okta_mock::scenario::ScenarioTimestamps {
        created: at("2019-02-03T04:05:06.000Z"),
        last_login: at("2024-01-09T15:36:04.000Z"),
        ..Default::default()
    });
    let login = org.users[0].profile["login"].as_str().unwrap().to_owned();
    let server = start(org).await;
    let user = client(&server).users().get_by_login(&login).await.unwrap();
    assert_eq!(user.created, at("2019-02-03T04:05:06.000Z"));
    assert_eq!(user.last_login, at("2024-01-09T15:36:04.000Z"));

    let p = Pseudonyms::with_salt(SALT).unwrap();
    let config = CaptureConfig {
        users: vec![login.clone()],
        pseudonyms: Some(p.clone()),
        ..CaptureConfig::default()
    };
    let captured = capture(&client(&server), &config, &()).await.unwrap();
    let user = captured
        .scenario
        .users
        .iter()
        .find(|u| u.profile["login"] == p.address(&login))
        .expect("the user is captured");
    let t = user.timestamps.clone().expect("timestamps are captured");
    assert!(t.created < t.last_login && t.last_login < t.last_updated);
    assert_ne!(t.created, at("2019-02-03T04:05:06.000Z"));
}

#[tokio::test]
async fn the_cli_capture_waits_for_rate_limit_windows_instead_of_collecting_429s() {
    // Four requests a (one-second) window for per-user app-user reads, which a capture of two
    // users in four apps needs eight of: the throttle must wait for the next window.
    let mut limits = okta_mock::sim::RateLimitConfig::enterprise();
    limits.buckets.insert(okta_mock::sim::Bucket::Other, 4);
    let config = okta_mock::MockConfig::default()
        .scenario(default_scenario())
        .rate_limits(limits)
        .time_scale(60.0);
    let server = crate::support::start_with(config).await;
    let (status, err, file) = run_capture(
        &server,
        &[
            "--user",
            "alice.anders@example.com",
            "--user",
            "bob.baker@example.com",
        ],
    )
    .await;
    assert_eq!(status, 0, "{err}");
    assert_eq!(logins(&file).len(), 2);
    let journal = server.journal();
    let per_user_reads = journal
        .iter()
        .filter(|e| e.path.starts_with("/api/v1/apps/") && e.path.contains("/users/"))
        .count();
    assert_eq!(per_user_reads, 8, "{journal:?}");
    assert!(journal.iter().all(|e| e.status != 429), "{journal:?}");
}

#[tokio::test]
async fn a_group_assigned_to_an_app_is_captured_and_grants_the_app_again_when_loaded() {
    let mut org = default_scenario();
    for app in org.apps.iter_mut().filter(|a| a.name == "office365") {
        app.groups = vec!["Office 365 Users".to_owned()];
    }
    let server = start(org).await;
    let (status, err, file) = run_capture(&server, &["--group", "Office 365 Users"]).await;
    assert_eq!(status, 0, "{err}");
    let captured = Scenario::from_json_str(&file).expect("the capture parses");
    let office365 = captured
        .apps
        .iter()
        .find(|a| a.name == "office365")
        .expect("the office365 app is captured");
    assert_eq!(office365.groups, ["Office 365 Users"]);
    let ad = captured
        .apps
        .iter()
        .find(|a| a.name == "active_directory")
        .expect("an AD app is captured");
    assert!(ad.groups.is_empty(), "{:?}", ad.groups);

    // Loaded into a second mock, the group grants the app again: the group's members are
    // office365 app users there too.
    let copy = start(captured.clone()).await;
    let copy_client = client(&copy);
    let app = copy_client
        .apps()
        .list()
        .send()
        .await
        .expect("apps")
        .items
        .into_iter()
        .find(|a| a.name == "office365")
        .expect("office365 in the copy");
    let groups = copy_client
        .app_groups(app.id.clone())
        .list()
        .send()
        .await
        .expect("the copy's app groups");
    assert_eq!(groups.items.len(), 1);
}
