//! Suite 9: the flow runtime (`okta-flows watch`'s engine) on okta-mock with the group flag
//! flow: events handled a second from a backlog in the System Log, beside the bare poll of the
//! same events in the same run, and the delay from a membership change to the flag written,
//! through the log and through event hooks.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt as _;
use okta_client::Client;
use okta_client::api::logs::PollStart;
use okta_client::models::Timestamp;
use okta_client::receiver::ReceiverAuth;
use okta_mock::scenario::Scenario;
use okta_mock::{MockConfig, MockServer};
use okta_scenarios::flows::group_flag::{self, Config};
use okta_scenarios::runtime::{
    Engine, HookServer, LogNotifier, LogSource, Sources, StateStore, TargetStatus, WatchOptions,
    WatchReport, log_filter, register_hook, watch,
};
use serde_json::json;
use tokio::sync::mpsc;

use crate::report::{SuiteReport, Table, Verdict, ratio, thousands};

/// The title of the suite.
pub const TITLE: &str = "8. Flow runtime: okta-flows watch on the mock (group flag flow)";

/// The sizes of the suite.
#[derive(Debug, Clone, Copy)]
pub struct FlowsConfig {
    /// Users added to the group before the watch starts: the backlog it works through.
    pub backlog: usize,
    /// Changes made one at a time on a caught-up watch, each timed until its action.
    pub delays: usize,
    /// The System Log poll's wait after a page with nothing new.
    pub interval: Duration,
}

impl FlowsConfig {
    /// A backlog of 2,000 events, 200 delays per source, a 20 ms poll interval.
    pub fn full() -> Self {
        Self {
            backlog: 2_000,
            delays: 200,
            interval: Duration::from_millis(20),
        }
    }

    /// 200 events, 20 delays.
    pub fn tiny() -> Self {
        Self {
            backlog: 200,
            delays: 20,
            ..Self::full()
        }
    }
}

/// An org with `n` users, none in Contractors yet.
fn scenario(n: usize) -> Result<Scenario, String> {
    let users: Vec<_> = (0..n)
        .map(|i| {
            let login = format!("user{i}@example.com");
            json!({"profile": {"login": login, "email": login, "firstName": "U",
                               "lastName": format!("{i}")}})
        })
        .collect();
    let text = json!({
        "groups": [{"name": "Contractors"}],
        "users": users,
    });
    Scenario::from_json_str(&text.to_string()).map_err(|e| e.to_string())
}

fn before_now() -> Timestamp {
    Timestamp::from_unix_millis(Timestamp::now().unix_millis() - 1_000)
        .unwrap_or_else(|_| Timestamp::now())
}

fn engine(client: &Client, state: StateStore) -> Engine {
    Engine::new(client.clone(), Arc::new(state), Arc::new(LogNotifier))
        .flow(Arc::new(group_flag::flow(Config::default())))
        .apply(true)
}

