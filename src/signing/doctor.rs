//! The signature doctor: when a delivery does not verify, find out why in terms
//! a developer can act on.
//!
//! A bare "mismatch" sends people hunting for hours; the usual causes are few
//! and checkable, so the doctor re-signs the delivery the ways senders get it
//! wrong and says which one matches: the secret in the wrong form (a trailing
//! newline, surrounding spaces, upper-cased, hex- or base64-decoded, a
//! `whsec_` prefix kept or dropped), the signed content built wrongly (the
//! timestamp or id left out, a separator missing, a timestamp other than the
//! one in the header, milliseconds), the wrong hash (recognised by the
//! signature's length), the wrong encoding or case, or a body that something
//! re-serialised (Python's `json.dumps`, `JSON.stringify`, pretty-printing,
//! `\uXXXX` escapes, a newline added or removed). Each answer is a typed clue
//! with a stable code; its sentence is rendered from the code.
//!
//! The work is bounded: a fixed list of alternatives, one HMAC each over the
//! body, so a 64 KiB body is diagnosed in milliseconds (`cargo bench --bench
//! signing` measures it).

use base64::Engine;
use serde_json::Value;

use super::hmac_scheme::{frame, Part};
use super::signed_url::{self, UrlChange};
use super::{
    encode, hmac, twilio, Algorithm, BearerScheme, Credential, Encoding, Finding, HmacScheme,
    KeyedListScheme, Message, Request, Scheme, Secret, Severity, StandardScheme, StripeScheme,
    TimePolicy, TwilioScheme, VerifyError,
};
use crate::http::Headers;

/// What the doctor found: likely causes ([`Severity::Warning`], most useful
/// first) and details for `--explain` ([`Severity::Info`]).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    pub findings: Vec<Finding>,
}

impl Diagnosis {
    /// The likely causes, as sentences.
    pub fn hints(&self) -> impl Iterator<Item = &str> {
        self.of(Severity::Warning)
    }

    /// The details for `--explain`, as sentences.
    pub fn details(&self) -> impl Iterator<Item = &str> {
        self.of(Severity::Info)
    }

    /// The most likely cause, if any: the short hint a listener line shows.
    pub fn first_hint(&self) -> Option<&Finding> {
        self.findings
            .iter()
            .find(|f| f.severity == Severity::Warning)
    }

    fn of(&self, severity: Severity) -> impl Iterator<Item = &str> {
        self.findings
            .iter()
            .filter(move |f| f.severity == severity)
            .map(|f| f.message.as_str())
    }

    fn add(&mut self, clue: Clue) {
        self.findings.push(clue.finding());
    }
}

/// A signature scheme of another provider, by its telltale header.
#[derive(Debug, Clone, Copy)]
pub struct Suspect<'a> {
    pub provider: &'a str,
    pub header: &'a str,
}

/// What the sender got wrong about the secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyMistake {
    TrailingNewline,
    Spaces,
    Uppercased,
    HexDecoded,
    Base64Decoded,
    /// Standard Webhooks: the whole `whsec_...` string used as the key.
    NotBase64Decoded,
}

/// What the sender got wrong about the signed content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LayoutMistake {
    TimestampLeftOut,
    IdLeftOut,
    SeparatorMissing,
    BodyOnly,
}

/// How the received signature is written, when it is the right MAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spelling {
    Exact,
    UpperHex,
    HexForBase64,
    Base64ForHex,
}

/// What the doctor can say. Each clue has a stable code, and its sentence is
/// rendered from the code and the values found, in one place.
enum Clue {
    Skew {
        timestamp: i64,
        now: i64,
    },
    OtherScheme {
        header: String,
        present: Vec<String>,
    },
    OtherProvider {
        provider: String,
        header: String,
    },
    OnlyTimestamp,
    Milliseconds {
        header: String,
        value: String,
    },
    SecretWithoutPrefix,
    SecretNeedsPrefix {
        matches: bool,
    },
    SecretHasPrefix {
        matches_without: bool,
    },
    Key(KeyMistake),
    Layout(LayoutMistake),
    TimestampMismatch {
        header: i64,
        signed: i64,
    },
    WrongHash {
        used: Algorithm,
        expected: Algorithm,
        verified: bool,
    },
    Spelled {
        spelling: Spelling,
        header: String,
        strict: bool,
    },
    Padded {
        header: String,
    },
    SecondHeader {
        header: String,
    },
    PrefixMissing {
        prefix: String,
    },
    TokenPadded,
    BearerWordMissing,
    BodyChanged {
        change: &'static Change,
    },
    NoVariantMatches,
    /// A key pair's signature that no variant of the body explains.
    DifferentKey,
    WrongToken,
    SignedUrl {
        change: UrlChange,
        url: String,
    },
    SignedContent(String),
    ExpectedSignature {
        header: String,
        prefix: String,
    },
    ReceivedSignature {
        header: String,
        prefix: String,
    },
}

