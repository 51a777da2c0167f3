//! URL-signed (Twilio, Square, HubSpot) and body-signed (Mailgun, Adyen)
//! providers through the real binary: their published vectors, signatures
//! checked against HMACs computed here from each provider's documented
//! signed string (the `hmac` crate, never whk's signer), sign/verify round
//! trips with a flipped byte and a wrong URL, and `whk listen` verifying
//! what `whk send` posts over loopback, directly, behind a simulated proxy
//! and with `--public-url`, and naming the URL a signature matches.

use std::time::Duration;

use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Digest;

use crate::support::{json_lines, Listener, Receiver, Sandbox};

const PROVIDERS: [&str; 5] = ["twilio", "square", "hubspot", "mailgun", "adyen"];
const ADYEN_KEY: &str = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";

fn secret_of(provider: &str) -> &'static str {
    match provider {
        "adyen" => ADYEN_KEY,
        _ => "s3cret-token-0123456789",
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn hmac_sha1(key: &[u8], content: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key).unwrap();
    mac.update(content);
    mac.finalize().into_bytes().to_vec()
}

fn hmac_sha256(key: &[u8], content: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(content);
    mac.finalize().into_bytes().to_vec()
}

/// `Name: value` lines as `whk sign` prints them.
fn header_lines(stdout: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|line| line.split_once(": "))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The body with a change its signature must notice: a byte flipped where
/// the scheme signs the body, else a signed field changed.
fn tampered(provider: &str, body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    match provider {
        // Mailgun signs timestamp + token, Adyen the notification fields.
        "mailgun" => {
            let token = text.find("\"token\":\"").unwrap() + 9;
            let mut out = body.to_vec();
            out[token] = if out[token] == b'a' { b'b' } else { b'a' };
            out
        }
        "adyen" => text
            .replacen(
                "\"merchantAccountCode\":\"",
                "\"merchantAccountCode\":\"X",
                1,
            )
            .into_bytes(),
        _ => {
            let mut out = body.to_vec();
            let at = out.len() / 2;
            out[at] ^= 0x01;
            out
        }
    }
}

#[test]
fn published_vectors_verify_through_the_binary_and_tampering_fails() {
    let sandbox = Sandbox::new();
    for name in PROVIDERS {
        let provider = whk::providers::find(name).unwrap();
        assert!(!provider.vectors.is_empty(), "{name} carries its vectors");
        for vector in provider.vectors {
            let verify = |body: &[u8], url: Option<&str>| {
                let path = sandbox.write("vector.body", body);
                let mut cmd = sandbox.whk();
                cmd.args(["verify", "--provider", name, "--secret", &vector.secret]);
                if let Some(url) = url {
                    cmd.args(["--url", url]);
                }
                for (n, v) in &vector.headers {
                    cmd.arg("-H").arg(format!("{n}: {v}"));
                }
                if let Some(now) = vector.now {
                    cmd.args(["--now", &now.to_string()]);
                }
                cmd.arg(path).output().unwrap()
            };
            let url = vector.url.as_deref();
            let ok = verify(vector.body.as_bytes(), url);
            assert_eq!(
                ok.status.code(),
                Some(0),
                "{name} ({}): {}",
                vector.source,
                String::from_utf8_lossy(&ok.stderr)
            );
            let bad = verify(&tampered(name, vector.body.as_bytes()), url);
            assert_eq!(bad.status.code(), Some(1), "{name}: tampered body accepted");
            if let Some(url) = url {
                let other = url.replacen("https://", "http://", 1);
                let wrong = verify(vector.body.as_bytes(), Some(&other));
                assert_eq!(wrong.status.code(), Some(1), "{name}: wrong URL accepted");
            }
        }
    }
}

