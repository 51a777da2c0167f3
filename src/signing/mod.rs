//! Signing and verification of webhook deliveries.
//!
//! Every subcommand signs and verifies through this module and nothing else, so
//! `whk send` produces exactly what `whk verify` and `whk listen` accept. Each
//! scheme lives in its own file behind the [`Scheme`] enum; the presets that pick
//! a scheme for a provider live in `crate::providers`.
//!
//! Two rules hold everywhere here: the raw body bytes are hashed as received (no
//! decoding, re-encoding or newline normalisation), and every signature
//! comparison is constant-time.

mod bearer;
pub mod doctor;
mod ecdsa;
mod ed25519;
mod finding;
mod hmac_scheme;
pub mod key;
mod standard;
mod stripe;

use std::borrow::Cow;
use std::fmt;

use std::io::Read;

use hmac::{Hmac, Mac};
use subtle::ConstantTimeEq;

use crate::http::Headers;

pub use bearer::BearerScheme;
pub use ecdsa::EcdsaScheme;
pub use ed25519::Ed25519Scheme;
pub use finding::{Finding, Severity, Verdict, Verification};
pub use hmac_scheme::HmacScheme;
pub use standard::StandardScheme;
pub use stripe::StripeScheme;

/// Hash function behind an HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    Sha1,
    Sha256,
    Sha512,
}

/// How a MAC is written into a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    Hex,
    Base64,
}

impl Algorithm {
    pub const ALL: [Algorithm; 3] = [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512];

    /// The name flags and files spell it with.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "sha1",
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
        }
    }

    /// The algorithm spelled `name` (any case).
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Self::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name))
    }
}

impl Encoding {
    pub const ALL: [Encoding; 2] = [Encoding::Hex, Encoding::Base64];

    /// The name flags and files spell it with.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Hex => "hex",
            Encoding::Base64 => "base64",
        }
    }

    /// The encoding spelled `name` (any case).
    pub fn from_name(name: &str) -> Option<Encoding> {
        Self::ALL
            .into_iter()
            .find(|e| e.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Algorithm::Sha1 => "HMAC-SHA1",
            Algorithm::Sha256 => "HMAC-SHA256",
            Algorithm::Sha512 => "HMAC-SHA512",
        })
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Hex => "hex",
            Encoding::Base64 => "base64",
        })
    }
}

/// An HMAC being computed incrementally, so a body can be hashed as it is read.
pub struct MacStream(MacState);

enum MacState {
    Sha1(Hmac<sha1::Sha1>),
    Sha256(Hmac<sha2::Sha256>),
    Sha512(Hmac<sha2::Sha512>),
}

impl MacStream {
    pub fn new(algorithm: Algorithm, key: &[u8]) -> Self {
        // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
        fn keyed<M: hmac::digest::KeyInit>(key: &[u8]) -> M {
            M::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes any key length"))
        }
        MacStream(match algorithm {
            Algorithm::Sha1 => MacState::Sha1(keyed(key)),
            Algorithm::Sha256 => MacState::Sha256(keyed(key)),
            Algorithm::Sha512 => MacState::Sha512(keyed(key)),
        })
    }

    pub fn update(&mut self, bytes: &[u8]) {
        match &mut self.0 {
            MacState::Sha1(mac) => mac.update(bytes),
            MacState::Sha256(mac) => mac.update(bytes),
            MacState::Sha512(mac) => mac.update(bytes),
        }
    }

    pub fn finalize(self) -> Vec<u8> {
        match self.0 {
            MacState::Sha1(mac) => mac.finalize().into_bytes().to_vec(),
            MacState::Sha256(mac) => mac.finalize().into_bytes().to_vec(),
            MacState::Sha512(mac) => mac.finalize().into_bytes().to_vec(),
        }
    }
}

/// Computes an HMAC over the concatenation of `parts` without copying them
/// together first.
pub fn hmac(algorithm: Algorithm, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = MacStream::new(algorithm, key);
    for part in parts {
        mac.update(part);
    }
    mac.finalize()
}

/// Constant-time equality of two byte strings (the length is not secret).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Succeeds when any candidate equals `expected`. Every candidate is compared,
/// so the time taken does not depend on which one matched.
pub(crate) fn require_match(
    candidates: &[Vec<u8>],
    expected: &[u8],
    header: &str,
) -> Result<(), VerifyError> {
    let matched = candidates.iter().fold(false, |found, candidate| {
        found | constant_time_eq(candidate, expected)
    });
    if matched {
        Ok(())
    } else {
        Err(VerifyError::NoValidSignature {
            header: header.to_string(),
        })
    }
}

