//! Tests of `whk audit`: the real binary against receivers written here,
//! each with its own verification computed from the provider's
//! specification (the `support::oracle` HMACs, never whk's signer): a correct
//! one, one that accepts everything, one that verifies a re-serialised body,
//! one that ignores timestamps, one that answers 201 to IZI, one that takes
//! 6 s for IZI; and against a real `whk listen`. Every run's JSON is
//! validated against the committed schema and its JUnit file is read back
//! with an XML parser of its own.

use std::collections::{BTreeSet, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use crate::support::{oracle, unix_now, Sandbox};

const STD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const IZI_SECRET: &str = "izi-test-secret-0123456789";
/// The body limit of the receivers that have one.
const LIMIT: usize = 1024 * 1024;

const ALL_CASES: [&str; 18] = [
    "valid",
    "unsigned",
    "wrong-secret",
    "tampered-body",
    "raw-bytes",
    "stale-timestamp",
    "future-timestamp",
    "replayed-request",
    "duplicate-id",
    "rotated-secret",
    "header-case",
    "extra-fields",
    "malformed-json",
    "oversized-body",
    "wrong-method",
    "handshake",
    "burst",
    "slow-answer",
];

// ---- receivers --------------------------------------------------------------

/// A request as a test receiver got it.
struct Request {
    method: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What a handler answers, and after how long.
struct Reply(u16, Duration);

fn now(status: u16) -> Reply {
    Reply(status, Duration::ZERO)
}

type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// A std-only HTTP/1.1 server on 127.0.0.1:0, one request per connection.
/// Bodies declared larger than `max_body` get 413 unread, as a receiver with
/// a size limit does.
struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start(max_body: usize, handler: Handler) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let handler = Arc::clone(&handler);
                std::thread::spawn(move || serve(stream, max_body, handler));
            }
        });
        Server { addr, stop }
    }

    fn url(&self) -> String {
        format!("http://{}/webhooks", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = TcpStream::connect(self.addr);
    }
}

fn serve(stream: TcpStream, max_body: usize, handler: Handler) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut writer = stream.try_clone().expect("clone");
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let method = line
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let reply = if length > max_body {
        now(413)
    } else {
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        handler(&Request {
            method,
            headers,
            body,
        })
    };
    std::thread::sleep(reply.1);
    let _ = writer.write_all(
        format!(
            "HTTP/1.1 {} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            reply.0
        )
        .as_bytes(),
    );
}

/// How a Standard Webhooks receiver verifies.
#[derive(Clone, Copy)]
struct Checks {
    /// Verify the body re-serialised from its parsed JSON (the bug) instead of the raw bytes.
    reserialised: bool,
    /// Reject timestamps more than 5 minutes off.
    tolerance: bool,
    /// Compare only the first signature of the list (the bug) instead of each.
    first_signature_only: bool,
    /// Answer 409 to an id seen before (the bug) instead of 200.
    reject_seen_ids: bool,
}

/// What a correct Standard Webhooks receiver checks.
const CORRECT: Checks = Checks {
    reserialised: false,
    tolerance: true,
    first_signature_only: false,
    reject_seen_ids: false,
};

/// A Standard Webhooks receiver verifying with `checks`: POST only, the
/// signature list of the specification, JSON bodies, idempotent on ids.
fn standard_receiver(checks: Checks) -> Server {
    let seen = Arc::new(Mutex::new(HashSet::new()));
    Server::start(
        LIMIT,
        Arc::new(move |req: &Request| {
            if req.method != "POST" {
                return now(405);
            }
            let (Some(id), Some(ts), Some(signatures)) = (
                req.header("webhook-id"),
                req.header("webhook-timestamp"),
                req.header("webhook-signature"),
            ) else {
                return now(401);
            };
            let Ok(signed_at) = ts.parse::<i64>() else {
                return now(400);
            };
            let parsed = serde_json::from_slice::<Value>(&req.body);
            let signed_body = if checks.reserialised {
                match &parsed {
                    Ok(value) => serde_json::to_vec(value).unwrap(),
                    Err(_) => return now(400),
                }
            } else {
                req.body.clone()
            };
            let expected = oracle::standard(STD_SECRET, id, ts, &signed_body);
            let mut candidates = signatures.split(' ');
            let matched = if checks.first_signature_only {
                candidates.next() == Some(expected.as_str())
            } else {
                candidates.any(|s| s == expected)
            };
            if !matched {
                return now(401);
            }
            if checks.tolerance && (unix_now() - signed_at).abs() > 300 {
                return now(401);
            }
            if parsed.is_err() {
                return now(400);
            }
            // Idempotent: a known id is answered like the first time, not processed again.
            let first_time = seen.lock().unwrap().insert(id.to_string());
            if checks.reject_seen_ids && !first_time {
                return now(409);
            }
            now(200)
        }),
    )
}

