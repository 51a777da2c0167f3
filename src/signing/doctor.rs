//! The signature doctor: when a delivery does not verify, find out why in terms
//! a developer can act on.
//!
//! A bare "mismatch" sends people hunting for hours; the usual causes are few
//! and checkable: a missing or malformed header, a secret given in the wrong
//! form for the scheme, a clock skew, or a body that something between the
//! sender and the verifier re-serialised (a framework parsing JSON and dumping
//! it again, an editor adding a newline, a proxy turning LF into CRLF). The
//! doctor re-runs verification against each of those alternatives.

use serde_json::Value;

use super::{Finding, Scheme, Secret, Severity, TimePolicy, VerifyError};
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
    OnlyTimestamp,
    SecretWithoutPrefix,
    SecretNeedsPrefix {
        matches: bool,
    },
    SecretHasPrefix {
        matches_without: bool,
    },
    BodyChanged {
        variant: &'static Change,
    },
    NoVariantMatches,
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
            Clue::OnlyTimestamp => "only_timestamp",
            Clue::SecretWithoutPrefix => "secret_without_whsec_prefix",
            Clue::SecretNeedsPrefix { matches: true } => "secret_prefix_dropped",
            Clue::SecretNeedsPrefix { matches: false } => "secret_without_whsec_prefix",
            Clue::SecretHasPrefix {
                matches_without: true,
            } => "secret_prefix_kept",
            Clue::SecretHasPrefix {
                matches_without: false,
            } => "secret_looks_standard",
            Clue::BodyChanged { variant } => variant.code,
            Clue::NoVariantMatches => "different_secret",
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
            Clue::OnlyTimestamp => {
                "the signature itself is valid; only the timestamp is outside the tolerance. \
                 A replayed delivery, or clocks out of sync (raise --tolerance to accept it)"
                    .to_string()
            }
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
            Clue::BodyChanged { variant } => format!(
                "the signature matches the body {}: the body was changed after signing \
                 (verify the raw bytes received, before any parsing or re-encoding)",
                variant.what
            ),
            Clue::NoVariantMatches => {
                "no variant of the body or secret matches: most likely a different secret \
                 (check which endpoint's secret the sender uses) or a different provider scheme"
                    .to_string()
            }
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
    code: "body_reserialized",
    what: "re-serialised as compact JSON",
};
const PRETTY: Change = Change {
    code: "body_reserialized",
    what: "re-serialised as pretty-printed JSON",
};
const REORDERED: Change = Change {
    code: "body_keys_reordered",
    what: "with its JSON keys in another order",
};

/// A body the sender may really have signed, and how it differs from ours.
struct Variant {
    body: Vec<u8>,
    change: &'static Change,
}

/// Diagnoses a failed verification. `error` is what `Scheme::verify` returned.
pub fn diagnose(
    scheme: &Scheme,
    secret: &Secret,
    headers: &Headers,
    body: &[u8],
    policy: TimePolicy,
    error: &VerifyError,
) -> Diagnosis {
    let mut diagnosis = Diagnosis::default();
    let ignore_time = TimePolicy::any_time(policy.now);
    let verifies =
        |secret: &Secret, body: &[u8]| scheme.verify(secret, headers, body, ignore_time).is_ok();
    let mut hints = Vec::new();

    match error {
        VerifyError::NotSigned { header } => hints.push(Clue::OtherScheme {
            header: header.clone(),
            present: headers.iter().map(|(name, _)| name.to_string()).collect(),
        }),
        VerifyError::TooOld { .. } | VerifyError::TooNew { .. } => hints.push(Clue::OnlyTimestamp),
        VerifyError::NoValidSignature { .. } => {
            hints.extend(secret_form(scheme, secret, body, &verifies));
            for variant in body_variants(body) {
                if verifies(secret, &variant.body) {
                    hints.push(Clue::BodyChanged {
                        variant: variant.change,
                    });
                }
            }
            if hints.is_empty() {
                hints.push(Clue::NoVariantMatches);
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
    explain_signatures(scheme, secret, headers, body, &mut diagnosis);
    diagnosis
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
    match (scheme, raw.strip_prefix("whsec_")) {
        (Scheme::Standard(_), None) => Some(Clue::SecretWithoutPrefix),
        (Scheme::Stripe(_), None) => Some(Clue::SecretNeedsPrefix {
            matches: verifies(&Secret::new(format!("whsec_{raw}")), body),
        }),
        (Scheme::Hmac(_) | Scheme::Bearer(_), Some(stripped)) => Some(Clue::SecretHasPrefix {
            matches_without: verifies(&Secret::new(stripped), body),
        }),
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
    if let Ok(json) = serde_json::from_slice::<Value>(body) {
        let compact = serde_json::to_vec(&json).unwrap_or_default();
        let pretty = serde_json::to_vec_pretty(&json).unwrap_or_default();
        let sorted = serde_json::to_vec(&sort_keys(json)).unwrap_or_default();
        for (candidate, change) in [
            (compact, &COMPACTED),
            (pretty, &PRETTY),
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
    headers: &Headers,
    body: &[u8],
    diagnosis: &mut Diagnosis,
) {
    let Some(header) = scheme.signature_header() else {
        return;
    };
    let id = scheme.claimed_id(headers).unwrap_or("");
    let timestamp = scheme.claimed_timestamp(headers).unwrap_or(0);
    diagnosis.add(Clue::SignedContent(signed_content_preview(
        scheme, id, timestamp, body,
    )));
    let message = super::Message {
        id,
        timestamp,
        body,
    };
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
    if matches!(scheme, Scheme::Bearer(_)) {
        // A bearer token is the secret itself.
        return "Bearer <hidden>".to_string();
    }
    super::preview(value, 20)
}

fn signed_content_preview(scheme: &Scheme, id: &str, timestamp: i64, body: &[u8]) -> String {
    let body_text = String::from_utf8_lossy(&body[..body.len().min(48)]).into_owned();
    let body_text = if body.len() > 48 {
        format!("{body_text}… ({} bytes)", body.len())
    } else {
        body_text
    };
    let shown = match scheme {
        Scheme::Standard(_) => format!("{id}.{timestamp}.{body_text}"),
        Scheme::Stripe(_) => format!("{timestamp}.{body_text}"),
        Scheme::Hmac(s) => s
            .template
            .replace("{id}", id)
            .replace("{timestamp}", &timestamp.to_string())
            .replace("{body}", &body_text),
        Scheme::Bearer(_) | Scheme::Unsigned => "(nothing: the scheme signs no content)".into(),
    };
    format!("{shown:?}")
}
