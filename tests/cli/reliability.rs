//! The reliability suite: `whk listen` killed with SIGKILL in the middle of a
//! burst keeps every acknowledged delivery exactly once; a corpus of hostile
//! and malformed requests for several signature schemes gets the right answer
//! each, without crashing the listener or starving other clients; and `whk
//! send --retry` reports every attempt against refusing, resetting, silent
//! and failing targets. Signatures come from `support::oracle`, never whk.

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::send::check_signature;
use crate::support::{
    self, exchange_raw, json_lines, oracle, unix_now, Ending, KeepAlive, Listener, Receiver, Reply,
    Sandbox,
};

const WAIT: Duration = Duration::from_secs(30);
const STANDARD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const GITHUB_SECRET: &str = "gh-reliability-secret";
const STRIPE_SECRET: &str = "whsec_stripe_reliability";
const SLACK_SECRET: &str = "slack-reliability-secret";

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    support::headers(list)
}

/// A GitHub delivery with id `id`, signed with the oracle.
fn github_delivery(id: &str) -> (Vec<(String, String)>, Vec<u8>) {
    let body = serde_json::to_vec(&serde_json::json!({"action": "burst", "delivery": id})).unwrap();
    let headers = pairs(&[
        ("content-type", "application/json"),
        ("X-GitHub-Delivery", id),
        ("X-GitHub-Event", "push"),
        ("X-Hub-Signature-256", &oracle::github(GITHUB_SECRET, &body)),
    ]);
    (headers, body)
}

// ---------------------------------------------------------------------------
// Crash safety
// ---------------------------------------------------------------------------

/// Several thousand concurrent signed deliveries (half the workers on
/// keep-alive connections, half on a connection per request), SIGKILL once a
/// third are answered, then: every delivery answered 2xx is stored exactly
/// once, nothing is stored twice, the database passes SQLite's integrity
/// check, and a new listener on the same store records the next delivery.
#[test]
fn sigkill_mid_burst_keeps_every_acknowledged_delivery_exactly_once() {
    const WORKERS: usize = 8;
    const PER_WORKER: usize = 300;
    const TOTAL: usize = WORKERS * PER_WORKER;
    let sandbox = Sandbox::new();
    let store = sandbox.path().join("crash.db");
    let store_arg = store.to_str().unwrap().to_string();
    let args = [
        "--provider",
        "github",
        "--secret",
        GITHUB_SECRET,
        "--json",
        "--store",
        &store_arg,
    ];
    let mut listener = sandbox.listen(&args);
    listener.drain_stdout();
    let addr = listener.addr;
    let answered = Arc::new(AtomicUsize::new(0));
    let killed = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..WORKERS)
        .map(|worker| {
            let (answered, killed) = (Arc::clone(&answered), Arc::clone(&killed));
            std::thread::spawn(move || burst_worker(addr, worker, PER_WORKER, &answered, &killed))
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while answered.load(Ordering::SeqCst) < TOTAL / 3 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    killed.store(true, Ordering::SeqCst);
    listener.child.kill().expect("SIGKILL the listener");
    listener.child.wait().expect("reap the listener");
    let acknowledged: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("burst worker"))
        .collect();
    assert!(
        acknowledged.len() >= TOTAL / 3 && acknowledged.len() < TOTAL,
        "the kill must come mid-burst: {} of {TOTAL} answered",
        acknowledged.len()
    );

    let rows = sandbox.export(Some(&store));
    let mut copies: HashMap<&str, usize> = HashMap::new();
    for row in &rows {
        let id = row["event_id"].as_str().expect("every row has its id");
        *copies.entry(id).or_default() += 1;
        assert_eq!(row["verified"], true, "{row}");
        assert_eq!(row["status"], 200, "{row}");
        assert_eq!(row["duplicate"], false, "{row}");
    }
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|id| !copies.contains_key(id.as_str()))
        .collect();
    assert!(
        lost.is_empty(),
        "{} acknowledged but not stored, e.g. {:?}",
        lost.len(),
        &lost[..lost.len().min(5)]
    );
    let twice: Vec<(&&str, &usize)> = copies.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "stored more than once: {twice:?}");
    assert!(
        rows.len() <= acknowledged.len() + WORKERS,
        "only deliveries in flight at the kill may be stored unacknowledged: {} rows, {} acknowledged",
        rows.len(),
        acknowledged.len()
    );
    let seqs: Vec<u64> = rows.iter().map(|r| r["seq"].as_u64().unwrap()).collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "seq strictly increasing"
    );

    let db = rusqlite::Connection::open(&store).expect("the store opens with SQLite itself");
    let integrity: String = db
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    drop(db);

    let mut again = sandbox.listen(&args);
    let (headers, body) = github_delivery("after-restart");
    let answer = support::post(again.addr, "/hooks", &headers, &body);
    assert_eq!(answer.status, 200, "{}", answer.text());
    let record = again.next_json();
    assert_eq!(record["verified"], true);
    assert_eq!(record["event_id"], "after-restart");
    assert_eq!(
        record["seq"].as_u64().unwrap(),
        seqs.last().unwrap() + 1,
        "numbering goes on after the last committed row"
    );
    drop(again);
    assert_eq!(sandbox.export(Some(&store)).len(), rows.len() + 1);
}

