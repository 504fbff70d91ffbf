//! The optional proactive throttle: wait for a bucket's reset instead of collecting a 429. A
//! bucket is one of Okta's rate-limit families ([`crate::rate_limits`]).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use reqwest::Method;
use tokio::time::Instant;
use url::Url;

use super::ResponseMeta;
use super::rate_limit::RateLimit;
use super::rate_limit::server_date;
use super::server_clock::ServerClock;
use crate::config::ThrottleConfig;
use crate::rate_limits::Family;

/// The most admissions remembered per bucket (far more than are ever in flight at once).
const ADMISSIONS_KEPT: usize = 512;

/// What the client knows of one bucket's current window.
#[derive(Debug, Clone)]
struct Bucket {
    /// Requests left in the window, counted locally from the moment each one is admitted and
    /// lowered to the server's figure whenever that is lower.
    remaining: u64,
    /// The window's size (`X-Rate-Limit-Limit`), used to open the next window locally.
    limit: u64,
    /// The bucket's reset (plus the configured margin) on the local monotonic clock, placed
    /// with the server's `Date` so that a skewed local wall clock does not matter.
    resume_at: Instant,
    /// The server's `X-Rate-Limit-Reset`, which names the window.
    reset: i64,
    /// True once the window named by `reset` is over and the next one is counted locally,
    /// before any response has named it.
    rolled: bool,
    /// Requests told to wait for the next window: they are sent when it opens, without asking
    /// again, so they are counted against it in advance.
    reserved: u64,
    /// When recent requests were admitted (or, for reserved ones, will be sent).
    admitted: std::collections::VecDeque<Instant>,
}

impl Bucket {
    fn new(rl: RateLimit, resume_at: Instant) -> Self {
        Self {
            remaining: rl.remaining,
            limit: rl.limit,
            resume_at,
            reset: rl.reset,
            rolled: false,
            reserved: 0,
            admitted: std::collections::VecDeque::new(),
        }
    }

    fn admit_at(&mut self, at: Instant) {
        if self.admitted.len() == ADMISSIONS_KEPT {
            self.admitted.pop_front();
        }
        self.admitted.push_back(at);
    }

    /// Opens the next window locally: its full size less what already waits for it.
    fn roll(&mut self) {
        self.remaining = self.limit.saturating_sub(self.reserved);
        self.reserved = 0;
        self.rolled = true;
    }

    /// What the server's figure means now: a response to a request sent at `sent` does not
    /// count the requests admitted after it, which may reach the server later.
    fn server_view(&self, rl: &RateLimit, sent: Instant) -> u64 {
        let later = self.admitted.iter().filter(|at| **at > sent).count() as u64;
        rl.remaining.saturating_sub(later)
    }

    /// Takes in a response of the window `rl.reset` to a request sent at `sent`.
    fn observe(&mut self, rl: &RateLimit, sent: Instant, resume_at: Instant) {
        let view = self.server_view(rl, sent);
        if rl.limit > 0 {
            // A concurrent-request 429 reports Limit 0: not the window's size.
            self.limit = rl.limit;
        }
        if rl.reset < self.reset || (rl.reset == self.reset && self.rolled) {
            // A late answer from a window that is already over.
            return;
        }
        if rl.reset > self.reset && !self.rolled {
            // The window ended before this client ran out: open the next one locally first.
            self.roll();
        }
        self.remaining = self.remaining.min(view);
        self.reset = rl.reset;
        self.resume_at = resume_at;
        self.rolled = false;
    }
}

#[derive(Debug)]
struct State {
    buckets: HashMap<String, Bucket>,
    server_clock: ServerClock,
}

/// Per-bucket rate-limit state shared by all clones of a client.
#[derive(Debug)]
pub(crate) struct Throttle {
    config: ThrottleConfig,
    // A std mutex: it is never held across an await.
    state: Mutex<State>,
}

