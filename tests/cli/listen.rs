//! Tests of `whk listen`: the real binary on a free port, real signed
//! requests over loopback for every provider (signatures computed here from
//! the specs), the NDJSON output, the store, forwarding, failure simulation,
//! exit codes and shutdown. Durability under SIGKILL and hostile input live
//! in `reliability`.

use std::io::{BufRead, Read};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{
    self, assert_matches_delivery_schema, delivery_schema_violation, headers, json_lines, oracle,
    post, standard_delivery, unix_now, Receiver, Reply, Sandbox,
};

const WAIT: Duration = Duration::from_secs(30);
/// A Standard Webhooks secret (base64 after `whsec_`).
const STANDARD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SECRET: &str = "s3cr3t-for-tests";

/// A correctly signed delivery of each provider, built from its spec.
struct Case {
    provider: &'static str,
    secret: &'static str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    id: String,
    event_type: String,
    /// `None` for providers that sign nothing.
    signed: bool,
}

fn case(provider: &'static str) -> Case {
    let ts = unix_now().to_string();
    let id = format!("{provider}-id-1");
    let event_type = format!("{provider}.happened");
    let hmac_hex = |content: &[u8]| oracle::hex(&oracle::hmac_sha256(SECRET.as_bytes(), content));
    let json = |value: Value| serde_json::to_vec(&value).unwrap();
    let mut secret = SECRET;
    let mut signed = true;
    let (headers, body) = match provider {
        "standard" | "svix" => {
            secret = STANDARD_SECRET;
            let body = json(serde_json::json!({"type": event_type, "data": {"n": 1}}));
            let sig = oracle::standard(STANDARD_SECRET, &id, &ts, &body);
            let prefix = if provider == "svix" {
                "svix"
            } else {
                "webhook"
            };
            (
                vec![
                    (format!("{prefix}-id"), id.clone()),
                    (format!("{prefix}-timestamp"), ts.clone()),
                    (format!("{prefix}-signature"), sig),
                ],
                body,
            )
        }
        "stripe" => {
            let body = json(serde_json::json!({"id": id, "object": "event", "type": event_type}));
            (
                vec![(
                    "Stripe-Signature".into(),
                    oracle::stripe(SECRET, &ts, &body),
                )],
                body,
            )
        }
        "github" => {
            let body = json(serde_json::json!({"action": "opened", "number": 1}));
            let sig = oracle::github(SECRET, &body);
            (
                headers(&[
                    ("X-GitHub-Delivery", &id),
                    ("X-GitHub-Event", &event_type),
                    ("X-Hub-Signature-256", &sig),
                ]),
                body,
            )
        }
        "slack" => {
            let body = json(serde_json::json!({"event_id": id, "event": {"type": event_type}}));
            let sig = oracle::slack(SECRET, &ts, &body);
            (
                headers(&[
                    ("X-Slack-Request-Timestamp", &ts),
                    ("X-Slack-Signature", &sig),
                ]),
                body,
            )
        }
        "shopify" => {
            let body = json(serde_json::json!({"id": 820982911946154508u64, "email": "a@b.c"}));
            let sig = oracle::b64(&oracle::hmac_sha256(SECRET.as_bytes(), &body));
            (
                headers(&[
                    ("X-Shopify-Webhook-Id", &id),
                    ("X-Shopify-Topic", &event_type),
                    ("X-Shopify-Hmac-Sha256", &sig),
                ]),
                body,
            )
        }
        "izi" => {
            let body =
                json(serde_json::json!({"id": id, "type": event_type, "clubId": 7, "data": {}}));
            (headers(&[("X-IZI-Signature", &hmac_hex(&body))]), body)
        }
        "irisync" => {
            let body = json(serde_json::json!({"id": id, "type": event_type, "data": {}}));
            let content = [format!("{ts}.").as_bytes(), &body].concat();
            (
                headers(&[
                    ("X-IriSync-Timestamp", &ts),
                    ("X-IriSync-Signature", &hmac_hex(&content)),
                ]),
                body,
            )
        }
        "unibo" => {
            let body =
                json(serde_json::json!({"request_id": id, "event_type": event_type, "amount": 5}));
            (
                headers(&[("Authorization", &format!("Bearer {SECRET}"))]),
                body,
            )
        }
        "zotlo" => {
            signed = false;
            let body =
                json(serde_json::json!({"queue": {"requestID": id, "eventType": event_type}}));
            (Vec::new(), body)
        }
        "custom" => {
            let body = json(serde_json::json!({"id": id, "type": event_type}));
            (headers(&[("X-Webhook-Signature", &hmac_hex(&body))]), body)
        }
        other => panic!("no test case for {other}"),
    };
    let mut headers = headers;
    headers.push(("Content-Type".into(), "application/json".into()));
    Case {
        provider,
        secret,
        headers,
        body,
        id,
        event_type,
        signed,
    }
}

