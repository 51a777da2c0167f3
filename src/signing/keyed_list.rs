//! A timestamp and one or more signatures as `key=value` pairs in one header,
//! the layout Stripe made common: Paddle (`ts=..;h1=..` over `{ts}:{body}`),
//! Calendly, Mux, Persona (`t=..,v1=..` over `{t}.{body}`), Buildkite
//! (`timestamp=..,signature=..`) and WorkOS (milliseconds). Stripe keeps its
//! own file for its doctor; this is the same check with every name a field.

use std::borrow::Cow;

use super::hmac_scheme::{frame, template_framing};
use super::{
    decode, encode, hmac, require_match, Algorithm, Encoding, MacFraming, Message, Request, Secret,
    SecretError, SignatureScheme, TimePolicy, TimestampFormat, VerifyError,
};
use crate::http::Headers;

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyedListScheme {
    pub signature_header: Cow<'static, str>,
    /// Between pairs: `,` (Calendly, Mux, ...) or `;` (Paddle).
    #[serde(default = "comma")]
    pub separator: Cow<'static, str>,
    pub timestamp_key: Cow<'static, str>,
    /// Every pair with this key is a candidate (several during a rotation).
    pub signature_key: Cow<'static, str>,
    /// The signed content, with `{timestamp}` (as written) and `{body}`.
    pub template: Cow<'static, str>,
    #[serde(default = "sha256")]
    pub algorithm: Algorithm,
    #[serde(default = "hex")]
    pub encoding: Encoding,
    #[serde(default)]
    pub timestamp_format: TimestampFormat,
}

fn comma() -> Cow<'static, str> {
    Cow::Borrowed(",")
}

fn sha256() -> Algorithm {
    Algorithm::Sha256
}

fn hex() -> Encoding {
    Encoding::Hex
}

impl KeyedListScheme {
    fn invalid(&self, reason: String) -> VerifyError {
        VerifyError::InvalidHeader {
            header: self.signature_header.to_string(),
            reason,
        }
    }

    /// The timestamp as written and every signature, from every header line.
    fn parse<'h>(&'h self, headers: &'h Headers) -> Result<(&'h str, Vec<&'h str>), VerifyError> {
        let mut timestamp = None;
        let mut signatures = Vec::new();
        for line in headers.get_all(&self.signature_header) {
            for pair in line.split(self.separator.as_ref()) {
                let pair = pair.trim();
                if pair.is_empty() {
                    continue;
                }
                let Some((key, value)) = pair.split_once('=') else {
                    return Err(self.invalid(format!(
                        "element '{}' is not key=value",
                        super::preview(pair, 24)
                    )));
                };
                if key == self.timestamp_key {
                    timestamp = timestamp.or(Some(value));
                } else if key == self.signature_key {
                    // Persona separates rotated signatures with spaces.
                    signatures.extend(value.split_whitespace());
                }
            }
        }
        let timestamp = timestamp.ok_or_else(|| {
            self.invalid(format!("no {}=<timestamp> element", self.timestamp_key))
        })?;
        if signatures.is_empty() {
            return Err(self.invalid(format!("no {}=<signature> element", self.signature_key)));
        }
        Ok((timestamp, signatures))
    }
}

