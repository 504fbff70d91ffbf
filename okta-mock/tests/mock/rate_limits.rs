//! The rate-limit simulation: 429 E0000047 with Okta's headers, on a clock tests control.

use std::sync::Arc;
use std::time::Duration;

use crate::common::{Api, assert_okta_error};
use okta_mock::sim::{FaultConfig, ManualClock, RateLimitConfig};
use okta_mock::{MockConfig, MockServer};
use serde_json::Value;
use time::macros::datetime;

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()[name].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_request_over_a_tiny_bucket_gets_429_with_remaining_zero_until_the_next_minute() {
    let clock = Arc::new(ManualClock::new(datetime!(2024-01-09 15:36:04 UTC)));
    let limits = RateLimitConfig::from_json_str(r#"{"buckets": {"user_get": 2}}"#).unwrap();
    let config = MockConfig::default()
        .rate_limits(limits)
        .clock(clock.clone());
    let server = MockServer::start_with(config).await.unwrap();
    let api = Api::new(&server);
    let user = api.create_user("limited@example.com").await;
    let path = format!("/api/v1/users/{user}");

    for remaining in ["1", "0"] {
        let res = api.get(&path).await;
        assert_eq!(res.status(), 200);
        assert_eq!(header(&res, "x-rate-limit-remaining"), remaining);
    }
    let res = api.get(&path).await;
    assert_eq!(res.status(), 429);
    assert_eq!(header(&res, "x-rate-limit-limit"), "2");
    assert_eq!(header(&res, "x-rate-limit-remaining"), "0");
    assert!(
        res.headers().get("retry-after").is_none(),
        "Okta sends no Retry-After"
    );
    // Reset − Date is what a client waits: the 56 s left in the simulated minute.
    let reset: i64 = header(&res, "x-rate-limit-reset").parse().unwrap();
    assert_eq!(reset, datetime!(2024-01-09 15:37:00 UTC).unix_timestamp());
    assert_eq!(header(&res, "date"), "Tue, 09 Jan 2024 15:36:04 GMT");
    let body: Value = res.json().await.unwrap();
    assert_okta_error(&body, "E0000047");
    assert_eq!(
        body["errorSummary"],
        "API call exceeded rate limit due to too many requests."
    );

    // Other families are not affected.
    assert_eq!(api.get("/api/v1/users").await.status(), 200);
    clock.advance(Duration::from_secs(56));
    assert_eq!(
        api.get(&path).await.status(),
        200,
        "a new minute, a new window"
    );
}

#[tokio::test]
async fn the_cumulative_bucket_limits_all_endpoints_together() {
    let clock = Arc::new(ManualClock::new(datetime!(2024-01-09 15:36:00 UTC)));
    let limits = RateLimitConfig::from_json_str(r#"{"cumulative": 3}"#).unwrap();
    let server = MockServer::start_with(MockConfig::default().rate_limits(limits).clock(clock))
        .await
        .unwrap();
    let api = Api::new(&server);
    for path in ["/api/v1/users", "/api/v1/groups", "/api/v1/apps"] {
        assert_eq!(api.get(path).await.status(), 200, "{path}");
    }
    let res = api.get("/api/v1/groups").await;
    assert_eq!(res.status(), 429);
    assert_eq!(header(&res, "x-rate-limit-limit"), "3");
    // The admin API is never limited.
    assert_eq!(api.get("/__mock/health").await.status(), 200);
}

#[tokio::test]
async fn too_many_requests_in_flight_get_429_with_limit_and_remaining_zero() {
    let limits = RateLimitConfig::from_json_str(r#"{"concurrency": 1}"#).unwrap();
    // Latency keeps each request in flight long enough for the others to overlap it.
    let faults = FaultConfig::parse("latency=400ms").unwrap();
    let server = MockServer::start_with(MockConfig::default().rate_limits(limits).faults(faults))
        .await
        .unwrap();
    let api = Arc::new(Api::new(&server));
    let tasks: Vec<_> = (0..3)
        .map(|_| {
            let api = Arc::clone(&api);
            tokio::spawn(async move { api.get("/api/v1/groups").await })
        })
        .collect();
    let mut refused = 0;
    let mut admitted = 0;
    for task in tasks {
        let res = task.await.unwrap();
        match res.status().as_u16() {
            200 => admitted += 1,
            429 => {
                refused += 1;
                assert_eq!(header(&res, "x-rate-limit-limit"), "0");
                assert_eq!(header(&res, "x-rate-limit-remaining"), "0");
                assert_okta_error(&res.json().await.unwrap(), "E0000047");
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(admitted >= 1, "at least one request gets through");
    assert!(refused >= 1, "overlapping requests are refused");
    // Once the slot is free again, requests pass.
    assert_eq!(api.get("/api/v1/groups").await.status(), 200);
}

#[tokio::test]
async fn a_time_scale_keeps_date_real_and_puts_the_reset_within_the_shortened_window() {
    // ×10: windows of six seconds. Date stays the wall clock, so Reset − Date is a real wait.
    let limits = RateLimitConfig::from_json_str(r#"{"buckets": {"groups": 1}}"#).unwrap();
    let server = MockServer::start_with(MockConfig::default().rate_limits(limits).time_scale(10.0))
        .await
        .unwrap();
    let api = Api::new(&server);
    let res = api.get("/api/v1/groups").await;
    let date = httpdate_seconds(&header(&res, "date"));
    let reset: i64 = header(&res, "x-rate-limit-reset").parse().unwrap();
    let wall = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!(
        (wall - date).abs() <= 2,
        "Date {date} is not the wall clock {wall}"
    );
    assert!(
        (1..=6).contains(&(reset - date)),
        "Reset − Date = {} s, not within a six-second window",
        reset - date
    );
    assert_eq!(
        reset % 6,
        0,
        "six-second windows start on multiples of six seconds"
    );
}

fn httpdate_seconds(raw: &str) -> i64 {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(raw, format)
        .unwrap()
        .assume_utc()
        .unix_timestamp()
}

#[tokio::test]
async fn a_time_scale_makes_the_reset_come_sooner_in_real_time() {
    // At ×600 a simulated minute lasts 100 ms: after a refusal, waiting that long is enough.
    let limits = RateLimitConfig::from_json_str(r#"{"buckets": {"groups": 1}}"#).unwrap();
    let server =
        MockServer::start_with(MockConfig::default().rate_limits(limits).time_scale(600.0))
            .await
            .unwrap();
    let api = Api::new(&server);
    let mut saw_429 = false;
    for _ in 0..5 {
        if api.get("/api/v1/groups").await.status() == 429 {
            saw_429 = true;
        }
    }
    assert!(
        saw_429,
        "the one-per-minute bucket refuses within a simulated minute"
    );
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(api.get("/api/v1/groups").await.status(), 200);
}

/// One app with one assigned user, under the Enterprise preset, on a stopped clock.
async fn enterprise_org_with_an_app_user() -> (MockServer, String, String) {
    let scenario = okta_mock::scenario::Scenario::from_json_str(
        &serde_json::json!({
            "apps": [{"name": "office365", "label": "Microsoft Office 365"}],
            "users": [{
                "profile": {"login": "a@example.com", "email": "a@example.com",
                            "firstName": "A", "lastName": "B"},
                "apps": [{"app": "Microsoft Office 365"}]
            }]
        })
        .to_string(),
    )
    .unwrap();
    let clock = Arc::new(ManualClock::new(datetime!(2024-01-09 15:36:00 UTC)));
    let config = MockConfig::default()
        .scenario(scenario)
        .rate_limits(RateLimitConfig::preset("enterprise").unwrap())
        .clock(clock);
    let server = MockServer::start_with(config).await.unwrap();
    let api = Api::new(&server);
    let apps: Value = api.get("/api/v1/apps").await.json().await.unwrap();
    let app = apps[0]["id"].as_str().unwrap().to_owned();
    let users: Value = api.get("/api/v1/users").await.json().await.unwrap();
    let user = users[0]["id"].as_str().unwrap().to_owned();
    (server, app, user)
}

#[tokio::test]
async fn app_user_reads_and_writes_count_against_the_one_apps_family() {
    let (server, app, user) = enterprise_org_with_an_app_user().await;
    let api = Api::new(&server);
    // The setup listed the apps once: 99 of the apps family's 100 are left.
    let list = api.get(&format!("/api/v1/apps/{app}/users")).await;
    assert_eq!(list.status(), 200);
    assert_eq!(header(&list, "x-rate-limit-limit"), "100");
    assert_eq!(header(&list, "x-rate-limit-remaining"), "98");
    let write = api
        .post(
            &format!("/api/v1/apps/{app}/users/{user}"),
            serde_json::json!({"profile": {"immutableId": "x"}}),
        )
        .await;
    assert_eq!(write.status(), 200);
    assert_eq!(header(&write, "x-rate-limit-limit"), "100");
    assert_eq!(header(&write, "x-rate-limit-remaining"), "97");
    // The app itself by id is its own family of 600.
    let by_id = api.get(&format!("/api/v1/apps/{app}")).await;
    assert_eq!(header(&by_id, "x-rate-limit-limit"), "600");
    assert_eq!(header(&by_id, "x-rate-limit-remaining"), "599");
    // A get by id and an update of a user are two families (1,000 and 600).
    let get = api.get(&format!("/api/v1/users/{user}")).await;
    assert_eq!(header(&get, "x-rate-limit-limit"), "1000");
    let update = api
        .post(
            &format!("/api/v1/users/{user}"),
            serde_json::json!({"profile": {"nickName": "n"}}),
        )
        .await;
    assert_eq!(update.status(), 200);
    assert_eq!(header(&update, "x-rate-limit-limit"), "600");
    assert_eq!(header(&update, "x-rate-limit-remaining"), "599");
}

#[tokio::test]
async fn the_apps_family_refuses_its_hundred_and_first_request_of_a_minute() {
    let (server, app, _user) = enterprise_org_with_an_app_user().await;
    let api = Api::new(&server);
    let path = format!("/api/v1/apps/{app}/users");
    // One apps request was spent by the setup.
    for _ in 0..99 {
        assert_eq!(api.get(&path).await.status(), 200);
    }
    let refused = api.get(&path).await;
    assert_eq!(refused.status(), 429);
    assert_eq!(header(&refused, "x-rate-limit-limit"), "100");
    assert_eq!(header(&refused, "x-rate-limit-remaining"), "0");
    assert_okta_error(&refused.json().await.unwrap(), "E0000047");
    // The app by id is still open.
    assert_eq!(api.get(&format!("/api/v1/apps/{app}")).await.status(), 200);
}
