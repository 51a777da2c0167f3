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

use super::{Scheme, Secret, TimePolicy, VerifyError};
use crate::http::Headers;

/// What the doctor found, as sentences ready to print.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// Likely causes, most useful first.
    pub findings: Vec<String>,
    /// Details for `--explain`: signed content, signature prefixes, skew.
    pub details: Vec<String>,
}

/// A body the sender may really have signed, and how it differs from ours.
struct Variant {
    body: Vec<u8>,
    what: &'static str,
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

    if let Some(timestamp) = scheme.claimed_timestamp(headers) {
        let skew = policy.now - timestamp;
        diagnosis.details.push(format!(
            "timestamp {timestamp} is {} the verifier's clock ({})",
            describe_skew(skew),
            policy.now
        ));
    }

    match error {
        VerifyError::NotSigned { header } => {
            let present: Vec<&str> = headers.iter().map(|(name, _)| name).collect();
            diagnosis.findings.push(format!(
                "the request has no {header} header; headers present: {}. \
                 Is the sender using another provider's scheme (--provider)?",
                if present.is_empty() {
                    "none".to_string()
                } else {
                    present.join(", ")
                }
            ));
        }
        VerifyError::TooOld { .. } | VerifyError::TooNew { .. } => {
            diagnosis.findings.push(
                "the signature itself is valid; only the timestamp is outside the tolerance. \
                 A replayed delivery, or clocks out of sync (raise --tolerance to accept it)"
                    .to_string(),
            );
        }
        VerifyError::NoValidSignature { .. } => {
            if let Some(finding) = secret_form(scheme, secret, body, &verifies) {
                diagnosis.findings.push(finding);
            }
            for variant in body_variants(body) {
                if verifies(secret, &variant.body) {
                    diagnosis.findings.push(format!(
                        "the signature matches the body {}: the body was changed after signing \
                         (verify the raw bytes received, before any parsing or re-encoding)",
                        variant.what
                    ));
                }
            }
            if diagnosis.findings.is_empty() {
                diagnosis.findings.push(
                    "no variant of the body or secret matches: most likely a different secret \
                     (check which endpoint's secret the sender uses) or a different provider scheme"
                        .to_string(),
                );
            }
        }
        _ => {}
    }

    explain_signatures(scheme, secret, headers, body, &mut diagnosis.details);
    diagnosis
}

/// A secret given in the wrong form: a `whsec_` secret where the scheme uses
/// the raw string, or the reverse. Tries the other form before saying so.
fn secret_form(
    scheme: &Scheme,
    secret: &Secret,
    body: &[u8],
    verifies: &dyn Fn(&Secret, &[u8]) -> bool,
) -> Option<String> {
    let raw = secret.expose();
    match (scheme, raw.strip_prefix("whsec_")) {
        (Scheme::Standard(_), None) => Some(
            "the secret has no whsec_ prefix; Standard Webhooks secrets are whsec_<base64 key> \
             and only the base64 part is the key (it was decoded as base64 anyway)"
                .to_string(),
        ),
        (Scheme::Stripe(_), None) => {
            let prefixed = Secret::new(format!("whsec_{raw}"));
            Some(if verifies(&prefixed, body) {
                "the signature matches when the secret keeps its whsec_ prefix: Stripe uses the \
                 whole secret string, prefix included, as the key"
                    .to_string()
            } else {
                "Stripe signing secrets start with whsec_ and the whole string is the key; \
                 this one has no prefix"
                    .to_string()
            })
        }
        (Scheme::Hmac(_) | Scheme::Bearer(_), Some(stripped)) => {
            Some(if verifies(&Secret::new(stripped), body) {
                "the signature matches the secret without its whsec_ prefix: this scheme uses \
                 the secret string as the sender has it"
                    .to_string()
            } else {
                "the secret looks like a Standard Webhooks secret (whsec_...), but this scheme \
                 uses the secret string as it is; is it the secret this provider gave you?"
                    .to_string()
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
            what: "without its trailing newline",
        });
    } else {
        variants.push(Variant {
            body: [body, b"\n"].concat(),
            what: "with a trailing newline added",
        });
    }
    if body.windows(2).any(|w| w == b"\r\n") {
        variants.push(Variant {
            body: replace(body, b"\r\n", b"\n"),
            what: "with CRLF line endings turned into LF",
        });
    } else if body.contains(&b'\n') {
        variants.push(Variant {
            body: replace(body, b"\n", b"\r\n"),
            what: "with LF line endings turned into CRLF",
        });
    }
    if let Ok(json) = serde_json::from_slice::<Value>(body) {
        let compact = serde_json::to_vec(&json).unwrap_or_default();
        let pretty = serde_json::to_vec_pretty(&json).unwrap_or_default();
        let sorted = serde_json::to_vec(&sort_keys(json)).unwrap_or_default();
        for (candidate, what) in [
            (compact, "re-serialised as compact JSON"),
            (pretty, "re-serialised as pretty-printed JSON"),
            (sorted, "with its JSON keys in another order"),
        ] {
            if candidate != body && !variants.iter().any(|v| v.body == candidate) {
                variants.push(Variant {
                    body: candidate,
                    what,
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
    details: &mut Vec<String>,
) {
    let Some(header) = scheme.signature_header() else {
        return;
    };
    let id = scheme.claimed_id(headers).unwrap_or("");
    let timestamp = scheme.claimed_timestamp(headers).unwrap_or(0);
    details.push(format!(
        "signed content: {}",
        signed_content_preview(scheme, id, timestamp, body)
    ));
    let message = super::Message {
        id,
        timestamp,
        body,
    };
    if let Ok(expected) = scheme.sign(secret, &message) {
        if let Some(value) = expected.get(header) {
            details.push(format!(
                "expected {header}: {}",
                signature_prefix(scheme, value)
            ));
        }
    }
    for value in headers.get_all(header) {
        details.push(format!(
            "received {header}: {}",
            signature_prefix(scheme, value)
        ));
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