#[test]
fn sign_matches_each_providers_documented_signed_string() {
    let sandbox = Sandbox::new();
    let sign = |provider: &str, url: Option<&str>, body: &[u8], extra: &[&str]| {
        let path = sandbox.write("body", body);
        let mut cmd = sandbox.whk();
        cmd.args([
            "sign",
            "--provider",
            provider,
            "--secret",
            secret_of(provider),
        ]);
        if let Some(url) = url {
            cmd.args(["--url", url]);
        }
        let out = cmd.args(extra).arg(path).output().unwrap();
        assert!(
            out.status.success(),
            "{provider}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    let token = secret_of("twilio").as_bytes();

    // A provider that does not sign the URL says --url is not used.
    let out = sign("github", Some("https://example.com/gh"), b"{}", &[]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("GitHub does not sign the URL"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Twilio, form body: the URL, then each parameter name+value sorted by name.
    let form = b"To=%2B14155550100&CallStatus=completed&CallSid=CA1&Caller=%2B14155550199";
    let out = sign("twilio", Some("https://example.com/voice?x=1"), form, &[]);
    let signed = "https://example.com/voice?x=1CallSidCA1CallStatuscompletedCaller+14155550199To+14155550100";
    assert_eq!(
        header(&header_lines(&out.stdout), "X-Twilio-Signature"),
        Some(b64(&hmac_sha1(token, signed.as_bytes())).as_str())
    );

    // Twilio, JSON body: bodySHA256 joins the query and the URL alone is signed.
    let json = br#"{"event":"com.twilio.messaging.message.delivered"}"#;
    let out = sign("twilio", Some("https://example.com/events"), json, &[]);
    let hashed = format!(
        "https://example.com/events?bodySHA256={}",
        hex::encode(sha2::Sha256::digest(json))
    );
    assert_eq!(
        header(&header_lines(&out.stdout), "X-Twilio-Signature"),
        Some(b64(&hmac_sha1(token, hashed.as_bytes())).as_str())
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&hashed),
        "sign says where to post it: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Square: {notification_url}{body}.
    let body = br#"{"type":"payment.created","event_id":"e1"}"#;
    let out = sign("square", Some("https://example.com/square"), body, &[]);
    let content = [b"https://example.com/square".as_slice(), body].concat();
    assert_eq!(
        header(&header_lines(&out.stdout), "x-square-hmacsha256-signature"),
        Some(b64(&hmac_sha256(secret_of("square").as_bytes(), &content)).as_str())
    );

    // HubSpot v3: {METHOD}{URI}{body}{timestamp in milliseconds}.
    let body = br#"[{"eventId":"1","subscriptionType":"contact.creation"}]"#;
    let out = sign(
        "hubspot",
        Some("https://example.com/hubspot?portal=1"),
        body,
        &["--timestamp", "1700000000"],
    );
    let lines = header_lines(&out.stdout);
    assert_eq!(
        header(&lines, "X-HubSpot-Request-Timestamp"),
        Some("1700000000000")
    );
    let content = [
        b"POSThttps://example.com/hubspot?portal=1".as_slice(),
        body,
        b"1700000000000",
    ]
    .concat();
    assert_eq!(
        header(&lines, "X-HubSpot-Signature-v3"),
        Some(b64(&hmac_sha256(secret_of("hubspot").as_bytes(), &content)).as_str())
    );

    // Mailgun: the signed body carries hex(HMAC-SHA256(timestamp + token)).
    let body = br#"{"event-data":{"event":"delivered","id":"x1"}}"#;
    let out = sign("mailgun", None, body, &["--timestamp", "1700000000"]);
    let signed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let signature = &signed["signature"];
    assert_eq!(signature["timestamp"], "1700000000");
    let token = signature["token"].as_str().unwrap();
    assert_eq!(token.len(), 50);
    assert_eq!(
        signature["signature"].as_str().unwrap(),
        hex::encode(hmac_sha256(
            secret_of("mailgun").as_bytes(),
            format!("1700000000{token}").as_bytes()
        ))
    );
    assert_eq!(signed["event-data"]["event"], "delivered");

    // Adyen: each item's fields joined by ':', keyed by the hex-decoded key.
    let body = br#"{"live":"false","notificationItems":[{"NotificationRequestItem":{"amount":{"currency":"EUR","value":1130},"eventCode":"AUTHORISATION","merchantAccountCode":"M","merchantReference":"order-1","originalReference":"","pspReference":"PSP1","success":"true"}}]}"#;
    let out = sign("adyen", None, body, &[]);
    let signed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let item = &signed["notificationItems"][0]["NotificationRequestItem"];
    assert_eq!(
        item["additionalData"]["hmacSignature"].as_str().unwrap(),
        b64(&hmac_sha256(
            &hex::decode(ADYEN_KEY).unwrap(),
            b"PSP1::M:order-1:1130:EUR:AUTHORISATION:true"
        ))
    );
}

#[test]
fn sign_then_verify_round_trips_and_catches_a_flipped_byte_and_a_wrong_url() {
    let sandbox = Sandbox::new();
    let url = "https://hooks.example.com/in?team=7";
    for name in PROVIDERS {
        let provider = whk::providers::find(name).unwrap();
        let body = serde_json::to_vec(&provider.catalog().test_event.body).unwrap();
        let body_path = sandbox.write("body.json", &body);
        let signs_url = provider.scheme.signs_url();
        let mut sign = sandbox.whk();
        sign.args(["sign", "--provider", name, "--secret", secret_of(name)]);
        if signs_url {
            sign.args(["--url", url]);
        }
        let signed = sign.arg(&body_path).output().unwrap();
        assert!(
            signed.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&signed.stderr)
        );
        // Header-signed: stdout is the headers; body-signed: the signed body.
        let (headers, body) = if provider.scheme.body_signature_field().is_some() {
            (Vec::new(), signed.stdout.trim_ascii_end().to_vec())
        } else {
            (header_lines(&signed.stdout), body)
        };
        // Twilio adds bodySHA256 to a JSON body's URL; the receiver sees that URL.
        let posted = provider.scheme.url_for(url, &body);
        let verify = |body: &[u8], url: &str| {
            let path = sandbox.write("received.body", body);
            let mut cmd = sandbox.whk();
            cmd.args(["verify", "--provider", name, "--secret", secret_of(name)]);
            if signs_url {
                cmd.args(["--url", url]);
            }
            for (n, v) in &headers {
                cmd.arg("-H").arg(format!("{n}: {v}"));
            }
            cmd.arg(path).output().unwrap()
        };
        let ok = verify(&body, &posted);
        assert_eq!(
            ok.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
        let flipped = verify(&tampered(name, &body), &posted);
        assert_eq!(
            flipped.status.code(),
            Some(1),
            "{name}: a flipped byte verified"
        );
        if signs_url {
            let wrong = verify(&body, &posted.replace("team=7", "team=8"));
            assert_eq!(wrong.status.code(), Some(1), "{name}: a wrong URL verified");
            let missing = sandbox
                .whk()
                .args(["verify", "--provider", name, "--secret", secret_of(name)])
                .arg(&body_path)
                .output()
                .unwrap();
            assert_eq!(
                missing.status.code(),
                Some(2),
                "{name}: no --url is a usage error"
            );
            assert!(String::from_utf8_lossy(&missing.stderr).contains("--url"));
        }
    }
}

/// A `--json` listener verifying as `provider` that exits after `events`
/// deliveries.
fn listener_for(sandbox: &Sandbox, provider: &str, events: usize, extra: &[&str]) -> Listener {
    let count = events.to_string();
    let mut args = vec![
        "--provider",
        provider,
        "--secret",
        secret_of(provider),
        "--json",
        "--max-events",
        &count,
        "--timeout",
        "60s",
    ];
    args.extend_from_slice(extra);
    sandbox.listen(&args)
}

/// Sends every catalog event of `provider` to a listener started with
/// `listen_args` and returns the listener's records.
fn send_catalog(
    sandbox: &Sandbox,
    provider: &str,
    listen_args: &[&str],
    send_args: &[&str],
) -> Vec<Value> {
    let events: Vec<String> = whk::providers::find(provider)
        .unwrap()
        .catalog()
        .names()
        .map(str::to_string)
        .collect();
    let mut listener = listener_for(sandbox, provider, events.len(), listen_args);
    let target = listener.url("/hooks/in?source=whk");
    for event in &events {
        let out = sandbox
            .whk()
            .args([
                "send",
                event,
                "--provider",
                provider,
                "--secret",
                secret_of(provider),
            ])
            .args(["--to", &target])
            .args(send_args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{provider} {event}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let records: Vec<Value> = (0..events.len()).map(|_| listener.next_json()).collect();
    assert_eq!(
        listener
            .wait_exit(Duration::from_secs(20))
            .map(|s| s.code()),
        Some(Some(0))
    );
    records
}

#[test]
fn every_catalog_event_sends_and_verifies_through_listen() {
    let sandbox = Sandbox::new();
    for provider in PROVIDERS {
        let records = send_catalog(&sandbox, provider, &[], &[]);
        let catalog = whk::providers::find(provider).unwrap().catalog();
        for (record, name) in records.iter().zip(catalog.names()) {
            assert_eq!(record["verdict"], "verified", "{provider} {name}: {record}");
            assert_eq!(record["provider"], provider);
            if name != "test-event" {
                assert_eq!(record["event_type"], name, "{provider}: {record}");
            }
            assert!(
                record["event_id"].is_string(),
                "{provider} {name}: {record}"
            );
        }
    }
}

#[test]
fn twilio_callbacks_go_out_form_encoded_and_signed_over_the_sorted_parameters() {
    let sandbox = Sandbox::new();
    let receiver = Receiver::start();
    let target = receiver.url("/voice/status?account=1");
    sandbox
        .whk()
        .args([
            "send",
            "completed",
            "--provider",
            "twilio",
            "--secret",
            secret_of("twilio"),
        ])
        .args(["--to", &target])
        .assert()
        .success();
    let got = receiver.wait_for(1, Duration::from_secs(10));
    let sent = &got[0];
    assert_eq!(
        sent.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let mut params: Vec<(String, String)> = url::form_urlencoded::parse(&sent.body)
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    assert!(
        params.contains(&("CallStatus".into(), "completed".into())),
        "{params:?}"
    );
    assert!(
        params.contains(&("To".into(), "+14155550100".into())),
        "{params:?}"
    );
    params.sort();
    let mut signed = target.clone();
    for (name, value) in &params {
        signed.push_str(name);
        signed.push_str(value);
    }
    assert_eq!(
        sent.header("X-Twilio-Signature"),
        Some(
            b64(&hmac_sha1(
                secret_of("twilio").as_bytes(),
                signed.as_bytes()
            ))
            .as_str()
        )
    );
    assert!(sent.header("I-Twilio-Idempotency-Token").is_some());

    // A JSON body (Event Streams) goes out as JSON, its hash in the query.
    let json = br#"{"type":"com.twilio.messaging.message.delivered","id":"EZ1"}"#;
    let data = sandbox.write("event.json", json);
    sandbox
        .whk()
        .args([
            "send",
            "--provider",
            "twilio",
            "--secret",
            secret_of("twilio"),
        ])
        .args(["--to", &target])
        .arg("--data")
        .arg(&data)
        .assert()
        .success();
    let got = receiver.wait_for(2, Duration::from_secs(10));
    let sent = &got[1];
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(sent.body, json);
    let posted = format!(
        "{target}&bodySHA256={}",
        hex::encode(sha2::Sha256::digest(json))
    );
    assert_eq!(receiver.url(&sent.path), posted, "posted to the hashed URL");
    assert_eq!(
        sent.header("X-Twilio-Signature"),
        Some(
            b64(&hmac_sha1(
                secret_of("twilio").as_bytes(),
                posted.as_bytes()
            ))
            .as_str()
        )
    );
}

#[test]
fn listen_rebuilds_the_url_behind_a_proxy_and_from_public_url() {
    let sandbox = Sandbox::new();
    let public = "https://abc.tunnel.example";
    // A TLS-terminating proxy says what the sender saw.
    for provider in ["twilio", "square", "hubspot"] {
        let records = send_catalog(
            &sandbox,
            provider,
            &[],
            &[
                "--url",
                &format!("{public}/hooks/in?source=whk"),
                "-H",
                "X-Forwarded-Proto: https",
                "-H",
                "X-Forwarded-Host: abc.tunnel.example",
            ],
        );
        for record in &records {
            assert_eq!(record["verdict"], "verified", "{provider}: {record}");
        }
    }
    // --public-url: no forwarded headers needed.
    let records = send_catalog(
        &sandbox,
        "square",
        &["--public-url", public],
        &["--url", &format!("{public}/hooks/in?source=whk")],
    );
    assert!(
        records.iter().all(|r| r["verdict"] == "verified"),
        "{records:?}"
    );

    // Without either, the listener sees plain http to itself: rejected (401).
    let mut listener = sandbox.listen(&[
        "--provider",
        "square",
        "--secret",
        secret_of("square"),
        "--json",
        "--max-events",
        "1",
        "--timeout",
        "60s",
    ]);
    let out = sandbox
        .whk()
        .args([
            "send",
            "payment.created",
            "--provider",
            "square",
            "--secret",
            secret_of("square"),
        ])
        .args(["--to", &listener.url("/hooks/in")])
        .args(["--url", &format!("{public}/hooks/in")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let record = listener.next_json();
    assert_eq!(record["verdict"], "rejected", "{record}");
    assert_eq!(record["status"], 401, "{record}");
}

#[test]
fn the_doctor_names_the_url_the_signature_matches() {
    let sandbox = Sandbox::new();
    // Behind a TLS proxy that sends no X-Forwarded-Proto: the sender signed https.
    let mut listener = sandbox.listen(&[
        "--provider",
        "hubspot",
        "--secret",
        secret_of("hubspot"),
        "--json",
        "--max-events",
        "1",
        "--timeout",
        "60s",
    ]);
    let plain = listener.url("/hubspot?portal=1");
    let signed_for = plain.replacen("http://", "https://", 1);
    let out = sandbox
        .whk()
        .args([
            "send",
            "deal.creation",
            "--provider",
            "hubspot",
            "--secret",
            secret_of("hubspot"),
        ])
        .args(["--to", &plain, "--url", &signed_for])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let record = listener.next_json();
    assert_eq!(record["verdict"], "rejected", "{record}");
    let findings = record["findings"].as_array().unwrap();
    let hint = findings
        .iter()
        .find(|f| f["code"] == "url_other_scheme")
        .unwrap_or_else(|| panic!("no url_other_scheme finding: {record}"));
    assert!(
        hint["message"].as_str().unwrap().contains(&signed_for),
        "the hint names the URL: {hint}"
    );

    // whk verify: another host, taken from the request's Host header.
    let body = sandbox.write("body.json", br#"{"type":"payment.created"}"#);
    let signed = sandbox
        .whk()
        .args([
            "sign",
            "--provider",
            "square",
            "--secret",
            secret_of("square"),
        ])
        .args(["--url", "https://shop.example/square"])
        .arg(&body)
        .output()
        .unwrap();
    let signature = header(
        &header_lines(&signed.stdout),
        "x-square-hmacsha256-signature",
    )
    .unwrap()
    .to_string();
    let out = sandbox
        .whk()
        .args([
            "verify",
            "--provider",
            "square",
            "--secret",
            secret_of("square"),
            "--json",
        ])
        .args(["--url", "http://127.0.0.1:3000/square"])
        .args(["-H", "Host: shop.example"])
        .args(["--signature", &signature])
        .arg(&body)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let hint = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "url_other_host")
        .unwrap_or_else(|| panic!("no url_other_host finding: {report}"));
    assert!(hint["message"]
        .as_str()
        .unwrap()
        .contains("https://shop.example/square"));

    // The default port written by the sender, left out by the receiver.
    let signed = sandbox
        .whk()
        .args([
            "sign",
            "--provider",
            "square",
            "--secret",
            secret_of("square"),
        ])
        .args(["--url", "https://shop.example:443/square"])
        .arg(&body)
        .output()
        .unwrap();
    let signature = header(
        &header_lines(&signed.stdout),
        "x-square-hmacsha256-signature",
    )
    .unwrap()
    .to_string();
    let out = sandbox
        .whk()
        .args([
            "verify",
            "--provider",
            "square",
            "--secret",
            secret_of("square"),
            "--json",
        ])
        .args([
            "--url",
            "https://shop.example/square",
            "--signature",
            &signature,
        ])
        .arg(&body)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["findings"][1]["code"], "url_default_port_added",
        "{report}"
    );
}

#[test]
fn audit_signs_the_url_of_url_signed_providers() {
    let sandbox = Sandbox::new();
    let public = "https://abc.tunnel.example";
    for (provider, listen_public, signed_url) in [
        ("square", None, None),
        ("twilio", None, None),
        ("hubspot", Some(public), Some(format!("{public}/webhooks"))),
    ] {
        let mut args = vec![
            "--provider",
            provider,
            "--secret",
            secret_of(provider),
            "--compact",
        ];
        if let Some(public) = listen_public {
            args.extend(["--public-url", public]);
        }
        let mut listener = sandbox.listen(&args);
        listener.drain_stdout();
        let mut audit = sandbox.whk();
        audit
            .args(["audit", &listener.url("/webhooks"), "--provider", provider])
            .args(["--secret", secret_of(provider), "--format", "json"])
            .args(["--only", "valid,unsigned,wrong-secret,tampered-body"]);
        if let Some(url) = &signed_url {
            audit.args(["--url", url]);
        }
        let out = audit.output().unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("{provider}: {e}: {}", String::from_utf8_lossy(&out.stderr))
        });
        assert_eq!(out.status.code(), Some(0), "{provider}: {report:#}");
        if signed_url.is_some() {
            // Signing the target instead of the public URL: the valid case fails.
            let unsigned_url = sandbox
                .whk()
                .args(["audit", &listener.url("/webhooks"), "--provider", provider])
                .args(["--secret", secret_of(provider), "--only", "valid"])
                .output()
                .unwrap();
            assert_eq!(unsigned_url.status.code(), Some(1), "{provider}");
        }
        assert!(listener.is_running(), "{provider}");
    }
}

/// Load mode sends what a single send sends: the body signed inside
/// (Mailgun, Adyen) and the URL-signed query (Twilio's bodySHA256), not the
/// unsigned template with the headers alone.
#[test]
fn load_mode_sends_body_and_url_signatures_that_verify() {
    let sandbox = Sandbox::new();
    for provider in PROVIDERS {
        let mut listener = listener_for(&sandbox, provider, 6, &[]);
        let out = sandbox
            .whk()
            .args(["send", "test-event", "--provider", provider])
            .args(["--secret", secret_of(provider), "--json"])
            .args(["--count", "6", "--concurrency", "2"])
            .args(["--to", &listener.url("/hooks/in?source=whk")])
            .output()
            .unwrap();
        let summary = &json_lines(&out.stdout)[0];
        assert_eq!(summary["succeeded"], 6, "{provider}: {summary}");
        for _ in 0..6 {
            let record = listener.next_json();
            assert_eq!(record["verdict"], "verified", "{provider}: {record}");
        }
        assert_eq!(
            listener
                .wait_exit(Duration::from_secs(20))
                .map(|s| s.code()),
            Some(Some(0))
        );
    }
}
