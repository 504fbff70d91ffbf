//! The Office 365 Immutable ID flow for users in several Active Directory instances.
//!
//! Okta's default Office 365 mapping (`hasDirectoryUser() ? findDirectoryUser().externalId :
//! null`) leaves the Immutable ID of a user in two AD instances `null`. This flow does what the
//! admin's no-code workaround does — read the user, skip a DEPROVISIONED one, require the Office
//! 365 group, take the `externalId` from the first AD instance in a preference order that holds
//! a usable one, and write it to the office365 app user's `profile.immutableId` — but with typed
//! outcomes, an audit trail, a dry run by default, and the one rule the workaround gets wrong:
//! only a 404 E0000007 means "not in this AD"; a 429, a 5xx or a timeout is an `error` for that
//! user and never a reason to fall back to the next directory.
//!
//! Two more rules keep a person from being joined to somebody else's account. The order of the
//! AD instances picks between instances holding different values only when a person chose it
//! ([`FlowConfig::prefer`]); otherwise such a user is a [`Outcome::Conflict`]. And a value that
//! another office365 app user already holds, or that two users of the run would both get, is
//! never written: [`Outcome::DuplicateImmutableId`] for each of them (see [`Holders`]).
//!
//! Two modes share one pure [`decide`] function (facts in, [`Outcome`] out), so they agree on
//! every user: [`Selection::Users`] reads one login at a time; [`Selection::All`] reads the org
//! in bulk (pages of 500) and writes only the differences with bounded concurrency.
//!
//! ```no_run
//! use okta_scenarios::immutable_id::{FlowConfig, Selection, run_immutable_id};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = okta_client::Client::from_env()?;
//! let config = FlowConfig {
//!     selection: Selection::All,
//!     prefer: vec!["corp.example.com".into(), "emea.example.com".into()],
//!     group: Some("Office 365".into()),
//!     ..FlowConfig::default()
//! };
//! let report = run_immutable_id(&client, &config, &()).await?;
//! for user in &report.users {
//!     println!("{} {} {:?}", user.login, user.outcome, user.immutable_id);
//! }
//! eprintln!("{}", report.summary());
//! # Ok(())
//! # }
//! ```

mod attribute_write;
mod audit;
mod batch;
mod decision;
mod duplicates;
mod outcome;
mod per_user;
mod report;
mod run;
mod setup;
mod write;

pub use attribute_write::ViaAttribute;
pub use audit::AuditEntry;
pub use decision::{Decision, Needed, Office365User, Read, Rules, UserFacts, UserSummary, decide};
pub use duplicates::{Holders, claims_a_value, refuse_duplicates};
pub use outcome::Outcome;
pub use report::{Report, RequestCount, UserReport};
pub use run::{FlowError, Progress, run_immutable_id};
pub use setup::{FlowConfig, Selection, Setup, TargetApp, TargetGroup};
