//! Suite 2, fault rows: okta-client lists the same org from a mock that injects each fault
//! alone at 10%, and all of them mixed at 25%, against the fault-free time of the same run.

use std::process::Command;

use okta_mock::DEFAULT_TOKEN;

use super::listing::{Outcome, Runner, measure};
use crate::child::ServeChild;
use crate::report::{SuiteReport, Table, ratio, thousands};

/// Each fault alone at 10%, then all mixed at 25% in total (the fault matrix's specs).
const SPECS: [(&str, &str); 11] = [
    ("429", "429=0.1"),
    ("500", "500=0.1"),
    ("502", "502=0.1"),
    ("503", "503=0.1"),
    ("504", "504=0.1"),
    ("html", "html=0.1"),
    ("reset", "reset=0.1"),
    ("truncate", "truncate=0.1"),
    ("hang", "hang=0.1"),
    ("latency", "latency=1ms..5ms"),
    (
        "all mixed, 25%",
        "429=0.02,500=0.03,502=0.03,503=0.03,504=0.03,html=0.03,reset=0.03,truncate=0.03,\
         hang=0.02,latency=0ms..2ms",
    ),
];

/// The seed of every faulty mock.
const SEED: &str = "7";
/// Rate-limit windows of one second, so a 429 asks for one or two seconds, not up to 61.
const TIME_SCALE: &str = "60";
/// The client's request timeout: what one `hang` costs.
const TIMEOUT_MS: u64 = 500;

fn tuned_client(url: &str, limit: u32) -> Runner {
    match std::env::current_exe() {
        Ok(exe) => {
            let mut cmd = Command::new(exe);
            cmd.args(["list-client", "--url", url, "--limit", &limit.to_string()])
                .args(["--timeout-ms", &TIMEOUT_MS.to_string()])
                .env("OKTA_CLIENT_TOKEN", DEFAULT_TOKEN);
            Runner::Ready(cmd)
        }
        Err(e) => Runner::Missing(format!("cannot find okta-bench: {e}")),
    }
}

/// Lists `users` users from a fresh mock with `spec` (empty: no faults).
fn list_under(spec: &str, users: usize, limit: u32) -> Result<Outcome, String> {
    let mut extra: Vec<String> = ["--seed", SEED, "--time-scale", TIME_SCALE]
        .map(str::to_owned)
        .to_vec();
    if !spec.is_empty() {
        extra.extend(["--faults".to_owned(), spec.to_owned()]);
    }
    let server = ServeChild::spawn_with(users, &extra)?;
    Ok(measure(
        tuned_client(server.url(), limit),
        "okta-client",
        users,
    ))
}

/// Adds the fault table to the listing suite.
///
/// # Errors
/// When a mock process cannot start.
pub fn run(suite: &mut SuiteReport, users: usize, limit: u32) -> Result<(), String> {
    suite.note(format!(
        "Fault rows: okta-client lists {} users (limit={limit}) from a fresh `okta-bench serve` \
         per row that injects one fault at 10% of requests (all of them mixed: 25%), seed {SEED}, \
         rate-limit windows of one second (`--time-scale {TIME_SCALE}`, so a 429 asks for one or \
         two seconds). The client has a {TIMEOUT_MS} ms request timeout (what a `hang` costs), \
         backoff from {} ms doubling with as much jitter, and ten retries. Each row's user count is \
         checked; the last column is its time over the fault-free row's, measured in this run.",
        thousands(users as f64),
        TIMEOUT_MS / 50
    ));
    let mut table = Table::new(&[
        "faults",
        "spec",
        "users",
        "time",
        "users/s",
        "× fault-free time",
    ]);
    let clean = list_under("", users, limit)?;
    let clean_secs = clean.as_ref().ok().map(|r| r.seconds);
    let mut add = |name: &str, spec: &str, outcome: &Outcome| {
        let cells = match outcome {
            Ok(run) => vec![
                format!("{:.2} s", run.seconds),
                thousands(run.items_per_sec()),
                clean_secs.map_or_else(|| "—".to_owned(), |c| ratio(run.seconds, c)),
            ],
            Err(why) => vec![why.clone(), "—".into(), "—".into()],
        };
        let mut row = vec![
            name.to_owned(),
            if spec.is_empty() {
                "—".to_owned()
            } else {
                format!("`{spec}`")
            },
            thousands(users as f64),
        ];
        row.extend(cells);
        table.row(row);
    };
    add("none", "", &clean);
    for (name, spec) in SPECS {
        let outcome = list_under(spec, users, limit)?;
        add(name, spec, &outcome);
    }
    suite.tables.push(table);
    Ok(())
}
