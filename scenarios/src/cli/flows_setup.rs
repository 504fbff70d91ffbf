//! What `watch` and `run` share: the org (or the embedded demo org), the flows with their
//! configuration, the state store and the notifier, put together into an engine.

use std::path::Path;
use std::sync::Arc;

use okta_client::Client;
use okta_mock::{MockConfig, MockServer};

use super::flows_args::{DEFAULT_STATE_FILE, EngineArgs, OrgArgs};
use super::target::{Pacing, Target, TargetError, connect};
use crate::flows::{self, FlowsConfig};
use crate::runtime::{Engine, LogNotifier, Notifier, StateStore, WebhookNotifier};

/// The org: the configured one, a `--scenario` file on the embedded mock, or the embedded
/// demo org (`demo` is then true) when no org is configured.
pub(crate) async fn flows_target(
    org: &OrgArgs,
    configured_elsewhere: bool,
    note: &mut dyn FnMut(String),
) -> Result<Target, TargetError> {
    let explicit = org.org_url.is_some() || org.token.is_some() || org.token_file.is_some();
    let use_mock = org.mock || org.scenario.is_some() || !(explicit || configured_elsewhere);
    if !use_mock || org.scenario.is_some() {
        return connect(
            &org.as_connect_args(),
            configured_elsewhere,
            Pacing::OnLimit,
            note,
        )
        .await;
    }
    let demo = flows::demo_scenario().map_err(|message| TargetError::Scenario {
        path: "cases/flows/*.json".into(),
        message,
    })?;
    let server = MockServer::start_with(MockConfig::default().scenario(demo)).await?;
    let why = if org.mock {
        "as asked"
    } else {
        "because no Okta org is configured (--org-url and --token, or OKTA_CLIENT_ORGURL and \
         OKTA_CLIENT_TOKEN, or okta.yaml)"
    };
    note(format!(
        "okta-flows: running against the embedded okta-mock at {} with the flows' demo org, {why}",
        server.base_url()
    ));
    let client = Client::builder()
        .org_url(server.base_url())
        .api_token(server.token())
        .build()?;
    Ok(Target {
        client,
        mock: Some(server),
        demo: true,
    })
}

/// The engine for `flows` (every flow when empty) on `target`.
///
/// The state: a dry run keeps it in memory (it must never mark events done where an
/// `--apply` run would read them); an applying run uses `--state`, else, on an org,
/// `./okta-flows.db`, and on the embedded mock (whose org is new each time) memory.
///
/// # Errors
/// A message saying what to fix: an unknown flow, a bad flows configuration, a state file
/// that cannot be opened, a webhook URL that does not parse.
pub(crate) fn build_engine(
    args: &EngineArgs,
    flows: &[String],
    target: &Target,
    note: &mut dyn FnMut(String),
) -> Result<Engine, String> {
    let config = match &args.flows_config {
        Some(path) => FlowsConfig::load(path).map_err(|e| e.to_string())?,
        None => FlowsConfig::default(),
    };
    let flows = flows::build(flows, &config).map_err(|e| e.to_string())?;
    let retry = config.retry().map_err(|e| e.to_string())?;
    let state = if !args.apply {
        if args.state.is_some() {
            note("okta-flows: a dry run neither reads nor writes --state: its state is kept in memory".into());
        }
        StateStore::in_memory()
    } else {
        match (&args.state, target.mock.is_some()) {
            (Some(path), _) => open_state(path),
            (None, true) => StateStore::in_memory(),
            (None, false) => open_state(Path::new(DEFAULT_STATE_FILE)),
        }
    }
    .map_err(|e| e.to_string())?;
    let notifier: Arc<dyn Notifier> = match &args.notify_webhook {
        Some(url) => {
            let url = url.parse().map_err(|e| {
                format!("--notify-webhook is not a URL ({e}): give the full https://… address")
            })?;
            Arc::new(WebhookNotifier::new(url).map_err(|e| e.to_string())?)
        }
        None => Arc::new(LogNotifier),
    };
    Ok(
        Engine::new(target.client.clone(), Arc::new(state), notifier)
            .flows(flows)
            .retry(retry)
            .apply(args.apply),
    )
}

fn open_state(path: &Path) -> Result<StateStore, crate::runtime::StateError> {
    StateStore::open(path)
}
