//! Twilio: `X-Twilio-Signature` is base64 of HMAC-SHA1, keyed by the account's
//! auth token, over the full URL Twilio requested followed by every POST form
//! parameter as `name` + `value`, sorted by name. A JSON body is not signed
//! as parameters: Twilio adds `bodySHA256=<hex SHA-256 of the body>` to the
//! URL's query and signs the URL alone.
//!
//! As in Twilio's own validators (twilio-python `RequestValidator`), a
//! signature over the URL with its default port written out (`:443`) or left
//! off verifies too: Twilio's back end is inconsistent about it.

use sha2::{Digest, Sha256};

use super::{
    constant_time_eq, decode, hmac, signed_url, text_key, Algorithm, Encoding, Message, Request,
    Secret, SecretError, SignatureScheme, TimePolicy, VerifyError,
};
use crate::http::Headers;

/// The `twilio` scheme kind (no parameters: Twilio has one layout).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TwilioScheme {}

impl SignatureScheme for TwilioScheme {
    fn kind(&self) -> &'static str {
        "twilio"
    }

    /// Signs the message's URL; without one (a caller that did not ask for
    /// `--url`) the empty URL is signed, which no receiver accepts.
    fn sign(&self, secret: &Secret, message: &Message) -> Result<Headers, SecretError> {
        let token = text_key(secret)?;
        let mut headers = Headers::new();
        headers.push(
            SIGNATURE_HEADER,
            signature(&token, message.url.unwrap_or_default(), message.body),
        );
        Ok(headers)
    }

    fn verify(&self, secret: &Secret, request: &Request, _: TimePolicy) -> Result<(), VerifyError> {
        let token = text_key(secret)?;
        let url = request.url.ok_or(VerifyError::UrlRequired)?;
        verify(&token, url, request.headers, request.body)
    }

    fn signature_header(&self) -> Option<&str> {
        Some(SIGNATURE_HEADER)
    }

    fn summary(&self) -> String {
        format!(
            "{SIGNATURE_HEADER}: base64(HMAC-SHA1(\"{{url}}\" + sorted form parameters name+value)); \
             JSON bodies: {BODY_HASH_PARAMETER}=hex(SHA-256(body)) in the URL, which alone is signed"
        )
    }

    fn signs_url(&self) -> bool {
        true
    }

    fn url_for(&self, url: &str, body: &[u8]) -> String {
        url_for(url, body)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub const SIGNATURE_HEADER: &str = "X-Twilio-Signature";
/// The query parameter that carries the SHA-256 of a JSON body.
pub const BODY_HASH_PARAMETER: &str = "bodySHA256";

/// The value of the `bodySHA256` query parameter, if the URL has one.
fn body_hash_parameter(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == BODY_HASH_PARAMETER)
        .map(|(_, value)| value.into_owned())
}

/// Whether Twilio sends `body` as JSON (signed through `bodySHA256`) rather
/// than as form parameters.
pub fn is_json_body(body: &[u8]) -> bool {
    let start = body.iter().find(|b| !b.is_ascii_whitespace());
    matches!(start, Some(b'{' | b'['))
        && serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok()
}

/// The URL Twilio posts `body` to: unchanged for form bodies, with
/// `bodySHA256` appended for JSON ones (unless it is already there).
pub fn url_for(url: &str, body: &[u8]) -> String {
    if !is_json_body(body) || body_hash_parameter(url).is_some() {
        return url.to_string();
    }
    let (base, fragment) = match url.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (url, None),
    };
    let separator = match base.split_once('?') {
        Some((_, "")) => "",
        Some(_) => "&",
        None => "?",
    };
    let mut out = format!(
        "{base}{separator}{BODY_HASH_PARAMETER}={}",
        hex::encode(Sha256::digest(body))
    );
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// The form parameters of `body` as bytes: `+` is a space and `%XX` a byte,
/// as `application/x-www-form-urlencoded` says, with nothing replaced (a
/// lossy decoding would sign two different bodies alike).
fn form_pairs(body: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    let decode = |part: &[u8]| -> Vec<u8> {
        let spaced: Vec<u8> = part
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        percent_encoding::percent_decode(&spaced).collect()
    };
    body.split(|&b| b == b'&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| match piece.iter().position(|&b| b == b'=') {
            Some(at) => (decode(&piece[..at]), decode(&piece[at + 1..])),
            None => (decode(piece), Vec::new()),
        })
        .collect()
}

