//! Okta flows as code, and the `okta-flows` CLI that runs them against a real org or the
//! embedded okta-mock.
//!
//! The one flow so far is [`immutable_id`]: setting the Office 365 Immutable ID of users who are
//! in several Active Directory instances, which Okta's default mapping leaves `null`.
//!
//! # Quick start
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use okta_scenarios::immutable_id::{FlowConfig, Outcome, run_immutable_id};
//!
//! // An embedded mock org with the default multi-AD scenario:
//! let server = okta_mock::MockServer::start_with(
//!     okta_mock::MockConfig::default().scenario(okta_mock::scenario::default_scenario()),
//! )
//! .await?;
//! let client = okta_client::Client::builder()
//!     .org_url(server.base_url())
//!     .api_token(server.token())
//!     .build()?;
//! // A dry run over every office365 app user, reading the org in bulk:
//! let report = run_immutable_id(&client, &FlowConfig::default(), &()).await?;
//! println!("{}", report.summary());
//! assert!(report.users.iter().any(|u| u.outcome == Outcome::WouldUpdate));
//! # Ok(())
//! # }
//! ```
//!
//! The CLI's library entry point is [`cli::run`]; the binary only parses arguments and calls it.

pub mod capture;
pub mod cli;
pub mod flows;
pub mod immutable_id;
pub mod runtime;