const PROVIDERS: [&str; 11] = [
    "standard", "svix", "stripe", "github", "slack", "shopify", "izi", "irisync", "unibo", "zotlo",
    "custom",
];

#[test]
fn every_provider_accepts_its_signature_and_rejects_a_tampered_body() {
    let sandbox = Sandbox::new();
    for provider in PROVIDERS {
        let c = case(provider);
        let mut listener =
            sandbox.listen(&["--json", "--provider", c.provider, "--secret", c.secret]);

        let ok = post(listener.addr, "/hooks/in?x=1", &c.headers, &c.body);
        assert_eq!(ok.status, 200, "{provider}: {}", ok.text());
        let record = listener.next_json();
        assert_eq!(record["provider"], provider);
        assert_eq!(record["path"], "/hooks/in?x=1");
        assert_eq!(record["method"], "POST");
        assert_eq!(record["event_id"], c.id.as_str(), "{provider}");
        assert_eq!(record["event_type"], c.event_type.as_str(), "{provider}");
        assert_eq!(record["status"], 200);
        assert_eq!(record["duplicate"], false);
        assert_eq!(
            record["body"],
            serde_json::from_slice::<Value>(&c.body).unwrap()
        );
        assert_eq!(record["size"], c.body.len());
        if c.signed {
            assert_eq!(record["verified"], true, "{provider}: {record}");
            assert_eq!(record["reason"], Value::Null);
        } else {
            assert_eq!(record["verified"], Value::Null, "{provider} signs nothing");
        }

        // One byte changed: a scheme that signs the body must refuse it (the
        // bearer token of Unibo does not cover the body; a wrong token must fail).
        let mut tampered_headers = c.headers.clone();
        let mut tampered_body = c.body.clone();
        if provider == "unibo" {
            tampered_headers[0].1 = "Bearer not-the-key".into();
        } else {
            let at = tampered_body.len() - 2;
            tampered_body[at] = b' ';
        }
        let bad = post(
            listener.addr,
            "/hooks/in",
            &tampered_headers,
            &tampered_body,
        );
        let record = listener.next_json();
        if c.signed {
            assert_eq!(bad.status, 401, "{provider}: {}", bad.text());
            assert!(
                bad.text().contains("rejected"),
                "{provider}: {}",
                bad.text()
            );
            assert_eq!(record["verified"], false);
            assert_eq!(record["status"], 401);
            assert!(
                record["reason"].as_str().is_some_and(|r| !r.is_empty()),
                "{record}"
            );
        } else {
            assert_eq!(bad.status, 200);
        }
    }
}

#[test]
fn zero_config_generates_a_secret_that_send_side_and_print_secret_agree_on() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&["--json"]);
    let line = listener
        .wait_stderr("Your signing secret: ", WAIT)
        .unwrap_or_else(|| panic!("no secret line: {}", listener.stderr()));
    let secret = line
        .split("Your signing secret: ")
        .nth(1)
        .unwrap()
        .trim()
        .to_string();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let saved = std::fs::read_to_string(sandbox.home().join("whk.toml")).unwrap();
    assert!(saved.contains(&secret), "secret saved in the user config");

    let (h, body) = standard_delivery(&secret, "msg_zero", "test-event");
    let ok = post(listener.addr, "/", &h, &body);
    assert_eq!(ok.status, 200, "{}", ok.text());
    let record = listener.next_json();
    assert_eq!(record["verified"], true);
    let ndjson = record.to_string();
    assert!(
        !ndjson.contains(&secret[6..]),
        "the secret never goes into NDJSON"
    );

    let printed = sandbox
        .whk()
        .args(["listen", "--print-secret"])
        .output()
        .unwrap();
    assert!(printed.status.success());
    assert_eq!(String::from_utf8(printed.stdout).unwrap().trim(), secret);
    let flag = sandbox
        .whk()
        .args(["listen", "--print-secret", "--secret", "given"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(flag.stdout).unwrap().trim(), "given");
}