/// Sends this worker's share of the burst; returns the ids answered 2xx.
/// Even workers reuse one keep-alive connection, odd ones connect per request.
fn burst_worker(
    addr: SocketAddr,
    worker: usize,
    count: usize,
    answered: &AtomicUsize,
    killed: &AtomicBool,
) -> Vec<String> {
    let mut acknowledged = Vec::with_capacity(count);
    let mut connection = None;
    for i in 0..count {
        let id = format!("burst-{worker}-{i}");
        let (headers, body) = github_delivery(&id);
        let result = if worker % 2 == 0 {
            let connection = match &mut connection {
                Some(connection) => Ok(connection),
                None => KeepAlive::connect(addr).map(|c| connection.insert(c)),
            };
            connection.and_then(|c| c.post("/hooks", &headers, &body))
        } else {
            support::http_request(addr, "POST", "/hooks", &headers, &body)
        };
        match result {
            Ok(answer) if answer.status == 200 => {
                acknowledged.push(id);
                answered.fetch_add(1, Ordering::SeqCst);
            }
            Ok(answer) => panic!("{id}: unexpected {}: {}", answer.status, answer.text()),
            Err(_) if killed.load(Ordering::SeqCst) => break,
            Err(e) => panic!("{id}: the listener failed before the kill: {e}"),
        }
    }
    acknowledged
}

// ---------------------------------------------------------------------------
// Bad input corpus
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Scheme {
    Standard,
    Github,
    Stripe,
    Slack,
}

impl Scheme {
    const ALL: [Scheme; 4] = [
        Scheme::Standard,
        Scheme::Github,
        Scheme::Stripe,
        Scheme::Slack,
    ];

    fn provider(self) -> &'static str {
        match self {
            Scheme::Standard => "standard",
            Scheme::Github => "github",
            Scheme::Stripe => "stripe",
            Scheme::Slack => "slack",
        }
    }

    fn secret(self) -> &'static str {
        match self {
            Scheme::Standard => STANDARD_SECRET,
            Scheme::Github => GITHUB_SECRET,
            Scheme::Stripe => STRIPE_SECRET,
            Scheme::Slack => SLACK_SECRET,
        }
    }

    /// Correct signature headers for `body` at `timestamp`, from the spec.
    fn signed(self, id: &str, timestamp: &str, body: &[u8]) -> Vec<(String, String)> {
        match self {
            Scheme::Standard => pairs(&[
                ("webhook-id", id),
                ("webhook-timestamp", timestamp),
                (
                    "webhook-signature",
                    &oracle::standard(STANDARD_SECRET, id, timestamp, body),
                ),
            ]),
            Scheme::Github => pairs(&[
                ("X-GitHub-Delivery", id),
                ("X-GitHub-Event", "push"),
                ("X-Hub-Signature-256", &oracle::github(GITHUB_SECRET, body)),
            ]),
            Scheme::Stripe => pairs(&[(
                "Stripe-Signature",
                &oracle::stripe(STRIPE_SECRET, timestamp, body),
            )]),
            Scheme::Slack => pairs(&[
                ("X-Slack-Request-Timestamp", timestamp),
                (
                    "X-Slack-Signature",
                    &oracle::slack(SLACK_SECRET, timestamp, body),
                ),
            ]),
        }
    }
}

/// One malformed request and what the listener must do with it.
struct Case {
    name: String,
    scheme: Scheme,
    request: Vec<u8>,
    ending: Ending,
    /// The statuses answered, in order; empty: closed without an answer.
    answers: Vec<u16>,
    /// The status of the row recorded for it; `None`: nothing recorded.
    recorded: Option<u16>,
}

/// Raw HTTP/1.1 bytes for a request that asks the server to close afterwards.
fn raw(method: &str, target: &str, headers: &[(String, String)], body: &[u8]) -> Vec<u8> {
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nhost: test\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    [head.as_bytes(), body].concat()
}

fn replace(headers: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(n, v)| {
            let v = if n.eq_ignore_ascii_case(name) {
                value.to_string()
            } else {
                v.clone()
            };
            (n.clone(), v)
        })
        .collect()
}

fn without(headers: &[(String, String)], name: &str) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(n, _)| !n.eq_ignore_ascii_case(name))
        .cloned()
        .collect()
}

/// Builds the table. Every delivery goes to `/hooks?case=<name>` so its row
/// can be found in the store.
struct Corpus {
    cases: Vec<Case>,
}

impl Corpus {
    fn target(name: &str) -> String {
        format!("/hooks?case={name}")
    }

    /// A POST with `headers` and `body`, answered `status`, recorded with it.
    fn post(&mut self, scheme: Scheme, name: &str, headers: &[(String, String)], body: &[u8]) {
        self.post_expect(scheme, name, headers, body, 401, Some(401));
    }

