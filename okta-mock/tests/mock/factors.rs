//! A user's MFA factors on the wire (`/api/v1/users/{id}/factors`), the admin routes that
//! enroll a factor and lock a user out, and scenario files that carry factors.

use okta_mock::MockServer;
use serde_json::{Value, json};

use crate::common::{Api, link_lines};
use crate::system_log::event_about;

const TOTP: &str = r#"{"factorType": "token:software:totp", "provider": "GOOGLE",
    "created": "2024-01-09T15:36:04.000Z"}"#;

async fn enroll(api: &Api, user: &str, body: Value) -> reqwest::Response {
    api.post(&format!("/__mock/users/{user}/factors"), body)
        .await
}

#[tokio::test]
async fn a_new_user_has_an_empty_unpaged_factor_list_as_recorded_from_okta() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let ada = api.create_user("ada@example.com").await;
    let res = api.get(&format!("/api/v1/users/{ada}/factors")).await;
    assert_eq!(res.status(), 200);
    // okta-sdk-python's cassette `test_list_factors_new_user`: `[]`, and no Link header.
    assert!(link_lines(res.headers()).is_empty());
    assert_eq!(res.text().await.unwrap(), "[]");
}

#[tokio::test]
async fn an_enrolled_factor_is_listed_and_read_with_okta_keys_and_links() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let ada = api.create_user("ada@example.com").await;
    let res = enroll(&api, &ada, serde_json::from_str(TOTP).unwrap()).await;
    assert_eq!(res.status(), 200);
    let enrolled: Value = res.json().await.unwrap();
    let id = enrolled["id"].as_str().unwrap().to_owned();

    let listed: Value = api
        .get(&format!("/api/v1/users/{ada}/factors"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed, json!([enrolled.clone()]));
    let one: Value = api
        .get(&format!("/api/v1/users/ada@example.com/factors/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one, enrolled);
    assert_eq!(one["factorType"], "token:software:totp");
    assert_eq!(one["provider"], "GOOGLE");
    assert_eq!(one["status"], "ACTIVE");
    assert_eq!(one["created"], "2024-01-09T15:36:04.000Z");
    assert_eq!(one["lastUpdated"], "2024-01-09T15:36:04.000Z");
    let self_link = format!("{}/api/v1/users/{ada}/factors/{id}", api.base);
    assert_eq!(one["_links"]["self"]["href"], self_link.as_str());
    assert_eq!(
        one["_links"]["self"]["hints"]["allow"],
        json!(["GET", "DELETE"])
    );
    assert_eq!(
        one["_links"]["user"]["href"],
        format!("{}/api/v1/users/{ada}", api.base).as_str()
    );
    assert_eq!(one["_links"]["verify"]["hints"]["allow"], json!(["POST"]));
    // Enrolled by the admin API: logged as the factor's activation, about the user.
    let event = event_about(&api, "user.mfa.factor.activate", &ada).await;
    assert_eq!(event["target"][0]["id"], ada.as_str());
}

#[tokio::test]
async fn unknown_users_and_factors_get_okta_404s_and_unenrolling_answers_204() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let res = api.get("/api/v1/users/00unobody/factors").await;
    assert_eq!(res.status(), 404);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errorCode"], "E0000007");

    let ada = api.create_user("ada@example.com").await;
    let body = json!({"factorType": "sms", "provider": "OKTA", "status": "PENDING_ACTIVATION",
                      "profile": {"phoneNumber": "+12345678901"}});
    let sms: Value = enroll(&api, &ada, body).await.json().await.unwrap();
    assert_eq!(sms["_links"]["self"]["hints"]["allow"], json!(["GET"]));
    assert!(
        sms["_links"]["activate"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/lifecycle/activate")
    );
    let path = format!(
        "/api/v1/users/{ada}/factors/{}",
        sms["id"].as_str().unwrap()
    );
    assert_eq!(api.delete(&path).await.status(), 204);
    // As recorded after a real unenrollment (okta-sdk-python `test_delete_factor`).
    let gone = api.get(&path).await;
    assert_eq!(gone.status(), 404);
    let body: Value = gone.json().await.unwrap();
    let summary = format!(
        "Not found: Resource not found: {} (UserFactor)",
        sms["id"].as_str().unwrap()
    );
    assert_eq!(body["errorSummary"], summary.as_str());
    assert_eq!(api.delete(&path).await.status(), 404);
    event_about(&api, "user.mfa.factor.deactivate", &ada).await;
}

#[tokio::test]
async fn the_admin_enroll_route_refuses_bad_bodies_and_duplicates_with_okta_errors() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let ada = api.create_user("ada@example.com").await;
    let res = enroll(&api, &ada, json!({"provider": "OKTA", "status": "MAYBE"})).await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errorCode"], "E0000001");
    let causes = body["errorCauses"].to_string();
    assert!(
        causes.contains("factorType") && causes.contains("status"),
        "{causes}"
    );
    let question = json!({"factorType": "question", "provider": "OKTA"});
    assert_eq!(enroll(&api, &ada, question.clone()).await.status(), 200);
    assert_eq!(enroll(&api, &ada, question).await.status(), 400);
    let nobody = enroll(&api, "00unobody", serde_json::from_str(TOTP).unwrap()).await;
    assert_eq!(nobody.status(), 404);
    let malformed = api
        .request(
            reqwest::Method::POST,
            &format!("/__mock/users/{ada}/factors"),
        )
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
}

#[tokio::test]
async fn the_admin_lock_route_locks_the_user_out_logs_the_lock_and_unlock_undoes_it() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let ada = api.create_user("ada@example.com").await;
    let res = api
        .post(&format!("/__mock/users/{ada}/lock"), json!({}))
        .await;
    assert_eq!(res.status(), 200);
    let user: Value = res.json().await.unwrap();
    assert_eq!(user["status"], "LOCKED_OUT");
    let fetched: Value = api
        .get(&format!("/api/v1/users/{ada}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(fetched["status"], "LOCKED_OUT");
    let event = event_about(&api, "user.account.lock", &ada).await;
    assert_eq!(event["target"][0]["type"], "User");
    assert_eq!(event["target"][0]["alternateId"], "ada@example.com");

    let again = api
        .post(&format!("/__mock/users/{ada}/lock"), json!({}))
        .await;
    assert_eq!(again.status(), 403);
    let unlock = format!("/api/v1/users/{ada}/lifecycle/unlock");
    assert_eq!(api.post(&unlock, json!({})).await.status(), 200);
    let fetched: Value = api
        .get(&format!("/api/v1/users/{ada}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(fetched["status"], "ACTIVE");
}

#[tokio::test]
async fn a_scenario_user_carries_factors_that_export_back() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let scenario = json!({"users": [{
        "profile": {"login": "ada@example.com", "email": "ada@example.com",
                    "firstName": "Ada", "lastName": "L"},
        "factors": [{"factorType": "token:software:totp", "provider": "GOOGLE",
                     "status": "ACTIVE", "created": "2023-05-01T08:00:00.000Z"}]
    }]});
    assert_eq!(api.post("/__mock/scenario", scenario).await.status(), 200);
    let factors: Value = api
        .get("/api/v1/users/ada@example.com/factors")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(factors[0]["created"], "2023-05-01T08:00:00.000Z");
    assert_eq!(factors[0]["provider"], "GOOGLE");
    let exported: Value = api.get("/__mock/scenario").await.json().await.unwrap();
    let factor = &exported["users"][0]["factors"][0];
    assert_eq!(factor["factorType"], "token:software:totp");
    assert_eq!(factor["id"], factors[0]["id"]);

    let bad = json!({"users": [{
        "profile": {"login": "bo@example.com", "email": "bo@example.com",
                    "firstName": "Bo", "lastName": "L"},
        "factors": [{"factorType": "sms", "provider": "OKTA", "status": "NAPPING"}]
    }]});
    let res = api.post("/__mock/scenario", bad).await;
    assert_eq!(res.status(), 400);
    let body = res.text().await.unwrap();
    assert!(body.contains("users[0].factors[0].status"), "{body}");
}

#[tokio::test]
async fn okta_enrollment_serves_a_security_question_and_a_totp_app_as_the_spec_shows_them() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let ada = api.create_user("ada@example.com").await;
    let path = format!("/api/v1/users/{ada}/factors");
    let question = json!({"factorType": "question", "provider": "OKTA",
        "profile": {"question": "disliked_food", "answer": "mayonnaise"}});
    let res = api.post(&path, question.clone()).await;
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(!text.contains("mayonnaise"), "{text}");
    let q: Value = serde_json::from_str(&text).unwrap();
    // The spec's EnrollFactorQuestionResponse.
    assert_eq!(q["status"], "ACTIVE");
    assert_eq!(q["vendorName"], "OKTA");
    assert_eq!(
        q["profile"],
        json!({"question": "disliked_food",
               "questionText": "What is the food you least liked as a child?"})
    );
    assert!(
        q["_links"]["questions"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/factors/questions")
    );
    assert_eq!(api.post(&path, question).await.status(), 400);

    let totp = json!({"factorType": "token:software:totp", "provider": "GOOGLE"});
    let t: Value = api.post(&path, totp).await.json().await.unwrap();
    // The spec's EnrollFactorGoogleResponse.
    assert_eq!(t["status"], "PENDING_ACTIVATION");
    assert_eq!(t["profile"]["credentialId"], "ada@example.com");
    let activation = &t["_embedded"]["activation"];
    assert_eq!(activation["sharedSecret"].as_str().unwrap().len(), 16);
    assert_eq!(activation["encoding"], "base32");
    assert!(t["_links"]["activate"]["href"].as_str().is_some());
    // Listed pending, without the shared secret.
    let listed: Value = api.get(&path).await.json().await.unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(listed[1]["status"], "PENDING_ACTIVATION");
    assert!(listed[1].get("_embedded").is_none());

    let short = json!({"factorType": "question", "provider": "OKTA",
        "profile": {"question": "favorite_toy", "answer": "abc"}});
    let res = api.post(&path, short).await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errorCode"], "E0000001");
    let sms = json!({"factorType": "sms", "provider": "OKTA",
        "profile": {"phoneNumber": "+12345678901"}});
    let res = api.post(&path, sms).await;
    assert_eq!(res.status(), 501);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errorCode"], "E0000052");
    assert_eq!(
        api.post(
            "/api/v1/users/00unobody/factors",
            json!({
        "factorType": "question", "provider": "OKTA",
        "profile": {"question": "disliked_food", "answer": "mayonnaise"}})
        )
        .await
        .status(),
        404
    );
}
