//! Settings from the environment and okta.yaml files, the way Okta's own SDKs read them.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_yaml_ng::Value;

use super::ConfigError;

/// The org URL and credentials found in the environment or in okta.yaml.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct FileSettings {
    pub(crate) org_url: Option<String>,
    pub(crate) token: Option<String>,
    /// `SSWS` or `PrivateKey` (`OKTA_CLIENT_AUTHORIZATIONMODE`, `okta.client.authorizationMode`).
    pub(crate) authorization_mode: Option<String>,
    /// The service app's client id (`OKTA_CLIENT_CLIENTID`, `okta.client.clientId`).
    pub(crate) client_id: Option<String>,
    /// Scopes, space or comma separated (`OKTA_CLIENT_SCOPES`, `okta.client.scopes`, which
    /// okta.yaml may also give as a list).
    pub(crate) scopes: Option<String>,
    /// PEM, JWK or a file path (`OKTA_CLIENT_PRIVATEKEY`, `okta.client.privateKey`).
    pub(crate) private_key: Option<String>,
    /// The key id (`OKTA_CLIENT_KEYID`, `okta.client.keyId`).
    pub(crate) key_id: Option<String>,
    /// `OKTA_CLIENT_PROXY_HOST` / `okta.client.proxy.host`, as Okta's SDKs name it.
    pub(crate) proxy_host: Option<String>,
    /// `OKTA_CLIENT_PROXY_PORT` / `okta.client.proxy.port`.
    pub(crate) proxy_port: Option<String>,
    /// `OKTA_CLIENT_PROXY_USERNAME` / `okta.client.proxy.username`.
    pub(crate) proxy_username: Option<String>,
    /// `OKTA_CLIENT_PROXY_PASSWORD` / `okta.client.proxy.password`.
    pub(crate) proxy_password: Option<String>,
    /// DPoP: `true`, `false` or `auto` (`OKTA_CLIENT_DPOPENABLED`, `okta.client.dpopEnabled`,
    /// okta-sdk-python 3.4's names).
    pub(crate) dpop_enabled: Option<String>,
}

impl fmt::Debug for FileSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileSettings")
            .field("org_url", &self.org_url)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field("authorization_mode", &self.authorization_mode)
            .field("client_id", &self.client_id)
            .field("scopes", &self.scopes)
            .field("private_key", &self.private_key.as_ref().map(|_| "***"))
            .field("key_id", &self.key_id)
            .field("proxy_host", &self.proxy_host)
            .field("proxy_port", &self.proxy_port)
            .field("proxy_username", &self.proxy_username)
            .field(
                "proxy_password",
                &self.proxy_password.as_ref().map(|_| "***"),
            )
            .field("dpop_enabled", &self.dpop_enabled)
            .finish()
    }
}

