//! The Office 365 Immutable ID: base64 of an AD objectGUID's 16 bytes in Microsoft byte order.
//!
//! Okta stores an AD app user's `externalId` already in this form. The GUID's text form
//! (`35918bc9-196d-40ea-9779-889d79b753f0`) writes the first three fields big-endian, while the
//! bytes AD stores (and Microsoft Entra ID compares) have those fields little-endian; confusing
//! the two gives an Immutable ID that looks valid and matches nobody.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An Immutable ID: the 16 bytes of an objectGUID in Microsoft byte order, written as standard
/// base64 with padding (`yYuRNW0Z6kCXeYidebdT8A==`). A value of this type is always valid.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ImmutableId([u8; 16]);

/// Why a string is not an Immutable ID. Where the value is a recognisable wrong form, the
/// variant carries the Immutable ID it most likely meant, for a human to confirm — never to be
/// pushed automatically.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[non_exhaustive]
pub enum InvalidImmutableId {
    /// Empty or only whitespace.
    #[error("the value is empty")]
    Empty,
    /// An objectGUID in its text form, not yet converted.
    #[error(
        "this is an objectGUID string, not an Immutable ID; converted to Microsoft byte order \
         it is {suggestion}"
    )]
    GuidString {
        /// The Immutable ID of that GUID.
        suggestion: ImmutableId,
    },
    /// 32 hexadecimal digits: the GUID's bytes in hex rather than base64.
    #[error(
        "this is 32 hexadecimal digits, not base64; if they are the raw objectGUID bytes the \
         Immutable ID is {suggestion}"
    )]
    Hex {
        /// The base64 of those bytes, read in the order written.
        suggestion: ImmutableId,
    },
    /// base64 of the GUID's text (48 characters) instead of its bytes.
    #[error(
        "this is base64 of the GUID text {guid}, not of its bytes; the Immutable ID is {suggestion}"
    )]
    Base64OfGuidText {
        /// The GUID text found inside.
        guid: String,
        /// The Immutable ID of that GUID.
        suggestion: ImmutableId,
    },
    /// The URL-safe base64 alphabet (`-`, `_`) where standard base64 is required.
    #[error("this uses the URL-safe base64 alphabet; in standard base64 it is {suggestion}")]
    UrlSafeAlphabet {
        /// The same bytes in standard base64.
        suggestion: ImmutableId,
    },
    /// 16 bytes in base64 without the `==` padding.
    #[error("the base64 padding is missing; with it the value is {suggestion}")]
    MissingPadding {
        /// The same bytes with padding.
        suggestion: ImmutableId,
    },
    /// Valid base64 of the wrong number of bytes.
    #[error("this decodes to {len} bytes; an Immutable ID is exactly 16")]
    WrongLength {
        /// How many bytes it decodes to.
        len: usize,
    },
    /// Not base64 at all.
    #[error("this is not base64: {detail}")]
    NotBase64 {
        /// What the decoder objected to.
        detail: String,
    },
}

/// A string that is not an objectGUID in its text form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not an objectGUID: expected 32 hexadecimal digits grouped 8-4-4-4-12 with hyphens, \
     braces optional"
)]
pub struct InvalidObjectGuid;

