//! The signature doctor's corpus: one line per mistake a sender makes, built
//! here from the providers' specifications (independent HMACs), and the
//! diagnosis code `whk verify --json` must name first.

use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::Value;

use crate::support::{oracle, Sandbox};

const TS: i64 = 1_700_000_000;
const STD: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY: &str = r#"{"id":"evt_1","type":"SESSION_ENDED","note":"café","url":"a/b","n":[1,2]}"#;
const PYTHON: &str =
    r#"{"id": "evt_1", "type": "SESSION_ENDED", "note": "caf\u00e9", "url": "a/b", "n": [1, 2]}"#;
const PRETTY: &str = "{\n  \"id\": \"evt_1\",\n  \"type\": \"SESSION_ENDED\",\n  \"note\": \"café\",\n  \"url\": \"a/b\",\n  \"n\": [\n    1,\n    2\n  ]\n}";
const ESCAPED: &str =
    r#"{"id":"evt_1","type":"SESSION_ENDED","note":"caf\u00e9","url":"a/b","n":[1,2]}"#;
const SPACED: &str =
    r#"{ "id":"evt_1", "type":"SESSION_ENDED", "note":"café", "url":"a/b", "n":[1,2] }"#;

fn sha256(key: &[u8], content: &[u8]) -> Vec<u8> {
    oracle::hmac_sha256(key, content)
}

fn sha1(key: &[u8], content: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key).unwrap();
    mac.update(content);
    mac.finalize().into_bytes().to_vec()
}

fn sha512(key: &[u8], content: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<sha2::Sha512>::new_from_slice(key).unwrap();
    mac.update(content);
    mac.finalize().into_bytes().to_vec()
}

fn std_key() -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(STD.trim_start_matches("whsec_"))
        .unwrap()
}

/// A delivery as a mistaken sender made it.
struct Sent {
    provider: &'static str,
    /// The secret the receiver verifies with.
    secret: &'static str,
    headers: Vec<(String, String)>,
    body: String,
}

fn izi(secret: &'static str, signature: String, body: &str) -> Sent {
    Sent {
        provider: "izi",
        secret,
        headers: vec![("X-IZI-Signature".into(), signature)],
        body: body.into(),
    }
}

fn irisync(timestamp: String, signature: String) -> Sent {
    Sent {
        provider: "irisync",
        secret: "iri-secret",
        headers: vec![
            ("X-IriSync-Timestamp".into(), timestamp),
            ("X-IriSync-Signature".into(), signature),
        ],
        body: BODY.into(),
    }
}

fn standard(signature: String) -> Sent {
    Sent {
        provider: "standard",
        secret: STD,
        headers: vec![
            ("webhook-id".into(), "msg_1".into()),
            ("webhook-timestamp".into(), TS.to_string()),
            ("webhook-signature".into(), signature),
        ],
        body: BODY.into(),
    }
}

fn github(secret: &'static str, signature: String) -> Sent {
    Sent {
        provider: "github",
        secret,
        headers: vec![("X-Hub-Signature-256".into(), signature)],
        body: BODY.into(),
    }
}

fn unibo(authorization: &str) -> Sent {
    Sent {
        provider: "unibo",
        secret: "api-key-1",
        headers: vec![("Authorization".into(), authorization.into())],
        body: BODY.into(),
    }
}

