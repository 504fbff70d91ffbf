//! The builders against Okta's own request examples in the OpenAPI spec (vendored in
//! `okta-client/spec/`, see its NOTICE): where Okta shows a body, ours must be that body,
//! or a faithful subset of it where Okta's example adds optional settings.

use serde::Serialize;
use serde_json::{Value, json};

use super::test_support::offline_client;
use super::{AppUserAssignment, NewApplication, OidcApplicationType, UserUpdate};
use crate::models::{AuthProviderType, UserProfile};

const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/spec/management-trimmed-users-groups-apps.yaml"
);

fn examples() -> Value {
    let text = std::fs::read_to_string(SPEC).unwrap_or_else(|e| panic!("reading {SPEC}: {e}"));
    let doc: Value = serde_yaml_ng::from_str(&text).expect("the spec is valid YAML");
    doc["components"]["examples"].clone()
}

fn example(examples: &Value, name: &str) -> Value {
    let value = examples[name]["value"].clone();
    assert!(!value.is_null(), "no example {name}");
    value
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serializes")
}

/// Every key `ours` has, `theirs` has too, with the same value (objects compared recursively).
fn contained(ours: &Value, theirs: &Value) -> bool {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => a
            .iter()
            .all(|(k, v)| b.get(k).is_some_and(|w| contained(v, w))),
        (a, b) => a == b,
    }
}

fn isaac() -> UserProfile {
    let mut p = UserProfile::new(
        "isaac.brock@example.com",
        "isaac.brock@example.com",
        "Isaac",
        "Brock",
    );
    p.mobile_phone = Some("555-415-1337".into());
    p
}

#[test]
fn user_create_bodies_are_okta_s_request_examples() {
    let ex = examples();
    let users = offline_client().users();
    let cases = [
        (
            "create-user-without-credentials-request",
            users.create(isaac()),
        ),
        (
            "create-user-with-password-request",
            users.create(isaac()).password("tlpWENT2m"),
        ),
        (
            "create-user-with-password-and-recovery-question-request",
            users
                .create(isaac())
                .password("tlpWENT2m")
                .recovery_question("Who is a major player in the cowboy scene?", "Annie Oakley"),
        ),
        (
            "create-user-with-authentication-provider-request",
            users
                .create(isaac())
                .provider(AuthProviderType::Federation, "FEDERATION"),
        ),
        (
            "create-user-in-group-request",
            users
                .create(isaac())
                .groups(["00g1emaKYZTWRYYRRTSK", "00garwpuyxHaWOkdV0g4"]),
        ),
        (
            "create-user-with-non-default-user-type-request",
            users.create(isaac()).user_type("otyfnjfba4ye7pgjB0g4"),
        ),
    ];
    for (name, create) in cases {
        assert_eq!(to_json(&create.body), example(&ex, name), "{name}");
    }
}

#[test]
fn user_update_and_app_user_bodies_are_okta_s_request_examples() {
    let ex = examples();
    let update = UserUpdate::new()
        .set("firstName", "Isaac")
        .set("email", "isaac.brock@update.example.com")
        .set("mobilePhone", "555-415-1337");
    assert_eq!(
        to_json(&update),
        example(&ex, "update-user-profile-request")
    );
    let password = UserUpdate::new().password("uTVM,TPw55");
    assert_eq!(
        to_json(&password),
        example(&ex, "update-user-set-password-request")
    );
    let sso = AppUserAssignment::new("00ud4tVDDXYVKPXKVLCO").user_name("rae.cloud@example.com");
    assert_eq!(to_json(&sso), example(&ex, "AppUserAssignSSORequest"));
    let prov = AppUserAssignment::new("00u15s1KDETTQMQYABRL")
        .user_name("saml.jackson@example.com")
        .attribute("salesforceGroups", json!(["Employee"]))
        .attribute("role", "Developer")
        .attribute("profile", "Standard User");
    assert_eq!(to_json(&prov), example(&ex, "AppUserAssignProvRequest"));
}

#[test]
fn app_create_bodies_are_okta_s_request_examples_or_faithful_subsets() {
    let ex = examples();
    let bookmark =
        NewApplication::bookmark("Sample Bookmark App", "https://example.com/bookmark.html");
    assert_eq!(to_json(&bookmark), example(&ex, "BookmarkEx"));
    let basic = NewApplication::basic_auth(
        "Sample Basic Auth App",
        "https://example.com/login.html",
        "https://example.com/auth.html",
    );
    assert_eq!(to_json(&basic), example(&ex, "BasicAuthEx"));

    // Okta's examples carry more optional settings; ours must agree on everything we send.
    let swa = NewApplication::auto_login("Custom SWA App", "http://swaprimaryloginurl.okta.com")
        .redirect_url("http://swasecondaryredirecturl.okta.com");
    let saml = NewApplication::saml_2_0(
        "Example Custom SAML 2.0 App",
        "http://testorgone.okta",
        "asdqwe123",
    );
    let oidc = NewApplication::oidc(
        "Sample Client profile",
        OidcApplicationType::Native,
        ["https://example.com/oauth2/callback", "myapp://callback"],
    )
    .setting(
        "oauthClient",
        "response_types",
        json!(["token", "id_token", "code"]),
    )
    .credential(
        "oauthClient",
        "token_endpoint_auth_method",
        "client_secret_post",
    );
    for (ours, name) in [
        (&swa, "AutoLoginEx"),
        (&saml, "Saml2.0Ex"),
        (&oidc, "OpenidConnectEx"),
    ] {
        let (ours, theirs) = (to_json(ours), example(&ex, name));
        assert!(
            contained(&ours, &theirs),
            "{name}: ours {ours} is not within Okta's {theirs}"
        );
    }
}

#[test]
fn the_subset_check_rejects_a_differing_or_extra_value() {
    let theirs = json!({"a": {"b": 1, "c": 2}});
    assert!(contained(&json!({"a": {"b": 1}}), &theirs));
    assert!(!contained(&json!({"a": {"b": 2}}), &theirs));
    assert!(!contained(&json!({"a": {"d": 1}}), &theirs));
}
