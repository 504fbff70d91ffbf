//! The rate-limited part of suite 4: the flow under okta-mock's Enterprise limits, in real time
//! and with sped-up windows, against the minimum the limits allow.

use okta_mock::sim::{Plan, RateLimitConfig};
use okta_scenarios::immutable_id::Selection;

use super::batch_flow::{FlowRun, MockSetup, run_flow};
use super::batch_org;
use super::rate_bound::{minimum_windows, real_org_minutes};
use crate::report::{SuiteReport, Table, Verdict, ratio, thousands};

/// What the requests of `run` (over `users` users), scaled to an org of `org_users` of the
/// same mix, would take on a real org on each of Okta's plans: the table's limits, one-minute
/// windows starting as the run starts.
fn real_org_table(run: &FlowRun, users: usize, org_users: usize, label: &str) -> Table {
    let path = if label.contains("via user.") {
        format!("via user.{}", batch_org::ATTRIBUTE)
    } else {
        "app-user writes".to_owned()
    };
    let mut table = Table::new(&[
        &format!(
            "plan (real org, {} users, {path})",
            thousands(org_users as f64)
        ),
        "family that sets the minimum",
        "minimum duration",
    ]);
    for plan in Plan::ALL {
        let factor = org_users as f64 / users.max(1) as f64;
        let scaled = run
            .counts
            .buckets
            .iter()
            .map(|(family, n)| (*family, (*n as f64 * factor).round() as usize))
            .collect();
        let (minutes, binding) = real_org_minutes(&scaled, plan);
        table.row(vec![
            plan.name().to_owned(),
            binding,
            format!("{minutes:.0} min ({:.1} h)", minutes / 60.0),
        ]);
    }
    table
}

/// Runs the org of `users` under Enterprise limits at `time_scale` and adds its rows and
/// targets to `suite`.
///
/// # Errors
/// When the mock cannot start or the flow fails outright.
pub async fn measure(
    suite: &mut SuiteReport,
    table: &mut Table,
    users: usize,
    time_scale: f64,
    concurrency: usize,
    (org_users, via_attribute): (usize, bool),
) -> Result<f64, String> {
    let limits = RateLimitConfig::enterprise();
    let setup = MockSetup {
        limits: Some(limits.clone()),
        time_scale,
        via_attribute: via_attribute.then(|| batch_org::ATTRIBUTE.to_owned()),
    };
    let scenario = if via_attribute {
        batch_org::scenario_with_attribute_mapping(users)
    } else {
        batch_org::scenario(users)
    };
    let run = run_flow(scenario, Selection::All, setup, concurrency).await?;
    let (min_windows, binding) = minimum_windows(&run.counts.buckets, &limits, run.phase);
    let window = run.window.as_secs_f64();
    let min_wall = min_windows * window;
    let mut label = if time_scale == 1.0 {
        "real time".to_owned()
    } else {
        format!("time scale {time_scale}×")
    };
    if via_attribute {
        label = format!("{label}, via user.{}", batch_org::ATTRIBUTE);
    }
    suite.note(format!(
        "Under Enterprise limits, {label}: {} users of the same mix, windows of {window:.0} s, \
         okta-client's throttle (pacing by family) resuming {} ms after each reset; the \
         minimum is set by {binding}: {min_windows:.2} windows from the run's start phase in \
         its window, {min_wall:.2} s of wall time.",
        thousands(users as f64),
        (run.throttle_margin.as_secs_f64() * 1000.0).round()
    ));
    let rows = [
        ("requests", thousands(run.counts.total as f64)),
        ("429 responses", run.counts.rejected.to_string()),
        ("wall time", format!("{:.2} s", run.wall)),
        ("minimum the limits allow", format!("{min_wall:.2} s")),
    ];
    for (k, v) in rows {
        table.row(vec![format!("{label}: {k}"), v]);
    }
    for (bucket, count) in &run.counts.buckets {
        table.row(vec![
            format!("{label}: requests in family {bucket:?}"),
            thousands(*count as f64),
        ]);
    }
    if time_scale != 1.0 {
        suite.note(format!(
            "Real org, {label}: the run's requests per family, scaled from {} to {} users, at \
             each plan's per-minute limits (okta_client::rate_limits, from Okta's \
             \"Management rate limits\"), one-minute windows from the start of a minute. Okta \
             gives an API token created in the Admin Console 50% of each family by default \
             (rate-limits overview, \"API rate limits by API token or OAuth 2.0 app\"): with \
             that default, double these durations.",
            thousands(users as f64),
            thousands(org_users as f64)
        ));
        let table = real_org_table(&run, users, org_users, &label);
        suite.tables.push(table);
    }
    let verdict = if min_wall <= 0.0 {
        Verdict::Skipped("the run fits in one rate-limit window: no minimum to compare with".into())
    } else if via_attribute {
        // The per-family minimum lets the apps family's reads overlap the user writes; the
        // flow must read before it writes, and reads back after.
        Verdict::Skipped(
            "informational: the flow's reads (apps family) precede its writes (user-write \
             family), which the per-family minimum lets overlap"
                .into(),
        )
    } else {
        Verdict::from_check(
            run.wall / min_wall <= 1.1,
            "the run took longer than the limits require",
        )
    };
    suite.target(
        format!("wall time / minimum under Enterprise limits, {label}"),
        "≤ 1.1×",
        format!(
            "{} ({:.2} / {min_wall:.2} s)",
            ratio(run.wall, min_wall),
            run.wall
        ),
        verdict,
    );
    suite.target(
        format!("429 responses under Enterprise limits, {label}"),
        "0",
        run.counts.rejected.to_string(),
        Verdict::from_check(run.counts.rejected == 0, "requests reached an empty bucket"),
    );
    Ok(run.wall)
}
