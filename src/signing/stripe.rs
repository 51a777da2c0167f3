//! Stripe: `Stripe-Signature: t=<ts>,v1=<hex HMAC-SHA256 of "{t}.{body}">`.
//! The key is the whole secret string, `whsec_` prefix included: Stripe does
//! not base64-decode it, unlike Standard Webhooks.

use super::{
    hmac, require_match, text_key, Algorithm, MacFraming, Message, Request, Secret, SecretError,
    SignatureScheme, TimePolicy, VerifyError,
};
use crate::http::Headers;

pub const HEADER: &str = "Stripe-Signature";

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StripeScheme {}

impl SignatureScheme for StripeScheme {
    fn kind(&self) -> &'static str {
        "stripe"
    }

    fn mac_framing(
        &self,
        secret: &Secret,
        message: &Message,
    ) -> Option<Result<MacFraming, SecretError>> {
        Some(text_key(secret).map(|key| MacFraming {
            algorithm: Algorithm::Sha256,
            key,
            before: format!("{}.", message.timestamp).into_bytes(),
            after: Vec::new(),
        }))
    }

    fn mac_headers(&self, message: &Message, mac: &[u8]) -> Headers {
        let mut headers = Headers::new();
        headers.push(
            HEADER,
            format!("t={},v1={}", message.timestamp, hex::encode(mac)),
        );
        headers
    }

    fn signature_header(&self) -> Option<&str> {
        Some(HEADER)
    }

    fn claimed_timestamp(&self, headers: &Headers) -> Option<i64> {
        parse(headers.get(HEADER)?).ok()?.0
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

    /// `t=<ts>,v1=<sig>,v1=<sig>`.
    fn join_signatures(&self, old: &str, new: &str) -> Option<String> {
        let old_v1 = old.split(',').find_map(|part| part.strip_prefix("v1="))?;
        let (timestamp, rest) = new.split_once(',')?;
        Some(format!("{timestamp},v1={old_v1},{rest}"))
    }

    fn summary(&self) -> String {
        format!("{HEADER}: t=<ts>,v1=hex(HMAC-SHA256(\"{{t}}.{{body}}\")), key = whole secret")
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn verify(
        &self,
        secret: &Secret,
        request: &Request,
        policy: TimePolicy,
    ) -> Result<(), VerifyError> {
        let (headers, body) = (request.headers, request.body);
        let key = &text_key(secret)?;
        if headers.get(HEADER).is_none() {
            return Err(VerifyError::NotSigned {
                header: HEADER.to_string(),
            });
        }
        // Every line of a repeated header counts, as HTTP joins them.
        let mut timestamp = None;
        let mut signatures = Vec::new();
        for line in headers.get_all(HEADER) {
            let (t, v1) = parse(line)?;
            timestamp = timestamp.or(t);
            signatures.extend(v1);
        }
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