#[test]
fn bad_input_gets_clear_4xx_answers_and_rejections_are_recorded() {
    let sandbox = Sandbox::new();
    let mut listener =
        sandbox.listen(&["--json", "--secret", STANDARD_SECRET, "--max-body", "1KiB"]);
    let addr = listener.addr;
    let now = unix_now();
    let signed = |id: &str, ts: i64, body: &[u8]| {
        let ts = ts.to_string();
        vec![
            ("webhook-id".to_string(), id.to_string()),
            ("webhook-timestamp".to_string(), ts.clone()),
            (
                "webhook-signature".to_string(),
                oracle::standard(STANDARD_SECRET, id, &ts, body),
            ),
        ]
    };
    let body = br#"{"type":"t"}"#;

    let stale = post(addr, "/", &signed("m1", now - 3600, body), body);
    assert_eq!(stale.status, 401);
    assert!(stale.text().contains("old"), "{}", stale.text());
    let future = post(addr, "/", &signed("m2", now + 3600, body), body);
    assert_eq!(future.status, 401);
    assert!(future.text().contains("future"), "{}", future.text());
    let missing = post(addr, "/", &[], body);
    assert_eq!(missing.status, 401);
    assert!(missing.text().contains("missing"), "{}", missing.text());
    let mut wrong = signed("m3", now, body);
    wrong[2].1 = oracle::standard(STANDARD_SECRET, "m3", &now.to_string(), b"other");
    assert_eq!(post(addr, "/", &wrong, body).status, 401);

    // The body is opaque to signing: invalid JSON and binary bodies are accepted.
    let not_json = b"{not json";
    assert_eq!(
        post(addr, "/", &signed("m4", now, not_json), not_json).status,
        200
    );
    let binary = [0xff, 0xfe, 0x00, 0x01];
    assert_eq!(
        post(addr, "/", &signed("m5", now, &binary), &binary).status,
        200
    );
    assert_eq!(post(addr, "/", &signed("m6", now, b""), b"").status, 200);

    let big = vec![b'a'; 2048];
    let too_big = post(addr, "/", &signed("m7", now, &big), &big);
    assert_eq!(too_big.status, 413, "{}", too_big.text());

    // Not deliveries: not recorded.
    let get = support::get(addr, "/");
    assert_eq!(get.status, 405);
    assert_eq!(get.header("allow"), Some("POST"));
    let reserved = post(addr, "/_whk/anything", &signed("m8", now, body), body);
    assert_eq!(reserved.status, 404);

    // A truncated request does not hurt the next one.
    {
        use std::io::Write;
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .write_all(b"POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{\"a\":")
            .unwrap();
    }
    let huge_header = vec![("x-big".to_string(), "y".repeat(512 * 1024))];
    let huge = support::http_request(addr, "POST", "/", &huge_header, body);
    assert!(
        huge.map_or(true, |r| (400..500).contains(&r.status)),
        "huge headers get a 4xx or a closed connection"
    );

    let records: Vec<Value> = (0..8).map(|_| listener.next_json()).collect();
    let statuses: Vec<u64> = records
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [401, 401, 401, 401, 200, 200, 200, 413]);
    let verified: Vec<&Value> = records.iter().map(|r| &r["verified"]).collect();
    assert_eq!(verified[..4], [&Value::Bool(false); 4]);
    assert!(records[0]["reason"].as_str().unwrap().contains("old"));
    assert!(records[7]["reason"]
        .as_str()
        .unwrap()
        .contains("--max-body"));
    // A refused body is not kept, but its record says how large it was.
    assert_eq!(records[7]["size"], 2048);
    assert!(records[7]["reason"]
        .as_str()
        .unwrap()
        .contains("2048 bytes"));
    assert_eq!(records[4]["body_base64"], oracle::b64(not_json));
    assert!(records[4].get("body").is_none());
    assert_eq!(records[5]["body_base64"], oracle::b64(&binary));

    let ok = post(addr, "/", &signed("m9", now, body), body);
    assert_eq!(ok.status, 200, "still serving after bad input");
    assert_eq!(
        listener.next_json()["seq"],
        9,
        "GET, /_whk/ and broken requests were not recorded"
    );
}

