//! Suite 4: the Immutable ID flow in batch mode over N users and three AD instances: requests
//! made against the lower bound, against the per-user flow, and wall time under the mock's
//! Enterprise rate limits against the minimum those limits allow (a smaller org in real time,
//! and the full org with the windows sped up, writing the app users and then, on the same org,
//! writing a user attribute the Office 365 mapping carries into `immutableId`).

use okta_scenarios::immutable_id::Selection;

use super::batch_flow::{MockSetup, changed, office365_values, run_flow};
use super::batch_limits;
use super::batch_org::{self, GROUP, Listings};
use crate::report::{SuiteReport, Table, Verdict, ratio, thousands};

/// The sizes of the batch suite.
#[derive(Debug, Clone, Copy)]
pub struct BatchConfig {
    /// Users in the org.
    pub users: usize,
    /// Users run through the per-user flow to extrapolate its request count.
    pub per_user_sample: usize,
    /// Users of the rate-limited run in real time.
    pub rate_limited_users: usize,
    /// Users of the rate-limited run with sped-up windows.
    pub scaled_users: usize,
    /// The speed-up of the second rate-limited run's windows.
    pub time_scale: f64,
    /// The flow's write concurrency.
    pub concurrency: usize,
}

impl BatchConfig {
    /// 100,000 users, a per-user sample of 200; under rate limits 600 users in real time
    /// (about 210 requests of the apps family: three one-minute windows) and 50,000 with
    /// two-second windows (×30): about 170 windows, as the apps family's 100 a window allows.
    /// (One-second windows, ×60, made the fixed cost of each window, about 0.1 s on a loaded
    /// machine, 15% of the run.)
    pub fn full() -> Self {
        Self {
            users: 100_000,
            per_user_sample: 200,
            rate_limited_users: 600,
            scaled_users: 50_000,
            time_scale: 30.0,
            concurrency: 8,
        }
    }

    /// 2,000 users, a sample of 100, 150 users under rate limits in real time and at ×60
    /// (each run fits one window of the apps family: no waiting, no ratio to judge; a few
    /// sped-up windows would be judged mostly on fixed costs).
    pub fn tiny() -> Self {
        Self {
            users: 2_000,
            per_user_sample: 100,
            rate_limited_users: 150,
            scaled_users: 150,
            time_scale: 60.0,
            ..Self::full()
        }
    }
}

const TITLE: &str = "4. Immutable ID batch sync (okta-scenarios, 3 AD instances)";

/// Page sizes: each endpoint's maximum as okta-mock enforces it.
const APPS_MAX: usize = 200;
const MEMBERS_MAX: usize = 1_000;
const APP_USERS_MAX: usize = 500;

fn pages(items: usize, size: usize) -> usize {
    items.div_ceil(size).max(1)
}

/// The least number of reads: the apps, the group lookup, then every listing at its maximum
/// page size.
fn read_bound(l: &Listings) -> usize {
    pages(l.apps, APPS_MAX)
        + 1
        + pages(l.members, MEMBERS_MAX)
        + pages(l.office365, APP_USERS_MAX)
        + l.directories
            .iter()
            .map(|n| pages(*n, APP_USERS_MAX))
            .sum::<usize>()
}

