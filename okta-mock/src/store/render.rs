//! Turns internal records into the shared wire models (without `_links`, which the HTTP layer
//! adds with absolute URLs).

use okta_client::models::{
    AuthProvider, AuthProviderType, Group, GroupId, GroupProfile, PasswordCredential,
    RecoveryQuestion, Timestamp, User, UserCredentials, UserId, UserProfile, UserTypeRef,
};
use serde_json::{Map, Value};

use super::profile::Profile;
use super::record::{GroupRec, UserRec};

/// The id of the org's default user type.
pub(crate) const DEFAULT_USER_TYPE: &str = "oty1defaultusertype0";

/// Unix milliseconds as a timestamp.
pub(crate) fn ts(millis: i64) -> Option<Timestamp> {
    Timestamp::from_unix_millis(millis).ok()
}

/// Unix milliseconds as Okta's timestamp text, for queries.
pub(crate) fn ts_text(millis: i64) -> Option<Value> {
    ts(millis).map(|t| Value::String(t.to_string()))
}

/// The wire form of a user.
pub(crate) fn user(rec: &UserRec) -> User {
    let provider = if rec.federated {
        AuthProvider {
            provider_type: AuthProviderType::Federation,
            name: Some("FEDERATION".into()),
        }
    } else {
        AuthProvider {
            provider_type: AuthProviderType::Okta,
            name: Some("OKTA".into()),
        }
    };
    let mut credentials = UserCredentials {
        provider: Some(provider),
        ..UserCredentials::default()
    };
    if rec.has_password {
        credentials.password = Some(PasswordCredential::default());
    }
    if let Some(q) = &rec.recovery_question {
        credentials.recovery_question = Some(RecoveryQuestion {
            question: Some(q.to_string()),
            answer: None,
        });
    }
    let user_type = UserTypeRef {
        id: Some(DEFAULT_USER_TYPE.to_owned()),
        ..UserTypeRef::default()
    };
    User {
        id: UserId::new(&*rec.id),
        status: rec.status.clone(),
        created: ts(rec.created),
        activated: rec.activated.and_then(ts),
        status_changed: rec.status_changed.and_then(ts),
        last_login: rec.last_login.and_then(ts),
        last_updated: ts(rec.last_updated),
        password_changed: rec.password_changed.and_then(ts),
        transitioning_to_status: None,
        user_type: Some(user_type),
        profile: user_profile(&rec.profile),
        credentials: Some(credentials),
        links: None,
        embedded: None,
        extra: Map::new(),
    }
}

/// The typed profile of a record, built in one pass (no intermediate map).
fn user_profile(profile: &Profile) -> UserProfile {
    let mut typed = UserProfile::default();
    for (name, value) in profile.entries() {
        typed.set(name, value.clone());
    }
    typed
}

/// The wire form of a group.
pub(crate) fn group(rec: &GroupRec) -> Group {
    Group {
        id: GroupId::new(&*rec.id),
        created: ts(rec.created),
        last_updated: ts(rec.last_updated),
        last_membership_updated: ts(rec.last_membership_updated),
        // "The `objectClass` for such groups is `okta:windows_security_principal`" (spec,
        // `OktaActiveDirectoryGroupProfile`); `okta:user_group` for the others.
        object_class: vec![
            if rec.source.is_some() {
                "okta:windows_security_principal"
            } else {
                "okta:user_group"
            }
            .to_owned(),
        ],
        group_type: rec.group_type.clone(),
        profile: GroupProfile {
            name: rec.name.to_string(),
            description: rec.description.as_deref().map(str::to_owned),
            extra: rec.extra.to_map(),
        },
        // The source app, as a path the HTTP layer makes absolute (`_links.source`).
        links: rec.source.as_deref().map(|app| {
            Map::from_iter([(
                "source".to_owned(),
                serde_json::json!({"href": format!("/api/v1/apps/{app}")}),
            )])
        }),
        embedded: None,
        extra: Map::new(),
    }
}