#[test]
fn path_restriction_and_duplicates() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&["--json", "--secret", STANDARD_SECRET, "--path", "/hooks"]);
    let (h, body) = standard_delivery(STANDARD_SECRET, "msg_dup", "order.created");
    let elsewhere = post(listener.addr, "/other", &h, &body);
    assert_eq!(elsewhere.status, 404);
    assert!(elsewhere.text().contains("/hooks"), "{}", elsewhere.text());

    let first = post(listener.addr, "/hooks?attempt=1", &h, &body);
    assert_eq!(first.status, 200);
    let again = post(listener.addr, "/hooks?attempt=2", &h, &body);
    assert_eq!(again.status, 200, "duplicates are still accepted");
    assert!(again.text().contains("duplicate of #1"), "{}", again.text());
    let (h2, body2) = standard_delivery(STANDARD_SECRET, "msg_other", "order.created");
    assert_eq!(post(listener.addr, "/hooks", &h2, &body2).status, 200);

    let records: Vec<Value> = (0..3).map(|_| listener.next_json()).collect();
    assert_eq!(records[0]["seq"], 1);
    assert_eq!(records[0]["duplicate"], false);
    assert_eq!(records[1]["duplicate"], true);
    assert_eq!(records[1]["duplicate_of"], 1);
    assert_eq!(records[2]["duplicate"], false);

    let listed = sandbox
        .whk()
        .args(["events", "list", "--json"])
        .output()
        .unwrap();
    let stored = json_lines(&listed.stdout);
    assert_eq!(stored.len(), 3);
    assert_eq!(stored[1]["duplicate_of"], 1);
    assert_eq!(stored[1]["path"], "/hooks?attempt=2");
}

#[test]
fn forwarding_relays_bytes_and_answers_with_the_app() {
    let app = Receiver::with_plan(vec![Reply::Status(201)]);
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&[
        "--json",
        "--secret",
        STANDARD_SECRET,
        "--forward-to",
        &app.url("/app"),
    ]);
    let (mut h, _) = standard_delivery(STANDARD_SECRET, "msg_fwd", "x");
    // Odd spacing and key order that a re-serialisation would change.
    let body = b"{ \"type\" :\"x\",\n  \"b\":1 ,\"a\":2}".to_vec();
    let ts = unix_now().to_string();
    h[2].1 = ts.clone();
    h[3].1 = oracle::standard(STANDARD_SECRET, "msg_fwd", &ts, &body);
    h.push(("X-Custom".into(), "kept".into()));

    let answered = post(listener.addr, "/hook/in?a=1&b=2", &h, &body);
    assert_eq!(
        answered.status,
        201,
        "the app's status is the answer: {}",
        answered.text()
    );
    assert_eq!(
        answered.text(),
        r#"{"status":201}"#,
        "the app's body is the answer"
    );
    let got = app.wait_for(1, WAIT);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].method, "POST");
    // The target as given, with the request's query string appended.
    assert_eq!(got[0].path, "/app?a=1&b=2");
    assert_eq!(got[0].body, body, "raw body, byte for byte");
    assert_eq!(got[0].header("x-custom"), Some("kept"));
    assert_eq!(got[0].header("webhook-signature"), Some(h[3].1.as_str()));
    let record = listener.next_json();
    assert_eq!(record["status"], 201);
    assert_eq!(record["forward"]["status"], 201);
    assert_eq!(record["forward"]["target"], app.url("/app?a=1&b=2"));

    // A rejected delivery is not forwarded.
    assert_eq!(post(listener.addr, "/x", &[], &body).status, 401);
    listener.next_json();
    assert_eq!(app.received().len(), 1);
}

