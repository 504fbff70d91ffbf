//! Snapshots: one compacts the log (the log it covers is dropped, the start loads it and
//! replays only the log after it), the policy takes them by itself, and a crash at each step
//! of taking one leaves a directory that starts with every acknowledged write: a half-written
//! `snapshot.tmp`, a snapshot renamed before the log it covers was dropped, a snapshot
//! written but not renamed. A damaged snapshot falls back to an older start when the log
//! still holds what it covers, and is refused with a clear message when not.

use std::path::{Path, PathBuf};

use okta_mock::scenario::default_scenario;
use okta_mock::{MockConfig, MockServer, SnapshotPolicy};
use serde_json::{Value, json};

use super::TempDir;
use crate::common::Api;

fn config(dir: &Path, policy: SnapshotPolicy) -> MockConfig {
    MockConfig::default()
        .scenario(default_scenario())
        .data_dir(dir)
        .snapshot_policy(policy)
}

/// No snapshot but the ones a test asks for.
fn manual() -> SnapshotPolicy {
    SnapshotPolicy {
        records: 0,
        bytes: 0,
        at_shutdown: false,
    }
}

async fn json(api: &Api, path: &str) -> Value {
    let res = api.get(path).await;
    assert_eq!(res.status(), 200, "GET {path}");
    let text = res.text().await.expect("a body");
    serde_json::from_str(&text.replace(&api.base, "http://mock")).expect("JSON")
}

/// The org as the API shows it, and its System Log.
async fn org(api: &Api) -> Value {
    json!({
        "users": json(api, "/api/v1/users?limit=200").await,
        "groups": json(api, "/api/v1/groups").await,
        "export": json(api, "/__mock/scenario").await,
        "logs": json(api, "/api/v1/logs?since=2000-01-01T00:00:00.000Z&limit=1000").await,
    })
}

async fn writes(api: &Api, prefix: &str, n: usize) {
    for i in 0..n {
        api.create_user(&format!("{prefix}{i}@example.com")).await;
    }
    api.create_group(&format!("{prefix} group")).await;
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "lock" && n != "meta.json")
        .collect();
    names.sort();
    names
}

fn only(dir: &Path, prefix: &str) -> PathBuf {
    let found: Vec<_> = files(dir)
        .into_iter()
        .filter(|n| n.starts_with(prefix))
        .collect();
    assert_eq!(found.len(), 1, "{prefix}: {found:?}");
    dir.join(&found[0])
}

/// A directory with writes before a snapshot (their log kept aside, as a crash before its
/// removal would leave it) and writes after it; answers the org, the old log's copy and
/// where it was.
async fn snapshotted(dir: &Path) -> (Value, Vec<u8>, PathBuf) {
    snapshotted_then(dir, 2).await
}

async fn snapshotted_then(dir: &Path, after: usize) -> (Value, Vec<u8>, PathBuf) {
    let mock = MockServer::start_with(config(dir, manual())).await.unwrap();
    let api = Api::new(&mock);
    writes(&api, "before", 3).await;
    let old_log = only(dir, "log-");
    let old_bytes = std::fs::read(&old_log).unwrap();
    let res = api.post("/__mock/storage/snapshot", json!({})).await;
    assert_eq!(res.status(), 200);
    let storage: Value = res.json().await.unwrap();
    assert_eq!(storage["logRecords"], json!(0), "{storage}");
    assert!(
        storage["lastSnapshot"]["recordsCompacted"]
            .as_u64()
            .unwrap()
            >= 4,
        "{storage}"
    );
    assert!(!old_log.exists(), "the log the snapshot covers is dropped");
    if after > 0 {
        writes(&api, "after", after).await;
    }
    let org = org(&api).await;
    drop(api);
    mock.shutdown().await;
    (org, old_bytes, old_log)
}

async fn restarted(dir: &Path) -> Value {
    let mock = MockServer::start_with(config(dir, manual())).await.unwrap();
    let api = Api::new(&mock);
    let org = org(&api).await;
    drop(api);
    mock.shutdown().await;
    org
}

#[tokio::test]
async fn a_snapshot_compacts_the_log_and_a_restart_loads_it_then_the_log_after_it() {
    let dir = TempDir::new("snap-compact");
    let (before, _, _) = snapshotted(&dir.0).await;
    let names = files(&dir.0);
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[0].starts_with("log-") && names[1].starts_with("snapshot-"));
    let mock = MockServer::start_with(config(&dir.0, manual()))
        .await
        .unwrap();
    let api = Api::new(&mock);
    assert_eq!(org(&api).await, before);
    let storage = json(&api, "/__mock/storage").await;
    // Two users, a group, and the System Log events of each.
    assert_eq!(storage["replayedRecords"], json!(6), "{storage}");
    assert!(storage["lastSnapshot"]["taken"].is_string(), "{storage}");
    mock.shutdown().await;
}

