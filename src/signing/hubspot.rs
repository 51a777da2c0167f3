//! HubSpot signature v3: `X-HubSpot-Signature-v3` is base64 of HMAC-SHA256,
//! keyed by the app's client secret, over `{METHOD}{URI}{body}{timestamp}`,
//! where the timestamp is `X-HubSpot-Request-Timestamp` in milliseconds, as
//! written. HubSpot tells receivers to reject a timestamp older than five
//! minutes.
//!
//! HubSpot's documentation also asks receivers to decode some
//! percent-encoded characters of the URI before signing; that list is not
//! confirmed from a primary source, so whk signs and verifies the URI exactly
//! as given (the provider file says so).

use super::{
    decode, encode, hmac, require_match, text_key, Algorithm, Encoding, MacFraming, Message,
    Request, Secret, SecretError, SignatureScheme, TimePolicy, VerifyError,
};
use crate::http::Headers;

pub const SIGNATURE_HEADER: &str = "X-HubSpot-Signature-v3";
pub const TIMESTAMP_HEADER: &str = "X-HubSpot-Request-Timestamp";

/// The `hubspot` scheme kind: signature v3 (no parameters).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubSpotScheme {}

impl SignatureScheme for HubSpotScheme {
    fn kind(&self) -> &'static str {
        "hubspot"
    }

    /// `{method}{url}` before the body and the timestamp in milliseconds
    /// (whole seconds) after it; the empty URL without one, which no
    /// receiver accepts.
    fn mac_framing(
        &self,
        secret: &Secret,
        message: &Message,
    ) -> Option<Result<MacFraming, SecretError>> {
        Some(text_key(secret).map(|key| {
            MacFraming {
                algorithm: Algorithm::Sha256,
                key,
                before: [message.method, message.url.unwrap_or_default()]
                    .concat()
                    .into_bytes(),
                after: message
                    .timestamp
                    .saturating_mul(1000)
                    .to_string()
                    .into_bytes(),
            }
        }))
    }

    fn mac_headers(&self, message: &Message, mac: &[u8]) -> Headers {
        let mut headers = Headers::new();
        headers.push(
            TIMESTAMP_HEADER,
            message.timestamp.saturating_mul(1000).to_string(),
        );
        headers.push(SIGNATURE_HEADER, encode(Encoding::Base64, mac));
        headers
    }

    fn verify(
        &self,
        secret: &Secret,
        request: &Request,
        policy: TimePolicy,
    ) -> Result<(), VerifyError> {
        let key = text_key(secret)?;
        let url = request.url.ok_or(VerifyError::UrlRequired)?;
        verify(
            &key,
            request.method,
            url,
            request.headers,
            request.body,
            policy,
        )
    }

    fn signature_header(&self) -> Option<&str> {
        Some(SIGNATURE_HEADER)
    }

    fn timestamp_header(&self) -> Option<&str> {
        Some(TIMESTAMP_HEADER)
    }

    /// In seconds, like every other scheme's (the header is in milliseconds).
    fn claimed_timestamp(&self, headers: &Headers) -> Option<i64> {
        claimed_timestamp_ms(headers).map(|ms| ms.div_euclid(1000))
    }

    fn is_timestamped(&self) -> bool {
        true
    }

    fn summary(&self) -> String {
        format!(
            "{SIGNATURE_HEADER}: base64(HMAC-SHA256(\"{{method}}{{url}}{{body}}{{timestamp_ms}}\")), \
             {TIMESTAMP_HEADER} in milliseconds"
        )
    }

    fn signs_url(&self) -> bool {
        true
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The signed string.
pub fn signed_content(method: &str, uri: &str, body: &[u8], timestamp_ms: &str) -> Vec<u8> {
    [
        method.as_bytes(),
        uri.as_bytes(),
        body,
        timestamp_ms.as_bytes(),
    ]
    .concat()
}

fn mac(secret: &[u8], method: &str, uri: &str, body: &[u8], timestamp_ms: &str) -> Vec<u8> {
    hmac(
        Algorithm::Sha256,
        secret,
        &[
            method.as_bytes(),
            uri.as_bytes(),
            body,
            timestamp_ms.as_bytes(),
        ],
    )
}

/// The headers HubSpot sends for `body`, signed at `timestamp_ms`.
pub fn headers(secret: &[u8], method: &str, uri: &str, body: &[u8], timestamp_ms: i64) -> Headers {
    let timestamp = timestamp_ms.to_string();
    let mut headers = Headers::new();
    headers.push(TIMESTAMP_HEADER, timestamp.clone());
    headers.push(
        SIGNATURE_HEADER,
        encode(
            Encoding::Base64,
            &mac(secret, method, uri, body, &timestamp),
        ),
    );
    headers
}

/// The request timestamp in milliseconds, as the header claims it.
pub fn claimed_timestamp_ms(headers: &Headers) -> Option<i64> {
    headers.get(TIMESTAMP_HEADER)?.trim().parse().ok()
}

/// Checks a delivery; `policy` is in seconds, the header in milliseconds.
pub fn verify(
    secret: &[u8],
    method: &str,
    uri: &str,
    headers: &Headers,
    body: &[u8],
    policy: TimePolicy,
) -> Result<(), VerifyError> {
    let value = headers
        .get(SIGNATURE_HEADER)
        .ok_or_else(|| VerifyError::NotSigned {
            header: SIGNATURE_HEADER.to_string(),
        })?
        .trim();
    let timestamp_text = headers
        .get(TIMESTAMP_HEADER)
        .ok_or_else(|| VerifyError::MissingHeader {
            header: TIMESTAMP_HEADER.to_string(),
        })?
        .trim();
    let timestamp_ms: i64 = timestamp_text
        .parse()
        .map_err(|_| VerifyError::InvalidHeader {
            header: TIMESTAMP_HEADER.to_string(),
            reason: format!(
                "timestamp '{}' is not a unix time in milliseconds",
                super::preview(timestamp_text, 24)
            ),
        })?;
    let received = decode(Encoding::Base64, value).ok_or_else(|| VerifyError::InvalidHeader {
        header: SIGNATURE_HEADER.to_string(),
        reason: format!("signature '{}' is not base64", super::preview(value, 16)),
    })?;
    let expected = mac(secret, method, uri, body, timestamp_text);
    require_match(&[received], &expected, SIGNATURE_HEADER)?;
    policy.check(timestamp_ms.div_euclid(1000))
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use hmac::{Hmac, Mac};

    const SECRET: &[u8] = b"yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    const URI: &str = "https://www.example.com/webhook_uri";
    const BODY: &[u8] = b"{'example_field':'example_value'}";
    const PUBLISHED: &str = "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=";

    fn received(signature: &str, timestamp: &str) -> Headers {
        let mut headers = Headers::new();
        headers.push("x-hubspot-signature-v3", signature);
        headers.push("x-hubspot-request-timestamp", timestamp);
        headers
    }

    #[test]
    fn hubspot_python_vector() {
        // {METHOD}{URI}{body}{timestamp}, spelled out.
        let spec =
            "POSThttps://www.example.com/webhook_uri{'example_field':'example_value'}15000000";
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET).unwrap();
        mac.update(spec.as_bytes());
        let oracle = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        assert_eq!(oracle, PUBLISHED);
        assert_eq!(
            signed_content("POST", URI, BODY, "15000000"),
            spec.as_bytes()
        );
        let sent = headers(SECRET, "POST", URI, BODY, 15_000_000);
        assert_eq!(sent.get(SIGNATURE_HEADER), Some(PUBLISHED));
        assert_eq!(sent.get(TIMESTAMP_HEADER), Some("15000000"));
        let any_time = TimePolicy::any_time(0);
        assert_eq!(
            verify(
                SECRET,
                "POST",
                URI,
                &received(PUBLISHED, "15000000"),
                BODY,
                any_time
            ),
            Ok(())
        );
        for (method, uri, timestamp) in [
            ("GET", URI, "15000000"),
            ("POST", "http://www.example.com/webhook_uri", "15000000"),
            ("POST", URI, "15000001"),
        ] {
            assert!(matches!(
                verify(
                    SECRET,
                    method,
                    uri,
                    &received(PUBLISHED, timestamp),
                    BODY,
                    any_time
                ),
                Err(VerifyError::NoValidSignature { .. })
            ));
        }
    }

    #[test]
    fn five_minutes_in_milliseconds() {
        let now = 1_700_000_000;
        let sent = headers(SECRET, "POST", URI, BODY, (now - 299) * 1000);
        let policy = TimePolicy {
            now,
            tolerance: Some(300),
        };
        assert_eq!(verify(SECRET, "POST", URI, &sent, BODY, policy), Ok(()));
        assert_eq!(claimed_timestamp_ms(&sent), Some((now - 299) * 1000));
        let stale = headers(SECRET, "POST", URI, BODY, (now - 301) * 1000);
        assert!(matches!(
            verify(SECRET, "POST", URI, &stale, BODY, policy),
            Err(VerifyError::TooOld { age: 301, .. })
        ));
        let mut seconds = Headers::new();
        seconds.push(SIGNATURE_HEADER, PUBLISHED);
        seconds.push(TIMESTAMP_HEADER, "soon");
        assert!(matches!(
            verify(SECRET, "POST", URI, &seconds, BODY, policy),
            Err(VerifyError::InvalidHeader { .. })
        ));
        let mut unstamped = Headers::new();
        unstamped.push(SIGNATURE_HEADER, PUBLISHED);
        assert!(matches!(
            verify(SECRET, "POST", URI, &unstamped, BODY, policy),
            Err(VerifyError::MissingHeader { .. })
        ));
    }
}
