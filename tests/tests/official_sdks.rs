//! The official Okta SDKs, unchanged, against okta-mock: the outside referees of the wire shapes.
//!
//! Each test starts its own empty mock org on `127.0.0.1:0` and runs one script under
//! `tests/compat/` (Python `okta`, Node `@okta/okta-sdk-nodejs`) that pages through users, gets,
//! creates, updates (partial and full), deactivates and deletes users, manages groups and their
//! members, creates a bookmark app, assigns, updates and unassigns a user on it, deactivates and
//! deletes it, and decodes a 404. The SDKs are installed by `.ci/install-compat-deps.sh`; when
//! they are missing these tests fail with that hint rather than pass without running anything.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use okta_mock::{JournalEntry, MockServer};

/// A script that has not finished by then is stuck (a hung connection, a retry loop).
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(120);
/// Every check each script makes; a run reporting fewer did not do its whole job.
const CHECKS_PER_SCRIPT: usize = 16;
/// Users the scripts create and then list two per page.
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

fn compat_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("compat")
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
}

/// The Python of the SDK's virtualenv, once it is known to import `okta`.
fn python_with_okta_sdk() -> PathBuf {
    let python = compat_dir().join("python/.venv/bin/python");
    assert!(
        python.exists(),
        "the Python okta SDK is not installed ({} is missing); {INSTALL_HINT}",
        python.display()
    );
    let imports = Command::new(&python)
        .args(["-c", "import okta"])
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}; {INSTALL_HINT}", python.display()));
    assert!(
        imports.status.success(),
        "the Python okta SDK does not import: {}; {INSTALL_HINT}",
        String::from_utf8_lossy(&imports.stderr)
    );
    python
}

/// Fails unless `node` runs and the Node SDK is in `tests/compat/node/node_modules`.
fn require_node_sdk() {
    let package = compat_dir().join("node/node_modules/@okta/okta-sdk-nodejs/package.json");
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

/// Runs `program args…` in `dir` with the mock's org URL and token, for at most
/// [`SCRIPT_TIMEOUT`]. Blocking: call it from `spawn_blocking`.
fn run_script(
    program: &Path,
    args: &[PathBuf],
    dir: &Path,
    org_url: &str,
    token: &str,
) -> ScriptRun {
    let started = Instant::now();
    let mut command = Command::new(program);
    command
        .args(args)
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

/// Starts an empty mock, runs the script against it, and checks both the script's verdict and
/// what the mock saw.
async fn run_against_fresh_mock(sdk: &str, program: PathBuf, script: PathBuf) {
    let server = MockServer::start().await;
    let (org_url, token) = (server.base_url(), server.token().to_owned());
    let dir = script
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(compat_dir);
    let run = tokio::task::spawn_blocking(move || {
        run_script(&program, &[script], &dir, &org_url, &token)
    })
    .await
    .expect("the script runner thread panicked");

    let expected_summary = format!("{CHECKS_PER_SCRIPT} passed, 0 failed");
    let succeeded = run.status.is_some_and(|s| s.success());
    let summary_seen = run
        .stdout
        .lines()
        .any(|line| line.trim() == expected_summary);
    assert!(
        succeeded && summary_seen,
        "the official {sdk} SDK failed against okta-mock (expected `{expected_summary}`)\n{}",
        run.report()
    );
    assert_mock_saw_paging(sdk, &server.journal(), &run);
    server.shutdown().await;
}

/// The mock's own record must agree: several user pages were fetched through cursors, and no
/// request made the mock fail with a 5xx.
fn assert_mock_saw_paging(sdk: &str, journal: &[JournalEntry], run: &ScriptRun) {
    let followed_pages = journal
        .iter()
        .filter(|e| e.method == "GET" && e.path == "/api/v1/users")
        .filter(|e| e.query.as_deref().is_some_and(|q| q.contains("after=")))
        .count();
    assert!(
        followed_pages >= USERS_PAGED / 2,
        "the {sdk} SDK followed only {followed_pages} next links for {USERS_PAGED} users two a page\n{}",
        run.report()
    );
    let server_errors: Vec<String> = journal
        .iter()
        .filter(|e| e.status >= 500)
        .map(|e| format!("{} {} -> {}", e.method, e.path, e.status))
        .collect();
    assert!(
        server_errors.is_empty(),
        "okta-mock answered {sdk} with 5xx: {server_errors:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_python_sdk_runs_users_groups_and_a_bookmark_app_against_the_mock() {
    let python = python_with_okta_sdk();
    let script = compat_dir().join("python/compat_okta.py");
    run_against_fresh_mock("Python", python, script).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_node_sdk_runs_users_groups_and_a_bookmark_app_against_the_mock() {
    require_node_sdk();
    let script = compat_dir().join("node/compat.js");
    run_against_fresh_mock("Node", PathBuf::from("node"), script).await;
}