/// Percentiles of sorted durations (nearest rank).
fn pick(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// Adds users `range` to the group one at a time; each change's start time by user id.
async fn add_members(client: &Client, group: &str, ids: &[String]) -> Result<(), String> {
    for id in ids {
        client
            .groups()
            .add_member(group, id.as_str())
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Runs a caught-up watch over `sources` while `ids` are added one at a time, each timed
/// from just before its change to the run that set its flag.
async fn delays(
    engine: &Engine,
    sources: Sources,
    client: &Client,
    group: &str,
    ids: &[String],
    events_expected: u64,
) -> Result<Vec<Duration>, String> {
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<(String, Instant)>();
    let mut report = |report: WatchReport<'_>| {
        if let WatchReport::Event(_, dispatched) = report {
            for run in &dispatched.runs {
                for outcome in &run.outcomes {
                    if outcome.status == TargetStatus::Done {
                        let _ = done_tx.send((outcome.target.clone(), Instant::now()));
                    }
                }
            }
        }
    };
    let options = WatchOptions {
        max_events: Some(events_expected),
        until_idle: Some(Duration::from_secs(30)),
        ..WatchOptions::default()
    };
    let watching = watch(
        engine,
        sources,
        &options,
        std::future::pending(),
        &mut report,
    );
    let writing = async {
        let mut delays = Vec::with_capacity(ids.len());
        let mut seen: HashMap<String, Instant> = HashMap::new();
        for id in ids {
            let started = Instant::now();
            client
                .groups()
                .add_member(group, id.as_str())
                .await
                .map_err(|e| e.to_string())?;
            let at = loop {
                if let Some(at) = seen.remove(id) {
                    break at;
                }
                match tokio::time::timeout(Duration::from_secs(30), done_rx.recv()).await {
                    Ok(Some((target, at))) => {
                        seen.insert(target, at);
                    }
                    _ => return Err(format!("no action for {id} within 30 s")),
                }
            };
            delays.push(at.saturating_duration_since(started));
        }
        Ok::<_, String>(delays)
    };
    let (watched, written) = tokio::join!(watching, writing);
    watched.map_err(|e| e.to_string())?;
    let mut delays = written?;
    delays.sort();
    Ok(delays)
}

/// Runs the suite.
///
/// # Errors
/// When the mock or the receiver does not start, or a request, the poll or the engine fails.
pub async fn run(config: FlowsConfig) -> Result<SuiteReport, String> {
    let users = config.backlog + 2 * config.delays;
    let server = MockServer::start_with(MockConfig::default().scenario(scenario(users)?))
        .await
        .map_err(|e| e.to_string())?;
    let client = server.client().map_err(|e| e.to_string())?;
    let mut ids: Vec<String> = client
        .users()
        .list()
        .limit(200)
        .collect_all()
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|u| u.id.as_str().to_owned())
        .collect();
    ids.sort();
    let groups = client.groups().list().q("Contractors").collect_all().await;
    let group = groups
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|g| g.profile.name == "Contractors")
        .ok_or("no Contractors group")?
        .id
        .as_str()
        .to_owned();
    let (backlog, rest) = ids.split_at(config.backlog);
    let (by_log, by_hook) = rest.split_at(config.delays);

    // The backlog: changes made first, then handled by the engine from the log.
    let since = before_now();
    add_members(&client, &group, backlog).await?;
    let types = [group_flag::ADDED, group_flag::REMOVED];
    let started = Instant::now();
    let mut poll = client
        .logs()
        .poll(PollStart::Since(since))
        .filter(log_filter(&types))
        .interval(config.interval)
        .items();
    let mut polled = 0usize;
    while polled < config.backlog {
        match poll.next().await {
            Some(Ok(_)) => polled += 1,
            Some(Err(e)) => return Err(format!("the poll failed: {e}")),
            None => return Err("the poll ended".to_owned()),
        }
    }
    drop(poll);
    let poll_time = started.elapsed();

    let dir = std::env::temp_dir().join(format!("okta-bench-flows-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let state = StateStore::open(&dir.join("state.db")).map_err(|e| e.to_string())?;
    let engine = engine(&client, state);
    let log = LogSource::open(
        &client,
        engine.state(),
        &types,
        PollStart::Since(since),
        config.interval,
    )
    .map_err(|e| e.to_string())?;
    let options = WatchOptions {
        max_events: Some(config.backlog as u64),
        until_idle: Some(Duration::from_secs(30)),
        ..WatchOptions::default()
    };
    let started = Instant::now();
    let sources = Sources {
        log: Some(log),
        hooks: None,
    };
    let summary = watch(
        &engine,
        sources,
        &options,
        std::future::pending(),
        &mut |_| {},
    )
    .await
    .map_err(|e| e.to_string())?;
    let watch_time = started.elapsed();
    if summary.runs != config.backlog as u64 || summary.failed > 0 {
        return Err(format!("the backlog was not handled: {summary:?}"));
    }

    // Caught up: the delay through the log (the cursor continues after the backlog).
    let log = LogSource::open(
        &client,
        engine.state(),
        &types,
        PollStart::Now,
        config.interval,
    )
    .map_err(|e| e.to_string())?;
    let sources = Sources {
        log: Some(log),
        hooks: None,
    };
    let log_delays = delays(
        &engine,
        sources,
        &client,
        &group,
        by_log,
        config.delays as u64,
    )
    .await?;

    // And through event hooks alone (no log).
    const SECRET: &str = "bench-hook-secret";
    let addr = "127.0.0.1:0".parse().map_err(|e| format!("{e}"))?;
    let hooks = HookServer::start(addr, ReceiverAuth::header("Authorization", SECRET))
        .await
        .map_err(|e| e.to_string())?;
    register_hook(&client, &hooks.url(), &types, Some(SECRET))
        .await
        .map_err(|e| e.to_string())?;
    let sources = Sources {
        log: None,
        hooks: Some(hooks),
    };
    let hook_delays = delays(
        &engine,
        sources,
        &client,
        &group,
        by_hook,
        config.delays as u64,
    )
    .await?;
    drop(engine);
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);

    let rate = |n: usize, d: Duration| n as f64 / d.as_secs_f64().max(1e-9);
    let (watch_rate, poll_rate) = (rate(config.backlog, watch_time), rate(polled, poll_time));
    let mut report = SuiteReport::new(TITLE);
    report.note(format!(
        "An org of {users} users; {} were added to Contractors through okta-client first (one \
         `group.user_membership.add` event each). The engine (group flag flow, `--apply`, a \
         SQLite state file) then handled that backlog from the System Log: per event a done \
         check, reading the user and their groups, writing `isMemberOfGroup`, and one \
         transaction for the run, its done record and the cursor. Beside it, in the same run, \
         the bare poll of the same events (`client.logs().poll(..)` with the same filter).",
        thousands(config.backlog as f64)
    ));
    report.note(format!(
        "Delay: {} changes one at a time on a caught-up watch, each timed from just before the \
         membership request to the engine's report of the run that wrote the flag; through the \
         System Log (poll interval {} ms after an empty page), then through event hooks alone \
         (okta-client's receiver on loopback, a hook registered on the mock).",
        config.delays,
        config.interval.as_millis()
    ));
    let mut table = Table::new(&["measure", "events", "time", "events/s"]);
    table.row(vec![
        "watch (engine + group flag flow)".to_owned(),
        thousands(config.backlog as f64),
        format!("{:.2} s", watch_time.as_secs_f64()),
        thousands(watch_rate),
    ]);
    table.row(vec![
        "bare poll of the same events".to_owned(),
        thousands(polled as f64),
        format!("{:.2} s", poll_time.as_secs_f64()),
        thousands(poll_rate),
    ]);
    report.tables.push(table);
    let mut delay_table = Table::new(&["change → action", "changes", "median", "p99"]);
    for (source, d) in [("System Log", &log_delays), ("event hooks", &hook_delays)] {
        delay_table.row(vec![
            source.to_owned(),
            d.len().to_string(),
            ms(pick(d, 0.5)),
            ms(pick(d, 0.99)),
        ]);
    }
    report.tables.push(delay_table);
    let informational = || Verdict::Skipped("informational: issue 15 sets no target".to_owned());
    report.target(
        "events/s: watch / bare poll",
        "none (the flow's reads and write cost more than reading the event)",
        format!(
            "{} ({} / {} events/s)",
            ratio(watch_rate, poll_rate),
            thousands(watch_rate),
            thousands(poll_rate)
        ),
        informational(),
    );
    report.target(
        "change → action, median / p99 (log; hooks)",
        format!(
            "none (the poll interval is {} ms)",
            config.interval.as_millis()
        ),
        format!(
            "{} / {}; {} / {}",
            ms(pick(&log_delays, 0.5)),
            ms(pick(&log_delays, 0.99)),
            ms(pick(&hook_delays, 0.5)),
            ms(pick(&hook_delays, 0.99))
        ),
        informational(),
    );
    Ok(report)
}
