//! One HMAC over a templated signed content, written into one header with an
//! optional prefix: GitHub (`sha256=<hex>` of the body), Shopify (base64 of the
//! body), Slack (`v0=<hex>` of `v0:{timestamp}:{body}`), IZI (hex of the body),
//! IriSync (hex of `{timestamp}.{body}`) and any custom scheme a user describes.

use std::borrow::Cow;

use super::{
    decode, encode_prefixed, hmac, require_match, text_key, Algorithm, Encoding, MacFraming,
    Message, Request, Secret, SecretError, SignatureScheme, TimePolicy, TimestampFormat,
    VerifyError,
};
use crate::http::Headers;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HmacScheme {
    #[serde(default = "sha256")]
    pub algorithm: Algorithm,
    pub signature_header: Cow<'static, str>,
    pub encoding: Encoding,
    /// Written before the encoded MAC, e.g. `sha256=` or `v0=`.
    #[serde(default)]
    pub prefix: Cow<'static, str>,
    /// The signed content, with `{id}`, `{timestamp}` and `{body}` placeholders.
    #[serde(default = "body_only")]
    pub template: Cow<'static, str>,
    /// Required when the template uses `{timestamp}`.
    #[serde(default)]
    pub timestamp_header: Option<Cow<'static, str>>,
    /// Required when the template uses `{id}`.
    #[serde(default)]
    pub id_header: Option<Cow<'static, str>>,
    /// Compare the header as a string, byte for byte, as the provider's own
    /// check does (IZI's `timingSafeEqual`, IriSync's `!==`): one header
    /// line, no surrounding spaces, the encoding's exact case. A sender
    /// tested against whk must not pass here and fail in production.
    #[serde(default)]
    pub exact: bool,
    /// How the timestamp header writes the time (unix seconds unless said).
    #[serde(default, skip_serializing_if = "TimestampFormat::is_seconds")]
    pub timestamp_format: TimestampFormat,
    /// Meta's documented fallback: when the body as received does not
    /// match, try it with every non-ASCII character escaped as lowercase
    /// `\uXXXX`, as Meta's signer sees it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unicode_escaped_fallback: bool,
    /// A send time carried in the JSON body rather than a header (Linear's
    /// `webhookTimestamp`), written in `timestamp_format`: checked against
    /// the tolerance once the signature holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_timestamp: Option<Cow<'static, str>>,
}

fn sha256() -> Algorithm {
    Algorithm::Sha256
}

fn body_only() -> Cow<'static, str> {
    Cow::Borrowed("{body}")
}

/// The signed content of `template` around the body: rendered up to
/// `{body}` and after it (the doctor frames other templates with it too).
pub(super) fn frame(template: &str, id: &str, timestamp: &str) -> (String, String) {
    let (mut before, mut after) = (String::new(), String::new());
    let mut seen_body = false;
    for part in parse_template(template) {
        let side = if seen_body { &mut after } else { &mut before };
        match part {
            Part::Literal(text) => side.push_str(text),
            Part::Id => side.push_str(id),
            Part::Timestamp => side.push_str(timestamp),
            Part::Body => seen_body = true,
        }
    }
    (before, after)
}

