//! The header Okta authenticates itself with, checked in constant time.

use std::fmt;

use axum::http::HeaderMap;

use crate::models::SecretValue;

/// How the endpoint recognises Okta: the hook's auth scheme (`channel.config.authScheme`),
/// which Okta sends as a header with every call.
#[derive(Clone)]
#[non_exhaustive]
pub enum ReceiverAuth {
    /// Every request must carry this header with exactly this value (Okta's `HEADER`
    /// scheme, e.g. `Authorization: <shared secret>`); otherwise 401.
    Header {
        /// The header name (case-insensitive).
        key: String,
        /// The expected value.
        value: SecretValue,
    },
    /// No check. Okta recommends the header; choose this only behind another guard.
    None,
}

impl ReceiverAuth {
    /// The `HEADER` scheme: `key: value` on every request.
    pub fn header(key: impl Into<String>, value: impl Into<SecretValue>) -> Self {
        ReceiverAuth::Header {
            key: key.into(),
            value: value.into(),
        }
    }

    /// True when the request carries what this scheme asks for.
    pub(crate) fn admits(&self, headers: &HeaderMap) -> bool {
        match self {
            ReceiverAuth::None => true,
            ReceiverAuth::Header { key, value } => {
                let mut given = headers.get_all(key.as_str()).iter();
                match (given.next(), given.next()) {
                    (Some(sent), None) => {
                        constant_time_eq(sent.as_bytes(), value.expose_secret().as_bytes())
                    }
                    // Missing, or sent twice (which one would be meant?): refused.
                    _ => false,
                }
            }
        }
    }
}

impl fmt::Debug for ReceiverAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReceiverAuth::Header { key, .. } => f
                .debug_struct("Header")
                .field("key", key)
                .field("value", &"***")
                .finish(),
            ReceiverAuth::None => f.write_str("None"),
        }
    }
}

/// Compares two byte strings in a time that depends on their lengths only, not on where they
/// differ, so that the secret cannot be guessed byte by byte from response times.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= usize::from(x ^ y);
    }
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn equal_strings_match_and_any_difference_does_not() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(constant_time_eq(b"", b""));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret "));
        assert!(!constant_time_eq(b"secret", b""));
        assert!(!constant_time_eq(b"\0", b""));
    }

    #[test]
    fn the_header_must_be_present_once_with_the_exact_value() {
        let auth = ReceiverAuth::header("Authorization", "s3cr3t");
        let mut headers = HeaderMap::new();
        assert!(!auth.admits(&headers));
        headers.insert("authorization", HeaderValue::from_static("s3cr3t"));
        assert!(auth.admits(&headers));
        headers.append("authorization", HeaderValue::from_static("s3cr3t"));
        assert!(!auth.admits(&headers));
        headers.insert("authorization", HeaderValue::from_static("wrong"));
        assert!(!auth.admits(&headers));
        assert!(ReceiverAuth::None.admits(&HeaderMap::new()));
        assert!(!format!("{auth:?}").contains("s3cr3t"));
    }
}
