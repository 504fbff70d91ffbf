//! Suite 2: stream every user from one mock process with okta-client, the official Python SDK
//! and the official Node SDK, each in its own process: users/s and peak RSS.

use std::path::{Path, PathBuf};
use std::process::Command;

use okta_mock::DEFAULT_TOKEN;

use crate::child::{ClientRun, ServeChild, run_client};
use crate::report::{SuiteReport, Table, Verdict, ratio, thousands};

/// The sizes of the listing suite.
#[derive(Debug, Clone)]
pub struct ListingConfig {
    /// Users listed by all three clients.
    pub users: usize,
    /// The larger org listed by okta-client alone, to see whether its memory grows with it.
    pub big_users: usize,
    /// Page size.
    pub limit: u32,
    /// The workspace root (where `tests/compat/` and `bench/sdk/` are).
    pub repo: PathBuf,
}

impl ListingConfig {
    /// 100,000 users for all, 1,000,000 for okta-client.
    pub fn full(repo: PathBuf) -> Self {
        Self {
            users: 100_000,
            big_users: 1_000_000,
            limit: 200,
            repo,
        }
    }

    /// 2,000 and 20,000 users.
    pub fn tiny(repo: PathBuf) -> Self {
        Self {
            users: 2_000,
            big_users: 20_000,
            ..Self::full(repo)
        }
    }
}

const TITLE: &str = "2. Client listing (okta-client vs the official Python and Node SDKs)";

/// How a client is run, or why it cannot be.
pub(super) enum Runner {
    Ready(Command),
    Missing(String),
}

fn rust_client(url: &str, limit: u32, raw: bool) -> Runner {
    match std::env::current_exe() {
        Ok(exe) => {
            let mut cmd = Command::new(exe);
            cmd.args(["list-client", "--url", url, "--limit", &limit.to_string()])
                .env("OKTA_CLIENT_TOKEN", DEFAULT_TOKEN);
            if raw {
                cmd.arg("--raw");
            }
            Runner::Ready(cmd)
        }
        Err(e) => Runner::Missing(format!("cannot find okta-bench: {e}")),
    }
}

fn python_client(repo: &Path, url: &str, limit: u32) -> Runner {
    let python = repo.join("tests/compat/python/.venv/bin/python");
    let ok = Command::new(&python)
        .args(["-c", "import okta"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        return Runner::Missing(
            "Python okta SDK not installed (bash .ci/install-compat-deps.sh)".into(),
        );
    }
    let mut cmd = Command::new(python);
    cmd.arg(repo.join("bench/sdk/list_users.py"));
    sdk_env(&mut cmd, url, limit);
    Runner::Ready(cmd)
}

fn node_client(repo: &Path, url: &str, limit: u32) -> Runner {
    let sdk = repo.join("tests/compat/node/node_modules/@okta/okta-sdk-nodejs");
    if !sdk.join("package.json").exists() {
        return Runner::Missing(
            "Node @okta/okta-sdk-nodejs not installed (bash .ci/install-compat-deps.sh)".into(),
        );
    }
    if !Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return Runner::Missing("node not installed".into());
    }
    let mut cmd = Command::new("node");
    cmd.arg(repo.join("bench/sdk/list_users.js"))
        .env("OKTA_SDK_NODE", sdk);
    sdk_env(&mut cmd, url, limit);
    Runner::Ready(cmd)
}

fn sdk_env(cmd: &mut Command, url: &str, limit: u32) {
    cmd.env("ORG_URL", url)
        .env("TOKEN", DEFAULT_TOKEN)
        .env("LIMIT", limit.to_string());
}

/// One client's outcome.
pub(super) type Outcome = Result<ClientRun, String>;

/// The verdict for a figure that could not be measured: skipped when a tool is missing, missed
/// when the measurement itself failed.
fn not_measured(why: &str) -> Verdict {
    match why.strip_prefix("skipped: ") {
        Some(missing) => Verdict::Skipped(missing.to_owned()),
        None => Verdict::Missed(format!("not measured: {why}")),
    }
}

pub(super) fn measure(runner: Runner, what: &str, expected: usize) -> Outcome {
    let run = match runner {
        Runner::Ready(cmd) => run_client(cmd, what)?,
        Runner::Missing(why) => return Err(format!("skipped: {why}")),
    };
    if run.items != expected as u64 {
        return Err(format!("{what} listed {} users, not {expected}", run.items));
    }
    Ok(run)
}