impl ImmutableId {
    /// Wraps 16 bytes already in Microsoft byte order.
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }

    /// The 16 bytes, in Microsoft byte order.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// Converts an objectGUID string (`35918bc9-196d-40ea-9779-889d79b753f0`, braces optional,
    /// any case) to its Immutable ID.
    ///
    /// ```
    /// use okta_client::directory::ImmutableId;
    /// let id = ImmutableId::from_object_guid("{35918BC9-196D-40EA-9779-889D79B753F0}").unwrap();
    /// assert_eq!(id.to_string(), "yYuRNW0Z6kCXeYidebdT8A==");
    /// ```
    ///
    /// # Errors
    /// [`InvalidObjectGuid`] when the string is not a hyphenated GUID.
    pub fn from_object_guid(guid: &str) -> Result<Self, InvalidObjectGuid> {
        let rfc = parse_guid_text(guid).ok_or(InvalidObjectGuid)?;
        Ok(Self(swap_guid_byte_order(rfc)))
    }

    /// The objectGUID string of this Immutable ID, lowercase and hyphenated.
    pub fn to_object_guid(&self) -> String {
        let b = swap_guid_byte_order(self.0);
        let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }

    /// Parses an Immutable ID: standard base64 with padding that decodes to exactly 16 bytes.
    ///
    /// RFC-4122 byte order (the GUID's bytes as written in its text form) cannot be told apart
    /// from Microsoft order by looking at 16 bytes, so that mistake is not detected here.
    ///
    /// # Errors
    /// [`InvalidImmutableId`], naming the common wrong forms (a GUID string, hex, base64 of the
    /// GUID text, URL-safe alphabet, missing padding) with the value they most likely meant.
    pub fn parse(value: &str) -> Result<Self, InvalidImmutableId> {
        if value.trim().is_empty() {
            return Err(InvalidImmutableId::Empty);
        }
        if let Ok(suggestion) = Self::from_object_guid(value) {
            return Err(InvalidImmutableId::GuidString { suggestion });
        }
        if let Some(bytes) = parse_hex_16(value) {
            return Err(InvalidImmutableId::Hex {
                suggestion: Self(bytes),
            });
        }
        match STANDARD.decode(value) {
            Ok(bytes) => match <[u8; 16]>::try_from(bytes.as_slice()) {
                Ok(array) => Ok(Self(array)),
                Err(_) => Err(diagnose_wrong_length(&bytes)),
            },
            Err(error) => Err(diagnose_not_standard(value, &error)),
        }
    }
}

fn diagnose_wrong_length(bytes: &[u8]) -> InvalidImmutableId {
    let text = std::str::from_utf8(bytes).ok();
    if let Some((text, suggestion)) =
        text.and_then(|t| ImmutableId::from_object_guid(t).ok().map(|id| (t, id)))
    {
        return InvalidImmutableId::Base64OfGuidText {
            guid: text.to_owned(),
            suggestion,
        };
    }
    InvalidImmutableId::WrongLength { len: bytes.len() }
}

fn diagnose_not_standard(value: &str, error: &base64::DecodeError) -> InvalidImmutableId {
    let as_16 = |bytes: Vec<u8>| <[u8; 16]>::try_from(bytes.as_slice()).ok();
    if let Some(bytes) = STANDARD_NO_PAD.decode(value).ok().and_then(as_16) {
        return InvalidImmutableId::MissingPadding {
            suggestion: ImmutableId(bytes),
        };
    }
    let url_safe = URL_SAFE
        .decode(value)
        .or_else(|_| URL_SAFE_NO_PAD.decode(value));
    if let Some(bytes) = url_safe.ok().and_then(as_16) {
        return InvalidImmutableId::UrlSafeAlphabet {
            suggestion: ImmutableId(bytes),
        };
    }
    InvalidImmutableId::NotBase64 {
        detail: error.to_string(),
    }
}

/// Reads `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (braces optional) into the 16 bytes in the order
/// the text writes them (RFC-4122 order).
fn parse_guid_text(guid: &str) -> Option<[u8; 16]> {
    let inner = match guid.strip_prefix('{') {
        Some(rest) => rest.strip_suffix('}')?,
        None => guid,
    };
    let groups: Vec<&str> = inner.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    if lengths != [8, 4, 4, 4, 12] {
        return None;
    }
    parse_hex_16(&groups.concat())
}

/// Exactly 32 hexadecimal digits into 16 bytes.
fn parse_hex_16(hex: &str) -> Option<[u8; 16]> {
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut bytes = [0u8; 16];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(bytes)
}

/// Reverses the first three GUID fields (4, 2 and 2 bytes). The swap is its own inverse, so it
/// converts text order to Microsoft order and back.
fn swap_guid_byte_order(mut b: [u8; 16]) -> [u8; 16] {
    b[0..4].reverse();
    b[4..6].reverse();
    b[6..8].reverse();
    b
}

impl fmt::Display for ImmutableId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&STANDARD.encode(self.0))
    }
}

impl fmt::Debug for ImmutableId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ImmutableId({self})")
    }
}

impl FromStr for ImmutableId {
    type Err = InvalidImmutableId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for ImmutableId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ImmutableId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[path = "immutable_id_tests.rs"]
mod tests;
