//! Keys for signing and verifying: a shared secret, a key pair (whose public
//! half is derived, never stored beside it) or a public key alone, and the
//! text forms providers print them in.
//!
//! The cryptography is ed25519-dalek's and p256's; this module only decides
//! which bytes are which and names what is wrong with a key that does not parse.

use std::fmt;

use base64::Engine;
use ed25519_dalek::Signer as _;
use p256::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};

use super::Secret;

/// Keys are often pasted without their trailing `=`; the length check that
/// follows still catches a key cut short.
const UNPADDED_OK: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
);

/// The Standard Webhooks prefixes of an Ed25519 signing and verifying key.
pub const SIGNING_PREFIX: &str = "whsk_";
pub const VERIFYING_PREFIX: &str = "whpk_";

/// A credential as a scheme uses it.
#[derive(Clone)]
pub enum Key {
    /// The same secret on both sides (HMAC schemes, tokens).
    Shared(Secret),
    /// A private key: it signs, and its public half verifies.
    Pair(KeyPair),
    /// A public key: it verifies only.
    Public(PublicKey),
}

/// An asymmetric private key.
#[derive(Clone)]
pub enum KeyPair {
    Ed25519(ed25519_dalek::SigningKey),
    P256(p256::ecdsa::SigningKey),
}

/// An asymmetric public key.
#[derive(Clone, PartialEq, Eq)]
pub enum PublicKey {
    Ed25519(ed25519_dalek::VerifyingKey),
    P256(p256::ecdsa::VerifyingKey),
}

/// How a provider writes its keys as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFormat {
    /// Standard Webhooks: `whsk_` + base64(32-byte Ed25519 seed ‖ 32-byte
    /// public key), `whpk_` + base64(public key).
    StandardWebhooks,
    /// Ed25519 in hex, as Discord shows its application public key (64 hex
    /// digits); a signing key is the seed followed by the public key (128 hex
    /// digits, libsodium's and tweetnacl's secret-key layout), so the two never
    /// look alike.
    Ed25519Hex,
    /// P-256 in base64 DER, as SendGrid shows its verification key: a public key
    /// is a SubjectPublicKeyInfo, a signing key PKCS#8 (SEC1 `EC PRIVATE KEY`
    /// is read too). PEM armour around either is accepted.
    P256Der,
}

