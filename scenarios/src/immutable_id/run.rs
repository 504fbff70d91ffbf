//! The flow's library entry point.

use okta_client::Client;
use okta_client::directory::{OrderChosen, Policy, Strictness};

use super::attribute_write::verify_listed;
use super::batch::run_batch;
use super::decision::Rules;
use super::per_user::{Writing, run_users};
use super::report::{Report, UserReport};
use super::setup::{FlowConfig, Selection, resolve_setup};

/// Why a run could not start or had to stop as a whole. Per-user failures are never this:
/// they are [`Outcome::Error`](super::Outcome::Error) lines in the [`Report`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FlowError {
    /// The configuration does not fit the org (no office365 app, an unknown AD label, …).
    #[error("{0}")]
    Config(String),
    /// A write through `--via-attribute` did not reach the Office 365 app user: the org's
    /// mapping does not carry the attribute. Nothing was written after it.
    #[error("{0}")]
    MappingNotCarried(String),
    /// A read the whole run depends on failed.
    #[error("{what}: {source}")]
    Read {
        /// What was being read.
        what: &'static str,
        /// The client's error.
        #[source]
        source: okta_client::Error,
    },
}

impl FlowError {
    pub(crate) fn read(what: &'static str, source: okta_client::Error) -> Self {
        FlowError::Read { what, source }
    }
}

/// Told how a run progresses (the CLI draws a progress bar with it).
pub trait Progress: Sync {
    /// The number of users is known.
    fn start(&self, total: usize);
    /// One user is done.
    fn done(&self, user: &UserReport);
}

/// No progress reporting.
impl Progress for () {
    fn start(&self, _total: usize) {}
    fn done(&self, _user: &UserReport) {}
}

/// Runs the Immutable ID flow against an org.
///
/// # Errors
/// [`FlowError::Config`] when the office365 app, an AD instance or the group cannot be found;
/// [`FlowError::Read`] when listing the apps, the group or (batch mode) the users fails.
pub async fn run_immutable_id(
    client: &Client,
    config: &FlowConfig,
    progress: &dyn Progress,
) -> Result<Report, FlowError> {
    let mut setup_audit = Vec::new();
    let setup = resolve_setup(client, config, &mut setup_audit).await?;
    let order_chosen = !config.prefer.is_empty();
    let order = order_chosen.then(|| {
        let labels: Vec<&str> = setup.instances.iter().map(|i| i.label.as_str()).collect();
        let origin = config
            .prefer_origin
            .as_deref()
            .unwrap_or("FlowConfig::prefer");
        format!("{origin} {}", labels.join(" > "))
    });
    let rules = Rules {
        group_required: setup.group.is_some(),
        policy: Policy::for_order(
            if order_chosen {
                OrderChosen::Yes
            } else {
                OrderChosen::No
            },
            if config.strict {
                Strictness::Strict
            } else {
                Strictness::Lenient
            },
        ),
        order,
    };
    let mut bulk_audit = Vec::new();
    let (mode, users) = match &config.selection {
        Selection::All => {
            let users = run_batch(
                client,
                &setup,
                &rules,
                config.apply,
                config.concurrency,
                &mut bulk_audit,
                progress,
            )
            .await?;
            let mut users = users;
            if let Some(via) = &setup.via_attribute {
                verify_listed(client, &setup, via, &mut users, &mut bulk_audit).await;
            }
            ("batch", users)
        }
        Selection::Users(logins) => {
            let writing = Writing {
                apply: config.apply,
                concurrency: config.concurrency,
            };
            let users = run_users(
                client,
                &setup,
                &rules,
                logins,
                writing,
                &mut bulk_audit,
                progress,
            )
            .await;
            ("per_user", users)
        }
    };
    if let Some(why) = setup.via_attribute.as_ref().and_then(|v| v.broken()) {
        return Err(FlowError::MappingNotCarried(why));
    }
    Ok(Report {
        mode,
        dry_run: !config.apply,
        setup,
        setup_audit,
        bulk_audit,
        users,
    })
}
