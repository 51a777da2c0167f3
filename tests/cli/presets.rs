//! Every provider file, checked the same way: its published test vectors
//! verify (and stop verifying when one body byte flips), `whk sign` output
//! passes `whk verify` through the binary and a flipped byte fails it, and
//! every catalog event `whk send` produces is verified by `whk listen`.

use std::time::Duration;

use serde_json::Value;
use whk::http::Headers;
use whk::providers::Provider;
use whk::signing::{Credential, Request, Scheme, Secret, TimePolicy};

use crate::support::{unix_now, Sandbox};

/// A key of the scheme's own form: a fresh pair for key-pair schemes, else
/// fixed bytes written the way the provider issues secrets.
fn secret_for(scheme: &Scheme) -> Secret {
    // Standard Webhooks makes v1a pairs too, but its credential is the v1
    // shared secret (v1a is tested in keys.rs).
    match scheme.generate_key() {
        Some((signing, _)) if scheme.credential() == Credential::KeyPair => signing,
        _ => Secret::new(scheme.fresh_secret(b"presets-test-secret-0123")),
    }
}

fn presets() -> Vec<&'static Provider> {
    whk::providers::all().expect("the built-in provider files parse")
}

/// Whether every byte of the body is signed. Schemes that sign inside the
/// body (Mailgun, Adyen) sign some of its fields only; tests/cli/urlsig.rs
/// changes those.
fn covers_body(provider: &Provider) -> bool {
    matches!(
        provider.scheme.credential(),
        Credential::SharedSecret | Credential::KeyPair
    ) && provider.scheme.body_signature_field().is_none()
}

const URL: &str = "https://example.com/webhooks/whk?source=test";

#[test]
fn there_are_forty_presets_each_with_events() {
    let all = presets();
    assert!(all.len() >= 40, "{} presets", all.len());
    for provider in all {
        assert!(
            !provider.catalog().events.is_empty(),
            "{} has no events",
            provider.name
        );
        assert!(
            !provider.source.is_empty(),
            "{} names no source",
            provider.name
        );
        assert!(
            !provider.source.to_ascii_lowercase().contains("seed"),
            "{}: user-facing text never says seed",
            provider.name
        );
    }
}

#[test]
fn every_published_vector_verifies_and_a_flipped_byte_does_not() {
    let mut checked = Vec::new();
    for provider in presets() {
        for (index, vector) in provider.vectors.iter().enumerate() {
            let context = format!("{} vector {index} ({})", provider.name, vector.source);
            let mut headers = Headers::new();
            for (name, value) in &vector.headers {
                headers.push(name.as_str(), value.as_str());
            }
            let policy = TimePolicy {
                now: vector.now.unwrap_or_else(unix_now),
                tolerance: provider.tolerance,
            };
            let secret = Secret::new(vector.secret.as_str());
            let body = vector.body.as_bytes();
            let request = Request {
                method: &vector.method,
                url: vector.url.as_deref(),
                headers: &headers,
                body,
            };
            let verified = provider.scheme.verify(&secret, &request, policy);
            assert_eq!(verified, Ok(()), "{context}");
            if covers_body(provider) && !body.is_empty() {
                let mut flipped = body.to_vec();
                let at = flipped.len() / 2;
                flipped[at] ^= 0x01;
                let request = Request {
                    body: &flipped,
                    ..request
                };
                assert!(
                    provider.scheme.verify(&secret, &request, policy).is_err(),
                    "{context}: a flipped byte still verifies"
                );
            }
            checked.push(provider.name);
        }
    }
    // The providers whose vectors the lead's files carry; helpers add more.
    for name in ["standard", "svix", "paddle", "twitch", "dropbox"] {
        assert!(checked.contains(&name), "no vector checked for {name}");
    }
}

