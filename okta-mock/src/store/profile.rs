//! A compact profile: attribute names interned once per store, values as JSON, in a boxed slice.
//! A million users share one copy of `"firstName"`, and no per-user map node is allocated.

use std::collections::HashSet;
use std::sync::Arc;

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

/// A profile in insertion order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Profile(Box<[(Arc<str>, Value)]>);

impl Profile {
    /// Builds a compact profile from a JSON object.
    pub fn from_map(map: &Map<String, Value>, keys: &mut Keys) -> Self {
        Self(
            map.iter()
                .map(|(k, v)| (keys.intern(k), v.clone()))
                .collect(),
        )
    }

    /// An attribute's value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| &**k == name).map(|(_, v)| v)
    }

    /// An attribute's value when it is a string.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Value::as_str)
    }

    /// The profile as a JSON object.
    pub fn to_map(&self) -> Map<String, Value> {
        self.0
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }
}
