//! Payload contracts: every catalog event, as `whk send` fills it, conforms to
//! its own schema, checked by `boon` (a validator independent of the
//! `jsonschema` crate whk uses); hand-broken bodies fail `whk validate` with
//! the right JSON pointer; `whk validate` exit codes and messages.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use crate::support::*;

const PROVIDERS: [&str; 11] = [
    "standard", "svix", "stripe", "github", "slack", "shopify", "izi", "unibo", "zotlo", "irisync",
    "custom",
];

/// The committed schema document of a provider, read from the repository.
fn schema_document(provider: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/payload/schemas")
        .join(format!("{provider}.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A boon validator for one event of a schema document: the event's schema
/// with the document's `$defs` beside it, formats asserted.
pub struct Oracle {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Oracle {
    pub fn new(schema: Value) -> Self {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler.enable_format_assertions();
        compiler.add_resource("urn:whk:event", schema).unwrap();
        let index = compiler.compile("urn:whk:event", &mut schemas).unwrap();
        Oracle { schemas, index }
    }

    fn for_event(document: &Value, event: &str) -> Self {
        let mut schema = document["events"][event].clone();
        assert!(schema.is_object(), "no schema for {event}");
        schema["$defs"] = document["$defs"].clone();
        schema["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
        Oracle::new(schema)
    }

    pub fn check(&self, body: &Value) -> Result<(), String> {
        self.schemas
            .validate(body, self.index)
            .map_err(|err| format!("{err:#}"))
    }
}

/// `whk providers show P --json` event types, test event included.
fn catalog_types(sandbox: &Sandbox, provider: &str) -> Vec<String> {
    let out = sandbox
        .whk()
        .args(["providers", "show", provider, "--json"])
        .output()
        .unwrap();
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut types: Vec<String> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect();
    types.push("test-event".into());
    types
}

#[test]
fn every_catalog_event_as_sent_conforms_to_its_schema() {
    let sandbox = Sandbox::new();
    let receiver = Receiver::start();
    for provider in PROVIDERS {
        let document = schema_document(provider);
        let mut unused: std::collections::BTreeSet<String> = document["events"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        for event in catalog_types(&sandbox, provider) {
            let before = receiver.received().len();
            sandbox
                .whk()
                .args([
                    "send",
                    &event,
                    "--provider",
                    provider,
                    "--secret",
                    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                ])
                .arg("--to")
                .arg(receiver.url("/"))
                .assert()
                .success();
            let got = receiver.wait_for(before + 1, Duration::from_secs(10));
            let sent = got.last().expect("a request");
            // The schema is keyed by the catalog's own type; test-event maps to it
            // through the type the body or header carries.
            let body: Value = serde_json::from_slice(&sent.body).unwrap();
            let key = catalog_key(provider, &event, &body, sent, &document);
            Oracle::for_event(&document, &key)
                .check(&body)
                .unwrap_or_else(|err| {
                    panic!("{provider} {event} breaks its schema: {err}\n{body}")
                });
            unused.remove(&key);
        }
        // No schema for an event the catalog lacks: both lists are the same.
        assert!(
            unused.is_empty(),
            "{provider} has schemas for no catalog event: {unused:?}"
        );
    }
}

/// The key of an event in its schema document.
fn catalog_key(provider: &str, event: &str, body: &Value, sent: &Received, doc: &Value) -> String {
    let events = doc["events"].as_object().unwrap();
    if events.contains_key(event) {
        return event.to_string();
    }
    let candidates = [
        sent.header("X-GitHub-Event").map(str::to_string),
        sent.header("X-Shopify-Topic").map(str::to_string),
        body.pointer("/type")
            .and_then(Value::as_str)
            .map(str::to_string),
        body.pointer("/event_type")
            .and_then(Value::as_str)
            .map(str::to_string),
        body.pointer("/queue/eventType")
            .and_then(Value::as_str)
            .map(str::to_string),
        body.pointer("/event/type")
            .and_then(Value::as_str)
            .map(str::to_string),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|c| events.contains_key(c))
        .unwrap_or_else(|| panic!("{provider} {event}: no schema key found"))
}

/// A body as `whk send` renders it, captured by the receiver.
fn sent_body(sandbox: &Sandbox, provider: &str, event: &str, sets: &[&str]) -> Value {
    let receiver = Receiver::start();
    let mut cmd = sandbox.whk();
    cmd.args(["send", event, "--provider", provider, "--secret", "s3cret"])
        .arg("--to")
        .arg(receiver.url("/"));
    for set in sets {
        cmd.args(["--set", set]);
    }
    cmd.assert().success();
    let got = receiver.wait_for(1, Duration::from_secs(10));
    serde_json::from_slice(&got[0].body).unwrap()
}

/// Removes the field at a JSON pointer.
fn remove(body: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    body.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap()
        .remove(key)
        .unwrap_or_else(|| panic!("{pointer} not in the body"));
}

struct Broken {
    provider: &'static str,
    event: &'static str,
    /// A pointer to remove, or to set to `value`.
    pointer: &'static str,
    value: Option<Value>,
    /// What `whk validate` must print for it.
    expected: &'static str,
}

#[test]
fn hand_broken_bodies_fail_with_the_right_pointer() {
    let cases = [
        // Missing required fields.
        Broken { provider: "izi", event: "SESSION_ENDED", pointer: "/clubId", value: None,
            expected: "/clubId: required field is missing" },
        Broken { provider: "unibo", event: "PRIZE_PAYOUT_CREATED", pointer: "/prize_type", value: None,
            expected: "/prize_type: required field is missing" },
        Broken { provider: "zotlo", event: "renewal", pointer: "/queue/requestID", value: None,
            expected: "/queue/requestID: required field is missing" },
        Broken { provider: "irisync", event: "content.published", pointer: "/created", value: None,
            expected: "/created: required field is missing" },
        Broken { provider: "stripe", event: "invoice.paid", pointer: "/livemode", value: None,
            expected: "/livemode: required field is missing" },
        // Wrong types.
        Broken { provider: "izi", event: "SESSION_ENDED", pointer: "/data/cost", value: Some(json!("150")),
            expected: "/data/cost: wrong type (expected number, got string \"150\")" },
        Broken { provider: "unibo", event: "PRIZE_PAYOUT_SUCCEEDED", pointer: "/amount", value: Some(json!("100.5")),
            expected: "/amount: wrong type (expected number, got string \"100.5\")" },
        Broken { provider: "zotlo", event: "refund", pointer: "/queue/appId", value: Some(json!("123")),
            expected: "/queue/appId: wrong type (expected integer, got string \"123\")" },
        Broken { provider: "irisync", event: "content.published", pointer: "/data/platforms", value: Some(json!("twitter")),
            expected: "/data/platforms: wrong type (expected array, got string \"twitter\")" },
        // Formats the documents give.
        Broken { provider: "unibo", event: "PRIZE_PAYOUT_FAILED", pointer: "/request_id", value: Some(json!("not-a-uuid")),
            expected: "/request_id: not a valid uuid (expected uuid, got string \"not-a-uuid\")" },
        Broken { provider: "izi", event: "SESSION_ENDED", pointer: "/timestamp", value: Some(json!("yesterday")),
            expected: "/timestamp: not a valid date-time" },
        // Values not in the list.
        Broken { provider: "svix", event: "endpoint.disabled", pointer: "/data/trigger", value: Some(json!("sometimes")),
            expected: "/data/trigger: value not in the list (expected one of \"manual\", \"automatic\", got string \"sometimes\")" },
        Broken { provider: "shopify", event: "products/update", pointer: "/status", value: Some(json!("gone")),
            expected: "/status: value not in the list (expected one of \"active\", \"archived\", \"draft\", got string \"gone\")" },
        Broken { provider: "zotlo", event: "renewal", pointer: "/queue/type", value: Some(json!("TransactionRefund")),
            expected: "/queue/type: wrong value (expected \"SubscriberUpdate\", got string \"TransactionRefund\")" },
    ];
    let sandbox = Sandbox::new();
    for case in cases {
        let mut body = sent_body(&sandbox, case.provider, case.event, &[]);
        match &case.value {
            None => remove(&mut body, case.pointer),
            Some(value) => *body.pointer_mut(case.pointer).unwrap() = value.clone(),
        }
        // The independent validator agrees that the body is broken.
        let document = schema_document(case.provider);
        assert!(
            Oracle::for_event(&document, case.event)
                .check(&body)
                .is_err(),
            "boon accepts the broken {} {}",
            case.provider,
            case.event
        );
        let file = sandbox.write("broken.json", serde_json::to_vec(&body).unwrap());
        let mut cmd = sandbox.whk();
        cmd.arg("validate")
            .arg(&file)
            .args(["--provider", case.provider]);
        if case.provider == "github" || case.provider == "shopify" {
            cmd.args(["--event", case.event]);
        }
        let out = cmd.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{} {}: {stdout}",
            case.provider,
            case.event
        );
        assert!(
            stdout.lines().any(|line| line.starts_with(case.expected)),
            "{} {}: expected a line starting with {:?}, got:\n{stdout}",
            case.provider,
            case.event,
            case.expected
        );
    }
}

fn izi_session_ended() -> Value {
    json!({
        "id": "evt_01HZ3K", "type": "SESSION_ENDED", "timestamp": "2026-05-30T14:32:00Z",
        "clubId": "club_abc123",
        "data": {"sessionId": "sess_xyz789", "deviceId": "device_001", "clientId": "client_456",
                 "duration": 3600, "cost": 150, "endReason": "MANUAL"}
    })
}

#[test]
fn validate_exit_codes_and_messages() {
    let sandbox = Sandbox::new();
    let good = serde_json::to_vec(&izi_session_ended()).unwrap();
    // Valid, from a file and from stdin: exit 0, nothing on stdout.
    let file = sandbox.write("good.json", &good);
    let out = sandbox
        .whk()
        .arg("validate")
        .arg(&file)
        .args(["-p", "izi"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("matches the SESSION_ENDED schema (izi)"));
    sandbox
        .whk()
        .args(["validate", "-p", "izi"])
        .write_stdin(good.clone())
        .assert()
        .code(0);

    // Invalid: exit 1, one line per violation.
    let mut bad = izi_session_ended();
    bad["data"]["cost"] = json!("150");
    bad.as_object_mut().unwrap().remove("clubId");
    let out = sandbox
        .whk()
        .args(["validate", "-p", "izi"])
        .write_stdin(serde_json::to_vec(&bad).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        vec![
            "/clubId: required field is missing (expected a value, got none)",
            "/data/cost: wrong type (expected number, got string \"150\")",
        ]
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("2 violations of the SESSION_ENDED schema")
    );

    // --json: the same errors as objects.
    let out = sandbox
        .whk()
        .args(["validate", "-p", "izi", "--json"])
        .write_stdin(serde_json::to_vec(&bad).unwrap())
        .output()
        .unwrap();
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["valid"], false);
    assert_eq!(result["event_type"], "SESSION_ENDED");
    assert_eq!(result["errors"][1]["pointer"], "/data/cost");

    // Usage errors: exit 2, with did-you-mean for a misspelt event.
    let out = sandbox
        .whk()
        .args(["validate", "-p", "izi", "--event", "SESION_ENDED"])
        .write_stdin(good.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown event 'SESION_ENDED'")
            && stderr.contains("did you mean SESSION_ENDED?"),
        "{stderr}"
    );
    let mut unknown = izi_session_ended();
    unknown["type"] = json!("SESSION_ENDDE");
    let out = sandbox
        .whk()
        .args(["validate", "-p", "izi"])
        .write_stdin(serde_json::to_vec(&unknown).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean SESSION_ENDED?"));
    let out = sandbox
        .whk()
        .args(["validate", "-p", "izi"])
        .write_stdin("not json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the body is not JSON"));
    // With the event named, a body that is not JSON is simply invalid.
    let out = sandbox
        .whk()
        .args(["validate", "-p", "izi", "-e", "SESSION_ENDED"])
        .write_stdin("not json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("(body): not JSON"));
    sandbox
        .whk()
        .args(["validate", "missing.json", "-p", "izi"])
        .assert()
        .code(2);
}

#[test]
fn validate_reads_the_type_from_headers_where_the_provider_keeps_it() {
    let sandbox = Sandbox::new();
    let body = sent_body(&sandbox, "github", "push", &[]);
    let file = sandbox.write("push.json", serde_json::to_vec(&body).unwrap());
    let out = sandbox
        .whk()
        .arg("validate")
        .arg(&file)
        .args(["-p", "github"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "no X-GitHub-Event header: usage error"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("header X-GitHub-Event"));
    sandbox
        .whk()
        .arg("validate")
        .arg(&file)
        .args(["-p", "github", "-H", "X-GitHub-Event: push"])
        .assert()
        .code(0);
    // The same body is not a valid release event.
    let out = sandbox
        .whk()
        .arg("validate")
        .arg(&file)
        .args(["-p", "github", "-H", "X-GitHub-Event: release"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("/release: required field is missing"));
}

#[test]
fn send_validate_refuses_a_broken_fixture_unless_forced() {
    let sandbox = Sandbox::new();
    let receiver = Receiver::start();
    let mut fixture = izi_session_ended();
    fixture["id"] = json!("{{id}}");
    fixture["data"]["duration"] = json!("an hour");
    let file = sandbox.write("fixture.json", serde_json::to_vec(&fixture).unwrap());
    let send = |extra: &[&str]| {
        let mut cmd = sandbox.whk();
        cmd.args([
            "send",
            "--provider",
            "izi",
            "--secret",
            "s3cret",
            "--validate",
        ])
        .arg("--to")
        .arg(receiver.url("/"))
        .args(extra);
        cmd.output().unwrap()
    };
    let out = send(&["--data", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not sent: the body breaks the SESSION_ENDED schema (izi)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("/data/duration: wrong type (expected number, got string \"an hour\")"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"));
    // --set is checked too.
    let out = send(&["SESSION_ENDED", "--set", "data.cost=\"free\""]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/data/cost: wrong type"));
    std::thread::sleep(Duration::from_millis(200));
    assert!(receiver.received().is_empty(), "nothing was sent");

    // --force sends it anyway, after saying what is wrong; a valid one just goes.
    let out = send(&["--data", file.to_str().unwrap(), "--force"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("sending anyway (--force)"));
    send(&["SESSION_ENDED", "--set", "data.cost=200"]);
    let got = receiver.wait_for(2, Duration::from_secs(10));
    assert_eq!(got.len(), 2);
    let last: Value = serde_json::from_slice(&got[1].body).unwrap();
    assert_eq!(last["data"]["cost"], 200);
}

const SHOP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/openapi/shop.yaml");

/// A boon validator for a webhook of the example document: the whole document
/// (read with a YAML parser) as the resource, the request body's schema compiled
/// at its JSON pointer, so `$ref`s into components resolve as boon reads them.
fn shop_oracle(entry: &str) -> Oracle {
    let doc: Value = serde_yaml_ng::from_str(&std::fs::read_to_string(SHOP).unwrap()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler.add_resource("urn:shop", doc.clone()).unwrap();
    let operation = if doc["webhooks"][entry]["post"]["requestBody"]["$ref"].is_string() {
        let name = doc["webhooks"][entry]["post"]["requestBody"]["$ref"]
            .as_str()
            .unwrap();
        name.trim_start_matches('#').to_string()
    } else {
        format!("/webhooks/{entry}/post/requestBody")
    };
    let location = format!("urn:shop#{operation}/content/application~1json/schema");
    let index = compiler.compile(&location, &mut schemas).unwrap();
    Oracle { schemas, index }
}

#[test]
fn the_openapi_example_drives_send_with_fresh_valid_bodies() {
    let sandbox = Sandbox::new();
    let receiver = Receiver::start();
    let entries = [
        ("orderCreated", "order.created"),
        ("orderShipped", "order.shipped"),
        ("customerDeleted", "customer.deleted"),
        ("stockLow", "stockLow"),
    ];
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    for (round, (entry, event_type)) in entries.iter().chain(entries.iter()).enumerate() {
        sandbox
            .whk()
            .args([
                "send",
                entry,
                "--spec",
                SHOP,
                "--validate",
                "--secret",
                secret,
            ])
            .arg("--to")
            .arg(receiver.url("/"))
            .assert()
            .success();
        let got = receiver.wait_for(round + 1, Duration::from_secs(10));
        let sent = &got[round];
        let body: Value = serde_json::from_slice(&sent.body).unwrap();
        assert_eq!(body["type"], *event_type, "{entry}: {body}");
        shop_oracle(entry)
            .check(&body)
            .unwrap_or_else(|err| panic!("{entry} breaks its schema: {err}\n{body}"));
        // Signed as Standard Webhooks, checked from the specification.
        let id = sent.header("webhook-id").unwrap();
        let ts = sent.header("webhook-timestamp").unwrap();
        let expected = oracle::standard(secret, id, ts, &sent.body);
        assert!(sent
            .header("webhook-signature")
            .unwrap()
            .contains(&expected));
    }
    // Fresh ids each time: the example's uuid and the generated one change.
    let got = receiver.received();
    let field = |i: usize, pointer: &str| {
        serde_json::from_slice::<Value>(&got[i].body)
            .unwrap()
            .pointer(pointer)
            .cloned()
    };
    assert_ne!(field(0, "/data/id"), field(4, "/data/id"));
    assert_ne!(field(1, "/data/order_id"), field(5, "/data/order_id"));
    assert_ne!(
        field(0, "/data/id").unwrap(),
        json!("6c1f7f38-4a0e-4d8f-9a57-1f0c2b2e5d11")
    );
    // The example's other values are kept.
    assert_eq!(
        field(0, "/data/customer/email").unwrap(),
        json!("jane.doe@example.com")
    );

    // --validate holds a fixture to the document too.
    let broken = sandbox.write(
        "shipped.json",
        r#"{"type": "order.shipped", "timestamp": "{{now}}", "data": {"order_id": "{{uuid}}", "carrier": "dhl", "tracking_number": "123", "shipped_at": "{{now}}", "parcels": 1}}"#,
    );
    let out = sandbox
        .whk()
        .args([
            "send",
            "--spec",
            SHOP,
            "--validate",
            "--secret",
            secret,
            "--data",
        ])
        .arg(&broken)
        .arg("--to")
        .arg(receiver.url("/"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "/data/tracking_number: too short (expected at least 8 characters, got string \"123\")"
        ),
        "{stderr}"
    );
    assert_eq!(
        receiver.received().len(),
        8,
        "the broken fixture was not sent"
    );
}

#[test]
fn openapi_documents_that_cannot_be_used_say_why() {
    let sandbox = Sandbox::new();
    let old = sandbox.write(
        "old.yaml",
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n",
    );
    let none = sandbox.write(
        "none.json",
        r#"{"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {}}"#,
    );
    let cases = [
        (old, "is OpenAPI 3.0.3, not 3.1"),
        (none, "has no 'webhooks' section"),
        (
            sandbox.path().join("missing.yaml"),
            "cannot read the OpenAPI document",
        ),
    ];
    for (file, expected) in cases {
        for args in [
            vec!["send", "x"],
            vec!["validate"],
            vec!["providers", "show"],
        ] {
            let out = sandbox
                .whk()
                .args(&args)
                .arg("--spec")
                .arg(&file)
                .write_stdin("{}")
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.contains(expected)
                    && stderr.contains(file.file_name().unwrap().to_str().unwrap()),
                "{args:?}: {stderr}"
            );
        }
    }
    // The same document as JSON reads the same.
    let doc: Value = serde_yaml_ng::from_str(&std::fs::read_to_string(SHOP).unwrap()).unwrap();
    let json_spec = sandbox.write("shop.json", serde_json::to_vec(&doc).unwrap());
    let out = sandbox
        .whk()
        .args(["providers", "show", "--json", "--spec"])
        .arg(&json_spec)
        .output()
        .unwrap();
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["events"].as_array().unwrap().len(), 4);
    // An unknown webhook name: did-you-mean from the document.
    let out = sandbox
        .whk()
        .args(["send", "orderCreate", "--spec", SHOP])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean orderCreated?"));
}

#[test]
fn providers_show_lists_the_documents_webhooks() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .whk()
        .args(["providers", "show", "--spec", SHOP, "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["openapi"], "3.1.0");
    assert_eq!(shown["provider"], "standard");
    let events: Vec<(&str, &str, &str)> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap(),
                e["type"].as_str().unwrap(),
                e["body"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        events,
        vec![
            ("orderCreated", "order.created", "example"),
            ("orderShipped", "order.shipped", "generated"),
            ("customerDeleted", "customer.deleted", "example"),
            ("stockLow", "stockLow", "generated"),
        ]
    );
    // The spec in whk.toml is used by validate, relative to the file.
    std::fs::create_dir_all(sandbox.path().join("conf")).unwrap();
    std::fs::copy(SHOP, sandbox.path().join("conf/shop.yaml")).unwrap();
    sandbox.write("whk.toml", "spec = \"conf/shop.yaml\"\n");
    let out = sandbox
        .whk()
        .args(["validate"])
        .write_stdin(r#"{"type": "customer.deleted", "timestamp": "2026-05-30T15:00:00Z", "data": {"id": "0b7e1c52-9f3d-4e61-8c2a-5d4f3e2a1b00", "reason": "bored", "deleted_at": "2026-05-30T15:00:00Z"}}"#)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("/data/reason: value not in the list"));

    // 'whk config' says where the document and the validate switch come from.
    sandbox.write("whk.toml", "spec = \"conf/shop.yaml\"\nvalidate = true\n");
    let out = sandbox.whk().args(["config", "--json"]).output().unwrap();
    let config: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        config["spec"]["value"]
            .as_str()
            .unwrap()
            .ends_with("conf/shop.yaml"),
        "{config}"
    );
    assert_eq!(config["spec"]["source"]["kind"], "file");
    assert!(config["validate"]["value"]
        .as_str()
        .unwrap()
        .starts_with("true"));
}

const STANDARD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const WAIT: Duration = Duration::from_secs(30);

/// A Standard Webhooks delivery of `body`, signed here from the specification.
fn signed(id: &str, body: &Value) -> (Vec<(String, String)>, Vec<u8>) {
    let body = serde_json::to_vec(body).unwrap();
    let ts = unix_now().to_string();
    let signature = oracle::standard(STANDARD_SECRET, id, &ts, &body);
    let headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("webhook-id".to_string(), id.to_string()),
        ("webhook-timestamp".to_string(), ts),
        ("webhook-signature".to_string(), signature),
    ];
    (headers, body)
}

fn invoice(amount: Value) -> Value {
    json!({"type": "invoice.paid", "timestamp": "2026-05-30T14:32:00Z",
           "data": {"id": "inv_1", "customer_id": "cus_1", "amount": amount, "currency": "usd", "status": "paid"}})
}

/// The committed NDJSON contract, compiled by boon.
fn delivery_contract() -> Oracle {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/delivery.schema.json");
    Oracle::new(serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
}

#[test]
fn listen_validate_records_the_schema_result_in_ndjson_and_the_store() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&["--json", "--validate", "--secret", STANDARD_SECRET]);
    let (h, body) = signed("msg_valid", &invoice(json!(4900)));
    assert_eq!(post(listener.addr, "/", &h, &body).status, 200);
    let (h, body) = signed("msg_invalid", &invoice(json!("lots")));
    // Validation informs; the verification decides the answer.
    assert_eq!(post(listener.addr, "/", &h, &body).status, 200);
    let (h, body) = signed(
        "msg_unknown",
        &json!({"type": "invoice.pain", "timestamp": "2026-05-30T14:32:00Z", "data": {}}),
    );
    post(listener.addr, "/", &h, &body);
    let records: Vec<Value> = (0..3).map(|_| listener.next_json()).collect();
    assert_eq!(records[0]["schema"], json!({"valid": true, "errors": []}));
    assert_eq!(
        records[1]["schema"],
        json!({"valid": false, "errors": [
            {"pointer": "/data/amount", "message": "wrong type (expected integer, got string \"lots\")"}
        ]})
    );
    assert_eq!(records[2]["schema"]["valid"], false);
    assert_eq!(records[2]["schema"]["errors"][0]["pointer"], "/type");
    assert!(records[2]["schema"]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("got \"invoice.pain\""));

    // A listener without --validate says it did not check.
    let other = Sandbox::new();
    let mut plain = other.listen(&["--json", "--secret", STANDARD_SECRET]);
    let (h, body) = signed("msg_plain", &invoice(json!("lots")));
    post(plain.addr, "/", &h, &body);
    let unchecked = plain.next_json();
    assert_eq!(unchecked["schema"], Value::Null);

    // Every record still matches the committed contract, which is strict
    // enough to catch a malformed schema result.
    let contract = delivery_contract();
    for record in records.iter().chain([&unchecked]) {
        contract
            .check(record)
            .unwrap_or_else(|err| panic!("{err}\n{record}"));
    }
    let mut broken = records[1].clone();
    broken["schema"]["errors"][0] = json!({"pointer": 3});
    assert!(contract.check(&broken).is_err());
    let mut broken = records[1].clone();
    broken.as_object_mut().unwrap().remove("schema");
    assert!(contract.check(&broken).is_err());

    // The result is stored with the delivery.
    drop(listener);
    let exported = sandbox.export(None);
    assert_eq!(exported.len(), 3);
    assert_eq!(exported[0]["schema"], records[0]["schema"]);
    assert_eq!(exported[1]["schema"], records[1]["schema"]);
    let shown = sandbox
        .whk()
        .args(["events", "show", "2"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains("schema ✗") && shown.contains("/data/amount: wrong type"),
        "{shown}"
    );
}

#[test]
fn listen_expect_valid_fails_the_script_on_an_invalid_payload() {
    for (bodies, code) in [
        (vec![invoice(json!(1)), invoice(json!(2))], 0),
        (vec![invoice(json!(1)), invoice(json!(-0.5))], 1),
    ] {
        let sandbox = Sandbox::new();
        let mut listener = sandbox.listen(&[
            "--json",
            "--expect-valid",
            "--max-events",
            "2",
            "--timeout",
            "30s",
            "--secret",
            STANDARD_SECRET,
        ]);
        for (i, body) in bodies.iter().enumerate() {
            let (h, body) = signed(&format!("msg_{i}"), body);
            post(listener.addr, "/", &h, &body);
        }
        let status = listener.wait_exit(WAIT).expect("exits after 2 events");
        assert_eq!(status.code(), Some(code), "{}", listener.stderr());
        if code == 1 {
            assert!(
                listener.stderr().contains("1 payload broke its schema"),
                "{}",
                listener.stderr()
            );
        }
    }
}

#[test]
fn listen_reject_invalid_answers_422() {
    let sandbox = Sandbox::new();
    let app = Receiver::start();
    let listener = sandbox.listen(&[
        "--reject-invalid",
        "--secret",
        STANDARD_SECRET,
        "--forward-to",
        &app.url("/"),
    ]);
    let (h, body) = signed("msg_ok", &invoice(json!(4900)));
    assert_eq!(post(listener.addr, "/", &h, &body).status, 200);
    let (h, body) = signed("msg_bad", &invoice(json!("lots")));
    let answer = post(listener.addr, "/", &h, &body);
    assert_eq!(answer.status, 422);
    assert!(
        answer.text().contains("/data/amount: wrong type"),
        "{}",
        answer.text()
    );
    // An invalid payload never reaches the app.
    assert_eq!(app.wait_for(1, Duration::from_secs(2)).len(), 1);
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(app.received().len(), 1);
    // Badly signed stays 401: verification comes first.
    let (mut h, body) = signed("msg_forged", &invoice(json!("lots")));
    h[3].1 = "v1,AAAA".into();
    assert_eq!(post(listener.addr, "/", &h, &body).status, 401);
}

#[test]
fn listen_validate_shows_violations_in_pretty_output() {
    let sandbox = Sandbox::new();
    sandbox.write("whk.toml", "validate = true\n");
    let mut listener = sandbox.listen(&["--secret", STANDARD_SECRET, "--max-events", "1"]);
    let (h, body) = signed("msg_pretty", &invoice(json!("lots")));
    post(listener.addr, "/", &h, &body);
    listener.wait_exit(WAIT).expect("exits");
    let mut out = String::new();
    std::io::Read::read_to_string(listener.stdout.as_mut().unwrap(), &mut out).unwrap();
    assert!(out.contains("schema: 1 violation"), "{out}");
    assert!(
        out.contains("/data/amount: wrong type (expected integer, got string \"lots\")"),
        "{out}"
    );
}

#[test]
fn the_openapi_example_drives_listen_validate() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&[
        "--json",
        "--spec",
        SHOP,
        "--validate",
        "--secret",
        STANDARD_SECRET,
    ]);
    let url = listener.url("/");
    let send = |args: &[&str]| {
        sandbox
            .whk()
            .args(["send", "--spec", SHOP, "--secret", STANDARD_SECRET, "--to"])
            .arg(&url)
            .args(args)
            .assert()
            .success();
    };
    for entry in [
        "orderCreated",
        "orderShipped",
        "customerDeleted",
        "stockLow",
    ] {
        send(&[entry]);
        let record = listener.next_json();
        assert_eq!(
            record["schema"],
            json!({"valid": true, "errors": []}),
            "{entry}: {record}"
        );
        assert_eq!(record["verdict"], "verified");
    }
    let broken = sandbox.write(
        "deleted.json",
        r#"{"type": "customer.deleted", "timestamp": "{{now}}", "data": {"id": "{{uuid}}", "reason": "bored", "deleted_at": "{{now}}"}}"#,
    );
    send(&["--data", broken.to_str().unwrap()]);
    let record = listener.next_json();
    assert_eq!(record["event_type"], "customer.deleted");
    assert_eq!(record["schema"]["valid"], false);
    assert_eq!(record["schema"]["errors"][0]["pointer"], "/data/reason");
    delivery_contract().check(&record).unwrap();
}

#[test]
fn the_inspector_shows_the_schema_result() {
    let sandbox = Sandbox::new();
    let listener = sandbox.listen(&["--ui", "--validate", "--secret", STANDARD_SECRET]);
    let (h, body) = signed("msg_ui", &invoice(json!("lots")));
    post(listener.addr, "/", &h, &body);
    let get = |path: &str| {
        let answer = get(listener.addr, path);
        assert_eq!(answer.status, 200, "{path}");
        answer
    };
    let detail: Value = serde_json::from_slice(&get("/_whk/api/deliveries/1").body).unwrap();
    assert_eq!(detail["schema"]["valid"], false);
    assert_eq!(detail["schema"]["errors"][0]["pointer"], "/data/amount");
    let list: Value = serde_json::from_slice(&get("/_whk/api/deliveries").body).unwrap();
    let first = list
        .as_array()
        .map(|l| &l[0])
        .unwrap_or(&list["deliveries"][0]);
    assert_eq!(first["schema"]["valid"], false, "{list}");
    // The page renders it: a badge in the list and a section in the detail.
    let page = get("/_whk/").text();
    assert!(page.contains("data-schema") && page.contains("breaks its schema"));
}
