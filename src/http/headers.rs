//! Request headers as whk keeps them: an ordered list of (name, value) with
//! case-insensitive lookup. Order and repeated names are kept because a
//! verifier must see exactly what was sent; a `HeaderMap` would merge them.

/// Request headers as an ordered list with case-insensitive lookup; order and
/// repeated names are kept because a verifier must see what was sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    pub fn new() -> Self {
        Headers(Vec::new())
    }

    /// Headers from (name, value) pairs, in order.
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Self {
        pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    /// Replaces every header of that name with one value.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.push(name, value);
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn extend(&mut self, other: Headers) {
        self.0.extend(other.0);
    }

    /// Parses `Name: value`, the form curl and `whk sign` use.
    pub fn parse_line(line: &str) -> Result<(String, String), String> {
        match line.split_once(':') {
            Some((name, value)) if !name.trim().is_empty() && !name.contains(' ') => {
                Ok((name.trim().to_string(), value.trim().to_string()))
            }
            _ => Err(format!(
                "invalid header '{line}': expected 'Name: value', e.g. 'webhook-id: msg_123'"
            )),
        }
    }
}

/// A `HeaderMap` (one received, or one built to send) as whk keeps headers:
/// in its order, repeated names kept, values that are not UTF-8 decoded
/// lossily.
impl From<&hyper::HeaderMap> for Headers {
    fn from(map: &hyper::HeaderMap) -> Self {
        map.iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_string(), value)
            })
            .collect()
    }
}

impl FromIterator<(String, String)> for Headers {
    fn from_iter<T: IntoIterator<Item = (String, String)>>(iter: T) -> Self {
        Headers(iter.into_iter().collect())
    }
}

/// Headers that describe one hop (one connection), not the delivery: never
/// relayed by `listen --forward-to`, never replayed. The client sets its own.
pub const HOP_BY_HOP: [&str; 12] = [
    "host",
    "connection",
    "keep-alive",
    "proxy-connection",
    "content-length",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "proxy-authorization",
    "proxy-authenticate",
    "expect",
];

/// Whether `name` is an HTTP token (RFC 9110, section 5.6.2), as header
/// names must be. Checked here without building a `HeaderName`, which
/// allocates for names it does not know: load mode checks every request.
pub fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether `value` may be sent as a header value: no control characters
/// but tab (RFC 9110 section 5.5; bytes past ASCII are obs-text), as
/// `HeaderValue::from_str` checks, without its copy.
pub fn is_field_value(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b == b'\t' || (b >= b' ' && b != 0x7f))
}

/// Whether header `name` is one of [`HOP_BY_HOP`].
pub fn is_hop_by_hop(name: &str) -> bool {
    HOP_BY_HOP.iter().any(|hop| name.eq_ignore_ascii_case(hop))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_case_insensitive_and_keep_repeats() {
        let mut headers = Headers::new();
        headers.push("Webhook-Id", "a");
        headers.push("webhook-id", "b");
        assert_eq!(headers.get("WEBHOOK-ID"), Some("a"));
        assert_eq!(headers.get_all("webhook-id").count(), 2);
        headers.set("webhook-ID", "c");
        assert_eq!(headers.get_all("webhook-id").collect::<Vec<_>>(), ["c"]);
    }

    #[test]
    fn header_lines_parse_like_curl() {
        assert_eq!(
            Headers::parse_line("X-Hub-Signature-256: sha256=ab:cd"),
            Ok(("X-Hub-Signature-256".into(), "sha256=ab:cd".into()))
        );
        assert!(Headers::parse_line("no colon").is_err());
        assert!(Headers::parse_line(": empty").is_err());
    }

    #[test]
    fn wire_checks_agree_with_the_http_crate() {
        let names = [
            "X-Hub-Signature-256",
            "webhook-id",
            "a!#$%&'*+.^_`|~z",
            "",
            "x y",
            "x:y",
            "é",
        ];
        for name in names {
            let http = reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_ok();
            assert_eq!(is_token(name), http, "{name:?}");
        }
        let values = [
            "sha256=ab",
            "v1,a b\tc",
            "",
            "line\nbreak",
            "cr\r",
            "del\x7f",
            "é",
            "nul\0",
        ];
        for value in values {
            let http = reqwest::header::HeaderValue::from_str(value).is_ok();
            assert_eq!(is_field_value(value), http, "{value:?}");
        }
    }

    #[test]
    fn hop_by_hop_names_match_in_any_case() {
        assert!(is_hop_by_hop("Transfer-Encoding"));
        assert!(is_hop_by_hop("HOST"));
        assert!(!is_hop_by_hop("webhook-signature"));
    }
}
