//! Unique, opaque ids for `X-Okta-Request-Id` and `errorId`.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A per-process value, so ids differ between two mock processes started one after the other.
fn nonce() -> u64 {
    static NONCE: OnceLock<u64> = OnceLock::new();
    *NONCE.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        nanos ^ u64::from(std::process::id()).rotate_left(32)
    })
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn base62(mut n: u64, width: usize, out: &mut String) {
    for _ in 0..width {
        out.push(char::from(ALPHABET[(n % 62) as usize]));
        n /= 62;
    }
}

/// A new id: `prefix` followed by `len` base-62 characters. Unique within the process: the
/// counter is encoded in full (a bijective mix keeps it unique), the nonce pads the rest.
pub fn unique_id(prefix: &str, len: usize) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut id = String::with_capacity(prefix.len() + len);
    id.push_str(prefix);
    // 11 base-62 digits hold any u64, and xor-then-mix is a bijection of the counter, so this
    // part alone is unique; the nonce only makes it differ between processes.
    base62(mix(n ^ nonce()), 11, &mut id);
    let mut filler = mix(nonce() ^ n);
    while id.len() < prefix.len() + len {
        base62(filler, 1, &mut id);
        filler = (filler / 62).wrapping_add(mix(filler));
    }
    id
}

/// An `X-Okta-Request-Id` value (Okta's are 27 opaque characters).
pub fn request_id() -> String {
    unique_id("", 27)
}

/// An `errorId` value: `oae` and 22 more characters, 25 in all, as in every `errorId` recorded
/// from real orgs in okta/okta-sdk-python's cassettes (334 of them, e.g.
/// `oae-CxK3pOUQEGBRFKUbjie0Q` in `TestUsersResource.test_reactivate_user`) and in
/// reedship/simpleokta's (`oae6awywZI9S_yqakhMlUQNCg`). Okta's alphabet also has `-` and `_`;
/// the mock's base-62 characters are a subset of it.
pub fn error_id() -> String {
    unique_id("oae", 22)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_of_okta_length() {
        let ids: HashSet<String> = (0..10_000).map(|_| request_id()).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(ids.iter().all(|id| id.len() == 27));
        let error = error_id();
        assert_eq!(error.len(), 25, "{error}");
        assert!(error.starts_with("oae"));
        assert!(
            error
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }
}