pub(crate) fn encode(encoding: Encoding, bytes: &[u8]) -> String {
    use base64::Engine;
    match encoding {
        Encoding::Hex => hex::encode(bytes),
        Encoding::Base64 => base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

pub(crate) fn decode(encoding: Encoding, text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    match encoding {
        Encoding::Hex => hex::decode(text).ok(),
        Encoding::Base64 => base64::engine::general_purpose::STANDARD.decode(text).ok(),
    }
}

/// What a scheme's credential is, for messages and key generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// The same secret signs and verifies.
    SharedSecret,
    /// A token sent as it is.
    Token,
    /// A signing key whose public half verifies.
    KeyPair,
    None,
}

/// A signing secret. It never prints itself: `Debug` and `Display` show only a
/// masked form, so a secret cannot leak through an error message or a log line.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret as typed. Call sites that need it are few and obvious on purpose.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `whsec_…Kx3`: enough to tell two secrets apart, never enough to use one.
    pub fn masked(&self) -> String {
        let value = self.0.as_str();
        let head = ["whsec_", key::SIGNING_PREFIX, key::VERIFYING_PREFIX]
            .into_iter()
            .find(|prefix| value.starts_with(prefix))
            .unwrap_or("");
        let tail: String = if value.chars().count() >= 12 {
            let chars: Vec<char> = value.chars().collect();
            chars[chars.len() - 3..].iter().collect()
        } else {
            String::new()
        };
        format!("{head}…{tail}")
    }
}

/// For clap: a secret-holding flag parses straight into the redacting type.
impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.masked())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// What gets signed: the body plus the id and timestamp of the delivery (each
/// scheme uses what it needs of them).
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    pub id: &'a str,
    pub timestamp: i64,
    pub body: &'a [u8],
}

/// When a timestamped signature still counts.
#[derive(Debug, Clone, Copy)]
pub struct TimePolicy {
    pub now: i64,
    /// `None` accepts any age (schemes without timestamps ignore this anyway).
    pub tolerance: Option<u64>,
}

impl TimePolicy {
    pub fn any_time(now: i64) -> Self {
        TimePolicy {
            now,
            tolerance: None,
        }
    }

    fn check(&self, timestamp: i64) -> Result<(), VerifyError> {
        let Some(tolerance) = self.tolerance else {
            return Ok(());
        };
        let age = self.now.saturating_sub(timestamp);
        if age > tolerance as i64 {
            return Err(VerifyError::TooOld { age, tolerance });
        }
        if -age > tolerance as i64 {
            return Err(VerifyError::TooNew {
                ahead: -age,
                tolerance,
            });
        }
        Ok(())
    }
}

/// A secret that cannot be used with the scheme at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("the signing secret is empty; pass --secret, --secret-file or set WHK_SECRET")]
    Empty,
    #[error(
        "the signing secret is not valid base64 after the 'whsec_' prefix ({reason}); \
         Standard Webhooks secrets look like whsec_<base64 key>"
    )]
    NotBase64 { reason: String },
    #[error(transparent)]
    Key(#[from] key::KeyError),
}

/// Why a body could not be signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error("cannot read the body: {0}")]
    Read(#[source] std::io::Error),
}

/// Why a delivery did not verify. Names follow stripe-go's, so they read the
/// same to anyone who has debugged a Stripe webhook.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("missing {header} header: the request is not signed")]
    NotSigned { header: String },
    #[error("missing {header} header")]
    MissingHeader { header: String },
    #[error("malformed {header} header: {reason}")]
    InvalidHeader { header: String, reason: String },
    #[error("timestamp is {age}s old, outside the {tolerance}s tolerance (replayed or delayed delivery?)")]
    TooOld { age: i64, tolerance: u64 },
    #[error(
        "timestamp is {ahead}s in the future, outside the {tolerance}s tolerance (clock skew?)"
    )]
    TooNew { ahead: i64, tolerance: u64 },
    #[error("no signature in {header} matches the body and secret")]
    NoValidSignature { header: String },
    #[error("the token in {header} is not the configured API key (a wrong or rotated key?)")]
    WrongToken { header: String },
    #[error(transparent)]
    Secret(#[from] SecretError),
}