impl Clue {
    fn code(&self) -> &'static str {
        match self {
            Clue::Skew { .. } => "timestamp_skew",
            Clue::OtherScheme { .. } => "other_scheme",
            Clue::OtherProvider { .. } => "other_provider",
            Clue::OnlyTimestamp => "only_timestamp",
            Clue::Milliseconds { .. } => "timestamp_in_milliseconds",
            Clue::SecretWithoutPrefix => "secret_without_whsec_prefix",
            Clue::SecretNeedsPrefix { matches: true } => "secret_prefix_dropped",
            Clue::SecretNeedsPrefix { matches: false } => "secret_without_whsec_prefix",
            Clue::SecretHasPrefix {
                matches_without: true,
            } => "secret_prefix_kept",
            Clue::SecretHasPrefix {
                matches_without: false,
            } => "secret_looks_standard",
            Clue::Key(KeyMistake::TrailingNewline) => "secret_trailing_newline",
            Clue::Key(KeyMistake::Spaces) => "secret_surrounding_spaces",
            Clue::Key(KeyMistake::Uppercased) => "secret_uppercased",
            Clue::Key(KeyMistake::HexDecoded) => "secret_hex_decoded",
            Clue::Key(KeyMistake::Base64Decoded) => "secret_base64_decoded",
            Clue::Key(KeyMistake::NotBase64Decoded) => "secret_not_base64_decoded",
            Clue::Layout(LayoutMistake::TimestampLeftOut) => "timestamp_not_signed",
            Clue::Layout(LayoutMistake::IdLeftOut) => "id_not_signed",
            Clue::Layout(LayoutMistake::SeparatorMissing) => "separator_missing",
            Clue::Layout(LayoutMistake::BodyOnly) => "body_only_signed",
            Clue::TimestampMismatch { .. } => "timestamp_header_mismatch",
            Clue::WrongHash {
                used: Algorithm::Sha1,
                ..
            } => "wrong_hash_sha1",
            Clue::WrongHash {
                used: Algorithm::Sha512,
                ..
            } => "wrong_hash_sha512",
            Clue::WrongHash { .. } => "wrong_hash_sha256",
            Clue::Spelled {
                spelling: Spelling::UpperHex,
                ..
            } => "uppercase_hex",
            Clue::Spelled {
                spelling: Spelling::HexForBase64,
                ..
            } => "hex_instead_of_base64",
            Clue::Spelled {
                spelling: Spelling::Base64ForHex,
                ..
            } => "base64_instead_of_hex",
            Clue::Spelled { .. } => "signature_spelled_differently",
            Clue::Padded { .. } => "signature_padded",
            Clue::SecondHeader { .. } => "second_signature_header",
            Clue::PrefixMissing { .. } => "signature_prefix_missing",
            Clue::TokenPadded => "token_padded",
            Clue::BearerWordMissing => "bearer_word_missing",
            Clue::BodyChanged { change } => change.code,
            Clue::NoVariantMatches => "different_secret",
            Clue::DifferentKey => "different_key",
            Clue::WrongToken => "wrong_token",
            Clue::SignedUrl { change, .. } => change.code(),
            Clue::SignedContent(_) => "signed_content",
            Clue::ExpectedSignature { .. } => "expected_signature",
            Clue::ReceivedSignature { .. } => "received_signature",
        }
    }

    fn severity(&self) -> Severity {
        match self {
            Clue::Skew { .. }
            | Clue::SignedContent(_)
            | Clue::ExpectedSignature { .. }
            | Clue::ReceivedSignature { .. } => Severity::Info,
            _ => Severity::Warning,
        }
    }

    fn message(&self) -> String {
        match self {
            Clue::Skew { timestamp, now } => format!(
                "timestamp {timestamp} is {} the verifier's clock ({now})",
                describe_skew(now - timestamp)
            ),
            Clue::OtherScheme { header, present } => format!(
                "the request has no {header} header; headers present: {}. \
                 Is the sender using another provider's scheme (--provider)?",
                if present.is_empty() {
                    "none".to_string()
                } else {
                    present.join(", ")
                }
            ),
            Clue::OtherProvider { provider, header } => format!(
                "the request carries {header}, a {provider} header: the sender looks like \
                 {provider}; verify with its preset (--provider) and its secret"
            ),
            Clue::OnlyTimestamp => {
                "the signature itself is valid; only the timestamp is outside the tolerance. \
                 A replayed delivery, or clocks out of sync (raise --tolerance to accept it)"
                    .to_string()
            }
            Clue::Milliseconds { header, value } => format!(
                "{header} '{value}' looks like milliseconds: the sender wrote Date.now() or \
                 currentTimeMillis() where unix seconds are expected (divide by 1000); a \
                 larger tolerance would not fix it"
            ),
            Clue::SecretWithoutPrefix => {
                "the secret has no whsec_ prefix; Standard Webhooks secrets are whsec_<base64 key> \
                 and only the base64 part is the key (it was decoded as base64 anyway)"
                    .to_string()
            }
            Clue::SecretNeedsPrefix { matches: true } => {
                "the signature matches when the secret keeps its whsec_ prefix: Stripe uses the \
                 whole secret string, prefix included, as the key"
                    .to_string()
            }
            Clue::SecretNeedsPrefix { matches: false } => {
                "Stripe signing secrets start with whsec_ and the whole string is the key; \
                 this one has no prefix"
                    .to_string()
            }
            Clue::SecretHasPrefix {
                matches_without: true,
            } => "the signature matches the secret without its whsec_ prefix: this scheme uses \
                 the secret string as the sender has it"
                .to_string(),
            Clue::SecretHasPrefix {
                matches_without: false,
            } => "the secret looks like a Standard Webhooks secret (whsec_...), but this scheme \
                 uses the secret string as it is; is it the secret this provider gave you?"
                .to_string(),
            Clue::Key(mistake) => format!(
                "the signature matches the secret {}: {}",
                match mistake {
                    KeyMistake::TrailingNewline => "with a trailing newline",
                    KeyMistake::Spaces => "with surrounding spaces",
                    KeyMistake::Uppercased => "in upper case",
                    KeyMistake::HexDecoded => "hex-decoded into bytes",
                    KeyMistake::Base64Decoded => "base64-decoded into bytes",
                    KeyMistake::NotBase64Decoded => "used as the whole whsec_ string",
                },
                match mistake {
                    KeyMistake::TrailingNewline | KeyMistake::Spaces => {
                        "the sender read it from a file or environment without trimming it"
                    }
                    KeyMistake::Uppercased => "the sender changed its case",
                    KeyMistake::HexDecoded | KeyMistake::Base64Decoded => {
                        "the key is the secret string's own bytes; the sender decoded it"
                    }
                    KeyMistake::NotBase64Decoded => {
                        "the key is the base64 after whsec_, decoded; the sender used the text"
                    }
                }
            ),
            Clue::Layout(mistake) => format!(
                "the signature matches content signed {}",
                match mistake {
                    LayoutMistake::TimestampLeftOut => {
                        "without the timestamp: the sender left it out of the signed content"
                    }
                    LayoutMistake::IdLeftOut => {
                        "without the message id: the sender left it out of the signed content"
                    }
                    LayoutMistake::SeparatorMissing => {
                        "without the separators between its parts: a '.' or ':' is missing"
                    }
                    LayoutMistake::BodyOnly => {
                        "over the body alone: the sender signs no timestamp or id"
                    }
                }
            ),
            Clue::TimestampMismatch { header, signed } => format!(
                "the signature matches timestamp {signed}, but the header says {header}: the \
                 sender read the clock twice; sign the timestamp it sends"
            ),
            Clue::WrongHash {
                used,
                expected,
                verified,
            } => format!(
                "the signature {} {used}, where this scheme uses {expected}",
                if *verified {
                    "matches"
                } else {
                    "has the length of"
                }
            ),
            Clue::Spelled {
                spelling,
                header,
                strict,
            } => {
                let how = match spelling {
                    Spelling::UpperHex => "your sender emits upper-case hex",
                    Spelling::HexForBase64 => {
                        "your sender writes the MAC in hex where base64 is expected"
                    }
                    Spelling::Base64ForHex => {
                        "your sender writes the MAC in base64 where hex is expected"
                    }
                    Spelling::Exact => "your sender writes the MAC another way",
                };
                if *strict {
                    format!(
                        "{how} in {header}; this provider's receivers compare the string exactly"
                    )
                } else {
                    format!("{how} in {header}")
                }
            }
            Clue::Padded { header } => format!(
                "{header} has spaces around the signature; this provider's receivers compare \
                 the string exactly"
            ),
            Clue::SecondHeader { header } => format!(
                "the request carries {header} more than once; this provider sends one and its \
                 receivers read one"
            ),
            Clue::PrefixMissing { prefix } => {
                format!("the signature is right but lacks its '{prefix}' prefix")
            }
            Clue::TokenPadded => {
                "the token matches once its surrounding spaces are removed".to_string()
            }
            Clue::BearerWordMissing => {
                "the token matches but is not written 'Bearer <key>'".to_string()
            }
            Clue::BodyChanged { change } => format!(
                "the signature matches the body {}: the body was changed after signing \
                 (verify the raw bytes received, before any parsing or re-encoding)",
                change.what
            ),
            Clue::NoVariantMatches => {
                "no variant of the body or secret matches: most likely a different secret \
                 (check which endpoint's secret the sender uses) or a different provider scheme"
                    .to_string()
            }
            Clue::DifferentKey => {
                "the signature does not verify with this public key and no common change to \
                 the body explains it: most likely another key pair (check the public key the \
                 provider shows for this application or endpoint) or a different provider scheme"
                    .to_string()
            }
            Clue::WrongToken => {
                "the token is not the configured API key and no common mistake explains it: \
                 check which key the sender was given"
                    .to_string()
            }
            Clue::SignedUrl { change, url } => format!(
                "the signature matches the URL {url}: {}",
                match change {
                    UrlChange::OtherScheme => {
                        "the sender posts to the other scheme (http/https), so a TLS-terminating \
                         proxy or tunnel sits in front; pass --public-url with the URL the sender \
                         posts to, or have the proxy send X-Forwarded-Proto"
                    }
                    UrlChange::OtherHost => {
                        "the sender posts to another host, so a proxy or tunnel sits in front; \
                         pass --public-url with the URL the sender posts to, or have the proxy \
                         send X-Forwarded-Host"
                    }
                    UrlChange::DefaultPortAdded | UrlChange::DefaultPortRemoved => {
                        "the sender writes the default port differently; use the URL exactly as \
                         the sender is configured with (--public-url)"
                    }
                }
            ),
            Clue::SignedContent(preview) => format!("signed content: {preview}"),
            Clue::ExpectedSignature { header, prefix } => format!("expected {header}: {prefix}"),
            Clue::ReceivedSignature { header, prefix } => format!("received {header}: {prefix}"),
        }
    }

    fn finding(&self) -> Finding {
        Finding::new(self.code(), self.severity(), self.message())
    }
}

