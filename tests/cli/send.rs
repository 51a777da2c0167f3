//! Tests of `whk send`: every catalog event of every provider arrives signed as
//! the provider's specification says (checked here with `hmac`/`sha2` directly,
//! never with whk's signer), plus overrides, fixtures, duplicates, retries,
//! exit codes and load mode.

use std::time::Duration;

use serde_json::Value;

use crate::support::{json_lines, oracle, Received, Receiver, Reply, Sandbox};

pub const STD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
pub const HMAC_SECRET: &str = "test-secret-0123456789";

/// The secret a test signs with for `provider`: Standard Webhooks secrets are `whsec_` base64.
pub fn secret_for(provider: &str) -> &'static str {
    match provider {
        "standard" | "svix" | "stripe" => STD_SECRET,
        _ => HMAC_SECRET,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn header<'a>(request: &'a Received, name: &str) -> Result<&'a str, String> {
    request
        .header(name)
        .ok_or_else(|| format!("missing header {name}; got {:?}", request.headers))
}

fn expect_eq(what: &str, got: &str, want: &str) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, want {want:?}"))
    }
}

/// Checks a received request's signature from each provider's published
/// scheme, and returns the signing timestamp where the scheme has one.
pub fn check_signature(
    provider: &str,
    secret: &str,
    request: &Received,
) -> Result<Option<i64>, String> {
    let body = request.body.as_slice();
    let with_ts = |ts: &str| [ts.as_bytes(), b".", body].concat();
    let parse_ts = |ts: &str| {
        ts.parse::<i64>()
            .map(Some)
            .map_err(|e| format!("timestamp {ts:?}: {e}"))
    };
    match provider {
        "standard" | "svix" => {
            let prefix = if provider == "svix" {
                "svix"
            } else {
                "webhook"
            };
            let id = header(request, &format!("{prefix}-id"))?;
            let ts = header(request, &format!("{prefix}-timestamp"))?;
            let sig = header(request, &format!("{prefix}-signature"))?;
            expect_eq("signature", sig, &oracle::standard(secret, id, ts, body))?;
            parse_ts(ts)
        }
        "stripe" => {
            let value = header(request, "Stripe-Signature")?;
            let ts = value
                .split(',')
                .find_map(|p| p.strip_prefix("t="))
                .ok_or("no t= in Stripe-Signature")?;
            let mac = hex(&oracle::hmac_sha256(secret.as_bytes(), &with_ts(ts)));
            expect_eq("Stripe-Signature", value, &format!("t={ts},v1={mac}"))?;
            parse_ts(ts)
        }
        "github" => {
            let mac = hex(&oracle::hmac_sha256(secret.as_bytes(), body));
            expect_eq(
                "X-Hub-Signature-256",
                header(request, "X-Hub-Signature-256")?,
                &format!("sha256={mac}"),
            )?;
            Ok(None)
        }
        "slack" => {
            let ts = header(request, "X-Slack-Request-Timestamp")?;
            let content = [b"v0:", ts.as_bytes(), b":", body].concat();
            let mac = hex(&oracle::hmac_sha256(secret.as_bytes(), &content));
            expect_eq(
                "X-Slack-Signature",
                header(request, "X-Slack-Signature")?,
                &format!("v0={mac}"),
            )?;
            parse_ts(ts)
        }
        "shopify" => {
            let mac = oracle::b64(&oracle::hmac_sha256(secret.as_bytes(), body));
            expect_eq(
                "X-Shopify-Hmac-Sha256",
                header(request, "X-Shopify-Hmac-Sha256")?,
                &mac,
            )?;
            Ok(None)
        }
        "izi" => {
            let mac = hex(&oracle::hmac_sha256(secret.as_bytes(), body));
            expect_eq("X-IZI-Signature", header(request, "X-IZI-Signature")?, &mac)?;
            Ok(None)
        }
        "irisync" => {
            let ts = header(request, "X-IriSync-Timestamp")?;
            let mac = hex(&oracle::hmac_sha256(secret.as_bytes(), &with_ts(ts)));
            expect_eq(
                "X-IriSync-Signature",
                header(request, "X-IriSync-Signature")?,
                &mac,
            )?;
            parse_ts(ts)
        }
        "unibo" => {
            expect_eq(
                "Authorization",
                header(request, "Authorization")?,
                &format!("Bearer {secret}"),
            )?;
            Ok(None)
        }
        "custom" => {
            let mac = hex(&oracle::hmac_sha256(secret.as_bytes(), body));
            expect_eq(
                "X-Webhook-Signature",
                header(request, "X-Webhook-Signature")?,
                &mac,
            )?;
            Ok(None)
        }
        "zotlo" => {
            // Zotlo relies on IP allow-listing: nothing may look like a signature.
            match request
                .headers
                .iter()
                .find(|(n, _)| n.to_ascii_lowercase().contains("signature"))
            {
                Some(found) => Err(format!("zotlo is unsigned but got {found:?}")),
                None => Ok(None),
            }
        }
        other => Err(format!("no oracle for provider {other}")),
    }
}