impl Throttle {
    pub(crate) fn new(config: ThrottleConfig) -> Self {
        Self {
            config,
            state: Mutex::new(State {
                buckets: HashMap::new(),
                server_clock: ServerClock::new(),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How long a request to `bucket` should wait now, if at all. A request that may go counts
    /// against the bucket at once, and one told to wait counts against the next window:
    /// concurrent requests would otherwise all read the same `Remaining` and overrun it
    /// together before any answer came back.
    pub(crate) fn wait_for(&self, bucket: &str) -> Option<Duration> {
        let mut guard = self.lock();
        let state = guard.buckets.get_mut(bucket)?;
        let now = Instant::now();
        if state.resume_at <= now && !state.rolled {
            state.roll();
        }
        if state.remaining > u64::from(self.config.low_watermark) {
            state.remaining -= 1;
            state.admit_at(now);
            return None;
        }
        if state.rolled {
            // A whole window spent before any answer named it: nothing left to go on.
            guard.buckets.remove(bucket);
            return None;
        }
        state.reserved += 1;
        let resume_at = state.resume_at;
        state.admit_at(resume_at);
        Some((resume_at - now).min(self.config.max_wait))
    }

    /// Remembers what a response to a request sent at `sent` said about its bucket and about
    /// the server's clock.
    pub(crate) fn record(&self, bucket: &str, meta: &ResponseMeta, sent: Instant) {
        let (Some(rl), Some(date)) = (meta.rate_limit, server_date(&meta.headers)) else {
            return;
        };
        let received = Instant::now();
        let mut guard = self.lock();
        let State {
            buckets,
            server_clock,
        } = &mut *guard;
        server_clock.observe(date, sent, received);
        let reset_at = server_clock
            .instant_of(rl.reset)
            .unwrap_or_else(|| received + rl.wait_from(date));
        let resume_at = reset_at + self.config.margin;
        match buckets.get_mut(bucket) {
            Some(known) => known.observe(&rl, sent, resume_at),
            None => {
                buckets.insert(bucket.to_owned(), Bucket::new(rl, resume_at));
            }
        }
    }
}

/// The bucket of a request: the Okta rate-limit family it counts against (see
/// [`crate::rate_limits`]), e.g. `family apps` for both `GET /api/v1/apps/{id}/users` and
/// `POST /api/v1/apps/{id}/users/{uid}`, because Okta counts both against one limit and two
/// local buckets would each spend it. A path outside Okta's table (`/oauth2/v1/token`, …) keeps
/// a bucket of its own: its method and its path with ids collapsed.
pub(crate) fn bucket_key(method: &Method, url: &Url) -> String {
    match Family::classify(method.as_str(), url.path()) {
        Some(family) => format!("family {}", family.name()),
        None => path_key(method, url),
    }
}

/// Method and path with ids collapsed, e.g. `GET /oauth2/v1/keys`. A segment is kept when it
/// is a lower-case-initial word of letters and `_`, perhaps ending in digits (`users`,
/// `appLinks`, `oauth2`), or a version (`v1`); anything else is an id (Okta ids hold digits
/// before letters; logins hold `@` or `.`).
fn path_key(method: &Method, url: &Url) -> String {
    let mut key = String::with_capacity(64);
    key.push_str(method.as_str());
    key.push(' ');
    for segment in url
        .path_segments()
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
    {
        key.push('/');
        let letters = segment.trim_end_matches(|c: char| c.is_ascii_digit());
        let word = letters.starts_with(|c: char| c.is_ascii_lowercase())
            && letters.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
        let version = segment
            .strip_prefix('v')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if word || version {
            key.push_str(segment);
        } else {
            key.push_str("{id}");
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use reqwest::header::{HeaderMap, HeaderValue};

    use super::*;

    fn url(path: &str) -> Url {
        Url::parse("https://acme.okta.com")
            .unwrap()
            .join(path)
            .unwrap()
    }

    #[test]
    fn requests_are_keyed_by_the_okta_family_they_count_against() {
        let key = |m: &Method, p: &str| bucket_key(m, &url(p));
        let listing = key(&Method::GET, "/api/v1/apps/0oa1/users?limit=500");
        assert_eq!(listing, "family apps");
        assert_eq!(key(&Method::POST, "/api/v1/apps/0oa1/users/00u1"), listing);
        assert_eq!(key(&Method::GET, "/api/v1/apps?limit=200"), listing);
        assert_eq!(key(&Method::GET, "/api/v1/apps/0oa1"), "family app_get");
        assert_eq!(
            key(&Method::GET, "/api/v1/users/alice%40example.com"),
            "family user_get"
        );
        assert_eq!(
            key(&Method::POST, "/api/v1/users/00u1"),
            "family user_write"
        );
        assert_eq!(
            key(&Method::GET, "/api/v1/users/00u1/groups"),
            key(&Method::POST, "/api/v1/users/00u1/lifecycle/activate")
        );
    }

    #[test]
    fn paths_outside_the_table_collapse_ids_and_logins() {
        assert_eq!(
            bucket_key(&Method::POST, &url("/oauth2/v1/token")),
            "POST /oauth2/v1/token"
        );
        assert_eq!(
            bucket_key(&Method::GET, &url("/oauth2/aus1abc/v1/keys")),
            "GET /oauth2/{id}/v1/keys"
        );
        assert_eq!(
            bucket_key(
                &Method::GET,
                &url("/idp/myaccount/emails/alice%40example.com")
            ),
            "GET /idp/myaccount/emails/{id}"
        );
    }

    fn meta(remaining: &str, reset: &str, date: &str) -> ResponseMeta {
        let mut h = HeaderMap::new();
        h.insert("x-rate-limit-limit", HeaderValue::from_static("10"));
        h.insert(
            "x-rate-limit-remaining",
            HeaderValue::from_str(remaining).unwrap(),
        );
        h.insert("x-rate-limit-reset", HeaderValue::from_str(reset).unwrap());
        h.insert("date", HeaderValue::from_str(date).unwrap());
        ResponseMeta::from_parts(Method::GET, url("/api/v1/users"), 200, h)
    }

    #[tokio::test(start_paused = true)]
    async fn an_exhausted_bucket_waits_until_its_reset_and_others_do_not() {
        let t = Throttle::new(ThrottleConfig::default());
        let key = "family users";
        assert_eq!(t.wait_for(key), None);
        // Server clock 2015-01-01T00:00:00Z, reset 2 s later: wait 3 s (reset - date + 1).
        t.record(
            key,
            &meta("0", "1420070402", "Thu, 01 Jan 2015 00:00:00 GMT"),
            Instant::now(),
        );
        assert_eq!(t.wait_for(key), Some(Duration::from_secs(3)));
        assert_eq!(t.wait_for("family groups"), None);
        tokio::time::advance(Duration::from_secs(3)).await;
        assert_eq!(t.wait_for(key), None);
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_requests_share_what_is_left_instead_of_each_reading_it() {
        let t = Throttle::new(ThrottleConfig::default());
        let date = "Thu, 01 Jan 2015 00:00:00 GMT";
        t.record("k", &meta("3", "1420070402", date), Instant::now());
        // Three requests may go before any answer returns; the fourth waits for the reset.
        let admitted = (0..8).filter(|_| t.wait_for("k").is_none()).count();
        assert_eq!(admitted, 3);
        // A late answer from the same window that still says 3 does not hand the slots back.
        t.record("k", &meta("3", "1420070402", date), Instant::now());
        assert_eq!(t.wait_for("k"), Some(Duration::from_secs(3)));
        // The next window's answer does.
        tokio::time::advance(Duration::from_secs(3)).await;
        t.record(
            "k",
            &meta("9", "1420070462", "Thu, 01 Jan 2015 00:00:03 GMT"),
            Instant::now(),
        );
        assert_eq!(t.wait_for("k"), None);
    }

    #[tokio::test(start_paused = true)]
    async fn requests_told_to_wait_are_counted_against_the_next_window() {
        let t = Throttle::new(ThrottleConfig::default());
        t.record(
            "k",
            &meta("0", "1420070402", "Thu, 01 Jan 2015 00:00:00 GMT"),
            Instant::now(),
        );
        // Four requests wait for the reset; they will be sent when it comes, unasked.
        for _ in 0..4 {
            assert_eq!(t.wait_for("k"), Some(Duration::from_secs(3)));
        }
        tokio::time::advance(Duration::from_secs(3)).await;
        // The new window holds 10 (the limit): 4 are taken by the waiting requests.
        let admitted = (0..6).filter(|_| t.wait_for("k").is_none()).count();
        assert_eq!(admitted, 6);
        // The first answer of the new window: the server has seen only 7, but 10 are spent.
        t.record(
            "k",
            &meta("3", "1420070462", "Thu, 01 Jan 2015 00:00:03 GMT"),
            Instant::now(),
        );
        assert!(t.wait_for("k").is_some());
    }

    #[tokio::test(start_paused = true)]
    async fn an_answer_sent_before_later_admissions_does_not_hand_them_back() {
        let t = Throttle::new(ThrottleConfig::default());
        let date = "Thu, 01 Jan 2015 00:00:00 GMT";
        let sent = Instant::now();
        t.record("k", &meta("5", "1420070402", date), sent);
        tokio::time::advance(Duration::from_millis(1)).await;
        assert_eq!(t.wait_for("k"), None);
        assert_eq!(t.wait_for("k"), None);
        // An answer to a request sent before those two still says 5 … of which 2 are gone.
        t.record("k", &meta("5", "1420070402", date), sent);
        let admitted = (0..8).filter(|_| t.wait_for("k").is_none()).count();
        assert_eq!(admitted, 3);
    }

    #[tokio::test(start_paused = true)]
    async fn a_bucket_with_requests_left_does_not_wait() {
        let t = Throttle::new(ThrottleConfig {
            low_watermark: 1,
            ..ThrottleConfig::default()
        });
        t.record(
            "k",
            &meta("2", "1420070402", "Thu, 01 Jan 2015 00:00:00 GMT"),
            Instant::now(),
        );
        assert_eq!(t.wait_for("k"), None);
        t.record(
            "k",
            &meta("1", "1420070402", "Thu, 01 Jan 2015 00:00:00 GMT"),
            Instant::now(),
        );
        assert_eq!(t.wait_for("k"), Some(Duration::from_secs(3)));
    }
}