/// A way the body may have changed between signing and verifying.
struct Change {
    code: &'static str,
    what: &'static str,
}

const NEWLINE_REMOVED: Change = Change {
    code: "body_trailing_newline_added",
    what: "without its trailing newline",
};
const NEWLINE_ADDED: Change = Change {
    code: "body_trailing_newline_removed",
    what: "with a trailing newline added",
};
const CRLF_TO_LF: Change = Change {
    code: "body_lf_became_crlf",
    what: "with CRLF line endings turned into LF",
};
const LF_TO_CRLF: Change = Change {
    code: "body_crlf_became_lf",
    what: "with LF line endings turned into CRLF",
};
const COMPACTED: Change = Change {
    code: "body_reserialized_compact",
    what: "re-serialised as compact JSON (as JSON.stringify(body) writes it)",
};
const PRETTY: Change = Change {
    code: "body_pretty_printed",
    what: "re-serialised as pretty-printed JSON (as JSON.stringify(body, null, 2) writes it)",
};
const PYTHON: Change = Change {
    code: "body_python_json_dumps",
    what: "as Python's json.dumps writes it by default (', ' and ': ' separators, \\uXXXX escapes)",
};
const REORDERED: Change = Change {
    code: "body_keys_reordered",
    what: "with its JSON keys in another order",
};
const ESCAPED: Change = Change {
    code: "body_unicode_escaped",
    what: "with its non-ASCII characters written as \\uXXXX escapes",
};
const UNESCAPED: Change = Change {
    code: "body_unicode_unescaped",
    what: "with its \\uXXXX escapes written as the characters",
};

/// A body the sender may really have signed, and how it differs from ours.
struct Variant {
    body: Vec<u8>,
    change: &'static Change,
}

/// The signed content around the body for another timestamp.
type Reframe = Box<dyn Fn(i64) -> (Vec<u8>, Vec<u8>)>;