#[tokio::test]
async fn the_policy_takes_snapshots_by_itself_and_the_org_survives_them() {
    let dir = TempDir::new("snap-policy");
    let policy = SnapshotPolicy {
        records: 8,
        bytes: 0,
        at_shutdown: false,
    };
    let mock = MockServer::start_with(config(&dir.0, policy))
        .await
        .unwrap();
    let api = Api::new(&mock);
    let mut storage = Value::Null;
    // Bounded: each round adds records; the snapshot thread needs a moment to catch up.
    for round in 0..50 {
        writes(&api, &format!("r{round}-"), 2).await;
        storage = json(&api, "/__mock/storage").await;
        if storage["lastSnapshot"]["records"].as_u64().unwrap_or(0) > 8 {
            break;
        }
    }
    assert!(storage["lastSnapshot"].is_object(), "{storage}");
    let before = org(&api).await;
    drop(api);
    mock.shutdown().await;
    assert_eq!(restarted(&dir.0).await, before);
}

#[tokio::test]
async fn a_half_written_snapshot_is_removed_and_the_log_replayed() {
    let dir = TempDir::new("snap-tmp");
    let mock = MockServer::start_with(config(&dir.0, manual()))
        .await
        .unwrap();
    let api = Api::new(&mock);
    writes(&api, "kept", 3).await;
    let before = org(&api).await;
    drop(api);
    mock.shutdown().await;
    std::fs::write(dir.0.join("snapshot.tmp"), b"OKMSNAP1\x10\x00").unwrap();
    assert_eq!(restarted(&dir.0).await, before);
    assert!(!dir.0.join("snapshot.tmp").exists());
}

#[tokio::test]
async fn a_crash_after_the_rename_and_before_the_old_log_is_dropped_loses_nothing() {
    let dir = TempDir::new("snap-renamed");
    let (before, old_bytes, old_log) = snapshotted(&dir.0).await;
    std::fs::write(&old_log, old_bytes).unwrap();
    assert_eq!(restarted(&dir.0).await, before);
    assert!(!old_log.exists(), "the covered log is dropped at start");
}

#[tokio::test]
async fn a_crash_after_the_rename_and_before_the_writer_started_the_new_segment_loses_nothing() {
    let dir = TempDir::new("snap-unrotated");
    let (before, old_bytes, old_log) = snapshotted_then(&dir.0, 0).await;
    let new_log = only(&dir.0, "log-");
    assert_eq!(std::fs::metadata(&new_log).unwrap().len(), 0);
    std::fs::remove_file(&new_log).unwrap();
    std::fs::write(&old_log, old_bytes).unwrap();
    assert_eq!(restarted(&dir.0).await, before);
    assert!(!old_log.exists(), "the covered log is dropped at start");
}

#[tokio::test]
async fn a_crash_before_the_rename_replays_the_old_log_and_the_new_segment() {
    let dir = TempDir::new("snap-unrenamed");
    let (before, old_bytes, old_log) = snapshotted(&dir.0).await;
    let snapshot = only(&dir.0, "snapshot-");
    std::fs::rename(&snapshot, dir.0.join("snapshot.tmp")).unwrap();
    std::fs::write(&old_log, old_bytes).unwrap();
    assert_eq!(restarted(&dir.0).await, before);
}

fn damage(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x5a;
    std::fs::write(path, bytes).unwrap();
}

#[tokio::test]
async fn a_damaged_snapshot_falls_back_to_the_log_when_it_still_holds_everything() {
    let dir = TempDir::new("snap-fallback");
    let (before, old_bytes, old_log) = snapshotted(&dir.0).await;
    let snapshot = only(&dir.0, "snapshot-");
    damage(&snapshot);
    std::fs::write(&old_log, old_bytes).unwrap();
    assert_eq!(restarted(&dir.0).await, before);
    assert!(!snapshot.exists());
    assert!(snapshot.with_extension("damaged").exists(), "kept aside");
}

#[tokio::test]
async fn a_damaged_snapshot_whose_log_was_compacted_away_is_refused_with_a_clear_message() {
    let dir = TempDir::new("snap-damaged");
    snapshotted(&dir.0).await;
    let snapshot = only(&dir.0, "snapshot-");
    damage(&snapshot);
    let err = MockServer::start_with(config(&dir.0, manual()))
        .await
        .expect_err("a damaged org is not started as if it were whole");
    let message = err.to_string();
    let name = snapshot.file_name().unwrap().to_string_lossy().into_owned();
    assert!(message.contains(&name), "{message}");
    assert!(message.contains("checksum"), "{message}");
    assert!(message.contains("--reset"), "{message}");
}
