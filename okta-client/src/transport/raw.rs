//! Arbitrary requests to the org ("custom API action"), with the client's auth, retries and
//! error decoding.

use reqwest::Method;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use url::Url;

use super::ResponseMeta;
use super::request::{Prepared, is_idempotent_method};
use crate::{Client, Error};

/// A request to any path of the org.
#[derive(Debug, Clone)]
#[non_exhaustive]
#[must_use = "a request does nothing until it is passed to `Client::raw`"]
pub struct RawRequest {
    /// HTTP method.
    pub method: Method,
    /// A URL relative to the org, e.g. `/api/v1/users?limit=1`. An absolute URL is accepted
    /// only on the org's own origin.
    pub path: String,
    /// Query pairs appended to those already in `path`.
    pub query: Vec<(String, String)>,
    /// Extra headers. `Authorization` is always the client's own.
    pub headers: HeaderMap,
    /// A JSON body.
    pub body: Option<Value>,
}

impl RawRequest {
    /// A request with no query, headers or body.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
        }
    }

    /// Appends a query pair.
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// Sets the JSON body.
    pub fn json(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
}

/// The answer to a [`RawRequest`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RawResponse {
    /// HTTP status (always 2xx: other statuses are [`Error::Api`]).
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// The JSON body; `Null` when empty, a JSON string when the body was not JSON.
    pub body: Value,
    /// Request id and rate limit.
    pub meta: ResponseMeta,
}

impl Client {
    /// Sends an arbitrary request to the org with the client's auth, retries (for GET, PUT,
    /// DELETE and HEAD) and error decoding.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] for a URL outside the org or an unusable body;
    /// [`Error::Api`] for a non-2xx answer; [`Error::Http`] when no answer came.
    pub async fn raw(&self, request: RawRequest) -> Result<RawResponse, Error> {
        let url = resolve(self.org_url(), &request.path, &request.query)?;
        let body = match &request.body {
            Some(v) => Some(
                serde_json::to_vec(v).map_err(|e| Error::InvalidRequest(format!("body: {e}")))?,
            ),
            None => None,
        };
        let mut headers = request.headers;
        headers.remove(AUTHORIZATION);
        let prepared = Prepared {
            idempotent: is_idempotent_method(&request.method),
            method: request.method,
            url,
            body,
            headers,
        };
        let raw = self.execute(&prepared).await?;
        let body = if raw.body.iter().all(u8::is_ascii_whitespace) {
            Value::Null
        } else {
            serde_json::from_slice(&raw.body)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&raw.body).into_owned()))
        };
        Ok(RawResponse {
            status: raw.meta.status,
            headers: raw.meta.headers.clone(),
            body,
            meta: raw.meta,
        })
    }
}

/// Joins a relative path onto the org URL and refuses anything that lands on another origin
/// (the token must never travel elsewhere).
fn resolve(org: &Url, path: &str, query: &[(String, String)]) -> Result<Url, Error> {
    let mut url = org
        .join(path)
        .map_err(|e| Error::InvalidRequest(format!("path `{path}` is not a valid URL: {e}")))?;
    if url.origin() != org.origin() {
        return Err(Error::InvalidRequest(format!(
            "`{path}` is not on the org {org}; only paths of the org are allowed"
        )));
    }
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    url.set_fragment(None);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> Url {
        Url::parse("https://acme.okta.com/").unwrap()
    }

    #[test]
    fn relative_paths_are_joined_to_the_org_with_extra_query_pairs() {
        let url = resolve(
            &org(),
            "/api/v1/users?limit=1",
            &[("q".into(), "a b".into())],
        )
        .unwrap();
        assert_eq!(
            url.as_str(),
            "https://acme.okta.com/api/v1/users?limit=1&q=a+b"
        );
        let url = resolve(&org(), "api/v1/groups", &[]).unwrap();
        assert_eq!(url.as_str(), "https://acme.okta.com/api/v1/groups");
    }

    #[test]
    fn urls_to_other_hosts_are_refused() {
        for bad in [
            "https://evil.example/api/v1/users",
            "//evil.example/x",
            "http://acme.okta.com/x",
        ] {
            let err = resolve(&org(), bad, &[]).unwrap_err();
            assert!(matches!(err, Error::InvalidRequest(_)), "{bad}: {err:?}");
        }
        assert!(resolve(&org(), "https://acme.okta.com/api/v1/users", &[]).is_ok());
    }
}
