//! The official Okta SDKs, unchanged, against okta-mock: the outside referees of the wire shapes.
//!
//! Each test starts its own mock on `127.0.0.1:0` and runs one script under `tests/compat/`
//! (Python `okta`, Node `@okta/okta-sdk-nodejs`). The lifecycle scripts page through users, get,
//! create, update (partial and full), deactivate and delete users, manage groups and members,
//! create a bookmark app, assign, update and unassign a user on it, deactivate and delete it,
//! decode a 404, assign an app to a group (its member gets a GROUP-scoped app user) and unassign
//! it, and reset a user's password (one-time link) and factors. The System Log script reads the
//! events of the changes it made (`compat_logs.py`). The retry scripts meet a rate-limited org and must recover through the SDK's own
//! 429 handling. The tests first run `.ci/install-compat-deps.sh` (idempotent) to install the
//! pinned SDKs; if that fails or they are still missing, the tests fail with that hint rather than
//! pass without running anything.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

#[path = "official_sdks_oauth/private_key.rs"]
mod private_key;

use okta_mock::sim::{Bucket, ManualClock, RateLimitConfig};
use okta_mock::{JournalEntry, MockConfig, MockServer};
use time::macros::datetime;

/// A script that has not finished by then is stuck (a hung connection, a retry loop).
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(120);
/// Every check a lifecycle script makes; a run reporting fewer did not do its whole job.
const LIFECYCLE_CHECKS: usize = 20;
/// Every check a retry script makes.
const RETRY_CHECKS: usize = 2;
/// Every check the System Log script makes.
const LOGS_CHECKS: usize = 4;
/// Every check the factors script makes.
const FACTORS_CHECKS: usize = 5;
/// Users the lifecycle scripts create and then list two per page.
const USERS_PAGED: usize = 7;
const INSTALL_HINT: &str = "install the official SDKs first: `bash .ci/install-compat-deps.sh`";

/// Environment variables the SDKs read that could send them elsewhere than the mock.
const ENV_TO_CLEAR: &[&str] = &[
    "OKTA_CLIENT_ORGURL",
    "OKTA_CLIENT_TOKEN",
    "OKTA_CLIENT_AUTHORIZATIONMODE",
    "OKTA_CLIENT_PROXY_HOST",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "http_proxy",
    "https_proxy",
];

/// Runs `.ci/install-compat-deps.sh` once per test process, so that `cargo test --workspace` on a
/// fresh clone installs the pinned SDKs itself (from PyPI and npm). The script is idempotent and
/// returns at once when the pinned versions are already installed.
fn ensure_sdks_installed() {
    static INSTALLED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let outcome = INSTALLED.get_or_init(|| {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.ci/install-compat-deps.sh");
        let output = Command::new("bash")
            .arg(&script)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{} failed ({}):\n{}\n{}",
                script.display(),
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    });
    if let Err(message) = outcome {
        panic!("the official SDKs could not be installed: {message}");
    }
}

fn compat_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("compat")
}

/// One installed SDK: how to run a script of it.
struct Sdk {
    name: &'static str,
    program: PathBuf,
    dir: PathBuf,
}

impl Sdk {
    /// The Python SDK, once its virtualenv is known to import `okta`.
    fn python() -> Self {
        ensure_sdks_installed();
        let dir = compat_dir().join("python");
        let program = dir.join(".venv/bin/python");
        assert!(
            program.exists(),
            "the Python okta SDK is not installed ({} is missing); {INSTALL_HINT}",
            program.display()
        );
        let imports = Command::new(&program)
            .args(["-c", "import okta"])
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}; {INSTALL_HINT}", program.display()));
        assert!(
            imports.status.success(),
            "the Python okta SDK does not import: {}; {INSTALL_HINT}",
            String::from_utf8_lossy(&imports.stderr)
        );
        Self {
            name: "Python",
            program,
            dir,
        }
    }

    /// The Node SDK, once `node` runs and the SDK is in `node_modules`.
    fn node() -> Self {
        ensure_sdks_installed();
        let dir = compat_dir().join("node");
        let package = dir.join("node_modules/@okta/okta-sdk-nodejs/package.json");
        assert!(
            package.exists(),
            "the Node okta SDK is not installed ({} is missing); {INSTALL_HINT}",
            package.display()
        );
        let version = Command::new("node")
            .arg("--version")
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run `node`: {e}; Node 20 must be on PATH"));
        assert!(version.status.success(), "`node --version` failed");
        Self {
            name: "Node",
            program: PathBuf::from("node"),
            dir,
        }
    }
}

