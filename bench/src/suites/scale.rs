//! Suite 3: a million users in the mock: load time, memory per user, and how the latency of
//! the last page, a `filter` and a `search` change between 10,000 and 1,000,000 users.

use std::time::{Duration, Instant};

use okta_mock::store::{PageRequest, Store, UserQuery};
use okta_mock::{MockConfig, MockServer};

use crate::report::{SuiteReport, Table, Verdict, ratio, thousands};
use crate::{rss, synth};

/// The sizes of the scale suite.
#[derive(Debug, Clone, Copy)]
pub struct ScaleConfig {
    /// The smaller org the latencies are compared with.
    pub small: usize,
    /// The org measured.
    pub users: usize,
    /// Requests per latency figure (the median is reported).
    pub repeats: usize,
}

impl ScaleConfig {
    /// 10,000 vs 1,000,000 users, median of 15.
    pub fn full() -> Self {
        Self {
            small: 10_000,
            users: 1_000_000,
            repeats: 15,
        }
    }

    /// 10,000 vs 20,000 users, median of 5.
    pub fn tiny() -> Self {
        Self {
            small: 10_000,
            users: 20_000,
            repeats: 5,
        }
    }
}

const TITLE: &str = "3. Mock scale (store of up to 1,000,000 users)";

/// The login the `filter` looks for: present in both orgs.
fn filter_expr() -> String {
    format!("profile.login eq \"{}\"", synth::login(5_000))
}

/// A last-name prefix that matches the same 100 users in both orgs.
const SEARCH: &str = "profile.lastName sw \"Last00099\"";

/// Latencies measured at one size.
struct Latencies {
    first_page: Duration,
    last_page: Duration,
    filter: Duration,
    search: Duration,
}

/// Runs the suite in this process: RSS before and after the load is this process's.
///
/// # Errors
/// When the server cannot start, a user cannot be loaded or a request fails.
pub async fn run(config: ScaleConfig) -> Result<SuiteReport, String> {
    let small = config.small.min(config.users);
    let mock = MockServer::start_with(MockConfig::default())
        .await
        .map_err(|e| e.to_string())?;
    let http = reqwest::Client::new();
    let auth = format!("SSWS {}", mock.token());
    let base = mock.base_url();
    let before_kib = rss::current_kib().unwrap_or(0);
    let started = Instant::now();
    load(&mock, 0, small)?;
    let small_load = started.elapsed();
    let at_small = latencies(&mock, &http, &base, &auth, config.repeats).await?;
    let started = Instant::now();
    load(&mock, small, config.users)?;
    let load_time = small_load + started.elapsed();
    let after_kib = rss::current_kib().unwrap_or(0);
    let at_big = latencies(&mock, &http, &base, &auth, config.repeats).await?;
    mock.shutdown().await;

    let mut suite = SuiteReport::new(TITLE);
    suite.note(format!(
        "{} synthetic users (login, email, firstName, lastName, password; ACTIVE) created \
         through the store API (`Store::create_user`, no HTTP) in a running okta-mock; RSS of \
         this process read from /proc/self/status before and after.",
        thousands(config.users as f64)
    ));
    suite.note(format!(
        "Latencies over HTTP (keep-alive, reqwest, whole body read), median of {}; the last \
         page is `?after=<cursor>&limit=200` with the cursor of the page before it; filter \
         `{}`; search `{SEARCH}` (100 matches at both sizes).",
        config.repeats,
        filter_expr()
    ));
    let per_user = (after_kib.saturating_sub(before_kib) as f64 * 1024.0) / config.users as f64;
    let mut table = Table::new(&[
        "measure",
        &thousands(small as f64),
        &thousands(config.users as f64),
        "ratio (big / small)",
    ]);
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
    let rows = [
        (
            "first page (limit=200)",
            at_small.first_page,
            at_big.first_page,
        ),
        ("last page (cursor)", at_small.last_page, at_big.last_page),
        ("filter profile.login eq", at_small.filter, at_big.filter),
        ("search profile.lastName sw", at_small.search, at_big.search),
    ];
    for (name, a, b) in rows {
        table.row(vec![
            name.into(),
            ms(a),
            ms(b),
            ratio(b.as_secs_f64(), a.as_secs_f64()),
        ]);
    }
    suite.tables.push(table);
    let mut load_table = Table::new(&[
        "users loaded",
        "load time",
        "users/s",
        "RSS before",
        "RSS after",
        "RSS per user",
    ]);
    load_table.row(vec![
        thousands(config.users as f64),
        format!("{:.2} s", load_time.as_secs_f64()),
        thousands(config.users as f64 / load_time.as_secs_f64().max(1e-9)),
        format!("{:.1} MiB", before_kib as f64 / 1024.0),
        format!("{:.1} MiB", after_kib as f64 / 1024.0),
        format!("{per_user:.0} bytes"),
    ]);
    suite.tables.push(load_table);
    suite.target(
        "RSS per user",
        "≤ 1.5 KiB (1,536 bytes)",
        format!(
            "{per_user:.0} bytes ({} of the target)",
            ratio(per_user, 1536.0)
        ),
        Verdict::from_check(
            per_user <= 1536.0,
            "the store's records are larger than the target",
        ),
    );
    let paging = at_big.last_page.as_secs_f64() / at_big.first_page.as_secs_f64().max(1e-12);
    suite.target(
        format!(
            "last page / first page at {} users",
            thousands(config.users as f64)
        ),
        "≤ 1.5×",
        format!(
            "{} ({} / {})",
            ratio(
                at_big.last_page.as_secs_f64(),
                at_big.first_page.as_secs_f64()
            ),
            ms(at_big.last_page),
            ms(at_big.first_page)
        ),
        Verdict::from_check(
            paging <= 1.5,
            "the cursor does not seek directly to its position",
        ),
    );
    Ok(suite)
}