/// (what the sender did wrong, the delivery, the code the doctor names first)
fn corpus() -> Vec<(&'static str, Sent, &'static str)> {
    let b = BODY.as_bytes();
    let hex = oracle::hex;
    let b64 = oracle::b64;
    let iri = |ts: &str, body: &[u8]| {
        hex(&sha256(
            b"iri-secret",
            &[ts.as_bytes(), b".", body].concat(),
        ))
    };
    let std_sig = |content: String| format!("v1,{}", b64(&sha256(&std_key(), content.as_bytes())));
    let ts = TS.to_string();
    vec![
        (
            "secret with a trailing newline",
            izi("izi-secret", hex(&sha256(b"izi-secret\n", b)), BODY),
            "secret_trailing_newline",
        ),
        (
            "secret with a leading space",
            izi("izi-secret", hex(&sha256(b" izi-secret", b)), BODY),
            "secret_surrounding_spaces",
        ),
        (
            "secret with a trailing space",
            izi("izi-secret", hex(&sha256(b"izi-secret ", b)), BODY),
            "secret_surrounding_spaces",
        ),
        (
            "secret upper-cased",
            izi("izi-secret", hex(&sha256(b"IZI-SECRET", b)), BODY),
            "secret_uppercased",
        ),
        (
            "secret hex-decoded",
            github(
                "6768736563726574",
                format!("sha256={}", hex(&sha256(b"ghsecret", b))),
            ),
            "secret_hex_decoded",
        ),
        (
            "secret base64-decoded",
            Sent {
                provider: "shopify",
                secret: "c2hvcC1zZWNyZXQ=",
                headers: vec![(
                    "X-Shopify-Hmac-Sha256".into(),
                    b64(&sha256(b"shop-secret", b)),
                )],
                body: BODY.into(),
            },
            "secret_base64_decoded",
        ),
        (
            "whsec_ string used as the key, not its base64",
            standard(format!(
                "v1,{}",
                b64(&sha256(
                    STD.as_bytes(),
                    format!("msg_1.{TS}.{BODY}").as_bytes()
                ))
            )),
            "secret_not_base64_decoded",
        ),
        (
            "whsec_ prefix dropped by the receiver (Stripe keys keep it)",
            Sent {
                provider: "stripe",
                secret: "stripe_abc123",
                headers: vec![(
                    "Stripe-Signature".into(),
                    format!(
                        "t={TS},v1={}",
                        hex(&sha256(
                            b"whsec_stripe_abc123",
                            format!("{TS}.{BODY}").as_bytes()
                        ))
                    ),
                )],
                body: BODY.into(),
            },
            "secret_prefix_dropped",
        ),
        (
            "whsec_ prefix kept by the receiver, dropped by the sender",
            izi("whsec_izi-secret", hex(&sha256(b"izi-secret", b)), BODY),
            "secret_prefix_kept",
        ),
        (
            "timestamp header differs from the signed one",
            irisync((TS + 1).to_string(), iri(&ts, b)),
            "timestamp_header_mismatch",
        ),
        (
            "timestamp left out of the signed content",
            irisync(ts.clone(), hex(&sha256(b"iri-secret", b))),
            "timestamp_not_signed",
        ),
        (
            "millisecond timestamp",
            irisync(format!("{TS}000"), iri(&format!("{TS}000"), b)),
            "timestamp_in_milliseconds",
        ),
        (
            "id left out (Standard Webhooks)",
            standard(std_sig(format!("{TS}.{BODY}"))),
            "id_not_signed",
        ),
        (
            "timestamp left out (Standard Webhooks)",
            standard(std_sig(format!("msg_1.{BODY}"))),
            "timestamp_not_signed",
        ),
        (
            "separators missing (Standard Webhooks)",
            standard(std_sig(format!("msg_1{TS}{BODY}"))),
            "separator_missing",
        ),
        (
            "separator missing (Slack)",
            Sent {
                provider: "slack",
                secret: "slack-secret",
                headers: vec![
                    ("X-Slack-Request-Timestamp".into(), ts.clone()),
                    (
                        "X-Slack-Signature".into(),
                        format!(
                            "v0={}",
                            hex(&sha256(
                                b"slack-secret",
                                format!("v0:{TS}{BODY}").as_bytes()
                            ))
                        ),
                    ),
                ],
                body: BODY.into(),
            },
            "separator_missing",
        ),
        (
            "SHA-1 where SHA-256 is expected",
            github(
                "gh-secret",
                format!("sha256={}", hex(&sha1(b"gh-secret", b))),
            ),
            "wrong_hash_sha1",
        ),
        (
            "SHA-512 where SHA-256 is expected",
            izi("izi-secret", hex(&sha512(b"izi-secret", b)), BODY),
            "wrong_hash_sha512",
        ),
        (
            "hex where base64 is expected",
            standard(format!(
                "v1,{}",
                hex(&sha256(&std_key(), format!("msg_1.{TS}.{BODY}").as_bytes()))
            )),
            "hex_instead_of_base64",
        ),
        (
            "base64 where hex is expected",
            github(
                "gh-secret",
                format!("sha256={}", b64(&sha256(b"gh-secret", b))),
            ),
            "base64_instead_of_hex",
        ),
        (
            "upper-case hex (IZI compares exactly)",
            izi(
                "izi-secret",
                hex(&sha256(b"izi-secret", b)).to_uppercase(),
                BODY,
            ),
            "uppercase_hex",
        ),
        (
            "signature prefix left out",
            github("gh-secret", hex(&sha256(b"gh-secret", b))),
            "signature_prefix_missing",
        ),
        (
            "a second signature header (IZI sends one)",
            Sent {
                provider: "izi",
                secret: "izi-secret",
                headers: vec![
                    ("X-IZI-Signature".into(), hex(&sha256(b"izi-secret", b))),
                    ("X-IZI-Signature".into(), hex(&sha256(b"izi-secret", b))),
                ],
                body: BODY.into(),
            },
            "second_signature_header",
        ),
        (
            "body re-serialised by Python's json.dumps defaults",
            izi(
                "izi-secret",
                hex(&sha256(b"izi-secret", PYTHON.as_bytes())),
                BODY,
            ),
            "body_python_json_dumps",
        ),
        (
            "body re-serialised by JSON.stringify",
            izi("izi-secret", hex(&sha256(b"izi-secret", b)), SPACED),
            "body_reserialized_compact",
        ),
        (
            "body pretty-printed",
            izi(
                "izi-secret",
                hex(&sha256(b"izi-secret", PRETTY.as_bytes())),
                BODY,
            ),
            "body_pretty_printed",
        ),
        (
            "trailing newline added to the body",
            izi(
                "izi-secret",
                hex(&sha256(b"izi-secret", b)),
                &format!("{BODY}\n"),
            ),
            "body_trailing_newline_added",
        ),
        (
            "trailing newline removed from the body",
            izi(
                "izi-secret",
                hex(&sha256(b"izi-secret", format!("{BODY}\n").as_bytes())),
                BODY,
            ),
            "body_trailing_newline_removed",
        ),
        (
            "body signed with \\uXXXX escapes",
            izi(
                "izi-secret",
                hex(&sha256(b"izi-secret", ESCAPED.as_bytes())),
                BODY,
            ),
            "body_unicode_escaped",
        ),
        (
            "body received with \\uXXXX escapes, signed with the characters",
            izi("izi-secret", hex(&sha256(b"izi-secret", b)), ESCAPED),
            "body_unicode_unescaped",
        ),
        (
            "another provider's scheme",
            Sent {
                provider: "standard",
                secret: STD,
                headers: vec![("Stripe-Signature".into(), format!("t={TS},v1=00"))],
                body: BODY.into(),
            },
            "other_provider",
        ),
        (
            "a Unibo token with an extra space",
            unibo("Bearer  api-key-1"),
            "token_padded",
        ),
        (
            "a Unibo token without 'Bearer '",
            unibo("api-key-1"),
            "bearer_word_missing",
        ),
        (
            "a different secret altogether",
            izi("izi-secret", hex(&sha256(b"someone-else", b)), BODY),
            "different_secret",
        ),
    ]
}

