use serde_json::json;

use super::*;

fn causes(err: StoreError) -> Vec<String> {
    assert_eq!(err.status, 400);
    assert_eq!(
        err.code,
        okta_client::models::ErrorCode::ApiValidationFailed
    );
    err.causes
}

fn person(login: &str, email: &str) -> Value {
    json!({"profile": {"login": login, "email": email, "firstName": "Ada", "lastName": "L"}})
}

#[test]
fn an_empty_profile_names_every_required_attribute_in_oktas_order() {
    let err = UserInput::parse(json!({"profile": {}}), UserInputKind::Create).unwrap_err();
    assert_eq!(err.summary, "Api validation failed: login");
    assert_eq!(
        causes(err),
        [
            "login: The field cannot be left blank",
            "firstName: The field cannot be left blank",
            "lastName: The field cannot be left blank",
            "email: The field cannot be left blank",
            "login: Username must be in the form of an email address",
        ]
    );
}

#[test]
fn a_login_that_is_short_or_not_an_email_is_refused_with_both_causes() {
    let err = UserInput::parse(person("0000", "a@b.io"), UserInputKind::Create).unwrap_err();
    assert_eq!(
        causes(err),
        [
            "login: 'login' must be at least '5' characters long.",
            "login: Username must be in the form of an email address",
        ]
    );
}

#[test]
fn a_login_over_100_characters_is_refused() {
    let login = format!("{}@example.com", "a".repeat(100));
    let err = UserInput::parse(person(&login, "a@b.io"), UserInputKind::Create).unwrap_err();
    assert_eq!(
        causes(err),
        ["login: 'login' can't be more than '100' characters long."]
    );
}

#[test]
fn an_email_that_is_not_an_email_address_does_not_match_the_pattern() {
    let err = UserInput::parse(
        person("ada@example.com", "not-an-email"),
        UserInputKind::Create,
    )
    .unwrap_err();
    assert_eq!(err.summary, "Api validation failed: email");
    assert_eq!(causes(err), ["email: Does not match required pattern"]);
}

#[test]
fn a_partial_update_checks_only_what_it_sends() {
    let ok = UserInput::parse(json!({"profile": {"title": "Eng"}}), UserInputKind::Update);
    assert!(ok.is_ok());
    let err =
        UserInput::parse(json!({"profile": {"firstName": 7}}), UserInputKind::Update).unwrap_err();
    assert_eq!(causes(err), ["firstName: The field must be a string"]);
}

#[test]
fn a_valid_user_body_becomes_a_typed_input_and_hides_its_password() {
    let mut body = person("ada@example.com", "ada@example.com");
    body["credentials"] = json!({"password": {"value": "s3cret-Pass"}});
    body["groupIds"] = json!(["00g1"]);
    body["id"] = json!("read-only, ignored");
    let input = UserInput::parse(body, UserInputKind::Create).unwrap();
    assert!(input.has_password());
    assert_eq!(input.group_ids, ["00g1"]);
    assert!(!format!("{input:?}").contains("s3cret"));
}

#[test]
fn a_group_needs_a_name_and_string_description() {
    let err = GroupInput::parse(json!({"profile": {"description": 5}})).unwrap_err();
    assert_eq!(
        causes(err),
        [
            "name: The field cannot be left blank",
            "description: The field must be a string"
        ]
    );
    let ok = GroupInput::parse(json!({"profile": {"name": "Eng", "x": 1}})).unwrap();
    assert_eq!(ok.name, "Eng");
    assert_eq!(ok.extra["x"], 1);
}

#[test]
fn an_app_with_a_bad_sign_on_mode_profile_or_settings_is_refused() {
    for mode in [json!(null), json!("AAA"), json!(3)] {
        let err = AppInput::parse(json!({"label": "X", "signOnMode": mode})).unwrap_err();
        assert_eq!(err.summary, "Api validation failed: signOnMode", "{mode}");
        assert_eq!(causes(err), ["Invalid signOnMode"]);
    }
    let err = AppInput::parse(json!({"label": "X", "signOnMode": "BOOKMARK", "profile": []}))
        .unwrap_err();
    assert_eq!(causes(err), ["profile: The field must be an object"]);
    let err = AppInput::parse(json!({
        "label": "X", "signOnMode": "BOOKMARK",
        "settings": {"implicitAssignment": {}, "app": {"requestIntegration": {}}},
        "visibility": {"hide": {"web": "no"}}
    }))
    .unwrap_err();
    assert_eq!(
        causes(err),
        [
            "settings.implicitAssignment: The field must be a boolean",
            "settings.app.requestIntegration: The field must be a boolean",
            "visibility.hide.web: The field must be a boolean",
        ]
    );
}

#[test]
fn an_active_directory_app_alone_may_have_a_null_sign_on_mode() {
    let ad = AppInput::parse(
        json!({"name": "active_directory", "label": "corp.example.com", "signOnMode": null}),
    )
    .unwrap();
    assert_eq!(ad.sign_on_mode, None);
}

#[test]
fn an_app_user_needs_an_id_and_a_known_scope() {
    let err = AppUserAssignInput::parse(json!({"scope": "EVERYONE", "profile": []})).unwrap_err();
    assert_eq!(
        causes(err),
        [
            "id: The field cannot be left blank",
            "scope: Does not match one of the allowed values: USER, GROUP",
            "profile: The field must be an object",
        ]
    );
    let err = AppUserUpdateInput::parse(json!({"credentials": {"userName": 5}})).unwrap_err();
    assert_eq!(
        causes(err),
        ["credentials.userName: The field must be a string"]
    );
}

#[test]
fn email_form_follows_the_default_login_rule() {
    for ok in ["a@b.io", "first.last+tag@sub.example.com", "x@localhost"] {
        assert!(user::is_email(ok), "{ok}");
    }
    for bad in [
        "0000", "a@", "@b.io", "a b@c.io", ".a@b.io", "a@b.io.", "a@b@c",
    ] {
        assert!(!user::is_email(bad), "{bad}");
    }
}

#[test]
fn null_app_blocks_are_taken_as_absent_and_unknown_keys_are_dropped() {
    let input = AppInput::parse(json!({
        "label": "X", "signOnMode": "BOOKMARK",
        "visibility": {"hide": null, "autoLaunch": null},
        "licensing": {"seatCount": 3},
        "bogus": 1, "id": "0oa-read-only"
    }))
    .unwrap();
    assert_eq!(input.visibility, Some(Map::new()));
    assert_eq!(
        input.rest,
        json!({"licensing": {"seatCount": 3}})
            .as_object()
            .unwrap()
            .clone()
    );
    let err = AppInput::parse(
        json!({"label": "X", "signOnMode": "BOOKMARK", "licensing": {"seatCount": {}}}),
    )
    .unwrap_err();
    assert_eq!(
        causes(err),
        ["licensing.seatCount: The field must be a whole number"]
    );
}