    fn post_expect(
        &mut self,
        scheme: Scheme,
        name: &str,
        headers: &[(String, String)],
        body: &[u8],
        status: u16,
        recorded: Option<u16>,
    ) {
        let request = raw("POST", &Self::target(name), headers, body);
        self.raw(scheme, name, request, &[status], recorded);
    }

    fn raw(
        &mut self,
        scheme: Scheme,
        name: &str,
        request: Vec<u8>,
        answers: &[u16],
        recorded: Option<u16>,
    ) {
        self.cases.push(Case {
            name: name.to_string(),
            scheme,
            request,
            ending: Ending::Open,
            answers: answers.to_vec(),
            recorded,
        });
    }

    /// A POST to the case's path written line by line: `lines` are the header
    /// lines after Host (each ending in CRLF), `rest` follows the blank line.
    fn lines(
        &mut self,
        name: &str,
        lines: &str,
        rest: &str,
        answers: &[u16],
        recorded: Option<u16>,
    ) {
        let request = format!(
            "POST {} HTTP/1.1\r\nhost: test\r\n{lines}\r\n{rest}",
            Self::target(name)
        );
        self.raw(
            Scheme::Github,
            name,
            request.into_bytes(),
            answers,
            recorded,
        );
    }

    /// Signature headers for `body` signed at `timestamp`, id = case name.
    fn signed(
        &self,
        scheme: Scheme,
        name: &str,
        timestamp: i64,
        body: &[u8],
    ) -> Vec<(String, String)> {
        scheme.signed(name, &timestamp.to_string(), body)
    }
}

const BODY: &[u8] = br#"{"type":"corpus.case","data":{"n":1}}"#;

