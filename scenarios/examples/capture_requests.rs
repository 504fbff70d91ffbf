//! How many requests `okta-flows capture` makes for an org of N users, against the lower bound,
//! counted server-side from okta-mock's journal, under Okta's Enterprise rate limits (time
//! scale 10×) with the client's throttle on as the CLI has it.
//!
//! ```text
//! cargo run --release -p okta-scenarios --example capture_requests -- 20000 [developer]
//! ```
//!
//! Lower bound: every listing the capture cannot avoid, at Okta's largest page size, with an
//! empty listing still one request: the apps (200 a page), the group lookup (one), the group's
//! members (1,000 a page), the apps assigned to the group (one), the office365 app users (500 a
//! page), each AD instance's users (500 a page). No per-object read can be avoided or is needed when the whole group is captured.

use okta_mock::scenario::{Scenario, ScenarioApp, ScenarioAssignment, ScenarioGroup, ScenarioUser};
use okta_mock::sim::RateLimitConfig;
use okta_mock::{MockConfig, MockServer};
use okta_scenarios::capture::{CaptureConfig, Pseudonyms, capture};
use serde_json::json;

const ADS: [&str; 3] = ["corp.example.com", "emea.example.com", "apac.example.com"];
const GROUP: &str = "Office 365";

/// The org: every user in corp, one in ten also in emea, one in thirty also in apac; 97% in
/// the group and licensed; a bookmark app nobody needs.
fn org(n: usize) -> (Scenario, [usize; 5]) {
    let mut apps: Vec<ScenarioApp> = ADS
        .iter()
        .map(|label| ScenarioApp {
            name: "active_directory".into(),
            label: (*label).into(),
            ..ScenarioApp::default()
        })
        .collect();
    for (name, label) in [
        ("office365", "Microsoft Office 365"),
        ("bookmark", "Intranet"),
    ] {
        apps.push(ScenarioApp {
            name: name.into(),
            label: label.into(),
            ..ScenarioApp::default()
        });
    }
    // [members, office365, corp, emea, apac]
    let mut counts = [0usize; 5];
    let users = (0..n)
        .map(|i| {
            let login = format!("user{i:07}@example.com");
            let guid = format!("{i:08x}-0000-4000-8000-000000000000");
            let external = okta_client::directory::ImmutableId::from_object_guid(&guid)
                .map(|id| id.to_string())
                .ok();
            let mut assignments = Vec::new();
            let mut assign = |k: usize, app: &str, counts: &mut [usize; 5]| {
                counts[k] += 1;
                assignments.push(ScenarioAssignment {
                    app: app.into(),
                    external_id: (k >= 2).then(|| external.clone()).flatten(),
                    ..ScenarioAssignment::default()
                });
            };
            assign(2, ADS[0], &mut counts);
            if i % 10 == 0 {
                assign(3, ADS[1], &mut counts);
            }
            if i % 30 == 0 {
                assign(4, ADS[2], &mut counts);
            }
            let licensed = i % 33 != 7;
            if licensed {
                assign(1, "Microsoft Office 365", &mut counts);
                counts[0] += 1;
            }
            ScenarioUser {
                profile: json!({"login": login, "email": login, "firstName": "First",
                                "lastName": format!("Last{i}")})
                .as_object()
                .cloned()
                .unwrap_or_default(),
                groups: if licensed { vec![GROUP.into()] } else { vec![] },
                apps: assignments,
                ..ScenarioUser::default()
            }
        })
        .collect();
    let scenario = Scenario {
        description: None,
        groups: vec![ScenarioGroup {
            name: GROUP.into(),
            ..ScenarioGroup::default()
        }],
        apps,
        users,
        me: None,
        service_apps: Vec::new(),
        system_log: Vec::new(),
        settings: None,
    };
    (scenario, counts)
}

fn pages(items: usize, page: usize) -> usize {
    items.div_ceil(page).max(1)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(20_000);
    // `enterprise` (default) or `developer`: the latter's 100 requests a minute make the
    // throttle wait for a window's reset in a capture of a few thousand users.
    let preset = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "enterprise".into());
    let limits = RateLimitConfig::preset(&preset).ok_or("the preset is enterprise or developer")?;
    let (scenario, [members, office365, corp, emea, apac]) = org(n);
    let apps = scenario.apps.len();
    let config = MockConfig::default()
        .scenario(scenario)
        .rate_limits(limits)
        .time_scale(10.0);
    let server = MockServer::start_with(config).await?;
    let client = okta_client::Client::builder()
        .org_url(server.base_url())
        .api_token(server.token())
        .throttle(true)
        .build()?;
    let capture_config = CaptureConfig {
        groups: vec![GROUP.into()],
        pseudonyms: Some(Pseudonyms::random()),
        ..CaptureConfig::default()
    };
    let started = std::time::Instant::now();
    let captured = capture(&client, &capture_config, &()).await?;
    let elapsed = started.elapsed();
    let journal = server.journal();
    let made = journal.len();
    let too_many = journal.iter().filter(|e| e.status == 429).count();
    let bound = pages(apps, 200)
        + 1
        + pages(members, 1000)
        + 1 // the apps assigned to the group
        + pages(office365, 500)
        + pages(corp, 500)
        + pages(emea, 500)
        + pages(apac, 500);
    println!("| measure | value |\n|---|---|");
    println!("| users in the org | {n} |");
    println!("| rate limits (time scale 10×) | {preset} |");
    println!("| users captured | {} |", captured.scenario.users.len());
    println!("| requests made (server-side) | {made} |");
    println!("| lower bound (max page sizes) | {bound} |");
    println!(
        "| made / lower bound | {:.3}× |",
        made as f64 / bound as f64
    );
    println!("| 429 responses | {too_many} |");
    println!("| wall time | {:.2} s |", elapsed.as_secs_f64());
    println!(
        "| requests counted by the capture | {} |",
        captured.requests
    );
    server.shutdown().await;
    Ok(())
}
