//! The durability test: 16 clients write (create users, add them to a group, assign them to
//! an app) while the test SIGKILLs the `okta-mock` binary at random moments; after each
//! restart on the same directory every acknowledged write is there with its id and
//! timestamps, no refused write is, and no write the clients never sent is; a listing cursor
//! taken before a crash still answers the same page. The mock snapshots every 20 records, so
//! kills also land while a snapshot is taken. One round ends with half a record appended to
//! the log, which the next start drops with a log line.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::OpenOptions;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use okta_mock::DEFAULT_TOKEN;
use serde_json::{Value, json};

use super::TempDir;

const CLIENTS: usize = 16;
const ROUNDS: usize = 3;
/// Each client's writes per round, at most (the kill usually comes first).
const OPS: usize = 40;

/// The binary on a data directory; killed however the test ends.
struct Mock {
    child: Child,
    url: String,
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &Path, stderr: &Path) -> Mock {
    let log = OpenOptions::new()
        .create(true)
        .append(true)
        .open(stderr)
        .expect("a stderr file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_okta-mock"))
        // Small enough that snapshots are taken (and killed) during the rounds.
        .args([
            "--addr",
            "127.0.0.1:0",
            "--snapshot-records",
            "60",
            "--data-dir",
        ])
        .arg(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log))
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let mut mock = Mock {
        child,
        url: String::new(),
    };
    let line = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the listening line within 60 s");
    mock.url = line
        .trim_end()
        .strip_prefix("okta-mock listening on ")
        .unwrap_or_else(|| panic!("a listening line, got {line:?}; stderr in {stderr:?}"))
        .to_owned();
    mock
}

/// The log segment new records go to (the newest).
fn last_segment(data: &Path) -> std::path::PathBuf {
    let mut segments: Vec<_> = std::fs::read_dir(data)
        .expect("the data directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("log-"))
        })
        .collect();
    segments.sort();
    segments.pop().expect("a log segment")
}

/// What the clients saw, over all rounds.
#[derive(Default, Clone)]
struct Seen {
    /// login → (id, the created user as answered).
    users: BTreeMap<String, (String, Value)>,
    /// Users whose group membership was acknowledged.
    members: BTreeSet<String>,
    /// Users whose app assignment was acknowledged.
    assigned: BTreeSet<String>,
    /// Logins whose create was answered with an error.
    refused: BTreeSet<String>,
    /// Logins whose create got no answer (may or may not be there).
    unanswered: BTreeSet<String>,
    /// Answers no write should get.
    unexpected: Vec<String>,
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("a client")
}

fn auth(req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    req.header("Authorization", format!("SSWS {DEFAULT_TOKEN}"))
}

async fn get(client: &reqwest::Client, url: &str) -> (u16, Value, Option<String>) {
    let res = auth(client.get(url))
        .send()
        .await
        .expect("the mock answers");
    let status = res.status().as_u16();
    let next = res
        .headers()
        .get_all("link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("rel=\"next\""))
        .and_then(|v| v.split(['<', '>']).nth(1))
        .map(str::to_owned);
    (status, res.json().await.unwrap_or(Value::Null), next)
}

fn user_body(login: &str, valid: bool) -> Value {
    let mut profile = json!({"login": login, "email": login, "firstName": "Dura"});
    if valid {
        profile["lastName"] = json!("Bility");
    }
    json!({"profile": profile, "credentials": {"password": {"value": "Cr4sh-Pr00f!pass"}}})
}

