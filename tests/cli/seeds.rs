//! The four documented systems followed exactly (IZI, Unibo, Zotlo,
//! IriSync): optional credentials, wrong tokens named as such, no invented
//! idempotency keys, timestamps as documented or said to be assumed, and
//! catalog samples whose dates and ids hang together.

use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::send::HMAC_SECRET;
use crate::support::{oracle, post, unix_now, Receiver, Sandbox};
use crate::wire::parse_request;

const WAIT: Duration = Duration::from_secs(30);

/// The body `whk send EVENT -p PROVIDER --dry-run` would send.
fn sample(sandbox: &Sandbox, provider: &str, event: &str, extra: &[&str]) -> Value {
    let out = sandbox
        .whk()
        .args([
            "send",
            event,
            "-p",
            provider,
            "--secret",
            HMAC_SECRET,
            "--dry-run",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&parse_request(&out.stdout).body).unwrap()
}

fn time(value: &Value) -> SystemTime {
    humantime::parse_rfc3339(
        value
            .as_str()
            .unwrap_or_else(|| panic!("not a time: {value}")),
    )
    .unwrap_or_else(|e| panic!("{value}: {e}"))
}

#[test]
fn unibo_sends_without_authorization_when_asked_and_only_for_optional_credentials() {
    let sandbox = Sandbox::new();
    let app = Receiver::start();
    sandbox
        .whk()
        .args([
            "send",
            "PRIZE_PAYOUT_CREATED",
            "-p",
            "unibo",
            "--no-auth",
            "--to",
            &app.url("/"),
        ])
        .assert()
        .success();
    let got = app.wait_for(1, WAIT);
    assert_eq!(got[0].header("authorization"), None);
    assert_eq!(got[0].header("user-agent"), Some("Unibo-Webhooks/1.0"));

    let refused = sandbox
        .whk()
        .args([
            "send",
            "SESSION_ENDED",
            "-p",
            "izi",
            "--no-auth",
            "--to",
            &app.url("/"),
        ])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("izi signs every delivery"));
}

#[test]
fn a_wrong_unibo_token_is_reported_as_a_wrong_token() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&["--json", "-p", "unibo", "--secret", "api-key-right"]);
    let body = br#"{"request_id":"r1","event_type":"PRIZE_PAYOUT_CREATED"}"#;
    let headers = vec![(
        "Authorization".to_string(),
        "Bearer api-key-wrong".to_string(),
    )];
    assert_eq!(post(listener.addr, "/", &headers, body).status, 401);
    let record = listener.next_json();
    assert_eq!(record["findings"][0]["code"], "wrong_token");
    let reason = record["reason"].as_str().unwrap();
    assert!(reason.contains("not the configured API key"), "{reason}");
    assert!(!reason.contains("signature"), "{reason}");
}

#[test]
fn unibo_opt_in_events_have_no_invented_idempotency_key() {
    let sandbox = Sandbox::new();
    let body = sample(&sandbox, "unibo", "PLAYER_OPTED_IN", &[]);
    assert_eq!(
        body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["player_id", "campaign_id", "event_type"],
        "the document's fields, nothing more"
    );
    let show = sandbox
        .whk()
        .args(["providers", "show", "unibo"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(text.contains("no idempotency key"), "{text}");
}

#[test]
fn irisync_timestamps_are_seconds_by_assumption_and_milliseconds_are_named() {
    let sandbox = Sandbox::new();
    let show = sandbox
        .whk()
        .args(["providers", "show", "irisync"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(
        text.contains("assumed:    X-IriSync-Timestamp carries unix seconds"),
        "{text}"
    );

    let mut listener = sandbox.listen(&["--json", "-p", "irisync", "--secret", HMAC_SECRET]);
    let body = br#"{"id":"evt_ms","type":"content.published","data":{}}"#;
    let signed = |ts: &str| {
        let mac = oracle::hmac_sha256(
            HMAC_SECRET.as_bytes(),
            &[ts.as_bytes(), b".", body].concat(),
        );
        vec![
            ("X-IriSync-Timestamp".to_string(), ts.to_string()),
            ("X-IriSync-Signature".to_string(), oracle::hex(&mac)),
        ]
    };
    let seconds = unix_now().to_string();
    assert_eq!(
        post(listener.addr, "/", &signed(&seconds), body).status,
        200
    );
    listener.next_json();
    let millis = format!("{seconds}123");
    assert_eq!(post(listener.addr, "/", &signed(&millis), body).status, 401);
    let reason = listener.next_json()["reason"].as_str().unwrap().to_string();
    assert!(reason.contains("looks like milliseconds"), "{reason}");
}

#[test]
fn sample_dates_are_fresh_and_in_order() {
    let sandbox = Sandbox::new();
    let now = SystemTime::now();
    let day = Duration::from_secs(86_400);
    for event in [
        "newSubscriber",
        "renewal",
        "grace",
        "cancellation",
        "reactivation",
    ] {
        let body = sample(&sandbox, "zotlo", event, &[]);
        let p = &body["parameters"];
        let (start, expire) = (time(&p["startDate"]), time(&p["expireDate"]));
        assert!(start <= expire, "{event}: {p}");
        assert!(expire + day > now, "{event}: expires in the past: {p}");
        if let Some(grace) = p.get("gracePeriodEndDate") {
            assert!(time(grace) > now, "{event}: {p}");
        }
    }
    let subscribed = sample(&sandbox, "irisync", "user.subscribed", &[]);
    assert!(
        time(&subscribed["data"]["trial_end"]) > time(&subscribed["created"]),
        "a trial ends after it starts: {subscribed}"
    );
}

#[test]
fn izi_session_events_share_a_session_and_set_picks_another() {
    let sandbox = Sandbox::new();
    let started = sample(&sandbox, "izi", "SESSION_STARTED", &[]);
    let ended = sample(&sandbox, "izi", "SESSION_ENDED", &[]);
    assert_eq!(started["data"]["sessionId"], ended["data"]["sessionId"]);
    let set = ["--set", "data.sessionId=sess_42"];
    for event in ["SESSION_STARTED", "SESSION_ENDED"] {
        assert_eq!(
            sample(&sandbox, "izi", event, &set)["data"]["sessionId"],
            "sess_42"
        );
    }
}

#[test]
fn providers_show_counts_the_events_it_lists() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .whk()
        .args(["providers", "show", "izi"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let rows = text.lines().filter(|l| l.starts_with('│')).count() - 1;
    assert!(
        text.contains(&format!("Events ({rows}),")),
        "{rows} rows: {text}"
    );
    assert_eq!(rows, 13, "12 documented events and the test event");
}

#[test]
fn quiet_send_prints_nothing_when_delivered() {
    let sandbox = Sandbox::new();
    let app = Receiver::start();
    let out = sandbox
        .whk()
        .args([
            "send",
            "SESSION_ENDED",
            "-p",
            "izi",
            "--secret",
            HMAC_SECRET,
            "-q",
        ])
        .args(["--to", &app.url("/")])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    app.wait_for(1, WAIT);
}