/// What a MAC scheme signs and how it writes the result, rebuilt from the
/// received headers, so the doctor can re-sign the delivery other ways.
struct Frame {
    algorithm: Algorithm,
    encoding: Encoding,
    key: Vec<u8>,
    /// How the scheme derives its key from secret text.
    key_of: fn(&str) -> Option<Vec<u8>>,
    /// Whether that is by base64-decoding it (Standard Webhooks).
    decodes_base64: bool,
    /// The signed content around the body, as a correct sender builds it.
    before: Vec<u8>,
    after: Vec<u8>,
    /// The same with a part of it left out.
    layouts: Vec<(LayoutMistake, Vec<u8>, Vec<u8>)>,
    /// The framing for another timestamp, when the scheme signs one.
    at: Option<Reframe>,
    timestamp: Option<i64>,
    /// The signatures received, as written after their prefix.
    received: Vec<String>,
    /// Received values that lack the prefix.
    unprefixed: Vec<String>,
    prefix: String,
    header: String,
    strict: bool,
}

impl Frame {
    fn of(scheme: &Scheme, secret: &Secret, headers: &Headers) -> Option<Frame> {
        let text = secret.expose();
        // A v1a (Ed25519) key has no MAC to re-frame.
        if super::standard::is_key_pair(secret) {
            return None;
        }
        if let Some(s) = scheme.downcast::<StandardScheme>() {
            {
                let key_of: fn(&str) -> Option<Vec<u8>> =
                    |text| super::standard::decode_secret(&Secret::new(text)).ok();
                let (header, value) = s.signature_header_value(headers)?;
                let id = s.id_header_value(headers).unwrap_or("").trim().to_string();
                let ts = s
                    .timestamp_header_value(headers)
                    .unwrap_or("")
                    .trim()
                    .to_string();
                let (mut received, mut unprefixed) = (Vec::new(), Vec::new());
                for entry in value.split_whitespace() {
                    match entry.split_once(',') {
                        Some(("v1", signature)) => received.push(signature.to_string()),
                        Some(_) => {}
                        None => unprefixed.push(entry.to_string()),
                    }
                }
                let frame_id = id.clone();
                Some(Frame {
                    algorithm: Algorithm::Sha256,
                    encoding: Encoding::Base64,
                    key: key_of(text)?,
                    key_of,
                    decodes_base64: true,
                    before: format!("{id}.{ts}.").into_bytes(),
                    after: Vec::new(),
                    layouts: vec![
                        (
                            LayoutMistake::IdLeftOut,
                            format!("{ts}.").into_bytes(),
                            Vec::new(),
                        ),
                        (
                            LayoutMistake::TimestampLeftOut,
                            format!("{id}.").into_bytes(),
                            Vec::new(),
                        ),
                        (
                            LayoutMistake::SeparatorMissing,
                            format!("{id}{ts}").into_bytes(),
                            Vec::new(),
                        ),
                        (LayoutMistake::BodyOnly, Vec::new(), Vec::new()),
                    ],
                    at: Some(Box::new(move |t| {
                        (format!("{frame_id}.{t}.").into_bytes(), Vec::new())
                    })),
                    timestamp: ts.parse().ok(),
                    received,
                    unprefixed,
                    prefix: "v1,".into(),
                    header: header.to_string(),
                    strict: false,
                })
            }
        } else if scheme.downcast::<StripeScheme>().is_some() {
            {
                let value = headers.get(super::stripe::HEADER)?;
                let mut ts = String::new();
                let mut received = Vec::new();
                for element in value.split(',') {
                    match element.trim().split_once('=') {
                        Some(("t", t)) => ts = t.to_string(),
                        Some(("v1", signature)) => received.push(signature.to_string()),
                        _ => {}
                    }
                }
                Some(Frame {
                    algorithm: Algorithm::Sha256,
                    encoding: Encoding::Hex,
                    key: text.as_bytes().to_vec(),
                    key_of: text_key,
                    decodes_base64: false,
                    before: format!("{ts}.").into_bytes(),
                    after: Vec::new(),
                    layouts: vec![
                        (
                            LayoutMistake::SeparatorMissing,
                            ts.clone().into_bytes(),
                            Vec::new(),
                        ),
                        (LayoutMistake::BodyOnly, Vec::new(), Vec::new()),
                    ],
                    at: Some(Box::new(|t| (format!("{t}.").into_bytes(), Vec::new()))),
                    timestamp: ts.parse().ok(),
                    received,
                    unprefixed: Vec::new(),
                    prefix: "v1=".into(),
                    header: super::stripe::HEADER.to_string(),
                    strict: false,
                })
            }
        } else if let Some(s) = scheme.downcast::<HmacScheme>() {
            {
                let header = s.signature_header.to_string();
                let values: Vec<&str> = headers.get_all(&header).collect();
                if values.is_empty() {
                    return None;
                }
                let id = s
                    .id_header
                    .as_deref()
                    .and_then(|name| headers.get(name))
                    .unwrap_or("")
                    .trim()
                    .to_string();
                let ts = s
                    .timestamp_header
                    .as_deref()
                    .and_then(|name| headers.get(name))
                    .unwrap_or("")
                    .trim()
                    .to_string();
                let (mut received, mut unprefixed) = (Vec::new(), Vec::new());
                for value in values {
                    let value = if s.exact { value } else { value.trim() };
                    match value.strip_prefix(s.prefix.as_ref()) {
                        Some(encoded) => received.push(encoded.to_string()),
                        None => unprefixed.push(value.to_string()),
                    }
                }
                let (before, after) = s.framing(&id, &ts);
                let template = s.template.to_string();
                let layouts = hmac_layouts(&template, &id, &ts);
                let signs_time = template.contains("{timestamp}");
                let frame_id = id.clone();
                let format = s.timestamp_format;
                Some(Frame {
                    algorithm: s.algorithm,
                    encoding: s.encoding,
                    key: text.as_bytes().to_vec(),
                    key_of: text_key,
                    decodes_base64: false,
                    before: before.into_bytes(),
                    after: after.into_bytes(),
                    layouts,
                    at: signs_time.then(|| -> Reframe {
                        Box::new(move |t| {
                            let (before, after) = frame(&template, &frame_id, &format.render(t));
                            (before.into_bytes(), after.into_bytes())
                        })
                    }),
                    timestamp: format.parse(&header, &ts).ok(),
                    received,
                    unprefixed,
                    prefix: s.prefix.to_string(),
                    header,
                    strict: s.exact,
                })
            }
        } else if let Some(s) = scheme.downcast::<KeyedListScheme>() {
            let own = format!("{}=", s.signature_key);
            let stamp = format!("{}=", s.timestamp_key);
            let mut ts = String::new();
            let mut received = Vec::new();
            for line in headers.get_all(&s.signature_header) {
                for pair in line.split(s.separator.as_ref()).map(str::trim) {
                    if let Some(value) = pair.strip_prefix(&own) {
                        received.extend(value.split_whitespace().map(str::to_string));
                    } else if let Some(value) = pair.strip_prefix(&stamp) {
                        ts = value.to_string();
                    }
                }
            }
            if received.is_empty() {
                return None;
            }
            let template = s.template.to_string();
            let (before, after) = frame(&template, "", &ts);
            let format = s.timestamp_format;
            Some(Frame {
                algorithm: s.algorithm,
                encoding: s.encoding,
                key: text.as_bytes().to_vec(),
                key_of: text_key,
                decodes_base64: false,
                before: before.into_bytes(),
                after: after.into_bytes(),
                layouts: hmac_layouts(&template, "", &ts),
                timestamp: format.parse(&s.signature_header, &ts).ok(),
                at: Some(Box::new(move |t| {
                    let (before, after) = frame(&template, "", &format.render(t));
                    (before.into_bytes(), after.into_bytes())
                })),
                received,
                unprefixed: Vec::new(),
                prefix: own,
                header: s.signature_header.to_string(),
                strict: false,
            })
        } else {
            None
        }
    }