fn corpus() -> Vec<Case> {
    use Scheme::*;
    let now = unix_now();
    let mut c = Corpus { cases: Vec::new() };
    let hour_ago = now - 3600;
    let in_an_hour = now + 3600;

    // Standard Webhooks (webhook-id / webhook-timestamp / webhook-signature).
    let good = c.signed(Standard, "std", now, BODY);
    c.post(Standard, "std-unsigned", &[], BODY);
    c.post(
        Standard,
        "std-no-signature",
        &without(&good, "webhook-signature"),
        BODY,
    );
    c.post(Standard, "std-no-id", &without(&good, "webhook-id"), BODY);
    c.post(
        Standard,
        "std-no-timestamp",
        &without(&good, "webhook-timestamp"),
        BODY,
    );
    let sig = good[2].1.clone();
    c.post(
        Standard,
        "std-base64-garbage",
        &replace(&good, "webhook-signature", "v1,***not base64***"),
        BODY,
    );
    c.post(
        Standard,
        "std-wrong-version-v2",
        &replace(&good, "webhook-signature", &sig.replacen("v1,", "v2,", 1)),
        BODY,
    );
    c.post(
        Standard,
        "std-no-comma",
        &replace(&good, "webhook-signature", &sig.replacen("v1,", "v1", 1)),
        BODY,
    );
    c.post(
        Standard,
        "std-tampered-body",
        &good,
        br#"{"type":"corpus.case","data":{"n":2}}"#,
    );
    let past = c.signed(Standard, "std-timestamp-past", hour_ago, BODY);
    c.post(Standard, "std-timestamp-past", &past, BODY);
    let future = c.signed(Standard, "std-timestamp-future", in_an_hour, BODY);
    c.post(Standard, "std-timestamp-future", &future, BODY);
    for (name, ts) in [
        ("std-timestamp-non-numeric", "soon"),
        ("std-timestamp-overflow", "99999999999999999999"),
        ("std-timestamp-negative", "-1"),
    ] {
        c.post(Standard, name, &Standard.signed(name, ts, BODY), BODY);
    }
    let forged = format!("v1,{}", oracle::b64(&[0u8; 32]));
    let mut forged_first = replace(&good, "webhook-signature", &forged);
    forged_first.push(("webhook-signature".into(), sig.clone()));
    // The first webhook-signature line is the one read, as frameworks' get() does.
    c.post(
        Standard,
        "std-duplicate-signature-forged-first",
        &forged_first,
        BODY,
    );
    let mut forged_second = good.clone();
    forged_second.push(("webhook-signature".into(), forged.clone()));
    c.post_expect(
        Standard,
        "std-duplicate-signature-forged-second",
        &forged_second,
        BODY,
        200,
        Some(200),
    );
    let rotated = replace(&good, "webhook-signature", &format!("{forged} {sig}"));
    c.post_expect(
        Standard,
        "std-space-separated-one-good",
        &rotated,
        BODY,
        200,
        Some(200),
    );
    // The body is opaque to the signature: signed non-JSON bodies are deliveries.
    for (name, body) in [
        ("std-invalid-utf8-body", &b"\xff\xfe\x00 not text"[..]),
        ("std-invalid-json-body", &b"{\"type\": truncated"[..]),
        ("std-empty-body", &b""[..]),
    ] {
        let headers = c.signed(Standard, name, now, body);
        c.post_expect(Standard, name, &headers, body, 200, Some(200));
    }
    let ten_mib = vec![b'a'; 10 * 1024 * 1024];
    let headers = c.signed(Standard, "std-10mib-body", now, &ten_mib);
    c.post_expect(
        Standard,
        "std-10mib-body",
        &headers,
        &ten_mib,
        413,
        Some(413),
    );
    let mut chunked = format!(
        "POST {} HTTP/1.1\r\nhost: test\r\nconnection: close\r\ntransfer-encoding: chunked\r\n\r\n",
        Corpus::target("std-10mib-chunked")
    )
    .into_bytes();
    for _ in 0..10 {
        chunked.extend_from_slice(format!("{:x}\r\n", 1024 * 1024).as_bytes());
        chunked.extend_from_slice(&ten_mib[..1024 * 1024]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    c.raw(Standard, "std-10mib-chunked", chunked, &[413], Some(413));
    let mut non_utf8 = raw(
        "POST",
        &Corpus::target("std-non-utf8-signature"),
        &without(&good, "webhook-signature"),
        BODY,
    );
    let at = non_utf8.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 2;
    non_utf8.splice(
        at..at,
        b"webhook-signature: v1,\xff\xfe\xfd\r\n".iter().copied(),
    );
    c.raw(
        Standard,
        "std-non-utf8-signature",
        non_utf8,
        &[401],
        Some(401),
    );

    // GitHub (X-Hub-Signature-256: sha256=<hex>).
    let good = c.signed(Github, "gh", now, BODY);
    let hex = oracle::hex(&oracle::hmac_sha256(GITHUB_SECRET.as_bytes(), BODY));
    c.post(
        Github,
        "gh-no-signature",
        &without(&good, "X-Hub-Signature-256"),
        BODY,
    );
    c.post(
        Github,
        "gh-sha1-prefix",
        &replace(&good, "X-Hub-Signature-256", &format!("sha1={hex}")),
        BODY,
    );
    c.post(
        Github,
        "gh-hex-garbage",
        &replace(&good, "X-Hub-Signature-256", "sha256=zzzz-not-hex"),
        BODY,
    );
    c.post(
        Github,
        "gh-odd-length-hex",
        &replace(
            &good,
            "X-Hub-Signature-256",
            &format!("sha256={}", &hex[1..]),
        ),
        BODY,
    );
    c.post(
        Github,
        "gh-empty-signature",
        &replace(&good, "X-Hub-Signature-256", ""),
        BODY,
    );
    let other_key = oracle::github("not-the-secret", BODY);
    c.post(
        Github,
        "gh-wrong-secret",
        &replace(&good, "X-Hub-Signature-256", &other_key),
        BODY,
    );
    // Every X-Hub-Signature-256 line is a candidate; a forged extra one does not hide the good one.
    let mut duplicated = replace(&good, "X-Hub-Signature-256", &other_key);
    duplicated.push(("X-Hub-Signature-256".into(), format!("sha256={hex}")));
    c.post_expect(
        Github,
        "gh-duplicate-signature-one-good",
        &duplicated,
        BODY,
        200,
        Some(200),
    );

    // Stripe (Stripe-Signature: t=<ts>,v1=<hex>).
    let stripe_hex = |ts: &str| {
        oracle::hex(&oracle::hmac_sha256(
            STRIPE_SECRET.as_bytes(),
            &[format!("{ts}.").as_bytes(), BODY].concat(),
        ))
    };
    let good_hex = stripe_hex(&now.to_string());
    for (name, value) in [
        ("stripe-no-timestamp", format!("v1={good_hex}")),
        ("stripe-only-v0", format!("t={now},v0={good_hex}")),
        ("stripe-not-key-value", "garbage".to_string()),
        (
            "stripe-timestamp-overflow",
            format!(
                "t=99999999999999999999,v1={}",
                stripe_hex("99999999999999999999")
            ),
        ),
        (
            "stripe-timestamp-non-numeric",
            format!("t=soon,v1={}", stripe_hex("soon")),
        ),
        (
            "stripe-timestamp-past",
            oracle::stripe(STRIPE_SECRET, &hour_ago.to_string(), BODY),
        ),
        ("stripe-v1-not-hex", format!("t={now},v1=not-hex-at-all")),
    ] {
        c.post(Stripe, name, &pairs(&[("Stripe-Signature", &value)]), BODY);
    }
    c.post(Stripe, "stripe-no-header", &[], BODY);
    let rotated = format!("t={now},v1={},v1={good_hex}", "0".repeat(64));
    c.post_expect(
        Stripe,
        "stripe-two-v1-one-good",
        &pairs(&[("Stripe-Signature", &rotated)]),
        BODY,
        200,
        Some(200),
    );

    // Slack (X-Slack-Request-Timestamp, X-Slack-Signature: v0=<hex>).
    let good = c.signed(Slack, "slack", now, BODY);
    c.post(
        Slack,
        "slack-no-timestamp",
        &without(&good, "X-Slack-Request-Timestamp"),
        BODY,
    );
    let v0 = good[1].1.clone();
    c.post(
        Slack,
        "slack-v1-prefix",
        &replace(&good, "X-Slack-Signature", &v0.replacen("v0=", "v1=", 1)),
        BODY,
    );
    let future = c.signed(Slack, "slack-timestamp-future", in_an_hour, BODY);
    c.post(Slack, "slack-timestamp-future", &future, BODY);
    for (name, ts) in [
        ("slack-timestamp-overflow", "99999999999999999999"),
        ("slack-timestamp-non-numeric", "yesterday"),
    ] {
        c.post(Slack, name, &Slack.signed(name, ts, BODY), BODY);
    }

    // HTTP itself, against the GitHub listener.
    let good = c.signed(Github, "http", now, BODY);
    for method in ["GET", "PUT"] {
        let name = format!("http-method-{method}");
        let request = raw(method, &Corpus::target(&name), &good, BODY);
        c.raw(Github, &name, request, &[405], None);
    }
    // Paths are opaque: recorded as sent, never resolved against anything.
    for (name, path) in [
        ("http-path-traversal", "/../../etc/passwd"),
        ("http-path-traversal-encoded", "/%2e%2e/%2e%2e/etc/passwd"),
    ] {
        let request = raw("POST", &format!("{path}?case={name}"), &good, BODY);
        c.raw(Github, name, request, &[200], Some(200));
    }
    let request = raw(
        "POST",
        "/_whk/../hooks?case=http-reserved-path",
        &good,
        BODY,
    );
    c.raw(Github, "http-reserved-path", request, &[404], None);
    let mut truncated = raw("POST", &Corpus::target("http-truncated-body"), &good, BODY);
    truncated.truncate(truncated.len() - 10);
    c.cases.push(Case {
        name: "http-truncated-body".into(),
        scheme: Github,
        request: truncated,
        ending: Ending::HalfClose,
        answers: vec![400],
        recorded: None,
    });
    let mut pipelined = raw(
        "POST",
        &Corpus::target("http-pipelined-garbage"),
        &good,
        BODY,
    );
    let keep_alive = String::from_utf8_lossy(&pipelined).replacen("connection: close\r\n", "", 1);
    pipelined = keep_alive.into_bytes();
    pipelined.extend_from_slice(b"\x00\x01GARBAGE \xff\xfe NOT HTTP\r\n\r\n");
    c.raw(
        Github,
        "http-pipelined-garbage",
        pipelined,
        &[200, 400],
        Some(200),
    );
    c.raw(
        Github,
        "http-garbage-request-line",
        b"\x16\x03\x01 hello?\r\n\r\n".to_vec(),
        &[400],
        None,
    );
    let huge_header = pairs(&[("x-padding", &"y".repeat(1024 * 1024))]);
    let request = raw(
        "POST",
        &Corpus::target("http-1mb-header"),
        &[good.clone(), huge_header].concat(),
        BODY,
    );
    c.raw(Github, "http-1mb-header", request, &[431], None);
    let close = "connection: close\r\n";
    c.lines(
        "http-conflicting-content-length",
        &format!("{close}content-length: 2\r\ncontent-length: 3\r\n"),
        "{}x",
        &[400],
        None,
    );
    for (name, length) in [
        ("http-content-length-overflow", "99999999999999999999999"),
        ("http-content-length-negative", "-1"),
    ] {
        let lines = format!("{close}content-length: {length}\r\n");
        c.lines(name, &lines, "{}", &[400], None);
    }
    let chunked = format!("{close}transfer-encoding: chunked\r\n");
    c.lines(
        "http-bad-chunk-size",
        &chunked,
        "ZZ\r\nabc\r\n0\r\n\r\n",
        &[400],
        None,
    );
    // Header injection: a bare CR or an obs-fold line trying to smuggle a signature header.
    for (name, injected) in [
        (
            "http-header-injection-bare-cr",
            "x-note: a\rX-Hub-Signature-256: sha256=00\r\n",
        ),
        (
            "http-header-injection-obs-fold",
            "x-note: a\r\n X-Hub-Signature-256: sha256=00\r\n",
        ),
        ("http-header-nul", "x-note: a\0b\r\n"),
        ("http-header-name-with-space", "x note: a\r\n"),
    ] {
        let lines = format!("{close}{injected}content-length: 2\r\n");
        c.lines(name, &lines, "{}", &[400], None);
    }
    let request = "POST /hooks?case=http-nul-in-path\0 HTTP/1.1\r\nhost: test\r\n\r\n";
    c.raw(Github, "http-nul-in-path", request.into(), &[400], None);
    let request = format!(
        "POST {} HTTP/9.9\r\nhost: test\r\ncontent-length: 0\r\n\r\n",
        Corpus::target("http-version-9")
    );
    c.raw(Github, "http-version-9", request.into_bytes(), &[400], None);
    let many: Vec<(String, String)> = (0..200).map(|i| (format!("x-h{i}"), "v".into())).collect();
    let request = raw(
        "POST",
        &Corpus::target("http-too-many-headers"),
        &[good.clone(), many].concat(),
        BODY,
    );
    c.raw(Github, "http-too-many-headers", request, &[431], None);
    let mut cut = raw(
        "POST",
        &Corpus::target("http-truncated-headers"),
        &good,
        BODY,
    );
    cut.truncate(cut.len() / 2);
    c.cases.push(Case {
        name: "http-truncated-headers".into(),
        scheme: Github,
        request: cut,
        ending: Ending::HalfClose,
        answers: vec![],
        recorded: None,
    });
    let mut h2 = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
    h2.extend_from_slice(&[0xff; 64]);
    c.raw(Github, "http2-preface-then-garbage", h2, &[], None);
    // Request smuggling: Content-Length and chunked together; chunked wins, the
    // connection closes, and the bytes after the last chunk are never served.
    c.lines(
        "http-cl-te-smuggling",
        "content-length: 40\r\ntransfer-encoding: chunked\r\n",
        "0\r\n\r\nPOST /smuggled HTTP/1.1\r\nhost: test\r\n\r\n",
        &[401],
        Some(401),
    );
    c.cases
}

/// One listener per scheme, each on its own store, stdout drained.
struct Listeners {
    running: HashMap<Scheme, (Listener, PathBuf)>,
}

impl Listeners {
    fn start(sandbox: &Sandbox) -> Listeners {
        let running = Scheme::ALL
            .into_iter()
            .map(|scheme| {
                let store = sandbox.path().join(format!("{}.db", scheme.provider()));
                let mut listener = sandbox.listen(&[
                    "--json",
                    "--provider",
                    scheme.provider(),
                    "--secret",
                    scheme.secret(),
                    "--store",
                    store.to_str().unwrap(),
                ]);
                listener.drain_stdout();
                (scheme, (listener, store))
            })
            .collect();
        Listeners { running }
    }

    fn addr(&self, scheme: Scheme) -> SocketAddr {
        self.running[&scheme].0.addr
    }

    fn assert_all_running(&mut self, after: &str) {
        for (scheme, (listener, _)) in &mut self.running {
            assert!(
                listener.is_running(),
                "the {} listener died after {after}: {}",
                scheme.provider(),
                listener.stderr()
            );
        }
    }
}

/// A client that sends a correctly signed GitHub delivery one byte at a
/// time: the request line, then a padding header trickled until `release`
/// is set (or 25 s, under the listener's 30 s header timeout), then the rest.
fn slowloris(
    addr: SocketAddr,
    trickled: Arc<AtomicUsize>,
    release: Arc<AtomicBool>,
) -> std::thread::JoinHandle<(bool, Vec<u16>)> {
    std::thread::spawn(move || {
        let (headers, body) = github_delivery("slowloris");
        let request = raw("POST", &Corpus::target("slowloris"), &headers, &body);
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        stream.set_nodelay(true).unwrap();
        let (line_end, rest) = {
            let at = request.windows(2).position(|w| w == b"\r\n").unwrap() + 2;
            (at, &request[at..])
        };
        for byte in &request[..line_end] {
            stream
                .write_all(&[*byte])
                .expect("trickle the request line");
        }
        stream.write_all(b"x-padding: ").expect("trickle");
        let cap = Instant::now() + Duration::from_secs(25);
        while !release.load(Ordering::SeqCst) && Instant::now() < cap {
            stream
                .write_all(b"a")
                .expect("the listener dropped the slow client");
            trickled.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(100));
        }
        let released = release.load(Ordering::SeqCst);
        stream.write_all(b"\r\n").unwrap();
        stream.write_all(rest).unwrap();
        stream
            .set_read_timeout(Some(WAIT))
            .expect("set read timeout");
        let mut answer = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stream, &mut answer);
        let statuses = support::parse_responses(&answer)
            .iter()
            .map(|r| r.status)
            .collect();
        (released, statuses)
    })
}