#[test]
fn forward_target_takes_the_request_path_only_where_it_says_path() {
    let app = Receiver::start();
    let sandbox = Sandbox::new();
    let target = format!("{}{{path}}", app.url("/app"));
    let mut listener = sandbox.listen(&[
        "--json",
        "--secret",
        STANDARD_SECRET,
        "--forward-to",
        &target,
    ]);
    let (h, body) = standard_delivery(STANDARD_SECRET, "msg_path", "x");
    assert_eq!(
        post(listener.addr, "/izi/events?a=1", &h, &body).status,
        200
    );
    assert_eq!(app.wait_for(1, WAIT)[0].path, "/app/izi/events?a=1");
    assert_eq!(
        listener.next_json()["forward"]["target"],
        app.url("/app/izi/events?a=1")
    );
}

#[test]
fn a_down_forward_target_gives_502_and_a_clear_reason() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    let sandbox = Sandbox::new();
    let mut listener =
        sandbox.listen(&["--json", "--secret", STANDARD_SECRET, "--forward-to", &dead]);
    let (h, body) = standard_delivery(STANDARD_SECRET, "msg_down", "x");
    let answered = post(listener.addr, "/", &h, &body);
    assert_eq!(answered.status, 502);
    assert!(answered.text().contains("refused"), "{}", answered.text());
    let record = listener.next_json();
    assert_eq!(record["status"], 502);
    assert_eq!(record["forward"]["status"], Value::Null);
    assert!(record["forward"]["error"]
        .as_str()
        .unwrap()
        .contains("refused"));
    assert!(
        listener.wait_stderr("refused", WAIT).is_some(),
        "a line on stderr too"
    );
    // Still serving.
    let (h, body) = standard_delivery(STANDARD_SECRET, "msg_down2", "x");
    assert_eq!(post(listener.addr, "/", &h, &body).status, 502);
}

#[test]
fn routes_from_whk_toml_pick_the_first_match_and_fan_out() {
    let (a, b, c) = (Receiver::start(), Receiver::start(), Receiver::start());
    let sandbox = Sandbox::new();
    sandbox.write(
        "whk.toml",
        format!(
            "[[route]]\ntype = \"order.*\"\nto = \"{}\"\n\n[[route]]\npath = \"/b\"\nkeep_path = true\nto = [\"{}\", \"{}\"]\n",
            a.url("/orders"),
            b.url("/b"),
            c.url("/copy")
        ),
    );
    let mut listener = sandbox.listen(&["--json", "--secret", STANDARD_SECRET]);
    let send = |id: &str, event_type: &str, path: &str| {
        let (h, body) = standard_delivery(STANDARD_SECRET, id, event_type);
        post(listener.addr, path, &h, &body).status
    };
    assert_eq!(send("m1", "order.created", "/b/x"), 200, "type route first");
    assert_eq!(
        send("m2", "invoice.paid", "/b/y"),
        200,
        "path route, fanned out"
    );
    assert_eq!(
        send("m3", "invoice.paid", "/elsewhere"),
        200,
        "unmatched: recorded only"
    );
    assert_eq!(
        a.wait_for(1, WAIT)
            .iter()
            .map(|r| r.path.clone())
            .collect::<Vec<_>>(),
        ["/orders"],
        "a route's target as given"
    );
    // keep_path: what follows the route's prefix is appended to each target.
    assert_eq!(b.wait_for(1, WAIT)[0].path, "/b/y");
    assert_eq!(c.wait_for(1, WAIT)[0].path, "/copy/y");
    assert_eq!(b.received().len(), 1);
    let records: Vec<Value> = (0..3).map(|_| listener.next_json()).collect();
    assert_eq!(records[0]["forward"]["target"], a.url("/orders"));
    assert_eq!(records[2]["forward"], Value::Null);
}