impl HmacScheme {
    /// The scheme's parameters as JSON, to store with a delivery (so `replay`
    /// and the inspector re-sign a `custom` delivery exactly as received).
    pub fn to_params(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The scheme stored by [`HmacScheme::to_params`]; `None` when the text
    /// is not such parameters (then the preset is used).
    pub fn from_params(text: &str) -> Option<HmacScheme> {
        let scheme: HmacScheme = serde_json::from_str(text).ok()?;
        scheme.validate().ok()?;
        Some(scheme)
    }
}

/// `body` with every non-ASCII character written as lowercase `\uXXXX`
/// (UTF-16 units, so characters beyond the BMP become surrogate pairs), the
/// way Meta's signer escapes it. Bytes that are not UTF-8 stay as they are.
fn escape_non_ascii(body: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(body) else {
        return body.to_vec();
    };
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out.into_bytes()
}

/// The MAC framing of a templated signed content keyed by the secret's
/// bytes, the timestamp written in `format`.
pub(super) fn template_framing(
    template: &str,
    algorithm: Algorithm,
    format: TimestampFormat,
    secret: &Secret,
    message: &Message,
) -> Result<MacFraming, SecretError> {
    let (before, after) = frame(template, message.id, &format.render(message.timestamp));
    Ok(MacFraming {
        algorithm,
        key: text_key(secret)?,
        before: before.into_bytes(),
        after: after.into_bytes(),
    })
}

/// One piece of a signed-content template.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Part<'t> {
    Literal(&'t str),
    Id,
    Timestamp,
    Body,
}

/// Splits a template into literal text and placeholders. Unknown `{...}` stays
/// literal, so a JSON-looking template still means what it says. One pass
/// over the braces: senders and the listener frame every message with it.
pub(super) fn parse_template(template: &str) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let (mut literal, mut at) = (0, 0);
    while let Some(offset) = template[at..].find('{') {
        let brace = at + offset;
        let placeholder = [
            ("{id}", Part::Id),
            ("{timestamp}", Part::Timestamp),
            ("{body}", Part::Body),
        ]
        .into_iter()
        .find(|(text, _)| template[brace..].starts_with(text));
        at = brace + 1;
        if let Some((text, part)) = placeholder {
            if brace > literal {
                parts.push(Part::Literal(&template[literal..brace]));
            }
            parts.push(part);
            at = brace + text.len();
            literal = at;
        }
    }
    if literal < template.len() {
        parts.push(Part::Literal(&template[literal..]));
    }
    parts
}

impl HmacScheme {
    /// A scheme that signs the raw body alone.
    pub const fn body(
        algorithm: Algorithm,
        signature_header: &'static str,
        encoding: Encoding,
        prefix: &'static str,
    ) -> Self {
        HmacScheme {
            algorithm,
            signature_header: Cow::Borrowed(signature_header),
            encoding,
            prefix: Cow::Borrowed(prefix),
            template: Cow::Borrowed("{body}"),
            timestamp_header: None,
            id_header: None,
            exact: false,
            timestamp_format: TimestampFormat::Seconds,
            unicode_escaped_fallback: false,
            body_timestamp: None,
        }
    }

    /// The same scheme, compared exactly (see [`HmacScheme::exact`]).
    pub const fn compared_exactly(mut self) -> Self {
        self.exact = true;
        self
    }

    /// Checks that the template and headers fit together, for user-built schemes.
    pub fn check_parameters(&self) -> Result<(), String> {
        let parts = parse_template(&self.template);
        if parts.iter().filter(|p| **p == Part::Body).count() != 1 {
            return Err(format!(
                "signed-content template '{}' must contain {{body}} exactly once: a signature covers the body",
                self.template
            ));
        }
        if parts.contains(&Part::Timestamp) && self.timestamp_header.is_none() {
            return Err(
                "the template uses {timestamp}: name its header with --timestamp-header".into(),
            );
        }
        if parts.contains(&Part::Id) && self.id_header.is_none() {
            return Err("the template uses {id}: name its header with --id-header".into());
        }
        if self.signature_header.trim().is_empty() {
            return Err("the signature header name is empty".into());
        }
        Ok(())
    }