impl VerifyError {
    /// A short machine-friendly reason, used in NDJSON output and the store.
    pub fn kind(&self) -> &'static str {
        match self {
            VerifyError::NotSigned { .. } => "not_signed",
            VerifyError::MissingHeader { .. } => "missing_header",
            VerifyError::InvalidHeader { .. } => "invalid_header",
            VerifyError::TooOld { .. } => "too_old",
            VerifyError::TooNew { .. } => "too_new",
            VerifyError::NoValidSignature { .. } => "no_valid_signature",
            VerifyError::WrongToken { .. } => "wrong_token",
            VerifyError::Secret(_) => "invalid_secret",
        }
    }
}

/// A signature scheme. Each variant lives in its own file; this enum is the one
/// place that dispatches between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scheme {
    /// Standard Webhooks (and Svix, the same scheme under other header names).
    Standard(StandardScheme),
    Stripe(StripeScheme),
    /// An HMAC of a templated signed content in one header: GitHub, Slack,
    /// Shopify, IZI, IriSync and user-described custom schemes.
    Hmac(HmacScheme),
    /// A shared token in a header (Unibo's `Authorization: Bearer <key>`).
    Bearer(BearerScheme),
    /// No signature at all.
    Unsigned,
}

impl Scheme {
    /// The headers a sender attaches for `message`.
    pub fn sign(&self, secret: &Secret, message: &Message) -> Result<Headers, SecretError> {
        if let Scheme::Standard(s) = self {
            if let Some(pair) = standard::v1a_signing_key(secret)? {
                return Ok(s.sign_v1a(&pair, message.id, message.timestamp, message.body));
            }
        }
        self.sign_with(secret, message.id, message.timestamp, |mac| {
            mac.update(message.body);
            Ok(())
        })
        .map_err(|err| match err {
            SignError::Secret(err) => err,
            SignError::Read(_) => unreachable!("signing a slice reads nothing"),
        })
    }

    /// Like [`Scheme::sign`], hashing the body while it is read: a 64 MiB file
    /// is never held in memory.
    pub fn sign_reader(
        &self,
        secret: &Secret,
        id: &str,
        timestamp: i64,
        body: &mut dyn Read,
    ) -> Result<Headers, SignError> {
        if self.signs_whole_body(secret) {
            // A signature (not a MAC) is computed over the content at once.
            let mut bytes = Vec::new();
            body.read_to_end(&mut bytes).map_err(SignError::Read)?;
            let message = Message {
                id,
                timestamp,
                body: &bytes,
            };
            return Ok(self.sign(secret, &message)?);
        }
        self.sign_with(secret, id, timestamp, |mac| {
            let mut buffer = vec![0u8; 256 * 1024];
            loop {
                match body.read(&mut buffer) {
                    Ok(0) => return Ok(()),
                    Ok(n) => mac.update(&buffer[..n]),
                    Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(err) => return Err(SignError::Read(err)),
                }
            }
        })
    }

    fn signs_whole_body(&self, secret: &Secret) -> bool {
        matches!(self, Scheme::Standard(_))
            && standard::asymmetric_key(secret).is_ok_and(|key| key.is_some())
    }

    /// What the scheme's credential is.
    pub fn credential(&self) -> Credential {
        match self {
            Scheme::Bearer(_) => Credential::Token,
            Scheme::Unsigned => Credential::None,
            _ => Credential::SharedSecret,
        }
    }

    /// A fresh key pair in the scheme's format, (signing key, verifying key),
    /// for schemes that sign with one; `None` for shared secrets.
    pub fn generate_key(&self) -> Option<Result<(Secret, String), SecretError>> {
        let format = match self {
            Scheme::Standard(_) => key::KeyFormat::StandardWebhooks,
            _ => return None,
        };
        Some(
            format
                .generate()
                .map_err(SecretError::from)
                .map(|pair| (pair.encode(format), pair.public().encode(format))),
        )
    }