/// An IZI receiver that verifies `X-IZI-Signature` (hex HMAC-SHA256 of the
/// raw body) and answers `status` after `delay`.
fn izi_receiver(status: u16, delay: Duration) -> Server {
    izi_receiver_reading(status, delay, |req| req.header("x-izi-signature"))
}

/// The same, reading the signature header with `signature`.
fn izi_receiver_reading(
    status: u16,
    delay: Duration,
    signature: fn(&Request) -> Option<&str>,
) -> Server {
    Server::start(
        LIMIT,
        Arc::new(move |req: &Request| {
            if req.method != "POST" {
                return now(405);
            }
            let expected = oracle::hex(&oracle::hmac_sha256(IZI_SECRET.as_bytes(), &req.body));
            if signature(req) != Some(expected.as_str()) {
                return now(401);
            }
            if serde_json::from_slice::<Value>(&req.body).is_err() {
                return now(400);
            }
            Reply(status, delay)
        }),
    )
}

// ---- running the audit ------------------------------------------------------

/// One `whk audit` run, its JSON checked against the schema and its JUnit
/// file read back.
struct Audited {
    code: i32,
    report: Value,
    stderr: String,
}

impl Audited {
    fn named(&self, verdict: &str) -> BTreeSet<String> {
        self.report["cases"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["verdict"] == verdict)
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    }

    fn failing(&self) -> BTreeSet<String> {
        self.named("fail")
    }

    fn case(&self, name: &str) -> &Value {
        self.report["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no case {name} in {}", self.report))
    }
}

/// Every case but `handshake`, which only providers that make handshakes run
/// (tests/cli/handshake.rs has its own).
fn delivery_cases() -> Vec<&'static str> {
    ALL_CASES
        .into_iter()
        .filter(|c| *c != "handshake")
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

fn run_audit(url: &str, provider: &str, secret: &str, extra: &[&str]) -> Audited {
    let sandbox = Sandbox::new();
    let junit = sandbox.path().join("audit.xml");
    let out = sandbox
        .whk()
        .args(["audit", url, "--provider", provider, "--secret", secret])
        .args(["--format", "json", "--junit"])
        .arg(&junit)
        .args(extra)
        .output()
        .expect("run whk audit");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}): {}\nstderr: {stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    validate(&report);
    let audited = Audited {
        code: out.status.code().unwrap_or(-1),
        report,
        stderr,
    };
    check_junit(
        &std::fs::read_to_string(&junit).expect("JUnit file"),
        &audited,
    );
    audited
}

/// Validates against `schema/audit.schema.json` with boon.
fn validate(report: &Value) {
    let schema: Value = serde_json::from_str(include_str!("../../schema/audit.schema.json"))
        .expect("schema is JSON");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("urn:whk:audit", schema).unwrap();
    let index = compiler
        .compile("urn:whk:audit", &mut schemas)
        .expect("schema compiles");
    if let Err(err) = schemas.validate(report, index) {
        panic!("report does not match the schema: {err:#}\n{report:#}");
    }
    // The schema is strict enough to catch a broken report.
    let mut broken = report.clone();
    broken["cases"][0]["verdict"] = Value::from("ok");
    assert!(schemas.validate(&broken, index).is_err());
    let mut broken = report.clone();
    broken["cases"][0].as_object_mut().unwrap().remove("detail");
    assert!(schemas.validate(&broken, index).is_err());
    let total = ["passed", "failed", "warned", "skipped"]
        .iter()
        .map(|k| report[k].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(total as usize, report["cases"].as_array().unwrap().len());
}

/// The JUnit file says what the JSON says: a testcase per case, `<failure>`
/// exactly for fails, `<skipped>` exactly for skips, matching counts.
fn check_junit(xml: &str, audited: &Audited) {
    let doc = roxmltree::Document::parse(xml)
        .unwrap_or_else(|e| panic!("JUnit is not well-formed XML ({e}):\n{xml}"));
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1, "one testsuite:\n{xml}");
    let suite = suites[0];
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let names: Vec<&str> = cases.iter().map(|c| c.attribute("name").unwrap()).collect();
    let json_names: Vec<&str> = audited.report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, json_names, "a testcase per case, in order");
    let with = |tag: &str| -> BTreeSet<String> {
        cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name(tag)))
            .map(|c| c.attribute("name").unwrap().to_string())
            .collect()
    };
    assert_eq!(with("failure"), audited.failing(), "failures:\n{xml}");
    assert_eq!(with("skipped"), audited.named("skip"), "skips:\n{xml}");
    assert_eq!(
        suite.attribute("failures"),
        Some(audited.failing().len().to_string().as_str())
    );
    assert_eq!(
        suite.attribute("tests"),
        Some(cases.len().to_string().as_str())
    );
    // Every failure carries the sentence that explains it.
    for case in &cases {
        if let Some(failure) = case.children().find(|n| n.has_tag_name("failure")) {
            let name = case.attribute("name").unwrap();
            assert_eq!(
                failure.attribute("message"),
                audited.case(name)["detail"].as_str(),
                "{name}"
            );
        }
    }
}

