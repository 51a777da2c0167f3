//! Mailgun: the signature travels in the JSON body, not in a header.
//! `signature.signature` is hex of HMAC-SHA256, keyed by the HTTP webhook
//! signing key, over `signature.timestamp` followed by `signature.token`
//! (Mailgun's "Securing Webhooks" documentation).
//!
//! Signing writes the `signature` object into the body; the rest of the body
//! is kept, key order included.

use serde_json::{Map, Value};

use super::{
    constant_time_eq, encode, hmac, text_key, Algorithm, Encoding, Message, Request, Secret,
    SecretError, SignError, SignatureScheme, TimePolicy, VerifyError,
};
use crate::http::Headers;

/// The `mailgun` scheme kind (no parameters).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailgunScheme {}

impl SignatureScheme for MailgunScheme {
    fn kind(&self) -> &'static str {
        "mailgun"
    }

    /// No headers: the signature goes into the body ([`SignatureScheme::sign_body`]).
    fn sign(&self, secret: &Secret, _: &Message) -> Result<Headers, SecretError> {
        text_key(secret)?;
        Ok(Headers::new())
    }

    fn sign_body(&self, secret: &Secret, message: &Message) -> Option<Result<Vec<u8>, SignError>> {
        Some(text_key(secret).map_err(SignError::from).and_then(|key| {
            sign_body(&key, message.body, message.timestamp, &new_token()).map_err(SignError::Body)
        }))
    }

    fn body_signature_field(&self) -> Option<&str> {
        Some(SIGNATURE_FIELD)
    }

    fn verify(
        &self,
        secret: &Secret,
        request: &Request,
        policy: TimePolicy,
    ) -> Result<(), VerifyError> {
        let key = text_key(secret)?;
        verify(&key, request.body, policy)
    }

    fn signature_header(&self) -> Option<&str> {
        None
    }

    fn is_timestamped(&self) -> bool {
        true
    }

    fn summary(&self) -> String {
        format!(
            "body {SIGNATURE_FIELD}: hex(HMAC-SHA256(\"{{{TIMESTAMP_FIELD}}}{{{TOKEN_FIELD}}}\"))"
        )
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub const TIMESTAMP_FIELD: &str = "signature.timestamp";
pub const TOKEN_FIELD: &str = "signature.token";
pub const SIGNATURE_FIELD: &str = "signature.signature";

fn mac(key: &[u8], timestamp: &str, token: &str) -> Vec<u8> {
    hmac(
        Algorithm::Sha256,
        key,
        &[timestamp.as_bytes(), token.as_bytes()],
    )
}

/// A fresh token as Mailgun writes them: 50 random lowercase hex characters.
pub fn new_token() -> String {
    let mut bytes = [0u8; 25];
    // The token only makes a delivery unique; an all-zero one still verifies.
    let _ = getrandom::fill(&mut bytes);
    hex::encode(bytes)
}

/// `body` with its `signature` object set for `timestamp` and `token`.
pub fn sign_body(key: &[u8], body: &[u8], timestamp: i64, token: &str) -> Result<Vec<u8>, String> {
    let mut json: Value = serde_json::from_slice(body)
        .map_err(|err| format!("Mailgun signs a JSON object body ({err})"))?;
    let object = json
        .as_object_mut()
        .ok_or("Mailgun signs a JSON object body, with its signature in 'signature'")?;
    let timestamp = timestamp.to_string();
    let mut signature = Map::new();
    signature.insert("token".into(), token.into());
    signature.insert("timestamp".into(), timestamp.clone().into());
    signature.insert(
        "signature".into(),
        encode(Encoding::Hex, &mac(key, &timestamp, token)).into(),
    );
    object.insert("signature".into(), Value::Object(signature));
    serde_json::to_vec(&json).map_err(|err| err.to_string())
}

/// The `signature` object's string field `name`.
fn field<'v>(signature: &'v Value, name: &str, path: &str) -> Result<&'v str, VerifyError> {
    match signature.get(name) {
        Some(Value::String(text)) => Ok(text),
        Some(_) => Err(VerifyError::InvalidBodyField {
            field: path.to_string(),
            reason: "not a string".to_string(),
        }),
        None if name == "signature" => Err(VerifyError::NotSignedInBody {
            field: path.to_string(),
        }),
        None => Err(VerifyError::InvalidBodyField {
            field: path.to_string(),
            reason: "missing".to_string(),
        }),
    }
}

/// The timestamp the body claims, in seconds.
pub fn claimed_timestamp(body: &[u8]) -> Option<i64> {
    let json: Value = serde_json::from_slice(body).ok()?;
    json.get("signature")?
        .get("timestamp")?
        .as_str()?
        .trim()
        .parse()
        .ok()
}

