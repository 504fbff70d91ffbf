//! A field of an update request: not sent, sent as `null` (clear it), or sent with a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One field of a partial update. Okta's partial updates (`POST /api/v1/users/{id}`) keep every
/// property that the body leaves out, and clear a property sent as `null`; this type lets a caller
/// say which of the three it means. Use it with
/// `#[serde(default, skip_serializing_if = "Patch::is_absent")]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Patch<T> {
    /// Not sent: the server keeps the current value.
    #[default]
    Absent,
    /// Sent as `null`: the server clears the value.
    Null,
    /// Sent with this value.
    Value(T),
}

impl<T> Patch<T> {
    /// True when the field is left out of the request.
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    /// The value, when one is set.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Patch::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Patch<T> {
    fn from(value: T) -> Self {
        Patch::Value(value)
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `Some` sets the value; `None` clears it (never "absent": that is the default).
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => Patch::Value(v),
            None => Patch::Null,
        }
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Only reached when a caller forgot `skip_serializing_if`; null is the safe reading
            // of neither, so absent fields must be skipped by the container.
            Patch::Absent | Patch::Null => serializer.serialize_none(),
            Patch::Value(v) => v.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Reached only when the key is present (absent keys use `Default`).
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Default)]
    struct Body {
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        a: Patch<String>,
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        b: Patch<String>,
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        c: Patch<String>,
    }

    #[test]
    fn absent_fields_are_not_sent_and_null_fields_are() {
        let body = Body {
            a: Patch::Absent,
            b: Patch::Null,
            c: "x".to_owned().into(),
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"b":null,"c":"x"}"#
        );
        let back: Body = serde_json::from_str(r#"{"b":null,"c":"x"}"#).unwrap();
        assert_eq!(
            (back.a, back.b, back.c),
            (Patch::Absent, Patch::Null, Patch::Value("x".into()))
        );
    }
}
