//! The service app's private key: parsed once at build time from PEM (PKCS#1, PKCS#8, SEC1) or a
//! JWK, inline or from a file, the ways Okta's SDKs accept it.
//!
//! Okta's Python SDK (`okta/jwt.py`, `JWT.get_PEM_JWK`) takes "a dict representing a JWK, str
//! representing the JWK, filepath to PEM, or PEM string"; this module accepts the same forms and
//! adds EC P-256 keys (ES256), which Okta's token endpoint accepts for `private_key_jwt`.
//! All key handling and signing is ring; nothing here is hand-written cryptography.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::SystemRandom;
use ring::rsa::{KeyPairComponents, PublicKeyComponents};
use ring::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, RSA_PKCS1_SHA256, RsaKeyPair,
};
use serde::Deserialize;

/// A private key able to sign JWS (RS256 or ES256). `Debug` never shows key material.
pub(crate) enum SigningKey {
    /// RSA, signed RS256 (RSASSA-PKCS1-v1_5 with SHA-256).
    Rsa(RsaKeyPair),
    /// EC P-256, signed ES256 (fixed-length `r || s`, as JWS requires).
    Ec(EcdsaKeyPair),
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey({}, ***)", self.alg())
    }
}

/// A key and the `kid` found inside it (a JWK's own `kid`), if any.
#[derive(Debug)]
pub(crate) struct ParsedKey {
    pub(crate) key: SigningKey,
    pub(crate) kid: Option<String>,
}

impl SigningKey {
    /// The JWS `alg` this key signs with.
    pub(crate) fn alg(&self) -> &'static str {
        match self {
            SigningKey::Rsa(_) => "RS256",
            SigningKey::Ec(_) => "ES256",
        }
    }

    /// Signs `message` (the JWS signing input) and returns the raw signature.
    ///
    /// # Errors
    /// A message without details when the crypto library refuses (it never names the key).
    pub(crate) fn sign(&self, message: &[u8]) -> Result<Vec<u8>, String> {
        let rng = SystemRandom::new();
        match self {
            SigningKey::Rsa(k) => {
                let mut sig = vec![0; k.public().modulus_len()];
                k.sign(&RSA_PKCS1_SHA256, &rng, message, &mut sig)
                    .map_err(|_| "RSA signing failed".to_owned())?;
                Ok(sig)
            }
            SigningKey::Ec(k) => k
                .sign(&rng, message)
                .map(|s| s.as_ref().to_vec())
                .map_err(|_| "EC signing failed".to_owned()),
        }
    }

    /// Parses a key given inline (PEM text or JWK JSON) or as the path of a file holding one.
    ///
    /// # Errors
    /// A message saying what is wrong and what is accepted; never any part of the key.
    pub(crate) fn parse(input: &str) -> Result<ParsedKey, String> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err("the private key is empty".into());
        }
        if trimmed.starts_with('{') {
            return parse_jwk(trimmed);
        }
        if trimmed.contains("-----BEGIN") {
            return parse_pem(trimmed);
        }
        // Neither PEM nor JWK: a file path, as Okta's SDKs allow.
        let path = std::path::Path::new(trimmed);
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "the private key is neither PEM, a JWK, nor a readable file ({}: {e})",
                path.display()
            )
        })?;
        let text = text.trim();
        if text.starts_with('{') {
            parse_jwk(text)
        } else if text.contains("-----BEGIN") {
            parse_pem(text)
        } else {
            Err(format!(
                "the file {} holds neither a PEM private key nor a JWK",
                path.display()
            ))
        }
    }
}

fn parse_pem(text: &str) -> Result<ParsedKey, String> {
    let block = pem::parse(text).map_err(|_| "the PEM private key is malformed".to_owned())?;
    let der = block.contents();
    let key = match block.tag() {
        "RSA PRIVATE KEY" => SigningKey::Rsa(
            RsaKeyPair::from_der(der).map_err(|e| format!("the PKCS#1 RSA key is rejected: {e}"))?,
        ),
        "EC PRIVATE KEY" => SigningKey::Ec(
            EcdsaKeyPair::from_pkcs8(
                &ECDSA_P256_SHA256_FIXED_SIGNING,
                &sec1_in_pkcs8(der),
                &SystemRandom::new(),
            )
            .map_err(|_| {
                "the EC key is not a valid P-256 private key with its public key \
                 (ES256 needs P-256)"
            })?,
        ),
        "PRIVATE KEY" => match RsaKeyPair::from_pkcs8(der) {
            Ok(k) => SigningKey::Rsa(k),
            Err(_) => SigningKey::Ec(
                EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, der, &SystemRandom::new())
                .map_err(|_| {
                    "the PKCS#8 key is neither an RSA key (2048 bits or more) nor an EC P-256 key"
                })?,
            ),
        },
        "ENCRYPTED PRIVATE KEY" => {
            return Err("the PEM private key is encrypted; decrypt it first \
                 (openssl pkcs8 -in key.pem -out plain.pem)"
                .into());
        }
        other => {
            return Err(format!(
                "the PEM block is `{other}`, not a private key (expected RSA PRIVATE KEY, \
                 PRIVATE KEY or EC PRIVATE KEY)"
            ));
        }
    };
    Ok(ParsedKey { key, kid: None })
}

