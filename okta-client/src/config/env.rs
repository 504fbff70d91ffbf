//! Settings from the environment and okta.yaml files, the way Okta's own SDKs read them.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_yaml_ng::Value;

use super::ConfigError;

/// The org URL and token found in the environment or in okta.yaml.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct FileSettings {
    pub(crate) org_url: Option<String>,
    pub(crate) token: Option<String>,
}

impl fmt::Debug for FileSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileSettings")
            .field("org_url", &self.org_url)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .finish()
    }
}

impl FileSettings {
    /// Fills what is still missing from `other`.
    fn or(self, other: FileSettings) -> FileSettings {
        FileSettings {
            org_url: self.org_url.or(other.org_url),
            token: self.token.or(other.token),
        }
    }
}

/// The environment variable naming the org's URL (as Okta's SDKs name it).
pub const ORG_URL_VAR: &str = "OKTA_CLIENT_ORGURL";
/// The environment variable holding the API token (as Okta's SDKs name it).
pub const TOKEN_VAR: &str = "OKTA_CLIENT_TOKEN";

/// The okta.yaml files the client reads, nearest first: `./okta.yaml`, then
/// `~/.okta/okta.yaml`, home being `HOME` or, on Windows, `USERPROFILE`. The one place that
/// says where configuration is looked for.
pub fn config_files() -> Vec<PathBuf> {
    let home = std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from);
    let mut files = vec![PathBuf::from("okta.yaml")];
    if let Some(home) = home {
        files.push(home.join(".okta").join("okta.yaml"));
    }
    files
}

/// True when an org is configured outside code: [`ORG_URL_VAR`] or [`TOKEN_VAR`] set to
/// something not blank, or one of the [`config_files`] present. Nothing is read or validated;
/// [`ClientBuilder::from_env`](super::ClientBuilder::from_env) does that.
pub fn configured_outside_code() -> bool {
    let set = |k: &str| std::env::var(k).is_ok_and(|v| !v.trim().is_empty());
    set(ORG_URL_VAR) || set(TOKEN_VAR) || config_files().iter().any(|f| f.is_file())
}

/// Reads the settings: `lookup` (the environment) first, then each file in order; a file
/// that does not exist is skipped. Each value is taken from the first source that has it.
pub(crate) fn settings_from(
    lookup: impl Fn(&str) -> Option<String>,
    files: &[PathBuf],
) -> Result<FileSettings, ConfigError> {
    let non_empty = |k: &str| lookup(k).filter(|v| !v.trim().is_empty());
    let mut settings = FileSettings {
        org_url: non_empty(ORG_URL_VAR),
        token: non_empty(TOKEN_VAR),
    };
    for file in files {
        if settings.org_url.is_some() && settings.token.is_some() {
            break;
        }
        if let Some(from_file) = read_file(file)? {
            settings = settings.or(from_file);
        }
    }
    Ok(settings)
}

fn read_file(path: &Path) -> Result<Option<FileSettings>, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(ConfigError::File {
                path: path.to_owned(),
                message: e.to_string(),
            });
        }
    };
    parse_yaml(&text)
        .map(Some)
        .map_err(|message| ConfigError::File {
            path: path.to_owned(),
            message,
        })
}

/// Reads `okta.client.orgUrl` and `okta.client.token`. Errors never quote values: a token
/// in a file must not end up in a message.
fn parse_yaml(text: &str) -> Result<FileSettings, String> {
    if text.trim().is_empty() {
        return Ok(FileSettings::default());
    }
    let doc: Value = serde_yaml_ng::from_str(text).map_err(|e| match e.location() {
        Some(at) => format!(
            "not valid YAML (line {}, column {})",
            at.line(),
            at.column()
        ),
        None => "not valid YAML".to_owned(),
    })?;
    let client = doc.get("okta").and_then(|o| o.get("client"));
    let field = |key: &str| -> Result<Option<String>, String> {
        match client.and_then(|c| c.get(key)) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
            Some(_) => Err(format!("okta.client.{key} must be a string")),
        }
    };
    Ok(FileSettings {
        org_url: field("orgUrl")?,
        token: field("token")?,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("okta-client-env-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    const YAML: &str =
        "okta:\n  client:\n    orgUrl: \"https://file.okta.com\"\n    token: file-token\n";

    #[test]
    fn the_environment_wins_over_the_files() {
        let dir = temp_dir("env-wins");
        let local = write(&dir, "okta.yaml", YAML);
        let s = settings_from(
            env(&[
                ("OKTA_CLIENT_ORGURL", "https://env.okta.com"),
                ("OKTA_CLIENT_TOKEN", "env"),
            ]),
            &[local],
        )
        .unwrap();
        assert_eq!(s.org_url.as_deref(), Some("https://env.okta.com"));
        assert_eq!(s.token.as_deref(), Some("env"));
    }

    #[test]
    fn missing_values_come_from_the_nearest_file_that_has_them() {
        let dir = temp_dir("nearest");
        let local = write(
            &dir,
            "local.yaml",
            "okta:\n  client:\n    token: local-token\n",
        );
        let home = write(&dir, "home.yaml", YAML);
        let missing = dir.join("absent.yaml");
        let s = settings_from(env(&[]), &[missing, local, home]).unwrap();
        assert_eq!(s.org_url.as_deref(), Some("https://file.okta.com"));
        assert_eq!(s.token.as_deref(), Some("local-token"));
        let s = settings_from(
            env(&[("OKTA_CLIENT_TOKEN", "env")]),
            &[dir.join("home.yaml")],
        )
        .unwrap();
        assert_eq!(s.token.as_deref(), Some("env"));
        assert_eq!(s.org_url.as_deref(), Some("https://file.okta.com"));
    }

    #[test]
    fn nothing_anywhere_gives_empty_settings() {
        let s = settings_from(env(&[("OKTA_CLIENT_TOKEN", "  ")]), &[]).unwrap();
        assert_eq!(s, FileSettings::default());
    }

    #[test]
    fn a_broken_file_is_reported_without_quoting_its_values() {
        let dir = temp_dir("broken");
        let bad = write(
            &dir,
            "bad.yaml",
            "okta:\n  client:\n    token: [\"tok-secret\"\n",
        );
        let e = settings_from(env(&[]), &[bad]).unwrap_err();
        assert!(matches!(e, ConfigError::File { .. }));
        assert!(!e.to_string().contains("tok-secret"), "{e}");
        let wrong = write(
            &dir,
            "wrong.yaml",
            "okta:\n  client:\n    token: 123456789\n",
        );
        let e = settings_from(env(&[]), &[wrong]).unwrap_err();
        assert!(
            e.to_string().contains("okta.client.token must be a string"),
            "{e}"
        );
        assert!(!e.to_string().contains("123456789"), "{e}");
    }

    #[test]
    fn settings_debug_hides_the_token() {
        let s = FileSettings {
            org_url: None,
            token: Some("tok-secret".into()),
        };
        assert!(!format!("{s:?}").contains("tok-secret"));
    }
}
