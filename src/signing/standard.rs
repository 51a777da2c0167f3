//! Standard Webhooks (<https://www.standardwebhooks.com>), which Svix also
//! sends under `svix-*` header names: `v1,<base64 HMAC-SHA256 of
//! "{id}.{timestamp}.{body}">`, keyed by the base64 part of a `whsec_` secret.

use std::borrow::Cow;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, Engine};

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
        let key = decode_secret(secret)?;
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
        let mut candidates = Vec::new();
        for line in headers.get_all(sig_name) {
            candidates.extend(parse_signatures(sig_name, line)?);
        }
        let expected = hmac(
            Algorithm::Sha256,
            &key,
            &[
                id.as_bytes(),
                b".",
                timestamp_text.trim().as_bytes(),
                b".",
                body,
            ],
        );
        require_match(&candidates, &expected, sig_name)?;
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
            "{}: v1,base64(HMAC-SHA256(\"{{id}}.{{timestamp}}.{{body}}\")), key = base64 of whsec_ secret",
            self.signature_header
        )
    }

    fn key(&self, secret: &Secret) -> Result<Vec<u8>, SecretError> {
        decode_secret(secret)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The `v1` signatures of a (possibly multi-signature) header, decoded.
fn parse_signatures(header: &str, value: &str) -> Result<Vec<Vec<u8>>, VerifyError> {
    let mut v1 = Vec::new();
    let mut seen_any = false;
    for entry in value.split_whitespace() {
        let Some((version, signature)) = entry.split_once(',') else {
            return Err(VerifyError::InvalidHeader {
                header: header.to_string(),
                reason: format!(
                    "entry '{}' is not '<version>,<base64 signature>' (e.g. v1,K5oZ…)",
                    super::preview(entry, 24)
                ),
            });
        };
        seen_any = true;
        if version != "v1" {
            // v1a (asymmetric) and future versions are not ours to check.
            continue;
        }
        match base64::engine::general_purpose::STANDARD.decode(signature) {
            Ok(bytes) => v1.push(bytes),
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
    if v1.is_empty() {
        return Err(VerifyError::InvalidHeader {
            header: header.to_string(),
            reason: "no v1 signature in it".to_string(),
        });
    }
    Ok(v1)
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
        assert!(parse_signatures("h", "v1,AAAA v1a,xyz").is_ok());
        assert!(matches!(
            parse_signatures("h", "nocomma"),
            Err(VerifyError::InvalidHeader { .. })
        ));
        assert!(matches!(
            parse_signatures("h", "v2,AAAA"),
            Err(VerifyError::InvalidHeader { .. })
        ));
        assert!(matches!(
            parse_signatures("h", "v1,!!!"),
            Err(VerifyError::InvalidHeader { .. })
        ));
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