/// At least 30 malformed requests over four signature schemes, sent while a
/// slowloris client holds a connection open: each gets its expected answer,
/// is recorded (or not) with the expected status, no listener dies, and each
/// still verifies a good delivery at the end.
#[test]
fn hostile_requests_get_their_answers_and_leave_the_listener_serving() {
    let sandbox = Sandbox::new();
    let mut listeners = Listeners::start(&sandbox);
    let cases = corpus();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique");

    let trickled = Arc::new(AtomicUsize::new(0));
    let release = Arc::new(AtomicBool::new(false));
    let slow = slowloris(
        listeners.addr(Scheme::Github),
        Arc::clone(&trickled),
        Arc::clone(&release),
    );
    let started = Instant::now() + WAIT;
    while trickled.load(Ordering::SeqCst) < 3 && Instant::now() < started {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        trickled.load(Ordering::SeqCst) >= 3,
        "the slow client got going"
    );

    let mut failures = Vec::new();
    for case in &cases {
        let addr = listeners.addr(case.scheme);
        match exchange_raw(addr, case.request.clone(), case.ending, WAIT) {
            Ok(responses) => {
                let statuses: Vec<u16> = responses.iter().map(|r| r.status).collect();
                if statuses != case.answers {
                    let text: Vec<String> = responses.iter().map(|r| r.text()).collect();
                    failures.push(format!(
                        "{}: answered {statuses:?}, expected {:?} {text:?}",
                        case.name, case.answers
                    ));
                }
            }
            Err(e) => failures.push(format!("{}: {e}", case.name)),
        }
        listeners.assert_all_running(&case.name);
    }

    // Everything above was served while the slow client dawdled mid-header.
    release.store(true, Ordering::SeqCst);
    let (released, slow_answer) = slow.join().expect("slowloris thread");
    assert!(
        released,
        "the corpus finished while the slow client was still sending"
    );
    assert_eq!(
        slow_answer,
        [200],
        "the slow client is served once it finishes"
    );
    listeners.assert_all_running("the slow client");

    // Finally a good delivery on each listener, verified.
    for scheme in Scheme::ALL {
        let name = format!("good-{}", scheme.provider());
        let headers = scheme.signed(&name, &unix_now().to_string(), BODY);
        let answer = support::post(
            listeners.addr(scheme),
            &Corpus::target(&name),
            &headers,
            BODY,
        );
        assert_eq!(answer.status, 200, "{name}: {}", answer.text());
    }
    listeners.assert_all_running("the good deliveries");

    let mut rows_by_case: HashMap<String, Vec<Value>> = HashMap::new();
    for (scheme, (_, store)) in &listeners.running {
        for row in sandbox.export(Some(store)) {
            let path = row["path"].as_str().unwrap().to_string();
            let case = path
                .split("case=")
                .nth(1)
                .unwrap_or_else(|| panic!("{}: a row for no case: {row}", scheme.provider()));
            rows_by_case.entry(case.to_string()).or_default().push(row);
        }
    }
    for case in &cases {
        let rows = rows_by_case.remove(&case.name).unwrap_or_default();
        let statuses: Vec<u64> = rows.iter().map(|r| r["status"].as_u64().unwrap()).collect();
        let expected: Vec<u64> = case.recorded.iter().map(|s| u64::from(*s)).collect();
        if statuses != expected {
            failures.push(format!(
                "{}: recorded {statuses:?}, expected {expected:?}",
                case.name
            ));
        }
        for row in &rows {
            if row["verified"] != (row["status"] == 200) {
                failures.push(format!(
                    "{}: verified does not match the status: {row}",
                    case.name
                ));
            }
            if row["provider"] != case.scheme.provider() {
                failures.push(format!(
                    "{}: recorded by the wrong listener: {row}",
                    case.name
                ));
            }
        }
    }
    for name in [
        "slowloris",
        "good-standard",
        "good-github",
        "good-stripe",
        "good-slack",
    ] {
        let rows = rows_by_case.remove(name).unwrap_or_default();
        assert_eq!(rows.len(), 1, "{name}: {rows:?}");
        assert_eq!(rows[0]["verified"], true, "{name}: {}", rows[0]);
        assert_eq!(rows[0]["status"], 200, "{name}: {}", rows[0]);
    }
    assert!(
        rows_by_case.is_empty(),
        "rows nobody sent: {rows_by_case:?}"
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Dot segments in a delivery's path (plain, percent-encoded, or with the
/// backslashes URL parsers treat as slashes) never reach the app outside the
/// `--forward-to` path: such deliveries are recorded and refused with 502,
/// while an ordinary path is still relayed under the target.
#[test]
fn path_traversal_never_climbs_out_of_the_forward_target() {
    let app = Receiver::start();
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&[
        "--json",
        "--secret",
        STANDARD_SECRET,
        "--forward-to",
        // The request's path is taken in only where the target says {path}.
        &format!("{}{{path}}", app.url("/app/hooks")),
    ]);
    listener.drain_stdout();
    let climbing = [
        "/../../admin",
        "/x/../../../admin",
        "/%2e%2e/%2E%2e/admin",
        "/.%2e/admin",
        "/..\\..\\admin",
    ];
    for (n, path) in climbing.iter().enumerate() {
        let id = format!("climb-{n}");
        let headers = Scheme::Standard.signed(&id, &unix_now().to_string(), BODY);
        let answer = support::post(listener.addr, path, &headers, BODY);
        assert_eq!(answer.status, 502, "{path}: {}", answer.text());
        assert!(
            answer.text().contains("not forwarded"),
            "{path}: {}",
            answer.text()
        );
    }
    let headers = Scheme::Standard.signed("plain", &unix_now().to_string(), BODY);
    assert_eq!(
        support::post(listener.addr, "/a/./b", &headers, BODY).status,
        200
    );
    let relayed = app.wait_for(1, WAIT);
    let paths: Vec<&str> = relayed.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        ["/app/hooks/a/b"],
        "only the plain delivery reached the app"
    );

    let rows = sandbox.export(None);
    assert_eq!(rows.len(), climbing.len() + 1, "every delivery is recorded");
    for row in &rows[..climbing.len()] {
        assert_eq!(row["verified"], true, "{row}");
        assert_eq!(row["status"], 502, "{row}");
        assert!(
            row["forward"]["error"]
                .as_str()
                .unwrap()
                .contains("not forwarded"),
            "{row}"
        );
    }
}

