//! Capturing an org into a scenario file: read users, groups, apps and app users through
//! okta-client, keep only what was selected (by default what a flow needs), replace personal
//! data by stable pseudonyms, and write a [`Scenario`] that okta-mock loads, so a real org's
//! failing users become an offline regression case.
//!
//! ```no_run
//! use okta_scenarios::capture::{CaptureConfig, Pseudonyms, capture};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = okta_client::Client::builder()
//!     .org_url("https://acme.okta.com")
//!     .api_token("…")
//!     .throttle(true)
//!     .build()?;
//! let config = CaptureConfig {
//!     groups: vec!["Office 365".into()],
//!     pseudonyms: Some(Pseudonyms::random()),
//!     ..CaptureConfig::default()
//! };
//! let captured = capture(&client, &config, &()).await?;
//! std::fs::write("captured.json", captured.scenario.to_json_pretty())?;
//! for skipped in &captured.skipped {
//!     eprintln!("skipped: {skipped}");
//! }
//! # Ok(())
//! # }
//! ```

mod anonymize;
mod build;
mod pseudonym;
mod read;
mod secrets;

pub use anonymize::{anonymize, anonymize_profile};
pub use pseudonym::{MIN_SALT_LEN, Pseudonyms, ShortSalt};
pub use secrets::scrub_settings;

use okta_client::Client;
use okta_mock::scenario::Scenario;

/// What a flow needs captured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Flow {
    /// Nothing beyond the explicit selection.
    None,
    /// The Immutable ID flow: the AD instances and office365 apps, and the app users of the
    /// selected users in them; when no user is named (`users`, `search`, `apps`), every
    /// office365 app user is selected besides the members of the given groups.
    #[default]
    ImmutableId,
}

/// What to capture and how.
#[derive(Debug, Clone, Default)]
pub struct CaptureConfig {
    /// What a flow needs: its apps, and its users unless users are named.
    pub flow: Flow,
    /// Groups by name: their members are selected and their memberships written.
    pub groups: Vec<String>,
    /// Users by login (or id).
    pub users: Vec<String>,
    /// Apps by label or id: their app users are selected, and the apps captured.
    pub apps: Vec<String>,
    /// A `search` expression on users (`profile.department eq "Sales"`).
    pub search: Option<String>,
    /// At most this many users (the first ones found); the rest are reported skipped.
    pub max_users: Option<usize>,
    /// Pseudonymize with these keys; `None` writes the org as it is (`--no-anonymize`).
    pub pseudonyms: Option<Pseudonyms>,
}

/// Something left out of the capture, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// What was left out.
    pub what: String,
    /// Why.
    pub why: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.what, self.why)
    }
}

/// The result of a capture.
#[derive(Debug, Clone)]
pub struct Captured {
    /// The scenario, ready to write.
    pub scenario: Scenario,
    /// What was left out, and why.
    pub skipped: Vec<Skipped>,
    /// How many requests the capture sent (pages and single reads).
    pub requests: usize,
}

/// Told how far a capture has got; `()` ignores it.
pub trait Progress: Sync {
    /// A new stage begins (`listing apps`, `reading app users of corp.example.com`).
    fn stage(&self, name: &str);
    /// One more request answered.
    fn request(&self);
}

impl Progress for () {
    fn stage(&self, _: &str) {}
    fn request(&self) {}
}

/// Why a capture could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// A read failed (after the client's retries and rate-limit waits).
    #[error("{what}: {source}")]
    Read {
        /// What was being read.
        what: String,
        /// The client's error.
        #[source]
        source: okta_client::Error,
    },
    /// The selection names something the org does not have, or nothing at all is asked for.
    #[error("{0}")]
    Selection(String),
}

/// Reads the org as configured and builds the (pseudonymized) scenario.
///
/// # Errors
/// [`CaptureError::Read`] when a listing or read fails; [`CaptureError::Selection`] when a
/// named group or app does not exist or nothing at all is selected.
pub async fn capture(
    client: &Client,
    config: &CaptureConfig,
    progress: &dyn Progress,
) -> Result<Captured, CaptureError> {
    let org = read::read_org(client, config, progress).await?;
    let requests = org.requests;
    let (mut scenario, skipped) = build::scenario(org);
    if let Some(p) = &config.pseudonyms {
        anonymize(&mut scenario, p);
    }
    Ok(Captured {
        scenario,
        skipped,
        requests,
    })
}
