//! Suite 8: `okta-mock --data-dir`. Write throughput with a data directory against the same
//! mock in memory (16 concurrent clients creating users, through group commit); then an org
//! of N users (1,000,000 in full) in a data directory: the first start from a scenario, a
//! snapshot (and how long writers wait while it is taken), disk use, and a restart from the
//! snapshot plus the log after it, beside a restart that replays the log alone.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use okta_mock::scenario::{Scenario, ScenarioUser};
use okta_mock::{MockConfig, MockServer, SnapshotPolicy};
use serde_json::{Value, json};

use crate::report::{SuiteReport, Table, Verdict, ratio, thousands};
use crate::synth;

/// Alternating rounds of the throughput comparison.
const ROUNDS: usize = 2;

/// The suite's title.
pub const TITLE: &str = "8. Persistence (`okta-mock --data-dir`)";

/// The sizes of the suite.
#[derive(Debug, Clone, Copy)]
pub struct PersistenceConfig {
    /// Concurrent writing clients.
    pub clients: usize,
    /// How long each throughput run writes.
    pub seconds: u64,
    /// Users of the large org.
    pub users: usize,
    /// Writes made after the snapshot, replayed at restart.
    pub writes_after: usize,
}

impl PersistenceConfig {
    /// 16 clients for 10 s; 1,000,000 users and 2,000 writes after the snapshot.
    pub fn full() -> Self {
        Self {
            clients: 16,
            seconds: 10,
            users: 1_000_000,
            writes_after: 2_000,
        }
    }

