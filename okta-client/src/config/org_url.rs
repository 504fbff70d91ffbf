//! Checks an org URL and says what to fix when it is wrong.

use std::net::IpAddr;

use url::{Host, Url};

use super::ConfigError;

/// Parses and checks an org URL: https (or http to loopback, or with the explicit opt-in), no
/// path, query, fragment or credentials, and not the `-admin` console host. Gives back the URL
/// normalised to `scheme://host[:port]/`.
pub(crate) fn validate_org_url(raw: &str, allow_insecure_http: bool) -> Result<Url, ConfigError> {
    let trimmed = raw.trim();
    let url = Url::parse(trimmed).map_err(|e| ConfigError::MalformedUrl {
        url: trimmed.to_owned(),
        reason: e.to_string(),
    })?;
    let Some(host) = url.host() else {
        return Err(ConfigError::MalformedUrl {
            url: trimmed.to_owned(),
            reason: "it has no host".to_owned(),
        });
    };
    let origin_only = origin_url(&url);
    if !matches!(url.scheme(), "https" | "http") {
        return Err(ConfigError::UnsupportedScheme {
            url: trimmed.to_owned(),
        });
    }
    let has_extra = !matches!(url.path(), "" | "/")
        || url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
        || url.password().is_some();
    if has_extra {
        return Err(ConfigError::UrlHasPath {
            url: redact_credentials(&url),
            suggestion: origin_only.to_string(),
        });
    }
    if let Host::Domain(domain) = &host {
        if let Some(suggestion) = admin_suggestion(&url, domain) {
            return Err(ConfigError::AdminUrl {
                url: trimmed.to_owned(),
                suggestion,
            });
        }
    }
    if url.scheme() == "http" && !is_loopback(&host) && !allow_insecure_http {
        return Err(ConfigError::InsecureHttp {
            url: trimmed.to_owned(),
        });
    }
    Ok(origin_only)
}

/// True for 127.0.0.0/8, ::1 and `localhost`: where plain http is how the mock is reached.
fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

/// `https://acme-admin.okta.com` → `https://acme.okta.com/`.
fn admin_suggestion(url: &Url, domain: &str) -> Option<String> {
    let (first, rest) = domain.split_once('.')?;
    let org = first.strip_suffix("-admin")?;
    if org.is_empty() {
        return None;
    }
    let mut fixed = url.clone();
    fixed.set_host(Some(&format!("{org}.{rest}"))).ok()?;
    Some(fixed.to_string())
}

fn origin_url(url: &Url) -> Url {
    let mut origin = url.clone();
    origin.set_path("/");
    origin.set_query(None);
    origin.set_fragment(None);
    // Both only fail for URLs that cannot carry credentials, which then have none to clear.
    let _ = origin.set_username("");
    let _ = origin.set_password(None);
    origin
}

fn redact_credentials(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(Some("***"));
    }
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_org_url_is_normalised_with_a_trailing_slash() {
        let url = validate_org_url("https://acme.okta.com", false).unwrap();
        assert_eq!(url.as_str(), "https://acme.okta.com/");
        let url = validate_org_url(" https://acme.okta.com/ ", false).unwrap();
        assert_eq!(url.as_str(), "https://acme.okta.com/");
    }

    #[test]
    fn a_malformed_url_is_refused_with_an_example() {
        let err = validate_org_url("acme.okta.com", false).unwrap_err();
        assert!(matches!(err, ConfigError::MalformedUrl { .. }));
        assert!(
            err.to_string().contains("https://your-org.okta.com"),
            "{err}"
        );
    }

    #[test]
    fn a_url_with_a_path_or_query_is_refused_with_the_bare_url_suggested() {
        for given in [
            "https://acme.okta.com/api/v1",
            "https://acme.okta.com/?x=1",
            "https://acme.okta.com/#frag",
        ] {
            let err = validate_org_url(given, false).unwrap_err();
            assert_eq!(
                err,
                ConfigError::UrlHasPath {
                    url: Url::parse(given).unwrap().to_string(),
                    suggestion: "https://acme.okta.com/".into()
                }
            );
            assert!(
                err.to_string().contains("use `https://acme.okta.com/`"),
                "{err}"
            );
        }
    }

    #[test]
    fn credentials_in_the_url_are_refused_and_not_echoed() {
        let err = validate_org_url("https://me:hunter2@acme.okta.com", false).unwrap_err();
        assert!(matches!(err, ConfigError::UrlHasPath { .. }));
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }

    #[test]
    fn the_admin_console_url_is_refused_with_the_org_url_suggested() {
        let err = validate_org_url("https://acme-admin.okta.com", false).unwrap_err();
        assert_eq!(
            err,
            ConfigError::AdminUrl {
                url: "https://acme-admin.okta.com".into(),
                suggestion: "https://acme.okta.com/".into()
            }
        );
        assert!(
            err.to_string().contains("use `https://acme.okta.com/`"),
            "{err}"
        );
    }

    #[test]
    fn plain_http_is_accepted_only_for_loopback_hosts_or_with_the_opt_in() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://[::1]:9000",
            "http://localhost:3000",
        ] {
            assert!(validate_org_url(ok, false).is_ok(), "{ok}");
        }
        let err = validate_org_url("http://acme.okta.com", false).unwrap_err();
        assert!(matches!(err, ConfigError::InsecureHttp { .. }));
        assert!(
            err.to_string().contains("allow_insecure_http(true)"),
            "{err}"
        );
        assert!(validate_org_url("http://acme.okta.com", true).is_ok());
    }

    #[test]
    fn other_schemes_are_refused() {
        let err = validate_org_url("ftp://acme.okta.com", false).unwrap_err();
        assert!(matches!(err, ConfigError::UnsupportedScheme { .. }));
    }
}
