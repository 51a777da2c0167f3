//! Handshakes the listener answers by itself: each provider's real handshake
//! shape posted to `whk listen` over HTTP, the exact answer asserted (status,
//! content type, body), the record marked as a handshake; and `whk send
//! <handshake>` against small test servers that answer right and wrong.
//! Signatures and Zoom's encryptedToken are computed here from the
//! providers' specifications (the `hmac` crate), never with whk's code.

use std::time::Duration;

use serde_json::{json, Value};

use crate::support::{
    assert_matches_delivery_schema, delivery_schema_violation, headers, http_request, oracle, post,
    unix_now, Sandbox,
};

const SLACK_SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";

/// Slack's documented url_verification body.
const SLACK_URL_VERIFICATION: &str = r#"{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}"#;

/// A Slack request signed as Slack signs it: `v0=hex(HMAC-SHA256("v0:{ts}:{body}"))`.
fn slack_signed(secret: &str, body: &str) -> Vec<(String, String)> {
    let ts = unix_now().to_string();
    headers(&[
        ("Content-Type", "application/json"),
        ("X-Slack-Request-Timestamp", &ts),
        (
            "X-Slack-Signature",
            &oracle::slack(secret, &ts, body.as_bytes()),
        ),
    ])
}

#[test]
fn slack_url_verification_is_answered_with_the_challenge_and_recorded_as_a_handshake() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&["--json", "--provider", "slack", "--secret", SLACK_SECRET]);
    let answer = post(
        listener.addr,
        "/slack/events",
        &slack_signed(SLACK_SECRET, SLACK_URL_VERIFICATION),
        SLACK_URL_VERIFICATION.as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(
        answer.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(
        answer.text(),
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    );

    let record = listener.next_json();
    assert_eq!(record["handshake"], "url_verification", "{record}");
    assert_eq!(record["event_type"], "url_verification");
    assert_eq!(record["verdict"], "verified");
    assert_eq!(record["status"], 200);
    assert_matches_delivery_schema(&record);
    // The contract knows the handshakes by name and nothing else.
    let mut broken = record.clone();
    broken["handshake"] = json!("handshook");
    assert!(delivery_schema_violation(&broken).is_some());
    let mut missing = record.clone();
    missing.as_object_mut().unwrap().remove("handshake");
    assert!(delivery_schema_violation(&missing).is_some());

    // A delivery after it is no handshake.
    let event = r#"{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention"}}"#;
    let answer = post(
        listener.addr,
        "/slack/events",
        &slack_signed(SLACK_SECRET, event),
        event.as_bytes(),
    );
    assert_eq!(answer.status, 200);
    let record = listener.next_json();
    assert_eq!(record["handshake"], Value::Null, "{record}");
    assert_eq!(record["event_type"], "app_mention");

    // The store keeps the mark.
    drop(listener);
    let exported = sandbox.export(None);
    assert_eq!(exported[0]["handshake"], "url_verification");
    assert_eq!(exported[1]["handshake"], Value::Null);
}

#[test]
fn a_handshake_signed_with_another_secret_is_rejected_not_answered() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&["--json", "--provider", "slack", "--secret", SLACK_SECRET]);
    let answer = post(
        listener.addr,
        "/",
        &slack_signed("not-the-secret", SLACK_URL_VERIFICATION),
        SLACK_URL_VERIFICATION.as_bytes(),
    );
    assert_eq!(answer.status, 401, "{}", answer.text());
    assert!(
        !answer.text().contains("3eZbrw1aBm2rZgRNFdxV"),
        "{}",
        answer.text()
    );
    let record = listener.next_json();
    assert_eq!(record["handshake"], "url_verification");
    assert_eq!(record["verdict"], "rejected");
    assert_matches_delivery_schema(&record);
}

#[test]
fn handshakes_show_as_one_line_and_count_towards_no_goal() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&[
        "--provider",
        "slack",
        "--secret",
        SLACK_SECRET,
        "--max-events",
        "1",
        "--timeout",
        "30s",
    ]);
    let answer = post(
        listener.addr,
        "/",
        &slack_signed(SLACK_SECRET, SLACK_URL_VERIFICATION),
        SLACK_URL_VERIFICATION.as_bytes(),
    );
    assert_eq!(answer.status, 200);
    // Still listening: a handshake is not the event --max-events waits for.
    std::thread::sleep(Duration::from_millis(300));
    assert!(listener.is_running(), "{}", listener.stderr());
    let event = r#"{"type":"event_callback","event_id":"Ev2","event":{"type":"app_mention"}}"#;
    post(
        listener.addr,
        "/",
        &slack_signed(SLACK_SECRET, event),
        event.as_bytes(),
    );
    let status = listener.wait_exit(Duration::from_secs(20)).expect("exits");
    assert!(status.success(), "{}", listener.stderr());
    let out = listener.rest_text();
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("handshake")).collect();
    assert_eq!(lines.len(), 1, "one line, no body: {out}");
    assert!(
        lines[0].contains("#1 ⇄ handshake slack url_verification → 200 echoed the challenge"),
        "{out}"
    );
    assert!(
        !out.contains("3eZbrw1aBm2rZgRNFdxV"),
        "the body is not shown: {out}"
    );
    let stderr = listener.stderr();
    assert!(
        stderr.contains("received 1,") && stderr.contains("handshakes 1"),
        "{stderr}"
    );
}

#[test]
fn a_get_is_still_refused_where_the_provider_makes_no_get_handshake() {
    let sandbox = Sandbox::new();
    let listener = sandbox.listen(&["--provider", "slack", "--secret", SLACK_SECRET]);
    let answer = http_request(listener.addr, "GET", "/?challenge=abc", &[], b"").unwrap();
    assert_eq!(answer.status, 405, "{}", answer.text());
    let answer = http_request(
        listener.addr,
        "GET",
        "/?hub.mode=subscribe&hub.challenge=1&hub.verify_token=t",
        &[],
        b"",
    )
    .unwrap();
    assert_eq!(answer.status, 405);
}
