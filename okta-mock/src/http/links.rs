//! Absolute URLs on the request's own host: HAL `_links` and the pagination `Link` headers.

use std::fmt;

use axum::extract::FromRequestParts;
use axum::http::header::{HOST, LINK};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use serde_json::{Map, Value, json};

use super::query::QueryParams;

/// `http://host:port` as the client addressed the mock (from the `Host` header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(pub String);

impl BaseUrl {
    /// The base for a `Host` header value; an absent or odd one falls back to `localhost` so a
    /// hostile header can never break the `Link` syntax.
    pub fn from_host(host: Option<&str>) -> Self {
        let valid = |h: &&str| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]_".contains(c))
        };
        Self(format!(
            "http://{}",
            host.filter(valid).unwrap_or("localhost")
        ))
    }

    /// The absolute URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for BaseUrl {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let host = parts.headers.get(HOST).and_then(|h| h.to_str().ok());
        // HTTP/2 and absolute-form requests carry the authority in the URI instead.
        let host = host.or_else(|| parts.uri.authority().map(|a| a.as_str()));
        Ok(Self::from_host(host))
    }
}

/// Percent-encodes one path segment (ids and logins may hold `@`, `/` and spaces).
pub fn segment(raw: &str) -> String {
    Segment(raw).to_string()
}

/// A path segment that percent-encodes itself as it is displayed, so a URL can be written
/// into a response without an intermediate `String`.
#[derive(Debug, Clone, Copy)]
pub struct Segment<'a>(pub &'a str);

impl fmt::Display for Segment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unreserved = |b: &u8| b.is_ascii_alphanumeric() || b"-._~".contains(b);
        let mut rest = self.0.as_bytes();
        while !rest.is_empty() {
            let plain = rest.iter().take_while(|b| unreserved(b)).count();
            let (head, tail) = rest.split_at(plain);
            // `head` is ASCII, hence valid UTF-8.
            f.write_str(std::str::from_utf8(head).unwrap_or_default())?;
            if let Some((b, after)) = tail.split_first() {
                write!(f, "%{b:02X}")?;
                rest = after;
            } else {
                rest = tail;
            }
        }
        Ok(())
    }
}

/// `{"href": url}`.
pub fn href(url: String) -> Value {
    json!({ "href": url })
}

/// `{"href": url, "hints": {"allow": [method]}}`, Okta's form for lifecycle links.
pub fn action(url: String, method: &str) -> Value {
    json!({ "href": url, "hints": { "allow": [method] } })
}

/// Builds a `_links` map from pairs.
pub fn links<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// The pagination `Link` headers: `rel="self"` first, `rel="next"` last and only when there is
/// a next page. Both keep every original query parameter except `after`, which the next link
/// replaces with the new cursor (never empty).
pub fn page_links(
    base: &BaseUrl,
    path: &str,
    query: &QueryParams,
    next_cursor: Option<&str>,
) -> HeaderMap {
    let kept: Vec<&(String, String)> = query.pairs().iter().filter(|(k, _)| k != "after").collect();
    let encode = |after: Option<&str>| {
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &kept {
            ser.append_pair(k, v);
        }
        if let Some(a) = after {
            ser.append_pair("after", a);
        }
        let qs = ser.finish();
        if qs.is_empty() {
            base.url(path)
        } else {
            format!("{}?{qs}", base.url(path))
        }
    };
    let self_after = query.get("after").filter(|a| !a.is_empty());
    let mut headers = HeaderMap::new();
    let mut push = |url: String, rel: &str| {
        if let Ok(v) = HeaderValue::from_str(&format!("<{url}>; rel=\"{rel}\"")) {
            headers.append(LINK, v);
        }
    };
    push(encode(self_after), "self");
    if let Some(cursor) = next_cursor.filter(|c| !c.is_empty()) {
        push(encode(Some(cursor)), "next");
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_link_comes_last_and_keeps_the_query() {
        let base = BaseUrl::from_host(Some("127.0.0.1:8080"));
        let q = QueryParams::parse(Some("limit=2&filter=status+eq+%22ACTIVE%22&after=c1old"));
        let headers = page_links(&base, "/api/v1/users", &q, Some("c1new"));
        let values: Vec<&str> = headers
            .get_all(LINK)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        assert_eq!(values.len(), 2);
        assert_eq!(
            values[0],
            "<http://127.0.0.1:8080/api/v1/users?limit=2&filter=status+eq+%22ACTIVE%22&after=c1old>; rel=\"self\""
        );
        assert_eq!(
            values[1],
            "<http://127.0.0.1:8080/api/v1/users?limit=2&filter=status+eq+%22ACTIVE%22&after=c1new>; rel=\"next\""
        );
    }

    #[test]
    fn the_last_page_has_only_a_self_link_and_no_empty_after() {
        let base = BaseUrl::from_host(None);
        let q = QueryParams::parse(Some("after="));
        let headers = page_links(&base, "/api/v1/groups", &q, None);
        let values: Vec<&str> = headers
            .get_all(LINK)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        assert_eq!(
            values,
            vec!["<http://localhost/api/v1/groups>; rel=\"self\""]
        );
    }

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(segment("a b@c/d"), "a%20b%40c%2Fd");
    }
}
