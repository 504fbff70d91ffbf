//! The journal: a bounded record of the requests the mock received, for tests to inspect.

use std::collections::VecDeque;
use std::sync::Mutex;

use okta_client::models::Timestamp;
use serde::Serialize;

/// One request as received, with the answer's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
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
    /// The credential the request was allowed with: `SSWS` or `Bearer` (none when refused).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
    /// The access token's scopes, space separated (access tokens only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<String>,
}

/// A request as the middleware sees it, borrowed: [`Journal::record_borrowed`] copies it into
/// the slot of the entry it drops, reusing that entry's strings.
#[derive(Debug, Clone, Copy)]
pub struct JournalRecord<'a> {
    /// When the request arrived (the mock's clock).
    pub at: Timestamp,
    /// The HTTP method.
    pub method: &'a str,
    /// The path, percent-encoded as received.
    pub path: &'a str,
    /// The raw query string, if any.
    pub query: Option<&'a str>,
    /// The status answered; 0 when the connection was dropped by an injected reset.
    pub status: u16,
    /// The `X-Okta-Request-Id` answered.
    pub request_id: &'a str,
    /// The client's `X-Okta-Retry-For` header, on retries.
    pub retry_for: Option<&'a str>,
    /// The client's `X-Okta-Retry-Count` header, on retries.
    pub retry_count: Option<&'a str>,
    /// The credential kind the request was allowed with.
    pub credential: Option<&'a str>,
    /// The access token's scopes.
    pub scopes: Option<&'a str>,
}

impl JournalRecord<'_> {
    fn to_entry(self) -> JournalEntry {
        JournalEntry {
            at: self.at,
            method: self.method.to_owned(),
            path: self.path.to_owned(),
            query: self.query.map(str::to_owned),
            status: self.status,
            request_id: self.request_id.to_owned(),
            retry_for: self.retry_for.map(str::to_owned),
            retry_count: self.retry_count.map(str::to_owned),
            credential: self.credential.map(str::to_owned),
            scopes: self.scopes.map(str::to_owned),
        }
    }

    /// Overwrites `entry`, keeping its strings' buffers.
    fn write_into(self, entry: &mut JournalEntry) {
        fn set(to: &mut String, from: &str) {
            to.clear();
            to.push_str(from);
        }
        fn set_opt(to: &mut Option<String>, from: Option<&str>) {
            match (to.as_mut(), from) {
                (Some(to), Some(from)) => set(to, from),
                (_, from) => *to = from.map(str::to_owned),
            }
        }
        entry.at = self.at;
        set(&mut entry.method, self.method);
        set(&mut entry.path, self.path);
        set_opt(&mut entry.query, self.query);
        entry.status = self.status;
        set(&mut entry.request_id, self.request_id);
        set_opt(&mut entry.retry_for, self.retry_for);
        set_opt(&mut entry.retry_count, self.retry_count);
        set_opt(&mut entry.credential, self.credential);
        set_opt(&mut entry.scopes, self.scopes);
    }
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

    /// Appends a borrowed request, dropping the oldest entry when full. A full journal reuses
    /// the dropped entry's strings, so recording allocates nothing in steady state (freeing
    /// them, often on another thread than the one that allocated them, contended the
    /// allocator at tens of thousands of requests a second).
    pub fn record_borrowed(&self, record: JournalRecord<'_>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() == self.capacity {
            if let Some(mut oldest) = entries.pop_front() {
                record.write_into(&mut oldest);
                entries.push_back(oldest);
                return;
            }
        }
        entries.push_back(record.to_entry());
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
            credential: None,
            scopes: None,
        }
    }

    #[test]
    fn a_full_journal_reuses_its_oldest_entry_for_a_borrowed_record() {
        let journal = Journal::new(2);
        journal.record(entry(200));
        let mut with_query = entry(201);
        with_query.query = Some("limit=2".into());
        with_query.retry_count = Some("1".into());
        journal.record(with_query);
        let at = Timestamp::now();
        let borrowed = JournalRecord {
            at,
            method: "POST",
            path: "/api/v1/groups",
            query: Some("q=a"),
            status: 204,
            request_id: "rid",
            retry_for: Some("old"),
            retry_count: None,
            credential: Some("Bearer"),
            scopes: Some("okta.groups.manage"),
        };
        journal.record_borrowed(borrowed);
        journal.record_borrowed(JournalRecord {
            query: None,
            ..borrowed
        });
        let entries = journal.entries();
        let expected = JournalEntry {
            at,
            method: "POST".into(),
            path: "/api/v1/groups".into(),
            query: Some("q=a".into()),
            status: 204,
            request_id: "rid".into(),
            retry_for: Some("old".into()),
            retry_count: None,
            credential: Some("Bearer".into()),
            scopes: Some("okta.groups.manage".into()),
        };
        assert_eq!(entries[0], expected);
        assert_eq!(
            entries[1],
            JournalEntry {
                query: None,
                ..expected
            }
        );
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
