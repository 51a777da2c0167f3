//! Handshakes the listener answers by itself: each provider's real handshake
//! shape posted to `whk listen` over HTTP, the exact answer asserted (status,
//! content type, body), the record marked as a handshake; and `whk send
//! <handshake>` against small test servers that answer right and wrong.
//! Signatures and Zoom's encryptedToken are computed here from the
//! providers' specifications (the `hmac` crate), never with whk's code.

use std::time::Duration;

use serde_json::{json, Value};

use crate::support::{
    assert_matches_delivery_schema, delivery_schema_violation, get, headers, oracle, post,
    unix_now, HttpResponse, Sandbox,
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

/// Asserts a handshake's answer: 200, exactly `text`, as plain UTF-8 text.
fn assert_plain_answer(answer: &HttpResponse, text: &str) {
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.text(), text);
    assert_eq!(
        answer.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
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
    assert_plain_answer(
        &answer,
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
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
    let shown = sandbox
        .whk()
        .args(["events", "show", "1"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.lines().next().unwrap().contains("⇄ handshake"),
        "{shown}"
    );
    let shown = sandbox
        .whk()
        .args(["events", "show", "2"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&shown.stdout).contains("handshake"));
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
    let answer = get(listener.addr, "/?challenge=abc");
    assert_eq!(answer.status, 405, "{}", answer.text());
    let answer = get(
        listener.addr,
        "/?hub.mode=subscribe&hub.challenge=1&hub.verify_token=t",
    );
    assert_eq!(answer.status, 405);
}

// ---- the other providers -------------------------------------------------------

const ZOOM_SECRET: &str = "zoom-secret-token-4f1d";
const META_SECRET: &str = "meta-app-secret-77aa";
const DROPBOX_SECRET: &str = "dropbox-app-secret-91";

/// Writes `$WHK_HOME/providers/<name>.toml` with `handshakes` and `scheme`:
/// a provider whose file is not built in yet, known to the listener from
/// its file alone.
fn install_provider(sandbox: &Sandbox, name: &str, handshakes: &[&str], scheme: &str, rest: &str) {
    let dir = sandbox.home().join("providers");
    std::fs::create_dir_all(&dir).unwrap();
    let list: Vec<String> = handshakes.iter().map(|h| format!("{h:?}")).collect();
    let text = format!(
        r#"name = "{name}"
title = "{name} (test file)"
source = "the test"
timeout = "3s"
success = "2xx"
id_format = "uuid"
retry = {{ delays = [] }}
headers = {{ "Content-Type" = "application/json" }}
handshakes = [{}]
{rest}

[scheme]
{scheme}

[catalog.test_event]
type = "test"
description = "a test"
body = '{{"type": "test"}}'
"#,
        list.join(", ")
    );
    std::fs::write(dir.join(format!("{name}.toml")), text).unwrap();
}

fn zoom_signed(secret: &str, body: &str) -> Vec<(String, String)> {
    let ts = unix_now().to_string();
    let mac = oracle::hmac_sha256(secret.as_bytes(), format!("v0:{ts}:{body}").as_bytes());
    headers(&[
        ("Content-Type", "application/json"),
        ("x-zm-request-timestamp", &ts),
        ("x-zm-signature", &format!("v0={}", oracle::hex(&mac))),
    ])
}

#[test]
fn zoom_endpoint_url_validation_gets_the_encrypted_token() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&["--json", "--provider", "zoom", "--secret", ZOOM_SECRET]);
    // Zoom's documented shape.
    let body = r#"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}"#;
    let answer = post(
        listener.addr,
        "/zoom",
        &zoom_signed(ZOOM_SECRET, body),
        body.as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.header("content-type"), Some("application/json"));
    // The oracle: hex HMAC-SHA256 of the plainToken keyed by the secret token.
    let expected = oracle::hex(&oracle::hmac_sha256(
        ZOOM_SECRET.as_bytes(),
        b"qgg8vlvZRS6UYooatFL8Aw",
    ));
    let json: Value = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!(
        json,
        json!({"plainToken": "qgg8vlvZRS6UYooatFL8Aw", "encryptedToken": expected})
    );
    let record = listener.next_json();
    assert_eq!(record["handshake"], "endpoint.url_validation");
    assert_eq!(record["verdict"], "verified");
    assert_matches_delivery_schema(&record);

    // Signed with another secret: rejected, and no token computed for it.
    let answer = post(
        listener.addr,
        "/zoom",
        &zoom_signed("other", body),
        body.as_bytes(),
    );
    assert_eq!(answer.status, 401);
    assert!(
        !answer.text().contains("encryptedToken"),
        "{}",
        answer.text()
    );
}

#[test]
fn meta_subscribe_is_echoed_for_the_configured_verify_token_and_refused_403_otherwise() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&[
        "--json",
        "--provider",
        "meta",
        "--secret",
        META_SECRET,
        "--verify-token",
        "meatyhamhock",
    ]);
    let answer = get(
        listener.addr,
        "/webhooks?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock",
    );
    assert_plain_answer(&answer, "1158201444");
    let record = listener.next_json();
    assert_eq!(record["handshake"], "subscribe");
    assert_eq!(record["method"], "GET");
    assert_eq!(record["verdict"], "verified");
    // The verify token is kept out of the record (and the store).
    assert_eq!(
        record["path"],
        "/webhooks?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=(redacted)"
    );
    assert_matches_delivery_schema(&record);

    let answer = get(
        listener.addr,
        "/webhooks?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess",
    );
    assert_eq!(answer.status, 403, "{}", answer.text());
    assert!(!answer.text().contains("1158201444"), "{}", answer.text());
    assert!(!answer.text().contains("meatyhamhock"), "{}", answer.text());
    let record = listener.next_json();
    assert_eq!(record["handshake"], "subscribe");
    assert_eq!(record["verdict"], "rejected");
    assert_eq!(record["findings"][0]["code"], "verify_token_mismatch");
    assert_eq!(record["status"], 403);

    // A plain GET is still not a delivery.
    let answer = get(listener.addr, "/webhooks");
    assert_eq!(answer.status, 405);

    // Deliveries are verified as usual.
    let body = r#"{"object":"page","entry":[{"id":"1","time":1}]}"#;
    let signature = format!(
        "sha256={}",
        oracle::hex(&oracle::hmac_sha256(
            META_SECRET.as_bytes(),
            body.as_bytes()
        ))
    );
    let answer = post(
        listener.addr,
        "/webhooks",
        &headers(&[
            ("Content-Type", "application/json"),
            ("X-Hub-Signature-256", &signature),
        ]),
        body.as_bytes(),
    );
    assert_eq!(answer.status, 200);
    let record = listener.next_json();
    assert_eq!(record["handshake"], Value::Null);
    assert_eq!(record["verdict"], "verified");
}