/// Where each provider keeps the event id and type, from its documentation.
fn id_and_type(provider: &str, request: &Received) -> (Option<String>, Option<String>) {
    let json: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let body = |path: &str| {
        path.split('.')
            .try_fold(&json, |node, key| node.get(key))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let head = |name: &str| request.header(name).map(str::to_string);
    match provider {
        "standard" => (head("webhook-id"), body("type")),
        "svix" => (head("svix-id"), body("type")),
        "github" => (head("X-GitHub-Delivery"), head("X-GitHub-Event")),
        "shopify" => (head("X-Shopify-Webhook-Id"), head("X-Shopify-Topic")),
        "slack" => (body("event_id"), body("event.type")),
        "unibo" => (body("request_id"), body("event_type")),
        "zotlo" => (body("queue.requestID"), body("queue.eventType")),
        _ => (body("id"), body("type")),
    }
}

/// The `[catalog]` of a provider file, read straight from the file.
fn catalog(provider: &str) -> Value {
    let path = format!("{}/providers/{provider}.toml", env!("CARGO_MANIFEST_DIR"));
    let file: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    serde_json::to_value(&file["catalog"]).unwrap()
}

const PROVIDERS: [&str; 11] = [
    "standard", "svix", "stripe", "github", "slack", "shopify", "izi", "unibo", "zotlo", "irisync",
    "custom",
];

#[test]
fn every_catalog_event_of_every_provider_arrives_signed_per_spec() {
    let sandbox = Sandbox::new();
    let receiver = Receiver::start();
    let mut sent = 0;
    for provider in PROVIDERS {
        let catalog = catalog(provider);
        let mut types: Vec<String> = catalog["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["type"].as_str().unwrap().to_string())
            .collect();
        types.push("test-event".into());
        assert!(types.len() > 1, "{provider} has events");
        for event_type in types {
            let secret = secret_for(provider);
            let out = sandbox
                .whk()
                .args([
                    "send",
                    &event_type,
                    "--provider",
                    provider,
                    "--secret",
                    secret,
                    "--json",
                ])
                .args(["--to", &receiver.url("/hooks")])
                .assert()
                .code(0);
            let lines = json_lines(&out.get_output().stdout);
            assert_eq!(lines.len(), 1, "{provider} {event_type}: one attempt");
            sent += 1;
            let got = receiver.wait_for(sent, Duration::from_secs(10));
            let request = &got[sent - 1];
            assert_eq!(request.method, "POST");
            assert_eq!(request.path, "/hooks");
            let context = format!("{provider} {event_type}");
            check_signature(provider, secret, request).unwrap_or_else(|e| panic!("{context}: {e}"));
            assert!(
                serde_json::from_slice::<Value>(&request.body).is_ok(),
                "{context}: body is JSON"
            );
            let (id, kind) = id_and_type(provider, request);
            // Unibo's document gives opt-in/out events no request_id: no id, none invented.
            let documented_without_id =
                provider == "unibo" && event_type.starts_with("PLAYER_OPTED");
            match (id, documented_without_id) {
                (Some(id), false) => assert_eq!(lines[0]["event_id"], id.as_str(), "{context}"),
                (None, true) => assert_eq!(lines[0]["event_id"], Value::Null, "{context}"),
                (id, _) => panic!("{context}: event id {id:?} where the document says otherwise"),
            }
            let expected_type = if event_type == "test-event" {
                catalog["test_event"]["type"].as_str().unwrap().to_string()
            } else {
                event_type.clone()
            };
            assert_eq!(
                kind.as_deref(),
                Some(expected_type.as_str()),
                "{context}: event type"
            );
            assert_eq!(lines[0]["status"], 200);
            assert!(!request.body.contains(&b'\n'), "{context}: compact body");
            assert!(
                !String::from_utf8_lossy(&request.body).contains("{{"),
                "{context}: placeholders filled"
            );
        }
    }
}

#[test]
fn zero_flags_send_a_test_event_signed_with_the_listener_secret() {
    let sandbox = Sandbox::new();
    let receiver = Receiver::start();
    // The default target is whk listen's port 3000; point it here through the
    // user config, where the generated secret is saved too.
    std::fs::create_dir_all(sandbox.home()).unwrap();
    std::fs::write(
        sandbox.home().join("whk.toml"),
        format!("target = \"{}\"\n", receiver.url("/")),
    )
    .unwrap();
    let out = sandbox.whk().args(["send", "test-event"]).assert().code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("200"), "{stdout}");
    let saved = std::fs::read_to_string(sandbox.home().join("whk.toml")).expect("dev secret saved");
    let config: toml::Table = toml::from_str(&saved).unwrap();
    let secret = config["secrets"]["standard"].as_str().unwrap();
    assert!(!stdout.contains(secret), "the secret is never printed");
    let request = &receiver.wait_for(1, Duration::from_secs(5))[0];
    check_signature("standard", secret, request).unwrap();
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["data"]["test"], true, "marked as a test");
    // A second send reuses the saved secret rather than generating another.
    sandbox.whk().args(["send", "test-event"]).assert().code(0);
    let again = &receiver.wait_for(2, Duration::from_secs(5))[1];
    check_signature("standard", secret, again).unwrap();
    assert_ne!(
        again.header("webhook-id"),
        request.header("webhook-id"),
        "fresh id per send"
    );
}