fn row(table: &mut Table, client: &str, users: usize, outcome: &Outcome) {
    let cells = match outcome {
        Ok(run) => vec![
            thousands(run.items_per_sec()),
            format!("{:.2} s", run.seconds),
            format!("{:.1} MiB", run.peak_rss_kib as f64 / 1024.0),
        ],
        Err(why) => vec![why.clone(), "—".into(), "—".into()],
    };
    let mut full = vec![client.to_owned(), thousands(users as f64)];
    full.extend(cells);
    table.row(full);
}

/// Why okta-client is not `wanted` times faster than an SDK, in the light of the ceiling (bare
/// HTTP without decoding, one page at a time).
fn miss_reason(sdk: &str, wanted: f64, ours: f64, theirs: f64, ceiling: Option<f64>) -> String {
    match ceiling {
        Some(c) if c < wanted * theirs => format!(
            "out of reach on this mock: even bare HTTP without decoding lists {} users/s, \
             {:.2}× the {sdk}; okta-client reaches {:.0}% of that ceiling",
            thousands(c),
            c / theirs,
            100.0 * ours / c
        ),
        Some(c) => format!(
            "okta-client reaches {:.0}% of the bare-HTTP ceiling ({} users/s), which would be \
             {:.2}× the {sdk}",
            100.0 * ours / c,
            thousands(c),
            c / theirs
        ),
        None => format!("the {sdk} is closer than the target"),
    }
}

fn speed_target(
    suite: &mut SuiteReport,
    sdk: &str,
    wanted: f64,
    runs: (&Outcome, &Outcome),
    ceiling: &Outcome,
) {
    let name = format!("users/s: okta-client / {sdk}");
    let target = format!("≥ {wanted}×");
    match runs {
        (Ok(a), Ok(b)) => {
            let (ours, theirs) = (a.items_per_sec(), b.items_per_sec());
            let share = ours / theirs.max(f64::MIN_POSITIVE);
            let ceiling = ceiling.as_ref().ok().map(ClientRun::items_per_sec);
            suite.target(
                name,
                target,
                format!(
                    "{} ({} / {} users/s)",
                    ratio(ours, theirs),
                    thousands(ours),
                    thousands(theirs)
                ),
                Verdict::from_check(
                    share >= wanted,
                    miss_reason(sdk, wanted, ours, theirs, ceiling),
                ),
            );
        }
        (Err(why), _) | (_, Err(why)) => {
            suite.target(name, target, "—", not_measured(why));
        }
    }
}

