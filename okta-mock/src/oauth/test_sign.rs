//! Signing for the tests: JWS over ring with the repository's PKCS#8 test keys, and DPoP proofs
//! with a fresh P-256 key. Independent of okta-client's signer, so the mock's checks are not
//! tested against the code they must referee.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ring::rand::SystemRandom;
use ring::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair, RSA_PKCS1_SHA256, RsaKeyPair,
};
use serde_json::{Value, json};

const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../okta-client/testdata/keys/");

/// A test signing key.
pub(crate) enum TestKey {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair),
}

impl TestKey {
    /// A PKCS#8 PEM file of `okta-client/testdata/keys/` (RSA or EC P-256).
    pub(crate) fn file(name: &str) -> Self {
        let pem = std::fs::read_to_string(format!("{KEYS}{name}")).unwrap();
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let der = STANDARD.decode(b64).unwrap();
        match RsaKeyPair::from_pkcs8(&der) {
            Ok(k) => TestKey::Rsa(k),
            Err(_) => TestKey::Ec(
                EcdsaKeyPair::from_pkcs8(
                    &ECDSA_P256_SHA256_FIXED_SIGNING,
                    &der,
                    &SystemRandom::new(),
                )
                .unwrap(),
            ),
        }
    }

    /// A new P-256 key.
    pub(crate) fn generate_ec() -> Self {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        TestKey::Ec(
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
                .unwrap(),
        )
    }

    pub(crate) fn alg(&self) -> &'static str {
        match self {
            TestKey::Rsa(_) => "RS256",
            TestKey::Ec(_) => "ES256",
        }
    }

    /// The public JWK (EC keys only; proofs in these tests use EC).
    pub(crate) fn public_jwk(&self) -> Value {
        match self {
            TestKey::Ec(k) => {
                let point = k.public_key().as_ref();
                json!({"kty": "EC", "crv": "P-256",
                       "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
                       "y": URL_SAFE_NO_PAD.encode(&point[33..65])})
            }
            TestKey::Rsa(k) => {
                let public = k.public();
                let components: ring::rsa::PublicKeyComponents<Vec<u8>> = public.into();
                json!({"kty": "RSA", "n": URL_SAFE_NO_PAD.encode(&components.n),
                       "e": URL_SAFE_NO_PAD.encode(&components.e)})
            }
        }
    }

    /// A compact JWS over `header` (its `alg` set to the key's) and `claims`.
    pub(crate) fn sign(&self, header: &Value, claims: &Value) -> String {
        let mut header = header.clone();
        header["alg"] = json!(self.alg());
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let rng = SystemRandom::new();
        let signature = match self {
            TestKey::Rsa(k) => {
                let mut sig = vec![0; k.public().modulus_len()];
                k.sign(&RSA_PKCS1_SHA256, &rng, input.as_bytes(), &mut sig)
                    .unwrap();
                sig
            }
            TestKey::Ec(k) => k.sign(&rng, input.as_bytes()).unwrap().as_ref().to_vec(),
        };
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// A DPoP proof with this key in its header.
    pub(crate) fn proof(&self, claims: &Value) -> String {
        self.sign(
            &json!({"typ": "dpop+jwt", "jwk": self.public_jwk()}),
            claims,
        )
    }
}

/// A JWS signed with the PKCS#8 key file `name`, header `{"typ":"JWT"}`.
pub(crate) fn sign_with_file(claims: &Value, name: &str) -> String {
    TestKey::file(name).sign(&json!({"typ": "JWT"}), claims)
}
