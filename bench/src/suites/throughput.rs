//! Suite 1: requests/s and p99 of the mock against a bare axum handler returning the same
//! bytes and headers, under the same wrk settings, on the same machine, in the same run.

use std::time::Duration;

use okta_mock::store::{PageRequest, UserQuery};
use okta_mock::{MockConfig, MockServer};

use crate::bare::{BareServer, Canned};
use crate::report::{SuiteReport, Table, Verdict, ratio, thousands};
use crate::synth;
use crate::wrk::{self, WrkResult, WrkSettings};

/// The sizes and settings of the throughput suite.
#[derive(Debug, Clone, Copy)]
pub struct ThroughputConfig {
    /// Users in the org (at least 200, so the list page is full).
    pub users: usize,
    /// wrk settings, the same for both servers.
    pub wrk: WrkSettings,
    /// Rounds per server, alternating mock and bare; the best round of each is reported.
    pub rounds: usize,
}

impl ThroughputConfig {
    /// 10,000 users; wrk 2 threads, 32 connections, 10 s, best of 2 alternating rounds.
    pub fn full() -> Self {
        Self {
            users: 10_000,
            rounds: 2,
            wrk: WrkSettings {
                threads: 2,
                connections: 32,
                duration: Duration::from_secs(10),
            },
        }
    }

    /// 1,000 users; one round of 1 s.
    pub fn tiny() -> Self {
        Self {
            users: 1_000,
            rounds: 1,
            wrk: WrkSettings {
                duration: Duration::from_secs(1),
                ..Self::full().wrk
            },
        }
    }
}

const TITLE: &str = "1. Mock throughput (okta-mock vs a bare axum handler)";

