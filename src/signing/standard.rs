//! Standard Webhooks (<https://www.standardwebhooks.com>), which Svix also
//! sends under `svix-*` header names: `v1,<base64 HMAC-SHA256 of
//! "{id}.{timestamp}.{body}">`, keyed by the base64 part of a `whsec_` secret,
//! or, with an Ed25519 `whsk_` signing key (`whpk_` verifying key), `v1a,<base64
//! Ed25519 signature of the same content>` in the same space-separated list.

use std::borrow::Cow;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, Engine};

use super::key::{Key, KeyError, KeyFormat, KeyPair, PublicKey, SIGNING_PREFIX, VERIFYING_PREFIX};
use super::{
    hmac, require_match, Algorithm, MacFraming, Message, Request, Secret, SecretError,
    SignatureScheme, TimePolicy, VerifyError,
};
use crate::http::Headers;

/// Secrets are often pasted without their trailing `=`, or cut short so the
/// last symbol carries stray bits; Svix's libraries accept both, so do we.
const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

const WEBHOOK_NAMES: [&str; 3] = ["webhook-id", "webhook-timestamp", "webhook-signature"];
const SVIX_NAMES: [&str; 3] = ["svix-id", "svix-timestamp", "svix-signature"];

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandardScheme {
    #[serde(default = "names::id")]
    pub id_header: Cow<'static, str>,
    #[serde(default = "names::timestamp")]
    pub timestamp_header: Cow<'static, str>,
    #[serde(default = "names::signature")]
    pub signature_header: Cow<'static, str>,
}

/// The specification's header names, the defaults of a provider file.
mod names {
    use std::borrow::Cow;
    pub fn id() -> Cow<'static, str> {
        Cow::Borrowed(super::WEBHOOK_NAMES[0])
    }
    pub fn timestamp() -> Cow<'static, str> {
        Cow::Borrowed(super::WEBHOOK_NAMES[1])
    }
    pub fn signature() -> Cow<'static, str> {
        Cow::Borrowed(super::WEBHOOK_NAMES[2])
    }
}

impl StandardScheme {
    /// The `webhook-*` header names of the specification.
    pub const fn standard() -> Self {
        StandardScheme {
            id_header: Cow::Borrowed(WEBHOOK_NAMES[0]),
            timestamp_header: Cow::Borrowed(WEBHOOK_NAMES[1]),
            signature_header: Cow::Borrowed(WEBHOOK_NAMES[2]),
        }
    }

    /// The `svix-*` header names Svix sends.
    pub const fn svix() -> Self {
        StandardScheme {
            id_header: Cow::Borrowed(SVIX_NAMES[0]),
            timestamp_header: Cow::Borrowed(SVIX_NAMES[1]),
            signature_header: Cow::Borrowed(SVIX_NAMES[2]),
        }
    }

    fn headers(&self, id: &str, timestamp: i64, mac: &[u8]) -> Headers {
        let mut headers = Headers::new();
        headers.push(self.id_header.as_ref(), id);
        headers.push(self.timestamp_header.as_ref(), timestamp.to_string());
        headers.push(
            self.signature_header.as_ref(),
            format!(
                "v1,{}",
                base64::engine::general_purpose::STANDARD.encode(mac)
            ),
        );
        headers
    }

    /// The `v1a` headers: an Ed25519 signature by a `whsk_` key.
    pub(super) fn sign_v1a(&self, key: &KeyPair, id: &str, timestamp: i64, body: &[u8]) -> Headers {
        let timestamp = timestamp.to_string();
        let signature = key.sign(&[id.as_bytes(), b".", timestamp.as_bytes(), b".", body].concat());
        let mut headers = Headers::new();
        headers.push(self.id_header.as_ref(), id);
        headers.push(self.timestamp_header.as_ref(), timestamp);
        headers.push(
            self.signature_header.as_ref(),
            format!(
                "v1a,{}",
                base64::engine::general_purpose::STANDARD.encode(signature)
            ),
        );
        headers
    }

