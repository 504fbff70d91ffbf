//! Hand-written decoding for the models that keep unknown keys in `extra`.
//!
//! `#[serde(flatten)]` on a `Deserialize` makes serde buffer the whole object into its private
//! `Content` tree before any field is decoded, and every nested flattened object again: on a
//! 200-user page that doubled the client's decoding time. The models below instead visit each
//! object once, decode the keys they know straight from the input, and keep the others, as
//! `Value`s, in `extra`. The JSON accepted and the values produced are the same as before.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

/// An object key, borrowed from the input when the input allows it.
pub(crate) enum Key<'de> {
    /// Borrowed from the input (no escapes in the key).
    Borrowed(&'de str),
    /// Copied (escaped keys, or a deserializer that does not lend its input).
    Owned(String),
}

impl Key<'_> {
    /// The key's text.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    /// The key as an owned string.
    pub(crate) fn into_string(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_owned(),
            Key::Owned(s) => s,
        }
    }
}

/// Reads an object key as a [`Key`].
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v))
    }
}

/// Visits every entry of an object once. `known` is given each key; when it knows the key it
/// reads the value itself and answers `true`. The value of any other key is kept in the map
/// returned (the last one wins for a repeated key, as in a `Map`).
///
/// # Errors
/// The first error of the input or of `known`.
pub(crate) fn visit_entries<'de, A, F>(
    map: &mut A,
    mut known: F,
) -> Result<Map<String, Value>, A::Error>
where
    A: MapAccess<'de>,
    F: FnMut(&str, &mut A) -> Result<bool, A::Error>,
{
    let mut extra = Map::new();
    while let Some(key) = map.next_key_seed(KeySeed)? {
        if !known(key.as_str(), map)? {
            let value: Value = map.next_value()?;
            extra.insert(key.into_string(), value);
        }
    }
    Ok(extra)
}

/// Implements `Deserialize` for a struct whose unknown keys go to its `extra` field: the
/// `required` fields fail with "missing field" when absent, the `optional` ones take their
/// `Default` (a `null` in an `Option` is `None`, as with `#[serde(default)]`). An optional
/// `check` function sees the decoded value and may name a nested field that is missing
/// (`Err("profile.login")`).
macro_rules! deserialize_keeping_extra {
    (
        $ty:ident, $expecting:literal,
        required { $( $rfield:ident = $rwire:literal ),* $(,)? },
        optional { $( $ofield:ident = $owire:literal ),* $(,)? }
        $(, check = $check:path )? $(,)?
    ) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;

                impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$ty, A::Error> {
                        $( let mut $rfield = None; )*
                        $( let mut $ofield = None; )*
                        let extra = $crate::models::extra::visit_entries(&mut map, |key, map| {
                            match key {
                                $( $rwire => $rfield = Some(serde::de::MapAccess::next_value(map)?), )*
                                $( $owire => $ofield = Some(serde::de::MapAccess::next_value(map)?), )*
                                _ => return Ok(false),
                            }
                            Ok(true)
                        })?;
                        let value = $ty {
                            $( $rfield: $rfield
                                .ok_or_else(|| <A::Error as serde::de::Error>::missing_field($rwire))?, )*
                            $( $ofield: $ofield.unwrap_or_default(), )*
                            extra,
                        };
                        $( $check(&value).map_err(<A::Error as serde::de::Error>::missing_field)?; )?
                        Ok(value)
                    }
                }

                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    };
}

pub(crate) use deserialize_keeping_extra;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::models::{User, UserStatus};

    fn rich_user() -> Value {
        json!({
            "id": "00u1", "status": "ACTIVE", "created": "2024-01-09T15:36:04.000Z",
            "activated": null, "statusChanged": null, "lastLogin": "2024-01-10T00:00:00.001Z",
            "lastUpdated": "2024-01-09T15:36:04.000Z", "passwordChanged": null,
            "type": {"id": "oty1", "futureKey": 1},
            "profile": {"login": "a@x", "title": null, "mobilePhone": 42, "immutableId": "yYu="},
            "credentials": {
                "password": {"hash": {"algorithm": "BCRYPT"}},
                "recovery_question": {"question": "Who?"},
                "provider": {"type": "OKTA", "name": "OKTA"},
                "emails": [{"value": "a@x", "status": "VERIFIED", "type": "PRIMARY"}]
            },
            "_links": {"self": {"href": "https://o/api/v1/users/00u1"}},
            "_embedded": {"x": 1},
            "realmId": "guo1"
        })
    }

    #[test]
    fn a_user_with_unknown_keys_at_every_level_round_trips_exactly() {
        let raw = rich_user();
        let user: User = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(user.status, UserStatus::Active);
        assert_eq!(user.extra["realmId"], "guo1");
        assert_eq!(user.user_type.as_ref().unwrap().extra["futureKey"], 1);
        let credentials = user.credentials.as_ref().unwrap();
        assert_eq!(credentials.extra["emails"][0]["status"], "VERIFIED");
        assert!(
            credentials
                .password
                .as_ref()
                .unwrap()
                .extra
                .contains_key("hash")
        );
        assert_eq!(user.profile.login.as_deref(), Some("a@x"));
        assert_eq!(serde_json::to_value(&user).unwrap(), raw);
        let from_text: User = serde_json::from_str(&raw.to_string()).unwrap();
        assert_eq!(from_text, user);
    }

    #[test]
    fn a_user_without_an_id_is_a_missing_field_error() {
        let err = serde_json::from_str::<User>(r#"{"status":"ACTIVE"}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `id`"), "{err}");
    }

    #[test]
    fn a_user_without_a_login_is_a_missing_field_error_and_its_login_is_a_str() {
        for body in [
            r#"{"id":"00u1","status":"ACTIVE"}"#,
            r#"{"id":"00u1","status":"ACTIVE","profile":{"email":"a@x"}}"#,
            r#"{"id":"00u1","status":"ACTIVE","profile":{"login":null}}"#,
        ] {
            let err = serde_json::from_str::<User>(body).unwrap_err();
            assert!(
                err.to_string().contains("missing field `profile.login`"),
                "{err}"
            );
        }
        let user: User = serde_json::from_str(
            r#"{"id":"00u1","status":"ACTIVE","profile":{"login":"a@x","firstName":null}}"#,
        )
        .unwrap();
        assert_eq!(user.login(), "a@x");
    }

    // The path is tracked by the HTTP layer's decoder, which only the `client` feature has.
    #[cfg(feature = "client")]
    #[test]
    fn a_bad_value_in_a_user_names_its_path() {
        let body = r#"[{"id":"00u1","status":"ACTIVE","created":"yesterday"}]"#;
        let mut de = serde_json::Deserializer::from_str(body);
        let err = serde_path_to_error::deserialize::<_, Vec<User>>(&mut de).unwrap_err();
        assert_eq!(err.path().to_string(), "[0].created");
    }

    #[test]
    fn escaped_keys_are_decoded_like_plain_ones() {
        let user: User = serde_json::from_str(
            r#"{"\u0069d":"00u1","status":"ACTIVE","profile":{"login":"a@x"},"x\"y":1}"#,
        )
        .unwrap();
        assert_eq!(&*user.id, "00u1");
        assert_eq!(user.extra["x\"y"], 1);
        let _: Map<String, Value> = user.extra;
    }
}