#[test]
fn meta_verify_token_comes_from_whk_toml_too_and_without_one_the_answer_is_403() {
    let sandbox = Sandbox::new();
    let challenge = "/?hub.mode=subscribe&hub.challenge=42&hub.verify_token=from-file";
    {
        let listener = sandbox.listen(&["--provider", "meta", "--secret", META_SECRET]);
        let said = listener.wait_stderr(
            "answered 403 until a verify token is set",
            Duration::from_secs(10),
        );
        assert!(said.is_some(), "said at start: {}", listener.stderr());
        let answer = get(listener.addr, challenge);
        assert_eq!(answer.status, 403);
        assert!(
            answer.text().contains("--verify-token"),
            "{}",
            answer.text()
        );
    }
    sandbox.write("whk.toml", "verify_token = \"from-file\"\n");
    let listener = sandbox.listen(&["--provider", "meta", "--secret", META_SECRET]);
    let answer = get(listener.addr, challenge);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.text(), "42");
}

#[test]
fn dropbox_challenge_is_echoed_as_plain_text_not_sniffed() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&[
        "--json",
        "--provider",
        "dropbox",
        "--secret",
        DROPBOX_SECRET,
    ]);
    let answer = get(listener.addr, "/dropbox?challenge=abc%3Cb%3E123");
    assert_plain_answer(&answer, "abc<b>123");
    assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    let record = listener.next_json();
    assert_eq!(record["handshake"], "challenge");
    assert_eq!(record["verdict"], "unsigned");
    assert_matches_delivery_schema(&record);
}

const TWITCH_SECRET: &str = "twitch-secret-0123456789";