/// The private JWK members this client uses (RFC 7518 §6.2.2 and §6.3.2).
#[derive(Deserialize)]
struct PrivateJwk {
    kty: String,
    kid: Option<String>,
    crv: Option<String>,
    x: Option<String>,
    y: Option<String>,
    d: Option<String>,
    n: Option<String>,
    e: Option<String>,
    p: Option<String>,
    q: Option<String>,
    dp: Option<String>,
    dq: Option<String>,
    qi: Option<String>,
}

fn parse_jwk(text: &str) -> Result<ParsedKey, String> {
    // serde's message may quote a value; report only the position.
    let jwk: PrivateJwk = serde_json::from_str(text).map_err(|e| {
        format!(
            "the JWK is not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        )
    })?;
    let b64 = |name: &str, v: &Option<String>| -> Result<Vec<u8>, String> {
        let v = v
            .as_deref()
            .ok_or_else(|| format!("the JWK has no `{name}`: a private key is needed"))?;
        URL_SAFE_NO_PAD
            .decode(v.trim_end_matches('='))
            .map_err(|_| format!("the JWK member `{name}` is not base64url"))
    };
    let key = match jwk.kty.as_str() {
        "RSA" => {
            let components = KeyPairComponents {
                public_key: PublicKeyComponents {
                    n: strip_zeros(b64("n", &jwk.n)?),
                    e: strip_zeros(b64("e", &jwk.e)?),
                },
                d: b64("d", &jwk.d)?,
                p: b64("p", &jwk.p)?,
                q: b64("q", &jwk.q)?,
                dP: b64("dp", &jwk.dp)?,
                dQ: b64("dq", &jwk.dq)?,
                qInv: b64("qi", &jwk.qi)?,
            };
            SigningKey::Rsa(
                RsaKeyPair::from_components(&components)
                    .map_err(|e| format!("the RSA JWK is rejected: {e}"))?,
            )
        }
        "EC" => {
            if jwk.crv.as_deref() != Some("P-256") {
                return Err("the EC JWK must use crv P-256 (ES256)".into());
            }
            let mut public = vec![0x04];
            public.extend(b64("x", &jwk.x)?);
            public.extend(b64("y", &jwk.y)?);
            SigningKey::Ec(
                EcdsaKeyPair::from_private_key_and_public_key(
                    &ECDSA_P256_SHA256_FIXED_SIGNING,
                    &b64("d", &jwk.d)?,
                    &public,
                    &SystemRandom::new(),
                )
                .map_err(|_| "the EC JWK's d, x and y do not form a P-256 key pair")?,
            )
        }
        other => {
            return Err(format!(
                "the JWK kty is `{other}`; Okta service apps sign with RSA or EC keys"
            ));
        }
    };
    Ok(ParsedKey { key, kid: jwk.kid })
}

/// Wraps a SEC1 `ECPrivateKey` (RFC 5915) in the PKCS#8 `PrivateKeyInfo` envelope (RFC 5208
/// §5) for P-256, the one form of EC key ring reads. Only DER framing: the key bytes are passed
/// through untouched, and ring checks them (including the curve named inside, if any).
fn sec1_in_pkcs8(sec1: &[u8]) -> Vec<u8> {
    /// `AlgorithmIdentifier { id-ecPublicKey, prime256v1 }` (RFC 5480 §2.1.1).
    const EC_P256_ALGORITHM: [u8; 21] = [
        0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86,
        0x48, 0xce, 0x3d, 0x03, 0x01, 0x07,
    ];
    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let len = content.len();
        if len < 0x80 {
            out.push(len as u8);
        } else {
            let bytes: Vec<u8> = len
                .to_be_bytes()
                .into_iter()
                .skip_while(|b| *b == 0)
                .collect();
            out.push(0x80 | bytes.len() as u8);
            out.extend(bytes);
        }
        out.extend_from_slice(content);
        out
    }
    let mut body = vec![0x02, 0x01, 0x00]; // version 0
    body.extend(EC_P256_ALGORITHM);
    body.extend(tlv(0x04, sec1));
    tlv(0x30, &body)
}

/// Public components must have no leading zero bytes (ring rejects them).
fn strip_zeros(mut v: Vec<u8>) -> Vec<u8> {
    let zeros = v.iter().take_while(|b| **b == 0).count();
    v.drain(..zeros.min(v.len().saturating_sub(1)));
    v
}

#[cfg(test)]
#[path = "key_tests.rs"]
mod tests;
