//! Suite 5: OAuth 2.0 service apps. How many access tokens a 100,000-user listing mints with a
//! DPoP-bound service app (one: a token lives an hour), and what a DPoP proof costs per request
//! next to an API token, as the ratio of two timings taken in the same run against the same
//! mock.

use std::time::{Duration, Instant};

use futures::StreamExt as _;
use okta_client::auth::{DpopMode, PrivateKeyAuth};
use okta_client::{Client, Method, RawRequest};
use okta_mock::internals::{PageRequest, UserQuery};
use okta_mock::scenario::{Scenario, ScenarioJwks, ScenarioServiceApp};
use okta_mock::{MockConfig, MockServer};
use serde_json::Value;

use crate::report::{SuiteReport, Table, Verdict};
use crate::synth;

/// Sizes.
#[derive(Debug, Clone)]
pub struct OauthConfig {
    /// Users in the org for the listing.
    pub users: usize,
    /// Page size of the listing.
    pub limit: u32,
    /// Sequential requests timed per credential.
    pub requests: usize,
}

impl OauthConfig {
    /// The sizes: 100,000 users, 200 a page, 2,000 timed requests per credential.
    pub fn full() -> Self {
        Self {
            users: 100_000,
            limit: 200,
            requests: 2_000,
        }
    }

    /// A smoke run.
    pub fn tiny() -> Self {
        Self {
            users: 1_000,
            limit: 200,
            requests: 50,
        }
    }
}

const CLIENT_ID: &str = "0oa-bench-dpop";

/// The suite's heading.
pub const TITLE: &str = "7. OAuth 2.0 service apps: token renewal and DPoP cost";

