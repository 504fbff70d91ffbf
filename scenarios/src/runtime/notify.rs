//! Notifications: a small interface with two implementations, a log line and a webhook (a
//! POST of JSON to a URL). No chat product is built in; a webhook reaches any of them.

use std::future::Future;
use std::pin::Pin;

use serde::{Deserialize, Serialize};

use super::error::FlowError;

/// One notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    /// A stable id (flow, trigger and recipient), so a receiver can drop the rare repeat sent
    /// when the runtime stopped between sending and recording.
    pub id: String,
    /// The flow that sent it.
    pub flow: String,
    /// Who it is for (an email address or a user id; the receiver decides how to reach them).
    pub recipient: String,
    /// Its subject line.
    pub subject: String,
    /// Its text.
    pub body: String,
}

/// The future a [`Notifier`] returns.
pub type NotifyFuture<'a> = Pin<Box<dyn Future<Output = Result<(), FlowError>> + Send + 'a>>;

/// Where notifications go.
pub trait Notifier: Send + Sync {
    /// Sends one notification.
    ///
    /// # Errors
    /// [`FlowError::Notify`] when it could not be delivered; the runtime retries by policy.
    fn send<'a>(&'a self, notification: &'a Notification) -> NotifyFuture<'a>;
}

/// Writes each notification as a `tracing` info line (target `okta_flows::notify`).
#[derive(Debug, Clone, Copy, Default)]
pub struct LogNotifier;

impl Notifier for LogNotifier {
    fn send<'a>(&'a self, n: &'a Notification) -> NotifyFuture<'a> {
        Box::pin(async move {
            tracing::info!(
                target: "okta_flows::notify",
                id = %n.id, flow = %n.flow, recipient = %n.recipient,
                "{}: {}", n.subject, n.body
            );
            Ok(())
        })
    }
}

/// POSTs each notification as JSON to a URL; any 2xx answer is success.
#[derive(Clone)]
pub struct WebhookNotifier {
    http: reqwest::Client,
    url: okta_client::Url,
}

/// Webhook URLs often carry their secret in the path or query (a chat product's incoming
/// webhook): only the origin is ever shown, in `Debug` and in errors.
impl std::fmt::Debug for WebhookNotifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookNotifier")
            .field("url", &self.shown_url())
            .finish_non_exhaustive()
    }
}

impl WebhookNotifier {
    /// The URL as it may be shown: its origin, the rest elided.
    fn shown_url(&self) -> String {
        format!("{}/…", self.url.origin().ascii_serialization())
    }

    /// A notifier posting to `url` with a 10-second timeout.
    ///
    /// # Errors
    /// [`FlowError::Config`] when the HTTP client cannot be built.
    pub fn new(url: okta_client::Url) -> Result<Self, FlowError> {
        // reqwest is built without a crypto provider (`rustls-no-provider`, okta-client's
        // choice, see its config/tls.rs): give this client ring and the platform's verifier,
        // as okta-client does for its own, instead of panicking at build.
        use rustls_platform_verifier::BuilderVerifierExt as _;
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| FlowError::Config(format!("webhook notifier TLS: {e}")))?
            .with_platform_verifier()
            .map_err(|e| FlowError::Config(format!("webhook notifier TLS: {e}")))?
            .with_no_client_auth();
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| FlowError::Config(format!("webhook notifier: {e}")))?;
        Ok(Self { http, url })
    }
}

impl Notifier for WebhookNotifier {
    fn send<'a>(&'a self, n: &'a Notification) -> NotifyFuture<'a> {
        Box::pin(async move {
            let answer = self
                .http
                .post(self.url.clone())
                .json(n)
                .send()
                .await
                .map_err(|e| {
                    let e = e.without_url();
                    FlowError::Notify(format!("POST {}: {e}", self.shown_url()))
                })?;
            if answer.status().is_success() {
                Ok(())
            } else {
                Err(FlowError::Notify(format!(
                    "POST {} answered {}",
                    self.shown_url(),
                    answer.status()
                )))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webhook_notifier_never_shows_the_secret_part_of_its_url() {
        let url = "https://hooks.example.com/services/T000/B000/s3cr3t-t0ken?key=k3y"
            .parse()
            .unwrap();
        let notifier = WebhookNotifier::new(url).unwrap();
        let shown = format!("{notifier:?}");
        assert!(shown.contains("https://hooks.example.com/…"), "{shown}");
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("k3y"),
            "{shown}"
        );
    }

    #[tokio::test]
    async fn a_failed_webhook_post_names_the_origin_only() {
        // A closed port on loopback: the connection is refused.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let url = format!("http://127.0.0.1:{port}/hook/s3cr3t")
            .parse()
            .unwrap();
        let notifier = WebhookNotifier::new(url).unwrap();
        let n = Notification {
            id: "f:e:r".into(),
            flow: "f".into(),
            recipient: "r".into(),
            subject: "s".into(),
            body: "b".into(),
        };
        let error = notifier.send(&n).await.unwrap_err().to_string();
        assert!(
            error.contains(&format!("http://127.0.0.1:{port}/…")),
            "{error}"
        );
        assert!(!error.contains("s3cr3t"), "{error}");
    }
}
