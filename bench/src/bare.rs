//! The baseline for the throughput suite: a bare axum handler that answers with bytes and
//! headers captured from the mock, so the difference measured is the mock's own work (auth,
//! store lookup, rendering, envelope) and nothing else.

use std::net::SocketAddr;

use axum::Router;
use axum::body::Bytes;
use axum::http::header::{CONNECTION, CONTENT_LENGTH, DATE, TRANSFER_ENCODING};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// A response to replay verbatim.
#[derive(Debug, Clone)]
pub struct Canned {
    /// The status.
    pub status: StatusCode,
    /// The headers, minus those the HTTP server writes itself (`Date`, `Content-Length`,
    /// `Transfer-Encoding`, `Connection`), which hyper adds to every response anyway.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl Canned {
    /// Fetches `url` with `Authorization: <auth>` and keeps the answer to replay it.
    ///
    /// # Errors
    /// When the request fails.
    pub async fn capture(
        http: &reqwest::Client,
        url: &str,
        auth: &str,
    ) -> Result<Self, reqwest::Error> {
        let response = http.get(url).header("Authorization", auth).send().await?;
        let status = StatusCode::from_u16(response.status().as_u16())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut headers = HeaderMap::new();
        for (name, value) in response.headers() {
            if [DATE, CONTENT_LENGTH, TRANSFER_ENCODING, CONNECTION].contains(name) {
                continue;
            }
            // Same http crate on both sides, but converted through bytes to stay version-proof.
            if let (Ok(name), Ok(value)) = (
                axum::http::HeaderName::from_bytes(name.as_str().as_bytes()),
                axum::http::HeaderValue::from_bytes(value.as_bytes()),
            ) {
                headers.append(name, value);
            }
        }
        let body = Bytes::from(response.bytes().await?.to_vec());
        Ok(Self {
            status,
            headers,
            body,
        })
    }
}

/// A running bare server; dropping it stops it.
#[derive(Debug)]
pub struct BareServer {
    addr: SocketAddr,
    _stop: oneshot::Sender<()>,
}

impl BareServer {
    /// Serves each `(path, response)` on `127.0.0.1:0` for `GET` (the query string is ignored).
    ///
    /// # Errors
    /// When no loopback port can be bound.
    pub async fn start(routes: Vec<(String, Canned)>) -> std::io::Result<Self> {
        let mut app = Router::new();
        for (path, canned) in routes {
            app = app.route(
                &path,
                get(move || {
                    let canned = canned.clone();
                    async move { (canned.status, canned.headers, canned.body) }
                }),
            );
        }
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = stopped.await;
            });
            if let Err(e) = serve.await {
                eprintln!("okta-bench: the bare server stopped: {e}");
            }
        });
        Ok(Self { addr, _stop: stop })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_bare_server_replays_the_captured_body_and_headers_of_the_mock() {
        let mock = okta_mock::MockServer::start().await;
        {
            let store = mock.store();
            let mut store = store.write().expect("store lock");
            crate::synth::load_users(&mut store, 0..3).expect("loaded");
        }
        let auth = format!("SSWS {}", mock.token());
        let http = reqwest::Client::new();
        let url = format!("{}/api/v1/users?limit=2", mock.base_url());
        let canned = Canned::capture(&http, &url, &auth).await.expect("captured");
        assert_eq!(canned.status, StatusCode::OK);
        assert!(canned.headers.get(DATE).is_none());
        let bare = BareServer::start(vec![("/api/v1/users".to_owned(), canned.clone())])
            .await
            .expect("started");
        let replay = http
            .get(format!("{}/api/v1/users?limit=2", bare.base_url()))
            .send()
            .await
            .expect("answered");
        assert_eq!(replay.status().as_u16(), 200);
        let links: Vec<_> = replay.headers().get_all("link").iter().collect();
        assert_eq!(links.len(), 2, "self and next, as the mock sent them");
        assert!(replay.headers().get("x-rate-limit-limit").is_some());
        assert_eq!(replay.headers().get_all(DATE.as_str()).iter().count(), 1);
        let body = replay.bytes().await.expect("body");
        assert_eq!(body.as_ref(), canned.body.as_ref());
        let users: Vec<serde_json::Value> = serde_json::from_slice(&body).expect("json");
        assert_eq!(users.len(), 2);
    }
}