    /// How a received signature writes `mac`, if any received one does.
    fn spelling(&self, mac: &[u8]) -> Option<Spelling> {
        let exact = encode(self.encoding, mac);
        let spelled = |value: &str| {
            if value == exact {
                Some(Spelling::Exact)
            } else if self.encoding == Encoding::Hex && value == exact.to_uppercase() {
                Some(Spelling::UpperHex)
            } else if self.encoding == Encoding::Base64
                && value.eq_ignore_ascii_case(&hex::encode(mac))
            {
                Some(Spelling::HexForBase64)
            } else if self.encoding == Encoding::Hex && value == encode(Encoding::Base64, mac) {
                Some(Spelling::Base64ForHex)
            } else {
                None
            }
        };
        self.received.iter().find_map(|value| spelled(value))
    }

    /// Whether a received signature is exactly `mac`.
    fn matches(&self, key: &[u8], before: &[u8], body: &[u8], after: &[u8]) -> bool {
        let mac = hmac(self.algorithm, key, &[before, body, after]);
        self.spelling(&mac) == Some(Spelling::Exact)
    }

    /// The sender's likely mistake, tried in order of how often it happens.
    fn search(&self, secret: &Secret, body: &[u8], clues: &mut Vec<Clue>) {
        let canonical = hmac(
            self.algorithm,
            &self.key,
            &[&self.before, body, &self.after],
        );
        if let Some(spelling) = self.spelling(&canonical).filter(|s| *s != Spelling::Exact) {
            clues.push(Clue::Spelled {
                spelling,
                header: self.header.clone(),
                strict: self.strict,
            });
        }
        let encoded = encode(self.encoding, &canonical);
        if self
            .received
            .iter()
            .any(|r| r != &encoded && r.trim() == encoded)
        {
            clues.push(Clue::Padded {
                header: self.header.clone(),
            });
        }
        if self.unprefixed.iter().any(|r| r.trim() == encoded) {
            clues.push(Clue::PrefixMissing {
                prefix: self.prefix.clone(),
            });
        }
        for (mistake, key) in key_mistakes(secret.expose(), self.key_of, self.decodes_base64) {
            if key != self.key && self.matches(&key, &self.before, body, &self.after) {
                clues.push(Clue::Key(mistake));
            }
        }
        for (mistake, before, after) in &self.layouts {
            if self.matches(&self.key, before, body, after) {
                clues.push(Clue::Layout(*mistake));
            }
        }
        if let (Some(at), Some(claimed)) = (&self.at, self.timestamp) {
            for signed in (claimed - 5..=claimed + 5).filter(|t| *t != claimed) {
                let (before, after) = at(signed);
                if self.matches(&self.key, &before, body, &after) {
                    clues.push(Clue::TimestampMismatch {
                        header: claimed,
                        signed,
                    });
                }
            }
        }
        for variant in body_variants(body) {
            if self.matches(&self.key, &self.before, &variant.body, &self.after) {
                clues.push(Clue::BodyChanged {
                    change: variant.change,
                });
            }
        }
        self.hash_mistakes(body, clues);
    }

    /// A signature of another hash's length: SHA-1 is 20 bytes, SHA-256 32,
    /// SHA-512 64. Re-signed with that hash to be sure.
    fn hash_mistakes(&self, body: &[u8], clues: &mut Vec<Clue>) {
        for value in &self.received {
            let decoded = super::decode(self.encoding, value)
                .or_else(|| hex::decode(value).ok())
                .unwrap_or_default();
            let used = match decoded.len() {
                20 => Algorithm::Sha1,
                32 => Algorithm::Sha256,
                64 => Algorithm::Sha512,
                _ => continue,
            };
            if used == self.algorithm {
                continue;
            }
            let mac = hmac(used, &self.key, &[&self.before, body, &self.after]);
            clues.push(Clue::WrongHash {
                used,
                expected: self.algorithm,
                verified: mac == decoded,
            });
            return;
        }
    }
}

/// The key of schemes that use the secret string's own bytes.
fn text_key(text: &str) -> Option<Vec<u8>> {
    Some(text.as_bytes().to_vec())
}

