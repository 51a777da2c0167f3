//! Key-pair providers through the real binary: `whk keygen`, `sign`/`verify`
//! with `--public-key`, and `listen`/`send` with a development key pair.
//!
//! The oracle is `ring` (not the ed25519-dalek and p256 code under test), and
//! what is signed and how keys are written is spelled out here from each
//! provider's documentation: Standard Webhooks v1a (`{id}.{timestamp}.{body}`,
//! `whsk_`/`whpk_`), Discord (`{timestamp}{body}`, hex) and SendGrid
//! (`{timestamp}{body}`, base64 DER).

use std::time::Duration;

use base64::Engine;
use ring::rand::SystemRandom;
use ring::signature::{
    EcdsaKeyPair, Ed25519KeyPair, KeyPair as _, UnparsedPublicKey, ECDSA_P256_SHA256_ASN1,
    ECDSA_P256_SHA256_ASN1_SIGNING, ED25519,
};
use serde_json::Value;

use crate::support::{unix_now, Sandbox};

const KEY_PAIR_PROVIDERS: [&str; 3] = ["standard", "discord", "sendgrid"];
const WAIT: Duration = Duration::from_secs(20);
/// RFC 5480's SubjectPublicKeyInfo header before an uncompressed P-256 point.
const P256_SPKI_HEADER: &str = "3059301306072a8648ce3d020106082a8648ce3d030107034200";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap_or_else(|e| panic!("not base64 ({e}): {text}"))
}

/// A provider's documented layout, for the oracle.
struct Layout {
    provider: &'static str,
    signature_header: &'static str,
    timestamp_header: &'static str,
}

fn layout(provider: &str) -> Layout {
    match provider {
        "standard" => Layout {
            provider: "standard",
            signature_header: "webhook-signature",
            timestamp_header: "webhook-timestamp",
        },
        "discord" => Layout {
            provider: "discord",
            signature_header: "X-Signature-Ed25519",
            timestamp_header: "X-Signature-Timestamp",
        },
        "sendgrid" => Layout {
            provider: "sendgrid",
            signature_header: "X-Twilio-Email-Event-Webhook-Signature",
            timestamp_header: "X-Twilio-Email-Event-Webhook-Timestamp",
        },
        other => panic!("no layout for {other}"),
    }
}

impl Layout {
    fn is_ecdsa(&self) -> bool {
        self.provider == "sendgrid"
    }

    /// The raw public key ring takes (Ed25519: 32 bytes; P-256: the point).
    fn public_bytes(&self, verifying_key: &str) -> Vec<u8> {
        match self.provider {
            "standard" => unb64(verifying_key.strip_prefix("whpk_").expect("whpk_ prefix")),
            "discord" => hex::decode(verifying_key).expect("hex public key"),
            _ => {
                let spki = unb64(verifying_key);
                assert_eq!(hex::encode(&spki[..26]), P256_SPKI_HEADER, "a P-256 SPKI");
                spki[26..].to_vec()
            }
        }
    }

    /// How the provider writes a public key made by ring.
    fn write_public(&self, raw: &[u8]) -> String {
        match self.provider {
            "standard" => format!("whpk_{}", b64(raw)),
            "discord" => hex::encode(raw),
            _ => b64(&[hex::decode(P256_SPKI_HEADER).unwrap(), raw.to_vec()].concat()),
        }
    }

    /// The verifying key of a signing key, as ring derives it (and ring
    /// parses the signing key: a P-256 key must be PKCS#8).
    fn public_of(&self, signing_key: &str) -> String {
        let raw = match self.provider {
            "standard" | "discord" => {
                let bytes = if self.provider == "standard" {
                    unb64(signing_key.strip_prefix("whsk_").expect("whsk_ prefix"))
                } else {
                    hex::decode(signing_key).expect("hex signing key")
                };
                assert_eq!(bytes.len(), 64, "seed then public key");
                // ring derives the public key from the seed and rejects a mismatch.
                let pair = Ed25519KeyPair::from_seed_and_public_key(&bytes[..32], &bytes[32..])
                    .expect("ring accepts the pair");
                pair.public_key().as_ref().to_vec()
            }
            _ => EcdsaKeyPair::from_pkcs8(
                &ECDSA_P256_SHA256_ASN1_SIGNING,
                &unb64(signing_key),
                &SystemRandom::new(),
            )
            .expect("ring reads the PKCS#8 signing key")
            .public_key()
            .as_ref()
            .to_vec(),
        };
        self.write_public(&raw)
    }