fn twitch_message(message_type: &str, body: &str, secret: &str) -> Vec<(String, String)> {
    // Twitch: `sha256=` hex HMAC-SHA256 of message id + timestamp (RFC 3339,
    // as sent) + body.
    let id = "e76c6bd4-55c9-4987-8304-da1588d8988b";
    let timestamp = humantime::format_rfc3339_nanos(std::time::SystemTime::now()).to_string();
    let signed = format!("{id}{timestamp}{body}");
    let signature = format!(
        "sha256={}",
        oracle::hex(&oracle::hmac_sha256(secret.as_bytes(), signed.as_bytes()))
    );
    headers(&[
        ("Content-Type", "application/json"),
        ("Twitch-Eventsub-Message-Id", id),
        ("Twitch-Eventsub-Message-Retry", "0"),
        ("Twitch-Eventsub-Message-Type", message_type),
        ("Twitch-Eventsub-Message-Signature", &signature),
        ("Twitch-Eventsub-Message-Timestamp", &timestamp),
        ("Twitch-Eventsub-Subscription-Type", "channel.follow"),
        ("Twitch-Eventsub-Subscription-Version", "2"),
    ])
}

#[test]
fn twitch_callback_verification_gets_the_raw_challenge_and_revocation_a_2xx() {
    let sandbox = Sandbox::new();
    let mut listener =
        sandbox.listen(&["--json", "--provider", "twitch", "--secret", TWITCH_SECRET]);
    // Twitch's documented webhook_callback_verification body.
    let body = r#"{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","status":"webhook_callback_verification_pending","type":"channel.follow","version":"2","cost":1,"condition":{"broadcaster_user_id":"12826","moderator_user_id":"12826"},"transport":{"method":"webhook","callback":"https://example.com/webhooks/callback"},"created_at":"2019-11-16T10:11:12.634234626Z"}}"#;
    let answer = post(
        listener.addr,
        "/eventsub",
        &twitch_message("webhook_callback_verification", body, TWITCH_SECRET),
        body.as_bytes(),
    );
    assert_plain_answer(&answer, "pogchamp-kappa-360noscope-vohiyo");
    let record = listener.next_json();
    assert_eq!(record["handshake"], "webhook_callback_verification");
    assert_eq!(record["verdict"], "verified");

    // A forged verification is not answered with its challenge.
    let answer = post(
        listener.addr,
        "/eventsub",
        &twitch_message("webhook_callback_verification", body, "forged"),
        body.as_bytes(),
    );
    assert_eq!(answer.status, 401);
    assert!(!answer.text().contains("pogchamp"), "{}", answer.text());
    assert_eq!(listener.next_json()["verdict"], "rejected");

    let revoked = r#"{"subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","status":"authorization_revoked","type":"channel.follow","cost":1,"version":"2","condition":{"broadcaster_user_id":"12826","moderator_user_id":"12826"},"transport":{"method":"webhook","callback":"https://example.com/webhooks/callback"},"created_at":"2019-11-16T10:11:12.634234626Z"}}"#;
    let answer = post(
        listener.addr,
        "/eventsub",
        &twitch_message("revocation", revoked, TWITCH_SECRET),
        revoked.as_bytes(),
    );
    assert_eq!(answer.status, 204, "{}", answer.text());
    assert!(answer.body.is_empty());
    let record = listener.next_json();
    assert_eq!(record["handshake"], "revocation");
    assert_eq!(record["event_id"], "e76c6bd4-55c9-4987-8304-da1588d8988b");
    assert_matches_delivery_schema(&record);

    // A notification is a delivery.
    let note = r#"{"subscription":{"type":"channel.follow"},"event":{"user_id":"1"}}"#;
    let answer = post(
        listener.addr,
        "/eventsub",
        &twitch_message("notification", note, TWITCH_SECRET),
        note.as_bytes(),
    );
    assert_eq!(answer.status, 200);
    assert_eq!(listener.next_json()["handshake"], Value::Null);
}

/// Discord's signing key as whk takes it (seed then public key, hex) and the
/// ring key pair that signs as Discord does, from one fixed seed.
fn discord_keys(seed: u8) -> (String, ring::signature::Ed25519KeyPair) {
    use ring::signature::KeyPair;
    let seed = [seed; 32];
    let pair = ring::signature::Ed25519KeyPair::from_seed_unchecked(&seed).unwrap();
    let signing = format!(
        "{}{}",
        oracle::hex(&seed),
        oracle::hex(pair.public_key().as_ref())
    );
    (signing, pair)
}

/// Discord's headers: `X-Signature-Ed25519` = hex Ed25519 over `{timestamp}{body}`,
/// signed here by ring.
fn discord_signed(pair: &ring::signature::Ed25519KeyPair, body: &str) -> Vec<(String, String)> {
    let ts = unix_now().to_string();
    let signature = pair.sign(format!("{ts}{body}").as_bytes());
    headers(&[
        ("Content-Type", "application/json"),
        ("X-Signature-Ed25519", &oracle::hex(signature.as_ref())),
        ("X-Signature-Timestamp", &ts),
    ])
}