/// Runs the suite; without wrk it reports every row as skipped.
///
/// # Errors
/// When a server cannot start or a response cannot be captured.
pub async fn run(config: ThroughputConfig) -> Result<SuiteReport, String> {
    let mut suite = SuiteReport::new(TITLE);
    if !wrk::installed() {
        for name in ["GET /api/v1/users/{id}", "GET /api/v1/users?limit=200"] {
            suite.target(
                format!("{name}: mock / bare req/s"),
                "≥ 0.5×",
                "—",
                Verdict::Skipped("wrk not installed".into()),
            );
        }
        return Ok(suite);
    }
    let users = config.users.max(200);
    let mock = MockServer::start_with(MockConfig::default())
        .await
        .map_err(|e| e.to_string())?;
    let user_id = {
        let store = mock.store();
        let mut store = store.write().map_err(|_| "store lock poisoned")?;
        synth::load_users(&mut store, 0..users).map_err(|e| e.to_string())?;
        let page = store
            .users()
            .list(&UserQuery::default(), &PageRequest::first(1))
            .map_err(|e| e.to_string())?;
        page.items
            .first()
            .map(|u| u.id.to_string())
            .ok_or("the org has no user")?
    };
    let auth = format!("SSWS {}", mock.token());
    let user_path = format!("/api/v1/users/{user_id}");
    let list_path = "/api/v1/users".to_owned();
    let http = reqwest::Client::new();
    let base = mock.base_url();
    let user = Canned::capture(&http, &format!("{base}{user_path}"), &auth)
        .await
        .map_err(|e| e.to_string())?;
    let list = Canned::capture(&http, &format!("{base}{list_path}?limit=200"), &auth)
        .await
        .map_err(|e| e.to_string())?;
    let (user_bytes, list_bytes) = (user.body.len(), list.body.len());
    let bare = BareServer::start(vec![(user_path.clone(), user), (list_path.clone(), list)])
        .await
        .map_err(|e| e.to_string())?;
    suite.note(format!(
        "{} against each server in turn ({} alternating round(s) each, the best reported), on \
         keep-alive connections, `Authorization: SSWS …` on every request; mock and bare server \
         run in this process on the same tokio runtime.",
        config.wrk.describe(),
        config.rounds
    ));
    suite.note(format!(
        "Org of {} synthetic users; user body {user_bytes} bytes, 200-user page {} bytes; the \
         bare handler replays the mock's exact body and headers (hyper adds Date and \
         Content-Length to both). Rate-limit simulation off (headers still computed).",
        thousands(users as f64),
        thousands(list_bytes as f64)
    ));
    let mut table = Table::new(&[
        "endpoint",
        "server",
        "requests/s",
        "p50",
        "p99",
        "non-2xx",
        "socket errors",
    ]);
    let cases = [
        ("GET /api/v1/users/{id}", user_path.clone()),
        (
            "GET /api/v1/users?limit=200",
            format!("{list_path}?limit=200"),
        ),
    ];
    for (name, path) in cases {
        let (mut on_mock, mut on_bare) = (None, None);
        // Alternate the servers so that a change in the machine's load hits both alike.
        for _ in 0..config.rounds.max(1) {
            let mock_run = load(config.wrk, format!("{base}{path}"), auth.clone()).await?;
            let bare_run = load(
                config.wrk,
                format!("{}{path}", bare.base_url()),
                auth.clone(),
            )
            .await?;
            on_mock = Some(best(on_mock, mock_run));
            on_bare = Some(best(on_bare, bare_run));
        }
        let (Some(on_mock), Some(on_bare)) = (on_mock, on_bare) else {
            return Err("no wrk round ran".into());
        };
        for (server, r) in [("okta-mock", &on_mock), ("bare axum", &on_bare)] {
            table.row(vec![
                name.to_owned(),
                server.to_owned(),
                thousands(r.requests_per_sec),
                format!("{:.2} ms", r.p50.as_secs_f64() * 1e3),
                format!("{:.2} ms", r.p99.as_secs_f64() * 1e3),
                r.non_2xx.to_string(),
                r.socket_errors.to_string(),
            ]);
        }
        let share = on_mock.requests_per_sec / on_bare.requests_per_sec.max(f64::MIN_POSITIVE);
        let clean = on_mock.non_2xx == 0 && on_bare.non_2xx == 0;
        let reason = "per request the mock authenticates, takes the store lock, renders JSON \
             with its _links, adds the envelope headers and journals the request; the bare \
             handler copies bytes";
        let verdict = if clean {
            Verdict::from_check(share >= 0.5, reason)
        } else {
            Verdict::Missed("non-2xx responses during the run".into())
        };
        suite.target(
            format!("{name}: mock / bare requests/s"),
            "≥ 0.5×",
            format!(
                "{} ({} / {} req/s); p99 {} ({:.2} / {:.2} ms)",
                ratio(on_mock.requests_per_sec, on_bare.requests_per_sec),
                thousands(on_mock.requests_per_sec),
                thousands(on_bare.requests_per_sec),
                ratio(on_mock.p99.as_secs_f64(), on_bare.p99.as_secs_f64()),
                on_mock.p99.as_secs_f64() * 1e3,
                on_bare.p99.as_secs_f64() * 1e3
            ),
            verdict,
        );
    }
    suite.tables.push(table);
    mock.shutdown().await;
    Ok(suite)
}

/// The run with more requests/s.
fn best(kept: Option<WrkResult>, new: WrkResult) -> WrkResult {
    match kept {
        Some(k) if k.requests_per_sec >= new.requests_per_sec => k,
        _ => new,
    }
}

/// Runs wrk off the runtime's worker threads, which must keep serving meanwhile.
async fn load(settings: WrkSettings, url: String, auth: String) -> Result<WrkResult, String> {
    tokio::task::spawn_blocking(move || wrk::run(&settings, &url, &auth))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(rps: f64) -> WrkResult {
        WrkResult {
            requests_per_sec: rps,
            p50: Duration::from_millis(1),
            p99: Duration::from_millis(2),
            requests: 1,
            non_2xx: 0,
            socket_errors: 0,
        }
    }

    #[test]
    fn the_best_round_is_the_one_with_more_requests_per_second() {
        assert_eq!(best(None, run(5.0)).requests_per_sec, 5.0);
        assert_eq!(best(Some(run(7.0)), run(5.0)).requests_per_sec, 7.0);
        assert_eq!(best(Some(run(3.0)), run(5.0)).requests_per_sec, 5.0);
    }
}