#[test]
fn every_preset_signs_and_verifies_through_the_binary() {
    let sandbox = Sandbox::new();
    let timestamp = unix_now().to_string();
    // Linear carries its send time in the body (milliseconds).
    let body = &format!(
        r#"{{"id":"evt_1","type":"ping","note":"café","webhookTimestamp":{timestamp}000}}"#
    );
    let mut flipped = body.as_bytes().to_vec();
    flipped[10] ^= 0x01;
    // A body-signed scheme prints the signed body, not headers, and needs its
    // own envelope: tests/cli/urlsig.rs round-trips those.
    let signed_in_headers = |p: &&Provider| p.scheme.body_signature_field().is_none();
    for provider in presets()
        .into_iter()
        .filter(|p| p.is_signed())
        .filter(signed_in_headers)
    {
        let secret = secret_for(&provider.scheme);
        let mut sign = sandbox.whk();
        sign.args(["sign", "-p", provider.name, "--secret", secret.expose()])
            .args(["--id", "msg_presets_1", "--timestamp", &timestamp]);
        if provider.scheme.signs_url() {
            sign.args(["--url", URL]);
        }
        let out = sign.write_stdin(body.as_str()).assert().code(0);
        let headers = sandbox.write(
            &format!("{}.headers", provider.name),
            &out.get_output().stdout,
        );
        let verify = |input: &[u8]| {
            let mut verify = sandbox.whk();
            verify
                .args(["verify", "-p", provider.name, "--secret", secret.expose()])
                .args(["--now", &timestamp, "--headers-from"])
                .arg(&headers);
            if provider.scheme.signs_url() {
                // The URL as posted: Twilio adds a JSON body's hash to it.
                verify.args(["--url", &provider.scheme.url_for(URL, body.as_bytes())]);
            }
            verify.write_stdin(input.to_vec()).assert()
        };
        verify(body.as_bytes()).code(0);
        if covers_body(provider) {
            verify(&flipped)
                .code(1)
                .stderr(predicates::str::contains("invalid:"));
        }
    }
}

#[test]
fn every_catalog_event_of_every_preset_verifies_through_listen() {
    let sandbox = Sandbox::new();
    for provider in presets() {
        let secret = secret_for(&provider.scheme);
        let mut listener =
            sandbox.listen(&["--json", "-p", provider.name, "--secret", secret.expose()]);
        let catalog = provider.catalog();
        let names: Vec<&str> = catalog.names().collect();
        for event in names {
            let context = format!("{} {event}", provider.name);
            sandbox
                .whk()
                .args([
                    "send",
                    event,
                    "-p",
                    provider.name,
                    "--secret",
                    secret.expose(),
                ])
                .args(["--to", &listener.url("/hooks"), "--quiet"])
                .timeout(Duration::from_secs(20))
                .assert()
                .code(0);
            let record: Value = listener.next_json();
            if provider.is_signed() {
                assert_eq!(record["verdict"], "verified", "{context}: {record}");
            } else {
                // Nothing to check: a listener with a secret skips, one without says unsigned.
                assert_eq!(record["verdict"], "skipped", "{context}: {record}");
            }
        }
    }
}

/// The doctor frames the `t=..,v1=..` family (here Paddle's `ts=..;h1=..`)
/// like Stripe: a sender that read the clock twice is named as such.
#[test]
fn the_doctor_explains_a_keyed_list_signature() {
    use crate::support::oracle::{hex, hmac_sha256};
    let body = r#"{"data":"value"}"#;
    let signed_at = 1_698_796_800;
    let mac = hex(&hmac_sha256(
        b"VALID_SECRET",
        format!("{signed_at}:{body}").as_bytes(),
    ));
    let out = Sandbox::new()
        .whk()
        .args([
            "verify",
            "-p",
            "paddle",
            "--secret",
            "VALID_SECRET",
            "--json",
        ])
        .args(["--now", &(signed_at + 3).to_string()])
        .args([
            "-H",
            &format!("Paddle-Signature: ts={};h1={mac}", signed_at + 2),
        ])
        .write_stdin(body)
        .assert()
        .code(1);
    let report: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        report["findings"][1]["code"], "timestamp_header_mismatch",
        "{report}"
    );
}

/// Meta signs the body with non-ASCII characters escaped as lowercase
/// `\uXXXX` while it may deliver them raw: its presets accept both, as Meta
/// documents, and GitHub's (same header) does not.
#[test]
fn meta_presets_accept_the_escaped_unicode_signature() {
    use crate::support::oracle::{hex, hmac_sha256};
    let raw = r#"{"message":"café 😀"}"#;
    let escaped = r#"{"message":"caf\u00e9 \ud83d\ude00"}"#;
    let signature = format!(
        "sha256={}",
        hex(&hmac_sha256(b"app-secret", escaped.as_bytes()))
    );
    let verify = |provider: &str| {
        Sandbox::new()
            .whk()
            .args(["verify", "-p", provider, "--secret", "app-secret"])
            .args(["-H", &format!("X-Hub-Signature-256: {signature}")])
            .write_stdin(raw)
            .assert()
    };
    for provider in ["facebook_graph_api", "whatsapp", "instagram"] {
        verify(provider).code(0);
    }
    verify("github").code(1);
}