/// What Twilio signs: the URL, then (for a URL without `bodySHA256`) each
/// form parameter of the body as name + value, sorted by name and then by
/// value. Byte order is code-point order for the UTF-8 Twilio sends.
pub fn signed_content(url: &str, body: &[u8]) -> Vec<u8> {
    let mut content = url.as_bytes().to_vec();
    if body_hash_parameter(url).is_some() {
        return content;
    }
    let mut pairs = form_pairs(body);
    pairs.sort();
    for (name, value) in pairs {
        content.extend_from_slice(&name);
        content.extend_from_slice(&value);
    }
    content
}

/// The `X-Twilio-Signature` value for `body` posted to `url` (which already
/// carries `bodySHA256` for a JSON body; see [`url_for`]).
pub fn signature(token: &[u8], url: &str, body: &[u8]) -> String {
    let mac = hmac(Algorithm::Sha1, token, &[&signed_content(url, body)]);
    super::encode(Encoding::Base64, &mac)
}

/// Checks a delivery posted to `url`.
pub fn verify(token: &[u8], url: &str, headers: &Headers, body: &[u8]) -> Result<(), VerifyError> {
    let value = headers
        .get(SIGNATURE_HEADER)
        .ok_or_else(|| VerifyError::NotSigned {
            header: SIGNATURE_HEADER.to_string(),
        })?;
    let received =
        decode(Encoding::Base64, value.trim()).ok_or_else(|| VerifyError::InvalidHeader {
            header: SIGNATURE_HEADER.to_string(),
            reason: format!(
                "signature '{}' is not base64",
                super::preview(value.trim(), 16)
            ),
        })?;
    let body_hash_ok = match body_hash_parameter(url) {
        Some(claimed) => constant_time_eq(
            claimed.to_ascii_lowercase().as_bytes(),
            hex::encode(Sha256::digest(body)).as_bytes(),
        ),
        None => true,
    };
    let mut urls = vec![url.to_string()];
    urls.extend(signed_url::with_default_port(url));
    urls.extend(signed_url::without_default_port(url));
    let candidates: Vec<Vec<u8>> = urls
        .iter()
        .map(|url| hmac(Algorithm::Sha1, token, &[&signed_content(url, body)]))
        .collect();
    let signature_ok = candidates.iter().fold(false, |found, candidate| {
        found | constant_time_eq(candidate, &received)
    });
    if !signature_ok {
        return Err(VerifyError::NoValidSignature {
            header: SIGNATURE_HEADER.to_string(),
        });
    }
    if !body_hash_ok {
        return Err(VerifyError::BodyHashMismatch {
            parameter: BODY_HASH_PARAMETER.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use hmac::{Hmac, Mac};

    const TOKEN: &[u8] = b"12345";
    const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const FORM: &[u8] =
        b"CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
    const JSON: &[u8] = br#"{"property": "value", "boolean": true}"#;

    /// An HMAC-SHA1 computed with the `hmac` crate, not the code under test.
    fn oracle(signed: &str) -> String {
        let mut mac = Hmac::<sha1::Sha1>::new_from_slice(TOKEN).unwrap();
        mac.update(signed.as_bytes());
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    }

    fn signed(value: &str) -> Headers {
        let mut headers = Headers::new();
        headers.push(SIGNATURE_HEADER, value);
        headers
    }

    #[test]
    fn twilio_python_form_vector() {
        // The parameters sorted by name, each written name then value.
        let spec = "https://mycompany.com/myapp.php?foo=1&bar=2\
                    CallSidCA1234567890ABCDE\
                    Caller+14158675309\
                    Digits1234\
                    From+14158675309\
                    To+18005551212";
        assert_eq!(oracle(spec), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        assert_eq!(signed_content(URL, FORM), spec.as_bytes());
        assert_eq!(signature(TOKEN, URL, FORM), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        // Parameters in another order sign the same.
        let shuffled = b"To=%2B18005551212&Digits=1234&CallSid=CA1234567890ABCDE&From=%2B14158675309&Caller=%2B14158675309";
        assert_eq!(
            verify(
                TOKEN,
                URL,
                &signed("RSOYDt4T1cUTdK1PDd93/VVr8B8="),
                shuffled
            ),
            Ok(())
        );
    }

    #[test]
    fn twilio_python_json_vector() {
        let hashed_url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        assert_eq!(url_for(URL, JSON), hashed_url);
        assert_eq!(url_for(hashed_url, JSON), hashed_url);
        assert_eq!(oracle(hashed_url), "a9nBmqA0ju/hNViExpshrM61xv4=");
        assert_eq!(
            signature(TOKEN, hashed_url, JSON),
            "a9nBmqA0ju/hNViExpshrM61xv4="
        );
        let headers = signed("a9nBmqA0ju/hNViExpshrM61xv4=");
        assert_eq!(verify(TOKEN, hashed_url, &headers, JSON), Ok(()));
        assert_eq!(
            verify(
                TOKEN,
                hashed_url,
                &headers,
                br#"{"property": "value", "boolean": false}"#
            ),
            Err(VerifyError::BodyHashMismatch {
                parameter: BODY_HASH_PARAMETER.into()
            })
        );
    }

    #[test]
    fn default_port_spellings_verify_like_twilios_validators() {
        let headers = signed("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        assert_eq!(
            verify(
                TOKEN,
                "https://mycompany.com:443/myapp.php?foo=1&bar=2",
                &headers,
                FORM
            ),
            Ok(())
        );
        // Another port, scheme or host is another URL.
        for url in [
            "https://mycompany.com:8443/myapp.php?foo=1&bar=2",
            "http://mycompany.com/myapp.php?foo=1&bar=2",
            "https://mycompany.org/myapp.php?foo=1&bar=2",
            "https://mycompany.com/myapp.php?foo=1&bar=3",
        ] {
            assert!(
                matches!(
                    verify(TOKEN, url, &headers, FORM),
                    Err(VerifyError::NoValidSignature { .. })
                ),
                "{url}"
            );
        }
    }

    #[test]
    fn parameters_are_decoded_to_bytes_never_lossily() {
        // Two different bytes that a lossy UTF-8 decoding would both turn into U+FFFD.
        assert_ne!(signed_content(URL, b"a=%FE"), signed_content(URL, b"a=%FF"));
        assert_eq!(signed_content("u", b"b=2&a=1+x&&c"), b"ua1 xb2c");
        assert_eq!(signed_content("u", b"a=%41%2b"), b"uaA+");
    }

    #[test]
    fn bad_headers_are_named() {
        assert!(matches!(
            verify(TOKEN, URL, &Headers::new(), FORM),
            Err(VerifyError::NotSigned { .. })
        ));
        assert!(matches!(
            verify(TOKEN, URL, &signed("not base64!"), FORM),
            Err(VerifyError::InvalidHeader { .. })
        ));
    }

    #[test]
    fn json_bodies_are_told_from_form_bodies() {
        assert!(is_json_body(JSON));
        assert!(is_json_body(b" [1]"));
        assert!(!is_json_body(FORM));
        assert!(!is_json_body(b""));
        assert!(!is_json_body(b"{not json"));
        assert_eq!(url_for(URL, FORM), URL);
        assert!(url_for("https://h.example/x", JSON).starts_with("https://h.example/x?bodySHA256="));
        assert!(
            url_for("https://h.example/x?", JSON).starts_with("https://h.example/x?bodySHA256=")
        );
    }
}
