//! The flow runtime: flows declare triggers (System Log event types, a schedule, or a manual
//! run over a selection), run through okta-client, keep durable state, and return typed
//! outcomes per target that are recorded in a run history.
//!
//! - [`Flow`]: the interface a flow implements.
//! - [`FlowContext`]: what one run gets: the client, dry run or apply, the flow's tables, the
//!   loop guard ([`FlowContext::guarded_write`]) and the notifier.
//! - [`StateStore`]: cursors, "already done" records, tables, expected echoes and runs, in one
//!   SQLite file.
//! - [`Notifier`]: [`LogNotifier`] and [`WebhookNotifier`].

mod context;
mod error;
mod event;
mod flow;
mod notify;
mod outcome;
mod state;
mod trigger;

pub use context::{DEFAULT_ECHO_TTL, FlowContext, FlowTable};
pub use error::{FlowError, StateError};
pub use event::{EventSource, FlowEvent};
pub use flow::{Flow, FlowFuture};
pub use notify::{LogNotifier, Notification, Notifier, NotifyFuture, WebhookNotifier};
pub use outcome::{Action, TargetOutcome, TargetStatus};
pub use state::StateStore;
pub use trigger::{Selection, Trigger, TriggerSpec};