/// The secret as senders commonly mangle it, as key bytes for the scheme.
fn key_mistakes(
    text: &str,
    key_of: fn(&str) -> Option<Vec<u8>>,
    decodes_base64: bool,
) -> Vec<(KeyMistake, Vec<u8>)> {
    let mut keys = Vec::new();
    let mut push = |mistake, key: Option<Vec<u8>>| {
        if let Some(key) = key.filter(|k| !k.is_empty()) {
            keys.push((mistake, key));
        }
    };
    push(KeyMistake::TrailingNewline, key_of(&format!("{text}\n")));
    for spaced in [format!("{text} "), format!(" {text}"), format!(" {text} ")] {
        push(KeyMistake::Spaces, key_of(&spaced));
    }
    push(KeyMistake::Uppercased, key_of(&text.to_uppercase()));
    if decodes_base64 {
        // Standard Webhooks keys are the base64 after whsec_, decoded.
        let raw = text.strip_prefix("whsec_").unwrap_or(text);
        push(KeyMistake::NotBase64Decoded, Some(text.as_bytes().to_vec()));
        push(KeyMistake::NotBase64Decoded, Some(raw.as_bytes().to_vec()));
    } else {
        // Other schemes key with the secret string's own bytes.
        push(KeyMistake::HexDecoded, hex::decode(text).ok());
        push(
            KeyMistake::Base64Decoded,
            base64::engine::general_purpose::STANDARD.decode(text).ok(),
        );
    }
    keys
}

/// An HMAC template with one part left out: the timestamp or the id (with
/// the separator that follows it), every separator between parts, or all
/// but the body.
fn hmac_layouts(template: &str, id: &str, ts: &str) -> Vec<(LayoutMistake, Vec<u8>, Vec<u8>)> {
    let parts = super::hmac_scheme::parse_template(template);
    let render = |keep: &dyn Fn(usize, &Part) -> bool| {
        let mut text = String::new();
        for (i, part) in parts.iter().enumerate() {
            if !keep(i, part) {
                continue;
            }
            text.push_str(match part {
                Part::Literal(literal) => literal,
                Part::Id => "{id}",
                Part::Timestamp => "{timestamp}",
                Part::Body => "{body}",
            });
        }
        text
    };
    let dropping = |placeholder: &Part| {
        let at = parts.iter().position(|p| p == placeholder)?;
        let separator = matches!(parts.get(at + 1), Some(Part::Literal(_))).then_some(at + 1);
        Some(render(&|i, _| i != at && Some(i) != separator))
    };
    let placeholders = parts
        .iter()
        .filter(|p| !matches!(p, Part::Literal(_)))
        .count();
    let first = parts.iter().position(|p| !matches!(p, Part::Literal(_)));
    let mut variants = Vec::new();
    if let Some(without) = dropping(&Part::Timestamp) {
        variants.push((LayoutMistake::TimestampLeftOut, without));
    }
    if let Some(without) = dropping(&Part::Id) {
        variants.push((LayoutMistake::IdLeftOut, without));
    }
    if placeholders > 1 {
        // Literals between placeholders go; a leading one ("v0:") stays.
        let joined = render(&|i, part| {
            !matches!(part, Part::Literal(_)) || first.is_none_or(|first| i < first)
        });
        variants.push((LayoutMistake::SeparatorMissing, joined));
        variants.push((LayoutMistake::BodyOnly, "{body}".to_string()));
    }
    variants
        .into_iter()
        .filter(|(_, t)| t != template)
        .map(|(mistake, t)| {
            let (before, after) = frame(&t, id, ts);
            (mistake, before.into_bytes(), after.into_bytes())
        })
        .collect()
}

/// Diagnoses a failed verification. `error` is what `Scheme::verify` returned.
pub fn diagnose(
    scheme: &Scheme,
    secret: &Secret,
    request: &Request,
    policy: TimePolicy,
    error: &VerifyError,
) -> Diagnosis {
    diagnose_among(scheme, secret, request, policy, error, &[])
}

/// [`diagnose`], also naming another provider whose signature header the
/// request carries (`suspects`: every other preset's).
pub fn diagnose_among(
    scheme: &Scheme,
    secret: &Secret,
    request: &Request,
    policy: TimePolicy,
    error: &VerifyError,
    suspects: &[Suspect],
) -> Diagnosis {
    let (headers, body) = (request.headers, request.body);
    let mut diagnosis = Diagnosis::default();
    let ignore_time = TimePolicy::any_time(policy.now);
    let verifies = |secret: &Secret, body: &[u8]| {
        let request = Request { body, ..*request };
        scheme.verify(secret, &request, ignore_time).is_ok()
    };
    let mut hints = Vec::new();
    let own = scheme.signature_header();
    let suspect = suspects.iter().find(|s| {
        own.is_none_or(|own| !own.eq_ignore_ascii_case(s.header)) && headers.get(s.header).is_some()
    });
    let frame = Frame::of(scheme, secret, headers);
    let key_pair =
        scheme.credential() == Credential::KeyPair || super::standard::is_key_pair(secret);

    match error {
        VerifyError::NotSigned { header } => {
            if let Some(suspect) = suspect {
                hints.push(Clue::OtherProvider {
                    provider: suspect.provider.to_string(),
                    header: suspect.header.to_string(),
                });
            }
            hints.push(Clue::OtherScheme {
                header: header.clone(),
                present: headers.iter().map(|(name, _)| name.to_string()).collect(),
            });
        }
        VerifyError::TooOld { .. } | VerifyError::TooNew { .. } => hints.push(Clue::OnlyTimestamp),
        VerifyError::InvalidHeader { header, .. } => {
            if let Some(value) = timestamp_text(scheme, headers).filter(|v| {
                v.parse::<i64>()
                    .is_ok_and(|n| n.unsigned_abs() >= 100_000_000_000)
            }) {
                hints.push(Clue::Milliseconds {
                    header: header.clone(),
                    value,
                });
            } else if frame.as_ref().is_some_and(|f| f.strict)
                && scheme
                    .signature_header()
                    .is_some_and(|name| headers.get_all(name).count() > 1)
            {
                hints.push(Clue::SecondHeader {
                    header: header.clone(),
                });
            } else if let Some(frame) = &frame {
                frame.search(secret, body, &mut hints);
            }
            if scheme.downcast::<BearerScheme>().is_some() {
                let token = headers.get(header).unwrap_or("").trim();
                if token == secret.expose() {
                    hints.push(Clue::BearerWordMissing);
                }
            }
        }
        VerifyError::NoValidSignature { .. } => {
            hints.extend(other_url(scheme, secret, request, ignore_time));
            if let Some(frame) = &frame {
                frame.search(secret, body, &mut hints);
            } else if key_pair {
                // No MAC to re-frame, but a changed body can still be found:
                // each variant costs one signature check.
                for variant in body_variants(body) {
                    if verifies(secret, &variant.body) {
                        hints.push(Clue::BodyChanged {
                            change: variant.change,
                        });
                    }
                }
            }
            hints.extend(secret_form(scheme, secret, body, &verifies));
            if let Some(suspect) = suspect {
                hints.push(Clue::OtherProvider {
                    provider: suspect.provider.to_string(),
                    header: suspect.header.to_string(),
                });
            }
            if hints.is_empty() {
                hints.push(match key_pair {
                    true => Clue::DifferentKey,
                    false => Clue::NoVariantMatches,
                });
            }
        }
        VerifyError::WrongToken { header } => {
            let token = headers
                .get(header)
                .and_then(|v| v.trim().strip_prefix("Bearer "))
                .unwrap_or("");
            if token.trim() == secret.expose() {
                hints.push(Clue::TokenPadded);
            }
            hints.extend(secret_form(scheme, secret, body, &verifies));
            if hints.is_empty() {
                hints.push(Clue::WrongToken);
            }
        }
        _ => {}
    }
    for hint in hints {
        diagnosis.add(hint);
    }
    if let Some(timestamp) = scheme.claimed_timestamp(headers) {
        diagnosis.add(Clue::Skew {
            timestamp,
            now: policy.now,
        });
    }
    explain_signatures(scheme, secret, request, &mut diagnosis);
    diagnosis
}

