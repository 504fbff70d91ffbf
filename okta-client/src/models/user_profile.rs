//! The Okta user profile: the standard attributes typed, every other attribute kept as JSON.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::extra::KeySeed;
use serde_json::{Map, Value};

macro_rules! user_profile {
    ($( $(#[$doc:meta])* $field:ident = $wire:literal, )+) => {
        /// An Okta user profile.
        ///
        /// Standard string attributes are typed fields. Everything else — custom attributes, and a
        /// standard attribute whose value is `null` or not a string — stays in [`extra`](Self::extra)
        /// exactly as received, so reading a profile and writing it back loses nothing, not even an
        /// explicit `null`.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct UserProfile {
            $( $(#[$doc])* pub $field: Option<String>, )+
            /// Every attribute without a typed field, in particular custom attributes.
            /// A typed field that is `Some` wins over a key of the same name here.
            pub extra: Map<String, Value>,
        }

        impl UserProfile {
            /// The wire names of the typed standard attributes.
            pub const STANDARD_ATTRIBUTES: &'static [&'static str] = &[$($wire),+];

            fn typed_slot(&mut self, wire: &str) -> Option<&mut Option<String>> {
                match wire {
                    $( $wire => Some(&mut self.$field), )+
                    _ => None,
                }
            }

            fn typed_value(&self, wire: &str) -> Option<&str> {
                match wire {
                    $( $wire => self.$field.as_deref(), )+
                    _ => None,
                }
            }

            fn typed_pairs(&self) -> impl Iterator<Item = (&'static str, &str)> {
                [$( ($wire, self.$field.as_deref()), )+]
                    .into_iter()
                    .filter_map(|(k, v)| v.map(|v| (k, v)))
            }
        }
    };
}

user_profile! {
    /// Unique login (`profile.login`), usually an email address.
    login = "login",
    /// Primary email address.
    email = "email",
    /// Secondary email address.
    second_email = "secondEmail",
    /// Given name.
    first_name = "firstName",
    /// Family name.
    last_name = "lastName",
    /// Middle name.
    middle_name = "middleName",
    /// Honorific prefix.
    honorific_prefix = "honorificPrefix",
    /// Honorific suffix.
    honorific_suffix = "honorificSuffix",
    /// Job title.
    title = "title",
    /// Display name.
    display_name = "displayName",
    /// Casual name.
    nick_name = "nickName",
    /// URL of the user's online profile.
    profile_url = "profileUrl",
    /// Primary phone number.
    primary_phone = "primaryPhone",
    /// Mobile phone number.
    mobile_phone = "mobilePhone",
    /// Street address.
    street_address = "streetAddress",
    /// City.
    city = "city",
    /// State or region.
    state = "state",
    /// ZIP or postal code.
    zip_code = "zipCode",
    /// Mailing address.
    postal_address = "postalAddress",
    /// ISO 3166-1 alpha-2 country code.
    country_code = "countryCode",
    /// Preferred written or spoken language.
    preferred_language = "preferredLanguage",
    /// Locale (`en_US`).
    locale = "locale",
    /// Time zone.
    timezone = "timezone",
    /// User type (free text, not the Okta user type object).
    user_type = "userType",
    /// Employee number.
    employee_number = "employeeNumber",
    /// Cost center.
    cost_center = "costCenter",
    /// Organization.
    organization = "organization",
    /// Division.
    division = "division",
    /// Department.
    department = "department",
    /// The manager's id.
    manager_id = "managerId",
    /// The manager's display name.
    manager = "manager",
}

impl UserProfile {
    /// A profile with the four attributes Okta requires on create.
    pub fn new(
        login: impl Into<String>,
        email: impl Into<String>,
        first_name: impl Into<String>,
        last_name: impl Into<String>,
    ) -> Self {
        Self {
            login: Some(login.into()),
            email: Some(email.into()),
            first_name: Some(first_name.into()),
            last_name: Some(last_name.into()),
            ..Self::default()
        }
    }

    /// Any attribute by its wire name, standard or custom, as JSON.
    pub fn get(&self, attribute: &str) -> Option<Value> {
        match self.typed_value(attribute) {
            Some(v) => Some(Value::String(v.to_owned())),
            None => self.extra.get(attribute).cloned(),
        }
    }

    /// Any attribute by its wire name as a string, when it is one.
    pub fn get_str(&self, attribute: &str) -> Option<&str> {
        self.typed_value(attribute)
            .or_else(|| self.extra.get(attribute).and_then(Value::as_str))
    }

    /// Sets any attribute by its wire name. A string for a standard attribute goes to its typed
    /// field; anything else (including `null`) is kept in `extra`.
    pub fn set(&mut self, attribute: &str, value: Value) {
        if let (Some(slot), Value::String(s)) = (self.typed_slot(attribute), &value) {
            *slot = Some(s.clone());
            self.extra.remove(attribute);
            return;
        }
        if let Some(slot) = self.typed_slot(attribute) {
            *slot = None;
        }
        self.extra.insert(attribute.to_owned(), value);
    }

    /// Removes an attribute, standard or custom.
    pub fn remove(&mut self, attribute: &str) {
        if let Some(slot) = self.typed_slot(attribute) {
            *slot = None;
        }
        self.extra.remove(attribute);
    }

    /// The profile as one JSON object.
    pub fn to_map(&self) -> Map<String, Value> {
        let mut map = self.extra.clone();
        for (k, v) in self.typed_pairs() {
            map.insert(k.to_owned(), Value::String(v.to_owned()));
        }
        map
    }

    /// Builds a profile from a JSON object; strings for standard attributes become typed fields.
    pub fn from_map(map: Map<String, Value>) -> Self {
        let mut profile = Self::default();
        for (k, v) in map {
            match (profile.typed_slot(&k), v) {
                (Some(slot), Value::String(s)) => *slot = Some(s),
                (_, v) => {
                    profile.extra.insert(k, v);
                }
            }
        }
        profile
    }
}

impl Serialize for UserProfile {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let typed: Vec<(&str, &str)> = self.typed_pairs().collect();
        let shadowed = |k: &str| typed.iter().any(|(t, _)| *t == k);
        let extra_len = self.extra.keys().filter(|k| !shadowed(k)).count();
        let mut map = serializer.serialize_map(Some(typed.len() + extra_len))?;
        for (k, v) in &typed {
            map.serialize_entry(k, v)?;
        }
        for (k, v) in &self.extra {
            if !shadowed(k) {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for UserProfile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ProfileVisitor)
    }
}

/// Decodes a profile in one pass, straight into the typed slots and `extra` (no intermediate
/// map): the same result as [`UserProfile::from_map`] of the object.
struct ProfileVisitor;

impl<'de> Visitor<'de> for ProfileVisitor {
    type Value = UserProfile;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a user profile object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UserProfile, A::Error> {
        let mut profile = UserProfile::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value: Value = map.next_value()?;
            // As `set` does, without copying the string: a later key wins over an earlier one.
            match (profile.typed_slot(key.as_str()), value) {
                (Some(slot), Value::String(s)) => {
                    *slot = Some(s);
                    if !profile.extra.is_empty() {
                        profile.extra.remove(key.as_str());
                    }
                }
                (slot, value) => {
                    if let Some(slot) = slot {
                        *slot = None;
                    }
                    profile.extra.insert(key.into_string(), value);
                }
            }
        }
        Ok(profile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn custom_attributes_and_explicit_nulls_survive_a_round_trip() {
        let raw = json!({
            "login": "ada@example.com",
            "firstName": "Ada",
            "mobilePhone": null,
            "employeeNumber": 42,
            "immutableId": "yYuRNW0Z6kCXeYidebdT8A==",
            "tags": ["a", {"b": 1}]
        });
        let profile: UserProfile = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(profile.login.as_deref(), Some("ada@example.com"));
        assert_eq!(profile.mobile_phone, None);
        assert_eq!(
            profile.get_str("immutableId"),
            Some("yYuRNW0Z6kCXeYidebdT8A==")
        );
        assert_eq!(serde_json::to_value(&profile).unwrap(), raw);
    }

    #[test]
    fn a_typed_value_wins_over_a_stale_extra_key() {
        let mut profile: UserProfile = serde_json::from_value(json!({"title": null})).unwrap();
        profile.title = Some("CTO".into());
        assert_eq!(
            serde_json::to_value(&profile).unwrap(),
            json!({"title": "CTO"})
        );
    }
}
