//! ECDSA P-256 / SHA-256 over `{timestamp}{body}`, as SendGrid signs its
//! Event Webhook: `X-Twilio-Email-Event-Webhook-Signature` (base64 of the
//! ASN.1 DER signature) and `X-Twilio-Email-Event-Webhook-Timestamp`, verified
//! with the base64 DER SubjectPublicKeyInfo SendGrid shows. The layout is
//! [`TimestampedKeyPair`]'s; this file names the algorithm.

use super::key::KeyFormat;
use super::key_pair::{PairAlgorithm, TimestampedKeyPair};
use super::Encoding;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct P256;

impl PairAlgorithm for P256 {
    const KIND: &'static str = "ecdsa";
    const FORMAT: KeyFormat = KeyFormat::P256Der;
    /// SendGrid writes the DER signature in base64.
    const ENCODING: Encoding = Encoding::Base64;
    const SIGNS: &'static str = "DER(ECDSA-P256-SHA256(\"{timestamp}{body}\"))), key = base64 DER P-256 public key (signing key: PKCS#8)";
}

pub type EcdsaScheme = TimestampedKeyPair<P256>;

/// The text form of this scheme's keys.
#[cfg(test)]
const FORMAT: KeyFormat = P256::FORMAT;

#[cfg(test)]
impl EcdsaScheme {
    /// SendGrid's header names and base64 signatures.
    pub fn sendgrid() -> Self {
        EcdsaScheme::new(
            "X-Twilio-Email-Event-Webhook-Signature",
            "X-Twilio-Email-Event-Webhook-Timestamp",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Headers;
    use crate::signing::{Secret, TimePolicy, VerifyError};
    use base64::Engine;
    use ring::rand::SystemRandom;
    use ring::signature::{
        EcdsaKeyPair, KeyPair as _, UnparsedPublicKey, ECDSA_P256_SHA256_ASN1,
        ECDSA_P256_SHA256_ASN1_SIGNING,
    };

    // sendgrid-nodejs `packages/eventwebhook` (shared/vectors/providers.md).
    const PUBLIC: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==";
    const TIMESTAMP: &str = "1600112502";
    const SIGNATURE: &str = "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=";
    const BODY: &str = "[{\"email\":\"hello@world.com\",\"event\":\"dropped\",\"reason\":\"Bounced Address\",\"sg_event_id\":\"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA\",\"sg_message_id\":\"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0\",\"smtp-id\":\"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>\",\"timestamp\":1600112492}]\r\n";

    /// RFC 5480's SubjectPublicKeyInfo header for an uncompressed P-256 point:
    /// ring takes the bare point, so the test strips it itself.
    const SPKI_HEADER: &str = "3059301306072a8648ce3d020106082a8648ce3d030107034200";

    fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    fn unb64(text: &str) -> Vec<u8> {
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .unwrap()
    }

    fn vector_headers(signature: &str) -> Headers {
        let mut headers = Headers::new();
        headers.push("X-Twilio-Email-Event-Webhook-Signature", signature);
        headers.push("X-Twilio-Email-Event-Webhook-Timestamp", TIMESTAMP);
        headers
    }

    #[test]
    fn published_sendgrid_vector_verifies_and_a_flipped_byte_does_not() {
        let scheme = EcdsaScheme::sendgrid();
        let public = Secret::new(PUBLIC);
        let policy = TimePolicy::any_time(1_600_112_502);
        let headers = vector_headers(SIGNATURE);
        assert_eq!(
            scheme.check(&public, &headers, BODY.as_bytes(), policy),
            Ok(())
        );
        let mut body = BODY.as_bytes().to_vec();
        body[10] ^= 1;
        assert!(matches!(
            scheme.check(&public, &headers, &body, policy),
            Err(VerifyError::NoValidSignature { .. })
        ));
        // Without the trailing CRLF the body is other bytes.
        assert!(scheme
            .check(&public, &headers, BODY.trim_end().as_bytes(), policy)
            .is_err());
    }

    #[test]
    fn ring_agrees_with_the_published_vector() {
        // The oracle is checked too: a test of whk against ring means nothing
        // if ring would not accept SendGrid's own signature.
        let spki = unb64(PUBLIC);
        assert_eq!(hex::encode(&spki[..26]), SPKI_HEADER);
        let oracle = UnparsedPublicKey::new(&ECDSA_P256_SHA256_ASN1, &spki[26..]);
        let content = format!("{TIMESTAMP}{BODY}");
        oracle
            .verify(content.as_bytes(), &unb64(SIGNATURE))
            .unwrap();
    }

    #[test]
    fn ring_verifies_what_whk_signs() {
        let pair = FORMAT.generate().unwrap();
        let signing = pair.encode(FORMAT);
        let spki = unb64(&pair.public().encode(FORMAT));
        assert_eq!(hex::encode(&spki[..26]), SPKI_HEADER);
        let headers = EcdsaScheme::sendgrid()
            .sign_at(&signing, 1_700_000_000, BODY.as_bytes())
            .unwrap();
        let signature = unb64(
            headers
                .get("X-Twilio-Email-Event-Webhook-Signature")
                .unwrap(),
        );
        let oracle = UnparsedPublicKey::new(&ECDSA_P256_SHA256_ASN1, &spki[26..]);
        let content = format!("1700000000{BODY}");
        oracle.verify(content.as_bytes(), &signature).unwrap();
        assert!(oracle.verify(BODY.as_bytes(), &signature).is_err());
    }

    #[test]
    fn whk_verifies_what_ring_signs_with_a_ring_made_key() {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng).unwrap();
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let spki = [
            hex::decode(SPKI_HEADER).unwrap(),
            pair.public_key().as_ref().to_vec(),
        ]
        .concat();
        let content = format!("{TIMESTAMP}{BODY}");
        let signature = pair.sign(&rng, content.as_bytes()).unwrap();
        let headers = vector_headers(&b64(signature.as_ref()));
        let scheme = EcdsaScheme::sendgrid();
        let policy = TimePolicy::any_time(0);
        // Verified with the public key, and with ring's PKCS#8 private key
        // (whose public half whk derives).
        for key in [b64(&spki), b64(pkcs8.as_ref())] {
            assert_eq!(
                scheme.check(&Secret::new(key), &headers, BODY.as_bytes(), policy),
                Ok(())
            );
        }
        // ring's PKCS#8 signs through whk too.
        let ours = scheme
            .sign_at(&Secret::new(b64(pkcs8.as_ref())), 5, b"{}")
            .unwrap();
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_ASN1, pair.public_key().as_ref())
            .verify(
                b"5{}",
                &unb64(ours.get("X-Twilio-Email-Event-Webhook-Signature").unwrap()),
            )
            .unwrap();
    }

    #[test]
    fn a_public_key_cannot_sign_and_garbage_is_named() {
        let scheme = EcdsaScheme::sendgrid();
        let err = scheme
            .sign_at(&Secret::new(PUBLIC), 1, b"{}")
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot sign"), "{err}");
        assert!(err.contains("PKCS#8"), "{err}");
        let headers = vector_headers("not base64!");
        let err = scheme
            .check(
                &Secret::new(PUBLIC),
                &headers,
                BODY.as_bytes(),
                TimePolicy::any_time(0),
            )
            .unwrap_err();
        assert_eq!(err.kind(), "invalid_header");
        // Base64, but not a DER signature.
        let headers = vector_headers("AAAA");
        let err = scheme
            .check(
                &Secret::new(PUBLIC),
                &headers,
                BODY.as_bytes(),
                TimePolicy::any_time(0),
            )
            .unwrap_err();
        assert_eq!(err.kind(), "no_valid_signature");
    }
}
