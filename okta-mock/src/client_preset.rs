//! A ready okta-client builder for tests against the mock: the org's URL and token, and retry
//! timing for a test rather than for Okta. Without it every test suite hand-rolls the same
//! preset (the project's own did, three times).

use std::time::Duration;

use okta_client::{ClientBuilder, RetryPolicy};

use crate::MockServer;

impl MockServer {
    /// The retry policy of [`MockServer::client_builder`]: as many retries as
    /// [`RetryPolicy::default`], but a first backoff of 5 ms and no jitter, so a test whose
    /// mock injects 5xx or transport faults is retried in milliseconds and in a fixed order.
    ///
    /// Waits for a 429 still follow the mock's `X-Rate-Limit-Reset`, capped by the default
    /// `max_wait`: a rate-limited test waits out the mock's window (shorten it with
    /// [`MockConfig::time_scale`](crate::MockConfig::time_scale)).
    pub fn test_retry_policy() -> RetryPolicy {
        RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(5))
            .with_jitter(Duration::ZERO)
    }

    /// An okta-client [`ClientBuilder`] for this org: its URL, its token and
    /// [`MockServer::test_retry_policy`]. Anything else can still be set before `build()`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use okta_mock::{MockConfig, MockServer, scenario::default_scenario};
    /// use okta_mock::sim::FaultConfig;
    ///
    /// // Every other answer is a 503: the client retries within milliseconds.
    /// let faults = FaultConfig::parse("503=0.5")?;
    /// let config = MockConfig::default().scenario(default_scenario()).faults(faults).seed(7);
    /// let mock = MockServer::start_with(config).await?;
    /// let client = mock.client_builder().build()?;
    /// let user = client.users().get_by_login("alice.anders@example.com").await?;
    /// assert_eq!(user.profile.first_name.as_deref(), Some("Alice"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn client_builder(&self) -> ClientBuilder {
        okta_client::Client::builder()
            .org_url(self.base_url())
            .api_token(self.token())
            .retry_policy(Self::test_retry_policy())
    }
}