/// For a scheme that signs the URL: the URL the sender signed, when it is
/// another scheme, host or port spelling of the one verified against (the
/// classic failure behind a tunnel or a TLS-terminating proxy).
fn other_url(
    scheme: &Scheme,
    secret: &Secret,
    request: &Request,
    policy: TimePolicy,
) -> Option<Clue> {
    let url = request.url.filter(|_| scheme.signs_url())?;
    let hosts: Vec<&str> = ["X-Forwarded-Host", "Host"]
        .iter()
        .filter_map(|name| request.headers.get(name))
        .filter_map(|value| value.split(',').next())
        .collect();
    signed_url::candidates(url, &hosts)
        .into_iter()
        .find(|(_, candidate)| {
            let moved = Request {
                url: Some(candidate),
                ..*request
            };
            scheme.verify(secret, &moved, policy).is_ok()
        })
        .map(|(change, url)| Clue::SignedUrl { change, url })
}

/// The timestamp a delivery carries, as written.
fn timestamp_text(scheme: &Scheme, headers: &Headers) -> Option<String> {
    if scheme.downcast::<StripeScheme>().is_some() {
        headers
            .get(super::stripe::HEADER)?
            .split(',')
            .find_map(|e| e.trim().strip_prefix("t="))
            .map(str::to_string)
    } else if let Some(s) = scheme.downcast::<StandardScheme>() {
        s.timestamp_header_value(headers)
            .map(|v| v.trim().to_string())
    } else {
        headers
            .get(scheme.timestamp_header()?)
            .map(|v| v.trim().to_string())
    }
}

/// A secret given in the wrong form: a `whsec_` secret where the scheme uses
/// the raw string, or the reverse. Tries the other form before saying so.
fn secret_form(
    scheme: &Scheme,
    secret: &Secret,
    body: &[u8],
    verifies: &dyn Fn(&Secret, &[u8]) -> bool,
) -> Option<Clue> {
    let raw = secret.expose();
    // A key pair has no secret text to get wrong this way.
    if scheme.credential() == Credential::KeyPair || super::standard::is_key_pair(secret) {
        return None;
    }
    let standard = scheme.downcast::<StandardScheme>().is_some();
    let stripe = scheme.downcast::<StripeScheme>().is_some();
    match raw.strip_prefix("whsec_") {
        None if standard => Some(Clue::SecretWithoutPrefix),
        None if stripe => Some(Clue::SecretNeedsPrefix {
            matches: verifies(&Secret::new(format!("whsec_{raw}")), body),
        }),
        Some(stripped) if !standard && !stripe && scheme.credential() != Credential::None => {
            Some(Clue::SecretHasPrefix {
                matches_without: verifies(&Secret::new(stripped), body),
            })
        }
        _ => None,
    }
}

fn describe_skew(skew: i64) -> String {
    match skew {
        0 => "equal to".to_string(),
        s if s > 0 => format!("{s}s behind"),
        s => format!("{}s ahead of", -s),
    }
}

/// The bodies a sender plausibly signed when the one received does not match.
fn body_variants(body: &[u8]) -> Vec<Variant> {
    let mut variants = Vec::new();
    if let Some(trimmed) = body
        .strip_suffix(b"\r\n")
        .or_else(|| body.strip_suffix(b"\n"))
    {
        variants.push(Variant {
            body: trimmed.to_vec(),
            change: &NEWLINE_REMOVED,
        });
    } else {
        variants.push(Variant {
            body: [body, b"\n"].concat(),
            change: &NEWLINE_ADDED,
        });
    }
    if body.windows(2).any(|w| w == b"\r\n") {
        variants.push(Variant {
            body: replace(body, b"\r\n", b"\n"),
            change: &CRLF_TO_LF,
        });
    } else if body.contains(&b'\n') {
        variants.push(Variant {
            body: replace(body, b"\n", b"\r\n"),
            change: &LF_TO_CRLF,
        });
    }
    // The smallest changes first: a body that differs only in its escapes
    // is named for that, not for a re-serialisation that also happens to match.
    if let Ok(text) = std::str::from_utf8(body) {
        let escaped = escape_non_ascii(text);
        if escaped != text {
            variants.push(Variant {
                body: escaped.into_bytes(),
                change: &ESCAPED,
            });
        }
        if let Some(unescaped) = unescape_unicode(text).filter(|u| u != text) {
            variants.push(Variant {
                body: unescaped.into_bytes(),
                change: &UNESCAPED,
            });
        }
    }
    if let Ok(json) = serde_json::from_slice::<Value>(body) {
        let compact = serde_json::to_vec(&json).unwrap_or_default();
        let pretty = serde_json::to_vec_pretty(&json).unwrap_or_default();
        let python = python_dumps(&json).into_bytes();
        let sorted = serde_json::to_vec(&sort_keys(json)).unwrap_or_default();
        for (candidate, change) in [
            (compact, &COMPACTED),
            (pretty, &PRETTY),
            (python, &PYTHON),
            (sorted, &REORDERED),
        ] {
            if candidate != body && !variants.iter().any(|v| v.body == candidate) {
                variants.push(Variant {
                    body: candidate,
                    change,
                });
            }
        }
    }
    variants
}