fn load(mock: &MockServer, from: usize, to: usize) -> Result<(), String> {
    let store = mock.store();
    let mut store = store.write().map_err(|_| "store lock poisoned")?;
    synth::load_users(&mut store, from..to).map_err(|e| e.to_string())
}

/// The cursor whose next page is the last one (walked in the store, one page at a time, the
/// way a client follows next links; `None` when the org fits on one page).
fn last_cursor(store: &Store) -> Result<Option<String>, String> {
    let query = UserQuery::default();
    let mut request = PageRequest::first(200);
    let mut previous = None;
    loop {
        let page = store
            .users()
            .list(&query, &request)
            .map_err(|e| e.to_string())?;
        match page.next_cursor {
            Some(next) => {
                previous = Some(next.clone());
                request = PageRequest::after(next, Some(200));
            }
            None => return Ok(previous),
        }
    }
}

async fn latencies(
    mock: &MockServer,
    http: &reqwest::Client,
    base: &str,
    auth: &str,
    repeats: usize,
) -> Result<Latencies, String> {
    let cursor = {
        let store = mock.store();
        let store = store.read().map_err(|_| "store lock poisoned")?;
        last_cursor(&store)?
    };
    let users = format!("{base}/api/v1/users");
    let first = vec![("limit", "200".to_owned())];
    let last = match cursor {
        Some(c) => vec![("after", c), ("limit", "200".to_owned())],
        None => first.clone(),
    };
    let (last_page, last_body) = median(http, &users, &last, auth, repeats).await?;
    let last_items = item_count(&last_body)?;
    if last_items == 0 {
        return Err("the last page came back empty".into());
    }
    Ok(Latencies {
        first_page: median(http, &users, &first, auth, repeats).await?.0,
        last_page,
        filter: median(http, &users, &[("filter", filter_expr())], auth, repeats)
            .await?
            .0,
        search: median(
            http,
            &users,
            &[("search", SEARCH.to_owned())],
            auth,
            repeats,
        )
        .await?
        .0,
    })
}

fn item_count(body: &[u8]) -> Result<usize, String> {
    serde_json::from_slice::<Vec<serde_json::Value>>(body)
        .map(|v| v.len())
        .map_err(|e| format!("a user page did not decode: {e}"))
}

/// The median time of `repeats` requests, and the last body.
async fn median(
    http: &reqwest::Client,
    url: &str,
    query: &[(&str, String)],
    auth: &str,
    repeats: usize,
) -> Result<(Duration, Vec<u8>), String> {
    let mut times = Vec::with_capacity(repeats);
    let mut body = Vec::new();
    // One unmeasured request first, so a connection set-up is never in the figure.
    for round in 0..=repeats.max(1) {
        let started = Instant::now();
        let response = http
            .get(url)
            .query(query)
            .header("Authorization", auth)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        body = response.bytes().await.map_err(|e| e.to_string())?.to_vec();
        if round > 0 {
            times.push(started.elapsed());
        }
        if !status.is_success() {
            return Err(format!("GET {url} {query:?}: HTTP {status}"));
        }
    }
    times.sort();
    Ok((times[times.len() / 2], body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_cursor_leads_to_a_short_final_page() {
        let mut store = Store::new();
        synth::load_users(&mut store, 0..450).expect("loaded");
        let cursor = last_cursor(&store)
            .expect("walked")
            .expect("more than one page");
        let last = store
            .users()
            .list(
                &UserQuery::default(),
                &PageRequest::after(cursor, Some(200)),
            )
            .expect("listed");
        assert_eq!(last.items.len(), 50);
        assert!(last.next_cursor.is_none());
    }

    #[test]
    fn an_org_on_one_page_has_no_last_cursor() {
        let mut store = Store::new();
        synth::load_users(&mut store, 0..10).expect("loaded");
        assert_eq!(last_cursor(&store).expect("walked"), None);
    }
}