/// What a finished (or stopped) script left behind.
struct ScriptRun {
    /// `None` when the script was killed at [`SCRIPT_TIMEOUT`].
    status: Option<ExitStatus>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl ScriptRun {
    fn report(&self) -> String {
        let status = match self.status {
            Some(status) => status.to_string(),
            None => format!("killed after {SCRIPT_TIMEOUT:?}"),
        };
        format!(
            "status: {status} after {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.elapsed, self.stdout, self.stderr
        )
    }

    /// Fails unless the script exited 0 and reported exactly `checks` passed checks.
    fn assert_passed(&self, sdk: &Sdk, checks: usize) {
        let expected = format!("{checks} passed, 0 failed");
        let succeeded = self.status.is_some_and(|s| s.success());
        let summary_seen = self.stdout.lines().any(|line| line.trim() == expected);
        assert!(
            succeeded && summary_seen,
            "the official {} SDK failed against okta-mock (expected `{expected}`)\n{}",
            sdk.name,
            self.report()
        );
    }
}

fn read_all(mut pipe: impl Read + Send + 'static) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        // A read error only shortens what is shown on failure; the exit status still decides.
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Waits for `child` until `deadline`, killing it then; `None` means it was killed.
fn wait_until(child: &mut Child, deadline: Instant) -> Option<ExitStatus> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("cannot wait for the script: {e}"),
        }
    }
}

/// Runs `program script` in `dir` with the org URL and token, for at most [`SCRIPT_TIMEOUT`].
/// Blocking: call it from `spawn_blocking`.
fn run_script(program: &Path, script: &Path, dir: &Path, org_url: &str, token: &str) -> ScriptRun {
    run_script_with(program, script, dir, org_url, token, &[])
}

/// [`run_script`] with more environment variables (the PrivateKey runs' client id and key).
fn run_script_with(
    program: &Path,
    script: &Path,
    dir: &Path,
    org_url: &str,
    token: &str,
    extra_env: &[(&str, String)],
) -> ScriptRun {
    let started = Instant::now();
    let mut command = Command::new(program);
    command.envs(extra_env.iter().map(|(k, v)| (*k, v.as_str())));
    command
        .arg(script)
        .current_dir(dir)
        .env("ORG_URL", org_url)
        .env("TOKEN", token)
        .env("OKTA_TESTING_TESTINGDISABLEHTTPSCHECK", "true")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for name in ENV_TO_CLEAR {
        command.env_remove(name);
    }
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}; {INSTALL_HINT}", program.display()));
    let stdout = child.stdout.take().map(read_all);
    let stderr = child.stderr.take().map(read_all);
    let status = wait_until(&mut child, started + SCRIPT_TIMEOUT);
    let collect =
        |reader: Option<JoinHandle<String>>| reader.and_then(|r| r.join().ok()).unwrap_or_default();
    ScriptRun {
        status,
        stdout: collect(stdout),
        stderr: collect(stderr),
        elapsed: started.elapsed(),
    }
}