#[test]
fn set_overrides_and_extra_headers() {
    let sandbox = Sandbox::new();
    let receiver = Receiver::start();
    sandbox
        .whk()
        .args([
            "send",
            "session_ended",
            "-p",
            "izi",
            "--secret",
            HMAC_SECRET,
            "--to",
            &receiver.url("/"),
        ])
        .args([
            "--set",
            "data.cost=200",
            "--set",
            "data.endReason=AUTO",
            "--set",
            "data.extra={\"a\":[1]}",
        ])
        .args([
            "-H",
            "X-Trace: abc",
            "-H",
            "Content-Type: application/vnd.test+json",
        ])
        .assert()
        .code(0);
    let request = &receiver.wait_for(1, Duration::from_secs(5))[0];
    check_signature("izi", HMAC_SECRET, request).unwrap();
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["type"], "SESSION_ENDED");
    assert_eq!(body["data"]["cost"], 200);
    assert_eq!(body["data"]["endReason"], "AUTO");
    assert_eq!(body["data"]["extra"]["a"][0], 1);
    assert_eq!(request.header("X-Trace"), Some("abc"));
    let content_types: Vec<_> = request
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .collect();
    assert_eq!(
        content_types.len(),
        1,
        "-H replaces the provider's header: {content_types:?}"
    );
    assert_eq!(content_types[0].1, "application/vnd.test+json");

    sandbox
        .whk()
        .args([
            "send",
            "test-event",
            "-p",
            "izi",
            "--secret",
            HMAC_SECRET,
            "--set",
            "nopath",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("path=value"));
    sandbox
        .whk()
        .args([
            "send",
            "test-event",
            "-p",
            "izi",
            "--secret",
            HMAC_SECRET,
            "-H",
            "no colon here",
        ])
        .assert()
        .code(2);
}

