//! The audit trail: every request the flow made, with what came of it.

use futures::{Stream, StreamExt as _};
use okta_client::Error;
use okta_client::pagination::Page;
use serde::Serialize;

/// One request the flow made (retries by the client are inside one entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// `GET` or `POST`.
    pub method: String,
    /// The path and query, e.g. `/api/v1/apps/0oa1/users/00u1`.
    pub path: String,
    /// `200`, `404 E0000007`, or the error as reported (never a token).
    pub result: String,
}

impl AuditEntry {
    /// A GET.
    pub fn get(path: impl Into<String>, result: impl Into<String>) -> Self {
        Self {
            method: "GET".to_owned(),
            path: path.into(),
            result: result.into(),
        }
    }

    /// A POST.
    pub fn post(path: impl Into<String>, result: impl Into<String>) -> Self {
        Self {
            method: "POST".to_owned(),
            path: path.into(),
            result: result.into(),
        }
    }

    /// True for a request that changes the org.
    pub fn is_write(&self) -> bool {
        self.method != "GET"
    }
}

/// The audit result of a failed call: status and error code when Okta answered, else the
/// error's text.
pub fn error_result(error: &Error) -> String {
    match error.api_error() {
        Some(api) if !api.error_code.is_unknown() => format!("{} {}", api.status, api.error_code),
        Some(api) => format!("{}", api.status),
        None => error.to_string(),
    }
}

/// Reads every page of a listing, recording one audit entry per page.
///
/// `first` is the path and query of the first page; later pages are named after the next link
/// that led to them.
///
/// # Errors
/// The first failed page's error; the pages read before it are still audited.
pub async fn read_pages<T, S>(
    pages: S,
    first: String,
    audit: &mut Vec<AuditEntry>,
) -> Result<Vec<T>, Error>
where
    S: Stream<Item = Result<Page<T>, Error>>,
{
    let mut pages = std::pin::pin!(pages);
    let mut items = Vec::new();
    let mut path = first;
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => {
                audit.push(AuditEntry::get(path.clone(), page.meta.status.to_string()));
                items.extend(page.items);
                if let Some(next) = &page.next {
                    path = match next.query() {
                        Some(q) => format!("{}?{q}", next.path()),
                        None => next.path().to_owned(),
                    };
                }
            }
            Err(e) => {
                audit.push(AuditEntry::get(path, error_result(&e)));
                return Err(e);
            }
        }
    }
    Ok(items)
}
