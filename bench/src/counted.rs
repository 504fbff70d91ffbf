//! okta-mock behind a request counter of our own: the mock's journal keeps only the most recent
//! requests, and a benchmark of 100,000 users must count every one.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::Request;
use axum::middleware::{self, Next};
use okta_mock::sim::Bucket;
use okta_mock::{AppState, MockConfig, router};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// The Management API requests a [`CountedMock`] answered (admin API excluded).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Every request.
    pub total: usize,
    /// Requests other than `GET`.
    pub writes: usize,
    /// Answers with status 429.
    pub rejected: usize,
    /// Requests per rate-limit bucket.
    pub buckets: BTreeMap<Bucket, usize>,
}

impl Counts {
    fn record(&mut self, bucket: Bucket, write: bool, status: u16) {
        self.total += 1;
        self.writes += usize::from(write);
        self.rejected += usize::from(status == 429);
        *self.buckets.entry(bucket).or_insert(0) += 1;
    }
}

/// A running mock whose requests are counted; dropping it stops it.
pub struct CountedMock {
    addr: SocketAddr,
    state: AppState,
    counts: Arc<Mutex<Counts>>,
    _stop: oneshot::Sender<()>,
}

impl std::fmt::Debug for CountedMock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CountedMock")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl CountedMock {
    /// Starts the mock `config` describes on `127.0.0.1:0`.
    ///
    /// # Errors
    /// When the scenario does not load or no port can be bound.
    pub async fn start(config: MockConfig) -> Result<Self, String> {
        let state = config.build_state().map_err(|e| e.to_string())?;
        let counts = Arc::new(Mutex::new(Counts::default()));
        let seen = Arc::clone(&counts);
        let app = router(state.clone()).layer(middleware::from_fn(
            move |request: Request, next: Next| {
                let seen = Arc::clone(&seen);
                async move {
                    let bucket = Bucket::classify(request.method(), request.uri().path());
                    let write = request.method() != axum::http::Method::GET;
                    let response = next.run(request).await;
                    if let Some(bucket) = bucket {
                        let mut counts = seen.lock().unwrap_or_else(|p| p.into_inner());
                        counts.record(bucket, write, response.status().as_u16());
                    }
                    response
                }
            },
        ));
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = stopped.await;
            });
            if let Err(e) = serve.await {
                eprintln!("okta-bench: the counted mock stopped: {e}");
            }
        });
        Ok(Self {
            addr,
            state,
            counts,
            _stop: stop,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The router state (store, clock, token).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The requests counted so far.
    pub fn counts(&self) -> Counts {
        self.counts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_api_request_is_counted_with_its_bucket_and_rejections() {
        let mock = CountedMock::start(MockConfig::default())
            .await
            .expect("started");
        let http = reqwest::Client::new();
        let auth = format!("SSWS {}", mock.state().token);
        for _ in 0..3 {
            let r = http
                .get(format!("{}/api/v1/users", mock.base_url()))
                .header("Authorization", &auth)
                .send()
                .await
                .expect("answered");
            assert_eq!(r.status().as_u16(), 200);
        }
        let r = http
            .post(format!("{}/api/v1/groups", mock.base_url()))
            .header("Authorization", &auth)
            .json(&serde_json::json!({"profile": {"name": "g"}}))
            .send()
            .await
            .expect("answered");
        assert_eq!(r.status().as_u16(), 200);
        // The admin API is not the Management API: not counted.
        http.get(format!("{}/__mock/health", mock.base_url()))
            .header("Authorization", &auth)
            .send()
            .await
            .expect("answered");
        let counts = mock.counts();
        assert_eq!(counts.total, 4);
        assert_eq!(counts.writes, 1);
        assert_eq!(counts.rejected, 0);
        assert_eq!(counts.buckets.get(&Bucket::Users), Some(&3));
        assert_eq!(counts.buckets.get(&Bucket::Groups), Some(&1));
    }
}
