//! The journal: a bounded record of the requests the mock received, with their headers and
//! bodies, for tests to inspect and assert on.
//!
//! Bounded twice: at most [`Journal::DEFAULT_CAPACITY`] entries (the oldest dropped first), and
//! of each body only the first [`Journal::BODY_CAP`] bytes. Secrets are redacted (see
//! [`redact`] for exactly what): header credentials as they are recorded, body secrets when an
//! entry is read.
//!
//! Recording copies into the slot of the entry it drops, reusing its buffers, so a full
//! journal allocates nothing per request; bodies are copied rather than kept as shared
//! buffers, because a body's bytes share the connection's read buffer, which a kept body would
//! pin for as long as the entry lives.

mod query;
pub mod redact;

pub use query::JournalQuery;

use std::collections::VecDeque;
use std::fmt;
use std::sync::Mutex;

use axum::http::HeaderMap;
use okta_client::models::Timestamp;
use serde::{Serialize, Serializer};

use crate::sim::Route;

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
    /// The request's headers in the order received, names in lower case, credentials
    /// redacted (`authorization: SSWS <redacted>`). Serialized as an object; repeated names
    /// are joined with `, `.
    #[serde(serialize_with = "headers_as_object")]
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy UTF-8; JSON re-serialized compactly), secrets redacted; empty
    /// when there was none. At most [`Journal::BODY_CAP`] bytes of it were kept.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub body: String,
    /// True when the body was longer than [`Journal::BODY_CAP`] and only its start was kept.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub body_truncated: bool,
}

impl JournalEntry {
    /// The value of the header `name` (any case; the first one when repeated).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body decoded as JSON into `T` (after redaction), or `None` when it is not that.
    pub fn body_json<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(&self.body).ok()
    }

    /// True when this request is one of `route`'s.
    pub fn is(&self, route: &Route) -> bool {
        route.matches(&self.method, &self.path)
    }
}

impl fmt::Display for JournalEntry {
    /// `GET /api/v1/users?limit=2 → 200`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if let Some(q) = &self.query {
            write!(f, "?{q}")?;
        }
        write!(f, " → {}", self.status)
    }
}

fn headers_as_object<S: Serializer>(
    headers: &[(String, String)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut joined: Vec<(&str, String)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        match joined.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => {
                v.push_str(", ");
                v.push_str(value);
            }
            None => joined.push((name, value.clone())),
        }
    }
    serializer.collect_map(joined)
}

/// A request as the middleware sees it, borrowed: [`Journal::record_borrowed`] copies it into
/// the slot of the entry it drops, reusing that entry's buffers.
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
    /// The request's headers.
    pub headers: &'a HeaderMap,
    /// The request's body, whole (the journal keeps its start).
    pub body: &'a [u8],
}

/// A recorded request, as kept: the entry's fields, the headers as `name: value` lines with
/// credentials already redacted, and the start of the raw body.
#[derive(Clone, Default)]
struct Slot {
    at: Option<Timestamp>,
    method: String,
    path: String,
    query: Option<String>,
    status: u16,
    request_id: String,
    retry_for: Option<String>,
    retry_count: Option<String>,
    credential: Option<String>,
    scopes: Option<String>,
    headers: String,
    body: Vec<u8>,
    body_truncated: bool,
}

impl Slot {
    /// Overwrites the slot with `record`, keeping its buffers.
    fn write(&mut self, record: &JournalRecord<'_>) {
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
        self.at = Some(record.at);
        set(&mut self.method, record.method);
        set(&mut self.path, record.path);
        set_opt(&mut self.query, record.query);
        self.status = record.status;
        set(&mut self.request_id, record.request_id);
        set_opt(&mut self.retry_for, record.retry_for);
        set_opt(&mut self.retry_count, record.retry_count);
        set_opt(&mut self.credential, record.credential);
        set_opt(&mut self.scopes, record.scopes);
        self.headers.clear();
        for (name, value) in record.headers {
            redact::write_header(&mut self.headers, name, value);
        }
        let kept = record.body.len().min(Journal::BODY_CAP);
        self.body.clear();
        self.body.extend_from_slice(&record.body[..kept]);
        self.body_truncated = kept < record.body.len();
    }

    fn entry(&self) -> JournalEntry {
        let headers: Vec<(String, String)> = self
            .headers
            .lines()
            .filter_map(|line| line.split_once(": "))
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect();
        let content_type = headers
            .iter()
            .find(|(n, _)| n == "content-type")
            .map(|(_, v)| v.as_str());
        let body = redact::body_text(content_type, &self.body, self.body_truncated);
        JournalEntry {
            at: self.at.unwrap_or_else(Timestamp::now),
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            status: self.status,
            request_id: self.request_id.clone(),
            retry_for: self.retry_for.clone(),
            retry_count: self.retry_count.clone(),
            credential: self.credential.clone(),
            scopes: self.scopes.clone(),
            headers,
            body,
            body_truncated: self.body_truncated,
        }
    }
}