/// Why a key's text is not a usable key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the key is empty; pass --secret or --public-key ('whk keygen --provider <name>' makes a pair)")]
    Empty,
    #[error("the key is not {expected} ({reason}); 'whk keygen --provider <name>' prints a key in the provider's format")]
    Malformed {
        expected: &'static str,
        reason: String,
    },
    #[error(
        "the signing key's public half does not match its seed (a truncated or hand-joined key?)"
    )]
    Mismatch,
    #[error("this is a verifying (public) key: it verifies deliveries but cannot sign them; pass the signing key ({expected})")]
    PublicOnly { expected: &'static str },
    #[error("this scheme signs with a key pair, and the key given is a shared secret; pass the verifying key ({expected})")]
    NotAKeyPair { expected: &'static str },
    #[error("no randomness available to generate a key: {0}")]
    Random(String),
}

impl KeyFormat {
    /// What a signing key in this format looks like, for messages.
    pub fn signing_form(self) -> &'static str {
        match self {
            KeyFormat::StandardWebhooks => {
                "whsk_<base64 of the 32-byte seed and 32-byte public key>"
            }
            KeyFormat::Ed25519Hex => {
                "128 hex digits: the 32-byte seed, then the 32-byte public key"
            }
            KeyFormat::P256Der => "base64 DER of a PKCS#8 (or SEC1) P-256 private key",
        }
    }

    /// What a verifying key in this format looks like, for messages.
    pub fn verifying_form(self) -> &'static str {
        match self {
            KeyFormat::StandardWebhooks => "whpk_<base64 of the 32-byte public key>",
            KeyFormat::Ed25519Hex => "64 hex digits: the 32-byte Ed25519 public key",
            KeyFormat::P256Der => "base64 DER of a P-256 SubjectPublicKeyInfo",
        }
    }

    /// Reads `text` as a signing or verifying key in this format.
    pub fn parse(self, text: &str) -> Result<Key, KeyError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(KeyError::Empty);
        }
        let malformed =
            |expected: &'static str, reason: String| KeyError::Malformed { expected, reason };
        match self {
            KeyFormat::StandardWebhooks => {
                let expected = "a Standard Webhooks whsk_ or whpk_ key";
                let decode = |encoded: &str| {
                    UNPADDED_OK
                        .decode(encoded)
                        .map_err(|err| malformed(expected, format!("not base64: {err}")))
                };
                if let Some(encoded) = text.strip_prefix(SIGNING_PREFIX) {
                    let bytes = decode(encoded)?;
                    let pair: [u8; 64] = bytes.as_slice().try_into().map_err(|_| {
                        malformed(expected, format!("{} bytes, not 64", bytes.len()))
                    })?;
                    ed25519_pair(&pair).map(Key::Pair)
                } else if let Some(encoded) = text.strip_prefix(VERIFYING_PREFIX) {
                    let bytes = decode(encoded)?;
                    ed25519_public(&bytes)
                        .map_err(|reason| malformed(expected, reason))
                        .map(Key::Public)
                } else {
                    Err(malformed(
                        expected,
                        "it starts with neither whsk_ nor whpk_".to_string(),
                    ))
                }
            }
            KeyFormat::Ed25519Hex => {
                let expected = "an Ed25519 key in hex";
                let bytes = hex::decode(text)
                    .map_err(|err| malformed(expected, format!("not hex: {err}")))?;
                if let Ok(pair) = <[u8; 64]>::try_from(bytes.as_slice()) {
                    return ed25519_pair(&pair).map(Key::Pair);
                }
                match bytes.len() {
                    32 => ed25519_public(&bytes)
                        .map_err(|reason| malformed(expected, reason))
                        .map(Key::Public),
                    n => Err(malformed(
                        expected,
                        format!(
                            "{n} bytes; a public key is 32 bytes (64 hex digits), a signing key 64 (128 hex digits)"
                        ),
                    )),
                }
            }
            KeyFormat::P256Der => {
                let expected = "a P-256 key in base64 DER";
                let der = base64::engine::general_purpose::STANDARD
                    .decode(strip_pem(text))
                    .map_err(|err| malformed(expected, format!("not base64: {err}")))?;
                if let Ok(public) = p256::ecdsa::VerifyingKey::from_public_key_der(&der) {
                    return Ok(Key::Public(PublicKey::P256(public)));
                }
                let secret = p256::SecretKey::from_pkcs8_der(&der)
                    .or_else(|_| p256::SecretKey::from_sec1_der(&der))
                    .map_err(|_| {
                        malformed(
                            expected,
                            "neither a P-256 SubjectPublicKeyInfo nor a PKCS#8 or SEC1 P-256 private key"
                                .to_string(),
                        )
                    })?;
                Ok(Key::Pair(KeyPair::P256(secret.into())))
            }
        }
    }

    /// A fresh key pair of this format's algorithm.
    pub fn generate(self) -> Result<KeyPair, KeyError> {
        match self {
            KeyFormat::StandardWebhooks | KeyFormat::Ed25519Hex => {
                let seed: [u8; 32] = random()?;
                Ok(KeyPair::Ed25519(ed25519_dalek::SigningKey::from_bytes(
                    &seed,
                )))
            }
            KeyFormat::P256Der => loop {
                // A scalar of zero or at least the group order (odds ~2^-32) is
                // not a key: draw again.
                let scalar: [u8; 32] = random()?;
                if let Ok(key) = p256::ecdsa::SigningKey::from_slice(&scalar) {
                    return Ok(KeyPair::P256(key));
                }
            },
        }
    }
}

impl Key {
    /// The key that checks signatures: a pair's public half, or the public key.
    pub fn verifying(&self) -> Option<PublicKey> {
        match self {
            Key::Shared(_) => None,
            Key::Pair(pair) => Some(pair.public()),
            Key::Public(public) => Some(public.clone()),
        }
    }
}

impl KeyPair {
    /// The public half.
    pub fn public(&self) -> PublicKey {
        match self {
            KeyPair::Ed25519(key) => PublicKey::Ed25519(key.verifying_key()),
            KeyPair::P256(key) => PublicKey::P256(*key.verifying_key()),
        }
    }

    /// Signs `content`: Ed25519's 64 raw bytes, or ECDSA P-256 over SHA-256
    /// (RFC 6979 nonces) as ASN.1 DER, the form SendGrid sends.
    pub fn sign(&self, content: &[u8]) -> Vec<u8> {
        match self {
            KeyPair::Ed25519(key) => key.sign(content).to_bytes().to_vec(),
            KeyPair::P256(key) => {
                let signature: p256::ecdsa::Signature = key.sign(content);
                signature.to_der().as_bytes().to_vec()
            }
        }
    }