    /// A verifier accepts either header set: its own names first, the other
    /// set when only that one carries a signature.
    fn header_set<'a>(&'a self, headers: &'a Headers) -> [(&'a str, Option<&'a str>); 3] {
        let own = [
            self.id_header.as_ref(),
            self.timestamp_header.as_ref(),
            self.signature_header.as_ref(),
        ];
        let other = if own[2].eq_ignore_ascii_case(SVIX_NAMES[2]) {
            WEBHOOK_NAMES
        } else {
            SVIX_NAMES
        };
        let names = if headers.get(own[2]).is_none() && headers.get(other[2]).is_some() {
            other
        } else {
            own
        };
        names.map(|name| (name, headers.get(name)))
    }

    pub(crate) fn id_header_value<'a>(&'a self, headers: &'a Headers) -> Option<&'a str> {
        self.header_set(headers)[0].1
    }

    pub(crate) fn timestamp_header_value<'a>(&'a self, headers: &'a Headers) -> Option<&'a str> {
        self.header_set(headers)[1].1
    }

    pub(crate) fn signature_header_value<'a>(
        &'a self,
        headers: &'a Headers,
    ) -> Option<(&'a str, &'a str)> {
        let (name, value) = self.header_set(headers)[2];
        value.map(|value| (name, value))
    }

    fn check(
        &self,
        secret: &Secret,
        headers: &Headers,
        body: &[u8],
        policy: TimePolicy,
    ) -> Result<(), VerifyError> {
        let check = Check::for_secret(secret)?;
        let [(id_name, id), (ts_name, timestamp), (sig_name, signatures)] =
            self.header_set(headers);
        if signatures.is_none() {
            return Err(VerifyError::NotSigned {
                header: self.signature_header.to_string(),
            });
        }
        let id = id.ok_or(VerifyError::MissingHeader {
            header: id_name.to_string(),
        })?;
        let timestamp_text = timestamp.ok_or(VerifyError::MissingHeader {
            header: ts_name.to_string(),
        })?;
        let timestamp = super::parse_timestamp(ts_name, timestamp_text)?;

        // A header repeated on several lines is one list, as HTTP joins them.
        let version = check.version();
        let mut candidates = Vec::new();
        for line in headers.get_all(sig_name) {
            candidates.extend(parse_signatures(sig_name, line, version)?);
        }
        let content = [
            id.as_bytes(),
            b".",
            timestamp_text.trim().as_bytes(),
            b".",
            body,
        ];
        match check {
            Check::Hmac(key) => {
                let expected = hmac(Algorithm::Sha256, &key, &content);
                require_match(&candidates, &expected, sig_name)?;
            }
            Check::Ed25519(public) => {
                let content = content.concat();
                // Every candidate is checked, whichever one verifies.
                let verified = candidates.iter().fold(false, |found, candidate| {
                    found | public.verifies(&content, candidate)
                });
                if !verified {
                    return Err(VerifyError::NoValidSignature {
                        header: sig_name.to_string(),
                    });
                }
            }
        }
        policy.check(timestamp)
    }
}

