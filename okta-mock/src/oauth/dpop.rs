//! DPoP proofs (RFC 9449): the checks of §4.3 at the token endpoint and at the Management API,
//! and the server nonces of §8/§9.
//!
//! Okta's answers, as recorded in public reports:
//! - no `DPoP` header on a token request for an app that requires DPoP: 400
//!   `invalid_dpop_proof` "The DPoP proof JWT header is missing." (support.okta.com, "The DPoP
//!   Proof JWT Header Is Missing");
//! - a proof without the server's nonce: 400 `use_dpop_nonce` "Authorization server requires
//!   nonce in DPoP proof." with a `DPoP-Nonce` header (devforum.okta.com/t/30239);
//! - a bad proof at the Management API: `WWW-Authenticate: DPoP algs="RS256 RS384 RS512 ES256
//!   ES384 ES512", authorization_uri=…, realm=…, scope=…, error="invalid_dpop_proof",
//!   error_description="The DPoP proof JWT has already been used."` on a 400
//!   (okta/terraform-provider-okta#2392), and "'htu' claim in the DPoP proof JWT is invalid."
//!   (okta/okta-sdk-nodejs#453). The other descriptions follow that pattern.
//!
//! Okta consumes the client assertion's `jti` before it looks at the proof, so a client must
//! sign a new assertion for its nonce retry (okta-sdk-python 3.4, `oauth.py`,
//! `_retry_token_with_dpop_nonce`); the token endpoint checks in that order too.

use std::collections::HashMap;
use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use super::jws::{Jws, PublicKey};

/// How far a proof's `iat` may be from the server's clock, either way. RFC 9449 §11.1 leaves
/// the window to the server ("a reasonable window"); Okta does not publish its own, so the
/// mock uses the same minute it allows client assertions (see `assertion::CLOCK_SKEW_SECS`).
pub const PROOF_IAT_WINDOW_SECS: i64 = 60;

/// How long a nonce stays current before the server issues another; the one before stays
/// accepted for as long again, so a client that just learnt a nonce never meets a rotation
/// twice in a row. Okta does not publish its rotation period.
pub const NONCE_ROTATION_SECS: i64 = 300;

/// The `typ` of a DPoP proof (RFC 9449 §4.2).
pub const PROOF_TYP: &str = "dpop+jwt";

/// Why a proof was refused: the OAuth `error` and its description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofError {
    /// `invalid_dpop_proof` or `use_dpop_nonce`.
    pub error: &'static str,
    /// Okta's `error_description`.
    pub description: String,
    /// The nonce to send in `DPoP-Nonce` (for `use_dpop_nonce`).
    pub nonce: Option<String>,
}

impl ProofError {
    fn invalid(description: impl Into<String>) -> Self {
        Self {
            error: "invalid_dpop_proof",
            description: description.into(),
            nonce: None,
        }
    }

    /// More than one `DPoP` header, or one that is not text.
    pub(crate) fn invalid_header() -> Self {
        Self::invalid("The DPoP proof JWT header is invalid.")
    }

    fn claim(name: &str) -> Self {
        Self::invalid(format!("'{name}' claim in the DPoP proof JWT is invalid."))
    }
}

/// What one request is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    /// The request's method (`htm`).
    pub method: &'a str,
    /// The request's URL without query and fragment (`htu`).
    pub url: &'a str,
    /// The access token sent with a resource request (its hash must be `ath`).
    pub access_token: Option<&'a str>,
    /// Whether the proof must carry the server's current (or previous) nonce.
    pub nonce_required: bool,
}

#[derive(Debug, Default)]
struct Nonces {
    current: String,
    previous: Option<String>,
    issued_at: i64,
}

/// The server's DPoP state: proof `jti`s seen and the nonces.
#[derive(Debug, Default)]
pub struct DpopState {
    /// Proof `jti`s with the time after which they may be forgotten, and the second of the last
    /// sweep (swept at most once a second, so a busy run does not rescan the map per request).
    seen: Mutex<(HashMap<String, i64>, i64)>,
    nonces: Mutex<Nonces>,
}

impl DpopState {
    /// The nonce to hand out at `now` (rotating it when it is older than
    /// [`NONCE_ROTATION_SECS`]).
    pub fn nonce(&self, now: i64) -> String {
        let mut n = self.nonces.lock().unwrap_or_else(|e| e.into_inner());
        if n.current.is_empty() || now - n.issued_at >= NONCE_ROTATION_SECS {
            Self::rotate_locked(&mut n, now);
        }
        n.current.clone()
    }

    /// Issues a new nonce at once (the old one stays accepted until the next rotation).
    pub fn rotate(&self, now: i64) -> String {
        let mut n = self.nonces.lock().unwrap_or_else(|e| e.into_inner());
        Self::rotate_locked(&mut n, now);
        n.current.clone()
    }