    /// The signing key as text in `format` (the algorithms must agree).
    pub fn encode(&self, format: KeyFormat) -> Secret {
        Secret::new(match (self, format) {
            (KeyPair::Ed25519(key), KeyFormat::StandardWebhooks) => format!(
                "{SIGNING_PREFIX}{}",
                base64::engine::general_purpose::STANDARD.encode(key.to_keypair_bytes())
            ),
            (KeyPair::Ed25519(key), _) => hex::encode(key.to_keypair_bytes()),
            // Through elliptic-curve's SecretKey: ecdsa's own encoder needs its pem feature.
            (KeyPair::P256(key), _) => base64::engine::general_purpose::STANDARD.encode(
                p256::SecretKey::from(key)
                    .to_pkcs8_der()
                    .expect("a valid P-256 key encodes as PKCS#8")
                    .as_bytes(),
            ),
        })
    }
}

impl PublicKey {
    /// Whether `signature` (in [`KeyPair::sign`]'s form) signs `content`.
    /// Ed25519 is checked strictly (no small-order keys, canonical S), as
    /// libsodium and tweetnacl, which Discord's libraries use, check it.
    pub fn verifies(&self, content: &[u8], signature: &[u8]) -> bool {
        match self {
            PublicKey::Ed25519(key) => ed25519_dalek::Signature::from_slice(signature)
                .is_ok_and(|signature| key.verify_strict(content, &signature).is_ok()),
            PublicKey::P256(key) => {
                use p256::ecdsa::signature::Verifier as _;
                p256::ecdsa::Signature::from_der(signature)
                    .is_ok_and(|signature| key.verify(content, &signature).is_ok())
            }
        }
    }

    /// The verifying key as text in `format`.
    pub fn encode(&self, format: KeyFormat) -> String {
        match (self, format) {
            (PublicKey::Ed25519(key), KeyFormat::StandardWebhooks) => format!(
                "{VERIFYING_PREFIX}{}",
                base64::engine::general_purpose::STANDARD.encode(key.as_bytes())
            ),
            (PublicKey::Ed25519(key), _) => hex::encode(key.as_bytes()),
            (PublicKey::P256(key), _) => base64::engine::general_purpose::STANDARD.encode(
                p256::PublicKey::from(key)
                    .to_public_key_der()
                    .expect("a valid P-256 key encodes as SubjectPublicKeyInfo")
                    .as_bytes(),
            ),
        }
    }
}

/// Key material never prints: only which kind of key it is.
impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Shared(secret) => write!(f, "Key::Shared({secret:?})"),
            Key::Pair(pair) => write!(f, "Key::Pair({pair:?})"),
            Key::Public(public) => write!(f, "Key::Public({public:?})"),
        }
    }
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyPair::Ed25519(_) => "Ed25519 signing key",
            KeyPair::P256(_) => "P-256 signing key",
        })
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublicKey::Ed25519(key) => write!(f, "Ed25519 {}", hex::encode(key.as_bytes())),
            PublicKey::P256(_) => f.write_str("P-256 public key"),
        }
    }
}

/// A seed ‖ public key pair; the public half must be the seed's.
fn ed25519_pair(bytes: &[u8; 64]) -> Result<KeyPair, KeyError> {
    ed25519_dalek::SigningKey::from_keypair_bytes(bytes)
        .map(KeyPair::Ed25519)
        .map_err(|_| KeyError::Mismatch)
}

fn ed25519_public(bytes: &[u8]) -> Result<PublicKey, String> {
    let bytes: [u8; 32] = bytes
        .try_into()
        .map_err(|_| format!("{} bytes, not 32", bytes.len()))?;
    ed25519_dalek::VerifyingKey::from_bytes(&bytes)
        .map(PublicKey::Ed25519)
        .map_err(|_| "not a point of the Ed25519 curve".to_string())
}

/// The base64 inside PEM armour (or the text itself when it has none).
fn strip_pem(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.starts_with("-----"))
        .collect()
}