/// Runs the suite.
///
/// # Errors
/// When a mock cannot start or the flow fails outright.
pub async fn run(config: BatchConfig) -> Result<SuiteReport, String> {
    let scenario = batch_org::scenario(config.users);
    let listings = batch_org::listings(&scenario);
    let before = office365_values(&scenario);
    let sample: Vec<String> = (0..config.per_user_sample.min(config.users))
        .map(batch_org::login)
        .collect();
    let sample_len = sample.len().max(1);
    let per_user_run = run_flow(
        scenario.clone(),
        Selection::Users(sample),
        MockSetup::unlimited(),
        config.concurrency,
    )
    .await?;
    let batch = run_flow(
        scenario,
        Selection::All,
        MockSetup::unlimited(),
        config.concurrency,
    )
    .await?;

    let made = batch.counts.total;
    let changed_users = changed(&before, &batch);
    let bound = read_bound(&listings) + changed_users;
    let per_user = per_user_run.counts.total as f64 / sample_len as f64;
    let extrapolated = per_user * config.users as f64;

    let mut suite = SuiteReport::new(TITLE);
    describe(&mut suite, &config, changed_users, sample_len, per_user);
    let mut outcomes = Table::new(&["outcome", "users"]);
    for (outcome, count) in batch.report.counts() {
        outcomes.row(vec![outcome.to_string(), thousands(count as f64)]);
    }
    suite.tables.push(outcomes);
    let mut requests = Table::new(&["measure", "value"]);
    let rows = [
        ("requests made (batch)", thousands(made as f64)),
        ("  of which writes", thousands(batch.counts.writes as f64)),
        ("lower bound (max page sizes)", thousands(bound as f64)),
        ("per-user flow, extrapolated", thousands(extrapolated)),
        (
            "batch / per-user (extrapolated)",
            ratio(made as f64, extrapolated),
        ),
        (
            "batch wall time, no rate limits",
            format!("{:.2} s", batch.wall),
        ),
    ];
    for (k, v) in rows {
        requests.row(vec![k.to_owned(), v]);
    }
    request_target(&mut suite, made, bound);
    let limited_runs = [
        (config.rate_limited_users, 1.0),
        (config.scaled_users, config.time_scale),
    ];
    let mut walls = Vec::new();
    for (users, scale) in limited_runs {
        let wall = batch_limits::measure(
            &mut suite,
            &mut requests,
            users,
            scale,
            config.concurrency,
            (config.users, false),
        )
        .await?;
        walls.push(wall);
    }
    // The faster path on the same org and scale, in the same run.
    let via = batch_limits::measure(
        &mut suite,
        &mut requests,
        config.scaled_users,
        config.time_scale,
        config.concurrency,
        (config.users, true),
    )
    .await?;
    let direct = walls.last().copied().unwrap_or_default();
    requests.row(vec![
        "app-user writes / writes via the user attribute, wall time".to_owned(),
        ratio(direct, via),
    ]);
    suite.tables.push(requests);
    Ok(suite)
}

fn describe(
    suite: &mut SuiteReport,
    config: &BatchConfig,
    changed: usize,
    sample: usize,
    per_user: f64,
) {
    suite.note(format!(
        "{} users over corp/emea/apac AD instances, the mix in bench/src/suites/batch_org.rs \
         (55% already right, 10% null, 10% in two ADs, 3% in three, 5% stale value, 3% with a \
         DEPROVISIONED first AD, 3% cloud-only, 3% outside the group, 2% unlicensed, 2% suspended, \
         1% deactivated). Flow: apply, group \"{GROUP}\", prefer corp > emea > apac, concurrency \
         {}; okta-client's proactive throttle is on only in the rate-limited runs.",
        thousands(config.users as f64),
        config.concurrency
    ));
    suite.note(format!(
        "Requests counted server-side by a counting layer around okta-mock's router (batch run \
         without rate limits). Lower bound = \
         page counts at each endpoint's maximum page size in okta-mock (apps {APPS_MAX}, group \
         members {MEMBERS_MAX}, app users {APP_USERS_MAX}) + 1 group lookup + one write per \
         Office 365 app user whose value the run changed ({changed}, from the org before vs \
         after)."
    ));
    suite.note(format!(
        "Per-user flow: measured on the first {sample} users (every case, in proportion) on a \
         fresh mock holding the same org, {per_user:.2} requests/user, extrapolated × {} users.",
        thousands(config.users as f64)
    ));
}

fn request_target(suite: &mut SuiteReport, made: usize, bound: usize) {
    let why = if made > bound {
        format!("{} requests above the bound", made - bound)
    } else {
        format!(
            "{} requests below the bound: the bound or the count is wrong",
            bound - made
        )
    };
    suite.target(
        "requests made / lower bound",
        "= 1.00×",
        format!(
            "{:.3}× ({made} / {bound})",
            made as f64 / bound.max(1) as f64
        ),
        Verdict::from_check(made == bound, why),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_read_bound_counts_every_listing_in_full_pages() {
        let l = Listings {
            apps: 4,
            members: 97_000,
            office365: 97_000,
            directories: [87_000, 21_000, 6_000],
        };
        // apps 1 + lookup 1 + members 97 + office365 194 + 174 + 42 + 12.
        assert_eq!(read_bound(&l), 521);
    }
}