#[test]
fn fail_first_fails_each_event_n_times_then_accepts() {
    let sandbox = Sandbox::new();
    let mut listener =
        sandbox.listen(&["--json", "--secret", STANDARD_SECRET, "--fail-first", "2"]);
    let (ha, a) = standard_delivery(STANDARD_SECRET, "evt_a", "x");
    let (hb, b) = standard_delivery(STANDARD_SECRET, "evt_b", "x");
    let statuses: Vec<u16> = [(&ha, &a), (&ha, &a), (&hb, &b), (&ha, &a), (&ha, &a)]
        .iter()
        .map(|(h, body)| post(listener.addr, "/", h, body).status)
        .collect();
    assert_eq!(statuses, [500, 500, 500, 200, 200]);
    let records: Vec<Value> = (0..5).map(|_| listener.next_json()).collect();
    assert_eq!(
        records[3]["duplicate"], false,
        "failed attempts are not the first copy"
    );
    assert_eq!(records[4]["duplicate_of"], 4);
}

#[test]
fn status_and_delay_simulate_a_failing_or_slow_consumer() {
    let sandbox = Sandbox::new();
    let listener = sandbox.listen(&[
        "--secret",
        STANDARD_SECRET,
        "--status",
        "503",
        "--delay",
        "300ms",
    ]);
    let (h, body) = standard_delivery(STANDARD_SECRET, "m", "x");
    let started = Instant::now();
    let answered = post(listener.addr, "/", &h, &body);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "answered no sooner than --delay"
    );
    assert_eq!(answered.status, 503);
    assert!(answered.text().contains("--status"));
}

#[test]
fn max_events_exits_zero_once_enough_arrived() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&[
        "--json",
        "--secret",
        STANDARD_SECRET,
        "--max-events",
        "2",
        "--timeout",
        "60s",
    ]);
    for id in ["m1", "m2"] {
        let (h, body) = standard_delivery(STANDARD_SECRET, id, "x");
        assert_eq!(post(listener.addr, "/", &h, &body).status, 200);
    }
    let status = listener.wait_exit(WAIT).expect("exits by itself");
    assert_eq!(status.code(), Some(0), "{}", listener.stderr());
    let records = listener.rest_json();
    assert_eq!(
        records.len(),
        2,
        "every accepted delivery printed before exit"
    );
    assert!(listener
        .stderr()
        .contains("received 2, verified 2, rejected 0, duplicates 0"));
}

#[test]
fn expect_succeeds_on_the_expected_type_and_fails_on_timeout_or_rejection() {
    let sandbox = Sandbox::new();
    let mut met = sandbox.listen(&[
        "--secret",
        STANDARD_SECRET,
        "--expect",
        "invoice.paid",
        "--timeout",
        "60s",
        "-q",
    ]);
    for (id, kind) in [("m1", "order.created"), ("m2", "invoice.paid")] {
        let (h, body) = standard_delivery(STANDARD_SECRET, id, kind);
        assert_eq!(post(met.addr, "/", &h, &body).status, 200);
    }
    assert_eq!(
        met.wait_exit(WAIT).expect("exits once met").code(),
        Some(0),
        "{}",
        met.stderr()
    );

    let mut unmet = sandbox.listen(&[
        "--secret",
        STANDARD_SECRET,
        "--expect",
        "invoice.paid",
        "--timeout",
        "1s",
    ]);
    assert_eq!(unmet.wait_exit(WAIT).expect("times out").code(), Some(1));
    assert!(
        unmet.stderr().contains("expected a verified invoice.paid"),
        "{}",
        unmet.stderr()
    );

    let mut rejected = sandbox.listen(&[
        "--json",
        "--secret",
        STANDARD_SECRET,
        "--max-events",
        "1",
        "--timeout",
        "60s",
    ]);
    let (h, body) = standard_delivery(STANDARD_SECRET, "m3", "x");
    assert_eq!(post(rejected.addr, "/", &h[..2], &body).status, 401);
    assert_eq!(post(rejected.addr, "/", &h, &body).status, 200);
    assert_eq!(rejected.wait_exit(WAIT).expect("exits").code(), Some(1));
    assert!(
        rejected.stderr().contains("1 delivery failed verification"),
        "{}",
        rejected.stderr()
    );
}

