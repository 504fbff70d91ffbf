//! The client builder.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::{ConfigError, RetryPolicy, ThrottleConfig, validate_org_url};
use crate::Error;
use crate::auth::PrivateKeyAuth;
use crate::client::{Client, Inner};
use crate::transport::{AuthHeader, StaticToken, Throttle, TokenProvider};

/// How the client authenticates.
#[derive(Clone)]
enum Auth {
    Fixed(AuthHeader),
    Provider(Arc<dyn TokenProvider>),
    PrivateKey(PrivateKeyAuth),
    /// Settings that cannot work, reported by `build`.
    Invalid(ConfigError),
}

/// Configures a [`Client`]. Only the org URL and a credential are required.
///
/// ```
/// use std::time::Duration;
/// use okta_client::{Client, RetryPolicy};
///
/// let client = Client::builder()
///     .org_url("https://acme.okta.com")
///     .api_token("00abc…")
///     .request_timeout(Duration::from_secs(30))
///     .retry_policy(RetryPolicy::default().with_max_retries(2))
///     .build()?;
/// # Ok::<(), okta_client::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder {
    org_url: Option<String>,
    auth: Option<Auth>,
    connect_timeout: Duration,
    request_timeout: Option<Duration>,
    user_agent_suffix: Option<String>,
    retry: RetryPolicy,
    throttle: Option<ThrottleConfig>,
    proxy: Option<String>,
    allow_insecure_http: bool,
    prefetch_pages: bool,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientBuilder {
    /// An empty builder with the defaults: 10 s connect timeout, 60 s request timeout,
    /// [`RetryPolicy::default`], no proactive throttle, listings fetching one page ahead.
    pub fn new() -> Self {
        Self {
            org_url: None,
            auth: None,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Some(Duration::from_secs(60)),
            user_agent_suffix: None,
            retry: RetryPolicy::default(),
            throttle: None,
            proxy: None,
            allow_insecure_http: false,
            prefetch_pages: true,
        }
    }

    /// A builder preset from `OKTA_CLIENT_ORGURL` / `OKTA_CLIENT_TOKEN`, `./okta.yaml` and
    /// `~/.okta/okta.yaml` (the environment wins, then the nearer file).
    ///
    /// # Errors
    /// [`Error::Config`] when an okta.yaml exists but cannot be read or understood.
    pub fn from_env() -> Result<Self, Error> {
        let files = super::config_files();
        let settings = super::settings_from(|k| std::env::var(k).ok(), &files)?;
        Ok(Self::new().with_settings(settings))
    }

    pub(crate) fn with_settings(mut self, settings: super::FileSettings) -> Self {
        if let Some(url) = settings.org_url.clone() {
            self.org_url = Some(url);
        }
        if let Some(proxy) = super::proxy_url(&settings) {
            self.proxy = Some(proxy);
        }
        if let Some(token) = settings.token.clone() {
            self.auth = Some(Auth::Fixed(AuthHeader::ssws(token)));
        }
        match super::auth_from_settings(settings) {
            Ok(Some(pk)) => self.auth = Some(Auth::PrivateKey(pk)),
            Ok(None) => {}
            Err(e) => self.auth = Some(Auth::Invalid(e)),
        }
        self
    }

    /// The org URL, e.g. `https://acme.okta.com` (https; plain http only for loopback hosts
    /// or with [`allow_insecure_http`](Self::allow_insecure_http)).
    pub fn org_url(mut self, url: impl Into<String>) -> Self {
        self.org_url = Some(url.into());
        self
    }

    /// An Okta API token, sent as `Authorization: SSWS <token>`.
    pub fn api_token(mut self, token: impl Into<String>) -> Self {
        self.auth = Some(Auth::Fixed(AuthHeader::ssws(token)));
        self
    }

    /// An OAuth 2.0 access token, sent as `Authorization: Bearer <token>`.
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.auth = Some(Auth::Fixed(AuthHeader::bearer(token)));
        self
    }

    /// A provider asked for the header before every request (and retry), for tokens that
    /// expire.
    pub fn token_provider(mut self, provider: Arc<dyn TokenProvider>) -> Self {
        self.auth = Some(Auth::Provider(provider));
        self
    }

    /// An OAuth 2.0 service app (`PrivateKey` mode): the client mints access tokens with the
    /// app's private key, shares one among all requests and renews it before it expires or
    /// when the org rejects it.
    pub fn private_key_auth(mut self, auth: PrivateKeyAuth) -> Self {
        self.auth = Some(Auth::PrivateKey(auth));
        self
    }

    /// How long to wait for a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take in total; `None` for no limit.
    pub fn request_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.request_timeout = timeout.into();
        self
    }

    /// Text appended to the `User-Agent` (`okta-rs/<version> <suffix>`).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// How failed requests are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Whether a listing requests its next page while the current one is decoded and consumed
    /// (on by default). At most one request runs ahead: when a stream is dropped before its end,
    /// that request is cancelled, but Okta may already have counted it against the rate limit.
    /// Turn it off when every request must be one the caller asked for. A single page
    /// (`send()`) never fetches ahead.
    pub fn prefetch_pages(mut self, on: bool) -> Self {
        self.prefetch_pages = on;
        self
    }

    /// Turns the proactive throttle on (with [`ThrottleConfig::default`]) or off.
    pub fn throttle(mut self, on: bool) -> Self {
        self.throttle = on.then(ThrottleConfig::default);
        self
    }

    /// Turns the proactive throttle on with the given settings.
    pub fn throttle_config(mut self, config: ThrottleConfig) -> Self {
        self.throttle = Some(config);
        self
    }

    /// Sends every request through this proxy: an `http://` or `https://` URL, or with the
    /// `socks` feature a `socks5://` (`socks5h://`, `socks4://`, `socks4a://`) one. Any other
    /// scheme, and a SOCKS proxy without the feature, fails in [`build`](Self::build) with
    /// [`ConfigError::InvalidProxy`].
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Allows plain http to hosts that are not loopback. Tokens then travel in clear text.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Checks the configuration and builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] naming what to fix: no org URL, no token, a malformed URL, a URL with
    /// a path or query, plain http to a non-loopback host, the `-admin` console URL, a bad
    /// proxy; for `PrivateKey` mode, no client id, no scopes, or an unusable key.
    pub fn build(self) -> Result<Client, Error> {
        let raw_url = self.org_url.as_deref().ok_or(ConfigError::MissingOrgUrl)?;
        let org_url = validate_org_url(raw_url, self.allow_insecure_http)?;
        let mut user_agent = format!("okta-rs/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = self.user_agent_suffix.as_deref().map(str::trim) {
            if !suffix.is_empty() {
                user_agent.push(' ');
                user_agent.push_str(suffix);
            }
        }
        let user_agent =
            HeaderValue::from_str(&user_agent).map_err(|_| ConfigError::InvalidUserAgent)?;
        let http = reqwest::Client::builder();
        // rustls when it is enabled (the default), else the platform's TLS (`native-tls`); lib.rs
        // refuses to compile with neither.
        #[cfg(feature = "rustls-tls")]
        let http = http.tls_backend_preconfigured(super::tls::client_config()?);
        #[cfg(all(feature = "native-tls", not(feature = "rustls-tls")))]
        let http = http.tls_backend_native();
        let mut http = http
            .user_agent(user_agent)
            .connect_timeout(self.connect_timeout);
        if let Some(timeout) = self.request_timeout {
            http = http.timeout(timeout);
        }
        if let Some(proxy) = &self.proxy {
            super::proxy::check_scheme(proxy, || redact(proxy))?;
            let p = reqwest::Proxy::all(proxy.as_str()).map_err(|e| ConfigError::InvalidProxy {
                url: redact(proxy),
                reason: e.to_string(),
            })?;
            // An explicit proxy still skips the hosts NO_PROXY names; without one, reqwest
            // reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY itself.
            http = http.proxy(p.no_proxy(reqwest::NoProxy::from_env()));
        }
        let http = http
            .build()
            .map_err(|e| ConfigError::HttpClient(e.to_string()))?;
        let auth: Arc<dyn TokenProvider> = match self.auth {
            None => return Err(ConfigError::MissingToken.into()),
            Some(Auth::Fixed(header)) if header.is_blank() => {
                return Err(ConfigError::EmptyToken.into());
            }
            Some(Auth::Fixed(header)) => Arc::new(StaticToken::new(header)),
            Some(Auth::Provider(p)) => p,
            Some(Auth::PrivateKey(pk)) => {
                pk.into_provider(&org_url, http.clone(), self.retry.clone())?
            }
            Some(Auth::Invalid(e)) => return Err(e.into()),
        };
        Ok(Client::from_inner(Inner {
            org_url,
            http,
            auth,
            retry: self.retry,
            throttle: self.throttle.map(Throttle::new),
            prefetch_pages: self.prefetch_pages,
        }))
    }
}