// ---- the tests --------------------------------------------------------------

#[test]
fn a_correct_receiver_passes_every_case() {
    let receiver = standard_receiver(CORRECT);
    let audited = run_audit(&receiver.url(), "standard", STD_SECRET, &[]);
    assert_eq!(audited.failing(), set(&[]), "{:#}", audited.report);
    assert_eq!(
        audited.named("pass"),
        set(&delivery_cases()),
        "{:#}",
        audited.report
    );
    assert_eq!(audited.code, 0, "{}", audited.stderr);
    assert_eq!(audited.case("oversized-body")["status"], 413);
    assert_eq!(audited.case("wrong-method")["status"], 405);
    assert_eq!(audited.case("unsigned")["status"], 401);
    assert!(
        audited.stderr.contains("17 passed, 0 failed"),
        "{}",
        audited.stderr
    );
}

#[test]
fn a_receiver_that_accepts_everything_fails_every_check() {
    let receiver = Server::start(usize::MAX, Arc::new(|_: &Request| now(200)));
    let audited = run_audit(&receiver.url(), "standard", STD_SECRET, &[]);
    assert_eq!(
        audited.failing(),
        set(&[
            "unsigned",
            "wrong-secret",
            "tampered-body",
            "stale-timestamp",
            "future-timestamp",
            "wrong-method",
        ]),
        "{:#}",
        audited.report
    );
    assert_eq!(audited.named("warn"), set(&["oversized-body"]));
    assert_eq!(audited.code, 1);
    let unsigned = audited.case("unsigned")["detail"].as_str().unwrap();
    assert!(unsigned.contains("webhook-signature"), "{unsigned}");
    assert!(
        audited.stderr.contains("failed: unsigned, wrong-secret"),
        "{}",
        audited.stderr
    );
}

#[test]
fn a_receiver_that_verifies_a_reserialised_body_fails_raw_bytes_only() {
    let receiver = standard_receiver(Checks {
        reserialised: true,
        ..CORRECT
    });
    let audited = run_audit(&receiver.url(), "standard", STD_SECRET, &[]);
    assert_eq!(
        audited.failing(),
        set(&["raw-bytes"]),
        "{:#}",
        audited.report
    );
    assert_eq!(audited.code, 1);
    let detail = audited.case("raw-bytes")["detail"].as_str().unwrap();
    assert!(detail.contains("raw bytes"), "{detail}");
}

#[test]
fn a_receiver_that_ignores_timestamps_fails_the_timestamp_cases() {
    let receiver = standard_receiver(Checks {
        tolerance: false,
        ..CORRECT
    });
    let audited = run_audit(&receiver.url(), "standard", STD_SECRET, &[]);
    assert_eq!(
        audited.failing(),
        set(&["stale-timestamp", "future-timestamp"]),
        "{:#}",
        audited.report
    );
    assert_eq!(audited.code, 1);
}

#[test]
fn checking_only_the_first_signature_fails_rotated_secret() {
    let receiver = standard_receiver(Checks {
        first_signature_only: true,
        ..CORRECT
    });
    let audited = run_audit(&receiver.url(), "standard", STD_SECRET, &[]);
    assert_eq!(
        audited.failing(),
        set(&["rotated-secret"]),
        "{:#}",
        audited.report
    );
    assert_eq!(audited.code, 1);
}

#[test]
fn rejecting_seen_ids_fails_duplicate_id_and_warns_on_a_replay() {
    let receiver = standard_receiver(Checks {
        reject_seen_ids: true,
        ..CORRECT
    });
    let audited = run_audit(&receiver.url(), "standard", STD_SECRET, &[]);
    assert_eq!(
        audited.failing(),
        set(&["duplicate-id"]),
        "{:#}",
        audited.report
    );
    assert_eq!(audited.named("warn"), set(&["replayed-request"]));
    assert_eq!(audited.case("replayed-request")["status"], 409);
    assert_eq!(audited.code, 1);
}