#[test]
fn sigterm_and_ctrl_c_stop_gracefully_with_a_summary_and_exit_0() {
    // As the README's exit-code table says: a stopped listener is not interrupted work.
    for signal in ["TERM", "INT"] {
        let sandbox = Sandbox::new();
        let mut listener = sandbox.listen(&["--json", "--secret", STANDARD_SECRET]);
        for id in ["m1", "m1", "m2"] {
            let (h, body) = standard_delivery(STANDARD_SECRET, id, "x");
            post(listener.addr, "/", &h, &body);
        }
        post(listener.addr, "/", &[], b"{}");
        listener.signal(signal);
        let status = listener.wait_exit(WAIT).expect("stops on the signal");
        assert_eq!(status.code(), Some(0), "SIG{signal}: {}", listener.stderr());
        assert!(
            listener
                .stderr()
                .contains("stopped: received 4, verified 3, rejected 1, duplicates 1"),
            "SIG{signal}: {}",
            listener.stderr()
        );
        assert_eq!(listener.rest_json().len(), 4);
    }
}

#[test]
fn a_port_in_use_is_a_clear_usage_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let sandbox = Sandbox::new();
    let out = sandbox
        .whk()
        .args(["listen", "--port", &port, "--secret", STANDARD_SECRET])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("port {port}")) && stderr.contains("already in use"),
        "{stderr}"
    );
    let bad = sandbox
        .whk()
        .args(["listen", "--max-body", "lots"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--max-body"));
}

#[test]
fn human_output_shows_the_line_the_body_and_headers_on_request() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&["--secret", STANDARD_SECRET, "--headers"]);
    let (h, body) = standard_delivery(STANDARD_SECRET, "msg_h", "invoice.paid");
    post(listener.addr, "/", &h, &body);
    let mut lines = Vec::new();
    let stdout = listener.stdout.as_mut().unwrap();
    while !lines.iter().any(|l: &String| l.starts_with('}')) {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "stdout ended: {lines:?}"
        );
        lines.push(line.trim_end().to_string());
    }
    let text = lines.join("\n");
    assert!(
        lines[0].contains("#1") && lines[0].contains("verified"),
        "{text}"
    );
    assert!(
        lines[0].contains("invoice.paid") && lines[0].contains("msg_h") && lines[0].contains("200"),
        "{text}"
    );
    assert!(text.contains("webhook-id: msg_h"), "--headers: {text}");
    assert!(
        text.contains("\"type\": \"invoice.paid\""),
        "pretty body: {text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "NO_COLOR means no escape codes: {text}"
    );

    let mut compact = sandbox.listen(&[
        "--secret",
        STANDARD_SECRET,
        "--compact",
        "--max-events",
        "1",
    ]);
    let (h, body) = standard_delivery(STANDARD_SECRET, "msg_c", "x");
    post(compact.addr, "/", &h, &body);
    compact.wait_exit(WAIT).expect("exits");
    let mut out = String::new();
    compact
        .stdout
        .as_mut()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert_eq!(
        out.lines().count(),
        1,
        "--compact prints the line only: {out}"
    );
}

#[test]
fn ndjson_output_validates_against_the_committed_schema() {
    let app = Receiver::start();
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&[
        "--json",
        "--secret",
        STANDARD_SECRET,
        "--forward-to",
        &app.url("/"),
    ]);
    let (h, body) = standard_delivery(STANDARD_SECRET, "msg_s", "x");
    post(listener.addr, "/a", &h, &body);
    post(listener.addr, "/a", &h, &body);
    post(listener.addr, "/b", &[], b"\xff not json");
    let mut records: Vec<Value> = (0..3).map(|_| listener.next_json()).collect();
    assert_eq!(records[1]["duplicate"], true);
    assert_eq!(records[0]["forward"]["status"], 200);

    let exported = sandbox
        .whk()
        .args(["events", "export", "--format", "ndjson"])
        .output()
        .unwrap();
    let exported = json_lines(&exported.stdout);
    assert_eq!(
        exported, records,
        "export prints exactly what listen printed"
    );
    for record in &records {
        assert_matches_delivery_schema(record);
    }
    // The schema is strict enough to catch a broken record.
    records[0]["verified"] = Value::from("yes");
    assert!(delivery_schema_violation(&records[0]).is_some());
    records[2].as_object_mut().unwrap().remove("body_base64");
    assert!(delivery_schema_violation(&records[2]).is_some());
}