    /// The tolerance check, on the header's timestamp or the body's.
    fn check_time(
        &self,
        header_time: Option<i64>,
        body: &[u8],
        policy: TimePolicy,
    ) -> Result<(), VerifyError> {
        if let Some(timestamp) = header_time {
            policy.check(timestamp)?;
        }
        // Without a tolerance there is nothing to hold the body's time to.
        let (Some(path), Some(_)) = (&self.body_timestamp, policy.tolerance) else {
            return Ok(());
        };
        let field = format!("body field {path}");
        let json: serde_json::Value =
            serde_json::from_slice(body).map_err(|_| VerifyError::MissingHeader {
                header: field.clone(),
            })?;
        let value =
            crate::payload::lookup(&json, path).ok_or_else(|| VerifyError::MissingHeader {
                header: field.clone(),
            })?;
        let text = match value {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        policy.check(self.timestamp_format.parse(&field, &text)?)
    }

    /// The signed content around the body: the template rendered up to
    /// `{body}` and after it.
    pub(super) fn framing(&self, id: &str, timestamp: &str) -> (String, String) {
        frame(&self.template, id, timestamp)
    }
}

impl SignatureScheme for HmacScheme {
    fn kind(&self) -> &'static str {
        "hmac"
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
        if let Some(name) = &self.id_header {
            headers.push(name.as_ref(), message.id);
        }
        if let Some(name) = &self.timestamp_header {
            headers.push(
                name.as_ref(),
                self.timestamp_format.render(message.timestamp),
            );
        }
        headers.push(
            self.signature_header.as_ref(),
            encode_prefixed(&self.prefix, self.encoding, mac),
        );
        headers
    }

    fn signature_header(&self) -> Option<&str> {
        Some(&self.signature_header)
    }

    fn timestamp_header(&self) -> Option<&str> {
        self.timestamp_header.as_deref()
    }

    fn claimed_timestamp(&self, headers: &Headers) -> Option<i64> {
        let name = self.timestamp_header.as_deref()?;
        self.timestamp_format.parse(name, headers.get(name)?).ok()
    }

    fn claimed_id<'a>(&'a self, headers: &'a Headers) -> Option<&'a str> {
        headers.get(self.id_header.as_deref()?)
    }

    fn is_timestamped(&self) -> bool {
        self.template.contains("{timestamp}") || self.body_timestamp.is_some()
    }

    fn summary(&self) -> String {
        format!(
            "{}: {}{}({}(\"{}\"))",
            self.signature_header, self.prefix, self.encoding, self.algorithm, self.template
        )
    }

    fn validate(&self) -> Result<(), String> {
        self.check_parameters()
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
        let key = secret.expose().as_bytes();
        if key.is_empty() {
            return Err(SecretError::Empty.into());
        }
        let header = self.signature_header.as_ref();
        let values: Vec<&str> = headers.get_all(header).collect();
        if values.is_empty() {
            return Err(VerifyError::NotSigned {
                header: header.to_string(),
            });
        }
        if self.exact && values.len() > 1 {
            return Err(VerifyError::InvalidHeader {
                header: header.to_string(),
                reason: format!(
                    "{} {header} headers; the provider sends one and its receivers read one",
                    values.len()
                ),
            });
        }
        let required = |name: &Option<Cow<'static, str>>| -> Result<Option<String>, VerifyError> {
            match name {
                None => Ok(None),
                Some(name) => headers
                    .get(name)
                    .map(|v| Some(v.trim().to_string()))
                    .ok_or_else(|| VerifyError::MissingHeader {
                        header: name.to_string(),
                    }),
            }
        };
        let id = required(&self.id_header)?.unwrap_or_default();
        let timestamp_text = required(&self.timestamp_header)?;
        let timestamp = match (&self.timestamp_header, &timestamp_text) {
            (Some(name), Some(text)) => Some(self.timestamp_format.parse(name, text)?),
            _ => None,
        };

