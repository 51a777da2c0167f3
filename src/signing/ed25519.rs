//! Ed25519 over `{timestamp}{body}`, as Discord signs interactions:
//! `X-Signature-Ed25519` (hex) and `X-Signature-Timestamp`, verified with the
//! application's public key in hex. The layout is [`TimestampedKeyPair`]'s;
//! this file names the algorithm.

use super::key::KeyFormat;
use super::key_pair::{PairAlgorithm, TimestampedKeyPair};
use super::Encoding;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ed25519;

impl PairAlgorithm for Ed25519 {
    const KIND: &'static str = "ed25519";
    const FORMAT: KeyFormat = KeyFormat::Ed25519Hex;
    /// Discord writes the 64-byte signature in hex.
    const ENCODING: Encoding = Encoding::Hex;
    const SIGNS: &'static str = "Ed25519(\"{timestamp}{body}\")), key = Ed25519 public key in hex (signing key: seed then public key)";
}

pub type Ed25519Scheme = TimestampedKeyPair<Ed25519>;

#[cfg(test)]
impl Ed25519Scheme {
    /// Discord's header names and hex signatures.
    pub fn discord() -> Self {
        Ed25519Scheme::new("X-Signature-Ed25519", "X-Signature-Timestamp")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Headers;
    use crate::signing::{Secret, TimePolicy, VerifyError};
    use ring::signature::{Ed25519KeyPair, KeyPair as _, UnparsedPublicKey, ED25519};

    /// An Ed25519 key pair made by ring, written in Discord's hex format.
    fn ring_pair(seed: [u8; 32]) -> (Ed25519KeyPair, String, String) {
        let pair = Ed25519KeyPair::from_seed_unchecked(&seed).unwrap();
        let public = hex::encode(pair.public_key().as_ref());
        let signing = format!("{}{public}", hex::encode(seed));
        (pair, signing, public)
    }

    const BODY: &[u8] = br#"{"type":1,"id":"1234","application_id":"5678"}"#;

    #[test]
    fn ring_verifies_what_whk_signs() {
        let (_, signing, public) = ring_pair([7; 32]);
        let headers = Ed25519Scheme::discord()
            .sign_at(&Secret::new(signing), 1_700_000_000, BODY)
            .unwrap();
        let signature = hex::decode(headers.get("X-Signature-Ed25519").unwrap()).unwrap();
        assert_eq!(headers.get("X-Signature-Timestamp"), Some("1700000000"));
        let content = [b"1700000000".as_slice(), BODY].concat();
        let oracle = UnparsedPublicKey::new(&ED25519, hex::decode(public).unwrap());
        oracle.verify(&content, &signature).unwrap();
        assert!(oracle.verify(b"1700000001", &signature).is_err());
    }

    #[test]
    fn whk_verifies_what_ring_signs_and_nothing_else() {
        let (pair, _, public) = ring_pair([42; 32]);
        let scheme = Ed25519Scheme::discord();
        let content = [b"1700000000".as_slice(), BODY].concat();
        let signature = hex::encode(pair.sign(&content).as_ref());
        let mut headers = Headers::new();
        headers.push("X-Signature-Ed25519", &signature);
        headers.push("X-Signature-Timestamp", "1700000000");
        let public = Secret::new(public);
        let policy = TimePolicy::any_time(1_700_000_000);
        assert_eq!(scheme.check(&public, &headers, BODY, policy), Ok(()));

        let mut tampered = BODY.to_vec();
        tampered[3] ^= 1;
        assert!(matches!(
            scheme.check(&public, &headers, &tampered, policy),
            Err(VerifyError::NoValidSignature { .. })
        ));
        headers.set("X-Signature-Timestamp", "1700000001");
        assert!(matches!(
            scheme.check(&public, &headers, BODY, policy),
            Err(VerifyError::NoValidSignature { .. })
        ));
        // Another application's key.
        let (_, _, other) = ring_pair([43; 32]);
        headers.set("X-Signature-Timestamp", "1700000000");
        assert!(scheme
            .check(&Secret::new(other), &headers, BODY, policy)
            .is_err());
    }

    #[test]
    fn missing_and_malformed_headers_are_named() {
        let (_, signing, public) = ring_pair([1; 32]);
        let scheme = Ed25519Scheme::discord();
        let policy = TimePolicy::any_time(0);
        let public = Secret::new(public);
        let err = |headers: &Headers| scheme.check(&public, headers, BODY, policy).unwrap_err();
        assert_eq!(
            err(&Headers::new()).kind(),
            "not_signed",
            "no signature header"
        );
        let mut headers = scheme.sign_at(&Secret::new(signing), 100, BODY).unwrap();
        headers.set("X-Signature-Timestamp", "soon");
        assert_eq!(err(&headers).kind(), "invalid_header");
        headers.set("X-Signature-Ed25519", "zz");
        assert_eq!(err(&headers).kind(), "invalid_header");
        let mut only_signature = Headers::new();
        only_signature.push("X-Signature-Ed25519", "00");
        assert_eq!(err(&only_signature).kind(), "missing_header");
    }

    #[test]
    fn a_public_key_cannot_sign() {
        let (_, _, public) = ring_pair([2; 32]);
        let err = Ed25519Scheme::discord()
            .sign_at(&Secret::new(public), 1, BODY)
            .unwrap_err()
            .to_string();
        assert!(err.contains("verifying (public) key"), "{err}");
        assert!(err.contains("128 hex digits"), "{err}");
    }

    #[test]
    fn tolerance_applies_to_the_signed_timestamp() {
        let (_, signing, _) = ring_pair([3; 32]);
        let scheme = Ed25519Scheme::discord();
        let secret = Secret::new(signing);
        let headers = scheme.sign_at(&secret, 1_000, BODY).unwrap();
        let policy = TimePolicy {
            now: 1_400,
            tolerance: Some(300),
        };
        assert!(matches!(
            scheme.check(&secret, &headers, BODY, policy),
            Err(VerifyError::TooOld { age: 400, .. })
        ));
    }
}
