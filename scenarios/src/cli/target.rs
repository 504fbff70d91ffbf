//! Where a run goes: the configured Okta org, or an embedded okta-mock when there is none.

use std::path::{Path, PathBuf};

use okta_client::auth::PrivateKeyAuth;
use okta_client::{Client, ClientBuilder};
use okta_mock::scenario::{Scenario, default_scenario};
use okta_mock::{MockConfig, MockServer};

use super::args::ImmutableIdArgs;

/// The org a run talks to. Holding it keeps an embedded mock alive.
#[derive(Debug)]
pub struct Target {
    /// The client for the org.
    pub client: Client,
    /// The embedded mock, when no org was configured.
    pub mock: Option<MockServer>,
    /// The embedded mock holds the demo org (the default scenario, not a `--scenario` file):
    /// see [`verdict`](super::verdict()) for what that changes.
    pub demo: bool,
}

/// Why no client could be made.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    /// The client configuration is wrong (the message never holds the token).
    #[error("{0}")]
    Client(#[from] okta_client::Error),
    /// The scenario file could not be read or parsed.
    #[error("scenario {path}: {message}")]
    Scenario {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The embedded mock did not start.
    #[error("the embedded okta-mock did not start: {0}")]
    Mock(#[from] okta_mock::StartError),
}

/// True when an org is configured outside the command line: `OKTA_CLIENT_ORGURL`,
/// `OKTA_CLIENT_TOKEN`, `./okta.yaml` or `~/.okta/okta.yaml`.
/// Where those are looked for is okta-client's rule ([`okta_client::config::config_files`]).
pub fn org_configured_elsewhere() -> bool {
    okta_client::config::configured_outside_code()
}

/// Chooses and builds the target. `note` receives what a human should know on stderr.
///
/// # Errors
/// A [`TargetError`] when the client cannot be configured or the mock cannot start.
pub async fn connect(
    args: &ImmutableIdArgs,
    configured_elsewhere: bool,
    pacing: Pacing,
    note: &mut dyn FnMut(String),
) -> Result<Target, TargetError> {
    let throttle = pacing == Pacing::Throttled;
    let explicit_org = args.org_url.is_some() || args.token().is_some() || args.client_id.is_some();
    let use_mock = args.mock || args.scenario.is_some() || !(explicit_org || configured_elsewhere);
    if !use_mock {
        let mut builder = ClientBuilder::from_env()?;
        if let Some(url) = &args.org_url {
            builder = builder.org_url(url.clone());
        }
        if let Some(token) = args.token() {
            builder = builder.api_token(token.expose());
        }
        if let (Some(id), Some(key)) = (&args.client_id, &args.private_key) {
            let scopes = match &args.scopes {
                Some(given) => vec![given.clone()],
                None => args
                    .scopes_needed()
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            };
            let key = key.to_string_lossy().into_owned();
            builder = builder.private_key_auth(PrivateKeyAuth::new(id.clone(), key).scopes(scopes));
        }
        let client = builder.throttle(throttle).build()?;
        return Ok(Target {
            client,
            mock: None,
            demo: false,
        });
    }
    let (scenario, name) = match &args.scenario {
        Some(path) => (read_scenario(path)?, path.display().to_string()),
        None => (
            default_scenario(),
            "the demo org (the default scenario: one user of each edge case)".to_owned(),
        ),
    };
    let server = MockServer::start_with(MockConfig::default().scenario(scenario)).await?;
    let why = if args.mock || args.scenario.is_some() {
        "as asked"
    } else {
        "because no Okta org is configured (--org-url and --token, or OKTA_CLIENT_ORGURL and \
         OKTA_CLIENT_TOKEN, or okta.yaml)"
    };
    note(format!(
        "okta-flows: running against the embedded okta-mock at {} with {name}, {why}",
        server.base_url()
    ));
    let client = Client::builder()
        .org_url(server.base_url())
        .api_token(server.token())
        .throttle(throttle)
        .build()?;
    Ok(Target {
        client,
        mock: Some(server),
        demo: args.scenario.is_none(),
    })
}

/// How the target's client paces itself against Okta's rate limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pacing {
    /// Requests go out as they come; a 429 is waited out until its reset.
    OnLimit,
    /// The proactive throttle: requests wait for their rate-limit family's reset before the
    /// family runs out (for reading a whole org, as a capture does).
    Throttled,
}

fn read_scenario(path: &Path) -> Result<Scenario, TargetError> {
    let fail = |message: String| TargetError::Scenario {
        path: path.to_owned(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    Scenario::from_json_str(&text).map_err(|e| fail(e.to_string()))
}