    /// The verifying key of a key-pair `secret` (a signing key's public half,
    /// or the public key itself); `None` when `secret` is a shared secret.
    pub fn verifying_key(&self, secret: &Secret) -> Option<Result<String, SecretError>> {
        match self {
            Scheme::Standard(_) => match standard::asymmetric_key(secret) {
                Ok(Some(key)) => key
                    .verifying()
                    .map(|public| Ok(public.encode(key::KeyFormat::StandardWebhooks))),
                Ok(None) => None,
                Err(err) => Some(Err(err)),
            },
            _ => None,
        }
    }

    /// Every MAC scheme signs `before ‖ body ‖ after` and writes the MAC into
    /// headers; only the framing and the header format differ.
    fn sign_with(
        &self,
        secret: &Secret,
        id: &str,
        timestamp: i64,
        feed_body: impl FnOnce(&mut MacStream) -> Result<(), SignError>,
    ) -> Result<Headers, SignError> {
        let (algorithm, before, after) = match self {
            Scheme::Standard(_) => (
                Algorithm::Sha256,
                format!("{id}.{timestamp}."),
                String::new(),
            ),
            Scheme::Stripe(_) => (Algorithm::Sha256, format!("{timestamp}."), String::new()),
            Scheme::Hmac(s) => {
                let (before, after) = s.framing(id, &timestamp.to_string());
                (s.algorithm, before, after)
            }
            Scheme::Bearer(s) => return Ok(s.sign(secret)?),
            Scheme::Unsigned => return Ok(Headers::new()),
        };
        let key = self.key(secret)?;
        let mut mac = MacStream::new(algorithm, &key);
        mac.update(before.as_bytes());
        feed_body(&mut mac)?;
        mac.update(after.as_bytes());
        let mac = mac.finalize();
        Ok(match self {
            Scheme::Standard(s) => s.headers(id, timestamp, &mac),
            Scheme::Stripe(_) => stripe::headers(timestamp, &mac),
            Scheme::Hmac(s) => s.headers(id, timestamp, &mac),
            Scheme::Bearer(_) | Scheme::Unsigned => unreachable!("returned above"),
        })
    }

    /// Checks `headers` against `body`: `Verified` or `Unsigned`, else why not.
    pub fn verify(
        &self,
        secret: &Secret,
        headers: &Headers,
        body: &[u8],
        policy: TimePolicy,
    ) -> Result<Verdict, VerifyError> {
        match self {
            Scheme::Standard(s) => s.verify(secret, headers, body, policy)?,
            Scheme::Stripe(s) => s.verify(secret, headers, body, policy)?,
            Scheme::Hmac(s) => s.verify(secret, headers, body, policy)?,
            Scheme::Bearer(s) => s.verify(secret, headers)?,
            Scheme::Unsigned => return Ok(Verdict::Unsigned),
        }
        Ok(Verdict::Verified)
    }

    /// The header that carries the signature, for `--signature` and messages.
    pub fn signature_header(&self) -> Option<&str> {
        match self {
            Scheme::Standard(s) => Some(&s.signature_header),
            Scheme::Stripe(_) => Some(stripe::HEADER),
            Scheme::Hmac(s) => Some(&s.signature_header),
            Scheme::Bearer(s) => Some(&s.header),
            Scheme::Unsigned => None,
        }
    }

    /// The header that carries the signing timestamp, when the scheme has one
    /// outside the signature header.
    pub fn timestamp_header(&self) -> Option<&str> {
        match self {
            Scheme::Standard(s) => Some(&s.timestamp_header),
            Scheme::Hmac(s) => s.timestamp_header.as_deref(),
            _ => None,
        }
    }

    /// The timestamp a delivery claims, read from wherever the scheme keeps it.
    pub fn claimed_timestamp(&self, headers: &Headers) -> Option<i64> {
        match self {
            Scheme::Stripe(_) => stripe::parse(headers.get(stripe::HEADER)?).ok()?.0,
            Scheme::Standard(s) => s.timestamp_header_value(headers)?.trim().parse().ok(),
            _ => headers.get(self.timestamp_header()?)?.trim().parse().ok(),
        }
    }

    /// The delivery id a delivery claims, for schemes that sign one.
    pub fn claimed_id<'a>(&'a self, headers: &'a Headers) -> Option<&'a str> {
        match self {
            Scheme::Standard(s) => s.id_header_value(headers),
            Scheme::Hmac(s) => headers.get(s.id_header.as_deref()?),
            _ => None,
        }
    }

