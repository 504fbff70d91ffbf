//! The journal: a bounded record of the requests the mock received, for tests to inspect.

use std::collections::VecDeque;
use std::sync::Mutex;

use okta_client::models::Timestamp;
use serde::Serialize;

/// One request as received, with the answer's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// When the request arrived (the mock's clock).
    pub at: Timestamp,
    /// The HTTP method.
    pub method: String,
    /// The path, percent-encoded as received.
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// The status answered; 0 when the connection was dropped by an injected reset.
    pub status: u16,
    /// The `X-Okta-Request-Id` answered.
    pub request_id: String,
    /// The client's `X-Okta-Retry-For` header, on retries.
    pub retry_for: Option<String>,
    /// The client's `X-Okta-Retry-Count` header, on retries.
    pub retry_count: Option<String>,
}

/// A ring buffer of the most recent requests (oldest dropped first).
#[derive(Debug)]
pub struct Journal {
    capacity: usize,
    entries: Mutex<VecDeque<JournalEntry>>,
}

impl Journal {
    /// The default number of entries kept.
    pub const DEFAULT_CAPACITY: usize = 10_000;

    /// A journal keeping at most `capacity` entries (at least 1).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            capacity,
            entries: Mutex::new(VecDeque::with_capacity(capacity.min(1024))),
        }
    }

    /// Appends an entry, dropping the oldest when full.
    pub fn record(&self, entry: JournalEntry) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() == self.capacity {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// The entries, oldest first.
    pub fn entries(&self) -> Vec<JournalEntry> {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned()
            .collect()
    }

    /// Forgets every entry.
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

impl Default for Journal {
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAPACITY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u16) -> JournalEntry {
        JournalEntry {
            at: Timestamp::now(),
            method: "GET".into(),
            path: "/api/v1/users".into(),
            query: None,
            status: n,
            request_id: n.to_string(),
            retry_for: None,
            retry_count: None,
        }
    }

    #[test]
    fn a_full_journal_drops_its_oldest_entry() {
        let journal = Journal::new(2);
        for n in [200, 201, 202] {
            journal.record(entry(n));
        }
        let statuses: Vec<u16> = journal.entries().iter().map(|e| e.status).collect();
        assert_eq!(statuses, vec![201, 202]);
        journal.clear();
        assert!(journal.entries().is_empty());
    }
}
