//! Keeping secrets out of a capture: an app's settings may hold a client secret, a shared
//! secret or a password; a captured file must never contain one.

use serde_json::Value;

/// Parts of a key that mark a secret setting (compared case-insensitively, `_` and `-` ignored).
const SECRET_MARKS: [&str; 7] = [
    "secret",
    "password",
    "token",
    "privatekey",
    "apikey",
    "credential",
    "signingkey",
];

fn is_secret(key: &str) -> bool {
    let key: String = key
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .collect::<String>()
        .to_lowercase();
    SECRET_MARKS.iter().any(|mark| key.contains(mark))
}

/// Removes every setting whose key marks a secret, at any depth; returns the removed paths
/// (`app.clientSecret`).
pub fn scrub_settings(settings: &mut Value) -> Vec<String> {
    let mut removed = Vec::new();
    scrub(settings, "", &mut removed);
    removed
}

fn scrub(value: &mut Value, path: &str, removed: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            let secret: Vec<String> = map.keys().filter(|k| is_secret(k)).cloned().collect();
            for key in secret {
                map.remove(&key);
                removed.push(join(path, &key));
            }
            for (key, child) in map.iter_mut() {
                scrub(child, &join(path, key), removed);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                scrub(child, &format!("{path}[{i}]"), removed);
            }
        }
        _ => {}
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secret_settings_are_removed_at_any_depth_and_named() {
        let mut settings = json!({"app": {"domain": "acme", "client_secret": "s3cr3t",
            "nested": [{"sharedSecret": "x", "url": "https://a"}], "API-Token": "t"},
            "signOn": {"privateKey": "k"}});
        let removed = scrub_settings(&mut settings);
        let text = settings.to_string();
        assert!(!text.contains("s3cr3t") && !text.contains("\"x\"") && !text.contains("\"k\""));
        assert_eq!(settings["app"]["domain"], "acme");
        assert_eq!(settings["app"]["nested"][0]["url"], "https://a");
        assert_eq!(removed.len(), 4, "{removed:?}");
        assert!(removed.contains(&"app.client_secret".to_owned()));
    }
}
