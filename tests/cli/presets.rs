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
    match scheme.generate_key() {
        Some((signing, _)) => signing,
        None => Secret::new(scheme.fresh_secret(b"presets-test-secret-0123")),
    }
}

fn presets() -> Vec<&'static Provider> {
    whk::providers::all().expect("the built-in provider files parse")
}

fn covers_body(provider: &Provider) -> bool {
    matches!(
        provider.scheme.credential(),
        Credential::SharedSecret | Credential::KeyPair
    )
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
    let body = r#"{"id":"evt_1","type":"ping","note":"café"}"#;
    let mut flipped = body.as_bytes().to_vec();
    flipped[10] ^= 0x01;
    let timestamp = unix_now().to_string();
    for provider in presets().into_iter().filter(|p| p.is_signed()) {
        let secret = secret_for(&provider.scheme);
        let mut sign = sandbox.whk();
        sign.args(["sign", "-p", provider.name, "--secret", secret.expose()])
            .args(["--id", "msg_presets_1", "--timestamp", &timestamp]);
        if provider.scheme.signs_url() {
            sign.args(["--url", URL]);
        }
        let out = sign.write_stdin(body).assert().code(0);
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
                verify.args(["--url", URL]);
            }
            verify.write_stdin(input.to_vec()).assert()
        };
        verify(body.as_bytes()).code(0);
        if covers_body(provider) {
            verify(&flipped).code(1);
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