    /// The content the provider signs, from its documentation.
    fn signed_content(&self, headers: &Value, body: &[u8]) -> Vec<u8> {
        let timestamp = headers[self.timestamp_header].as_str().expect("timestamp");
        match self.provider {
            "standard" => {
                let id = headers["webhook-id"].as_str().expect("webhook-id");
                [format!("{id}.{timestamp}.").as_bytes(), body].concat()
            }
            _ => [timestamp.as_bytes(), body].concat(),
        }
    }

    /// The signature bytes in a header value.
    fn signature_bytes(&self, value: &str) -> Vec<u8> {
        match self.provider {
            "standard" => unb64(value.strip_prefix("v1a,").expect("a v1a signature")),
            "discord" => hex::decode(value).expect("hex signature"),
            _ => unb64(value),
        }
    }

    /// The header value for signature bytes made by ring.
    fn write_signature(&self, signature: &[u8]) -> String {
        match self.provider {
            "standard" => format!("v1a,{}", b64(signature)),
            "discord" => hex::encode(signature),
            _ => b64(signature),
        }
    }

    fn ring_verifies(&self, verifying_key: &str, content: &[u8], signature: &[u8]) -> bool {
        let algorithm: &dyn ring::signature::VerificationAlgorithm = if self.is_ecdsa() {
            &ECDSA_P256_SHA256_ASN1
        } else {
            &ED25519
        };
        UnparsedPublicKey::new(algorithm, self.public_bytes(verifying_key))
            .verify(content, signature)
            .is_ok()
    }
}

