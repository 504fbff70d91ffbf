//! The authorization mode from settings: `OKTA_CLIENT_AUTHORIZATIONMODE` and its companions,
//! named as in Okta's SDKs (the Python SDK's `authorizationMode: PrivateKey`, `clientId`,
//! `scopes`, `privateKey`; the `kid` of Okta's JWK-based setups as `keyId`).

use super::{ConfigError, FileSettings};
use crate::auth::PrivateKeyAuth;

/// The proxy URL from `okta.client.proxy.*` (`http://[user:password@]host[:port]`, user and
/// password percent-encoded), or `None` without a host.
pub(crate) fn proxy_url(settings: &FileSettings) -> Option<String> {
    let host = settings.proxy_host.as_deref()?;
    let mut url = url::Url::parse(&format!("http://{host}")).ok()?;
    if let Some(port) = settings.proxy_port.as_deref().and_then(|p| p.parse().ok()) {
        let _ = url.set_port(Some(port));
    }
    if let Some(user) = settings.proxy_username.as_deref() {
        let _ = url.set_username(user);
        let _ = url.set_password(settings.proxy_password.as_deref());
    }
    Some(url.to_string())
}

/// `Ok(None)` for SSWS (or no mode: an API token, if any, is used), `Ok(Some(..))` for
/// PrivateKey. Missing client id or scopes are left for the build to report; a missing key
/// or an unknown mode are reported here.
pub(crate) fn auth_from_settings(
    settings: FileSettings,
) -> Result<Option<PrivateKeyAuth>, ConfigError> {
    let Some(mode) = settings.authorization_mode else {
        return Ok(None);
    };
    match mode.trim().to_ascii_lowercase().as_str() {
        "ssws" => Ok(None),
        "privatekey" => {
            let key = settings.private_key.ok_or(ConfigError::MissingPrivateKey)?;
            let mut auth = PrivateKeyAuth::new(settings.client_id.unwrap_or_default(), key)
                .scopes(settings.scopes.as_deref());
            if let Some(kid) = settings.key_id {
                auth = auth.key_id(kid);
            }
            if let Some(dpop) = settings.dpop_enabled {
                auth = auth.dpop(dpop_mode(&dpop)?);
            }
            Ok(Some(auth))
        }
        _ => Err(ConfigError::UnknownAuthorizationMode(mode)),
    }
}

/// `true` / `false` (okta-sdk-python's `dpopEnabled`) or `auto`.
fn dpop_mode(value: &str) -> Result<crate::auth::DpopMode, ConfigError> {
    use crate::auth::DpopMode;
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(DpopMode::Enabled),
        "false" => Ok(DpopMode::Disabled),
        "auto" => Ok(DpopMode::Auto),
        _ => Err(ConfigError::InvalidDpopSetting(value.trim().to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(mode: &str) -> FileSettings {
        FileSettings {
            authorization_mode: Some(mode.into()),
            client_id: Some("0oa1".into()),
            scopes: Some("okta.users.read, okta.groups.read".into()),
            private_key: Some("key-secret".into()),
            key_id: Some("k1".into()),
            ..FileSettings::default()
        }
    }

    #[test]
    fn private_key_mode_collects_its_settings() {
        let auth = auth_from_settings(settings("PrivateKey")).unwrap().unwrap();
        let shown = format!("{auth:?}");
        assert!(shown.contains("okta.users.read") && shown.contains("okta.groups.read"));
        assert!(
            shown.contains("k1") && !shown.contains("key-secret"),
            "{shown}"
        );
    }

    #[test]
    fn proxy_settings_make_one_url_and_the_builder_never_shows_the_password() {
        let s = FileSettings {
            org_url: Some("https://acme.okta.com".into()),
            token: Some("tok".into()),
            proxy_host: Some("proxy.corp".into()),
            proxy_port: Some("3128".into()),
            proxy_username: Some("svc user".into()),
            proxy_password: Some("pw-secret".into()),
            ..FileSettings::default()
        };
        assert_eq!(
            proxy_url(&s).as_deref(),
            Some("http://svc%20user:pw-secret@proxy.corp:3128/")
        );
        let builder = crate::ClientBuilder::new().with_settings(s);
        let shown = format!("{builder:?}");
        assert!(
            shown.contains("proxy.corp:3128") && !shown.contains("pw-secret"),
            "{shown}"
        );
        assert!(builder.build().is_ok());
        assert_eq!(proxy_url(&FileSettings::default()), None);
    }

    #[test]
    fn dpop_enabled_takes_true_false_or_auto_and_says_what_else_to_write() {
        for (value, shown) in [
            ("true", "Enabled"),
            ("FALSE", "Disabled"),
            (" auto", "Auto"),
        ] {
            let mut s = settings("PrivateKey");
            s.dpop_enabled = Some(value.into());
            let auth = auth_from_settings(s).unwrap().unwrap();
            assert!(
                format!("{auth:?}").contains(&format!("dpop: {shown}")),
                "{value}"
            );
        }
        let mut s = settings("PrivateKey");
        s.dpop_enabled = Some("yes".into());
        let e = auth_from_settings(s).unwrap_err();
        assert!(e.to_string().contains("OKTA_CLIENT_DPOPENABLED"), "{e}");
    }

    #[test]
    fn ssws_or_no_mode_leaves_the_api_token() {
        assert!(auth_from_settings(settings("SSWS")).unwrap().is_none());
        assert!(
            auth_from_settings(FileSettings::default())
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn an_unknown_mode_or_a_missing_key_says_what_to_set() {
        let e = auth_from_settings(settings("Basic")).unwrap_err();
        assert!(e.to_string().contains("PrivateKey"), "{e}");
        let mut s = settings("PrivateKey");
        s.private_key = None;
        let e = auth_from_settings(s).unwrap_err();
        assert!(e.to_string().contains("OKTA_CLIENT_PRIVATEKEY"), "{e}");
    }
}
