//! Stable pseudonyms: a keyed hash (HMAC-SHA-256) of each value, so the same input gives the
//! same pseudonym within a capture and, with the same salt file, across captures, while nobody
//! without the key can test a guessed login against a pseudonym.
//!
//! GUIDs are mapped as their 16 bytes in Microsoft order, then written back in the form they
//! came in (Immutable ID, objectGUID text, hex, base64 of the GUID text, URL-safe or unpadded
//! base64): a GUID and its Immutable ID stay each other's conversion, a value shared by two
//! users stays shared, and an invalid value keeps its kind of invalidity.

use std::hash::{BuildHasher as _, Hasher as _};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac as _};
use okta_client::directory::{ImmutableId, InvalidImmutableId};
use sha2::Sha256;

/// The shortest salt file accepted: 16 bytes, as many as the hash's security needs.
pub const MIN_SALT_LEN: usize = 16;

/// Makes pseudonyms with one key.
#[derive(Clone)]
pub struct Pseudonyms {
    key: Vec<u8>,
}

impl std::fmt::Debug for Pseudonyms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonyms(***)")
    }
}

/// Why a salt cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the salt holds {0} bytes; at least {MIN_SALT_LEN} are needed")]
pub struct ShortSalt(pub usize);

impl Pseudonyms {
    /// Pseudonyms keyed by a salt (the bytes of a salt file), stable across captures.
    ///
    /// # Errors
    /// [`ShortSalt`] when the salt holds fewer than [`MIN_SALT_LEN`] bytes.
    pub fn with_salt(salt: &[u8]) -> Result<Self, ShortSalt> {
        if salt.len() < MIN_SALT_LEN {
            return Err(ShortSalt(salt.len()));
        }
        Ok(Self { key: salt.to_vec() })
    }

    /// Pseudonyms with a random key that is never written anywhere: stable within one
    /// capture only. The key comes from the standard library's per-process random hasher
    /// keys (seeded by the operating system), four draws for 256 bits.
    pub fn random() -> Self {
        let mut key = Vec::with_capacity(32);
        for i in 0u64..4 {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u64(i);
            key.extend_from_slice(&hasher.finish().to_le_bytes());
        }
        Self { key }
    }

    fn digest(&self, domain: &str, value: &[u8]) -> [u8; 32] {
        // Infallible: HMAC takes a key of any length.
        let mut mac = <Hmac<Sha256>>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(domain.as_bytes());
        mac.update(&[0]);
        mac.update(value);
        mac.finalize().into_bytes().into()
    }