impl SignatureScheme for KeyedListScheme {
    fn kind(&self) -> &'static str {
        "keyed_list"
    }

    fn mac_framing(
        &self,
        secret: &Secret,
        message: &Message,
    ) -> Option<Result<MacFraming, SecretError>> {
        Some(template_framing(
            &self.template,
            self.algorithm,
            self.timestamp_format,
            secret,
            message,
        ))
    }

    fn mac_headers(&self, message: &Message, mac: &[u8]) -> Headers {
        let mut headers = Headers::new();
        headers.push(
            self.signature_header.as_ref(),
            format!(
                "{}={}{}{}={}",
                self.timestamp_key,
                self.timestamp_format.render(message.timestamp),
                self.separator,
                self.signature_key,
                encode(self.encoding, mac)
            ),
        );
        headers
    }

    fn verify(
        &self,
        secret: &Secret,
        request: &Request,
        policy: TimePolicy,
    ) -> Result<(), VerifyError> {
        let key = super::text_key(secret)?;
        if request.headers.get(&self.signature_header).is_none() {
            return Err(VerifyError::NotSigned {
                header: self.signature_header.to_string(),
            });
        }
        let (written, signatures) = self.parse(request.headers)?;
        let timestamp = self
            .timestamp_format
            .parse(&self.signature_header, written)?;
        let (before, after) = frame(&self.template, "", written);
        let expected = hmac(
            self.algorithm,
            &key,
            &[before.as_bytes(), request.body, after.as_bytes()],
        );
        // A candidate in the wrong encoding cannot match; it still costs a comparison.
        let candidates: Vec<Vec<u8>> = signatures
            .iter()
            .map(|s| decode(self.encoding, s).unwrap_or_default())
            .collect();
        require_match(&candidates, &expected, &self.signature_header)?;
        policy.check(timestamp)
    }

    fn signature_header(&self) -> Option<&str> {
        Some(&self.signature_header)
    }

    fn claimed_timestamp(&self, headers: &Headers) -> Option<i64> {
        let (written, _) = self.parse(headers).ok()?;
        self.timestamp_format
            .parse(&self.signature_header, written)
            .ok()
    }

    fn is_timestamped(&self) -> bool {
        true
    }

    fn carries_several_signatures(&self) -> bool {
        true
    }

    fn join_signatures(&self, old: &str, new: &str) -> Option<String> {
        let own = format!("{}=", self.signature_key);
        let old_signature = old
            .split(self.separator.as_ref())
            .find_map(|pair| pair.trim().strip_prefix(&own))?;
        Some(format!("{new}{}{own}{old_signature}", self.separator))
    }

    fn summary(&self) -> String {
        format!(
            "{}: {}=<ts>{}{}={}({}(\"{}\"))",
            self.signature_header,
            self.timestamp_key,
            self.separator,
            self.signature_key,
            self.encoding,
            self.algorithm,
            self.template
        )
    }

    fn validate(&self) -> Result<(), String> {
        if !self.template.contains("{body}") || !self.template.contains("{timestamp}") {
            return Err(format!(
                "template '{}' must contain {{timestamp}} and {{body}}",
                self.template
            ));
        }
        Ok(())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paddle() -> KeyedListScheme {
        KeyedListScheme {
            signature_header: "Paddle-Signature".into(),
            separator: ";".into(),
            timestamp_key: "ts".into(),
            signature_key: "h1".into(),
            template: "{timestamp}:{body}".into(),
            algorithm: Algorithm::Sha256,
            encoding: Encoding::Hex,
            timestamp_format: TimestampFormat::Seconds,
        }
    }

    #[test]
    fn every_signature_of_every_line_counts() {
        let scheme = paddle();
        let body = br#"{"data": "value"}"#;
        let signed = scheme
            .sign(
                &Secret::new("VALID_SECRET"),
                &Message::post("", 1_698_796_800, body),
            )
            .unwrap();
        let good = signed.get("Paddle-Signature").unwrap().to_string();
        let mut headers = Headers::new();
        headers.push("Paddle-Signature", "ts=1698796800;h1=00ff");
        headers.push("Paddle-Signature", good.replace("ts=1698796800;", ""));
        let request = Request::post(&headers, body);
        let policy = TimePolicy::any_time(0);
        assert_eq!(
            scheme.verify(&Secret::new("VALID_SECRET"), &request, policy),
            Ok(())
        );
        let joined = scheme.join_signatures("ts=1;h1=aa", "ts=2;h1=bb").unwrap();
        assert_eq!(joined, "ts=2;h1=bb;h1=aa");
        headers = Headers::new();
        headers.push("Paddle-Signature", "ts=1698796800");
        assert!(matches!(
            scheme.verify(&Secret::new("x"), &Request::post(&headers, body), policy),
            Err(VerifyError::InvalidHeader { .. })
        ));
    }
}