fn random<const N: usize>() -> Result<[u8; N], KeyError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|err| KeyError::Random(err.to_string()))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Standard Webhooks v1a, svix-webhooks `test_asymmetric_key_signing`
    // (shared/vectors/providers.md).
    const WHSK: &str = "whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg==";
    const WHPK: &str = "whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=";
    // SendGrid, sendgrid-nodejs `packages/eventwebhook`.
    const SENDGRID_PUBLIC: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==";

    fn pair(key: Key) -> KeyPair {
        match key {
            Key::Pair(pair) => pair,
            other => panic!("not a pair: {other:?}"),
        }
    }

    #[test]
    fn published_whsk_derives_the_published_whpk() {
        let format = KeyFormat::StandardWebhooks;
        let signing = pair(format.parse(WHSK).unwrap());
        assert_eq!(signing.public().encode(format), WHPK);
        assert_eq!(signing.encode(format).expose(), WHSK);
        assert!(matches!(format.parse(WHPK), Ok(Key::Public(_))));
        let unpadded = format.parse(WHSK.trim_end_matches('=')).map(pair).unwrap();
        assert_eq!(unpadded.public().encode(format), WHPK);
    }

    #[test]
    fn sendgrid_public_key_round_trips_through_der() {
        let key = KeyFormat::P256Der.parse(SENDGRID_PUBLIC).unwrap();
        let Key::Public(public) = key else {
            panic!("not public")
        };
        assert_eq!(public.encode(KeyFormat::P256Der), SENDGRID_PUBLIC);
        let pem = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n{}\n-----END PUBLIC KEY-----\n",
            &SENDGRID_PUBLIC[..64],
            &SENDGRID_PUBLIC[64..]
        );
        assert!(matches!(KeyFormat::P256Der.parse(&pem), Ok(Key::Public(_))));
    }

    #[test]
    fn generated_keys_parse_back_in_every_format() {
        for format in [
            KeyFormat::StandardWebhooks,
            KeyFormat::Ed25519Hex,
            KeyFormat::P256Der,
        ] {
            let generated = format.generate().unwrap();
            let text = generated.encode(format);
            let parsed = pair(format.parse(text.expose()).unwrap());
            assert_eq!(parsed.public(), generated.public(), "{format:?}");
            let public = generated.public().encode(format);
            assert_eq!(
                format.parse(&public).unwrap().verifying(),
                Some(generated.public())
            );
            let signature = parsed.sign(b"content");
            assert!(generated.public().verifies(b"content", &signature));
            assert!(!generated.public().verifies(b"Content", &signature));
            // Two draws never give the same key.
            assert_ne!(format.generate().unwrap().public(), generated.public());
        }
    }

    #[test]
    fn p256_sec1_private_keys_are_read() {
        let generated = KeyFormat::P256Der.generate().unwrap();
        let KeyPair::P256(key) = &generated else {
            unreachable!()
        };
        let sec1 = p256::SecretKey::from(key).to_sec1_der().unwrap();
        let text = base64::engine::general_purpose::STANDARD.encode(sec1.as_slice());
        let parsed = pair(KeyFormat::P256Der.parse(&text).unwrap());
        assert_eq!(parsed.public(), generated.public());
    }

    #[test]
    fn bad_keys_say_what_is_wrong() {
        let format = KeyFormat::StandardWebhooks;
        let err = |format: KeyFormat, text: &str| format.parse(text).unwrap_err().to_string();
        assert!(err(format, "").contains("empty"));
        assert!(err(format, "whsec_abc").contains("neither whsk_ nor whpk_"));
        assert!(err(format, "whsk_AAAA").contains("3 bytes, not 64"));
        assert!(err(format, "whpk_!!").contains("not base64"));
        // A seed followed by someone else's public key.
        let mut mixed = format
            .parse(WHSK)
            .map(pair)
            .unwrap()
            .encode(KeyFormat::Ed25519Hex)
            .expose()
            .to_string();
        mixed.replace_range(64.., &"00".repeat(32));
        assert_eq!(
            KeyFormat::Ed25519Hex.parse(&mixed).unwrap_err(),
            KeyError::Mismatch
        );
        assert!(err(KeyFormat::Ed25519Hex, "abcd").contains("2 bytes"));
        assert!(err(KeyFormat::P256Der, "AAAA").contains("neither a P-256"));
        assert!(err(KeyFormat::P256Der, "whk keygen").contains("'whk keygen --provider <name>'"));
    }

    #[test]
    fn key_material_never_prints() {
        let key = KeyFormat::StandardWebhooks.parse(WHSK).unwrap();
        let shown = format!("{key:?}");
        assert_eq!(shown, "Key::Pair(Ed25519 signing key)");
    }
}
