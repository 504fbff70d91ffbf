//! The API token never shows: not in logs at `trace`, not in stdout or stderr of the CLI, not
//! in `Debug` output, not in error messages, whether the token is right, wrong, read from a
//! file or from the environment.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use okta_client::{Client, Error, Method, RawRequest};
use okta_mock::scenario::default_scenario;
use okta_mock::{MockConfig, MockServer};
use okta_scenarios::immutable_id::{FlowConfig, run_immutable_id};
use tracing_subscriber::fmt::MakeWriter;

const SECRET: &str = "00SecretTokenThatMustNeverShow-7f3a9c";
const WRONG: &str = "00WrongTokenThatMustNeverShowEither-b41e";

/// Log output gathered in memory.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }
}

fn assert_hidden(what: &str, text: &str) {
    for secret in [SECRET, WRONG] {
        assert!(!text.contains(secret), "{what} shows a token:\n{text}");
    }
}

async fn secret_mock() -> MockServer {
    let config = MockConfig::default()
        .scenario(default_scenario())
        .token(SECRET);
    MockServer::start_with(config)
        .await
        .expect("the mock starts")
}

fn client(base: &str, token: &str) -> Client {
    Client::builder()
        .org_url(base)
        .api_token(token)
        .retry_policy(okta_client::RetryPolicy::none())
        .build()
        .expect("client")
}

#[tokio::test]
async fn the_client_and_the_flow_at_trace_level_never_show_the_token() {
    let logs = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    // This runtime has one thread, so the guard covers the client, the mock and the flow.
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = secret_mock().await;
    let good = client(&server.base_url(), SECRET);
    let wrong = client(&server.base_url(), WRONG);
    let mut shown = vec![
        format!("{good:?}"),
        format!("{wrong:?}"),
        format!(
            "{:?}",
            Client::builder()
                .org_url(server.base_url())
                .api_token(SECRET)
        ),
    ];
    let users = good.users().list().collect_all().await.expect("listed");
    assert!(!users.is_empty());
    let mut errors: Vec<Error> = Vec::new();
    errors.push(
        good.users()
            .get_by_login("nobody@example.com")
            .await
            .unwrap_err(),
    );
    errors.push(wrong.users().list().collect_all().await.unwrap_err());
    errors.push(
        wrong
            .raw(RawRequest::new(Method::GET, "/api/v1/groups"))
            .await
            .unwrap_err(),
    );
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let refused = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);
    errors.push(
        client(&refused, SECRET)
            .users()
            .get_by_login("x")
            .await
            .unwrap_err(),
    );
    assert!(errors[1].status() == Some(401), "{:?}", errors[1]);
    for e in &errors {
        shown.push(e.to_string());
        shown.push(format!("{e:?}"));
    }
    let config = FlowConfig {
        apply: true,
        ..FlowConfig::default()
    };
    let report = run_immutable_id(&good, &config, &())
        .await
        .expect("the run");
    shown.push(format!("{report:?}"));
    shown.push(serde_json::to_string(&report).expect("json"));
    let wrong_run = run_immutable_id(&wrong, &config, &()).await.unwrap_err();
    shown.push(wrong_run.to_string());
    shown.push(format!("{wrong_run:?}"));
    for text in &shown {
        assert_hidden("a Debug or error text", text);
    }
    let logs = logs.text();
    assert!(
        logs.contains("TRACE") || logs.contains("DEBUG"),
        "nothing was logged"
    );
    assert_hidden("the trace log", &logs);
}

/// A scratch directory: the token file, and HOME and the working directory of the CLI, so that
/// no `okta.yaml` of the machine is read.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "okta-flows-secrets-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Runs the real `okta-flows` binary at `RUST_LOG=trace` with `env` and `args`.
async fn okta_flows(dir: &PathBuf, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_okta-flows"));
    command
        .arg("immutable-id")
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("HOME", dir)
        .env("RUST_LOG", "trace")
        .envs(env.iter().copied());
    tokio::task::spawn_blocking(move || command.output().expect("okta-flows runs"))
        .await
        .expect("joined")
}

/// A CLI run: its label, environment, arguments and expected exit status.
type Run<'a> = (&'a str, Vec<(&'a str, &'a str)>, Vec<&'a str>, i32);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_at_trace_level_never_prints_the_token_from_a_file_or_the_environment() {
    let server = secret_mock().await;
    let dir = scratch();
    let token_file = dir.join("token");
    let mut file = std::fs::File::create(&token_file).expect("token file");
    writeln!(file, "{SECRET}").expect("written");
    let wrong_file = dir.join("wrong");
    std::fs::write(&wrong_file, WRONG).expect("written");
    let url = server.base_url();
    let (token_path, wrong_path) = (
        token_file.to_str().expect("utf-8 path"),
        wrong_file.to_str().expect("utf-8 path"),
    );
    let runs: Vec<Run<'_>> = vec![
        (
            "token file, --apply",
            vec![],
            vec![
                "--all",
                "--apply",
                "--org-url",
                &url,
                "--token-file",
                token_path,
            ],
            1,
        ),
        (
            "environment",
            vec![("OKTA_CLIENT_ORGURL", &url), ("OKTA_CLIENT_TOKEN", SECRET)],
            vec!["--user", "bob.baker@example.com", "--json"],
            0,
        ),
        (
            "wrong token from a file",
            vec![],
            vec!["--all", "--org-url", &url, "--token-file", wrong_path],
            2,
        ),
        (
            "wrong token from the environment",
            vec![("OKTA_CLIENT_ORGURL", &url), ("OKTA_CLIENT_TOKEN", WRONG)],
            vec!["--all"],
            2,
        ),
    ];
    for (label, env, args, expected) in runs {
        let output = okta_flows(&dir, &env, &args).await;
        let (out, err) = (
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
        assert_eq!(
            output.status.code(),
            Some(expected),
            "{label}:\n{out}\n{err}"
        );
        assert!(
            err.contains("TRACE") || err.contains("DEBUG"),
            "{label}: no trace log"
        );
        assert_hidden(&format!("{label}: stdout"), &out);
        assert_hidden(&format!("{label}: stderr"), &err);
    }
    std::fs::remove_dir_all(&dir).expect("cleaned up");
}
