//! The mock as a test double: scenario files read by path, and the client preset with
//! test-friendly retry timing.

use okta_mock::scenario::{Scenario, default_scenario};
use okta_mock::sim::FaultConfig;
use okta_mock::{MockConfig, MockServer};

/// A file under the temp directory, unique to this process and test, removed on drop.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> Self {
        let path = std::env::temp_dir().join(format!("okta-mock-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).expect("the temp directory is writable");
        Self(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn a_scenario_file_read_by_path_is_the_same_org_as_its_text() {
    let file = TempFile::new("default.json", okta_mock::scenario::DEFAULT_SCENARIO_JSON);
    let from_path = Scenario::from_path(&file.0).expect("the default scenario file parses");
    assert_eq!(from_path, default_scenario());
}

#[test]
fn a_bad_scenario_file_is_an_error_naming_the_file_and_the_place_in_it() {
    let file = TempFile::new("colour.json", r#"{"users": [{"colour": "red"}]}"#);
    let err = Scenario::from_path(&file.0).expect_err("an unknown key is an error");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("{}: users[0]", file.0.display())),
        "{text}"
    );
    assert!(text.contains("colour"), "{text}");
}

#[test]
fn a_missing_scenario_file_is_an_error_naming_the_file() {
    let path = std::env::temp_dir().join(format!("okta-mock-{}-absent.json", std::process::id()));
    let err = Scenario::from_path(&path).expect_err("a missing file is an error");
    assert_eq!(err.path, path.display().to_string());
    assert!(err.message.starts_with("cannot read"), "{}", err.message);
}

#[tokio::test]
async fn the_client_preset_gets_through_injected_503s_by_retrying() {
    let faults = FaultConfig::parse("503=0.5").expect("a valid fault spec");
    let config = MockConfig::default()
        .addr(([127, 0, 0, 1], 0).into())
        .scenario(default_scenario())
        .faults(faults)
        .seed(11);
    let mock = MockServer::start_with(config)
        .await
        .expect("the mock starts");
    let client = mock
        .client_builder()
        .build()
        .expect("a client for the mock");

    for _ in 0..8 {
        let user = client
            .users()
            .get("alice.anders@example.com")
            .await
            .expect("retries get through half the requests failing");
        assert_eq!(user.profile.first_name.as_deref(), Some("Alice"));
    }
    let statuses: Vec<u16> = mock.journal().iter().map(|e| e.status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        8,
        "{statuses:?}"
    );
    assert!(statuses.contains(&503), "{statuses:?}");
    assert_eq!(
        MockServer::test_retry_policy().jitter,
        std::time::Duration::ZERO
    );
}
