//! End to end, the real client against the mock: password and factor resets, the temporary
//! password, and `sendEmail` on delete; each checks the state the mock ends in.

use okta_client::api::ExpirePassword;
use okta_client::api::{DeleteUser, ResetPassword};
use okta_client::models::{User, UserStatus};
use okta_tests::{api_error, client_for, profile, requests_to, start_mock, within};

async fn active_user(client: &okta_client::Client, name: &str) -> User {
    within(
        client
            .users()
            .create(profile(name))
            .password("Pa55word!x")
            .send(),
    )
    .await
    .expect("created")
}

async fn status_of(client: &okta_client::Client, user: &User) -> UserStatus {
    within(client.users().get(&user.id))
        .await
        .expect("read")
        .status
}

#[tokio::test]
async fn resetting_a_password_without_email_returns_a_secret_link_and_puts_the_user_in_recovery() {
    let server = start_mock().await;
    let client = client_for(&server);
    let user = active_user(&client, "rst").await;

    let options = ResetPassword::new().send_email(false).revoke_sessions(true);
    let link = within(client.users().reset_password(&user.id, options))
        .await
        .expect("reset")
        .expect("a link when no email is sent");
    assert!(
        link.expose_secret().contains("/reset_password/"),
        "the one-time link"
    );
    assert!(
        !format!("{link:?}").contains(link.expose_secret()),
        "the link never shows in Debug"
    );
    assert_eq!(status_of(&client, &user).await, UserStatus::Recovery);

    let path = format!("/api/v1/users/{}/lifecycle/reset_password", user.id);
    let sent = requests_to(&server, "POST", &path);
    assert_eq!(
        sent[0].query.as_deref(),
        Some("sendEmail=false&revokeSessions=true")
    );
}

#[tokio::test]
async fn resetting_a_password_by_email_returns_no_link() {
    let server = start_mock().await;
    let client = client_for(&server);
    let user = active_user(&client, "mail").await;
    let link = within(
        client
            .users()
            .reset_password(&user.id, ResetPassword::new()),
    )
    .await
    .expect("reset");
    assert!(link.is_none());
    assert_eq!(status_of(&client, &user).await, UserStatus::Recovery);
}

#[tokio::test]
async fn a_staged_user_cannot_reset_its_password() {
    let server = start_mock().await;
    let client = client_for(&server);
    let staged = within(client.users().create(profile("stg")).activate(false).send())
        .await
        .expect("created");
    let options = ResetPassword::new().send_email(false);
    let err = within(client.users().reset_password(&staged.id, options))
        .await
        .expect_err("refused");
    let api = api_error(&err);
    assert_eq!((api.status, api.error_code.as_str()), (403, "E0000038"));
    assert_eq!(status_of(&client, &staged).await, UserStatus::Staged);
}

#[tokio::test]
async fn resetting_factors_succeeds_and_keeps_the_user_active() {
    let server = start_mock().await;
    let client = client_for(&server);
    let user = active_user(&client, "fac").await;
    within(client.users().reset_factors(&user.id))
        .await
        .expect("factors reset");
    assert_eq!(status_of(&client, &user).await, UserStatus::Active);
    let path = format!("/api/v1/users/{}/lifecycle/reset_factors", user.id);
    assert_eq!(requests_to(&server, "POST", &path)[0].status, 200);
}

#[tokio::test]
async fn expiring_with_a_temporary_password_returns_a_secret_and_expires_the_password() {
    let server = start_mock().await;
    let client = client_for(&server);
    let user = active_user(&client, "tmp").await;
    let temp = within(
        client
            .users()
            .expire_password_with_temp_password(&user.id, ExpirePassword::new()),
    )
    .await
    .expect("expired");
    assert!(!temp.expose_secret().is_empty());
    assert!(
        !format!("{temp:?}").contains(temp.expose_secret()),
        "the temporary password never shows in Debug"
    );
    assert_eq!(status_of(&client, &user).await, UserStatus::PasswordExpired);
}

#[tokio::test]
async fn deleting_with_send_email_deactivates_first_then_deletes() {
    let server = start_mock().await;
    let client = client_for(&server);
    let user = active_user(&client, "del").await;
    let options = DeleteUser::new().send_email(true);
    within(client.users().delete_with(&user.id, options))
        .await
        .expect("deactivated");
    assert_eq!(status_of(&client, &user).await, UserStatus::Deprovisioned);
    let path = format!("/api/v1/users/{}", user.id);
    assert_eq!(
        requests_to(&server, "DELETE", &path)[0].query.as_deref(),
        Some("sendEmail=true")
    );
    within(client.users().delete_with(&user.id, DeleteUser::new()))
        .await
        .expect("deleted");
    let gone = within(client.users().get_opt(&user.id))
        .await
        .expect("read");
    assert!(gone.is_none());
}
