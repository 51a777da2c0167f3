//! Ed25519 over `{timestamp}{body}`, the signature in one header and the
//! timestamp in another, as Discord signs interactions: `X-Signature-Ed25519`
//! (hex) and `X-Signature-Timestamp`, verified with the application's public
//! key in hex. (Standard Webhooks' Ed25519 `v1a` lives with its HMAC `v1` in
//! `standard.rs`.)

use super::key::{Key, KeyError, KeyFormat};
use super::{
    decode, encode, Credential, Encoding, Message, Request, Secret, SecretError, SignatureScheme,
    TimePolicy, VerifyError,
};
use crate::http::Headers;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ed25519Scheme {
    pub signature_header: String,
    pub timestamp_header: String,
    /// How the 64-byte signature is written (Discord: hex).
    #[serde(default = "hex")]
    pub encoding: Encoding,
}

fn hex() -> Encoding {
    Encoding::Hex
}

/// The text form of this scheme's keys.
pub const FORMAT: KeyFormat = KeyFormat::Ed25519Hex;

impl Ed25519Scheme {
    /// Discord's header names and hex signatures.
    #[cfg(test)]
    pub fn discord() -> Self {
        Ed25519Scheme {
            signature_header: "X-Signature-Ed25519".to_string(),
            timestamp_header: "X-Signature-Timestamp".to_string(),
            encoding: Encoding::Hex,
        }
    }

    fn sign_at(
        &self,
        secret: &Secret,
        timestamp: i64,
        body: &[u8],
    ) -> Result<Headers, SecretError> {
        let pair = signing_key(FORMAT, secret)?;
        let timestamp = timestamp.to_string();
        let signature = pair.sign(&[timestamp.as_bytes(), body].concat());
        let mut headers = Headers::new();
        headers.push(&self.signature_header, encode(self.encoding, &signature));
        headers.push(&self.timestamp_header, timestamp);
        Ok(headers)
    }

    fn check(
        &self,
        secret: &Secret,
        headers: &Headers,
        body: &[u8],
        policy: TimePolicy,
    ) -> Result<(), VerifyError> {
        let public = verifying_key(FORMAT, secret)?;
        let signed = read_signed(
            headers,
            &self.signature_header,
            &self.timestamp_header,
            self.encoding,
        )?;
        // The timestamp is signed as sent, so it is checked as sent.
        let content = [signed.timestamp_text.as_bytes(), body].concat();
        if !public.verifies(&content, &signed.signature) {
            return Err(VerifyError::NoValidSignature {
                header: self.signature_header.clone(),
            });
        }
        policy.check(signed.timestamp)
    }
}

/// The signature and timestamp a delivery of a `{timestamp}{body}` scheme
/// carries (Discord, SendGrid).
pub(super) struct Signed<'a> {
    pub signature: Vec<u8>,
    pub timestamp_text: &'a str,
    pub timestamp: i64,
}

pub(super) fn read_signed<'a>(
    headers: &'a Headers,
    signature_header: &str,
    timestamp_header: &str,
    encoding: Encoding,
) -> Result<Signed<'a>, VerifyError> {
    let signature_text = headers
        .get(signature_header)
        .ok_or_else(|| VerifyError::NotSigned {
            header: signature_header.to_string(),
        })?;
    let timestamp_text =
        headers
            .get(timestamp_header)
            .ok_or_else(|| VerifyError::MissingHeader {
                header: timestamp_header.to_string(),
            })?;
    let signature =
        decode(encoding, signature_text.trim()).ok_or_else(|| VerifyError::InvalidHeader {
            header: signature_header.to_string(),
            reason: format!("'{}' is not {encoding}", super::preview(signature_text, 16)),
        })?;
    let timestamp = super::parse_timestamp(timestamp_header, timestamp_text)?;
    Ok(Signed {
        signature,
        timestamp_text,
        timestamp,
    })
}

/// The signing half of the key in `secret`; a public key or a shared secret
/// cannot sign.
pub(super) fn signing_key(
    format: KeyFormat,
    secret: &Secret,
) -> Result<super::key::KeyPair, SecretError> {
    match format.parse(secret.expose())? {
        Key::Pair(pair) => Ok(pair),
        Key::Public(_) => Err(KeyError::PublicOnly {
            expected: format.signing_form(),
        }
        .into()),
        Key::Shared(_) => Err(not_a_key_pair(format)),
    }
}

fn not_a_key_pair(format: KeyFormat) -> SecretError {
    KeyError::NotAKeyPair {
        expected: format.verifying_form(),
    }
    .into()
}

/// The key that checks signatures: the public key given, or a signing key's
/// public half.
pub(super) fn verifying_key(
    format: KeyFormat,
    secret: &Secret,
) -> Result<super::key::PublicKey, SecretError> {
    format
        .parse(secret.expose())?
        .verifying()
        .ok_or_else(|| not_a_key_pair(format))
}

impl SignatureScheme for Ed25519Scheme {
    fn kind(&self) -> &'static str {
        "ed25519"
    }

    fn sign(&self, secret: &Secret, message: &Message) -> Result<Headers, SecretError> {
        self.sign_at(secret, message.timestamp, message.body)
    }

    fn verify(
        &self,
        secret: &Secret,
        request: &Request,
        policy: TimePolicy,
    ) -> Result<(), VerifyError> {
        self.check(secret, request.headers, request.body, policy)
    }

    fn signature_header(&self) -> Option<&str> {
        Some(&self.signature_header)
    }

    fn timestamp_header(&self) -> Option<&str> {
        Some(&self.timestamp_header)
    }

    fn is_timestamped(&self) -> bool {
        true
    }

    fn summary(&self) -> String {
        format!(
            "{}: {}(Ed25519(\"{{timestamp}}{{body}}\")), key = Ed25519 public key in hex (signing key: seed then public key)",
            self.signature_header, self.encoding
        )
    }

    fn credential(&self) -> Credential {
        Credential::KeyPair
    }

    fn generate_key(&self) -> Option<(Secret, String)> {
        let pair = FORMAT.generate().ok()?;
        Some((pair.encode(FORMAT), pair.public().encode(FORMAT)))
    }

    fn verifying_key(&self, secret: &Secret) -> Option<Result<String, SecretError>> {
        Some(verifying_key(FORMAT, secret).map(|public| public.encode(FORMAT)))
    }

    /// A key pair has no MAC key: the key only has to parse.
    fn key(&self, secret: &Secret) -> Result<Vec<u8>, SecretError> {
        verifying_key(FORMAT, secret).map(|_| Vec::new())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