impl FileSettings {
    /// Fills what is still missing from `other`.
    fn or(self, other: FileSettings) -> FileSettings {
        FileSettings {
            org_url: self.org_url.or(other.org_url),
            token: self.token.or(other.token),
            authorization_mode: self.authorization_mode.or(other.authorization_mode),
            client_id: self.client_id.or(other.client_id),
            scopes: self.scopes.or(other.scopes),
            private_key: self.private_key.or(other.private_key),
            key_id: self.key_id.or(other.key_id),
            proxy_host: self.proxy_host.or(other.proxy_host),
            proxy_port: self.proxy_port.or(other.proxy_port),
            proxy_username: self.proxy_username.or(other.proxy_username),
            proxy_password: self.proxy_password.or(other.proxy_password),
            dpop_enabled: self.dpop_enabled.or(other.dpop_enabled),
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

/// True when an org is configured outside code: [`ORG_URL_VAR`], [`TOKEN_VAR`] or
/// `OKTA_CLIENT_CLIENTID` (a service app) set to
/// something not blank, or one of the [`config_files`] present. Nothing is read or validated;
/// [`ClientBuilder::from_env`](super::ClientBuilder::from_env) does that.
pub fn configured_outside_code() -> bool {
    let set = |k: &str| std::env::var(k).is_ok_and(|v| !v.trim().is_empty());
    set(ORG_URL_VAR)
        || set(TOKEN_VAR)
        || set("OKTA_CLIENT_CLIENTID")
        || config_files().iter().any(|f| f.is_file())
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
        authorization_mode: non_empty("OKTA_CLIENT_AUTHORIZATIONMODE"),
        client_id: non_empty("OKTA_CLIENT_CLIENTID"),
        scopes: non_empty("OKTA_CLIENT_SCOPES"),
        private_key: non_empty("OKTA_CLIENT_PRIVATEKEY"),
        key_id: non_empty("OKTA_CLIENT_KEYID"),
        proxy_host: non_empty("OKTA_CLIENT_PROXY_HOST"),
        proxy_port: non_empty("OKTA_CLIENT_PROXY_PORT"),
        proxy_username: non_empty("OKTA_CLIENT_PROXY_USERNAME"),
        proxy_password: non_empty("OKTA_CLIENT_PROXY_PASSWORD"),
        dpop_enabled: non_empty("OKTA_CLIENT_DPOPENABLED"),
    };
    for file in files {
        // Files are not read once the environment has said all (a broken file then does not
        // matter); PrivateKey mode needs more than a URL and a token, so files are still read.
        if settings.org_url.is_some()
            && settings.token.is_some()
            && settings.authorization_mode.is_none()
        {
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
    let proxy = client.and_then(|c| c.get("proxy"));
    let proxy_field = |key: &str| -> Result<Option<String>, String> {
        match proxy.and_then(|p| p.get(key)) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
            // A port is usually written as a number.
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(format!("okta.client.proxy.{key} must be a string")),
        }
    };
    // okta.yaml may list scopes as a YAML sequence (as Okta's SDK samples do).
    let scopes = match client.and_then(|c| c.get("scopes")) {
        Some(Value::Sequence(items)) => {
            let mut names = Vec::new();
            for item in items {
                match item {
                    Value::String(s) => names.push(s.trim().to_owned()),
                    _ => return Err("okta.client.scopes must be strings".to_owned()),
                }
            }
            Some(names.join(" ")).filter(|s| !s.trim().is_empty())
        }
        _ => field("scopes")?,
    };
    Ok(FileSettings {
        org_url: field("orgUrl")?,
        token: field("token")?,
        authorization_mode: field("authorizationMode")?,
        client_id: field("clientId")?,
        scopes,
        private_key: field("privateKey")?,
        key_id: field("keyId")?,
        proxy_host: proxy_field("host")?,
        proxy_port: proxy_field("port")?,
        proxy_username: proxy_field("username")?,
        proxy_password: proxy_field("password")?,
        // okta.yaml writes it as a YAML boolean, as okta-sdk-python's samples do.
        dpop_enabled: match client.and_then(|c| c.get("dpopEnabled")) {
            Some(Value::Bool(b)) => Some(b.to_string()),
            _ => field("dpopEnabled")?,
        },
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
    fn private_key_settings_use_the_official_names_in_env_and_yaml() {
        let s = settings_from(
            env(&[
                ("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey"),
                ("OKTA_CLIENT_CLIENTID", "0oa-env"),
                ("OKTA_CLIENT_SCOPES", "okta.users.read okta.apps.read"),
                ("OKTA_CLIENT_PRIVATEKEY", "/keys/app.pem"),
                ("OKTA_CLIENT_KEYID", "kid-env"),
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(s.authorization_mode.as_deref(), Some("PrivateKey"));
        assert_eq!(s.client_id.as_deref(), Some("0oa-env"));
        assert_eq!(s.scopes.as_deref(), Some("okta.users.read okta.apps.read"));
        assert_eq!(s.private_key.as_deref(), Some("/keys/app.pem"));
        assert_eq!(s.key_id.as_deref(), Some("kid-env"));
        let dir = temp_dir("private-key");
        let yaml = write(
            &dir,
            "okta.yaml",
            "okta:\n  client:\n    authorizationMode: PrivateKey\n    clientId: 0oa-file\n    \
             scopes:\n      - okta.users.read\n      - okta.groups.manage\n    \
             privateKey: /keys/file.pem\n    keyId: kid-file\n    dpopEnabled: true\n",
        );
        let s = settings_from(
            env(&[("OKTA_CLIENT_ORGURL", "https://a.okta.com")]),
            &[yaml],
        )
        .unwrap();
        assert_eq!(s.client_id.as_deref(), Some("0oa-file"));
        assert_eq!(
            s.scopes.as_deref(),
            Some("okta.users.read okta.groups.manage")
        );
        assert_eq!(s.private_key.as_deref(), Some("/keys/file.pem"));
        assert_eq!(s.key_id.as_deref(), Some("kid-file"));
        assert_eq!(s.dpop_enabled.as_deref(), Some("true"), "a YAML boolean");
    }

    #[test]
    fn proxy_settings_come_from_env_or_yaml_with_a_numeric_port() {
        let dir = temp_dir("proxy");
        let yaml = write(
            &dir,
            "okta.yaml",
            "okta:\n  client:\n    proxy:\n      host: proxy.corp\n      port: 8080\n      \
             username: u\n      password: pw-secret\n",
        );
        let s = settings_from(env(&[("OKTA_CLIENT_PROXY_HOST", "env.proxy")]), &[yaml]).unwrap();
        assert_eq!(s.proxy_host.as_deref(), Some("env.proxy"));
        assert_eq!(s.proxy_port.as_deref(), Some("8080"));
        assert_eq!(s.proxy_password.as_deref(), Some("pw-secret"));
        assert!(!format!("{s:?}").contains("pw-secret"));
    }

    #[test]
    fn settings_debug_hides_the_token() {
        let s = FileSettings {
            token: Some("tok-secret".into()),
            private_key: Some("key-secret".into()),
            ..FileSettings::default()
        };
        assert!(!format!("{s:?}").contains("tok-secret"));
        assert!(!format!("{s:?}").contains("key-secret"));
    }
}
