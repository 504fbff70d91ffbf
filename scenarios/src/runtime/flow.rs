//! The flow interface: triggers in, typed outcomes per target out.

use std::future::Future;
use std::pin::Pin;

use super::context::FlowContext;
use super::error::FlowError;
use super::outcome::TargetOutcome;
use super::trigger::{Trigger, TriggerSpec};

/// The future a [`Flow`] run returns.
pub type FlowFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Vec<TargetOutcome>, FlowError>> + Send + 'a>>;

/// A flow: what starts it, and what it does for one trigger.
///
/// A run reads and writes through [`FlowContext::client`], makes its Okta writes with
/// [`FlowContext::guarded_write`] (so its own writes never retrigger it), converges (reads
/// first and writes only what differs, so running twice is safe), writes nothing in a dry run,
/// and returns one [`TargetOutcome`] per target. An `Err` is a failure of the whole run: the
/// runtime retries it by policy and then records it on the flow's error path. A failure that
/// concerns one target only is that target's [`TargetStatus::Failed`](super::TargetStatus).
pub trait Flow: Send + Sync {
    /// The flow's stable name (`group-flag`, `offboarding`, …): the key of its state, its
    /// history and its name on the command line.
    fn name(&self) -> &'static str;

    /// What starts it.
    fn triggers(&self) -> Vec<TriggerSpec>;

    /// Handles one trigger.
    fn run<'a>(&'a self, ctx: &'a FlowContext, trigger: &'a Trigger) -> FlowFuture<'a>;
}