// ---------------------------------------------------------------------------
// Sender faults
// ---------------------------------------------------------------------------

fn send_retry(sandbox: &Sandbox, url: &str, schedule: &str) -> std::process::Output {
    sandbox
        .whk()
        .args(["send", "test-event", "--secret", STANDARD_SECRET, "--json"])
        .args(["--retry", "--schedule", schedule, "--timeout", "300ms"])
        .args(["--to", url])
        .output()
        .expect("run whk send")
}

fn column<'a>(lines: &'a [Value], key: &str) -> Vec<&'a Value> {
    lines.iter().map(|l| &l[key]).collect()
}

/// A target that hangs up mid-response, then without answering, then never
/// answers in time, then fails with 500, then accepts: five attempts, each
/// reported with what went wrong, all the same event signed afresh, exit 0.
#[test]
fn send_retry_reports_each_fault_then_succeeds() {
    let sandbox = Sandbox::new();
    let target = Receiver::with_plan(vec![
        Reply::Partial(200),
        Reply::Hangup,
        Reply::Slow(200, Duration::from_secs(3)),
        Reply::Status(500),
        Reply::Status(200),
    ]);
    let out = send_retry(&sandbox, &target.url("/hook"), "10ms,10ms,10ms,10ms,10ms");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 5, "one JSON object per attempt: {lines:?}");
    assert_eq!(column(&lines, "attempt"), [1, 2, 3, 4, 5]);
    assert_eq!(
        column(&lines, "status"),
        [
            &Value::Null,
            &Value::Null,
            &Value::Null,
            &Value::from(500),
            &Value::from(200)
        ]
    );
    assert_eq!(
        column(&lines, "success"),
        [false, false, false, false, true]
    );
    assert_eq!(
        column(&lines, "will_retry"),
        [true, true, true, true, false]
    );
    let errors: Vec<&str> = lines[..3]
        .iter()
        .map(|l| l["error"].as_str().unwrap_or_default())
        .collect();
    assert!(
        errors.iter().all(|e| e.contains(&target.url("/hook"))),
        "{errors:?}"
    );
    assert!(errors[2].contains("timed out"), "{errors:?}");
    assert!(
        !errors[0].contains("timed out") && !errors[1].contains("timed out"),
        "{errors:?}"
    );
    assert!(lines.iter().all(|l| l["event_id"] == lines[0]["event_id"]));

    let got = target.wait_for(5, WAIT);
    assert_eq!(got.len(), 5, "one request per attempt, no hidden retries");
    for request in &got {
        check_signature("standard", STANDARD_SECRET, request).unwrap();
        assert_eq!(request.header("webhook-id"), lines[0]["event_id"].as_str());
    }
}

