//! `client.users().factors(..)` on the wire: the requests each call sends, how the answers and
//! Okta's errors are read, and every factor example of the spec (`spec/management-factors.yaml`,
//! see `spec/NOTICE`) decoded with the `UserFactor` model.

use axum::response::IntoResponse as _;
use okta_client::models::{FactorProvider, FactorStatus, FactorType, NewUserFactor, UserFactor};
use serde_json::{Value, json};

use crate::support::{Double, Reply, json as json_response};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/management-factors.yaml");

/// The recorded body of a real org's factor (okta/okta-sdk-python,
/// `tests/integration/cassettes/TestFactorsResource.test_get_factor.yaml`, Apache-2.0).
const RECORDED: &str = r#"{"id":"mblpk3uqykD9o8ubr4x6","factorType":"sms","provider":"OKTA","vendorName":"OKTA","status":"PENDING_ACTIVATION","created":"2020-08-11T14:09:18.000Z","lastUpdated":"2020-08-11T14:09:18.000Z","profile":{"phoneNumber":"+12345678901"},"_links":{"resend":[{"name":"sms","href":"https://test.okta.com/api/v1/users/00upk3w9v8cEi5U9y4x6/factors/mblpk3uqykD9o8ubr4x6/resend","hints":{"allow":["POST"]}}],"activate":{"href":"https://test.okta.com/api/v1/users/00upk3w9v8cEi5U9y4x6/factors/mblpk3uqykD9o8ubr4x6/lifecycle/activate","hints":{"allow":["POST"]}},"self":{"href":"https://test.okta.com/api/v1/users/00upk3w9v8cEi5U9y4x6/factors/mblpk3uqykD9o8ubr4x6","hints":{"allow":["GET"]}},"user":{"href":"https://test.okta.com/api/v1/users/00upk3w9v8cEi5U9y4x6","hints":{"allow":["GET"]}}}}"#;

/// Okta's answer for a factor that is gone, as recorded in the same cassettes
/// (`test_delete_factor`).
fn factor_not_found(id: &str) -> Value {
    json!({"errorCode": "E0000007",
           "errorSummary": format!("Not found: Resource not found: {id} (UserFactor)"),
           "errorLink": "E0000007", "errorId": "oaeokZqcrXOTxGBJLV8HFITbA", "errorCauses": []})
}

#[tokio::test]
async fn factor_calls_send_the_expected_methods_paths_and_bodies() {
    let double = Double::start(|c| match (c.request.method.as_str(), c.request.path()) {
        ("GET", "/api/v1/users/00u1/factors") => json_response(200, &[], &format!("[{RECORDED}]")),
        ("GET", "/api/v1/users/00u1/factors/mblpk3uqykD9o8ubr4x6") => {
            json_response(200, &[], RECORDED)
        }
        ("GET", _) => Reply::status(404, factor_not_found("gone1")).into_response(),
        ("POST", "/api/v1/users/00u1/factors") => json_response(200, &[], RECORDED),
        _ => Reply::no_content().into_response(),
    })
    .await;
    let factors = double.client().users().factors("00u1");

    let listed = factors.list().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].factor_type, FactorType::Sms);
    assert_eq!(listed[0].status, Some(FactorStatus::PendingActivation));
    let one = factors.get("mblpk3uqykD9o8ubr4x6").await.unwrap();
    assert_eq!(one, listed[0]);
    let err = factors.get("gone1").await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(err.api_error().unwrap().error_code.as_str(), "E0000007");
    assert!(factors.get_opt("gone1").await.unwrap().is_none());
    factors
        .enroll(&NewUserFactor::totp(FactorProvider::Google))
        .await
        .unwrap();
    factors.delete("mblpk3uqykD9o8ubr4x6").await.unwrap();

    assert_eq!(
        double.lines(),
        [
            "GET /api/v1/users/00u1/factors",
            "GET /api/v1/users/00u1/factors/mblpk3uqykD9o8ubr4x6",
            "GET /api/v1/users/00u1/factors/gone1",
            "GET /api/v1/users/00u1/factors/gone1",
            "POST /api/v1/users/00u1/factors",
            "DELETE /api/v1/users/00u1/factors/mblpk3uqykD9o8ubr4x6",
        ]
    );
    let enroll = &double.seen()[4];
    assert_eq!(
        enroll.json().unwrap(),
        json!({"factorType": "token:software:totp", "provider": "GOOGLE"})
    );
}

#[tokio::test]
async fn an_unknown_user_is_a_typed_not_found_and_an_unenrollment_is_never_retried() {
    let double = Double::start(|c| match c.request.method.as_str() {
        "GET" => Reply::not_found().into_response(),
        _ => json_response(
            503,
            &[],
            r#"{"errorCode":"E0000009","errorSummary":"busy"}"#,
        ),
    })
    .await;
    let factors = double.client().users().factors("00unobody");
    let err = factors.list().await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    let err = factors.delete("ufs1").await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.attempts(), 1);
    let err = factors
        .enroll(&NewUserFactor::question("disliked_food", "mayonnaise"))
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1);
    // The security answer is sent, never shown in the error.
    assert!(!format!("{err} {err:?}").contains("mayonnaise"));
    assert_eq!(double.seen().len(), 3);
}

#[test]
fn every_factor_example_of_the_spec_decodes_into_the_model_and_round_trips() {
    let text = std::fs::read_to_string(SPEC).unwrap_or_else(|e| panic!("reading {SPEC}: {e}"));
    let doc: Value = serde_yaml_ng::from_str(&text).expect("the spec is valid YAML");
    let examples = doc["components"]["examples"].as_object().unwrap();
    let mut decoded = 0;
    for (name, example) in examples {
        // The factor answers: the listing, the reads and the enrollments' responses.
        let is_factor = name == "ListFactorsResults"
            || (name.starts_with("EnrollFactor") && name.ends_with("Response"));
        if !is_factor {
            continue;
        }
        let value = &example["value"];
        let items = match value {
            Value::Array(items) => items.clone(),
            one => vec![one.clone()],
        };
        for item in items {
            let factor: UserFactor = serde_json::from_value(item.clone())
                .unwrap_or_else(|e| panic!("{name}: {e}\n{item:#}"));
            assert!(
                !factor.factor_type.is_unknown(),
                "{name}: {:?}",
                factor.factor_type
            );
            assert_eq!(
                serde_json::to_value(&factor).unwrap(),
                item,
                "{name} round trip"
            );
            decoded += 1;
        }
    }
    // The listing holds 3; there are a dozen enrollment answers.
    assert!(decoded >= 12, "only {decoded} factor examples decoded");
}
