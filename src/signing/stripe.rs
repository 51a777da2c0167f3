//! Stripe: `Stripe-Signature: t=<ts>,v1=<hex HMAC-SHA256 of "{t}.{body}">`.
//! The key is the whole secret string, `whsec_` prefix included: Stripe does
//! not base64-decode it, unlike Standard Webhooks.

use super::{hmac, require_match, Algorithm, Secret, SecretError, TimePolicy, VerifyError};
use crate::http::Headers;

pub const HEADER: &str = "Stripe-Signature";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeScheme;

impl StripeScheme {
    pub(super) fn verify(
        &self,
        secret: &Secret,
        headers: &Headers,
        body: &[u8],
        policy: TimePolicy,
    ) -> Result<(), VerifyError> {
        let key = key(secret)?;
        let value = headers.get(HEADER).ok_or_else(|| VerifyError::NotSigned {
            header: HEADER.to_string(),
        })?;
        let (timestamp, signatures) = parse(value)?;
        let timestamp = timestamp.ok_or_else(|| invalid("no t=<timestamp> element"))?;
        if signatures.is_empty() {
            return Err(invalid("no v1=<signature> element"));
        }
        let expected = hmac(
            Algorithm::Sha256,
            key,
            &[timestamp.to_string().as_bytes(), b".", body],
        );
        // A candidate that is not hex cannot match; it still costs a comparison.
        let candidates: Vec<Vec<u8>> = signatures
            .iter()
            .map(|candidate| hex::decode(candidate).unwrap_or_default())
            .collect();
        require_match(&candidates, &expected, HEADER)?;
        policy.check(timestamp)
    }
}

pub(super) fn headers(timestamp: i64, mac: &[u8]) -> Headers {
    let mut headers = Headers::new();
    headers.push(HEADER, format!("t={timestamp},v1={}", hex::encode(mac)));
    headers
}

fn key(secret: &Secret) -> Result<&[u8], SecretError> {
    match secret.expose().as_bytes() {
        [] => Err(SecretError::Empty),
        bytes => Ok(bytes),
    }
}

fn invalid(reason: &str) -> VerifyError {
    VerifyError::InvalidHeader {
        header: HEADER.to_string(),
        reason: reason.to_string(),
    }
}

/// Splits a `Stripe-Signature` value into its timestamp and `v1` signatures;
/// `v0` and unknown keys are ignored, as Stripe's own libraries do.
pub(super) fn parse(value: &str) -> Result<(Option<i64>, Vec<&str>), VerifyError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for element in value.split(',') {
        let Some((key, item)) = element.trim().split_once('=') else {
            return Err(invalid(&format!(
                "element '{}' is not key=value",
                super::preview(element, 24)
            )));
        };
        match key {
            "t" => timestamp = Some(super::parse_timestamp(HEADER, item)?),
            "v1" => signatures.push(item),
            _ => {}
        }
    }
    Ok((timestamp, signatures))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_keeps_every_v1_and_ignores_the_rest() {
        let (t, sigs) = parse("t=12,v1=aa,v0=bb,v1=cc,x=1").unwrap();
        assert_eq!(t, Some(12));
        assert_eq!(sigs, ["aa", "cc"]);
        assert!(parse("t=abc,v1=aa").is_err());
        assert!(parse("garbage").is_err());
    }
}