fn keys_dir() -> String {
    format!(
        "{}/../okta-client/testdata/keys/",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn scenario() -> Result<Scenario, String> {
    let text = std::fs::read_to_string(format!("{}rsa-public.jwk.json", keys_dir()))
        .map_err(|e| format!("test key: {e}"))?;
    let public: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    Ok(Scenario {
        service_apps: vec![ScenarioServiceApp {
            client_id: CLIENT_ID.into(),
            jwks: Some(ScenarioJwks { keys: vec![public] }),
            scopes: vec!["okta.users.read".into()],
            dpop_required: true,
            ..ScenarioServiceApp::default()
        }],
        ..Scenario::default()
    })
}

fn dpop_client(base_url: &str) -> Result<Client, String> {
    let key = std::fs::read_to_string(format!("{}rsa-pkcs1.pem", keys_dir()))
        .map_err(|e| format!("test key: {e}"))?;
    Client::builder()
        .org_url(base_url)
        .private_key_auth(
            PrivateKeyAuth::new(CLIENT_ID, key)
                .scopes(["okta.users.read"])
                .dpop(DpopMode::Auto),
        )
        .build()
        .map_err(|e| e.to_string())
}

/// Times `n` sequential `GET /api/v1/users/me`-like requests (one user by id): mean per
/// request.
async fn time_requests(client: &Client, path: &str, n: usize) -> Result<Duration, String> {
    // One untimed request: connection, and for DPoP the token and its nonce dance.
    client
        .raw(RawRequest::new(Method::GET, path))
        .await
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    for _ in 0..n {
        client
            .raw(RawRequest::new(Method::GET, path))
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(started.elapsed() / u32::try_from(n.max(1)).unwrap_or(u32::MAX))
}

/// Runs the suite.
///
/// # Errors
/// When the mock does not start or a request fails.
pub async fn run(config: OauthConfig) -> Result<SuiteReport, String> {
    let mut suite = SuiteReport::new(TITLE);
    let mock = MockServer::start_with(MockConfig::default().scenario(scenario()?))
        .await
        .map_err(|e| e.to_string())?;
    {
        let store = mock.store();
        let mut store = store.write().map_err(|_| "store lock poisoned")?;
        synth::load_users(&mut store, 0..config.users).map_err(|e| e.to_string())?;
    }
    let oauth = mock.state().oauth.clone();
    suite.note(format!(
        "An in-process okta-mock ({} build, no rate limits) with {} synthetic users and a \
         service app that requires DPoP; okta-client in PrivateKey mode with `DpopMode::Auto` \
         (RS256 assertions, an ES256 DPoP key of its own).",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        config.users
    ));

    // 1. Tokens minted during the listing.
    let client = dpop_client(&mock.base_url())?;
    let started = Instant::now();
    let mut pages = Box::pin(client.users().list().limit(config.limit).pages());
    let mut listed = 0usize;
    while let Some(page) = pages.next().await {
        listed += page.map_err(|e| e.to_string())?.items.len();
    }
    let listing = started.elapsed();
    let minted = client.tokens_minted();
    let journal = mock.journal();
    let token_requests = journal
        .iter()
        .filter(|e| e.path == "/oauth2/v1/token")
        .count();
    let dpop_pages = journal
        .iter()
        .filter(|e| e.path == "/api/v1/users" && e.credential.as_deref() == Some("DPoP"))
        .count();
    let mut table = Table::new(&[
        "listing",
        "users",
        "pages (DPoP)",
        "seconds",
        "tokens minted",
        "token requests",
    ]);
    table.row(vec![
        format!("all users, limit {}", config.limit),
        listed.to_string(),
        dpop_pages.to_string(),
        format!("{:.1}", listing.as_secs_f64()),
        minted.to_string(),
        token_requests.to_string(),
    ]);
    suite.tables.push(table);
    suite.note(
        "Token requests: the first without a proof (Okta's `invalid_dpop_proof` turns DPoP on), \
         the second without the nonce (`use_dpop_nonce`), the third mints; the token lives an \
         hour, longer than the listing.",
    );
    suite.target(
        format!("tokens minted while listing {listed} users"),
        "exactly 1",
        format!("{minted} (the mock issued {})", oauth.tokens_issued()),
        Verdict::from_check(
            minted == 1 && oauth.tokens_issued() == 1 && listed == config.users,
            format!("{minted} tokens for {listed} users"),
        ),
    );

    // 2. Per-request cost: the same GET with an API token and with a DPoP token and proof.
    let first_id = {
        let store = mock.store();
        let store = store.read().map_err(|_| "store lock poisoned")?;
        let page = store
            .users()
            .list(&UserQuery::default(), &PageRequest::first(1))
            .map_err(|e| e.to_string())?;
        page.items
            .first()
            .map(|u| u.id.to_string())
            .ok_or("the org has no user")?
    };
    let path = format!("/api/v1/users/{first_id}");
    let ssws = mock.client().map_err(|e| e.to_string())?;
    let dpop = dpop_client(&mock.base_url())?;
    // Interleaved halves, so that a change in the machine's load hits both sides alike.
    let half = config.requests / 2;
    let mut ssws_total = Duration::ZERO;
    let mut dpop_total = Duration::ZERO;
    for _ in 0..2 {
        ssws_total += time_requests(&ssws, &path, half).await?;
        dpop_total += time_requests(&dpop, &path, half).await?;
    }
    let (ssws_mean, dpop_mean) = (ssws_total / 2, dpop_total / 2);
    let ratio = dpop_mean.as_secs_f64() / ssws_mean.as_secs_f64().max(1e-9);
    let mut costs = Table::new(&["credential", "requests", "mean per request (µs)"]);
    costs.row(vec![
        "SSWS API token".into(),
        (half * 2).to_string(),
        format!("{:.0}", ssws_mean.as_secs_f64() * 1e6),
    ]);
    costs.row(vec![
        "DPoP token + proof (client signs ES256, mock verifies)".into(),
        (half * 2).to_string(),
        format!("{:.0}", dpop_mean.as_secs_f64() * 1e6),
    ]);
    suite.tables.push(costs);
    suite.note(format!(
        "Per-request cost: `GET {}` one at a time over keep-alive, {} requests per credential \
         in two interleaved halves; each DPoP request carries a fresh proof (new jti, ath) that \
         the mock verifies and records against replay.",
        "/api/v1/users/{id}",
        half * 2
    ));
    suite.target(
        "DPoP / SSWS time per request",
        "reported (no target in the issue)",
        format!(
            "{ratio:.2}× ({:.0} / {:.0} µs)",
            dpop_mean.as_secs_f64() * 1e6,
            ssws_mean.as_secs_f64() * 1e6
        ),
        Verdict::Met,
    );
    mock.shutdown().await;
    Ok(suite)
}
