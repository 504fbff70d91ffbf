//! The delivery journal (`GET /__mock/hooks/deliveries`): every call the mock made to a hook
//! receiver, or chose not to make (a dropped delivery), with the receiver's answer. Header
//! values are never kept (the auth header and custom headers may be secrets): only names.

use std::collections::VecDeque;
use std::sync::Mutex;

use serde::Serialize;
use serde_json::Value;

/// How many attempts the journal keeps; older ones are dropped first.
pub const JOURNAL_CAPACITY: usize = 10_000;

/// What became of one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// The receiver answered 2xx.
    Delivered,
    /// The receiver answered something else.
    Refused,
    /// No answer within the timeout.
    TimedOut,
    /// The connection failed.
    Failed,
    /// Dropped on purpose (a delivery fault): nothing was sent.
    Dropped,
}

/// One attempt at a call.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryRecord {
    /// The hook.
    pub hook_id: String,
    /// `delivery` (a POST of events) or `verification` (the GET challenge).
    pub kind: &'static str,
    /// The envelope's `eventId` (a repeated delivery shares it).
    pub event_id: Option<String>,
    /// 1 for the first attempt, 2 for Okta's one retry.
    pub attempt: u32,
    /// A repeat made on purpose (a delivery fault), not a retry.
    pub duplicate: bool,
    /// When it was sent (or dropped), ISO 8601.
    pub sent_at: String,
    /// The receiver's URI.
    pub uri: String,
    /// The names of the headers sent (values are never kept).
    pub headers: Vec<String>,
    /// The body sent (the envelope), none for a verification.
    pub body: Option<Value>,
    /// What became of it.
    pub outcome: Outcome,
    /// The receiver's status, when it answered.
    pub status: Option<u16>,
    /// The receiver's answer (text, at most 64 KiB), when it answered.
    pub answer: Option<String>,
    /// Why there was no answer.
    pub error: Option<String>,
    /// How long the attempt took, in milliseconds.
    pub duration_ms: u64,
}

/// The journal.
#[derive(Debug, Default)]
pub struct DeliveryJournal {
    records: Mutex<VecDeque<DeliveryRecord>>,
}

impl DeliveryJournal {
    /// Adds an attempt.
    pub fn record(&self, record: DeliveryRecord) {
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        if records.len() >= JOURNAL_CAPACITY {
            records.pop_front();
        }
        records.push_back(record);
    }

    /// Every attempt kept, oldest first.
    pub fn entries(&self) -> Vec<DeliveryRecord> {
        self.records
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned()
            .collect()
    }

    /// Forgets every attempt.
    pub fn clear(&self) {
        self.records
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}
