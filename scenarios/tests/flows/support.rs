//! Shared helpers of the integration tests: mocks, the CLI's library entry point, case files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Parser as _;
use okta_client::Client;
use okta_mock::scenario::Scenario;
use okta_mock::{MockConfig, MockServer};
use okta_scenarios::cli::{Cli, Io, run};
use serde::Deserialize;
use serde_json::Value;

/// The directory of the named regression cases.
pub fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("cases")
}

/// Every case name (`one_ad` for `cases/one_ad.json`), sorted.
pub fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .expect("scenarios/cases exists")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json") && !n.ends_with(".expected.json"))
        .map(|n| n.trim_end_matches(".json").to_owned())
        .collect();
    names.sort();
    names
}

/// What a case file's sibling `.expected.json` says.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Expected {
    /// The same description as the scenario.
    pub description: String,
    /// Extra command-line arguments for every run of the case.
    #[serde(default)]
    pub args: Vec<String>,
    /// Dry-run expectations per login: keys of the JSON line and their values.
    pub users: BTreeMap<String, BTreeMap<String, Value>>,
    /// Expectations with `--strict`, for the logins listed.
    #[serde(default)]
    pub strict: BTreeMap<String, BTreeMap<String, Value>>,
    /// Users in several AD instances, whose Immutable ID Okta's default mapping leaves null.
    #[serde(default)]
    pub multi_ad: Vec<String>,
}

/// A case's scenario and expectations.
pub fn load_case(name: &str) -> (Scenario, Expected) {
    let dir = cases_dir();
    let scenario = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
    let scenario = Scenario::from_json_str(&scenario).unwrap_or_else(|e| panic!("{name}: {e}"));
    let expected = std::fs::read_to_string(dir.join(format!("{name}.expected.json")))
        .unwrap_or_else(|e| panic!("{name}.expected.json: {e}"));
    let expected: Expected =
        serde_json::from_str(&expected).unwrap_or_else(|e| panic!("{name}.expected.json: {e}"));
    (scenario, expected)
}

/// Every regression case run twice, with the case's own arguments and with `--strict` added:
/// `(label, scenario, args)`, the label naming the case and the arguments for failure messages.
pub fn case_runs() -> Vec<(String, Scenario, Vec<String>)> {
    let mut runs = Vec::new();
    for name in case_names() {
        let (scenario, expected) = load_case(&name);
        let mut strict = expected.args.clone();
        strict.push("--strict".into());
        for args in [expected.args, strict] {
            runs.push((format!("{name} {args:?}"), scenario.clone(), args));
        }
    }
    runs
}

/// A fresh mock org on 127.0.0.1:0 loaded with `scenario`.
pub async fn start(scenario: Scenario) -> MockServer {
    start_with(MockConfig::default().scenario(scenario)).await
}

/// A fresh mock as configured.
pub async fn start_with(config: MockConfig) -> MockServer {
    MockServer::start_with(config)
        .await
        .expect("the mock starts")
}

/// A client for a mock, retrying quickly so that fault tests stay fast.
pub fn client(server: &MockServer) -> Client {
    server
        .client_builder()
        .retry_policy(
            MockServer::test_retry_policy()
                .with_max_retries(3)
                .with_max_wait(std::time::Duration::from_secs(3)),
        )
        .build()
        .expect("a client for the mock")
}

/// What one CLI run printed.
#[derive(Debug)]
pub struct CliRun {
    /// The exit status.
    pub status: i32,
    /// Standard output.
    pub out: String,
    /// Standard error.
    pub err: String,
}

impl CliRun {
    /// The JSON lines, by login.
    pub fn by_login(&self) -> BTreeMap<String, Value> {
        self.out
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .map(|v| (v["login"].as_str().unwrap_or_default().to_owned(), v))
            .collect()
    }
}

/// Runs `okta-flows immutable-id ARGS` through the CLI's library entry point, with
/// `--org-url`/`--token` of `server` unless `server` is `None`.
pub async fn run_cli(server: Option<&MockServer>, args: &[&str]) -> CliRun {
    let mut argv: Vec<String> = vec!["okta-flows".into(), "immutable-id".into()];
    if let Some(server) = server {
        argv.extend([
            "--org-url".into(),
            server.base_url(),
            "--token".into(),
            server.token().to_owned(),
        ]);
    }
    argv.extend(args.iter().map(|a| a.to_string()));
    run_argv(&argv).await
}

/// Runs the CLI's library entry point on a whole command line (`argv[0]` included), not
/// interactive, and keeps its exit status and both outputs.
pub async fn run_argv(argv: &[String]) -> CliRun {
    let cli = Cli::try_parse_from(argv).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = run(
        cli,
        Io {
            out: &mut out,
            err: &mut err,
            interactive: false,
            org_configured_elsewhere: false,
        },
    )
    .await;
    CliRun {
        status,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}

/// The office365 app user's `profile.immutableId` of a login in the mock (`None`: null or
/// absent), read through the API.
pub async fn office365_value(server: &MockServer, login: &str) -> Option<String> {
    let client = client(server);
    let user = client
        .users()
        .get_by_login(login)
        .await
        .expect("the user exists");
    let apps = client.apps().list().collect_all().await.expect("apps list");
    let o365 = apps
        .iter()
        .find(|a| a.name == "office365")
        .expect("an office365 app");
    let app_user = client
        .app_users(&o365.id)
        .get(&user.id)
        .await
        .expect("assigned to office365");
    app_user
        .profile
        .get("immutableId")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// Requests the mock received that change the org (admin API excluded).
pub fn writes(server: &MockServer) -> Vec<String> {
    server
        .journal()
        .into_iter()
        .filter(|e| e.method != "GET")
        .map(|e| format!("{} {}", e.method, e.path))
        .collect()
}

/// Every office365 app user's `profile.immutableId` by login, read straight from the mock's
/// store (not through the API, so injected faults cannot disturb the check).
pub fn office365_values(server: &MockServer) -> BTreeMap<String, Option<String>> {
    let scenario = okta_mock::scenario::Scenario::export(
        &server.store().read().unwrap_or_else(|e| e.into_inner()),
    );
    let labels: Vec<&str> = scenario
        .apps
        .iter()
        .filter(|a| a.name == "office365")
        .map(|a| a.label.as_str())
        .collect();
    let mut values = BTreeMap::new();
    for user in &scenario.users {
        let login = user.profile["login"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        for assignment in user
            .apps
            .iter()
            .filter(|a| labels.contains(&a.app.as_str()))
        {
            let value = assignment
                .profile
                .get("immutableId")
                .and_then(Value::as_str);
            values.insert(login.clone(), value.map(str::to_owned));
        }
    }
    values
}