    /// Whether signatures expire: such deliveries are re-signed on retry and replay.
    pub fn is_timestamped(&self) -> bool {
        match self {
            Scheme::Standard(_) | Scheme::Stripe(_) => true,
            Scheme::Hmac(s) => s.template.contains("{timestamp}"),
            _ => false,
        }
    }

    /// One line describing the scheme for `whk providers`.
    pub fn summary(&self) -> String {
        match self {
            Scheme::Standard(s) => format!(
                "{}: v1,base64(HMAC-SHA256(\"{{id}}.{{timestamp}}.{{body}}\")), key = base64 of whsec_ secret \
                 (v1a,base64(Ed25519(...)) with a whsk_/whpk_ key)",
                s.signature_header
            ),
            Scheme::Stripe(_) => format!(
                "{}: t=<ts>,v1=hex(HMAC-SHA256(\"{{t}}.{{body}}\")), key = whole secret",
                stripe::HEADER
            ),
            Scheme::Hmac(s) => format!(
                "{}: {}{}({}(\"{}\"))",
                s.signature_header, s.prefix, s.encoding, s.algorithm, s.template
            ),
            Scheme::Bearer(s) => format!("{}: Bearer <secret>", s.header),
            Scheme::Unsigned => "none (the provider relies on IP allow-listing)".to_string(),
        }
    }

    /// The key bytes this scheme derives from `secret`.
    pub fn key(&self, secret: &Secret) -> Result<Cow<'_, [u8]>, SecretError> {
        match self {
            // An Ed25519 key has no MAC key: it only has to parse.
            Scheme::Standard(_) => match standard::asymmetric_key(secret)? {
                Some(_) => Ok(Cow::Borrowed(&[])),
                None => standard::decode_secret(secret).map(Cow::Owned),
            },
            _ if secret.expose().is_empty() => Err(SecretError::Empty),
            _ => Ok(Cow::Owned(secret.expose().as_bytes().to_vec())),
        }
    }
}

/// Parses a unix timestamp header value, naming the header when it is not one.
pub(crate) fn parse_timestamp(header: &str, value: &str) -> Result<i64, VerifyError> {
    let invalid = |reason: String| VerifyError::InvalidHeader {
        header: header.to_string(),
        reason,
    };
    let seconds = value.trim().parse::<i64>().map_err(|_| {
        invalid(format!(
            "timestamp '{}' is not a unix time in seconds",
            preview(value, 24)
        ))
    })?;
    // Seconds reach 10^11 in the year 5138; milliseconds passed it in 1973.
    if seconds.unsigned_abs() >= 100_000_000_000 {
        return Err(invalid(format!(
            "timestamp '{}' looks like milliseconds; it must be unix seconds ({} here)",
            preview(value, 24),
            seconds / 1000
        )));
    }
    Ok(seconds)
}

/// The first `max` characters of an attacker-controlled value, for messages.
pub(crate) fn preview(value: &str, max: usize) -> String {
    if value.chars().count() <= max {
        value.to_string()
    } else {
        let head: String = value.chars().take(max).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_prints_itself() {
        let secret = Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        let shown = format!("{secret} {secret:?}");
        assert!(!shown.contains("MfKQ9r8GKY"), "{shown}");
        assert!(shown.contains("whsec_…aSw"), "{shown}");
        assert_eq!(Secret::new("short").masked(), "…");
    }

    #[test]
    fn millisecond_timestamps_are_named_as_such() {
        assert_eq!(parse_timestamp("X-Ts", " 1700000000 "), Ok(1_700_000_000));
        let err = parse_timestamp("X-Ts", "1700000000123")
            .unwrap_err()
            .to_string();
        assert!(err.contains("looks like milliseconds"), "{err}");
        assert!(err.contains("1700000000 here"), "{err}");
        assert!(parse_timestamp("X-Ts", "soon").is_err());
    }

    #[test]
    fn time_policy_names_the_skew() {
        let policy = TimePolicy {
            now: 1_000,
            tolerance: Some(300),
        };
        assert_eq!(policy.check(1_000), Ok(()));
        assert_eq!(policy.check(700), Ok(()));
        assert_eq!(
            policy.check(699),
            Err(VerifyError::TooOld {
                age: 301,
                tolerance: 300
            })
        );
        assert_eq!(
            policy.check(1_400),
            Err(VerifyError::TooNew {
                ahead: 400,
                tolerance: 300
            })
        );
    }
}