/// A ring buffer of the most recent requests (oldest dropped first).
pub struct Journal {
    capacity: usize,
    slots: Mutex<VecDeque<Slot>>,
}

impl fmt::Debug for Journal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The raw bodies may hold passwords: only the sizes are shown.
        f.debug_struct("Journal")
            .field("capacity", &self.capacity)
            .field("len", &self.lock().len())
            .finish()
    }
}

impl Journal {
    /// The default number of entries kept.
    pub const DEFAULT_CAPACITY: usize = 10_000;

    /// How many bytes of each request body are kept.
    pub const BODY_CAP: usize = 8 * 1024;

    /// A journal keeping at most `capacity` entries (at least 1).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            capacity,
            slots: Mutex::new(VecDeque::with_capacity(capacity.min(1024))),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Slot>> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Appends a borrowed request, dropping the oldest entry when full. A full journal reuses
    /// the dropped entry's buffers, so recording allocates nothing in steady state (freeing
    /// them, often on another thread than the one that allocated them, contended the
    /// allocator at tens of thousands of requests a second).
    pub fn record_borrowed(&self, record: JournalRecord<'_>) {
        let mut slots = self.lock();
        let mut slot = if slots.len() == self.capacity {
            slots.pop_front().unwrap_or_default()
        } else {
            Slot::default()
        };
        slot.write(&record);
        slots.push_back(slot);
    }

    /// The entries, oldest first.
    pub fn entries(&self) -> Vec<JournalEntry> {
        // Copied out first, so that redaction (which parses bodies) runs without the lock.
        let slots: Vec<Slot> = self.lock().iter().cloned().collect();
        slots.iter().map(Slot::entry).collect()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when no request is recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every entry.
    pub fn clear(&self) {
        self.lock().clear();
    }
}

impl Default for Journal {
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAPACITY)
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn record<'a>(headers: &'a HeaderMap, body: &'a [u8], status: u16) -> JournalRecord<'a> {
        JournalRecord {
            at: Timestamp::now(),
            method: "POST",
            path: "/api/v1/users",
            query: Some("activate=true"),
            status,
            request_id: "rid",
            retry_for: None,
            retry_count: None,
            credential: Some("SSWS"),
            scopes: None,
            headers,
            body,
        }
    }

    #[test]
    fn a_full_journal_reuses_its_oldest_slot_and_keeps_the_newest_request_whole() {
        let journal = Journal::new(2);
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_static("SSWS secret"));
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        let with_password = br#"{"credentials":{"password":{"value":"hunter2"}}}"#;
        journal.record_borrowed(record(&headers, with_password, 200));
        journal.record_borrowed(record(&headers, b"", 201));
        let empty = HeaderMap::new();
        journal.record_borrowed(JournalRecord {
            query: None,
            method: "GET",
            ..record(&empty, b"", 202)
        });

        let entries = journal.entries();
        assert_eq!(
            entries.iter().map(|e| e.status).collect::<Vec<_>>(),
            [201, 202]
        );
        let newest = &entries[1];
        assert_eq!(
            (newest.method.as_str(), newest.query.as_deref()),
            ("GET", None)
        );
        assert!(newest.headers.is_empty() && newest.body.is_empty());
        assert_eq!(entries[0].header("Authorization"), Some("SSWS <redacted>"));
        assert_eq!(
            entries[0].to_string(),
            "POST /api/v1/users?activate=true → 201"
        );
        journal.clear();
        assert!(journal.is_empty());
    }

    #[test]
    fn a_body_is_kept_redacted_and_cut_at_the_cap() {
        let journal = Journal::new(4);
        let headers = HeaderMap::new();
        journal.record_borrowed(record(
            &headers,
            br#"{"profile":{"login":"a@b.c"},"credentials":{"password":{"value":"hunter2"}}}"#,
            200,
        ));
        let big = vec![b'x'; Journal::BODY_CAP + 10];
        journal.record_borrowed(record(&headers, &big, 200));
        let entries = journal.entries();
        assert!(!entries[0].body.contains("hunter2"), "{}", entries[0].body);
        let body: serde_json::Value = entries[0].body_json().unwrap();
        assert_eq!(body["profile"]["login"], "a@b.c");
        assert!(!entries[0].body_truncated);
        assert_eq!(entries[1].body.len(), Journal::BODY_CAP);
        assert!(entries[1].body_truncated);
        assert!(!format!("{journal:?}").contains("hunter2"));
    }

    #[test]
    fn repeated_headers_are_joined_in_the_serialized_entry() {
        let journal = Journal::new(1);
        let mut headers = HeaderMap::new();
        headers.append("accept", HeaderValue::from_static("application/json"));
        headers.append("accept", HeaderValue::from_static("text/plain"));
        journal.record_borrowed(record(&headers, b"", 200));
        let json = serde_json::to_value(&journal.entries()[0]).unwrap();
        assert_eq!(json["headers"]["accept"], "application/json, text/plain");
        assert!(json.get("body").is_none() && json.get("bodyTruncated").is_none());
    }
}
