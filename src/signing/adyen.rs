//! Adyen standard notifications: each item of `notificationItems` carries
//! its own `additionalData.hmacSignature`, base64 of HMAC-SHA256 over the
//! item's fields joined by `:` (pspReference, originalReference,
//! merchantAccountCode, merchantReference, amount.value, amount.currency,
//! eventCode, success; a missing field is empty), keyed by the HMAC key
//! hex-decoded (Adyen's "Verify HMAC signatures" and its libraries'
//! `HmacSignature`). A delivery verifies when every item does.

use serde_json::Value;

use super::{
    constant_time_eq, decode, encode, hmac, Algorithm, Encoding, Message, Request, Secret,
    SecretError, SignError, SignatureScheme, TimePolicy, VerifyError,
};
use crate::http::Headers;

/// The `adyen` scheme kind (no parameters).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdyenScheme {}

/// Where the signatures live, for messages.
const SIGNATURES_AT: &str =
    "notificationItems[].NotificationRequestItem.additionalData.hmacSignature";

impl SignatureScheme for AdyenScheme {
    fn kind(&self) -> &'static str {
        "adyen"
    }

    /// No headers: the signatures go into the body ([`SignatureScheme::sign_body`]).
    fn sign(&self, secret: &Secret, _: &Message) -> Result<Headers, SecretError> {
        decode_key(secret.expose())?;
        Ok(Headers::new())
    }

    fn sign_body(&self, secret: &Secret, message: &Message) -> Option<Result<Vec<u8>, SignError>> {
        Some(
            decode_key(secret.expose())
                .map_err(SignError::from)
                .and_then(|key| sign_body(&key, message.body).map_err(SignError::Body)),
        )
    }

    fn body_signature_field(&self) -> Option<&str> {
        Some(SIGNATURES_AT)
    }

    fn verify(&self, secret: &Secret, request: &Request, _: TimePolicy) -> Result<(), VerifyError> {
        let key = decode_key(secret.expose())?;
        verify(&key, request.body)
    }

    fn signature_header(&self) -> Option<&str> {
        None
    }

    fn key(&self, secret: &Secret) -> Result<Vec<u8>, SecretError> {
        decode_key(secret.expose())
    }

    /// 32 bytes as 64 upper-case hex characters, as the Customer Area shows them.
    fn fresh_secret(&self, random: &[u8]) -> String {
        hex::encode_upper(random)
    }

    fn summary(&self) -> String {
        format!(
            "body {SIGNATURES_AT}: base64(HMAC-SHA256(\"pspReference:originalReference:\
             merchantAccountCode:merchantReference:value:currency:eventCode:success\")), \
             key = hex-decoded HMAC key"
        )
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Where each item's signature lives, below `NotificationRequestItem`.
pub const SIGNATURE_FIELD: &str = "additionalData.hmacSignature";

/// The item fields signed, in order, as dotted paths.
const SIGNED_FIELDS: [&str; 8] = [
    "pspReference",
    "originalReference",
    "merchantAccountCode",
    "merchantReference",
    "amount.value",
    "amount.currency",
    "eventCode",
    "success",
];

/// The key: Adyen shows it as hex and signs with the bytes.
pub fn decode_key(key: &str) -> Result<Vec<u8>, SecretError> {
    if key.is_empty() {
        return Err(SecretError::Empty);
    }
    hex::decode(key.trim()).map_err(|err| SecretError::NotHex {
        reason: err.to_string(),
    })
}

/// The signed string of one `NotificationRequestItem`.
pub fn signed_content(item: &Value) -> String {
    SIGNED_FIELDS
        .iter()
        .map(|path| match crate::payload::lookup(item, path) {
            Some(Value::String(text)) => text.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(":")
}

fn items_mut(json: &mut Value) -> Option<impl Iterator<Item = &mut Value>> {
    Some(
        json.get_mut("notificationItems")?
            .as_array_mut()?
            .iter_mut()
            .filter_map(|entry| entry.get_mut("NotificationRequestItem")),
    )
}

/// `body` with every item's `additionalData.hmacSignature` set.
pub fn sign_body(key: &[u8], body: &[u8]) -> Result<Vec<u8>, String> {
    let mut json: Value = serde_json::from_slice(body)
        .map_err(|err| format!("Adyen signs a JSON notification body ({err})"))?;
    let mut signed = 0;
    for item in items_mut(&mut json).into_iter().flatten() {
        let signature = encode(
            Encoding::Base64,
            &hmac(Algorithm::Sha256, key, &[signed_content(item).as_bytes()]),
        );
        let Some(object) = item.as_object_mut() else {
            continue;
        };
        let additional = object
            .entry("additionalData")
            .or_insert_with(|| Value::Object(Default::default()));
        if !additional.is_object() {
            *additional = Value::Object(Default::default());
        }
        additional["hmacSignature"] = signature.into();
        signed += 1;
    }
    if signed == 0 {
        return Err(
            "an Adyen notification has notificationItems[].NotificationRequestItem objects; this body has none"
                .into(),
        );
    }
    serde_json::to_vec(&json).map_err(|err| err.to_string())
}

/// Checks every item of a notification.
pub fn verify(key: &[u8], body: &[u8]) -> Result<(), VerifyError> {
    let not_signed = |field: String| VerifyError::NotSignedInBody { field };
    let json: Value = serde_json::from_slice(body)
        .map_err(|_| not_signed(format!("notificationItems[].{SIGNATURE_FIELD}")))?;
    let items: Vec<&Value> = json
        .get("notificationItems")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|entry| entry.get("NotificationRequestItem"))
                .collect()
        })
        .unwrap_or_default();
    if items.is_empty() {
        return Err(VerifyError::InvalidBodyField {
            field: "notificationItems".into(),
            reason: "no NotificationRequestItem to verify".into(),
        });
    }
    for (index, item) in items.into_iter().enumerate() {
        let field = format!("notificationItems[{index}].NotificationRequestItem.{SIGNATURE_FIELD}");
        let received = match crate::payload::lookup(item, SIGNATURE_FIELD) {
            Some(Value::String(text)) => text.trim(),
            Some(_) => {
                return Err(VerifyError::InvalidBodyField {
                    field,
                    reason: "not a string".into(),
                })
            }
            None => return Err(not_signed(field)),
        };
        let received =
            decode(Encoding::Base64, received).ok_or_else(|| VerifyError::InvalidBodyField {
                field: field.clone(),
                reason: format!("signature '{}' is not base64", super::preview(received, 16)),
            })?;
        let expected = hmac(Algorithm::Sha256, key, &[signed_content(item).as_bytes()]);
        if !constant_time_eq(&received, &expected) {
            return Err(VerifyError::NoValidSignature { header: field });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use hmac::{Hmac, Mac};

    const KEY_HEX: &str = "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00";
    const PUBLISHED: &str = "Ny9gS2veKo5E4w8/OL6xz1/wvT/hYkAXy1xNc/QvO4I=";

    fn notification(signature: &str) -> String {
        format!(
            r#"{{"live":"false","notificationItems":[{{"NotificationRequestItem":{{"additionalData":{{"hmacSignature":"{signature}"}},"amount":{{"currency":"EUR","value":1130}},"eventCode":"AUTHORISATION","eventDate":"2014-08-06T13:39:03+02:00","merchantAccountCode":"TestMerchant","merchantReference":"TestPayment-1407325143704","originalReference":"","paymentMethod":"visa","pspReference":"7914073381342284","reason":"1234:7777:12/2012","success":"true"}}}}]}}"#
        )
    }

    #[test]
    fn adyen_php_vector() {
        let spec =
            "7914073381342284::TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:true";
        let key = hex::decode(KEY_HEX).unwrap();
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
        mac.update(spec.as_bytes());
        let oracle = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        assert_eq!(oracle, PUBLISHED);

        let body = notification(PUBLISHED);
        let json: Value = serde_json::from_str(&body).unwrap();
        let item = &json["notificationItems"][0]["NotificationRequestItem"];
        assert_eq!(signed_content(item), spec);
        assert_eq!(decode_key(KEY_HEX).unwrap(), key);
        assert_eq!(verify(&key, body.as_bytes()), Ok(()));

        let resigned = sign_body(&key, notification("").as_bytes()).unwrap();
        let json: Value = serde_json::from_slice(&resigned).unwrap();
        assert_eq!(
            json["notificationItems"][0]["NotificationRequestItem"]["additionalData"]
                ["hmacSignature"],
            PUBLISHED
        );
    }

    #[test]
    fn every_item_must_verify() {
        let key = decode_key(KEY_HEX).unwrap();
        let two = br#"{"live":"false","notificationItems":[
            {"NotificationRequestItem":{"pspReference":"1","amount":{"value":5,"currency":"EUR"},"eventCode":"AUTHORISATION","success":"true"}},
            {"NotificationRequestItem":{"pspReference":"2","eventCode":"REFUND","success":"false"}}]}"#;
        let signed = sign_body(&key, two).unwrap();
        assert_eq!(verify(&key, &signed), Ok(()));
        let tampered = String::from_utf8(signed)
            .unwrap()
            .replace("REFUND", "CAPTURE");
        assert_eq!(
            verify(&key, tampered.as_bytes()),
            Err(VerifyError::NoValidSignature {
                header: "notificationItems[1].NotificationRequestItem.additionalData.hmacSignature"
                    .into()
            })
        );
        assert!(matches!(
            verify(&key, notification("AAAA").as_bytes()),
            Err(VerifyError::NoValidSignature { .. })
        ));
        assert!(matches!(
            verify(
                &key,
                br#"{"notificationItems":[{"NotificationRequestItem":{}}]}"#
            ),
            Err(VerifyError::NotSignedInBody { .. })
        ));
        assert!(matches!(
            verify(&key, br#"{"notificationItems":[]}"#),
            Err(VerifyError::InvalidBodyField { .. })
        ));
        assert!(sign_body(&key, br#"{"live":"false"}"#).is_err());
    }

    #[test]
    fn keys_must_be_hex() {
        assert!(matches!(
            decode_key("not-hex"),
            Err(SecretError::NotHex { .. })
        ));
        assert_eq!(decode_key(""), Err(SecretError::Empty));
    }
}