/// Runs `script` of `sdk` against `server`, calling `watch` with the mock's journal about every
/// 20 ms while the script runs (to play the part of time passing, for example).
async fn run_against(
    server: &MockServer,
    sdk: &Sdk,
    script: &str,
    mut watch: impl FnMut(&[JournalEntry]),
) -> ScriptRun {
    let (program, dir) = (sdk.program.clone(), sdk.dir.clone());
    let script = sdk.dir.join(script);
    let (org_url, token) = (server.base_url(), server.token().to_owned());
    let runner =
        tokio::task::spawn_blocking(move || run_script(&program, &script, &dir, &org_url, &token));
    while !runner.is_finished() {
        watch(&server.journal());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    runner.await.expect("the script runner thread panicked")
}

/// The lifecycle script against an empty org; the mock's own record must agree that several
/// user pages were fetched through cursors, and no request made the mock fail with a 5xx.
async fn lifecycle_runs_against_an_empty_org(sdk: Sdk, script: &str) {
    let server = MockServer::start().await;
    let run = run_against(&server, &sdk, script, |_| {}).await;
    run.assert_passed(&sdk, LIFECYCLE_CHECKS);

    let journal = server.journal();
    let followed_pages = journal
        .iter()
        .filter(|e| e.method == "GET" && e.path == "/api/v1/users")
        .filter(|e| e.query.as_deref().is_some_and(|q| q.contains("after=")))
        .count();
    assert!(
        followed_pages >= USERS_PAGED / 2,
        "the {} SDK followed only {followed_pages} next links for {USERS_PAGED} users two a page\n{}",
        sdk.name,
        run.report()
    );
    let server_errors: Vec<String> = journal
        .iter()
        .filter(|e| e.status >= 500)
        .map(|e| format!("{} {} -> {}", e.method, e.path, e.status))
        .collect();
    assert!(
        server_errors.is_empty(),
        "okta-mock answered {} with 5xx: {server_errors:?}",
        sdk.name
    );
    server.shutdown().await;
}

/// The retry script against an org allowing one "get user" a minute, on a clock stopped one
/// second before the minute ends. When the mock answers 429 the test moves the clock into the
/// next minute, so the SDK's own retry (after `Reset - Date + 1` s, about 2 s) must succeed and
/// say which request it retries.
async fn a_rate_limited_get_is_retried_by_the_sdk(sdk: Sdk, script: &str) {
    let clock = Arc::new(ManualClock::new(datetime!(2024-01-09 15:36:59 UTC)));
    let mut limits = RateLimitConfig::enterprise();
    limits.buckets.insert(Bucket::UserGet, 1);
    let config = MockConfig::default()
        .clock(clock.clone())
        .rate_limits(limits);
    let server = MockServer::start_with(config)
        .await
        .expect("the mock starts");

    let mut minute_passed = false;
    let run = run_against(&server, &sdk, script, |journal| {
        if !minute_passed && journal.iter().any(|e| e.status == 429) {
            clock.advance(Duration::from_secs(1));
            minute_passed = true;
        }
    })
    .await;
    run.assert_passed(&sdk, RETRY_CHECKS);

    let journal = server.journal();
    let refused: Vec<&JournalEntry> = journal.iter().filter(|e| e.status == 429).collect();
    assert_eq!(
        refused.len(),
        1,
        "exactly one request is refused: {journal:#?}"
    );
    let retried = journal
        .iter()
        .find(|e| e.retry_for.as_deref() == Some(&refused[0].request_id));
    let retried = retried.unwrap_or_else(|| {
        panic!("no request carries X-Okta-Retry-For of the refused one: {journal:#?}")
    });
    assert_eq!(
        retried.retry_count.as_deref(),
        Some("1"),
        "X-Okta-Retry-Count of the retry"
    );
    assert_eq!(
        (retried.status, retried.path.as_str()),
        (200, refused[0].path.as_str())
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_python_sdk_runs_users_groups_and_a_bookmark_app_against_the_mock() {
    lifecycle_runs_against_an_empty_org(Sdk::python(), "compat_okta.py").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_node_sdk_runs_users_groups_and_a_bookmark_app_against_the_mock() {
    lifecycle_runs_against_an_empty_org(Sdk::node(), "compat.js").await;
}

/// The Python SDK reads the System Log: the events of the changes it made, filtered, and a
/// bounded request paged through the SDK's own `next` handling; the mock answered every
/// request of the run (no 5xx, no 501).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_python_sdk_reads_the_system_log_of_the_mock() {
    let sdk = Sdk::python();
    let server = MockServer::start().await;
    let run = run_against(&server, &sdk, "compat_logs.py", |_| {}).await;
    run.assert_passed(&sdk, LOGS_CHECKS);
    let journal = server.journal();
    let log_reads = journal
        .iter()
        .filter(|e| e.method == "GET" && e.path == "/api/v1/logs" && e.status == 200)
        .count();
    assert!(log_reads >= 4, "{journal:#?}");
    assert!(journal.iter().all(|e| e.status < 500), "{journal:#?}");
    server.shutdown().await;
}

/// The Python SDK reads a user's MFA factors (one enrolled in the scenario), enrolls a security
/// question, lists, reads and unenrolls it (`compat_factors.py`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_python_sdk_lists_enrolls_and_unenrolls_factors_on_the_mock() {
    let sdk = Sdk::python();
    let scenario = okta_mock::scenario::Scenario::from_json_str(
        r#"{"users": [{"profile": {"login": "py-factors@example.com",
            "email": "py-factors@example.com", "firstName": "Py", "lastName": "Factors"},
            "factors": [{"factorType": "token:software:totp", "provider": "GOOGLE",
                         "created": "2023-05-01T08:00:00.000Z"}]}]}"#,
    )
    .expect("the scenario parses");
    let server = MockServer::start_with(MockConfig::default().scenario(scenario))
        .await
        .expect("the mock starts");
    let run = run_against(&server, &sdk, "compat_factors.py", |_| {}).await;
    run.assert_passed(&sdk, FACTORS_CHECKS);
    let journal = server.journal();
    assert!(journal.iter().all(|e| e.status < 500), "{journal:#?}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_python_sdk_waits_out_a_429_from_the_mock_and_retries() {
    a_rate_limited_get_is_retried_by_the_sdk(Sdk::python(), "compat_retry.py").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_node_sdk_waits_out_a_429_from_the_mock_and_retries() {
    a_rate_limited_get_is_retried_by_the_sdk(Sdk::node(), "retry.js").await;
}