/// `text` with every non-ASCII character as a JSON `\uXXXX` escape
/// (surrogate pairs above the BMP), as PHP and Python write them by default.
fn escape_non_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
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
    out
}

/// `text` with its `\uXXXX` escapes of non-ASCII characters written out,
/// when it has any (escapes of quotes and control characters stay).
fn unescape_unicode(text: &str) -> Option<String> {
    if !text.contains("\\u") {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\\u") {
        out.push_str(&rest[..at]);
        let unit = |s: &str| s.get(2..6).and_then(|h| u16::from_str_radix(h, 16).ok());
        let here = &rest[at..];
        match unit(here) {
            Some(high) if (0xD800..0xDC00).contains(&high) => {
                let low = here
                    .get(6..)
                    .and_then(|s| s.starts_with("\\u").then(|| unit(s))?);
                match low.and_then(|low| char::decode_utf16([high, low]).next()?.ok()) {
                    Some(c) => {
                        out.push(c);
                        rest = &here[12..];
                    }
                    None => {
                        out.push_str(&here[..6]);
                        rest = &here[6..];
                    }
                }
            }
            Some(unit) if unit >= 0x80 => {
                out.push(char::from_u32(u32::from(unit)).unwrap_or('\u{fffd}'));
                rest = &here[6..];
            }
            _ => {
                out.push_str(&here[..2]);
                rest = &here[2..];
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

/// `value` as Python's `json.dumps(value)` writes it: `", "` and `": "`
/// separators and every non-ASCII character escaped.
fn python_dumps(value: &Value) -> String {
    fn write(out: &mut String, value: &Value) {
        match value {
            Value::Object(map) => {
                out.push('{');
                for (i, (key, item)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&escape_non_ascii(&Value::String(key.clone()).to_string()));
                    out.push_str(": ");
                    write(out, item);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write(out, item);
                }
                out.push(']');
            }
            Value::String(_) => out.push_str(&escape_non_ascii(&value.to_string())),
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(&mut out, value);
    out
}

fn sort_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sort_keys(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort_keys).collect()),
        other => other,
    }
}

fn replace(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len() + haystack.len() / 16);
    let mut rest = haystack;
    while let Some(at) = rest.windows(from.len()).position(|w| w == from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// Expected versus received signature prefixes: enough to compare by eye,
/// never the whole expected value and never the secret.
fn explain_signatures(
    scheme: &Scheme,
    secret: &Secret,
    request: &Request,
    diagnosis: &mut Diagnosis,
) {
    let Some(header) = scheme.signature_header() else {
        return;
    };
    let headers = request.headers;
    let id = scheme.claimed_id(headers).unwrap_or("");
    let timestamp = scheme.claimed_timestamp(headers).unwrap_or(0);
    let message = Message {
        method: request.method,
        ..Message::post(id, timestamp, request.body).to(request.url)
    };
    diagnosis.add(Clue::SignedContent(signed_content_preview(
        scheme, secret, &message,
    )));
    if let Ok(expected) = scheme.sign(secret, &message) {
        if let Some(value) = expected.get(header) {
            diagnosis.add(Clue::ExpectedSignature {
                header: header.to_string(),
                prefix: signature_prefix(scheme, value),
            });
        }
    }
    for value in headers.get_all(header) {
        diagnosis.add(Clue::ReceivedSignature {
            header: header.to_string(),
            prefix: signature_prefix(scheme, value),
        });
    }
}

fn signature_prefix(scheme: &Scheme, value: &str) -> String {
    if matches!(scheme.credential(), Credential::Token { .. }) {
        // A bearer token is the secret itself.
        return "Bearer <hidden>".to_string();
    }
    super::preview(value, 20)
}

fn signed_content_preview(scheme: &Scheme, secret: &Secret, message: &Message) -> String {
    let body = message.body;
    let body_text = String::from_utf8_lossy(&body[..body.len().min(48)]).into_owned();
    let body_text = if body.len() > 48 {
        format!("{body_text}… ({} bytes)", body.len())
    } else {
        body_text
    };
    if scheme.downcast::<TwilioScheme>().is_some() {
        let content = twilio::signed_content(message.url.unwrap_or_default(), body);
        return format!(
            "{:?}",
            super::preview(&String::from_utf8_lossy(&content), 120)
        );
    }
    // Key-pair schemes sign their content whole, with no MAC framing.
    let timestamped = scheme.downcast::<super::Ed25519Scheme>().is_some()
        || scheme.downcast::<super::EcdsaScheme>().is_some();
    if timestamped {
        return format!("{:?}", format!("{}{body_text}", message.timestamp));
    }
    if scheme.downcast::<StandardScheme>().is_some() && super::standard::is_key_pair(secret) {
        return format!(
            "{:?}",
            format!("{}.{}.{body_text}", message.id, message.timestamp)
        );
    }
    match scheme.mac_framing(secret, message) {
        Some(Ok(framing)) => format!(
            "{:?}",
            format!(
                "{}{body_text}{}",
                String::from_utf8_lossy(&framing.before),
                String::from_utf8_lossy(&framing.after)
            )
        ),
        _ => "(nothing: the scheme signs no content)".into(),
    }
}
