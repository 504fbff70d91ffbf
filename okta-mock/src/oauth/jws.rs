//! JWS compact serialization (RFC 7515 §7.1) and public JWKs (RFC 7517/7518), verified with
//! ring: the signed assertions of service apps and DPoP proofs.
//!
//! Only the framing is done here (base64url segments, JSON headers, the JWK members); every
//! cryptographic step (RSASSA-PKCS1-v1_5 with SHA-256, ECDSA P-256 with SHA-256, the SHA-256 of
//! a JWK thumbprint) is ring's. RS256 and ES256 are the algorithms Okta's service apps sign
//! client assertions with and the ones the official SDKs sign DPoP proofs with.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::signature::{
    ECDSA_P256_SHA256_FIXED, RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents, UnparsedPublicKey,
};
use serde_json::{Map, Value};

/// A JWS algorithm the mock verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// ECDSA P-256 with SHA-256, signature `r || s`.
    Es256,
}

impl Alg {
    fn from_name(name: &str) -> Option<Self> {
        match name {
            "RS256" => Some(Alg::Rs256),
            "ES256" => Some(Alg::Es256),
            _ => None,
        }
    }
}

/// A public key from a JWK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// RSA: modulus and exponent, big-endian.
    Rsa {
        /// `n`.
        n: Vec<u8>,
        /// `e`.
        e: Vec<u8>,
    },
    /// EC P-256: the uncompressed point `04 || x || y`.
    P256(Vec<u8>),
}

impl PublicKey {
    /// Reads a public JWK (`kty` RSA with `n`/`e`, or EC P-256 with `x`/`y`).
    ///
    /// # Errors
    /// What is missing or unsupported.
    pub fn from_jwk(jwk: &Value) -> Result<Self, String> {
        let member = |name: &str| -> Result<Vec<u8>, String> {
            let text = jwk
                .get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| format!("the JWK has no `{name}`"))?;
            URL_SAFE_NO_PAD
                .decode(text.trim_end_matches('='))
                .map_err(|_| format!("the JWK member `{name}` is not base64url"))
        };
        match jwk.get("kty").and_then(Value::as_str) {
            Some("RSA") => Ok(PublicKey::Rsa {
                n: strip_zeros(member("n")?),
                e: strip_zeros(member("e")?),
            }),
            Some("EC") => {
                if jwk.get("crv").and_then(Value::as_str) != Some("P-256") {
                    return Err("only EC keys on P-256 are supported".into());
                }
                let (x, y) = (member("x")?, member("y")?);
                if x.len() != 32 || y.len() != 32 {
                    return Err("a P-256 JWK's x and y are 32 bytes each".into());
                }
                let mut point = vec![0x04];
                point.extend(x);
                point.extend(y);
                Ok(PublicKey::P256(point))
            }
            _ => Err("only RSA and EC P-256 keys are supported".into()),
        }
    }

    /// The algorithm this key verifies.
    pub fn alg(&self) -> Alg {
        match self {
            PublicKey::Rsa { .. } => Alg::Rs256,
            PublicKey::P256(_) => Alg::Es256,
        }
    }

    /// True when `signature` signs `message` with this key.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match self {
            PublicKey::Rsa { n, e } => RsaPublicKeyComponents { n, e }
                .verify(&RSA_PKCS1_2048_8192_SHA256, message, signature)
                .is_ok(),
            PublicKey::P256(point) => UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point)
                .verify(message, signature)
                .is_ok(),
        }
    }

    /// The RFC 7638 JWK SHA-256 thumbprint, base64url: the `jkt` a DPoP-bound token carries
    /// (RFC 9449 §6.1). The required members in lexicographic order, no whitespace.
    pub fn thumbprint(&self) -> String {
        let b64 = |v: &[u8]| URL_SAFE_NO_PAD.encode(v);
        let canonical = match self {
            PublicKey::Rsa { n, e } => {
                format!(r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#, b64(e), b64(n))
            }
            PublicKey::P256(point) => format!(
                r#"{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}}"#,
                b64(&point[1..33]),
                b64(&point[33..65])
            ),
        };
        b64(ring::digest::digest(&ring::digest::SHA256, canonical.as_bytes()).as_ref())
    }
}

/// JWK members are unsigned big-endian integers; a leading zero byte is legal in a JWK but
/// ring wants the minimal form.
fn strip_zeros(mut v: Vec<u8>) -> Vec<u8> {
    let zeros = v.iter().take_while(|b| **b == 0).count();
    v.drain(..zeros.min(v.len().saturating_sub(1)));
    v
}

/// A compact JWS split and decoded, signature not yet checked.
#[derive(Debug, Clone)]
pub struct Jws {
    /// The protected header.
    pub header: Map<String, Value>,
    /// The claims.
    pub claims: Map<String, Value>,
    /// The header's `alg`, when it is one the mock verifies.
    pub alg: Option<Alg>,
    signing_input: String,
    signature: Vec<u8>,
}

impl Jws {
    /// Splits `header.claims.signature` and decodes the two JSON objects.
    ///
    /// # Errors
    /// When the text is not three base64url segments with JSON objects in the first two.
    pub fn parse(compact: &str) -> Result<Self, String> {
        let mut parts = compact.split('.');
        let (Some(h), Some(c), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err("not a compact JWS (three dot-separated parts)".into());
        };
        let object = |seg: &str| -> Result<Map<String, Value>, String> {
            let bytes = URL_SAFE_NO_PAD
                .decode(seg)
                .map_err(|_| "a JWS segment is not base64url".to_owned())?;
            serde_json::from_slice(&bytes).map_err(|_| "a JWS segment is not a JSON object".into())
        };
        let header = object(h)?;
        let claims = object(c)?;
        let signature = URL_SAFE_NO_PAD
            .decode(s)
            .map_err(|_| "the JWS signature is not base64url".to_owned())?;
        let alg = header
            .get("alg")
            .and_then(Value::as_str)
            .and_then(Alg::from_name);
        Ok(Self {
            header,
            claims,
            alg,
            signing_input: format!("{h}.{c}"),
            signature,
        })
    }

    /// A header member as text.
    pub fn header_str(&self, name: &str) -> Option<&str> {
        self.header.get(name).and_then(Value::as_str)
    }

    /// A claim as text.
    pub fn claim_str(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }

    /// True when `key` made the signature with the header's algorithm (which must be the key's).
    pub fn verified_by(&self, key: &PublicKey) -> bool {
        self.alg == Some(key.alg()) && key.verify(self.signing_input.as_bytes(), &self.signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_7638_example_key_has_the_rfc_thumbprint() {
        // RFC 7638 §3.1: the example RSA key and its thumbprint.
        let jwk = serde_json::json!({
            "kty": "RSA",
            "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
            "e": "AQAB",
            "alg": "RS256",
            "kid": "2011-04-29"
        });
        let key = PublicKey::from_jwk(&jwk).unwrap();
        assert_eq!(
            key.thumbprint(),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }

    #[test]
    fn malformed_compact_serializations_are_refused() {
        assert!(Jws::parse("a.b").is_err());
        assert!(Jws::parse("a.b.c.d").is_err());
        assert!(Jws::parse("!!.e30.AA").is_err());
        let ok = Jws::parse("eyJhbGciOiJFUzI1NiJ9.e30.AA").unwrap();
        assert_eq!(ok.alg, Some(Alg::Es256));
    }
}
