//! A compact profile: attribute names interned once per store, values as JSON, in a boxed slice.
//! A million users share one copy of `"firstName"`, and no per-user map node is allocated.

use std::collections::HashSet;
use std::sync::Arc;

use okta_client::models::UserProfile;
use serde_json::{Map, Value};

/// Interns attribute names so every profile points at one shared copy.
#[derive(Debug, Default)]
pub(crate) struct Keys(HashSet<Arc<str>>);

impl Keys {
    /// The shared copy of `name`.
    pub fn intern(&mut self, name: &str) -> Arc<str> {
        if let Some(k) = self.0.get(name) {
            return Arc::clone(k);
        }
        let k: Arc<str> = Arc::from(name);
        self.0.insert(Arc::clone(&k));
        k
    }
}

/// A profile, kept in the order the wire shows it: the standard attributes holding a string
/// first, in [`UserProfile::STANDARD_ATTRIBUTES`] order, then every other attribute by name
/// (the order `UserProfile` serializes in).
///
/// A profile never changes once built (an update builds a new one), so it also keeps its own
/// wire JSON, written once: a listing page copies 200 of them instead of escaping and
/// formatting every attribute again on every request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Profile {
    entries: Box<[(Arc<str>, Value)]>,
    json: Box<str>,
}

impl Default for Profile {
    fn default() -> Self {
        Self {
            entries: Box::default(),
            json: "{}".into(),
        }
    }
}

/// Where an attribute goes in wire order: its standard rank, or after all of them.
fn wire_rank(name: &str, value: &Value) -> usize {
    let standard = UserProfile::STANDARD_ATTRIBUTES;
    match value {
        Value::String(_) => standard
            .iter()
            .position(|s| *s == name)
            .unwrap_or(standard.len()),
        _ => standard.len(),
    }
}

impl Profile {
    /// Builds a compact profile from a JSON object.
    pub fn from_map(map: &Map<String, Value>, keys: &mut Keys) -> Self {
        let mut entries: Vec<(Arc<str>, Value)> = map
            .iter()
            .map(|(k, v)| (keys.intern(k), v.clone()))
            .collect();
        // A stable sort keeps the map's own (by-name) order among the non-standard attributes.
        entries.sort_by_key(|(k, v)| wire_rank(k, v));
        let json = wire_json(&entries);
        Self {
            entries: entries.into_boxed_slice(),
            json: json.into_boxed_str(),
        }
    }

    /// The attributes in wire order.
    pub fn entries(&self) -> &[(Arc<str>, Value)] {
        &self.entries
    }

    /// The profile's wire JSON (an object, attributes in wire order).
    pub fn json(&self) -> &str {
        &self.json
    }

    /// An attribute's value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| v)
    }

    /// An attribute's value when it is a string.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Value::as_str)
    }

    /// The profile as a JSON object.
    pub fn to_map(&self) -> Map<String, Value> {
        self.entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }
}

/// The JSON object of `entries`, in their order.
fn wire_json(entries: &[(Arc<str>, Value)]) -> String {
    let mut out = String::from("{");
    for (i, (name, value)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // A string and a `Value` always serialize.
        out.push_str(&serde_json::to_string(&**name).unwrap_or_default());
        out.push(':');
        out.push_str(&serde_json::to_string(value).unwrap_or_default());
    }
    out.push('}');
    out
}