/// One client's writes in one round, until the mock stops answering.
async fn client_round(
    client: reqwest::Client,
    url: String,
    round: usize,
    c: usize,
    ids: (String, String),
    seen: Arc<Mutex<Seen>>,
) {
    let (group, app) = ids;
    for i in 0..OPS {
        if i % 5 == 4 {
            // A write the mock refuses (no lastName): it must never appear.
            let login = format!("bad-r{round}-c{c}-{i}@example.com");
            let sent = auth(client.post(format!("{url}/api/v1/users")))
                .json(&user_body(&login, false))
                .send()
                .await;
            match sent {
                Ok(res) if res.status() == 400 => {
                    seen.lock().unwrap().refused.insert(login);
                }
                Ok(res) => seen
                    .lock()
                    .unwrap()
                    .unexpected
                    .push(format!("invalid create answered {}", res.status())),
                Err(_) => return,
            }
            continue;
        }
        let login = format!("u-r{round}-c{c}-{i}@example.com");
        let sent = auth(client.post(format!("{url}/api/v1/users?activate=true")))
            .json(&user_body(&login, true))
            .send()
            .await;
        let user: Value = match sent {
            Ok(res) if res.status() == 200 => match res.json().await {
                Ok(user) => user,
                Err(_) => {
                    seen.lock().unwrap().unanswered.insert(login);
                    return;
                }
            },
            Ok(res) => {
                let status = res.status();
                seen.lock()
                    .unwrap()
                    .unexpected
                    .push(format!("create {login} answered {status}"));
                return;
            }
            Err(_) => {
                seen.lock().unwrap().unanswered.insert(login);
                return;
            }
        };
        let id = user["id"].as_str().expect("an id").to_owned();
        seen.lock().unwrap().users.insert(login, (id.clone(), user));
        let added = auth(client.put(format!("{url}/api/v1/groups/{group}/users/{id}")))
            .send()
            .await;
        match added {
            Ok(res) if res.status() == 204 => {
                seen.lock().unwrap().members.insert(id.clone());
            }
            Ok(res) => seen
                .lock()
                .unwrap()
                .unexpected
                .push(format!("group add answered {}", res.status())),
            Err(_) => return,
        }
        let assigned = auth(client.post(format!("{url}/api/v1/apps/{app}/users")))
            .json(&json!({"id": id}))
            .send()
            .await;
        match assigned {
            Ok(res) if res.status() == 200 => {
                seen.lock().unwrap().assigned.insert(id);
            }
            Ok(res) => seen
                .lock()
                .unwrap()
                .unexpected
                .push(format!("app assignment answered {}", res.status())),
            Err(_) => return,
        }
    }
}

/// Checks the restarted org against everything the clients saw.
async fn check(client: &reqwest::Client, url: &str, seen: &Seen, group: &str, app: &str) {
    assert!(seen.unexpected.is_empty(), "{:?}", seen.unexpected);
    for (login, (id, answered)) in &seen.users {
        let (status, user, _) = get(client, &format!("{url}/api/v1/users/{id}")).await;
        assert_eq!(status, 200, "acknowledged user {login} ({id}) is there");
        assert_eq!(user["profile"]["login"], json!(login));
        for field in [
            "created",
            "activated",
            "statusChanged",
            "passwordChanged",
            "status",
        ] {
            assert_eq!(user[field], answered[field], "{login}: {field} unchanged");
        }
    }
    for id in &seen.members {
        let (_, groups, _) = get(client, &format!("{url}/api/v1/users/{id}/groups")).await;
        let ids: Vec<&str> = groups
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|g| g["id"].as_str())
            .collect();
        assert!(ids.contains(&group), "acknowledged membership of {id}");
    }
    for id in &seen.assigned {
        let (status, _, _) = get(client, &format!("{url}/api/v1/apps/{app}/users/{id}")).await;
        assert_eq!(status, 200, "acknowledged assignment of {id}");
    }
    // Every user of the org, through the listing's cursors: no refused write, and no user the
    // clients did not send.
    let mut next = Some(format!("{url}/api/v1/users?limit=200"));
    let mut pages = 0;
    while let Some(page) = next.take() {
        pages += 1;
        assert!(pages < 1000, "the listing ends");
        let (status, users, link) = get(client, &page).await;
        assert_eq!(status, 200);
        for user in users.as_array().expect("a list") {
            let login = user["profile"]["login"].as_str().unwrap_or_default();
            assert!(!login.starts_with("bad-"), "refused write {login} is there");
            if login.starts_with("u-") {
                assert!(
                    seen.users.contains_key(login) || seen.unanswered.contains(login),
                    "{login} was never acknowledged nor sent unanswered"
                );
            }
        }
        next = link;
    }
    for login in &seen.refused {
        let (status, _, _) = get(client, &format!("{url}/api/v1/users/{login}")).await;
        assert_eq!(status, 404, "refused write {login} is not there");
    }
}