#[test]
fn a_case_sensitive_header_lookup_fails_header_case() {
    // Looks the header up exactly as whk usually writes it (lowercase).
    let receiver = izi_receiver_reading(200, Duration::ZERO, |req| {
        req.headers
            .iter()
            .find(|(n, _)| n == "x-izi-signature")
            .map(|(_, v)| v.as_str())
    });
    let audited = run_audit(&receiver.url(), "izi", IZI_SECRET, &[]);
    assert_eq!(
        audited.failing(),
        set(&["header-case"]),
        "{:#}",
        audited.report
    );
    assert_eq!(audited.code, 1);
}

#[test]
fn extra_headers_reach_every_request_and_a_text_body_skips_the_json_cases() {
    // A receiver behind a tenant router: without X-Tenant nothing gets through.
    let receiver = Server::start(
        LIMIT,
        Arc::new(|req: &Request| {
            if req.header("x-tenant") != Some("acme") {
                return now(404);
            }
            let expected = oracle::hex(&oracle::hmac_sha256(IZI_SECRET.as_bytes(), &req.body));
            match (req.method.as_str(), req.header("x-izi-signature")) {
                ("POST", Some(sig)) if sig == expected => now(200),
                ("POST", _) => now(401),
                _ => now(405),
            }
        }),
    );
    let sandbox = Sandbox::new();
    let fixture = sandbox.write("event.txt", "plain text event {{uuid}}");
    let args = ["-H", "X-Tenant: acme", "--data", fixture.to_str().unwrap()];
    let audited = run_audit(&receiver.url(), "izi", IZI_SECRET, &args);
    assert_eq!(audited.failing(), set(&[]), "{:#}", audited.report);
    assert_eq!(
        audited.named("skip"),
        set(&[
            "raw-bytes",
            "stale-timestamp",
            "future-timestamp",
            "handshake",
            "rotated-secret",
            "extra-fields",
        ])
    );
    let why = audited.case("raw-bytes")["detail"].as_str().unwrap();
    assert!(why.contains("not a JSON object"), "{why}");
    // Without the header, the valid delivery is refused.
    let without = run_audit(&receiver.url(), "izi", IZI_SECRET, &["--only", "valid"]);
    assert_eq!(without.failing(), set(&["valid"]));
}

#[test]
fn answering_201_to_izi_fails_every_case_izi_must_count_as_delivered() {
    let receiver = izi_receiver(201, Duration::ZERO);
    let audited = run_audit(&receiver.url(), "izi", IZI_SECRET, &[]);
    assert_eq!(
        audited.failing(),
        set(&[
            "valid",
            "raw-bytes",
            "replayed-request",
            "duplicate-id",
            "header-case",
            "extra-fields",
            "burst",
        ]),
        "{:#}",
        audited.report
    );
    // IZI's scheme has no timestamp and one signature.
    assert_eq!(
        audited.named("skip"),
        set(&[
            "stale-timestamp",
            "future-timestamp",
            "rotated-secret",
            "handshake"
        ])
    );
    assert_eq!(audited.code, 1);
    let valid = audited.case("valid");
    assert_eq!(valid["status"], 201);
    assert!(
        valid["detail"].as_str().unwrap().contains("exactly 200"),
        "{valid}"
    );
}

#[test]
fn six_seconds_is_past_izis_five_second_timeout() {
    let receiver = izi_receiver(200, Duration::from_secs(6));
    let audited = run_audit(
        &receiver.url(),
        "izi",
        IZI_SECRET,
        &["--only", "valid,slow-answer"],
    );
    assert_eq!(
        audited.failing(),
        set(&["valid", "slow-answer"]),
        "{:#}",
        audited.report
    );
    assert_eq!(audited.code, 1);
    let valid = audited.case("valid");
    assert!(valid["status"].is_null(), "{valid}");
    let waited = valid["elapsed_ms"].as_f64().unwrap();
    assert!(
        (5000.0..6000.0).contains(&waited),
        "gave up at IZI's 5 s: {waited}"
    );
    assert!(
        valid["detail"]
            .as_str()
            .unwrap()
            .contains("IZI's 5 s timeout"),
        "{valid}"
    );
}