#[test]
fn discord_ping_is_answered_pong_after_ed25519_verification() {
    use ring::signature::KeyPair;
    let sandbox = Sandbox::new();
    let (_, pair) = discord_keys(7);
    let public = oracle::hex(pair.public_key().as_ref());
    let mut listener =
        sandbox.listen(&["--json", "--provider", "discord", "--public-key", &public]);
    // Discord's PING, as an interactions endpoint receives it.
    let body = r#"{"id":"1234567890123456789","application_id":"987654321098765432","type":1,"token":"aW50ZXJhY3Rpb24","version":1}"#;
    let answer = post(
        listener.addr,
        "/interactions",
        &discord_signed(&pair, body),
        body.as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.body, br#"{"type":1}"#);
    let record = listener.next_json();
    assert_eq!(record["handshake"], "ping");
    assert_eq!(record["verdict"], "verified");
    assert_matches_delivery_schema(&record);

    // Discord also sends a PING with a bad signature and expects 401.
    let (_, other) = discord_keys(8);
    let answer = post(
        listener.addr,
        "/interactions",
        &discord_signed(&other, body),
        body.as_bytes(),
    );
    assert_eq!(answer.status, 401, "{}", answer.text());
    assert!(
        !answer.text().contains(r#"{"type":1}"#),
        "{}",
        answer.text()
    );
    assert_eq!(listener.next_json()["verdict"], "rejected");
}

// ---- whk send <handshake> against small apps --------------------------------

/// One request as a tiny app read it.
#[derive(Debug, Clone)]
struct AppRequest {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl AppRequest {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn query(&self, name: &str) -> Option<String> {
        let query = self.target.split_once('?')?.1;
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == name).then(|| v.replace("%20", " "))
        })
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

type AppAnswer = (u16, Vec<(&'static str, String)>, Vec<u8>);

/// A Zoom app's right answer to its URL validation: it computes the
/// encryptedToken itself (here: the hmac crate).
fn zoom_app_answer(request: &AppRequest) -> AppAnswer {
    let plain = request.json()["payload"]["plainToken"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let encrypted = oracle::hex(&oracle::hmac_sha256(
        ZOOM_SECRET.as_bytes(),
        plain.as_bytes(),
    ));
    let body = json!({"plainToken": plain, "encryptedToken": encrypted}).to_string();
    (
        200,
        vec![("content-type", "application/json".into())],
        body.into_bytes(),
    )
}

/// An app on 127.0.0.1:0 answering one request per connection with
/// `answer`, on std alone (independent of the code under test); it keeps
/// what it received.
struct App {
    addr: std::net::SocketAddr,
    received: std::sync::Arc<std::sync::Mutex<Vec<AppRequest>>>,
}

impl App {
    fn start(answer: fn(&AppRequest) -> AppAnswer) -> App {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let keep = std::sync::Arc::clone(&received);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or_default().to_string();
                let target = parts.next().unwrap_or_default().to_string();
                let mut headers = Vec::new();
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        break;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some((n, v)) = line.split_once(':') {
                        headers.push((n.trim().to_string(), v.trim().to_string()));
                    }
                }
                let length = headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(0);
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let request = AppRequest {
                    method,
                    target,
                    headers,
                    body,
                };
                let (status, headers, body) = answer(&request);
                keep.lock().unwrap().push(request);
                let mut head = format!(
                    "HTTP/1.1 {status} X\r\nconnection: close\r\ncontent-length: {}\r\n",
                    body.len()
                );
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                let mut stream = stream;
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        App { addr, received }
    }

    fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }

    fn requests(&self) -> Vec<AppRequest> {
        self.received.lock().unwrap().clone()
    }
}

fn text_plain(body: String) -> AppAnswer {
    (
        200,
        vec![("content-type", "text/plain".to_string())],
        body.into_bytes(),
    )
}

/// `whk send <kind>` at `app`; the output and whether it succeeded.
fn send(sandbox: &Sandbox, app: &App, args: &[&str]) -> (bool, i32, String) {
    let out = sandbox
        .whk()
        .arg("send")
        .args(args)
        .args(["--to", &app.url()])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), out.status.code().unwrap_or(-1), text)
}

#[test]
fn send_url_verification_checks_the_apps_answer() {
    let sandbox = Sandbox::new();
    let right = App::start(|request| {
        let challenge = request.json()["challenge"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        text_plain(challenge)
    });
    let args = [
        "url_verification",
        "--provider",
        "slack",
        "--secret",
        SLACK_SECRET,
    ];
    let (ok, _, out) = send(&sandbox, &right, &args);
    assert!(ok, "{out}");
    assert!(
        out.contains("✓ answered right slack url_verification → 200"),
        "{out}"
    );
    // What the app got is Slack's shape, signed as Slack signs.
    let got = &right.requests()[0];
    assert_eq!(got.method, "POST");
    let json = got.json();
    assert_eq!(json["type"], "url_verification");
    assert!(
        json["challenge"].as_str().is_some_and(|c| c.len() >= 16),
        "{json}"
    );
    let ts = got.header("x-slack-request-timestamp").unwrap();
    assert_eq!(
        got.header("x-slack-signature"),
        Some(oracle::slack(SLACK_SECRET, ts, &got.body).as_str())
    );

    let wrong = App::start(|_| {
        (
            200,
            vec![("content-type", "application/json".into())],
            br#"{"ok":true}"#.to_vec(),
        )
    });
    let (ok, code, out) = send(&sandbox, &wrong, &args);
    assert!(!ok);
    assert_eq!(
        code, 1,
        "a wrong answer is a failed check, not a usage error: {out}"
    );
    assert!(out.contains("✗ answered wrong"), "{out}");
    assert!(out.contains("does not carry the challenge"), "{out}");

    // JSON for scripts.
    let (ok, _, out) = send(&sandbox, &right, &[&args[..], &["--json"]].concat());
    assert!(ok, "{out}");
    let record: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(record["handshake"], "url_verification");
    assert_eq!(record["right"], true);
    assert_eq!(record["problem"], Value::Null);
}

#[test]
fn send_checks_zoom_meta_dropbox_twitch_and_discord_answers() {
    let sandbox = Sandbox::new();

    // Zoom: the app computes the encryptedToken itself (here: the hmac crate).
    let zoom = App::start(zoom_app_answer);
    let (ok, _, out) = send(
        &sandbox,
        &zoom,
        &[
            "endpoint.url_validation",
            "--provider",
            "zoom",
            "--secret",
            ZOOM_SECRET,
        ],
    );
    assert!(ok, "{out}");
    let got = &zoom.requests()[0];
    assert_eq!(got.json()["event"], "endpoint.url_validation");
    let ts = got.header("x-zm-request-timestamp").unwrap();
    let mac = oracle::hmac_sha256(
        ZOOM_SECRET.as_bytes(),
        &[format!("v0:{ts}:").as_bytes(), &got.body].concat(),
    );
    assert_eq!(
        got.header("x-zm-signature"),
        Some(format!("v0={}", oracle::hex(&mac)).as_str())
    );
    // An app keyed with another secret answers wrong.
    let (ok, _, out) = send(
        &sandbox,
        &zoom,
        &[
            "endpoint.url_validation",
            "--provider",
            "zoom",
            "--secret",
            "not-zooms",
        ],
    );
    assert!(!ok && out.contains("encryptedToken is not"), "{out}");

    // Meta: GET with the verify token; the app echoes hub.challenge.
    let meta = App::start(
        |request| match request.query("hub.verify_token").as_deref() {
            Some("meatyhamhock") => text_plain(request.query("hub.challenge").unwrap_or_default()),
            _ => (403, Vec::new(), Vec::new()),
        },
    );
    let (ok, _, out) = send(
        &sandbox,
        &meta,
        &[
            "subscribe",
            "--provider",
            "meta",
            "--verify-token",
            "meatyhamhock",
        ],
    );
    assert!(ok, "{out}");
    let got = &meta.requests()[0];
    assert_eq!(got.method, "GET");
    assert_eq!(got.query("hub.mode").as_deref(), Some("subscribe"));
    assert!(got.body.is_empty());
    let (ok, _, out) = send(
        &sandbox,
        &meta,
        &["subscribe", "--provider", "meta", "--verify-token", "other"],
    );
    assert!(!ok && out.contains("answered 403"), "{out}");
    let (ok, code, out) = send(&sandbox, &meta, &["subscribe", "--provider", "meta"]);
    assert!(
        !ok && code == 2 && out.contains("--verify-token"),
        "usage error: {out}"
    );

    // Dropbox: the echo needs text/plain and nosniff.
    let dropbox = App::start(|request| {
        let mut answer = text_plain(request.query("challenge").unwrap_or_default());
        answer.1.push(("x-content-type-options", "nosniff".into()));
        answer
    });
    let (ok, _, out) = send(&sandbox, &dropbox, &["challenge", "--provider", "dropbox"]);
    assert!(ok, "{out}");
    let sniffable =
        App::start(|request| text_plain(request.query("challenge").unwrap_or_default()));
    let (ok, _, out) = send(
        &sandbox,
        &sniffable,
        &["challenge", "--provider", "dropbox"],
    );
    assert!(!ok && out.contains("nosniff"), "{out}");

    // Twitch: the raw challenge as text/plain; a revocation wants a 2xx.
    let twitch = App::start(
        |request| match request.header("twitch-eventsub-message-type") {
            Some("webhook_callback_verification") => text_plain(
                request.json()["challenge"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            ),
            _ => (204, Vec::new(), Vec::new()),
        },
    );
    let twitch_args = ["--provider", "twitch", "--secret", TWITCH_SECRET];
    let (ok, _, out) = send(
        &sandbox,
        &twitch,
        &[&["webhook_callback_verification"][..], &twitch_args].concat(),
    );
    assert!(ok, "{out}");
    let (ok, _, out) = send(
        &sandbox,
        &twitch,
        &[&["revocation"][..], &twitch_args].concat(),
    );
    assert!(ok, "{out}");
    let got = twitch.requests();
    // Signed as Twitch signs: message id + timestamp + body.
    let id = got[0].header("twitch-eventsub-message-id").unwrap();
    let timestamp = got[0].header("twitch-eventsub-message-timestamp").unwrap();
    let signed = [format!("{id}{timestamp}").as_bytes(), &got[0].body].concat();
    let mac = oracle::hmac_sha256(TWITCH_SECRET.as_bytes(), &signed);
    assert_eq!(
        got[0].header("twitch-eventsub-message-signature"),
        Some(format!("sha256={}", oracle::hex(&mac)).as_str())
    );
    assert_eq!(
        got[0].header("twitch-eventsub-message-type"),
        Some("webhook_callback_verification")
    );
    assert_eq!(
        got[1].header("twitch-eventsub-message-type"),
        Some("revocation")
    );
    assert_eq!(
        got[1].json()["subscription"]["status"],
        "authorization_revoked"
    );
    assert!(got[1].header("twitch-eventsub-message-id").is_some());
    let json_echo = App::start(|request| {
        let body = json!({"challenge": request.json()["challenge"]}).to_string();
        (
            200,
            vec![("content-type", "application/json".into())],
            body.into_bytes(),
        )
    });
    let (ok, _, out) = send(
        &sandbox,
        &json_echo,
        &[&["webhook_callback_verification"][..], &twitch_args].concat(),
    );
    assert!(!ok && out.contains("raw challenge"), "{out}");

    // Discord: the app verifies the Ed25519 signature (ring), then PONGs as JSON.
    let discord = App::start(|request| {
        use ring::signature::KeyPair;
        let (_, pair) = discord_keys(7);
        let public = ring::signature::UnparsedPublicKey::new(
            &ring::signature::ED25519,
            pair.public_key().as_ref().to_vec(),
        );
        let ts = request.header("x-signature-timestamp").unwrap_or_default();
        let signature = hex::decode(request.header("x-signature-ed25519").unwrap_or_default())
            .unwrap_or_default();
        let signed = [ts.as_bytes(), &request.body].concat();
        if public.verify(&signed, &signature).is_err() {
            return (401, Vec::new(), Vec::new());
        }
        match request.json()["type"].as_u64() {
            Some(1) => (
                200,
                vec![("content-type", "application/json".into())],
                br#"{"type":1}"#.to_vec(),
            ),
            _ => (400, Vec::new(), Vec::new()),
        }
    });
    let (signing_key, _) = discord_keys(7);
    let discord_args = ["ping", "--provider", "discord", "--secret", &signing_key];
    let (ok, _, out) = send(&sandbox, &discord, &discord_args);
    assert!(ok, "signed as Discord signs, verified by ring: {out}");
    let (other_key, _) = discord_keys(8);
    let (ok, _, out) = send(
        &sandbox,
        &discord,
        &["ping", "--provider", "discord", "--secret", &other_key],
    );
    assert!(!ok && out.contains("answered 401"), "{out}");
    let (ok, _, out) = send(&sandbox, &json_echo, &discord_args);
    assert!(!ok && out.contains("PONG"), "{out}");
}

#[test]
fn send_names_who_makes_a_handshake_the_provider_does_not() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .whk()
        .args([
            "send",
            "url_verification",
            "--provider",
            "github",
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("GitHub makes no url_verification handshake; send it with --provider slack"),
        "{err}"
    );
}

// ---- whk audit's handshake case ---------------------------------------------

/// `whk audit URL --only handshake --format json <args>`: the exit code and the case's row.
fn audit_handshake(sandbox: &Sandbox, url: &str, args: &[&str]) -> (i32, Value) {
    let out = sandbox
        .whk()
        .args(["audit", url, "--only", "handshake", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let case = report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "handshake")
        .cloned()
        .unwrap_or_else(|| panic!("{report}"));
    (out.status.code().unwrap_or(-1), case)
}

#[test]
fn audit_handshake_passes_a_right_app_and_fails_a_wrong_one() {
    let sandbox = Sandbox::new();
    let slack = ["--provider", "slack", "--secret", SLACK_SECRET];
    // Verifies Slack's signature (the oracle), then echoes.
    let right = App::start(|request| {
        let ts = request
            .header("x-slack-request-timestamp")
            .unwrap_or_default();
        let expected = oracle::slack(SLACK_SECRET, ts, &request.body);
        if request.header("x-slack-signature") != Some(expected.as_str()) {
            return (401, Vec::new(), Vec::new());
        }
        let challenge = request.json()["challenge"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        text_plain(challenge)
    });
    let (code, case) = audit_handshake(&sandbox, &right.url(), &slack);
    assert_eq!((code, &case["verdict"]), (0, &json!("pass")), "{case}");
    assert_eq!(case["status"], 200);
    assert_eq!(
        case["sent"],
        "url_verification, as Slack sends them, and signed with another secret"
    );
    let handshakes = right
        .requests()
        .iter()
        .filter(|r| r.json()["type"] == "url_verification")
        .count();
    assert_eq!(handshakes, 2, "the genuine one and a forged one");

    // Echoing without verifying is only a risk for Slack: a warning.
    let trusting = App::start(|request| {
        text_plain(
            request.json()["challenge"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        )
    });
    let (code, case) = audit_handshake(&sandbox, &trusting.url(), &slack);
    assert_eq!((code, &case["verdict"]), (0, &json!("warn")), "{case}");
    assert!(
        case["detail"]
            .as_str()
            .unwrap()
            .contains("signed with another secret"),
        "{case}"
    );

    let wrong = App::start(|_| text_plain("ok".into()));
    let (code, case) = audit_handshake(&sandbox, &wrong.url(), &slack);
    assert_eq!(code, 1, "{case}");
    assert_eq!(case["verdict"], "fail");
    assert!(
        case["detail"]
            .as_str()
            .unwrap()
            .contains("does not carry the challenge"),
        "{case}"
    );

    // whk's own listener answers right.
    let listener = sandbox.listen(&slack);
    let (code, case) = audit_handshake(&sandbox, &listener.url("/"), &slack);
    assert_eq!((code, &case["verdict"]), (0, &json!("pass")), "{case}");

    // For Zoom it is a failure: the answer is a signing oracle.
    let zoom = ["--provider", "zoom", "--secret", ZOOM_SECRET];
    let trusting_zoom = App::start(zoom_app_answer);
    let (code, case) = audit_handshake(&sandbox, &trusting_zoom.url(), &zoom);
    assert_eq!(code, 1, "{case}");
    assert!(
        case["detail"]
            .as_str()
            .unwrap()
            .contains("forges Zoom's v0 signature"),
        "{case}"
    );
    let zoom_listener = sandbox.listen(&zoom);
    let (code, case) = audit_handshake(&sandbox, &zoom_listener.url("/"), &zoom);
    assert_eq!((code, &case["verdict"]), (0, &json!("pass")), "{case}");

    // Discord: whk's listener (keeping only the public key) refuses the
    // badly signed PING and answers the good one.
    use ring::signature::KeyPair;
    let (signing_key, pair) = discord_keys(9);
    let public = oracle::hex(pair.public_key().as_ref());
    let discord_listener = sandbox.listen(&["--provider", "discord", "--public-key", &public]);
    let (code, case) = audit_handshake(
        &sandbox,
        &discord_listener.url("/"),
        &["--provider", "discord", "--secret", &signing_key],
    );
    assert_eq!((code, &case["verdict"]), (0, &json!("pass")), "{case}");

    // A provider without handshakes skips the case, saying why.
    let (_, case) = audit_handshake(
        &sandbox,
        &right.url(),
        &["--provider", "github", "--secret", "s"],
    );
    assert_eq!(case["verdict"], "skip");
    assert!(
        case["detail"]
            .as_str()
            .unwrap()
            .contains("makes no handshake"),
        "{case}"
    );
}

#[test]
fn audit_handshake_fails_an_app_that_echoes_any_verify_token() {
    let sandbox = Sandbox::new();
    let checks = App::start(
        |request| match request.query("hub.verify_token").as_deref() {
            Some("meatyhamhock") => text_plain(request.query("hub.challenge").unwrap_or_default()),
            _ => (403, Vec::new(), Vec::new()),
        },
    );
    let meta = [
        "--provider",
        "meta",
        "--secret",
        META_SECRET,
        "--verify-token",
        "meatyhamhock",
    ];
    let (code, case) = audit_handshake(&sandbox, &checks.url(), &meta);
    assert_eq!((code, &case["verdict"]), (0, &json!("pass")), "{case}");
    assert_eq!(
        case["status"], 200,
        "the row shows the right token's answer"
    );
    assert_eq!(
        case["detail"],
        Value::Null,
        "the wrong token got 403: {case}"
    );

    let echoes_all =
        App::start(|request| text_plain(request.query("hub.challenge").unwrap_or_default()));
    let (code, case) = audit_handshake(&sandbox, &echoes_all.url(), &meta);
    assert_eq!(code, 1);
    assert!(
        case["detail"]
            .as_str()
            .unwrap()
            .contains("verify token that is not yours"),
        "{case}"
    );

    // Without --verify-token only the wrong token is tried, and the row says so.
    let (code, case) = audit_handshake(&sandbox, &checks.url(), &meta[..4]);
    assert_eq!((code, &case["verdict"]), (0, &json!("pass")), "{case}");
    assert!(
        case["detail"].as_str().unwrap().contains("--verify-token"),
        "{case}"
    );
}

#[test]
fn an_auto_listener_answers_each_providers_handshakes() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "whk.toml",
        format!(
            "verify_token = \"meatyhamhock\"\n[secrets]\nslack = \"{SLACK_SECRET}\"\nzoom = \"{ZOOM_SECRET}\"\nfacebook_graph_api = \"{META_SECRET}\"\n"
        ),
    );
    let mut listener = sandbox.listen(&["--json", "--provider", "auto"]);
    let answer = post(
        listener.addr,
        "/",
        &slack_signed(SLACK_SECRET, SLACK_URL_VERIFICATION),
        SLACK_URL_VERIFICATION.as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(
        answer.text(),
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    );
    let record = listener.next_json();
    assert_eq!(
        (&record["provider"], &record["handshake"]),
        (&json!("slack"), &json!("url_verification"))
    );

    // Zoom's is answered with Zoom's own secret.
    let body = r#"{"payload":{"plainToken":"abc"},"event_ts":1,"event":"endpoint.url_validation"}"#;
    let answer = post(
        listener.addr,
        "/",
        &zoom_signed(ZOOM_SECRET, body),
        body.as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    let json: Value = serde_json::from_slice(&answer.body).unwrap();
    let expected = oracle::hex(&oracle::hmac_sha256(ZOOM_SECRET.as_bytes(), b"abc"));
    assert_eq!(json["encryptedToken"], expected);
    assert_eq!(listener.next_json()["provider"], "zoom");

    let answer = get(
        listener.addr,
        "/?hub.mode=subscribe&hub.challenge=7&hub.verify_token=meatyhamhock",
    );
    assert_eq!((answer.status, answer.text()), (200, "7".to_string()));
    let record = listener.next_json();
    assert_eq!(
        (&record["provider"], &record["handshake"]),
        (&json!("facebook_graph_api"), &json!("subscribe"))
    );
}

#[test]
fn providers_show_the_handshakes_and_a_bad_name_in_a_file_is_pointed_at() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .whk()
        .args(["providers", "show", "twitch", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        shown["handshakes"],
        json!(["webhook_callback_verification", "revocation"])
    );
    let out = sandbox
        .whk()
        .args(["providers", "show", "dropbox"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("handshake:  challenge ("), "{text}");

    install_provider(
        &sandbox,
        "acme",
        &["url_verify"],
        "kind = \"unsigned\"",
        "id = { body = \"id\" }\nevent_type = { body = \"type\" }",
    );
    let out = sandbox
        .whk()
        .args(["providers", "show", "acme"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("acme.toml:9"), "file and line: {err}");
    assert!(err.contains("unknown handshake 'url_verify'"), "{err}");
    assert!(err.contains("url_verification"), "the known names: {err}");
}
