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
//! - [`Engine`]: dispatches triggers to flows, skips what is done or a flow's own write,
//!   retries by [`RetryPolicy`], records every run ([`RunRecord`]); its docs give the
//!   order of effects that makes a crash at any point safe.
//! - [`LogSource`] and [`HookServer`]: the System Log poll and the event hook receiver;
//!   [`watch`] runs the engine over them.

mod context;
mod engine;
mod error;
mod event;
mod flow;
mod history;
mod notify;
mod outcome;
mod retry;
mod run;
mod schedule;
mod sources;
mod state;
mod trigger;
mod watch;

pub use context::{DEFAULT_ECHO_TTL, FlowContext, FlowTable};
#[doc(hidden)]
pub use engine::CrashPoint;
pub use engine::{Dispatched, Engine, EngineError, SourceCursor};
pub use error::{FlowError, StateError};
pub use event::{EventSource, FlowEvent};
pub use flow::{Flow, FlowFuture};
pub use history::{RunQuery, RunRecord, RunStatus};
pub use notify::{LogNotifier, Notification, Notifier, NotifyFuture, WebhookNotifier};
pub use outcome::{Action, TargetOutcome, TargetStatus};
pub use retry::RetryPolicy;
pub use sources::{HOOK_PATH, HookServer, LogSource, log_filter, register_hook};
pub use state::StateStore;
pub use trigger::{Selection, Trigger, TriggerSpec};
pub use watch::{Sources, StopReason, WatchOptions, WatchReport, WatchSummary, watch};
