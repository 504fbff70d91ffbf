//! DPoP (RFC 9449): a P-256 key pair per client and a signed proof per request.
//!
//! A proof is a JWS with header `{"typ":"dpop+jwt","alg":"ES256","jwk":<public key>}` and claims
//! `htm` (the method), `htu` (the URL without query and fragment), `iat`, a unique `jti`, `ath`
//! (base64url SHA-256 of the access token) on resource requests, and the server's `nonce` once
//! it has given one (RFC 9449 §4.2, §8, §9). Okta binds the access token to the key's
//! thumbprint and refuses a token presented without a fresh proof of that key
//! (developer.okta.com/docs/guides/dpop). The key never leaves this module: `Debug` shows
//! neither it nor a proof, and proofs are sent as sensitive header values.

use std::fmt;
use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use serde_json::json;

use super::assertion::{new_jti, sign_jws};
use super::key::SigningKey;

/// Whether the client uses DPoP-bound tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum DpopMode {
    /// Only when the org asks for it: the first token request goes without a proof, and an
    /// answer of `invalid_dpop_proof` (Okta's "The DPoP proof JWT header is missing." for an
    /// app with "Require Demonstrating Proof of Possession (DPoP) header in token requests")
    /// switches the client to DPoP for good.
    #[default]
    Auto,
    /// Always: every token request carries a proof (okta-sdk-python's `dpopEnabled: true`).
    Enabled,
    /// Never: Bearer tokens only; an org that requires DPoP then refuses the token request.
    Disabled,
}

/// The client's DPoP key and the nonces the servers gave it.
pub(crate) struct DpopKey {
    key: SigningKey,
    /// The public JWK, members in RFC 7638 order.
    jwk: serde_json::Value,
    /// The last `DPoP-Nonce` of the authorization server.
    pub(crate) token_nonce: Mutex<Option<String>>,
    /// The last `DPoP-Nonce` of the resource server (the Management API).
    pub(crate) resource_nonce: Mutex<Option<String>>,
}

impl DpopKey {
    /// A new P-256 key pair from the system's random generator.
    ///
    /// # Errors
    /// When the generator or ring fails (no key material in the message).
    pub(crate) fn generate() -> Result<Self, String> {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
            .map_err(|_| "cannot generate a DPoP key pair".to_owned())?;
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .map_err(|_| "cannot load the generated DPoP key pair".to_owned())?;
        // The uncompressed point: 0x04 || x || y, 32 bytes each on P-256.
        let point = pair.public_key().as_ref();
        let jwk = json!({
            "crv": "P-256",
            "kty": "EC",
            "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
            "y": URL_SAFE_NO_PAD.encode(&point[33..65]),
        });
        Ok(Self {
            key: SigningKey::Ec(pair),
            jwk,
            token_nonce: Mutex::new(None),
            resource_nonce: Mutex::new(None),
        })
    }

    /// A proof for `method url` at `now` (Unix seconds); `access_token` adds `ath`.
    ///
    /// # Errors
    /// When signing fails.
    pub(crate) fn proof(
        &self,
        method: &str,
        url: &url::Url,
        access_token: Option<&str>,
        nonce: Option<&str>,
        now: i64,
    ) -> Result<String, String> {
        let header = json!({ "typ": "dpop+jwt", "alg": self.key.alg(), "jwk": self.jwk });
        let mut claims = json!({
            "htm": method,
            "htu": htu(url),
            "iat": now,
            "jti": new_jti()?,
        });
        if let Some(token) = access_token {
            claims["ath"] = json!(ath(token));
        }
        if let Some(nonce) = nonce {
            claims["nonce"] = json!(nonce);
        }
        sign_jws(&self.key, &header, &claims)
    }

    /// Remembers a nonce (poisoning is harmless: the value is replaced whole).
    pub(crate) fn remember(slot: &Mutex<Option<String>>, nonce: &str) {
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(nonce.to_owned());
    }

    /// The nonce in `slot`, if any.
    pub(crate) fn recall(slot: &Mutex<Option<String>>) -> Option<String> {
        slot.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DpopKey(ES256, ***)")
    }
}

/// `htu`: the URL without query and fragment (RFC 9449 §4.2).
pub(crate) fn htu(url: &url::Url) -> String {
    let mut bare = url.clone();
    bare.set_query(None);
    bare.set_fragment(None);
    bare.into()
}

/// `ath`: base64url(SHA-256(access token)) (RFC 9449 §4.2).
pub(crate) fn ath(access_token: &str) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(
        &ring::digest::SHA256,
        access_token.as_bytes(),
    ))
}

#[cfg(test)]
#[path = "dpop_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "dpop_props.rs"]
mod props;
