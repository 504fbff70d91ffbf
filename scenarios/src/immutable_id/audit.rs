//! The audit trail: every request the flow made, with what came of it.

use futures::StreamExt as _;
use okta_client::{Error, Method, PageStream, ResponseMeta, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

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
    /// A request to `url` (its path and query are kept: the org is the same for every entry)
    /// and what came of it.
    pub fn new(method: &Method, url: &Url, result: impl Into<String>) -> Self {
        let path = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        Self {
            method: method.to_string(),
            path,
            result: result.into(),
        }
    }

    /// A GET of `url`.
    pub fn get(url: &Url, result: impl Into<String>) -> Self {
        Self::new(&Method::GET, url, result)
    }

    /// A POST to `url`.
    pub fn post(url: &Url, result: impl Into<String>) -> Self {
        Self::new(&Method::POST, url, result)
    }

    /// The request a response answers, with the response's status as the result.
    pub fn answered(meta: &ResponseMeta) -> Self {
        Self::new(&meta.method, &meta.url, meta.status.to_string())
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

/// Reads every page of a listing, recording one audit entry per page (the request each page
/// answers, as sent).
///
/// # Errors
/// The first failed page's error; the pages read before it are still audited.
pub async fn read_pages<T: DeserializeOwned>(
    mut pages: PageStream<T>,
    audit: &mut Vec<AuditEntry>,
) -> Result<Vec<T>, Error> {
    let mut items = Vec::new();
    loop {
        // An error does not carry its URL: the stream says which page it is about to read.
        let url = pages.next_url().cloned();
        match pages.next().await {
            None => return Ok(items),
            Some(Ok(page)) => {
                audit.push(AuditEntry::answered(&page.meta));
                items.extend(page.items);
            }
            Some(Err(e)) => {
                let entry = match &url {
                    Some(url) => AuditEntry::get(url, error_result(&e)),
                    // The request could not even be built: nothing was sent.
                    None => AuditEntry {
                        method: Method::GET.to_string(),
                        path: String::new(),
                        result: error_result(&e),
                    },
                };
                audit.push(entry);
                return Err(e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_keeps_the_path_and_query_as_sent_without_the_org() {
        let url = Url::parse("https://acme.okta.com/api/v1/users/a%2Fb@x.io?limit=2").unwrap();
        let entry = AuditEntry::get(&url, "200");
        assert_eq!(entry.method, "GET");
        assert_eq!(entry.path, "/api/v1/users/a%2Fb@x.io?limit=2");
        assert!(!entry.is_write());
        let url = Url::parse("https://acme.okta.com/api/v1/apps/0oa1/users/00u1").unwrap();
        assert_eq!(
            AuditEntry::post(&url, "200").path,
            "/api/v1/apps/0oa1/users/00u1"
        );
    }
}
