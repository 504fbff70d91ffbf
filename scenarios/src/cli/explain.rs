//! Errors in a command-line user's words: flags and environment variables, never the library's
//! builder methods, and the whole cause (an error's `source()` chain), never a Debug dump.

use std::error::Error as StdError;

use okta_client::ConfigError;

use super::target::TargetError;
use crate::immutable_id::FlowError;

/// Where the org URL comes from, as a person sets it.
const ORG_URL_FROM: &str = "--org-url or OKTA_CLIENT_ORGURL (or okta.client.orgUrl in okta.yaml)";
/// Where the token comes from, as a person sets it.
const TOKEN_FROM: &str = "OKTA_CLIENT_TOKEN or --token (or okta.client.token in okta.yaml)";

/// Why a run could not start, said for the command line.
pub(crate) fn target_error(e: &TargetError) -> String {
    match e {
        TargetError::Client(okta_client::Error::Config(config)) => config_error(config),
        TargetError::Client(other) => with_causes(other),
        other => with_causes(other),
    }
}

/// Why a run had to stop, said for the command line.
pub(crate) fn flow_error(e: &FlowError) -> String {
    match e {
        FlowError::Read {
            source: okta_client::Error::Config(config),
            ..
        } => config_error(config),
        _ => with_causes(e),
    }
}

/// A configuration mistake, with the flag or variable that fixes it.
pub(crate) fn config_error(e: &ConfigError) -> String {
    match e {
        ConfigError::MissingOrgUrl => format!(
            "no Okta org URL: set {ORG_URL_FROM}, e.g. --org-url https://your-org.okta.com \
             (with no org configured at all, okta-flows runs on its embedded demo org)"
        ),
        ConfigError::MissingToken => {
            format!("no API token for the org: set {TOKEN_FROM}")
        }
        ConfigError::EmptyToken => format!("the API token is empty: set {TOKEN_FROM}"),
        ConfigError::InsecureHttp { url } => format!(
            "the org URL `{url}` uses plain http to a host that is not this machine, which would \
             send the API token in clear text: give an https:// URL to --org-url or \
             OKTA_CLIENT_ORGURL (plain http is accepted only for 127.0.0.1 and localhost, e.g. a \
             local okta-mock)"
        ),
        ConfigError::MalformedUrl { .. }
        | ConfigError::UnsupportedScheme { .. }
        | ConfigError::UrlHasPath { .. }
        | ConfigError::AdminUrl { .. } => {
            format!("{e} (check --org-url or OKTA_CLIENT_ORGURL)")
        }
        _ => with_causes(e),
    }
}

/// An error's message followed by each underlying cause that adds something: `a: b: c`.
pub(crate) fn with_causes(e: &dyn StdError) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let more = c.to_string();
        // Many errors repeat their source in their own message; say each thing once.
        if !more.is_empty() && !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        cause = c.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("outer")]
    struct Outer(#[source] Middle);

    #[derive(Debug, thiserror::Error)]
    #[error("middle: inner")]
    struct Middle(#[source] Inner);

    #[derive(Debug, thiserror::Error)]
    #[error("inner")]
    struct Inner;

    #[test]
    fn the_cause_chain_is_printed_once_each() {
        assert_eq!(with_causes(&Outer(Middle(Inner))), "outer: middle: inner");
    }

    #[test]
    fn configuration_errors_name_flags_and_variables_never_builder_methods() {
        let cases = [
            ConfigError::MissingOrgUrl,
            ConfigError::MissingToken,
            ConfigError::EmptyToken,
            ConfigError::InsecureHttp {
                url: "http://acme.okta.com".into(),
            },
            ConfigError::UnsupportedScheme {
                url: "ftp://acme.okta.com".into(),
            },
        ];
        for case in cases {
            let text = config_error(&case);
            assert!(!text.contains("ClientBuilder"), "{text}");
            assert!(!text.contains("allow_insecure_http"), "{text}");
            assert!(
                text.contains("--org-url") || text.contains("--token"),
                "{text}"
            );
        }
    }
}