#[test]
fn data_fixtures_are_filled_fresh_and_sent_byte_for_byte() {
    let sandbox = Sandbox::new();
    let receiver = Receiver::start();
    let fixture = "{ \"id\": \"{{id}}\", \"type\": \"SESSION_ENDED\",\n  \"u\": \"{{uuid}}\", \"at\": {{now_unix}}, \"when\": \"{{now}}\" }\n";
    let file = sandbox.write("fixture.json", fixture);
    for _ in 0..2 {
        sandbox
            .whk()
            .args([
                "send",
                "--data",
                file.to_str().unwrap(),
                "-p",
                "izi",
                "--secret",
                HMAC_SECRET,
            ])
            .args(["--to", &receiver.url("/")])
            .assert()
            .code(0);
    }
    let got = receiver.wait_for(2, Duration::from_secs(5));
    for request in &got {
        check_signature("izi", HMAC_SECRET, request).unwrap();
        let text = String::from_utf8(request.body.clone()).unwrap();
        assert!(text.starts_with("{ \"id\": \"evt_"), "layout kept: {text}");
        assert!(text.contains(",\n  \"u\": \""), "whitespace kept: {text}");
        assert!(!text.contains("{{"), "{text}");
        let json: Value = serde_json::from_str(&text).unwrap();
        assert!(json["at"].is_i64());
    }
    let uuid = |r: &Received| serde_json::from_slice::<Value>(&r.body).unwrap()["u"].clone();
    assert_ne!(uuid(&got[0]), uuid(&got[1]), "filled fresh on every send");

    // From stdin, with an event type for a provider that keeps it in a header.
    sandbox
        .whk()
        .args([
            "send",
            "push",
            "--data",
            "-",
            "-p",
            "github",
            "--secret",
            HMAC_SECRET,
        ])
        .args(["--to", &receiver.url("/")])
        .write_stdin("{\"ref\":\"refs/heads/main\"}")
        .assert()
        .code(0);
    let request = &receiver.wait_for(3, Duration::from_secs(5))[2];
    assert_eq!(request.body, b"{\"ref\":\"refs/heads/main\"}");
    assert_eq!(request.header("X-GitHub-Event"), Some("push"));
    check_signature("github", HMAC_SECRET, request).unwrap();
}

#[test]
fn duplicates_carry_the_same_id() {
    let sandbox = Sandbox::new();
    let receiver = Receiver::start();
    let out = sandbox
        .whk()
        .args([
            "send",
            "orders/create",
            "-p",
            "shopify",
            "--secret",
            HMAC_SECRET,
            "--duplicate",
            "2",
            "--json",
        ])
        .args(["--to", &receiver.url("/")])
        .assert()
        .code(0);
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 3);
    let got = receiver.wait_for(3, Duration::from_secs(5));
    assert_eq!(got.len(), 3);
    let ids: Vec<_> = got
        .iter()
        .map(|r| r.header("X-Shopify-Webhook-Id").unwrap().to_string())
        .collect();
    assert!(ids.iter().all(|id| id == &ids[0]), "{ids:?}");
    assert_eq!(lines[2]["copy"], 2);
    assert!(got.iter().all(|r| r.body == got[0].body));
    for request in &got {
        check_signature("shopify", HMAC_SECRET, request).unwrap();
    }
}

