//! `GET /api/v1/logs` over the stored events: bounded requests (an `until`, or `DESCENDING`)
//! page through a fixed window and end; polling requests (no `until`, `ASCENDING`) follow the
//! order events were stored in, and always hand out a `next` cursor, even on an empty page.
//!
//! Semantics from Okta's System Log API reference ("Bounded requests" / "Polling requests")
//! and the spec's parameters: `since` defaults to 7 days before `until` (or now), `limit`
//! to 100 and at most 1000, `sortOrder` to `ASCENDING`.

use std::collections::VecDeque;
use std::sync::Arc;

use super::LogRecord;
use super::filter::Filter;

/// Seven days, `since`'s default distance before `until`.
pub const DEFAULT_WINDOW_MS: i64 = 7 * 24 * 3600 * 1000;
/// `limit`'s default.
pub const DEFAULT_LIMIT: usize = 100;
/// `limit`'s maximum.
pub const MAX_LIMIT: usize = 1000;

/// A position in the log, as the opaque `after` value carries it: the event's `published`
/// time and its storage position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    /// Unix milliseconds.
    pub published: i64,
    /// Storage position (increasing in the order events were stored).
    pub pos: u64,
}

impl Cursor {
    /// The cursor of a stored event.
    pub fn of(r: &LogRecord) -> Self {
        Self {
            published: r.published,
            pos: r.pos,
        }
    }

    /// The `after` text.
    pub fn encode(self) -> String {
        format!("{}_{}", self.published, self.pos)
    }

    /// Reads an `after` text; `None` when it is not one of ours.
    pub fn decode(s: &str) -> Option<Self> {
        let (published, pos) = s.split_once('_')?;
        Some(Self {
            published: published.parse().ok()?,
            pos: pos.parse().ok()?,
        })
    }
}

/// A validated request.
#[derive(Debug, Clone, Default)]
pub struct LogQuery {
    /// Lower bound of `published` (Unix ms).
    pub since: Option<i64>,
    /// Upper bound of `published` (Unix ms); present makes the request bounded.
    pub until: Option<i64>,
    /// Where the previous page ended.
    pub after: Option<Cursor>,
    /// The `filter`.
    pub filter: Option<Filter>,
    /// The `q` keywords, lowercased; every one must occur in the event.
    pub keywords: Vec<String>,
    /// Page size.
    pub limit: usize,
    /// `sortOrder=DESCENDING`.
    pub descending: bool,
}

impl LogQuery {
    /// Whether this is a polling request (no `until`, ascending).
    pub fn is_polling(&self) -> bool {
        self.until.is_none() && !self.descending
    }

    fn admits(&self, r: &LogRecord, since: i64, until: Option<i64>) -> bool {
        r.published >= since
            && until.is_none_or(|u| r.published <= u)
            && self.filter.as_ref().is_none_or(|f| f.matches(&r.json))
            && self.keywords.iter().all(|k| r.text.contains(k.as_str()))
    }
}

/// One page of the answer.
#[derive(Debug, Clone, Default)]
pub struct LogPage {
    /// The events, in the requested order.
    pub events: Vec<Arc<LogRecord>>,
    /// The `after` of the `next` link; `None` ends a bounded request.
    pub next: Option<String>,
}

/// Runs `q` over `records` (stored order) at `now` (Unix ms).
pub fn run(records: &VecDeque<Arc<LogRecord>>, q: &LogQuery, now: i64) -> LogPage {
    if q.is_polling() {
        poll(records, q, now)
    } else {
        bounded(records, q, now)
    }
}

fn poll(records: &VecDeque<Arc<LogRecord>>, q: &LogQuery, now: i64) -> LogPage {
    let since = q.since.unwrap_or(now - DEFAULT_WINDOW_MS);
    let after = q.after.map_or(0, |c| c.pos);
    // Stored order is increasing `pos`; skip what the cursor has already handed out.
    let start = records.partition_point(|r| r.pos <= after);
    let events: Vec<Arc<LogRecord>> = records
        .iter()
        .skip(start)
        .filter(|r| q.admits(r, since, None))
        .take(q.limit)
        .cloned()
        .collect();
    // A polling request always has a next link: after the last event handed out, else where
    // the caller already was, else the current end of the log.
    let next = events
        .last()
        .map(|r| Cursor::of(r))
        .or(q.after)
        .or_else(|| records.back().map(|r| Cursor::of(r)))
        .unwrap_or(Cursor {
            published: now,
            pos: 0,
        });
    LogPage {
        events,
        next: Some(next.encode()),
    }
}

fn bounded(records: &VecDeque<Arc<LogRecord>>, q: &LogQuery, now: i64) -> LogPage {
    let until = q.until.unwrap_or(now);
    let since = q.since.unwrap_or(until - DEFAULT_WINDOW_MS);
    let mut hits: Vec<&Arc<LogRecord>> = records
        .iter()
        .filter(|r| q.admits(r, since, Some(until)))
        .filter(|r| match q.after {
            None => true,
            Some(c) if q.descending => Cursor::of(r) < c,
            Some(c) => Cursor::of(r) > c,
        })
        .collect();
    hits.sort_by_key(|r| Cursor::of(r));
    if q.descending {
        hits.reverse();
    }
    let more = hits.len() > q.limit;
    let events: Vec<Arc<LogRecord>> = hits.into_iter().take(q.limit).cloned().collect();
    let next = if more {
        events.last().map(|r| Cursor::of(r).encode())
    } else {
        None
    };
    LogPage { events, next }
}