    fn rotate_locked(n: &mut Nonces, now: i64) {
        let old = std::mem::replace(&mut n.current, super::random_text("n-"));
        n.previous = (!old.is_empty()).then_some(old);
        n.issued_at = now;
    }

    fn nonce_ok(&self, presented: &str, now: i64) -> bool {
        let current = self.nonce(now);
        let n = self.nonces.lock().unwrap_or_else(|e| e.into_inner());
        presented == current || n.previous.as_deref() == Some(presented)
    }

    /// Forgets seen proofs and nonces.
    pub fn reset(&self) {
        *self.seen.lock().unwrap_or_else(|e| e.into_inner()) = (HashMap::new(), 0);
        *self.nonces.lock().unwrap_or_else(|e| e.into_inner()) = Nonces::default();
    }

    /// Checks `proof` (the `DPoP` header, if any) for one request at server time `now` (Unix
    /// seconds) and returns the thumbprint of its key (`jkt`).
    ///
    /// # Errors
    /// `invalid_dpop_proof` naming the first check that failed, or `use_dpop_nonce` with the
    /// nonce to use.
    pub fn check(
        &self,
        proof: Option<&str>,
        expected: Expected<'_>,
        now: i64,
    ) -> Result<String, ProofError> {
        let proof =
            proof.ok_or_else(|| ProofError::invalid("The DPoP proof JWT header is missing."))?;
        let jws = Jws::parse(proof)
            .map_err(|_| ProofError::invalid("The DPoP proof JWT is malformed."))?;
        if jws.header_str("typ") != Some(PROOF_TYP) {
            return Err(ProofError::invalid(
                "'typ' header in the DPoP proof JWT is invalid.",
            ));
        }
        if jws.alg.is_none() {
            return Err(ProofError::invalid(
                "'alg' header in the DPoP proof JWT is invalid.",
            ));
        }
        let jwk = jws.header.get("jwk").filter(|j| j.is_object());
        let key = match jwk {
            // RFC 9449 §4.3 (5): the jwk must be a public key.
            Some(jwk) if jwk.get("d").is_none() => PublicKey::from_jwk(jwk).map_err(|_| {
                ProofError::invalid("'jwk' header in the DPoP proof JWT is invalid.")
            })?,
            _ => {
                return Err(ProofError::invalid(
                    "'jwk' header in the DPoP proof JWT is invalid.",
                ));
            }
        };
        if !jws.verified_by(&key) {
            return Err(ProofError::invalid(
                "The DPoP proof JWT signature is invalid.",
            ));
        }
        if jws.claim_str("htm") != Some(expected.method) {
            return Err(ProofError::claim("htm"));
        }
        if jws.claim_str("htu").map(strip_query) != Some(expected.url) {
            return Err(ProofError::claim("htu"));
        }
        let iat = jws
            .claims
            .get("iat")
            .and_then(Value::as_i64)
            .ok_or_else(|| ProofError::claim("iat"))?;
        if (iat - now).abs() > PROOF_IAT_WINDOW_SECS {
            return Err(ProofError::claim("iat"));
        }
        if let Some(token) = expected.access_token {
            if jws.claim_str("ath") != Some(ath(token).as_str()) {
                return Err(ProofError::claim("ath"));
            }
        }
        if expected.nonce_required {
            let fresh = jws
                .claim_str("nonce")
                .is_some_and(|n| self.nonce_ok(n, now));
            if !fresh {
                let description = if expected.access_token.is_some() {
                    "Resource server requires nonce in DPoP proof."
                } else {
                    "Authorization server requires nonce in DPoP proof."
                };
                return Err(ProofError {
                    error: "use_dpop_nonce",
                    description: description.into(),
                    nonce: Some(self.nonce(now)),
                });
            }
        }
        // Replay last, so that a proof refused above (e.g. for its nonce) is not burnt.
        let jti = jws
            .claim_str("jti")
            .filter(|j| !j.is_empty())
            .ok_or_else(|| ProofError::claim("jti"))?;
        let mut guard = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let (seen, swept) = &mut *guard;
        if *swept != now {
            seen.retain(|_, until| *until >= now);
            *swept = now;
        }
        if seen
            .insert(jti.to_owned(), iat + PROOF_IAT_WINDOW_SECS)
            .is_some()
        {
            return Err(ProofError::invalid(
                "The DPoP proof JWT has already been used.",
            ));
        }
        Ok(key.thumbprint())
    }
}

/// `htu` is compared without query and fragment (RFC 9449 §4.3 (9)).
fn strip_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// `ath`: base64url(SHA-256(access token)) (RFC 9449 §4.2).
pub fn ath(access_token: &str) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(
        &ring::digest::SHA256,
        access_token.as_bytes(),
    ))
}