/// `whk keygen --provider P --json`: (signing key, verifying key).
fn keygen(sandbox: &Sandbox, provider: &str) -> (String, String) {
    let out = sandbox
        .whk()
        .args(["keygen", "--provider", provider, "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{provider}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let keys: Value = serde_json::from_slice(&out.stdout).expect("keygen --json is JSON");
    assert_eq!(keys["provider"], provider);
    assert_eq!(keys["credential"], "key_pair");
    (
        keys["signing_key"].as_str().unwrap().to_string(),
        keys["verifying_key"].as_str().unwrap().to_string(),
    )
}

#[test]
fn keygen_prints_pairs_that_ring_accepts_and_never_the_same_twice() {
    let sandbox = Sandbox::new();
    for provider in KEY_PAIR_PROVIDERS {
        let layout = layout(provider);
        let (signing, verifying) = keygen(&sandbox, provider);
        assert_eq!(
            layout.public_of(&signing),
            verifying,
            "{provider}: one pair"
        );
        // The verifying key is written as the provider writes it.
        assert_eq!(
            layout.write_public(&layout.public_bytes(&verifying)),
            verifying
        );
        let (again, _) = keygen(&sandbox, provider);
        assert_ne!(again, signing, "{provider}: a fresh key each run");

        let text = sandbox
            .whk()
            .args(["keygen", "-p", provider])
            .output()
            .unwrap();
        assert!(text.status.success());
        let text = String::from_utf8(text.stdout).unwrap();
        assert!(text.contains("Signing key"), "{text}");
        assert!(text.contains("Verifying key"), "{text}");
    }
    // A shared-secret provider gets a shared secret; an unsigned one an error.
    let out = sandbox
        .whk()
        .args(["keygen", "-p", "github", "--json"])
        .output()
        .unwrap();
    let shared: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shared["credential"], "shared_secret");
    assert_eq!(shared["secret"].as_str().unwrap().len(), 48);
    sandbox
        .whk()
        .args(["keygen", "-p", "zotlo"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("signs nothing"));
}

#[test]
fn whk_signatures_verify_with_ring_and_with_whk_and_a_flipped_byte_fails() {
    let sandbox = Sandbox::new();
    let body = br#"{"type":"invoice.paid","data":{"amount":4200,"currency":"eur"}}"#;
    let file = sandbox.write("body.json", body);
    let mut flipped = body.to_vec();
    flipped[12] ^= 0x01;
    let flipped_file = sandbox.write("flipped.json", &flipped);
    for provider in KEY_PAIR_PROVIDERS {
        let layout = layout(provider);
        let (signing, verifying) = keygen(&sandbox, provider);
        let out = sandbox
            .whk()
            .args([
                "sign", "-p", provider, "--format", "json", "--secret", &signing,
            ])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{provider}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let headers: Value = serde_json::from_slice(&out.stdout).unwrap();
        let signature = layout.signature_bytes(
            headers[layout.signature_header]
                .as_str()
                .unwrap_or_else(|| panic!("{provider}: no signature header in {headers}")),
        );
        let content = layout.signed_content(&headers, body);
        assert!(
            layout.ring_verifies(&verifying, &content, &signature),
            "{provider}: ring rejects whk's signature"
        );
        assert!(!layout.ring_verifies(
            &verifying,
            &layout.signed_content(&headers, &flipped),
            &signature
        ));

        let header_file = sandbox.write("headers.txt", {
            let object = headers.as_object().unwrap();
            object
                .iter()
                .map(|(name, value)| format!("{name}: {}\n", value.as_str().unwrap()))
                .collect::<String>()
        });
        for (key, what) in [(&verifying, "--public-key"), (&signing, "--secret")] {
            sandbox
                .whk()
                .args(["verify", "-p", provider, what, key, "--headers-from"])
                .arg(&header_file)
                .arg(&file)
                .assert()
                .code(0);
            sandbox
                .whk()
                .args(["verify", "-p", provider, what, key, "--headers-from"])
                .arg(&header_file)
                .arg(&flipped_file)
                .assert()
                .code(1);
        }
        // The verifying key cannot sign: a usage error, not a signature.
        sandbox
            .whk()
            .args(["sign", "-p", provider, "--secret", &verifying])
            .arg(&file)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("cannot sign"))
            .stdout("");
    }
}

#[test]
fn ring_signatures_verify_with_whk_public_keys() {
    let sandbox = Sandbox::new();
    let rng = SystemRandom::new();
    let body = br#"{"type":2,"id":"1","data":{"name":"ping"}}"#;
    let file = sandbox.write("body.json", body);
    let timestamp = unix_now().to_string();
    for provider in KEY_PAIR_PROVIDERS {
        let layout = layout(provider);
        let content_for = |body: &[u8]| match provider {
            "standard" => [format!("msg_ring.{timestamp}.").as_bytes(), body].concat(),
            _ => [timestamp.as_bytes(), body].concat(),
        };
        let (public, signature) = if layout.is_ecdsa() {
            let pkcs8 =
                EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng).unwrap();
            let pair =
                EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8.as_ref(), &rng)
                    .unwrap();
            let signature = pair.sign(&rng, &content_for(body)).unwrap();
            (
                pair.public_key().as_ref().to_vec(),
                signature.as_ref().to_vec(),
            )
        } else {
            let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
            let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap();
            let signature = pair.sign(&content_for(body));
            (
                pair.public_key().as_ref().to_vec(),
                signature.as_ref().to_vec(),
            )
        };
        let public_key = layout.write_public(&public);
        let mut args = vec![
            "verify".to_string(),
            "-p".into(),
            provider.into(),
            "--public-key".into(),
            public_key.clone(),
            "-H".into(),
            format!(
                "{}: {}",
                layout.signature_header,
                layout.write_signature(&signature)
            ),
            "-H".into(),
            format!("{}: {timestamp}", layout.timestamp_header),
        ];
        if provider == "standard" {
            args.extend(["-H".to_string(), "webhook-id: msg_ring".to_string()]);
        }
        sandbox.whk().args(&args).arg(&file).assert().code(0);
        let mut flipped = body.to_vec();
        flipped[5] ^= 0x04;
        let flipped_file = sandbox.write("flipped.json", &flipped);
        sandbox
            .whk()
            .args(&args)
            .arg(&flipped_file)
            .assert()
            .code(1);
        // Another key pair's public key does not verify it.
        let (_, other) = keygen(&sandbox, provider);
        let position = args.iter().position(|a| *a == public_key).unwrap();
        args[position] = other;
        sandbox.whk().args(&args).arg(&file).assert().code(1);
    }
}