#[test]
fn the_doctor_names_each_common_mistake() {
    let sandbox = Sandbox::new();
    let cases = corpus();
    assert!(cases.len() >= 25, "{} cases", cases.len());
    let mut wrong = Vec::new();
    for (n, (mistake, sent, expected)) in cases.into_iter().enumerate() {
        let body = sandbox.write(&format!("body-{n}"), sent.body.as_bytes());
        let mut cmd = sandbox.whk();
        cmd.args([
            "verify",
            "--json",
            "-p",
            sent.provider,
            "--secret",
            sent.secret,
        ])
        .args(["--now", &TS.to_string(), body.to_str().unwrap()]);
        for (name, value) in &sent.headers {
            cmd.args(["-H", &format!("{name}: {value}")]);
        }
        let out = cmd.output().unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{mistake}: not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        assert_eq!(out.status.code(), Some(1), "{mistake}: {report}");
        assert_eq!(report["valid"], false, "{mistake}");
        let first_hint = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["severity"] == "warning")
            .map(|f| f["code"].as_str().unwrap().to_string());
        if first_hint.as_deref() != Some(expected) {
            wrong.push(format!(
                "{mistake}: expected {expected}, got {first_hint:?}\n  {report}"
            ));
        }
        assert!(
            !out.stdout
                .windows(sent.secret.len())
                .any(|w| w == sent.secret.as_bytes())
                || sent.secret.len() < 8,
            "{mistake}: the secret is in the output"
        );
    }
    assert!(
        wrong.is_empty(),
        "{} misdiagnosed:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