/// A proxy URL without its password, for messages.
fn redact(proxy: &str) -> String {
    match url::Url::parse(proxy) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        Ok(u) => u.to_string(),
        Err(_) => "(unparsable)".to_owned(),
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match &self.auth {
            None => "none",
            Some(Auth::Fixed(_)) => "token (***)",
            Some(Auth::Provider(_)) => "token provider",
            Some(Auth::PrivateKey(_)) => "PrivateKey (***)",
            Some(Auth::Invalid(_)) => "invalid",
        };
        f.debug_struct("ClientBuilder")
            .field("org_url", &self.org_url)
            .field("auth", &auth)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("retry", &self.retry)
            .field("throttle", &self.throttle)
            .field("proxy", &self.proxy.as_deref().map(redact))
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("prefetch_pages", &self.prefetch_pages)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "00SECRET-token-value";

    fn config_error(builder: ClientBuilder) -> ConfigError {
        match builder.build() {
            Err(Error::Config(e)) => e,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn a_builder_without_an_org_url_says_how_to_give_one() {
        let e = config_error(ClientBuilder::new().api_token(TOKEN));
        assert_eq!(e, ConfigError::MissingOrgUrl);
        assert!(e.to_string().contains("OKTA_CLIENT_ORGURL"), "{e}");
    }

    #[test]
    fn a_builder_without_a_token_says_how_to_give_one() {
        let e = config_error(ClientBuilder::new().org_url("https://acme.okta.com"));
        assert_eq!(e, ConfigError::MissingToken);
        assert!(e.to_string().contains("api_token"), "{e}");
        let e = config_error(
            ClientBuilder::new()
                .org_url("https://acme.okta.com")
                .api_token(" "),
        );
        assert_eq!(e, ConfigError::EmptyToken);
    }

    #[test]
    fn each_bad_org_url_gives_its_own_message() {
        let b = || ClientBuilder::new().api_token(TOKEN);
        assert!(matches!(
            config_error(b().org_url("not a url")),
            ConfigError::MalformedUrl { .. }
        ));
        assert!(matches!(
            config_error(b().org_url("https://acme.okta.com/api/v1")),
            ConfigError::UrlHasPath { .. }
        ));
        assert!(matches!(
            config_error(b().org_url("http://acme.okta.com")),
            ConfigError::InsecureHttp { .. }
        ));
        let e = config_error(b().org_url("https://acme-admin.oktapreview.com"));
        assert!(
            e.to_string().contains("https://acme.oktapreview.com/"),
            "{e}"
        );
        assert!(b().org_url("http://127.0.0.1:1234").build().is_ok());
        assert!(
            b().org_url("http://acme.okta.com")
                .allow_insecure_http(true)
                .build()
                .is_ok()
        );
    }

    #[test]
    fn a_bad_proxy_is_reported_without_its_password() {
        let e = config_error(
            ClientBuilder::new()
                .org_url("https://acme.okta.com")
                .api_token(TOKEN)
                .proxy("http://user:pw-secret@[::1"),
        );
        assert!(matches!(e, ConfigError::InvalidProxy { .. }));
        assert!(!e.to_string().contains("pw-secret"), "{e}");
    }

    #[test]
    fn debug_output_of_the_builder_and_client_never_shows_the_token() {
        let builder = ClientBuilder::new()
            .org_url("https://acme.okta.com")
            .api_token(TOKEN);
        let shown = format!("{builder:?}");
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(shown.contains("acme.okta.com"), "{shown}");
        let client = builder.build().unwrap();
        let shown = format!("{client:?} {:#?}", client);
        assert!(!shown.contains(TOKEN), "{shown}");
        let bearer = ClientBuilder::new()
            .org_url("https://acme.okta.com")
            .access_token(TOKEN);
        assert!(!format!("{bearer:?}").contains(TOKEN));
    }

    #[test]
    fn settings_fill_the_builder() {
        let settings = crate::config::FileSettings {
            org_url: Some("https://acme.okta.com".into()),
            token: Some(TOKEN.into()),
            ..Default::default()
        };
        let client = ClientBuilder::new()
            .with_settings(settings)
            .build()
            .unwrap();
        assert_eq!(client.org_url().as_str(), "https://acme.okta.com/");
    }
}