#[test]
fn published_vectors_verify_through_the_binary() {
    let sandbox = Sandbox::new();
    // Standard Webhooks v1a (svix-webhooks `test_asymmetric_key_signing`).
    let v1a = [
        "verify",
        "-p",
        "standard",
        "--public-key",
        "whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=",
        "-H",
        "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek",
        "-H",
        "webhook-timestamp: 1614265330",
        "-H",
        "webhook-signature: v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==",
        "--now",
        "1614265330",
    ];
    let body = sandbox.write("v1a.json", r#"{"test": 2432232314}"#);
    let flipped = sandbox.write("v1a-flipped.json", r#"{"test": 2432232315}"#);
    sandbox.whk().args(v1a).arg(&body).assert().code(0);
    sandbox.whk().args(v1a).arg(&flipped).assert().code(1);

    // SendGrid (sendgrid-nodejs `packages/eventwebhook`); the body ends in CRLF.
    let sendgrid = [
        "verify",
        "-p",
        "sendgrid",
        "--public-key",
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==",
        "-H",
        "X-Twilio-Email-Event-Webhook-Signature: MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=",
        "-H",
        "X-Twilio-Email-Event-Webhook-Timestamp: 1600112502",
        "--now",
        "1600112502",
    ];
    let event = r#"[{"email":"hello@world.com","event":"dropped","reason":"Bounced Address","sg_event_id":"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA","sg_message_id":"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0","smtp-id":"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>","timestamp":1600112492}]"#;
    let body = sandbox.write("sendgrid.json", format!("{event}\r\n"));
    let without_crlf = sandbox.write("sendgrid-lf.json", format!("{event}\n"));
    sandbox.whk().args(sendgrid).arg(&body).assert().code(0);
    sandbox
        .whk()
        .args(sendgrid)
        .arg(&without_crlf)
        .assert()
        .code(1);
}

#[test]
fn listen_with_a_development_key_pair_accepts_send_and_keeps_only_the_public_half() {
    for provider in KEY_PAIR_PROVIDERS {
        let sandbox = Sandbox::new();
        let layout = layout(provider);
        // Standard Webhooks' development secret stays an HMAC whsec_ one; its
        // key pair is configured as a key pair would be in production.
        if provider == "standard" {
            let (signing, _) = keygen(&sandbox, provider);
            std::fs::create_dir_all(sandbox.home()).unwrap();
            std::fs::write(
                sandbox.home().join("whk.toml"),
                format!("[secrets]\nstandard = \"{signing}\"\n"),
            )
            .unwrap();
        }
        let mut listener = sandbox.listen(&["--json", "-p", provider]);
        let stderr_key = |needle: &str| {
            listener
                .wait_stderr(needle, WAIT)
                .map(|line| line.split(needle).nth(1).unwrap().trim().to_string())
        };
        let saved: toml::Table =
            toml::from_str(&std::fs::read_to_string(sandbox.home().join("whk.toml")).unwrap())
                .unwrap();
        let signing = saved["secrets"][provider].as_str().unwrap().to_string();
        if provider != "standard" {
            let shown = stderr_key("Your signing key: ")
                .unwrap_or_else(|| panic!("{provider}: no key line: {}", listener.stderr()));
            assert_eq!(shown, signing, "the generated key is the saved one");
        }
        // The public half it verifies with, derived here by the oracle.
        let public = layout.public_of(&signing);
        assert!(
            listener.wait_stderr(&public, WAIT).is_some(),
            "{provider}: the listener names the public half {public}: {}",
            listener.stderr()
        );

        let event = match provider {
            "discord" => "2",
            "sendgrid" => "delivered",
            _ => "test-event",
        };
        sandbox
            .whk()
            .args([
                "send",
                event,
                "-p",
                provider,
                "--to",
                &listener.url("/hook"),
            ])
            .assert()
            .code(0);
        let record = listener.next_json();
        assert_eq!(record["verified"], true, "{provider}: {record}");
        assert_eq!(record["status"], 200, "{provider}: {record}");
        let ndjson = record.to_string();
        assert!(
            !ndjson.contains(&signing),
            "{provider}: signing key in NDJSON"
        );

        // A delivery signed with another key pair is refused.
        let (stranger, _) = keygen(&sandbox, provider);
        sandbox
            .whk()
            .args(["send", event, "-p", provider, "--secret", &stranger])
            .args(["--to", &listener.url("/hook")])
            .assert()
            .code(1);
        let refused = listener.next_json();
        assert_eq!(refused["status"], 401, "{provider}: {refused}");
        assert_eq!(refused["verified"], false, "{provider}: {refused}");
        assert!(
            !listener.stderr().contains(&stranger) && !refused.to_string().contains(&stranger),
            "{provider}: a signing key never shows"
        );
    }
}

#[test]
fn listen_with_a_public_key_verifies_what_its_signing_key_sends() {
    for provider in KEY_PAIR_PROVIDERS {
        let sandbox = Sandbox::new();
        let (signing, verifying) = keygen(&sandbox, provider);
        let mut listener = sandbox.listen(&["--json", "-p", provider, "--public-key", &verifying]);
        let event = match provider {
            "discord" => "3",
            "sendgrid" => "open",
            _ => "test-event",
        };
        sandbox
            .whk()
            .args(["send", event, "-p", provider, "--secret", &signing])
            .args(["--to", &listener.url("/")])
            .assert()
            .code(0);
        let record = listener.next_json();
        assert_eq!(record["verified"], true, "{provider}: {record}");
        // No development key was generated: the public key is all it has.
        assert!(
            !sandbox.home().join("whk.toml").exists(),
            "{provider}: nothing saved"
        );
        assert!(
            listener.stderr().contains(&verifying),
            "{provider}: says which public key it verifies with: {}",
            listener.stderr()
        );
    }
}

#[test]
fn key_pair_provider_files_carry_vectors_that_verify_and_fail_when_flipped() {
    use whk::signing::{Request, TimePolicy};
    let mut checked = 0;
    for name in KEY_PAIR_PROVIDERS {
        let provider = whk::providers::find(name).unwrap();
        for vector in provider.vectors {
            let mut headers = whk::http::Headers::new();
            for (header, value) in &vector.headers {
                headers.push(header.as_str(), value.as_str());
            }
            let secret = whk::signing::Secret::new(vector.secret.as_str());
            let policy = TimePolicy::any_time(vector.now.unwrap_or_else(unix_now));
            let body = vector.body.as_bytes();
            let request = Request::post(&headers, body);
            assert_eq!(
                provider.scheme.verify(&secret, &request, policy),
                Ok(()),
                "{name}: {}",
                vector.source
            );
            let mut flipped = body.to_vec();
            flipped[1] ^= 0x01;
            assert!(
                provider
                    .scheme
                    .verify(&secret, &Request::post(&headers, &flipped), policy)
                    .is_err(),
                "{name}: {}",
                vector.source
            );
            checked += 1;
        }
    }
    // Standard Webhooks v1 and v1a (twice: public key, signing key) and SendGrid;
    // Discord publishes none.
    assert_eq!(checked, 4);
}

#[test]
fn the_inspector_replays_a_key_pair_delivery_signed_with_the_saved_key() {
    let sandbox = Sandbox::new();
    let receiver = crate::support::Receiver::start();
    let layout = layout("discord");
    let mut listener = sandbox.listen(&["--json", "--ui", "-p", "discord"]);
    sandbox
        .whk()
        .args(["send", "2", "-p", "discord", "--to", &listener.url("/")])
        .assert()
        .code(0);
    assert_eq!(listener.next_json()["verified"], true);
    let saved: toml::Table =
        toml::from_str(&std::fs::read_to_string(sandbox.home().join("whk.toml")).unwrap()).unwrap();
    let public = layout.public_of(saved["secrets"]["discord"].as_str().unwrap());

    let answer = crate::support::http_request(
        listener.addr,
        "POST",
        "/_whk/api/deliveries/1/replay",
        &crate::support::headers(&[("content-type", "application/json")]),
        serde_json::json!({"to": receiver.url("/replayed"), "verbatim": false})
            .to_string()
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.text());
    let got = receiver.wait_for(1, WAIT);
    assert_eq!(got.len(), 1, "replayed once");
    let request = &got[0];
    let signature = layout.signature_bytes(request.header("X-Signature-Ed25519").unwrap());
    let timestamp = request.header("X-Signature-Timestamp").unwrap();
    let content = [timestamp.as_bytes(), &request.body].concat();
    assert!(
        layout.ring_verifies(&public, &content, &signature),
        "the replay is signed by the saved key"
    );
}

#[test]
fn an_auto_listener_verifies_key_pair_senders_with_public_keys() {
    let sandbox = Sandbox::new();
    let (discord_signing, discord_public) = keygen(&sandbox, "discord");
    let (sendgrid_signing, _) = keygen(&sandbox, "sendgrid");
    // Discord's public key alone, SendGrid's signing key (its half is derived).
    sandbox.write(
        "whk.toml",
        format!(
            "[secrets]\ndiscord = \"{discord_public}\"\nsendgrid = \"{sendgrid_signing}\"\ngithub = \"gh-secret\"\n"
        ),
    );
    let mut listener = sandbox.listen(&["--json", "--provider", "auto"]);
    for (provider, event, key) in [
        ("discord", "2", discord_signing.as_str()),
        ("sendgrid", "bounce", sendgrid_signing.as_str()),
    ] {
        sandbox
            .whk()
            .args(["send", event, "-p", provider, "--secret", key])
            .args(["--to", &listener.url("/hooks")])
            .assert()
            .code(0);
        let record = listener.next_json();
        assert_eq!(record["provider"], provider, "{record}");
        assert_eq!(record["verdict"], "verified", "{record}");
    }
    // Signed by a Discord key nobody configured.
    let (stranger, _) = keygen(&sandbox, "discord");
    sandbox
        .whk()
        .args(["send", "2", "-p", "discord", "--secret", &stranger])
        .args(["--to", &listener.url("/hooks")])
        .assert()
        .code(1);
    let record = listener.next_json();
    assert_eq!(record["provider"], "discord", "{record}");
    assert_eq!(record["verdict"], "rejected", "{record}");
}

#[test]
fn the_doctor_finds_a_changed_body_under_a_key_pair_and_otherwise_names_the_key() {
    let sandbox = Sandbox::new();
    let signed = br#"{"type":2,"id":"7"}"#;
    let file = sandbox.write("signed.json", signed);
    let with_newline = sandbox.write("newline.json", [signed.as_slice(), b"\n"].concat());
    let other = sandbox.write("other.json", br#"{"type":2,"id":"8"}"#);
    for provider in KEY_PAIR_PROVIDERS {
        let (signing, verifying) = keygen(&sandbox, provider);
        let out = sandbox
            .whk()
            .args(["sign", "-p", provider, "--secret", &signing])
            .arg(&file)
            .output()
            .unwrap();
        let headers = sandbox.write("h.txt", &out.stdout);
        let codes = |body: &std::path::Path| -> Vec<String> {
            let out = sandbox
                .whk()
                .args([
                    "verify",
                    "--json",
                    "-p",
                    provider,
                    "--public-key",
                    &verifying,
                ])
                .arg("--headers-from")
                .arg(&headers)
                .arg(body)
                .assert()
                .code(1);
            let report: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
            report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["code"].as_str().unwrap().to_string())
                .collect()
        };
        let found = codes(&with_newline);
        assert!(
            found.contains(&"body_trailing_newline_added".to_string()),
            "{provider}: {found:?}"
        );
        let found = codes(&other);
        assert!(
            found.contains(&"different_key".to_string()),
            "{provider}: {found:?}"
        );
        assert!(
            !found.iter().any(|c| c.contains("whsec")),
            "{provider}: {found:?}"
        );
    }
}

#[test]
fn public_key_must_be_a_verifying_key_of_the_provider() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("body.json", "{}");
    for (provider, key, says) in [
        (
            "github",
            "gh-secret",
            "checks this value as a shared secret",
        ),
        (
            "standard",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "pass it with --secret",
        ),
        ("discord", "abc", "not an Ed25519 key in hex"),
        ("sendgrid", "whpk_AAAA", "not a P-256 key in base64 DER"),
    ] {
        let out = sandbox
            .whk()
            .args(["verify", "-p", provider, "--public-key", key])
            .args(["--signature", "x"])
            .arg(&file)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(stderr.contains(says), "{provider}: {stderr}");
        assert!(
            !stderr.contains(key),
            "{provider}: the value is not echoed: {stderr}"
        );
    }
}