impl SignatureScheme for StandardScheme {
    fn kind(&self) -> &'static str {
        "standard"
    }

    fn mac_framing(
        &self,
        secret: &Secret,
        message: &Message,
    ) -> Option<Result<MacFraming, SecretError>> {
        // A whsk_ key signs v1a: a signature over the whole content, no MAC.
        if is_key_pair(secret) {
            return None;
        }
        Some(decode_secret(secret).map(|key| MacFraming {
            algorithm: Algorithm::Sha256,
            key,
            before: format!("{}.{}.", message.id, message.timestamp).into_bytes(),
            after: Vec::new(),
        }))
    }

    fn mac_headers(&self, message: &Message, mac: &[u8]) -> Headers {
        self.headers(message.id, message.timestamp, mac)
    }

    fn sign(&self, secret: &Secret, message: &Message) -> Result<Headers, SecretError> {
        if let Some(pair) = v1a_signing_key(secret)? {
            return Ok(self.sign_v1a(&pair, message.id, message.timestamp, message.body));
        }
        let framing = decode_secret(secret)?;
        let mac = hmac(
            Algorithm::Sha256,
            &framing,
            &[
                format!("{}.{}.", message.id, message.timestamp).as_bytes(),
                message.body,
            ],
        );
        Ok(self.headers(message.id, message.timestamp, &mac))
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

    fn claimed_timestamp(&self, headers: &Headers) -> Option<i64> {
        self.timestamp_header_value(headers)?.trim().parse().ok()
    }

    fn claimed_id<'a>(&'a self, headers: &'a Headers) -> Option<&'a str> {
        self.id_header_value(headers)
    }

    fn is_timestamped(&self) -> bool {
        true
    }

    fn fresh_secret(&self, random: &[u8]) -> String {
        super::whsec(random)
    }

    fn carries_several_signatures(&self) -> bool {
        true
    }

    /// Space-separated `v1,<sig>` entries.
    fn join_signatures(&self, old: &str, new: &str) -> Option<String> {
        Some(format!("{old} {new}"))
    }

    fn summary(&self) -> String {
        format!(
            "{}: v1,base64(HMAC-SHA256(\"{{id}}.{{timestamp}}.{{body}}\")), key = base64 of whsec_ secret \
             (v1a,base64(Ed25519(...)) with a whsk_/whpk_ key)",
            self.signature_header
        )
    }

    /// A whsk_/whpk_ key has no MAC key: it only has to parse.
    fn key(&self, secret: &Secret) -> Result<Vec<u8>, SecretError> {
        match key_of(secret)? {
            Key::Shared(secret) => decode_secret(&secret),
            Key::Pair(_) | Key::Public(_) => Ok(Vec::new()),
        }
    }

    /// A `whsk_`/`whpk_` pair, for v1a. (Development secrets stay `whsec_`:
    /// the credential is a shared secret unless a key pair is configured.)
    fn generate_key(&self) -> Option<(Secret, String)> {
        let format = KeyFormat::StandardWebhooks;
        let pair = format.generate().ok()?;
        Some((pair.encode(format), pair.public().encode(format)))
    }

    fn verifying_key(&self, secret: &Secret) -> Option<Result<String, SecretError>> {
        match key_of(secret) {
            Ok(key) => key
                .verifying()
                .map(|public| Ok(public.encode(KeyFormat::StandardWebhooks))),
            Err(err) => Some(Err(err)),
        }
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// What a secret checks: `v1` HMACs with a `whsec_` secret, `v1a` Ed25519
/// signatures with a `whpk_` key (or a `whsk_` key's public half).
enum Check {
    Hmac(Vec<u8>),
    Ed25519(PublicKey),
}

impl Check {
    fn for_secret(secret: &Secret) -> Result<Check, SecretError> {
        let key = key_of(secret)?;
        Ok(match key.verifying() {
            Some(public) => Check::Ed25519(public),
            None => Check::Hmac(decode_secret(secret)?),
        })
    }

    fn version(&self) -> &'static str {
        match self {
            Check::Hmac(_) => "v1",
            Check::Ed25519(_) => "v1a",
        }
    }
}

/// Whether `secret` is a `whsk_`/`whpk_` key rather than a `whsec_` secret.
pub(crate) fn is_key_pair(secret: &Secret) -> bool {
    let text = secret.expose().trim();
    text.starts_with(SIGNING_PREFIX) || text.starts_with(VERIFYING_PREFIX)
}

/// The key a secret holds: an Ed25519 pair or public key for `whsk_` and
/// `whpk_`, else the shared `whsec_` secret.
fn key_of(secret: &Secret) -> Result<Key, SecretError> {
    if is_key_pair(secret) {
        Ok(KeyFormat::StandardWebhooks.parse(secret.expose())?)
    } else {
        Ok(Key::Shared(secret.clone()))
    }
}

/// The signing key for `v1a`, when `secret` is an asymmetric one.
pub(super) fn v1a_signing_key(secret: &Secret) -> Result<Option<KeyPair>, SecretError> {
    match key_of(secret)? {
        Key::Shared(_) => Ok(None),
        Key::Pair(pair) => Ok(Some(pair)),
        Key::Public(_) => Err(KeyError::PublicOnly {
            expected: KeyFormat::StandardWebhooks.signing_form(),
        }
        .into()),
    }
}

/// The signatures of `version` (`v1` or `v1a`) in a (possibly
/// multi-signature) header, decoded.
fn parse_signatures(header: &str, value: &str, version: &str) -> Result<Vec<Vec<u8>>, VerifyError> {
    let mut wanted = Vec::new();
    let mut others = Vec::new();
    let mut seen_any = false;
    for entry in value.split_whitespace() {
        let Some((entry_version, signature)) = entry.split_once(',') else {
            return Err(VerifyError::InvalidHeader {
                header: header.to_string(),
                reason: format!(
                    "entry '{}' is not '<version>,<base64 signature>' (e.g. v1,K5oZ…)",
                    super::preview(entry, 24)
                ),
            });
        };
        seen_any = true;
        if entry_version != version {
            // The other kind of signature and future versions are not ours to check.
            others.push(entry_version);
            continue;
        }
        match base64::engine::general_purpose::STANDARD.decode(signature) {
            Ok(bytes) => wanted.push(bytes),
            Err(_) => {
                return Err(VerifyError::InvalidHeader {
                    header: header.to_string(),
                    reason: format!(
                        "signature '{}' is not base64",
                        super::preview(signature, 16)
                    ),
                })
            }
        }
    }
    if !seen_any {
        return Err(VerifyError::InvalidHeader {
            header: header.to_string(),
            reason: "the header is empty".to_string(),
        });
    }
    if wanted.is_empty() {
        let hint = match (version, others.contains(&"v1a"), others.contains(&"v1")) {
            ("v1", true, _) => {
                " (it carries v1a, Ed25519: verify with the sender's whpk_ public key)"
            }
            ("v1a", _, true) => " (it carries v1, HMAC: verify with the sender's whsec_ secret)",
            _ => "",
        };
        return Err(VerifyError::InvalidHeader {
            header: header.to_string(),
            reason: format!("no {version} signature in it{hint}"),
        });
    }
    Ok(wanted)
}

/// The HMAC key of a `whsec_` secret: the base64 after the prefix (the prefix
/// itself is optional, padding too).
pub(crate) fn decode_secret(secret: &Secret) -> Result<Vec<u8>, SecretError> {
    let text = secret.expose().trim();
    let encoded = text.strip_prefix("whsec_").unwrap_or(text);
    if encoded.is_empty() {
        return Err(SecretError::Empty);
    }
    LENIENT_BASE64
        .decode(encoded)
        .map_err(|err| SecretError::NotBase64 {
            reason: err.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_signature_header_rejects_garbage_entries() {
        assert!(parse_signatures("h", "v1,AAAA v1a,xyz", "v1").is_ok());
        assert!(matches!(
            parse_signatures("h", "nocomma", "v1"),
            Err(VerifyError::InvalidHeader { .. })
        ));
        assert!(matches!(
            parse_signatures("h", "v2,AAAA", "v1"),
            Err(VerifyError::InvalidHeader { .. })
        ));
        assert!(matches!(
            parse_signatures("h", "v1,!!!", "v1"),
            Err(VerifyError::InvalidHeader { .. })
        ));
    }

    // svix-webhooks, server worker test `test_asymmetric_key_signing`
    // (shared/vectors/providers.md).
    const WHSK: &str = "whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg==";
    const WHPK: &str = "whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=";
    const WHSEC: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: i64 = 1614265330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const V1A: &str = "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==";
    const V1: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    fn delivery(signature: &str) -> Headers {
        let mut headers = Headers::new();
        headers.push("webhook-id", ID);
        headers.push("webhook-timestamp", TIMESTAMP.to_string());
        headers.push("webhook-signature", signature);
        headers
    }

    fn verify(secret: &str, headers: &Headers, body: &[u8]) -> Result<(), VerifyError> {
        StandardScheme::standard().check(
            &Secret::new(secret),
            headers,
            body,
            TimePolicy::any_time(TIMESTAMP),
        )
    }

    #[test]
    fn published_v1a_vector_signs_and_verifies() {
        // Ed25519 signatures are deterministic, so signing reproduces the
        // published one byte for byte.
        let headers = StandardScheme::standard()
            .sign(&Secret::new(WHSK), &Message::post(ID, TIMESTAMP, BODY))
            .unwrap();
        assert_eq!(headers.get("webhook-signature"), Some(V1A));
        // The v1 vector of the same message still signs with the whsec_ secret.
        let v1 = StandardScheme::standard()
            .sign(&Secret::new(WHSEC), &Message::post(ID, TIMESTAMP, BODY))
            .unwrap();
        assert_eq!(v1.get("webhook-signature"), Some(V1));
        for key in [WHPK, WHSK] {
            assert_eq!(verify(key, &delivery(V1A), BODY), Ok(()), "{key}");
        }
        let mut flipped = BODY.to_vec();
        flipped[9] ^= 1;
        assert!(matches!(
            verify(WHPK, &delivery(V1A), &flipped),
            Err(VerifyError::NoValidSignature { .. })
        ));
    }

    #[test]
    fn one_header_carries_v1_and_v1a_and_each_key_checks_its_own() {
        let both = delivery(&format!("{V1} {V1A}"));
        assert_eq!(verify(WHSEC, &both, BODY), Ok(()));
        assert_eq!(verify(WHPK, &both, BODY), Ok(()));
        let err = verify(WHPK, &delivery(V1), BODY).unwrap_err().to_string();
        assert!(
            err.contains("no v1a signature in it (it carries v1, HMAC"),
            "{err}"
        );
        let err = verify(WHSEC, &delivery(V1A), BODY).unwrap_err().to_string();
        assert!(
            err.contains("no v1 signature in it (it carries v1a, Ed25519"),
            "{err}"
        );
    }

    #[test]
    fn ring_checks_v1a_both_ways() {
        use ring::signature::{Ed25519KeyPair, UnparsedPublicKey, ED25519};
        let raw = |key: &str, prefix: &str| {
            base64::engine::general_purpose::STANDARD
                .decode(key.strip_prefix(prefix).unwrap())
                .unwrap()
        };
        let content = format!("{ID}.{TIMESTAMP}.{}", std::str::from_utf8(BODY).unwrap());
        // ring accepts what whk signs...
        let pair = v1a_signing_key(&Secret::new(WHSK)).unwrap().unwrap();
        let other_body = br#"{"test": 1}"#;
        let headers = StandardScheme::standard().sign_v1a(&pair, ID, TIMESTAMP, other_body);
        let signature = raw(headers.get("webhook-signature").unwrap(), "v1a,");
        let oracle = UnparsedPublicKey::new(&ED25519, raw(WHPK, "whpk_"));
        let other_content = format!("{ID}.{TIMESTAMP}.{{\"test\": 1}}");
        oracle.verify(other_content.as_bytes(), &signature).unwrap();
        // ...and its own signature, from the seed alone, is the published one.
        let seed = raw(WHSK, "whsk_");
        let ring_pair = Ed25519KeyPair::from_seed_and_public_key(&seed[..32], &seed[32..]).unwrap();
        let ring_signature = ring_pair.sign(content.as_bytes());
        assert_eq!(
            format!(
                "v1a,{}",
                base64::engine::general_purpose::STANDARD.encode(ring_signature.as_ref())
            ),
            V1A
        );
    }

    #[test]
    fn a_whpk_key_cannot_sign() {
        let err = v1a_signing_key(&Secret::new(WHPK)).unwrap_err().to_string();
        assert!(err.contains("cannot sign"), "{err}");
        assert!(err.contains("whsk_"), "{err}");
        assert!(v1a_signing_key(&Secret::new(WHSEC)).unwrap().is_none());
    }

    #[test]
    fn secret_padding_and_prefix_are_optional() {
        let padded = decode_secret(&Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS=")).unwrap();
        let bare = decode_secret(&Secret::new("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS")).unwrap();
        assert_eq!(padded, bare);
        assert_eq!(
            decode_secret(&Secret::new("whsec_")),
            Err(SecretError::Empty)
        );
        assert!(matches!(
            decode_secret(&Secret::new("whsec_not base64!")),
            Err(SecretError::NotBase64 { .. })
        ));
    }
}
