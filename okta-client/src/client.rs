//! The client handle: cheap to clone, shared configuration behind an `Arc`.

use std::fmt;
use std::sync::Arc;

use reqwest::Method;
use serde::de::DeserializeOwned;
use url::Url;

use crate::Error;
use crate::config::{ClientBuilder, RetryPolicy};
use crate::pagination::Paginator;
use crate::transport::{ApiRequest, Prepared, Throttle, TokenProvider};

/// A client for one Okta org. Clones share the connection pool and the rate-limit state.
///
/// Build one with [`Client::builder`] or [`Client::from_env`]; then reach each resource through
/// its handler: [`users`](Client::users), [`groups`](Client::groups), [`apps`](Client::apps),
/// [`app_users`](Client::app_users), the System Log ([`logs`](Client::logs)) and
/// [`event_hooks`](Client::event_hooks).
///
/// # Examples
///
/// ```no_run
/// use okta_client::Client;
///
/// # async fn demo() -> Result<(), okta_client::Error> {
/// // A misconfiguration fails here, with a message that says what to fix.
/// let client = Client::builder()
///     .org_url("https://acme.okta.com")
///     .api_token(std::env::var("OKTA_CLIENT_TOKEN").unwrap_or_default())
///     .build()?;
///
/// // Clones are cheap and share the connection pool and the rate-limit state.
/// let for_a_task = client.clone();
/// let alice = for_a_task.users().get_by_login("alice@example.com").await?;
/// println!("{} is {}", alice.id, alice.status);
/// # Ok(())
/// # }
/// ```
///
/// Against an in-memory org from a test, `okta_mock::MockServer::client()` gives a client for it.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// What every clone shares.
pub(crate) struct Inner {
    pub(crate) org_url: Url,
    pub(crate) http: reqwest::Client,
    pub(crate) auth: Arc<dyn TokenProvider>,
    pub(crate) retry: RetryPolicy,
    pub(crate) throttle: Option<Throttle>,
    /// Whether listings fetch their next page while the current one is consumed.
    pub(crate) prefetch_pages: bool,
}

impl Client {
    /// A builder: set at least the org URL and a token.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from `OKTA_CLIENT_ORGURL` / `OKTA_CLIENT_TOKEN`, falling back to
    /// `./okta.yaml` and then `~/.okta/okta.yaml` (`okta.client.orgUrl`, `okta.client.token`).
    /// The environment wins over the files, `./okta.yaml` over the home one.
    ///
    /// # Errors
    /// [`Error::Config`] when a setting is missing or wrong, or a file cannot be read.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    pub(crate) fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// The org URL, normalised to `https://your-org.okta.com/`.
    pub fn org_url(&self) -> &Url {
        &self.inner.org_url
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The URL of a Management API resource: the org URL + `/api/v1/` + each segment
    /// percent-encoded as one path segment (so a login with `@` or `/` stays one segment).
    /// The handlers build their URLs with it; use it to name a request in a log or for a
    /// [`RawRequest`](crate::RawRequest) (which accepts an absolute URL of the org).
    pub fn api_url(&self, segments: &[&str]) -> Url {
        let mut url = self.inner.org_url.clone();
        // The org URL is validated to be http(s) with a host, so it always has path segments.
        if let Ok(mut path) = url.path_segments_mut() {
            path.clear().extend(["api", "v1"]).extend(segments);
        }
        url
    }

    /// A request to a URL of this org, to be completed by the caller.
    pub(crate) fn request(&self, method: Method, url: Url) -> ApiRequest {
        ApiRequest::new(self.clone(), method, url)
    }

    /// Resumes a listing from a next URL saved from [`Page::next`](crate::Page::next). The URL
    /// is followed as given; one on another origin than the org is refused (the stream yields
    /// [`Error::Pagination`]) so that the token never leaves the org.
    pub fn resume<T: DeserializeOwned + Send + 'static>(&self, next: Url) -> Paginator<T> {
        Paginator::new(self.clone(), Ok(Prepared::get(next)))
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("org_url", &self.inner.org_url.as_str())
            .field("auth", &"***")
            .field("retry", &self.inner.retry)
            .field("throttle", &self.inner.throttle.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::builder()
            .org_url("https://acme.okta.com")
            .api_token("t")
            .build()
            .unwrap()
    }

    #[test]
    fn api_urls_encode_each_segment_as_one() {
        let c = client();
        assert_eq!(
            c.api_url(&["users"]).as_str(),
            "https://acme.okta.com/api/v1/users"
        );
        assert_eq!(
            c.api_url(&["users", "a/b@x.com", "groups"]).as_str(),
            "https://acme.okta.com/api/v1/users/a%2Fb@x.com/groups"
        );
        assert_eq!(
            c.api_url(&["users", "a b?c#d"]).as_str(),
            "https://acme.okta.com/api/v1/users/a%20b%3Fc%23d"
        );
    }

    #[test]
    fn clients_are_send_sync_and_cheap_to_clone() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Client>();
        let a = client();
        let b = a.clone();
        assert!(Arc::ptr_eq(&a.inner, &b.inner));
    }
}