/// A tiny deterministic generator (the seed is printed, for a rerun).
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_sigkill_at_random_moments_and_refused_ones_never_appear() {
    let dir = TempDir::new("crash");
    let data = dir.0.join("data");
    let stderr = dir.0.join("stderr.log");
    let mut rng = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64 | 1)
        .unwrap_or(0x9e37_79b9);
    eprintln!("crash test seed: {rng}");

    let mut mock = start(&data, &stderr);
    let client = http();
    let group = auth(client.post(format!("{}/api/v1/groups", mock.url)))
        .json(&json!({"profile": {"name": "Durability"}}))
        .send()
        .await
        .expect("group created");
    assert_eq!(group.status(), 200);
    let group: Value = group.json().await.unwrap();
    let group = group["id"].as_str().unwrap().to_owned();
    let (_, apps, _) = get(&client, &format!("{}/api/v1/apps?q=Intranet", mock.url)).await;
    let app = apps[0]["id"].as_str().expect("the Intranet app").to_owned();
    // A cursor into the users listing, and the page it answers now.
    let (_, _, cursor) = get(&client, &format!("{}/api/v1/users?limit=3", mock.url)).await;
    let cursor = cursor.expect("a next link");
    let cursor_path = cursor[cursor.find("/api/").unwrap()..].to_owned();
    let (_, page_before, _) = get(&client, &cursor).await;
    let first_url = mock.url.clone();

    let seen = Arc::new(Mutex::new(Seen::default()));
    for round in 0..ROUNDS {
        let tasks: Vec<_> = (0..CLIENTS)
            .map(|c| {
                tokio::spawn(client_round(
                    client.clone(),
                    mock.url.clone(),
                    round,
                    c,
                    (group.clone(), app.clone()),
                    Arc::clone(&seen),
                ))
            })
            .collect();
        let wait = 300 + next(&mut rng) % 900;
        tokio::time::sleep(Duration::from_millis(wait)).await;
        // SIGKILL: no chance to flush anything.
        mock.child.kill().expect("SIGKILL");
        mock.child.wait().expect("reaped");
        for task in tasks {
            tokio::time::timeout(Duration::from_secs(60), task)
                .await
                .expect("clients stop once the mock is gone")
                .expect("a client did not panic");
        }
        if round == 1 {
            // Half a record, as a crash in the middle of a write leaves it.
            let mut log = OpenOptions::new()
                .append(true)
                .open(last_segment(&data))
                .expect("the log");
            let mut torn = 500u32.to_le_bytes().to_vec();
            torn.extend_from_slice(&[0xAB; 4]);
            torn.extend_from_slice(br#"{"at":1,"actor":"ApiToken","m":{"Crea"#);
            log.write_all(&torn).expect("torn record written");
        }
        mock = start(&data, &stderr);
        let url = mock.url.clone();
        let snapshot = seen.lock().unwrap().clone();
        eprintln!(
            "round {round}: killed after {wait} ms; {} users, {} memberships, {} assignments \
             acknowledged, {} refused, {} unanswered so far",
            snapshot.users.len(),
            snapshot.members.len(),
            snapshot.assigned.len(),
            snapshot.refused.len(),
            snapshot.unanswered.len()
        );
        check(&client, &url, &snapshot, &group, &app).await;
        let (status, page_after, _) = get(&client, &format!("{url}{cursor_path}")).await;
        assert_eq!(
            status, 200,
            "the cursor taken before the crash is still valid"
        );
        let unlinked = |page: &Value, url: &str| page.to_string().replace(url, "http://mock");
        assert_eq!(
            unlinked(&page_after, &url),
            unlinked(&page_before, &first_url),
            "and answers the same page"
        );
    }
    let (_, storage, _) = get(&client, &format!("{}/__mock/storage", mock.url)).await;
    assert!(
        storage["lastSnapshot"]["records"].as_u64().is_some(),
        "snapshots were taken between the kills: {storage}"
    );
    let seen = seen.lock().unwrap();
    assert!(
        seen.users.len() >= CLIENTS,
        "the clients got writes through: {}",
        seen.users.len()
    );
    let log = std::fs::read_to_string(&stderr).unwrap_or_default();
    assert!(
        log.contains("dropped a torn record"),
        "the torn record is reported: {log}"
    );
}