    fn hex(&self, domain: &str, value: &str, digits: usize) -> String {
        self.digest(domain, value.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()[..digits]
            .to_owned()
    }

    /// A login or email address: `user-<12 hex>@example.com`, keyed on the lowercase value
    /// (Okta compares logins case-insensitively), so a login equal to an email stays equal.
    pub fn address(&self, value: &str) -> String {
        format!(
            "user-{}@example.com",
            self.hex("address", &value.to_lowercase(), 12)
        )
    }

    /// Any other personal text: `<attribute>-<10 hex>`, the attribute name only as a hint
    /// (the hash is of the value alone, so equal values stay equal across attributes).
    pub fn text(&self, attribute: &str, value: &str) -> String {
        let hint: String = attribute
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(16)
            .collect::<String>()
            .to_lowercase();
        let hint = if hint.is_empty() {
            "value".to_owned()
        } else {
            hint
        };
        format!("{hint}-{}", self.hex("text", value, 10))
    }

    /// A GUID's 16 bytes (Microsoft order) to 16 other bytes.
    pub fn guid_bytes(&self, bytes: &[u8; 16]) -> [u8; 16] {
        let digest = self.digest("guid", bytes);
        let mut out = [0u8; 16];
        out.copy_from_slice(&digest[..16]);
        out
    }

    fn guid(&self, id: &ImmutableId) -> ImmutableId {
        ImmutableId::from_bytes(self.guid_bytes(id.as_bytes()))
    }

    /// A value where an Immutable ID belongs (an AD `externalId`, an office365 `immutableId`),
    /// mapped so that it keeps its kind: a valid Immutable ID stays valid, an objectGUID string
    /// stays an objectGUID string of the mapped bytes, and so on. Returns `None` for a value
    /// with no GUID inside (not base64, the wrong length, empty), which the caller treats as
    /// other text, or keeps when empty.
    pub fn id_value(&self, value: &str) -> Option<String> {
        match ImmutableId::parse(value) {
            Ok(id) => Some(self.guid(&id).to_string()),
            Err(InvalidImmutableId::GuidString { suggestion }) => {
                let guid = self.guid(&suggestion).to_object_guid();
                let guid = if value.bytes().any(|b| b.is_ascii_uppercase()) {
                    guid.to_uppercase()
                } else {
                    guid
                };
                Some(if value.starts_with('{') {
                    format!("{{{guid}}}")
                } else {
                    guid
                })
            }
            Err(InvalidImmutableId::Hex { suggestion }) => {
                let hex: String = self
                    .guid(&suggestion)
                    .as_bytes()
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                Some(if value.bytes().any(|b| b.is_ascii_uppercase()) {
                    hex.to_uppercase()
                } else {
                    hex
                })
            }
            Err(InvalidImmutableId::Base64OfGuidText { suggestion, .. }) => {
                let text = self.guid(&suggestion).to_object_guid();
                Some(STANDARD.encode(text))
            }
            Err(InvalidImmutableId::UrlSafeAlphabet { suggestion }) => {
                let bytes = self.guid(&suggestion);
                Some(if value.ends_with('=') {
                    URL_SAFE.encode(bytes.as_bytes())
                } else {
                    URL_SAFE_NO_PAD.encode(bytes.as_bytes())
                })
            }
            Err(InvalidImmutableId::MissingPadding { suggestion }) => {
                Some(STANDARD_NO_PAD.encode(self.guid(&suggestion).as_bytes()))
            }
            Err(InvalidImmutableId::WrongLength { len }) => {
                // Base64 of `len` bytes that are not a GUID's: keyed bytes of the same length.
                let mut bytes = Vec::with_capacity(len);
                let mut round = 0u32;
                while bytes.len() < len {
                    let mut input = value.as_bytes().to_vec();
                    input.extend_from_slice(&round.to_le_bytes());
                    bytes.extend_from_slice(&self.digest("bytes", &input));
                    round += 1;
                }
                bytes.truncate(len);
                let encoded = STANDARD.encode(&bytes);
                // A keyed 48-byte value could, by chance, be no GUID text; it never becomes one.
                Some(encoded)
            }
            Err(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(value: &str) -> String {
        match ImmutableId::parse(value) {
            Ok(_) => "valid".to_owned(),
            Err(e) => serde_json::to_value(&e).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_owned(),
        }
    }

    fn keyed() -> Pseudonyms {
        Pseudonyms::with_salt(b"a salt of sixteen bytes or more").unwrap()
    }

    #[test]
    fn a_guid_and_its_immutable_id_stay_each_others_conversion() {
        let p = keyed();
        let guid = "35918bc9-196d-40ea-9779-889d79b753f0";
        let id = "yYuRNW0Z6kCXeYidebdT8A==";
        let (new_guid, new_id) = (p.id_value(guid).unwrap(), p.id_value(id).unwrap());
        assert_ne!(new_id, id);
        assert_eq!(
            ImmutableId::from_object_guid(&new_guid)
                .unwrap()
                .to_string(),
            new_id
        );
    }

    #[test]
    fn every_kind_of_value_keeps_its_kind() {
        let p = keyed();
        for value in [
            "yYuRNW0Z6kCXeYidebdT8A==",
            "35918bc9-196d-40ea-9779-889d79b753f0",
            "{35918BC9-196D-40EA-9779-889D79B753F0}",
            "c98b91356d19ea409779889d79b753f0",
            "MzU5MThiYzktMTk2ZC00MGVhLTk3NzktODg5ZDc5Yjc1M2Yw",
            "yYuRNW0Z6kCXeYidebdT8A",
            "AAAA",
        ] {
            let mapped = p.id_value(value).unwrap();
            assert_ne!(mapped, value);
            assert_eq!(kind(&mapped), kind(value), "{value} → {mapped}");
        }
        assert_eq!(p.id_value("not an id!"), None);
        assert_eq!(p.id_value(""), None);
    }

    #[test]
    fn pseudonyms_are_stable_for_a_salt_and_differ_between_keys() {
        let (a, b) = (keyed(), keyed());
        assert_eq!(
            a.address("Alice@Example.com"),
            b.address("alice@example.com")
        );
        assert_eq!(a.text("firstName", "Alice"), b.text("firstName", "Alice"));
        let other = Pseudonyms::random();
        assert_ne!(
            a.address("alice@example.com"),
            other.address("alice@example.com")
        );
        assert!(a.address("alice@example.com").ends_with("@example.com"));
        assert!(!a.text("firstName", "Alice").contains("Alice"));
        assert_eq!(Pseudonyms::with_salt(b"short").unwrap_err(), ShortSalt(5));
        assert!(!format!("{a:?}").contains("salt"));
    }
}