/// Runs the suite. Clients that are not installed are reported as skipped.
///
/// # Errors
/// When the mock process cannot start.
pub fn run(config: &ListingConfig) -> Result<SuiteReport, String> {
    let mut suite = SuiteReport::new(TITLE);
    suite.note(format!(
        "One `okta-bench serve` process holds the org (synthetic users, loaded straight into \
         the store); each client runs in its own process against it, one after the other, \
         limit={} per page, following the `Link: rel=\"next\"` URLs.",
        config.limit
    ));
    suite.note(
        "Users/s is timed inside each client from its first request to its last user (an \
         interpreter's start-up is not counted). Peak RSS is the client process's own high-water \
         mark read by itself at its end (Rust: VmHWM; Python: ru_maxrss; Node: \
         process.resourceUsage().maxRSS).",
    );
    suite.note(
        "Python: okta 3.4.6, `list_users(limit, after)` with `PaginationHelper.extract_next_cursor` \
         (3.4 has no `resp.next()`). Node: @okta/okta-sdk-nodejs 8.1.0, \
         `for await (const u of await client.userApi.listUsers({limit}))`, default client options. \
         okta-client: `users().list().limit(200).items()` with default options, which request \
         each next page while the current one is decoded (one request ahead at most).",
    );
    suite.note(
        "The ceiling row follows the same next links with bare reqwest and only validates and \
         counts each page's JSON array: what the mock and HTTP alone allow, one page at a time.",
    );
    let mut table = Table::new(&["client", "users", "users/s", "time", "peak RSS"]);
    let (ours, python, node, ceiling) = {
        let server = ServeChild::spawn(config.users)?;
        let url = server.url().to_owned();
        let ours = measure(
            rust_client(&url, config.limit, false),
            "okta-client",
            config.users,
        );
        let python = measure(
            python_client(&config.repo, &url, config.limit),
            "Python SDK",
            config.users,
        );
        let node = measure(
            node_client(&config.repo, &url, config.limit),
            "Node SDK",
            config.users,
        );
        let ceiling = measure(
            rust_client(&url, config.limit, true),
            "raw HTTP",
            config.users,
        );
        (ours, python, node, ceiling)
    };
    row(&mut table, "okta-client (Rust)", config.users, &ours);
    row(&mut table, "okta (Python)", config.users, &python);
    row(&mut table, "@okta/okta-sdk-nodejs", config.users, &node);
    row(
        &mut table,
        "ceiling: bare reqwest, no decoding into User",
        config.users,
        &ceiling,
    );
    let big = {
        let server = ServeChild::spawn(config.big_users)?;
        measure(
            rust_client(server.url(), config.limit, false),
            "okta-client",
            config.big_users,
        )
    };
    row(&mut table, "okta-client (Rust)", config.big_users, &big);
    suite.tables.push(table);
    super::listing_faults::run(&mut suite, config.users.min(20_000), config.limit)?;
    speed_target(&mut suite, "Python SDK", 20.0, (&ours, &python), &ceiling);
    speed_target(&mut suite, "Node SDK", 5.0, (&ours, &node), &ceiling);
    let limit_mib = 40.0;
    match &big {
        Ok(b) => {
            let mib = b.peak_rss_kib as f64 / 1024.0;
            suite.target(
                format!(
                    "okta-client peak RSS at {} users",
                    thousands(config.big_users as f64)
                ),
                format!("≤ {limit_mib} MiB"),
                format!("{mib:.1} MiB"),
                Verdict::from_check(mib <= limit_mib, "the client holds more than the target"),
            );
        }
        Err(why) => suite.target("okta-client peak RSS", "≤ 40 MiB", "—", not_measured(why)),
    }
    match (&ours, &big) {
        (Ok(small), Ok(big_run)) => {
            let growth = big_run.peak_rss_kib as f64 / small.peak_rss_kib.max(1) as f64;
            suite.target(
                format!(
                    "okta-client peak RSS, {} vs {} users",
                    thousands(config.big_users as f64),
                    thousands(config.users as f64)
                ),
                "within 10% (≤ 1.10×)",
                format!(
                    "{} ({:.1} / {:.1} MiB)",
                    ratio(big_run.peak_rss_kib as f64, small.peak_rss_kib as f64),
                    big_run.peak_rss_kib as f64 / 1024.0,
                    small.peak_rss_kib as f64 / 1024.0
                ),
                Verdict::from_check(
                    (growth - 1.0).abs() <= 0.10,
                    "memory grows with the number of users listed",
                ),
            );
        }
        (Err(why), _) | (_, Err(why)) => {
            suite.target(
                "okta-client peak RSS growth",
                "within 10%",
                "—",
                not_measured(why),
            );
        }
    }
    Ok(suite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_sdk_is_skipped_but_a_failing_client_is_a_miss() {
        assert_eq!(
            not_measured("skipped: node not installed"),
            Verdict::Skipped("node not installed".into())
        );
        assert!(matches!(
            not_measured("okta-client failed"),
            Verdict::Missed(_)
        ));
    }

    #[test]
    fn a_target_above_the_http_ceiling_is_reported_as_out_of_reach() {
        let why = miss_reason("Node SDK", 5.0, 97_000.0, 31_000.0, Some(133_000.0));
        assert!(why.starts_with("out of reach on this mock"), "{why}");
        assert!(why.contains("4.29× the Node SDK"), "{why}");
        assert!(why.contains("73% of that ceiling"), "{why}");
    }

    #[test]
    fn a_reachable_target_names_how_far_the_client_is_from_the_ceiling() {
        let why = miss_reason("Python SDK", 20.0, 97_000.0, 5_000.0, Some(133_000.0));
        assert!(why.starts_with("okta-client reaches 73%"), "{why}");
        assert_eq!(
            miss_reason("Python SDK", 20.0, 1.0, 1.0, None),
            "the Python SDK is closer than the target"
        );
    }
}