        // Sign what the sender signed: the timestamp as the header spells it.
        let (before, after) = self.framing(&id, timestamp_text.as_deref().unwrap_or(""));
        let mac_of = |body: &[u8]| {
            hmac(
                self.algorithm,
                key,
                &[before.as_bytes(), body, after.as_bytes()],
            )
        };
        let expected = mac_of(body);
        if self.exact {
            let wanted = encode_prefixed(&self.prefix, self.encoding, &expected);
            require_match(&[values[0].as_bytes().to_vec()], wanted.as_bytes(), header)?;
            return self.check_time(timestamp, body, policy);
        }
        let mut candidates = Vec::with_capacity(values.len());
        for value in values {
            let value = value.trim();
            let encoded = value.strip_prefix(self.prefix.as_ref()).ok_or_else(|| {
                VerifyError::InvalidHeader {
                    header: header.to_string(),
                    reason: format!(
                        "expected '{}<{} signature>', got '{}'",
                        self.prefix,
                        self.encoding,
                        super::preview(value, 16)
                    ),
                }
            })?;
            let decoded =
                decode(self.encoding, encoded).ok_or_else(|| VerifyError::InvalidHeader {
                    header: header.to_string(),
                    reason: format!(
                        "signature '{}' is not {}",
                        super::preview(encoded, 16),
                        self.encoding
                    ),
                })?;
            candidates.push(decoded);
        }
        let matched = require_match(&candidates, &expected, header);
        if matched.is_err() && self.unicode_escaped_fallback {
            require_match(&candidates, &mac_of(&escape_non_ascii(body)), header)?;
        } else {
            matched?;
        }
        self.check_time(timestamp, body, policy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_parts() {
        assert_eq!(
            parse_template("v0:{timestamp}:{body}"),
            [
                Part::Literal("v0:"),
                Part::Timestamp,
                Part::Literal(":"),
                Part::Body
            ]
        );
        assert_eq!(
            parse_template("{id}.{x}.{body}"),
            [Part::Id, Part::Literal(".{x}."), Part::Body]
        );
        // A brace that opens no placeholder stays literal, even right before one.
        assert_eq!(
            parse_template("{{id}}{body"),
            [Part::Literal("{"), Part::Id, Part::Literal("}{body")]
        );
        assert_eq!(parse_template(""), []);
        assert_eq!(parse_template("{body}"), [Part::Body]);
    }

    #[test]
    fn validate_names_what_is_missing() {
        let mut scheme = HmacScheme::body(Algorithm::Sha256, "X-Sig", Encoding::Hex, "");
        assert!(scheme.validate().is_ok());
        scheme.template = "{timestamp}".into();
        assert!(scheme
            .validate()
            .unwrap_err()
            .contains("{body} exactly once"));
        scheme.template = "{body}{body}".into();
        assert!(scheme
            .validate()
            .unwrap_err()
            .contains("{body} exactly once"));
        scheme.template = "{timestamp}.{body}".into();
        assert!(scheme
            .validate()
            .unwrap_err()
            .contains("--timestamp-header"));
    }

    #[test]
    fn a_send_time_in_the_body_is_held_to_the_tolerance() {
        let mut scheme = HmacScheme::body(Algorithm::Sha256, "Linear-Signature", Encoding::Hex, "");
        scheme.body_timestamp = Some("webhookTimestamp".into());
        scheme.timestamp_format = TimestampFormat::Milliseconds;
        let secret = Secret::new("lin_wh_secret");
        let policy = TimePolicy {
            now: 1_700_000_000,
            tolerance: Some(60),
        };
        let check = |body: &str| {
            let headers = scheme
                .sign(&secret, &Message::post("", 0, body.as_bytes()))
                .unwrap();
            scheme.verify(&secret, &Request::post(&headers, body.as_bytes()), policy)
        };
        assert_eq!(check(r#"{"webhookTimestamp":1700000030000}"#), Ok(()));
        assert!(matches!(
            check(r#"{"webhookTimestamp":1699999000000}"#),
            Err(VerifyError::TooOld {
                age: 1000,
                tolerance: 60
            })
        ));
        assert!(matches!(
            check(r#"{"action":"create"}"#),
            Err(VerifyError::MissingHeader { .. })
        ));
    }
}
