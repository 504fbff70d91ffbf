//! Running the Immutable ID flow against a fresh, counted okta-mock, and what a run leaves.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use okta_client::{Client, ThrottleConfig};
use okta_mock::MockConfig;
use okta_mock::scenario::Scenario;
use okta_mock::sim::RateLimitConfig;
use okta_scenarios::immutable_id::{FlowConfig, Report, Selection, run_immutable_id};

use super::batch_org::{DOMAINS, GROUP, OFFICE365};
use crate::counted::{CountedMock, Counts};

/// The mock a flow runs against.
#[derive(Debug, Clone)]
pub struct MockSetup {
    /// Rate limits to enforce (and then okta-client's throttle is on).
    pub limits: Option<RateLimitConfig>,
    /// Speed-up of the mock's rate-limit windows.
    pub time_scale: f64,
    /// The flow writes this user attribute (the org maps it into `immutableId`) instead of
    /// the Office 365 app user.
    pub via_attribute: Option<String>,
}

impl MockSetup {
    /// No rate limits, real time.
    pub fn unlimited() -> Self {
        Self {
            limits: None,
            time_scale: 1.0,
            via_attribute: None,
        }
    }

    /// The throttle's margin after each reset: okta-client's default (Okta's one second),
    /// shortened by the time scale like the windows, so that a sped-up run is the real-time
    /// run played faster rather than one whose fixed margins weigh ten times more.
    fn throttle_margin(&self) -> Duration {
        let margin = ThrottleConfig::default().margin;
        if self.time_scale > 1.0 {
            margin.div_f64(self.time_scale)
        } else {
            margin
        }
    }
}

/// What one flow run against one mock left behind.
#[derive(Debug)]
pub struct FlowRun {
    /// The flow's own report.
    pub report: Report,
    /// The requests the mock answered.
    pub counts: Counts,
    /// The Office 365 `immutableId` of every user afterwards, by login.
    pub after: HashMap<String, Option<String>>,
    /// Wall time of the flow, in seconds.
    pub wall: f64,
    /// How far into its rate-limit window the run started, 0..1.
    pub phase: f64,
    /// The length of one rate-limit window.
    pub window: Duration,
    /// The throttle's margin after each reset (when the throttle was on).
    pub throttle_margin: Duration,
}

fn flow_config(selection: Selection, concurrency: usize, via: Option<String>) -> FlowConfig {
    FlowConfig {
        via_attribute: via,
        selection,
        prefer: DOMAINS.iter().map(|d| (*d).to_owned()).collect(),
        group: Some(GROUP.to_owned()),
        app: Some(OFFICE365.to_owned()),
        apply: true,
        concurrency,
        ..FlowConfig::default()
    }
}

/// The flow's client; with `throttle`, the proactive throttle paces each of Okta's families,
/// counting every request the moment it is sent (and those waiting against the next window),
/// so it holds nothing back (`low_watermark` 0). Without rate limits it stays off: okta-mock
/// still counts and sends the headers then, and the throttle would wait on them.
fn client_for(server: &CountedMock, throttle: Option<Duration>) -> Result<Client, String> {
    let mut builder = Client::builder()
        .org_url(server.base_url())
        .api_token(server.state().token.to_string());
    if let Some(margin) = throttle {
        builder = builder.throttle_config(
            ThrottleConfig::default()
                .with_low_watermark(0)
                .with_margin(margin),
        );
    }
    builder.build().map_err(|e| e.to_string())
}

/// The Office 365 `immutableId` of every user, by login.
pub fn office365_values(scenario: &Scenario) -> HashMap<String, Option<String>> {
    scenario
        .users
        .iter()
        .filter_map(|u| {
            let login = u.profile.get("login")?.as_str()?.to_owned();
            let o365 = u.apps.iter().find(|a| a.app == OFFICE365)?;
            let value = o365
                .profile
                .get("immutableId")
                .and_then(|v| v.as_str())
                .map(str::to_owned);
            Some((login, value))
        })
        .collect()
}

/// Runs the flow (apply mode) on a fresh mock holding `scenario`.
///
/// # Errors
/// When the mock cannot start or the flow fails outright.
pub async fn run_flow(
    scenario: Scenario,
    selection: Selection,
    setup: MockSetup,
    concurrency: usize,
) -> Result<FlowRun, String> {
    let margin = setup.throttle_margin();
    let via = setup.via_attribute.clone();
    let throttle = setup.limits.is_some().then_some(margin);
    let mut mock = MockConfig::default()
        .scenario(scenario)
        .time_scale(setup.time_scale);
    if let Some(limits) = setup.limits {
        mock = mock.rate_limits(limits);
    }
    let server = CountedMock::start(mock).await?;
    let client = client_for(&server, throttle)?;
    let limiter = &server.state().limiter;
    let phase = limiter.window_phase(server.state().clock.now());
    let window = limiter.window();
    let started = Instant::now();
    let report = run_immutable_id(&client, &flow_config(selection, concurrency, via), &())
        .await
        .map_err(|e| format!("the flow failed: {e}"))?;
    let wall = started.elapsed().as_secs_f64();
    let counts = server.counts();
    let after = office365_values(&server.state().read().export_scenario());
    Ok(FlowRun {
        report,
        counts,
        after,
        wall,
        phase,
        window,
        throttle_margin: margin,
    })
}

/// How many users' Office 365 value differs between `before` and the run's end.
pub fn changed(before: &HashMap<String, Option<String>>, run: &FlowRun) -> usize {
    before
        .iter()
        .filter(|(login, v)| run.after.get(*login) != Some(*v))
        .count()
}
