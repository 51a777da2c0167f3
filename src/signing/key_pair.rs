//! A signature by a private key over `{timestamp}{body}`, the signature in one
//! header and the timestamp in another: the layout Discord (Ed25519) and
//! SendGrid (ECDSA P-256) share. The algorithm is all that differs, so it is
//! a type parameter: `ed25519.rs` and `ecdsa.rs` each name theirs, its key
//! format, default encoding and summary. (Standard Webhooks' Ed25519 `v1a`
//! lives with its HMAC `v1` in `standard.rs`.)

use std::marker::PhantomData;

use super::key::{Key, KeyError, KeyFormat, KeyPair, PublicKey};
use super::{
    decode, encode, Credential, Encoding, Message, Request, Secret, SecretError, SignatureScheme,
    TimePolicy, VerifyError,
};
use crate::http::Headers;

/// What a key-pair algorithm brings to [`TimestampedKeyPair`].
pub trait PairAlgorithm: std::fmt::Debug + Send + Sync + 'static {
    /// The name provider files use in `[scheme] kind = "..."`.
    const KIND: &'static str;
    /// The text form of its keys.
    const FORMAT: KeyFormat;
    /// How its signature is written unless the file says otherwise.
    const ENCODING: Encoding;
    /// What it signs and with which key, for `whk providers` (after the
    /// header and encoding).
    const SIGNS: &'static str;
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimestampedKeyPair<A: PairAlgorithm> {
    pub signature_header: String,
    pub timestamp_header: String,
    #[serde(default = "default_encoding::<A>")]
    pub encoding: Encoding,
    #[serde(skip)]
    algorithm: PhantomData<A>,
}

fn default_encoding<A: PairAlgorithm>() -> Encoding {
    A::ENCODING
}

impl<A: PairAlgorithm> TimestampedKeyPair<A> {
    #[cfg(test)]
    pub(super) fn new(signature_header: &str, timestamp_header: &str) -> Self {
        TimestampedKeyPair {
            signature_header: signature_header.to_string(),
            timestamp_header: timestamp_header.to_string(),
            encoding: A::ENCODING,
            algorithm: PhantomData,
        }
    }

    pub(super) fn sign_at(
        &self,
        secret: &Secret,
        timestamp: i64,
        body: &[u8],
    ) -> Result<Headers, SecretError> {
        let pair = signing_key(A::FORMAT, secret)?;
        let timestamp = timestamp.to_string();
        let signature = pair.sign(&[timestamp.as_bytes(), body].concat());
        let mut headers = Headers::new();
        headers.push(&self.signature_header, encode(self.encoding, &signature));
        headers.push(&self.timestamp_header, timestamp);
        Ok(headers)
    }

    pub(super) fn check(
        &self,
        secret: &Secret,
        headers: &Headers,
        body: &[u8],
        policy: TimePolicy,
    ) -> Result<(), VerifyError> {
        let public = verifying_key(A::FORMAT, secret)?;
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
struct Signed<'a> {
    pub signature: Vec<u8>,
    pub timestamp_text: &'a str,
    pub timestamp: i64,
}

fn read_signed<'a>(
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
pub(super) fn signing_key(format: KeyFormat, secret: &Secret) -> Result<KeyPair, SecretError> {
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
pub(super) fn verifying_key(format: KeyFormat, secret: &Secret) -> Result<PublicKey, SecretError> {
    format
        .parse(secret.expose())?
        .verifying()
        .ok_or_else(|| not_a_key_pair(format))
}

impl<A: PairAlgorithm> SignatureScheme for TimestampedKeyPair<A> {
    fn kind(&self) -> &'static str {
        A::KIND
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
        format!("{}: {}({}", self.signature_header, self.encoding, A::SIGNS)
    }

    fn credential(&self) -> Credential {
        Credential::KeyPair
    }

    fn generate_key(&self) -> Option<(Secret, String)> {
        let pair = A::FORMAT.generate().ok()?;
        Some((pair.encode(A::FORMAT), pair.public().encode(A::FORMAT)))
    }

    fn verifying_key(&self, secret: &Secret) -> Option<Result<String, SecretError>> {
        Some(verifying_key(A::FORMAT, secret).map(|public| public.encode(A::FORMAT)))
    }

    /// A key pair has no MAC key: the key only has to parse.
    fn key(&self, secret: &Secret) -> Result<Vec<u8>, SecretError> {
        verifying_key(A::FORMAT, secret).map(|_| Vec::new())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