// ------------------------------------------------------------------ CI hooks

#[test]
fn json_mode_says_where_it_listens_first_and_the_port_file_agrees() {
    let sandbox = Sandbox::new();
    let port_file = sandbox.path().join("port");
    let port_arg = port_file.to_str().unwrap();
    let mut listener = sandbox.listen(&[
        "--json",
        "--secret",
        STANDARD_SECRET,
        "--port-file",
        port_arg,
    ]);
    let first = listener.listening.clone().expect("a listening record");
    assert_eq!(
        crate::support::schema_violation(
            include_str!("../../schema/listening.schema.json"),
            &first
        ),
        None
    );
    assert_eq!(first["provider"], "standard");
    let written = std::fs::read_to_string(&port_file).expect("the port file");
    assert_eq!(written.trim(), listener.addr.port().to_string());

    // Readiness answers 200 without --ui and is never a delivery.
    let health = crate::support::get(listener.addr, "/_whk/health");
    assert_eq!((health.status, health.text().trim()), (200, "ok"));
    let (h, body) = standard_delivery(STANDARD_SECRET, "msg_after_health", "x");
    assert_eq!(post(listener.addr, "/", &h, &body).status, 200);
    assert_eq!(
        listener.next_json()["seq"],
        1,
        "the health check was not recorded"
    );
}

#[test]
fn health_answers_with_the_inspector_on_too() {
    let sandbox = Sandbox::new();
    let listener = sandbox.listen(&["--secret", STANDARD_SECRET, "--ui"]);
    let health = crate::support::get(listener.addr, "/_whk/health");
    assert_eq!(health.status, 200);
    assert!(sandbox.export(None).is_empty());
}

#[test]
fn expect_warns_about_a_type_the_catalog_lacks_and_waits_anyway() {
    let sandbox = Sandbox::new();
    let listener = sandbox.listen(&[
        "-p",
        "izi",
        "--secret",
        "s3cr3t",
        "--expect",
        "SESION_ENDED",
        "--timeout",
        "30s",
    ]);
    let warning = listener
        .wait_stderr("--expect SESION_ENDED", WAIT)
        .expect("a warning for the unknown type");
    assert!(warning.contains("did you mean SESSION_ENDED?"), "{warning}");
}

#[test]
fn fail_fast_ends_a_scripted_run_at_the_first_rejection() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&[
        "--json",
        "--secret",
        STANDARD_SECRET,
        "--max-events",
        "5",
        "--timeout",
        "120s",
        "--fail-fast",
    ]);
    let (h, body) = standard_delivery(STANDARD_SECRET, "msg_ok", "x");
    assert_eq!(post(listener.addr, "/", &h, &body).status, 200);
    assert_eq!(post(listener.addr, "/", &[], &body).status, 401);
    let status = listener
        .wait_exit(WAIT)
        .expect("stopped at the rejection, long before --timeout");
    assert_eq!(status.code(), Some(1));
    assert!(
        listener.stderr().contains("1 delivery failed verification"),
        "{}",
        listener.stderr()
    );
}

#[test]
fn a_request_refused_by_path_is_shown_not_recorded() {
    let sandbox = Sandbox::new();
    let listener = sandbox.listen(&["--secret", STANDARD_SECRET, "--path", "/hooks"]);
    let (h, body) = standard_delivery(STANDARD_SECRET, "msg_lost", "x");
    assert_eq!(post(listener.addr, "/webhooks?x=1", &h, &body).status, 404);
    let line = listener
        .wait_stderr("refused POST /webhooks?x=1", WAIT)
        .expect("a line for the refused request");
    assert!(line.contains("404"), "{line}");
    assert!(sandbox.export(None).is_empty());
}