/// A target that resets every response mid-body: every attempt is reported
/// as failed and the exit code is 1.
#[test]
fn send_retry_exits_1_when_every_response_is_cut_short() {
    let sandbox = Sandbox::new();
    let target = Receiver::with_plan(vec![Reply::Partial(200); 3]);
    let out = send_retry(&sandbox, &target.url("/"), "10ms,10ms");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let lines = json_lines(&out.stdout);
    assert_eq!(column(&lines, "attempt"), [1, 2, 3]);
    assert!(lines
        .iter()
        .all(|l| l["status"].is_null() && l["success"] == false));
    assert_eq!(column(&lines, "will_retry"), [true, true, false]);
    assert!(stderr.contains("was not delivered"), "{stderr}");
    assert_eq!(target.wait_for(3, WAIT).len(), 3);
}

/// A port nobody listens on: each attempt reported as refused, exit 1.
#[test]
fn send_retry_exits_1_when_the_target_refuses_every_attempt() {
    let sandbox = Sandbox::new();
    let port = {
        let bound = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        bound.local_addr().unwrap().port()
    };
    let out = send_retry(&sandbox, &format!("http://127.0.0.1:{port}/"), "10ms,10ms");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let lines = json_lines(&out.stdout);
    assert_eq!(column(&lines, "attempt"), [1, 2, 3]);
    assert_eq!(column(&lines, "will_retry"), [true, true, false]);
    for line in &lines {
        assert!(line["status"].is_null(), "{line}");
        assert!(
            line["error"]
                .as_str()
                .unwrap()
                .contains("connection refused"),
            "{line}"
        );
    }
    assert!(stderr.contains("connection refused"), "{stderr}");
}
