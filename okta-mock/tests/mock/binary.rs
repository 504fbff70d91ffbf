//! The `okta-mock` binary: prints its listening line, serves, and refuses bad arguments.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use okta_mock::DEFAULT_TOKEN;

/// Kills the child however the test ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_prints_its_listening_line_and_serves_the_default_scenario() {
    let mut child = Killed(
        Command::new(env!("CARGO_BIN_EXE_okta-mock"))
            .args(["--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts"),
    );
    let stdout = child.0.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the listening line within 30 s");
    let url = line
        .trim_end()
        .strip_prefix("okta-mock listening on ")
        .expect("the exact line format")
        .to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"),
        "{url}"
    );

    let client = reqwest::Client::new();
    let res = tokio::time::timeout(
        Duration::from_secs(10),
        client
            .get(format!("{url}/__mock/health"))
            .header("Authorization", format!("SSWS {DEFAULT_TOKEN}"))
            .send(),
    )
    .await
    .expect("an answer within 10 s")
    .expect("the request succeeds");
    assert_eq!(res.status(), 200);
    let health: serde_json::Value = res.json().await.unwrap();
    assert!(
        health["users"].as_u64().unwrap() > 0,
        "the default scenario has users: {health}"
    );

    // SIGTERM stops it cleanly (exit status 0) within a bounded time.
    #[cfg(unix)]
    {
        let pid = child.0.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = child.0.try_wait().expect("waitable") {
                break status;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "still running 10 s after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "clean exit on SIGTERM: {status:?}");
    }
}

#[test]
fn a_bad_fault_spec_is_refused_with_a_message_naming_it() {
    let child = Command::new(env!("CARGO_BIN_EXE_okta-mock"))
        .args(["--addr", "127.0.0.1:0", "--faults", "429=0.1,teapot=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let output = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("exits within 30 s")
        .expect("output");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("teapot=1"), "{stderr}");
    assert!(
        output.stdout.is_empty(),
        "nothing on stdout when not listening"
    );
}