#[test]
fn retries_follow_the_scaled_schedule_with_the_same_id() {
    let sandbox = Sandbox::new();
    // IZI's schedule is 30 s, 5 min, ...; scaled by 0.001: 30 ms, 300 ms.
    let receiver = Receiver::with_plan(vec![Reply::Status(500), Reply::Status(503)]);
    let out = sandbox
        .whk()
        .args([
            "send",
            "SESSION_ENDED",
            "-p",
            "izi",
            "--secret",
            HMAC_SECRET,
            "--json",
        ])
        .args([
            "--retry",
            "--time-scale",
            "0.001",
            "--to",
            &receiver.url("/"),
        ])
        .assert()
        .code(0);
    let lines = json_lines(&out.get_output().stdout);
    let statuses: Vec<_> = lines
        .iter()
        .map(|l| l["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [500, 503, 200]);
    assert_eq!(
        lines
            .iter()
            .map(|l| l["attempt"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let got = receiver.wait_for(3, Duration::from_secs(5));
    assert_eq!(got.len(), 3);
    let ids: Vec<_> = got
        .iter()
        .map(|r| id_and_type("izi", r).0.unwrap())
        .collect();
    assert!(
        ids.iter().all(|id| id == &ids[0]),
        "retries keep the id: {ids:?}"
    );
    assert!(got.iter().all(|r| r.body == got[0].body), "same event");
    assert!(
        got[2].at - got[1].at >= Duration::from_millis(300),
        "second wait is 5 min scaled"
    );
}

#[test]
fn retries_of_timestamped_schemes_are_signed_fresh() {
    let sandbox = Sandbox::new();
    let receiver = Receiver::with_plan(vec![Reply::Status(500)]);
    // A wait over a second, so the fresh timestamp must differ.
    sandbox
        .whk()
        .args([
            "send",
            "test-event",
            "-p",
            "irisync",
            "--secret",
            HMAC_SECRET,
        ])
        .args([
            "--retry",
            "--schedule",
            "1100ms",
            "--to",
            &receiver.url("/"),
        ])
        .assert()
        .code(0);
    let got = receiver.wait_for(2, Duration::from_secs(5));
    assert_eq!(got.len(), 2);
    let first = check_signature("irisync", HMAC_SECRET, &got[0])
        .unwrap()
        .unwrap();
    let second = check_signature("irisync", HMAC_SECRET, &got[1])
        .unwrap()
        .unwrap();
    assert!(second > first, "timestamps {first} then {second}");
    assert_eq!(
        id_and_type("irisync", &got[0]).0,
        id_and_type("irisync", &got[1]).0
    );
}

#[test]
fn exhausted_retries_exit_1() {
    let sandbox = Sandbox::new();
    let receiver = Receiver::with_plan(vec![Reply::Status(500); 5]);
    sandbox
        .whk()
        .args([
            "send",
            "user.created",
            "--secret",
            STD_SECRET,
            "--retry",
            "--schedule",
            "10ms,10ms",
        ])
        .args(["--to", &receiver.url("/")])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("500"));
    let got = receiver.wait_for(3, Duration::from_secs(5));
    assert_eq!(got.len(), 3, "one attempt and two retries");
    let ids: Vec<_> = got
        .iter()
        .map(|r| r.header("webhook-id").unwrap())
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]));
    for request in &got {
        check_signature("standard", STD_SECRET, request).unwrap();
    }
}

#[test]
fn success_follows_the_provider_rule() {
    let sandbox = Sandbox::new();
    // IZI and Zotlo count exactly 200; others any 2xx.
    for (provider, expected) in [("izi", 1), ("zotlo", 1), ("standard", 0), ("github", 0)] {
        let receiver = Receiver::with_plan(vec![Reply::Status(202)]);
        sandbox
            .whk()
            .args([
                "send",
                "test-event",
                "-p",
                provider,
                "--secret",
                secret_for(provider),
            ])
            .args(["--to", &receiver.url("/")])
            .assert()
            .code(expected);
    }
}

#[test]
fn refused_connections_and_timeouts_exit_1_with_one_clear_line() {
    let sandbox = Sandbox::new();
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let out = sandbox
        .whk()
        .args(["send", "test-event", "--secret", STD_SECRET])
        .args(["--to", &format!("http://127.0.0.1:{port}/")])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("connection refused"), "{stderr}");
    assert!(!stderr.contains("caused by"), "one line: {stderr}");

    let receiver = Receiver::with_plan(vec![Reply::Slow(200, Duration::from_secs(3))]);
    let out = sandbox
        .whk()
        .args([
            "send",
            "test-event",
            "--secret",
            STD_SECRET,
            "--timeout",
            "200ms",
            "--json",
        ])
        .args(["--to", &receiver.url("/")])
        .assert()
        .code(1);
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 1);
    assert!(lines[0]["status"].is_null());
    assert!(
        lines[0]["error"].as_str().unwrap().contains("timed out"),
        "{}",
        lines[0]
    );
}

#[test]
fn usage_errors_exit_2() {
    let sandbox = Sandbox::new();
    // (arguments after `send`, what stderr must say; "" = only the exit code)
    let cases: [(&[&str], &str); 6] = [
        (&["SESION_ENDED", "-p", "izi"], "did you mean SESSION_ENDED"),
        // No terminal: no prompt, a usage error saying how to pick an event.
        (&["-p", "izi"], "whk providers show izi"),
        (
            &["test-event", "--to", "ftp://example/"],
            "invalid target URL",
        ),
        (&["test-event", "--secret", "whsec_%%%"], "base64"),
        (
            &["test-event", "--retry", "--schedule", "1s,later"],
            "'later'",
        ),
        (&["test-event", "--count", "5", "--duplicate", "1"], ""),
    ];
    for (args, says) in cases {
        sandbox
            .whk()
            .arg("send")
            .args(args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(says));
    }
}

/// How many different values `values` holds.
fn distinct<T: Ord>(values: impl Iterator<Item = T>) -> usize {
    values.collect::<std::collections::BTreeSet<_>>().len()
}

