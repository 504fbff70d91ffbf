//! What the journal keeps out of sight: credentials in headers (redacted as they are recorded)
//! and secrets in bodies (redacted when an entry is read, so recording never parses a body).
//!
//! - Headers: the values of `Authorization` and `Proxy-Authorization` (the scheme is kept:
//!   `SSWS <redacted>`), `DPoP`, `Cookie` and `Set-Cookie`.
//! - JSON bodies: the value of every key whose name contains `password`, `passcode`, `secret`,
//!   `assertion`, `token`, `answer`, `private` or `authscheme` (any case), at any depth; under
//!   such a key every string or number becomes `<redacted>` and the structure stays, so
//!   `{"credentials":{"password":{"value":"…"}}}` reads `{"credentials":{"password":{"value":
//!   "<redacted>"}}}`. The JSON is re-serialized compactly.
//! - Form bodies (`client_secret`, `client_assertion`, `password`, `refresh_token`, `code`,
//!   `code_verifier` on the token endpoint): the same key rule, plus `code` and
//!   `code_verifier`; the value becomes `<redacted>`.
//! - A body that is neither (or JSON cut at the size cap) and mentions one of those words is
//!   replaced whole by `<redacted: N bytes>`.

use axum::http::header::{AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION, SET_COOKIE};
use axum::http::{HeaderName, HeaderValue};
use serde_json::Value;

/// What a redacted value reads.
pub const REDACTED: &str = "<redacted>";

/// The words that make a body key secret (lower case, matched as substrings).
const SECRET_WORDS: [&str; 8] = [
    "password",
    "passcode",
    "secret",
    "assertion",
    "token",
    "answer",
    "private",
    "authscheme",
];

/// Appends `name: value\n` to `buf`, with the value redacted when the header carries a
/// credential.
pub(super) fn write_header(buf: &mut String, name: &HeaderName, value: &HeaderValue) {
    buf.push_str(name.as_str());
    buf.push_str(": ");
    let text = String::from_utf8_lossy(value.as_bytes());
    if name == AUTHORIZATION || name == PROXY_AUTHORIZATION {
        // The scheme says which credential was used without giving it away.
        if let Some((scheme, _)) = text.trim().split_once(' ') {
            buf.push_str(scheme);
            buf.push(' ');
        }
        buf.push_str(REDACTED);
    } else if name == COOKIE || name == SET_COOKIE || name.as_str() == "dpop" {
        buf.push_str(REDACTED);
    } else {
        // Header values cannot hold a line break, but a lossy decoding must not invent one.
        buf.extend(text.chars().map(|c| if c == '\n' { ' ' } else { c }));
    }
    buf.push('\n');
}

fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| key.contains(w))
}

fn mentions_secret(text: &str) -> bool {
    let text = text.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| text.contains(w))
}

/// The body as a journal entry shows it: text with its secrets redacted.
pub(super) fn body_text(content_type: Option<&str>, body: &[u8], truncated: bool) -> String {
    if body.is_empty() {
        return String::new();
    }
    let text = String::from_utf8_lossy(body);
    let content_type = content_type.unwrap_or_default().to_ascii_lowercase();
    if !truncated {
        if let Ok(mut value) = serde_json::from_slice::<Value>(body) {
            redact_json(&mut value, false);
            return value.to_string();
        }
        if content_type.starts_with("application/x-www-form-urlencoded") {
            return redact_form(&text);
        }
    }
    if mentions_secret(&text) {
        format!("<redacted: {} bytes>", body.len())
    } else {
        text.into_owned()
    }
}

fn redact_json(value: &mut Value, secret: bool) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                redact_json(v, secret || is_secret_key(key));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| redact_json(v, secret)),
        Value::String(_) | Value::Number(_) if secret => *value = Value::from(REDACTED),
        _ => {}
    }
}

fn redact_form(text: &str) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in url::form_urlencoded::parse(text.as_bytes()) {
        let secret = is_secret_key(&key) || key == "code" || key == "code_verifier";
        out.append_pair(&key, if secret { REDACTED } else { &value });
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(name: &str, value: &str) -> String {
        let mut buf = String::new();
        write_header(
            &mut buf,
            &HeaderName::from_bytes(name.as_bytes()).unwrap(),
            &HeaderValue::from_str(value).unwrap(),
        );
        buf
    }

    #[test]
    fn credentials_in_headers_are_redacted_keeping_the_scheme() {
        assert_eq!(
            header("Authorization", "SSWS 00abc"),
            "authorization: SSWS <redacted>\n"
        );
        assert_eq!(
            header("authorization", "opaque"),
            "authorization: <redacted>\n"
        );
        assert_eq!(header("DPoP", "eyJ.x.y"), "dpop: <redacted>\n");
        assert_eq!(header("cookie", "sid=1"), "cookie: <redacted>\n");
        assert_eq!(header("x-okta-retry-count", "1"), "x-okta-retry-count: 1\n");
    }

    #[test]
    fn passwords_and_answers_in_a_json_body_are_redacted_at_any_depth() {
        let body = br#"{"profile":{"login":"a@b.c"},"credentials":{"password":{"value":"Tr0ub4dor"},
            "recovery_question":{"question":"q","answer":"forty-two"}},"oldPassword":{"value":"x"}}"#;
        let text = body_text(Some("application/json"), body, false);
        assert!(
            !text.contains("Tr0ub4dor") && !text.contains("forty-two"),
            "{text}"
        );
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["credentials"]["password"]["value"], REDACTED);
        assert_eq!(value["credentials"]["recovery_question"]["question"], "q");
        assert_eq!(value["oldPassword"]["value"], REDACTED);
        assert_eq!(value["profile"]["login"], "a@b.c");
    }

    #[test]
    fn client_secrets_and_assertions_in_a_form_body_are_redacted() {
        let body = b"grant_type=client_credentials&scope=okta.users.read&client_assertion=eyJ.a.b\
                     &client_secret=s3cr3t";
        let text = body_text(Some("application/x-www-form-urlencoded"), body, false);
        assert_eq!(
            text,
            "grant_type=client_credentials&scope=okta.users.read\
             &client_assertion=%3Credacted%3E&client_secret=%3Credacted%3E"
        );
    }

    #[test]
    fn a_cut_or_unparsable_body_that_mentions_a_secret_is_hidden_whole() {
        let cut = br#"{"credentials":{"password":{"value":"Tr0u"#;
        assert_eq!(body_text(None, cut, true), "<redacted: 41 bytes>");
        assert_eq!(body_text(None, b"{not json", false), "{not json");
    }
}