/// Checks a delivery's body.
pub fn verify(key: &[u8], body: &[u8], policy: TimePolicy) -> Result<(), VerifyError> {
    let json: Value = serde_json::from_slice(body).map_err(|_| VerifyError::NotSignedInBody {
        field: SIGNATURE_FIELD.to_string(),
    })?;
    let signature = json
        .get("signature")
        .ok_or_else(|| VerifyError::NotSignedInBody {
            field: SIGNATURE_FIELD.to_string(),
        })?;
    let received = field(signature, "signature", SIGNATURE_FIELD)?;
    let timestamp_text = field(signature, "timestamp", TIMESTAMP_FIELD)?;
    let token = field(signature, "token", TOKEN_FIELD)?;
    let timestamp =
        super::parse_timestamp(TIMESTAMP_FIELD, timestamp_text).map_err(|err| match err {
            VerifyError::InvalidHeader { header, reason } => VerifyError::InvalidBodyField {
                field: header,
                reason,
            },
            other => other,
        })?;
    let expected = encode(Encoding::Hex, &mac(key, timestamp_text, token));
    // Mailgun writes lowercase hex; compare the text as its libraries do.
    if !constant_time_eq(received.as_bytes(), expected.as_bytes()) {
        return Err(VerifyError::NoValidSignature {
            header: SIGNATURE_FIELD.to_string(),
        });
    }
    policy.check(timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{Hmac, Mac};

    const KEY: &[u8] = b"key-3ax6xnjp29jd6fds4gc373sgvjxteol0";
    const TOKEN: &str = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0";

    /// Mailgun's documented algorithm, computed with the `hmac` crate:
    /// hex(HMAC-SHA256(key, timestamp + token)).
    fn oracle(timestamp: &str, token: &str) -> String {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(KEY).unwrap();
        mac.update(format!("{timestamp}{token}").as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    fn delivery(timestamp: &str, token: &str, signature: &str) -> Vec<u8> {
        format!(
            r#"{{"signature":{{"timestamp":"{timestamp}","token":"{token}","signature":"{signature}"}},"event-data":{{"event":"delivered","id":"CPgfbmQMTCKtHW6uIWtuVe"}}}}"#
        )
        .into_bytes()
    }

    #[test]
    fn documented_algorithm_verifies() {
        let body = delivery("1529006854", TOKEN, &oracle("1529006854", TOKEN));
        assert_eq!(verify(KEY, &body, TimePolicy::any_time(0)), Ok(()));
        assert_eq!(claimed_timestamp(&body), Some(1_529_006_854));
        let tampered = delivery("1529006855", TOKEN, &oracle("1529006854", TOKEN));
        assert!(matches!(
            verify(KEY, &tampered, TimePolicy::any_time(0)),
            Err(VerifyError::NoValidSignature { .. })
        ));
        let policy = TimePolicy {
            now: 1_529_006_854 + 301,
            tolerance: Some(300),
        };
        assert!(matches!(
            verify(KEY, &body, policy),
            Err(VerifyError::TooOld { .. })
        ));
    }

    #[test]
    fn signing_writes_the_signature_object_and_keeps_the_rest() {
        let body = br#"{"event-data":{"event":"opened","id":"x"},"signature":{"token":"old"}}"#;
        let signed = sign_body(KEY, body, 1_700_000_000, TOKEN).unwrap();
        let json: Value = serde_json::from_slice(&signed).unwrap();
        assert_eq!(json["signature"]["timestamp"], "1700000000");
        assert_eq!(json["signature"]["token"], TOKEN);
        assert_eq!(json["signature"]["signature"], oracle("1700000000", TOKEN));
        assert_eq!(json["event-data"]["event"], "opened");
        assert!(String::from_utf8(signed)
            .unwrap()
            .starts_with(r#"{"event-data""#));
        assert!(sign_body(KEY, b"[1]", 1, TOKEN).is_err());
        assert!(sign_body(KEY, b"a=b", 1, TOKEN).is_err());
        assert_eq!(new_token().len(), 50);
        assert_ne!(new_token(), new_token());
    }

    #[test]
    fn missing_and_malformed_fields_are_named() {
        let any = TimePolicy::any_time(0);
        assert_eq!(
            verify(KEY, br#"{"event-data":{}}"#, any),
            Err(VerifyError::NotSignedInBody {
                field: SIGNATURE_FIELD.into()
            })
        );
        assert_eq!(
            verify(
                KEY,
                br#"{"signature":{"signature":"ab","timestamp":"1"}}"#,
                any
            ),
            Err(VerifyError::InvalidBodyField {
                field: TOKEN_FIELD.into(),
                reason: "missing".into()
            })
        );
        assert!(matches!(
            verify(
                KEY,
                br#"{"signature":{"signature":"ab","timestamp":1,"token":"t"}}"#,
                any
            ),
            Err(VerifyError::InvalidBodyField { .. })
        ));
        assert!(matches!(
            verify(KEY, b"not json", any),
            Err(VerifyError::NotSignedInBody { .. })
        ));
    }
}
