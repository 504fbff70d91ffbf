//! One outbound HTTP/1.1 request to a hook receiver, with a timeout: the only place the mock
//! makes requests of its own. Plain `http://` only (receivers under test run on loopback;
//! the mock brings no TLS client), and only to loopback or to hosts the mock was started to
//! allow (`--allow-hook-host`), so a mock can never be turned against the network.

use std::net::IpAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderName, HeaderValue, Method, Request, StatusCode};
use http_body_util::{BodyExt as _, Full, Limited};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use url::Url;

/// How much of a receiver's answer is read (the verification answer is tiny; a delivery's is
/// ignored beyond the journal).
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// A receiver's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The status.
    pub status: StatusCode,
    /// The body (at most 64 KiB).
    pub body: Bytes,
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// No answer within the timeout.
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    /// The connection failed or broke.
    #[error("connection failed: {0}")]
    Connection(String),
    /// The URI is not one the mock calls.
    #[error("{0}")]
    NotAllowed(String),
}

/// Checks that `uri` is an `http://` URI on loopback or on one of `allowed` hosts.
///
/// # Errors
/// [`SendError::NotAllowed`] saying why.
pub fn check_uri(uri: &str, allowed: &[String]) -> Result<Url, SendError> {
    let url = Url::parse(uri).map_err(|e| SendError::NotAllowed(format!("not a URI: {e}")))?;
    if url.scheme() != "http" {
        return Err(SendError::NotAllowed(
            "okta-mock delivers to http:// receivers only (it has no TLS client)".to_owned(),
        ));
    }
    let host = url
        .host_str()
        .ok_or_else(|| SendError::NotAllowed("the URI has no host".to_owned()))?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if loopback || allowed.iter().any(|a| a.eq_ignore_ascii_case(bare)) {
        Ok(url)
    } else {
        Err(SendError::NotAllowed(format!(
            "okta-mock calls only loopback receivers or hosts it was started to allow \
             (--allow-hook-host); {bare} is neither"
        )))
    }
}

/// Sends one request and reads the answer, all within `timeout`.
///
/// # Errors
/// [`SendError`] when no answer came.
pub async fn send(
    method: Method,
    url: &Url,
    headers: &[(String, String)],
    body: Option<Vec<u8>>,
    timeout: Duration,
) -> Result<Answer, SendError> {
    match tokio::time::timeout(timeout, exchange(method, url, headers, body)).await {
        Ok(result) => result,
        Err(_) => Err(SendError::Timeout(timeout)),
    }
}

async fn exchange(
    method: Method,
    url: &Url,
    headers: &[(String, String)],
    body: Option<Vec<u8>>,
) -> Result<Answer, SendError> {
    let broken = |e: &dyn std::fmt::Display| SendError::Connection(e.to_string());
    let host = url.host_str().unwrap_or("localhost").to_owned();
    let port = url.port_or_known_default().unwrap_or(80);
    let bare = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let stream = TcpStream::connect((bare.as_str(), port))
        .await
        .map_err(|e| broken(&e))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| broken(&e))?;
    // The connection is driven beside the request; it ends with the exchange.
    tokio::spawn(async move {
        let _ = connection.await;
    });
    let target = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    let mut request = Request::builder()
        .method(method)
        .uri(target)
        .header("host", format!("{host}:{port}"))
        .body(Full::new(Bytes::from(body.unwrap_or_default())))
        .map_err(|e| broken(&e))?;
    for (k, v) in headers {
        if let (Ok(k), Ok(v)) = (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            request.headers_mut().append(k, v);
        }
    }
    let response = sender.send_request(request).await.map_err(|e| broken(&e))?;
    let status = response.status();
    let body = Limited::new(response.into_body(), MAX_ANSWER_BYTES)
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    Ok(Answer { status, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_loopback_or_allowed_hosts_are_called() {
        for ok in [
            "http://127.0.0.1:8080/hook",
            "http://localhost/x",
            "http://[::1]:9/y",
        ] {
            assert!(check_uri(ok, &[]).is_ok(), "{ok}");
        }
        let allowed = vec!["hooks.internal".to_owned()];
        assert!(check_uri("http://hooks.internal:8080/x", &allowed).is_ok());
        for bad in [
            "http://example.com/hook",
            "https://127.0.0.1/hook",
            "ftp://127.0.0.1/x",
            "not a uri",
            "http://10.0.0.1/x",
        ] {
            assert!(check_uri(bad, &allowed).is_err(), "{bad}");
        }
    }
}