#[test]
fn load_mode_counts_every_request() {
    let sandbox = Sandbox::new();
    let receiver = Receiver::start();
    let out = sandbox
        .whk()
        .args([
            "send",
            "SESSION_STARTED",
            "-p",
            "izi",
            "--secret",
            HMAC_SECRET,
            "--json",
        ])
        .args([
            "--count",
            "60",
            "--concurrency",
            "4",
            "--to",
            &receiver.url("/load"),
        ])
        .assert()
        .code(0);
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 1, "only the summary");
    let summary = &lines[0];
    assert_eq!(summary["sent"], 60);
    assert_eq!(summary["succeeded"], 60);
    assert_eq!(summary["failed"], 0);
    assert_eq!(summary["statuses"]["200"], 60);
    assert!(
        summary["latency_ms"]["p99"].as_f64().unwrap()
            <= summary["latency_ms"]["max"].as_f64().unwrap()
    );
    let got = receiver.wait_for(60, Duration::from_secs(5));
    assert_eq!(got.len(), 60);
    let ids = got.iter().map(|r| id_and_type("izi", r).0.unwrap());
    assert_eq!(distinct(ids), 60, "distinct events");
    for request in &got {
        check_signature("izi", HMAC_SECRET, request).unwrap();
        assert_eq!(
            id_and_type("izi", request).1.as_deref(),
            Some("SESSION_STARTED")
        );
    }
}

/// Workers claim request numbers sixteen at a time when the run is large
/// enough: every number is still sent exactly once, the last claim cut short.
#[test]
fn load_mode_sends_each_request_once_when_workers_claim_several() {
    let sandbox = Sandbox::new();
    let receiver = Receiver::start();
    let out = sandbox
        .whk()
        .args(["send", "push", "-p", "github", "--secret", HMAC_SECRET])
        .args(["--json", "--count", "1000", "--concurrency", "3"])
        .args(["--threads", "2", "--to", &receiver.url("/")])
        .assert()
        .code(0);
    let summary = &json_lines(&out.get_output().stdout)[0];
    assert_eq!(summary["sent"], 1000);
    assert_eq!(summary["succeeded"], 1000);
    let got = receiver.wait_for(1000, Duration::from_secs(10));
    let ids = got.iter().map(|r| r.header("X-GitHub-Delivery").unwrap());
    assert_eq!(distinct(ids), 1000, "one delivery per request number");
    for request in got.iter().step_by(97) {
        check_signature("github", HMAC_SECRET, request).unwrap();
    }
}

#[test]
fn load_mode_reports_failures_by_status() {
    let sandbox = Sandbox::new();
    let receiver = Receiver::with_plan(vec![
        Reply::Status(500),
        Reply::Status(500),
        Reply::Status(429),
    ]);
    let out = sandbox
        .whk()
        .args([
            "send",
            "push",
            "-p",
            "github",
            "--secret",
            HMAC_SECRET,
            "--json",
        ])
        .args([
            "--count",
            "20",
            "--concurrency",
            "1",
            "--rate",
            "1000",
            "--to",
            &receiver.url("/"),
        ])
        .assert()
        .code(1);
    let summary = &json_lines(&out.get_output().stdout)[0];
    assert_eq!(summary["sent"], 20);
    assert_eq!(summary["succeeded"], 17);
    assert_eq!(summary["failed"], 3);
    assert_eq!(summary["failed_by_status"]["500"], 2);
    assert_eq!(summary["failed_by_status"]["429"], 1);
    let got = receiver.wait_for(20, Duration::from_secs(5));
    for request in &got {
        check_signature("github", HMAC_SECRET, request).unwrap();
        assert_eq!(request.header("X-GitHub-Event"), Some("push"));
    }
    let ids = got.iter().map(|r| r.header("X-GitHub-Delivery").unwrap());
    assert_eq!(distinct(ids), 20);

    // Human summary.
    let receiver = Receiver::start();
    let out = sandbox
        .whk()
        .args([
            "send",
            "test-event",
            "--secret",
            STD_SECRET,
            "--count",
            "5",
            "--to",
            &receiver.url("/"),
        ])
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("│ 5 × test.event (standard)"), "{stdout}");
    assert!(stdout.contains("succeeded  │ 5 "), "{stdout}");
    assert!(stdout.contains("p99"), "{stdout}");
}
