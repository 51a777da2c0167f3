//! Square: `x-square-hmacsha256-signature` is base64 of HMAC-SHA256, keyed by
//! the subscription's signature key, over the notification URL followed by
//! the raw body (`{notification_url}{body}`), as the Square SDKs'
//! `WebhooksHelper.isValidWebhookEventSignature` computes it.

use super::{
    decode, encode, hmac, require_match, text_key, Algorithm, Encoding, MacFraming, Message,
    Request, Secret, SecretError, SignatureScheme, TimePolicy, VerifyError,
};
use crate::http::Headers;

pub const SIGNATURE_HEADER: &str = "x-square-hmacsha256-signature";

/// The `square` scheme kind (no parameters).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SquareScheme {}

impl SignatureScheme for SquareScheme {
    fn kind(&self) -> &'static str {
        "square"
    }

    /// `{url}{body}`: the message's URL (the empty URL without one, which
    /// no receiver accepts) before the body, so a body is hashed as it is read.
    fn mac_framing(
        &self,
        secret: &Secret,
        message: &Message,
    ) -> Option<Result<MacFraming, SecretError>> {
        Some(text_key(secret).map(|key| MacFraming {
            algorithm: Algorithm::Sha256,
            key,
            before: message.url.unwrap_or_default().as_bytes().to_vec(),
            after: Vec::new(),
        }))
    }

    fn mac_headers(&self, _: &Message, mac: &[u8]) -> Headers {
        let mut headers = Headers::new();
        headers.push(SIGNATURE_HEADER, encode(Encoding::Base64, mac));
        headers
    }

    fn verify(&self, secret: &Secret, request: &Request, _: TimePolicy) -> Result<(), VerifyError> {
        let key = text_key(secret)?;
        let url = request.url.ok_or(VerifyError::UrlRequired)?;
        verify(&key, url, request.headers, request.body)
    }

    fn signature_header(&self) -> Option<&str> {
        Some(SIGNATURE_HEADER)
    }

    fn summary(&self) -> String {
        format!("{SIGNATURE_HEADER}: base64(HMAC-SHA256(\"{{url}}{{body}}\"))")
    }

    fn signs_url(&self) -> bool {
        true
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The signature of `body` posted to `url`.
pub fn signature(key: &[u8], url: &str, body: &[u8]) -> String {
    encode(
        Encoding::Base64,
        &hmac(Algorithm::Sha256, key, &[url.as_bytes(), body]),
    )
}

/// Checks a delivery posted to `url`.
pub fn verify(key: &[u8], url: &str, headers: &Headers, body: &[u8]) -> Result<(), VerifyError> {
    let value = headers
        .get(SIGNATURE_HEADER)
        .ok_or_else(|| VerifyError::NotSigned {
            header: SIGNATURE_HEADER.to_string(),
        })?
        .trim();
    let received = decode(Encoding::Base64, value).ok_or_else(|| VerifyError::InvalidHeader {
        header: SIGNATURE_HEADER.to_string(),
        reason: format!("signature '{}' is not base64", super::preview(value, 16)),
    })?;
    let expected = hmac(Algorithm::Sha256, key, &[url.as_bytes(), body]);
    require_match(&[received], &expected, SIGNATURE_HEADER)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use hmac::{Hmac, Mac};

    const KEY: &[u8] = b"signature-key";
    const URL: &str = "https://webhook.site/webhooks";
    const BODY: &[u8] = br#"{"data":{"type":"webhooks","id":"fake_id"}}"#;
    const PUBLISHED: &str = "W3FlCNk5IA3ZQ2LHTWoajvzfaDu/OwY2tNHIHC3IUOA=";

    fn headers(value: &str) -> Headers {
        let mut headers = Headers::new();
        headers.push("X-Square-HmacSha256-Signature", value);
        headers
    }

    #[test]
    fn square_sdk_vector() {
        // The spec's signed string: the notification URL, then the body.
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(KEY).unwrap();
        mac.update(br#"https://webhook.site/webhooks{"data":{"type":"webhooks","id":"fake_id"}}"#);
        let oracle = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        assert_eq!(oracle, PUBLISHED);
        assert_eq!(signature(KEY, URL, BODY), PUBLISHED);
        assert_eq!(verify(KEY, URL, &headers(PUBLISHED), BODY), Ok(()));
    }

    #[test]
    fn another_url_body_or_key_fails() {
        let fails = |key: &[u8], url: &str, body: &[u8]| {
            matches!(
                verify(key, url, &headers(PUBLISHED), body),
                Err(VerifyError::NoValidSignature { .. })
            )
        };
        assert!(fails(KEY, "http://webhook.site/webhooks", BODY));
        assert!(fails(KEY, "https://webhook.site/webhooks/", BODY));
        assert!(fails(
            KEY,
            URL,
            br#"{"data":{"type":"webhooks","id":"fake_iD"}}"#
        ));
        assert!(fails(b"signature-kez", URL, BODY));
        assert!(matches!(
            verify(KEY, URL, &Headers::new(), BODY),
            Err(VerifyError::NotSigned { .. })
        ));
        assert!(matches!(
            verify(KEY, URL, &headers("%%%"), BODY),
            Err(VerifyError::InvalidHeader { .. })
        ));
    }
}