    /// 16 clients for 2 s; 20,000 users and 200 writes.
    pub fn tiny() -> Self {
        Self {
            clients: std::env::var("PCLIENTS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(16),
            seconds: 2,
            users: 20_000,
            writes_after: 200,
        }
    }
}

/// A fresh directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Result<Self, String> {
        let dir = std::env::temp_dir().join(format!("okta-bench-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        Ok(Self(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

struct Client {
    http: reqwest::Client,
    base: String,
    auth: String,
}

impl Client {
    fn new(server: &MockServer) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: server.base_url(),
            auth: format!("SSWS {}", server.token()),
        }
    }

    async fn create(&self, login: &str) -> Result<(), String> {
        let body = json!({"profile": {"login": login, "email": login, "firstName": "Bench",
                                      "lastName": "Writer"}});
        let res = self
            .http
            .post(format!("{}/api/v1/users?activate=false", self.base))
            .header("Authorization", &self.auth)
            .json(&body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if res.status().is_success() {
            Ok(())
        } else {
            Err(format!("a write answered {}", res.status()))
        }
    }

    async fn storage(&self, method: reqwest::Method, path: &str) -> Result<Value, String> {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header("Authorization", &self.auth)
            .send()
            .await
            .map_err(|e| e.to_string())?
            .json()
            .await
            .map_err(|e| e.to_string())
    }
}

/// Users created per second by `clients` concurrent clients during `seconds`.
async fn write_rate(
    server: &MockServer,
    tag: &str,
    clients: usize,
    seconds: u64,
) -> Result<f64, String> {
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let client = Arc::new(Client::new(server));
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let (done, stop, client) = (Arc::clone(&done), Arc::clone(&stop), Arc::clone(&client));
            let tag = tag.to_owned();
            tokio::spawn(async move {
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    client.create(&format!("{tag}-{c}-{i}@example.com")).await?;
                    done.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
                Ok::<(), String>(())
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.map_err(|e| e.to_string())??;
    }
    Ok(done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64())
}

fn org(users: usize) -> Scenario {
    let mut scenario = Scenario {
        description: Some(format!("okta-bench: {users} users")),
        ..Scenario::default()
    };
    scenario.users = (0..users)
        .map(|i| {
            let login = synth::login(i);
            ScenarioUser {
                profile: json!({"login": login, "email": login,
                                "firstName": format!("First{i}"), "lastName": synth::last_name(i)})
                .as_object()
                .cloned()
                .unwrap_or_default(),
                ..ScenarioUser::default()
            }
        })
        .collect();
    scenario
}

fn mock_config(dir: &Path, scenario: Option<&Scenario>) -> MockConfig {
    let mut config = MockConfig::default()
        .data_dir(dir)
        .snapshot_policy(SnapshotPolicy {
            // Snapshots only when the suite asks for them, so what is measured is known.
            records: 0,
            bytes: 0,
            at_shutdown: false,
        });
    if let Some(s) = scenario {
        config = config.scenario(s.clone());
    }
    config
}

async fn start(config: MockConfig) -> Result<(MockServer, Duration), String> {
    let started = Instant::now();
    let server = MockServer::start_with(config)
        .await
        .map_err(|e| e.to_string())?;
    Ok((server, started.elapsed()))
}

/// Runs the suite.
///
/// # Errors
/// When a mock cannot start on its directory, a write fails, or a snapshot fails.
pub async fn run(config: PersistenceConfig) -> Result<SuiteReport, String> {
    let mut suite = SuiteReport::new(TITLE);

    // 1. Write throughput, in memory and with a data directory, in this run: two alternating
    // rounds of each (the machine is shared), the best of each reported.
    let (mut in_memory, mut with_dir) = (Vec::new(), Vec::new());
    let (mut log_bytes, mut records) = (0, 0);
    for round in 0..ROUNDS {
        let memory = MockServer::start_with(MockConfig::default())
            .await
            .map_err(|e| e.to_string())?;
        in_memory.push(
            write_rate(
                &memory,
                &format!("mem{round}"),
                config.clients,
                config.seconds,
            )
            .await?,
        );
        memory.shutdown().await;
        let writes_dir = TempDir::new(&format!("writes{round}"))?;
        let (durable, _) = start(config_for_writes(&writes_dir.0)).await?;
        with_dir.push(
            write_rate(
                &durable,
                &format!("dir{round}"),
                config.clients,
                config.seconds,
            )
            .await?,
        );
        let status = Client::new(&durable)
            .storage(reqwest::Method::GET, "/__mock/storage")
            .await?;
        durable.shutdown().await;
        log_bytes = status["logBytes"].as_u64().unwrap_or(0);
        records = status["durableRecords"].as_u64().unwrap_or(0);
    }
    let rounds = |rates: &[f64]| {
        rates
            .iter()
            .map(|r| thousands(*r))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (memory_rounds, dir_rounds) = (rounds(&in_memory), rounds(&with_dir));
    let in_memory = in_memory.into_iter().fold(0.0, f64::max);
    let with_dir = with_dir.into_iter().fold(0.0, f64::max);

    // 2. A large org in a data directory.
    let big = TempDir::new("big")?;
    let scenario = org(config.users);
    let (server, first_start) = start(mock_config(&big.0, Some(&scenario))).await?;
    drop(scenario);
    let disk_first = dir_bytes(&big.0);
    let client = Client::new(&server);
    // A snapshot, with one client writing throughout: how long does it wait?
    let stall = Arc::new(AtomicU64::new(0));
    let writing = Arc::new(AtomicBool::new(true));
    let writer = {
        let (stall, writing) = (Arc::clone(&stall), Arc::clone(&writing));
        let client = Client::new(&server);
        tokio::spawn(async move {
            let mut i = 0;
            while writing.load(Ordering::Relaxed) {
                let t0 = Instant::now();
                client.create(&format!("during-{i}@example.com")).await?;
                stall.fetch_max(t0.elapsed().as_micros() as u64, Ordering::Relaxed);
                i += 1;
            }
            Ok::<usize, String>(i)
        })
    };
    let snap_started = Instant::now();
    let snapped = client
        .storage(reqwest::Method::POST, "/__mock/storage/snapshot")
        .await?;
    let snapshot_time = snap_started.elapsed();
    writing.store(false, Ordering::Relaxed);
    let during = writer.await.map_err(|e| e.to_string())??;
    let snapshot_bytes = snapped["lastSnapshot"]["bytes"].as_u64().unwrap_or(0);
    for i in 0..config.writes_after {
        client.create(&format!("after-{i}@example.com")).await?;
    }
    let disk_after = dir_bytes(&big.0);
    let log_after = client
        .storage(reqwest::Method::GET, "/__mock/storage")
        .await?;
    server.shutdown().await;
    let (server, restart) = start(mock_config(&big.0, None)).await?;
    let restarted = Client::new(&server)
        .storage(reqwest::Method::GET, "/__mock/storage")
        .await?;
    let users_back = server
        .store()
        .read()
        .map_err(|e| e.to_string())?
        .counts()
        .users;
    server.shutdown().await;

    // The same org restarted from its log alone (no snapshot): the scenario record replayed.
    let log_only = TempDir::new("log-only")?;
    let scenario = org(config.users);
    let (server, _) = start(mock_config(&log_only.0, Some(&scenario))).await?;
    drop(scenario);
    server.shutdown().await;
    let (server, replay_restart) = start(mock_config(&log_only.0, None)).await?;
    server.shutdown().await;

    suite.note(format!(
        "Writes: {} concurrent clients (reqwest, keep-alive, in this process) each creating \
         users (`POST /api/v1/users?activate=false`) one after the other for {} s, first \
         against an in-memory mock, then against a mock with a data directory (every write \
         fsync'd before its answer, concurrent writes sharing an fsync: group commit); both \
         mocks in this process, {ROUNDS} alternating rounds each, the best reported (in \
         memory: {memory_rounds}; data directory: {dir_rounds} creates/s). {records} records \
         ({}) were made durable in the last data-directory round (each write is a mutation \
         record and a System Log record).",
        config.clients,
        config.seconds,
        mb(log_bytes),
    ));
    suite.note(format!(
        "Large org: {} users loaded from a scenario into a new data directory (the first \
         start: scenario load plus its one log record, fsync'd), then a snapshot taken with \
         `POST /__mock/storage/snapshot` while one client kept writing ({during} writes during \
         it), then {} more writes, a clean stop without a snapshot, and a restart (the snapshot \
         loaded, then the log after it replayed). The last row restarts a second directory \
         holding the same org with no snapshot (its log: the scenario record).",
        thousands(config.users as f64),
        config.writes_after,
    ));
    let mut table = Table::new(&["measure", "in memory", "`--data-dir`", "ratio / note"]);
    table.row(vec![
        "user creates/s".to_owned(),
        thousands(in_memory),
        thousands(with_dir),
        format!("{} of in-memory", ratio(with_dir, in_memory)),
    ]);
    table.row(vec![
        format!(
            "first start, {} users from a scenario",
            thousands(config.users as f64)
        ),
        "—".to_owned(),
        secs(first_start),
        format!("disk: {}", mb(disk_first)),
    ]);
    table.row(vec![
        "snapshot (serialize under the read lock, write, fsync, rename)".to_owned(),
        "—".to_owned(),
        secs(snapshot_time),
        format!(
            "{}; the store's read lock held {} ms; longest write during it: {:.0} ms",
            mb(snapshot_bytes),
            snapped["lastSnapshot"]["lockHeldMs"],
            stall.load(Ordering::Relaxed) as f64 / 1000.0
        ),
    ]);
    table.row(vec![
        format!("disk use: snapshot + log of {} writes", config.writes_after),
        "—".to_owned(),
        mb(disk_after),
        format!(
            "log: {} in {} records",
            mb(log_after["logBytes"].as_u64().unwrap_or(0)),
            log_after["logRecords"]
        ),
    ]);
    table.row(vec![
        "restart: snapshot + log".to_owned(),
        "—".to_owned(),
        secs(restart),
        format!(
            "{} users back; {} records replayed",
            thousands(users_back as f64),
            restarted["replayedRecords"]
        ),
    ]);
    table.row(vec![
        "restart: log only (the scenario record replayed)".to_owned(),
        "—".to_owned(),
        secs(replay_restart),
        format!(
            "snapshot + log: {} of this",
            ratio(restart.as_secs_f64(), replay_restart.as_secs_f64())
        ),
    ]);
    suite.tables.push(table);
    let half = with_dir >= 0.5 * in_memory;
    suite.target(
        "write throughput with a data directory vs in memory",
        "≥ 0.5×",
        ratio(with_dir, in_memory),
        Verdict::from_check(half, format!("{with_dir:.0} vs {in_memory:.0} creates/s")),
    );
    Ok(suite)
}

fn config_for_writes(dir: &Path) -> MockConfig {
    mock_config(dir, None)
}