#[test]
fn whk_listen_is_a_correct_receiver() {
    // IriSync documents no timestamp tolerance and whk's preset keeps none,
    // so accepting old timestamps is a warning there, not a failure.
    let untolerant = set(&["stale-timestamp", "future-timestamp"]);
    for (provider, secret, skipped, warned) in [
        ("standard", STD_SECRET, set(&["handshake"]), set(&[])),
        (
            "izi",
            IZI_SECRET,
            set(&[
                "stale-timestamp",
                "future-timestamp",
                "rotated-secret",
                "handshake",
            ]),
            set(&[]),
        ),
        (
            "irisync",
            IZI_SECRET,
            set(&["rotated-secret", "handshake"]),
            untolerant,
        ),
        (
            "unibo",
            IZI_SECRET,
            set(&[
                "handshake",
                "tampered-body",
                "stale-timestamp",
                "future-timestamp",
                "rotated-secret",
            ]),
            set(&[]),
        ),
    ] {
        let sandbox = Sandbox::new();
        let mut listener =
            sandbox.listen(&["--provider", provider, "--secret", secret, "--compact"]);
        listener.drain_stdout();
        let audited = run_audit(&listener.url("/webhooks"), provider, secret, &[]);
        assert_eq!(
            audited.failing(),
            set(&[]),
            "{provider}: {:#}",
            audited.report
        );
        assert_eq!(
            audited.named("warn"),
            warned,
            "{provider}: {:#}",
            audited.report
        );
        assert_eq!(audited.named("skip"), skipped, "{provider}");
        assert_eq!(audited.code, 0, "{provider}: {}", audited.stderr);
        assert!(
            listener.is_running(),
            "{provider}: the listener survived the audit"
        );
    }
}

#[test]
fn the_table_names_every_case_and_its_verdict() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&["--secret", STD_SECRET, "--compact"]);
    listener.drain_stdout();
    let out = sandbox
        .whk()
        .args(["audit", &listener.url("/"), "--secret", STD_SECRET])
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8_lossy(&out.stdout);
    for case in ALL_CASES {
        let row = table
            .lines()
            .find(|line| line.starts_with(&format!("│ {case} ")))
            .unwrap_or_else(|| panic!("no row for {case}:\n{table}"));
        // Standard Webhooks makes no handshake.
        let verdict = if case == "handshake" {
            " skip "
        } else {
            " pass "
        };
        assert!(row.contains(verdict), "{row}");
    }
}

#[test]
fn skip_and_only_select_cases_and_bad_names_are_usage_errors() {
    let receiver = izi_receiver(200, Duration::ZERO);
    let audited = run_audit(
        &receiver.url(),
        "izi",
        IZI_SECRET,
        &["--only", "valid,unsigned,burst", "--skip", "burst"],
    );
    let names: Vec<&str> = audited.report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["valid", "unsigned"]);
    assert_eq!(audited.code, 0);

    let sandbox = Sandbox::new();
    let out = sandbox
        .whk()
        .args(["audit", &receiver.url(), "--only", "vaild"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean valid?"), "{stderr}");
}

#[test]
fn an_unreachable_target_is_exit_2_with_a_clear_message() {
    // A port that was free a moment ago: nothing listens there now.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let sandbox = Sandbox::new();
    let out = sandbox
        .whk()
        .args(["audit", &format!("http://127.0.0.1:{port}/webhooks")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot reach the target"), "{stderr}");
    assert!(stderr.contains("connection refused"), "{stderr}");
    assert!(out.stdout.is_empty());

    let out = sandbox
        .whk()
        .args(["audit", "https://example.com/hooks"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("plain http"));
}

#[test]
fn zotlo_skips_the_signature_cases_and_says_why() {
    let receiver = Server::start(
        LIMIT,
        Arc::new(|req: &Request| match req.method.as_str() {
            "POST" if serde_json::from_slice::<Value>(&req.body).is_ok() => now(200),
            "POST" => now(400),
            _ => now(405),
        }),
    );
    let audited = run_audit(&receiver.url(), "zotlo", "", &[]);
    assert_eq!(audited.failing(), set(&[]), "{:#}", audited.report);
    assert_eq!(
        audited.named("skip"),
        set(&[
            "unsigned",
            "wrong-secret",
            "tampered-body",
            "stale-timestamp",
            "future-timestamp",
            "rotated-secret",
            "header-case",
            "handshake",
        ])
    );
    let why = audited.case("unsigned")["detail"].as_str().unwrap();
    assert!(why.contains("IP allow-listing"), "{why}");
}

#[test]
fn help_lists_every_case_with_examples() {
    let out = Sandbox::new()
        .whk()
        .args(["audit", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout).replace('\n', " ");
    for case in ALL_CASES {
        assert!(help.contains(case), "--help does not name {case}");
    }
    assert!(help.contains("--junit audit.xml"), "a CI example");
}
