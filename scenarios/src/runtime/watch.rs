//! The watch loop: events from the System Log and from hooks, and the schedule's ticks, handled
//! one at a time by the engine until told to stop.
//!
//! One at a time on purpose: the done records are checked and written by a single task, so
//! an event arriving by hook and by log at the same moment cannot run twice.

use std::future::Future;
use std::time::Duration;

use futures::StreamExt as _;
use okta_client::models::Timestamp;
use tokio::time::Instant;

use super::engine::{Dispatched, Engine, EngineError, SourceCursor};
use super::event::FlowEvent;
use super::history::{RunRecord, RunStatus};
use super::sources::{HookServer, LogSource};

/// When a watch stops by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatchOptions {
    /// Stop after this many events (from either source, duplicates included).
    pub max_events: Option<u64>,
    /// Stop when no event has arrived for this long.
    pub until_idle: Option<Duration>,
    /// How often scheduled flows are checked (they run when their period has passed).
    pub schedule_tick: Duration,
}

impl Default for WatchOptions {
    fn default() -> Self {
        Self {
            max_events: None,
            until_idle: None,
            schedule_tick: Duration::from_secs(60),
        }
    }
}

/// What a watch reports as it goes.
#[derive(Debug)]
pub enum WatchReport<'a> {
    /// An event and what the engine did with it.
    Event(&'a FlowEvent, &'a Dispatched),
    /// Scheduled runs.
    Scheduled(&'a [RunRecord]),
    /// A source failed for a moment (the poll tries again after its interval).
    SourceError(String),
}

/// Why a watch stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// The stop future completed (Ctrl-C).
    Interrupted,
    /// `max_events` events were handled.
    MaxEvents,
    /// No event for `until_idle`.
    Idle,
    /// Every source ended.
    SourcesEnded,
}

/// What a watch did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchSummary {
    /// Events received (from either source).
    pub events: u64,
    /// Runs recorded (own-write skips included).
    pub runs: u64,
    /// Of which failed.
    pub failed: u64,
    /// Events some flow had already handled (redeliveries, replays).
    pub duplicates: u64,
    /// Why it stopped.
    pub stopped: StopReason,
}

/// The event sources of a watch.
#[derive(Debug, Default)]
pub struct Sources {
    /// The System Log poll.
    pub log: Option<LogSource>,
    /// The event hook receiver (served for as long as the watch runs).
    pub hooks: Option<HookServer>,
}

/// Runs the engine over the sources until `stop` completes, `options` says so, or every source
/// has ended. Stops between events, never in the middle of one. Scheduled flows are checked at
/// the start and then every `schedule_tick`.
///
/// # Errors
/// The engine's errors (the state store failed): the watch stops at once.
pub async fn watch(
    engine: &Engine,
    mut sources: Sources,
    options: &WatchOptions,
    stop: impl Future<Output = ()>,
    report: &mut dyn FnMut(WatchReport<'_>),
) -> Result<WatchSummary, EngineError> {
    tokio::pin!(stop);
    let mut summary = WatchSummary {
        events: 0,
        runs: 0,
        failed: 0,
        duplicates: 0,
        stopped: StopReason::SourcesEnded,
    };
    let scheduled = engine.has_schedules();
    let mut tick = tokio::time::interval(options.schedule_tick);
    let idle = options.until_idle;
    let mut idle_at = idle.map(|d| Instant::now() + d);
    let log_key = sources.log.as_ref().map(|l| l.key().to_owned());
    loop {
        if options.max_events.is_some_and(|max| summary.events >= max) {
            summary.stopped = StopReason::MaxEvents;
            break;
        }
        if sources.log.is_none() && sources.hooks.is_none() && !scheduled {
            summary.stopped = StopReason::SourcesEnded;
            break;
        }
        let idle_timer = async {
            match idle_at {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        let log_next = async {
            match sources.log.as_mut() {
                Some(log) => log.poll.next().await,
                None => std::future::pending().await,
            }
        };
        let hook_next = async {
            match sources.hooks.as_mut() {
                Some(hooks) => hooks.events.recv().await,
                None => std::future::pending().await,
            }
        };
        // Branch bodies run after the select is decided: an event being handled is never cut
        // short by `stop`.
        tokio::select! {
            biased;
            () = &mut stop => {
                summary.stopped = StopReason::Interrupted;
                break;
            }
            _ = tick.tick(), if scheduled => {
                let records = engine.run_due(Timestamp::now()).await?;
                if !records.is_empty() {
                    count(&mut summary, &records);
                    report(WatchReport::Scheduled(&records));
                }
            }
            polled = log_next => match polled {
                Some(Ok(polled)) => {
                    let cursor = SourceCursor {
                        source: log_key.clone().unwrap_or_default(),
                        cursor: polled.cursor.to_string(),
                    };
                    let event = FlowEvent::from_log(polled.event);
                    let done = engine.handle_event(&event, Some(&cursor)).await?;
                    handled(&mut summary, &event, &done, report);
                    idle_at = idle.map(|d| Instant::now() + d);
                }
                Some(Err(e)) => report(WatchReport::SourceError(format!("System Log: {e}"))),
                None => sources.log = None,
            },
            delivered = hook_next => match delivered {
                Some(delivered) => {
                    let event = FlowEvent::from_hook(delivered);
                    let done = engine.handle_event(&event, None).await?;
                    handled(&mut summary, &event, &done, report);
                    idle_at = idle.map(|d| Instant::now() + d);
                }
                None => sources.hooks = None,
            },
            () = idle_timer => {
                summary.stopped = StopReason::Idle;
                break;
            }
        }
    }
    Ok(summary)
}

fn handled(
    summary: &mut WatchSummary,
    event: &FlowEvent,
    done: &Dispatched,
    report: &mut dyn FnMut(WatchReport<'_>),
) {
    summary.events += 1;
    if !done.already_done.is_empty() {
        summary.duplicates += 1;
    }
    count(summary, &done.runs);
    report(WatchReport::Event(event, done));
}

fn count(summary: &mut WatchSummary, runs: &[RunRecord]) {
    summary.runs += runs.len() as u64;
    summary.failed += runs
        .iter()
        .filter(|r| r.status == RunStatus::Failed)
        .count() as u64;
}
