//! End to end, the real client against the mock: a user's MFA factors enrolled through the
//! mock's admin route and read with `client.users().factors(..)`, and a lockout made by the
//! admin route seen through the client (status, System Log, manager) and undone with `unlock`.

use futures::TryStreamExt as _;
use okta_client::models::{FactorProvider, FactorType, UserStatus};
use okta_client::{Method, RawRequest};
use okta_tests::{api_error, client_for, profile, start_mock, within};
use serde_json::json;

#[tokio::test]
async fn a_factor_enrolled_through_the_admin_route_is_listed_and_read_by_the_client() {
    let server = start_mock().await;
    let client = client_for(&server);
    let user = within(
        client
            .users()
            .create(profile("mfa"))
            .password("Pa55word!x")
            .send(),
    )
    .await
    .expect("created");
    let factors = client.users().factors(&user.id);
    assert!(within(factors.list()).await.expect("listed").is_empty());

    let enroll = json!({"factorType": "token:software:totp", "provider": "GOOGLE",
                        "created": "2024-01-09T15:36:04.000Z"});
    let path = format!("/__mock/users/{}/factors", user.id);
    let answer = within(client.raw(RawRequest::new(Method::POST, path).json(enroll)))
        .await
        .expect("enrolled");
    assert_eq!(answer.status, 200);

    let listed = within(factors.list()).await.expect("listed");
    assert_eq!(listed.len(), 1);
    let factor = &listed[0];
    assert_eq!(factor.id.as_str(), answer.body["id"].as_str().unwrap());
    assert_eq!(factor.factor_type, FactorType::TokenSoftwareTotp);
    assert_eq!(factor.provider, Some(FactorProvider::Google));
    assert!(factor.is_active());
    assert_eq!(
        factor.created.map(|t| t.to_string()).as_deref(),
        Some("2024-01-09T15:36:04.000Z")
    );
    let read = within(factors.get(&factor.id)).await.expect("read");
    assert_eq!(&read, factor);

    within(factors.delete(&factor.id))
        .await
        .expect("unenrolled");
    assert!(
        within(factors.get_opt(&factor.id))
            .await
            .expect("read")
            .is_none()
    );
    assert!(within(factors.list()).await.expect("listed").is_empty());

    let nobody = within(client.users().factors("00unobody").list()).await;
    let err = nobody.expect_err("no such user");
    assert!(err.is_not_found());
    assert_eq!(api_error(&err).error_code.as_str(), "E0000007");
    server.shutdown().await;
}

#[tokio::test]
async fn a_lockout_from_the_admin_route_is_seen_by_the_client_and_unlock_undoes_it() {
    let server = start_mock().await;
    let client = client_for(&server);
    let users = client.users();
    let boss = within(users.create(profile("boss")).password("Pa55word!x").send())
        .await
        .expect("created");
    let mut worker = profile("worker");
    worker.manager_id = Some(boss.id.to_string());
    worker.manager = Some("Boss Person".to_owned());
    let worker = within(users.create(worker).password("Pa55word!x").send())
        .await
        .expect("created");

    let path = format!("/__mock/users/{}/lock", worker.id);
    let answer = within(client.raw(RawRequest::new(Method::POST, path)))
        .await
        .expect("locked");
    assert_eq!(answer.body["status"], "LOCKED_OUT");
    let locked = within(users.get(&worker.id)).await.expect("read");
    assert_eq!(locked.status, UserStatus::LockedOut);
    // The manager notification's path: the locked user's profile names the manager.
    assert_eq!(locked.profile.manager_id.as_deref(), Some(boss.id.as_str()));
    assert_eq!(locked.profile.manager.as_deref(), Some("Boss Person"));

    let filter = format!(
        r#"eventType eq "user.account.lock" and target.id eq "{}""#,
        worker.id
    );
    // Bounded (since and until), so the listing ends instead of polling.
    let at = |s: &str| okta_client::models::Timestamp::parse(s).expect("timestamp");
    let listing = client
        .logs()
        .list()
        .since(at("2000-01-01T00:00:00.000Z"))
        .until(at("2999-01-01T00:00:00.000Z"))
        .filter(filter)
        .items();
    let events: Vec<_> = within(listing.try_collect()).await.expect("listed");
    assert_eq!(events.len(), 1, "{events:#?}");

    within(users.unlock(&worker.id)).await.expect("unlocked");
    let unlocked = within(users.get(&worker.id)).await.expect("read");
    assert_eq!(unlocked.status, UserStatus::Active);
    server.shutdown().await;
}
