//! Issue 13, "trust": credentials never shown on any output path, the store
//! and config directory private to their owner, configured secrets never
//! printed, `replay --secret-file`.

use std::path::Path;
use std::time::Duration;

use crate::support::*;

const WAIT: Duration = Duration::from_secs(20);
/// Unibo's API key (its seed: `Authorization: Bearer <api key>`), long enough
/// that four characters of it are shown.
const API_KEY: &str = "sk_live_unibo_4f9a8b7c6d5e4f3a";

/// A Unibo delivery carrying the API key, plus a cookie and a custom header
/// that quotes the key (redacted because it contains the configured secret).
fn unibo_delivery(request_id: &str) -> (Vec<(String, String)>, Vec<u8>) {
    let body = format!(
        r#"{{"request_id":"{request_id}","event_type":"PRIZE_PAYOUT_CREATED","data":{{"amount":5}}}}"#
    )
    .into_bytes();
    let headers = headers(&[
        ("content-type", "application/json"),
        ("authorization", &format!("Bearer {API_KEY}")),
        ("cookie", "session=abcdef0123456789abcdef"),
        ("x-forwarded-key", &format!("key={API_KEY}")),
    ]);
    (headers, body)
}

fn assert_no_key(what: &str, text: &str) {
    assert!(
        !text.contains(API_KEY) && !text.contains(&API_KEY[4..]),
        "{what} shows the API key:\n{text}"
    );
}

fn secret_file(sandbox: &Sandbox) -> String {
    sandbox
        .write("unibo.key", format!("{API_KEY}\n"))
        .display()
        .to_string()
}

#[test]
fn a_unibo_api_key_is_redacted_on_every_output_path_and_kept_in_the_store() {
    let sandbox = Sandbox::new();
    let key_file = secret_file(&sandbox);
    let store = sandbox.path().join("events.db").display().to_string();
    let common = [
        "--provider",
        "unibo",
        "--secret-file",
        &key_file,
        "--store",
        &store,
    ];

    // NDJSON, the inspector (history, detail, copy as curl).
    let mut json = sandbox.listen(&[&common[..], &["--json", "--ui"]].concat());
    let (h, body) = unibo_delivery("req_1");
    let answer = post(json.addr, "/webhooks/prizes", &h, &body);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_no_key("the answer", &answer.text());
    let record = json.next_json();
    assert_no_key("listen --json", &record.to_string());
    assert_eq!(record["verified"], true, "{record}");
    assert_eq!(
        record["headers"]["authorization"],
        format!("Bearer {}…(redacted)", &API_KEY[..4])
    );
    assert_eq!(record["headers"]["cookie"], "sess…(redacted)");
    assert_eq!(record["headers"]["content-type"], "application/json");
    let redacted: Vec<&str> = record["redacted"]
        .as_array()
        .expect("redacted names")
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(redacted, ["authorization", "cookie", "x-forwarded-key"]);
    assert_matches_delivery_schema(&record);
    for path in [
        "/_whk/api/deliveries",
        "/_whk/api/deliveries/1",
        "/_whk/api/deliveries/1/curl",
    ] {
        let page = http_request(json.addr, "GET", path, &[], b"").expect(path);
        assert_eq!(page.status, 200, "{path}: {}", page.text());
        assert_no_key(path, &page.text());
        assert!(
            page.text().contains("…(redacted)"),
            "{path}: {}",
            page.text()
        );
    }
    json.terminate();
    json.wait_exit(WAIT).expect("listener stops");
    assert_no_key("listen --json stderr", &json.stderr());

    // The human lines with headers.
    let mut human = sandbox.whk_std();
    human
        .args(["listen", "--port", "0", "--headers", "--max-events", "1"])
        .args(common);
    let mut human = Listener::spawn(human);
    let (h, body) = unibo_delivery("req_2");
    assert_eq!(post(human.addr, "/", &h, &body).status, 200);
    human.wait_exit(WAIT).expect("listener stops after one");
    let out = human.rest_text();
    assert!(
        out.contains("authorization: Bearer sk_l…(redacted)"),
        "{out}"
    );
    assert_no_key("listen --headers", &out);
    assert_no_key("listen stderr", &human.stderr());

    // events show / list / export, as text and JSON.
    for args in [
        &["events", "show", "1"][..],
        &["events", "show", "2", "--json"],
        &["events", "list", "--json"],
        &["events", "list"],
        &["events", "export"],
    ] {
        let out = sandbox
            .whk()
            .args(args)
            .args(["--store", &store])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_no_key(&format!("{args:?}"), &stdout);
        assert_no_key(
            &format!("{args:?} stderr"),
            &String::from_utf8_lossy(&out.stderr),
        );
    }

    // Asked for, the key is shown, with a warning.
    let revealed = sandbox
        .whk()
        .args(["events", "export", "--reveal-secrets", "--store", &store])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&revealed.stdout).contains(&format!("Bearer {API_KEY}")));
    assert!(String::from_utf8_lossy(&revealed.stderr).contains("--reveal-secrets"));

    // The store kept the original bytes: a verbatim replay sends them.
    let receiver = Receiver::start();
    sandbox
        .whk()
        .args([
            "replay",
            "1",
            "--verbatim",
            "--to",
            &receiver.url("/"),
            "--store",
            &store,
        ])
        .assert()
        .success();
    let sent = receiver.wait_for(1, WAIT);
    assert_eq!(
        sent[0].header("authorization"),
        Some(&*format!("Bearer {API_KEY}"))
    );
}

#[test]
fn a_configured_secret_is_never_printed_at_start_only_a_generated_one_is() {
    let sandbox = Sandbox::new();
    let key_file = secret_file(&sandbox);
    let listener = sandbox.listen(&["--provider", "unibo", "--secret-file", &key_file]);
    listener
        .wait_stderr("recording in", WAIT)
        .unwrap_or_else(|| panic!("no start-up lines: {}", listener.stderr()));
    assert_no_key("listen start-up", &listener.stderr());
    assert!(
        listener.stderr().contains("--print-secret"),
        "{}",
        listener.stderr()
    );
    drop(listener);

    // whk.toml is a file too.
    sandbox.write("whk.toml", format!("[secrets]\nunibo = \"{API_KEY}\"\n"));
    let listener = sandbox.listen(&["--provider", "unibo"]);
    listener.wait_stderr("recording in", WAIT).expect("started");
    assert_no_key("listen start-up (whk.toml)", &listener.stderr());
    drop(listener);

    let printed = sandbox
        .whk()
        .args(["listen", "--provider", "unibo", "--print-secret"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&printed.stdout).trim(), API_KEY);
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
#[test]
fn the_store_and_the_config_dir_are_private_to_their_owner() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&["--json"]);
    let line = listener.wait_stderr("Your signing secret: ", WAIT).unwrap();
    let secret = line
        .split("Your signing secret: ")
        .nth(1)
        .unwrap()
        .trim()
        .to_string();
    let (h, body) = standard_delivery(&secret, "msg_private", "test-event");
    assert_eq!(post(listener.addr, "/", &h, &body).status, 200);
    listener.next_json();
    let home = sandbox.home();
    let db = home.join("events.db");
    // While the listener runs, the WAL and shared-memory files exist.
    for file in [
        db.clone(),
        home.join("events.db-wal"),
        home.join("events.db-shm"),
    ] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    assert_eq!(mode(&home), 0o700, "{}", home.display());
    assert_eq!(mode(&home.join("whk.toml")), 0o600);

    // A store elsewhere gets a private directory too.
    let elsewhere = sandbox.path().join("nested/dir/events.db");
    let other = sandbox.listen(&["--store", elsewhere.to_str().unwrap()]);
    other.wait_stderr("recording in", WAIT).expect("started");
    assert_eq!(mode(&elsewhere), 0o600);
    assert_eq!(mode(elsewhere.parent().unwrap()), 0o700);
}

#[test]
fn replay_reads_its_secret_from_a_file() {
    let sandbox = Sandbox::new();
    let store = sandbox.path().join("events.db").display().to_string();
    let mut listener = sandbox.listen(&[
        "--provider",
        "unibo",
        "--skip-verify",
        "--json",
        "--store",
        &store,
    ]);
    let (h, body) = unibo_delivery("req_replay");
    assert_eq!(post(listener.addr, "/", &h, &body).status, 200);
    listener.next_json();
    drop(listener);

    let other_key = "sk_test_from_a_file_0123456789";
    let file = sandbox.write("replay.key", format!("  {other_key}\n"));
    let receiver = Receiver::start();
    sandbox
        .whk()
        .args(["replay", "1", "--to", &receiver.url("/"), "--store", &store])
        .arg("--secret-file")
        .arg(&file)
        .assert()
        .success();
    let sent = receiver.wait_for(1, WAIT);
    assert_eq!(
        sent[0].header("authorization"),
        Some(&*format!("Bearer {other_key}"))
    );

    let empty = sandbox.write("empty.key", "\n");
    let out = sandbox
        .whk()
        .args(["replay", "1", "--to", &receiver.url("/"), "--store", &store])
        .arg("--secret-file")
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is empty"));
}

#[test]
fn secret_flags_do_not_leak_through_debug() {
    use clap::Parser;
    let cli = whk::cli::Cli::try_parse_from([
        "whk",
        "replay",
        "1",
        "--secret",
        "sk_debug_never_shown_123",
    ])
    .unwrap();
    let shown = format!("{cli:?}");
    assert!(!shown.contains("sk_debug_never_shown_123"), "{shown}");
    let cli =
        whk::cli::Cli::try_parse_from(["whk", "listen", "--secret", "sk_debug_never_shown_123"])
            .unwrap();
    assert!(!format!("{cli:?}").contains("never_shown"));
}

#[test]
fn tables_piped_are_whole_and_sources_are_named_as_users_know_them() {
    let sandbox = Sandbox::new();
    let store = sandbox.path().join("events.db").display().to_string();
    let mut listener = sandbox.listen(&[
        "--provider",
        "unibo",
        "--skip-verify",
        "--json",
        "--store",
        &store,
    ]);
    let long_id = "req_0123456789abcdefghijklmnopqrstuvwxyz_0123456789";
    let (h, body) = unibo_delivery(long_id);
    assert_eq!(post(listener.addr, "/", &h, &body).status, 200);
    listener.next_json();
    drop(listener);

    // COLUMNS says 40, but stdout is a pipe: nothing is wrapped or cut.
    let out = sandbox
        .whk()
        .env("COLUMNS", "40")
        .args(["events", "list", "--store", &store])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    let row = table
        .lines()
        .find(|line| line.contains(long_id))
        .unwrap_or_else(|| panic!("the id is split or cut:\n{table}"));
    assert!(row.contains("PRIZE_PAYOUT_CREATED"), "{row}");
    assert!(!table.contains('…'), "{table}");

    let providers = sandbox
        .whk()
        .env("COLUMNS", "40")
        .arg("providers")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&providers.stdout);
    assert!(
        text.lines()
            .any(|l| l.contains("irisync") && l.contains("X-IriSync-Signature")),
        "{text}"
    );

    let izi = sandbox
        .whk()
        .args(["providers", "show", "izi"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&izi.stdout);
    assert!(
        text.contains("IZI Webhooks: Subscribing to Events"),
        "{text}"
    );
    assert!(!text.contains("seed 0"), "{text}");
}

#[test]
fn standard_and_stripe_read_every_line_of_a_repeated_signature_header() {
    let sandbox = Sandbox::new();
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let mut standard = sandbox.listen(&["--json", "--secret", secret]);
    let (mut h, body) = standard_delivery(secret, "msg_lines", "test-event");
    let good = h.pop().unwrap();
    h.push((
        "webhook-signature".into(),
        "v1,d3Jvbmcgc2lnbmF0dXJlIGhlcmU=".into(),
    ));
    h.push(good);
    let answer = post(standard.addr, "/", &h, &body);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(standard.next_json()["verified"], true);

    let stripe_secret = "whsec_stripe_lines_0123456789";
    let mut stripe = sandbox.listen(&["--json", "--provider", "stripe", "--secret", stripe_secret]);
    let ts = unix_now().to_string();
    let body = br#"{"id":"evt_lines","type":"invoice.paid","object":"event"}"#;
    let h = vec![
        ("content-type".to_string(), "application/json".to_string()),
        (
            "stripe-signature".to_string(),
            format!("t={ts},v1={}", "ab".repeat(32)),
        ),
        (
            "stripe-signature".to_string(),
            oracle::stripe(stripe_secret, &ts, body),
        ),
    ];
    let answer = post(stripe.addr, "/", &h, body);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(stripe.next_json()["verified"], true);
}

#[test]
fn a_request_target_without_a_leading_slash_is_recorded_as_sent() {
    let sandbox = Sandbox::new();
    let mut listener = sandbox.listen(&["--json", "--skip-verify"]);
    let body = r#"{"type":"test-event"}"#;
    let request = format!(
        "POST izi-hooks HTTP/1.1\r\nhost: {}\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        listener.addr,
        body.len()
    );
    // hyper reads a target without a slash as an authority; whk once recorded it as "/".
    let answers = exchange_raw(listener.addr, request.into_bytes(), Ending::Open, WAIT).unwrap();
    let record = listener.next_json();
    assert_eq!(answers[0].status, 200, "{answers:?}");
    assert_eq!(record["path"], "izi-hooks", "{record}");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn forwarding_to_itself_is_refused_and_a_loop_is_stopped() {
    let sandbox = Sandbox::new();
    let port = free_port().to_string();
    let out = sandbox
        .whk()
        .args(["listen", "--skip-verify", "--port", &port, "--forward-to"])
        .arg(format!("http://localhost:{port}/hooks"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is this listener itself"), "{stderr}");

    // A forwards to B, B forwards back to A: the second arrival at A is a loop.
    let b_port = free_port().to_string();
    let mut a = sandbox.listen(&[
        "--skip-verify",
        "--json",
        "--store",
        "a.db",
        "--forward-to",
        &format!("http://127.0.0.1:{b_port}/"),
    ]);
    let mut b_cmd = sandbox.whk_std();
    b_cmd.args([
        "listen",
        "--skip-verify",
        "--json",
        "--store",
        "b.db",
        "--port",
        &b_port,
    ]);
    b_cmd.arg("--forward-to").arg(a.url("/"));
    let mut b = Listener::spawn(b_cmd);
    let body = br#"{"type":"test-event"}"#;
    let answer = post(
        a.addr,
        "/",
        &headers(&[("content-type", "application/json")]),
        body,
    );
    assert_eq!(answer.status, 508, "{}", answer.text());
    let looped = a.next_json();
    assert_eq!(looped["status"], 508, "{looped}");
    assert!(looped["headers"]["x-whk-hop"].is_string(), "{looped}");
    assert_eq!(b.next_json()["status"], 508);
    assert_eq!(a.next_json()["status"], 508);
}

#[test]
fn replay_all_streams_every_matching_delivery_past_one_page() {
    let sandbox = Sandbox::new();
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let store = sandbox.path().join("events.db").display().to_string();
    let mut listener = sandbox.listen(&["--secret", secret, "--store", &store, "--json"]);
    listener.drain_stdout();
    // More than one page of the store walk (256 rows), two event types.
    let sent = sandbox
        .whk()
        .args(["send", "user.created", "--secret", secret, "--count", "600"])
        .args(["--concurrency", "16", "--json", "--to", &listener.url("/")])
        .output()
        .unwrap();
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
    let (h, body) = standard_delivery(secret, "msg_other", "invoice.paid");
    assert_eq!(post(listener.addr, "/", &h, &body).status, 200);
    listener.terminate();
    listener.wait_exit(WAIT).expect("listener stops");

    let receiver = Receiver::start();
    sandbox
        .whk()
        .args([
            "replay",
            "--all",
            "--type",
            "user.created",
            "--secret",
            secret,
        ])
        .args([
            "--concurrency",
            "8",
            "--to",
            &receiver.url("/r"),
            "--store",
            &store,
        ])
        .assert()
        .success();
    let got = receiver.wait_for(600, WAIT);
    assert_eq!(got.len(), 600);
    let ids: std::collections::BTreeSet<&str> =
        got.iter().filter_map(|r| r.header("webhook-id")).collect();
    assert_eq!(ids.len(), 600, "each recorded delivery once");
    // Re-signed with a fresh timestamp, checked with the oracle.
    let first = &got[0];
    let ts = first.header("webhook-timestamp").unwrap();
    let expected = oracle::standard(secret, first.header("webhook-id").unwrap(), ts, &first.body);
    assert_eq!(first.header("webhook-signature"), Some(&*expected));
}

#[test]
fn a_custom_delivery_is_replayed_with_the_scheme_it_arrived_with() {
    let sandbox = Sandbox::new();
    let secret = "custom-secret-0123456789";
    let store = sandbox.path().join("events.db").display().to_string();
    let scheme = [
        "--provider",
        "custom",
        "--signature-header",
        "X-Acme-Sig",
        "--encoding",
        "base64",
        "--signature-prefix",
        "v9=",
        "--template",
        "{timestamp}:{body}",
        "--timestamp-header",
        "X-Acme-Time",
    ];
    let mut listener = sandbox.listen(
        &[
            &scheme[..],
            &["--secret", secret, "--json", "--store", &store],
        ]
        .concat(),
    );
    let body = br#"{"id":"acme_1","type":"thing.happened"}"#;
    let ts = unix_now().to_string();
    let sign = |ts: &str, body: &[u8]| {
        let content = [format!("{ts}:").as_bytes(), body].concat();
        format!(
            "v9={}",
            oracle::b64(&oracle::hmac_sha256(secret.as_bytes(), &content))
        )
    };
    let h = headers(&[
        ("content-type", "application/json"),
        ("x-acme-time", &ts),
        ("x-acme-sig", &sign(&ts, body)),
    ]);
    let answer = post(listener.addr, "/", &h, body);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(listener.next_json()["verified"], true);
    drop(listener);

    // No scheme flags here: the stored scheme is used, not the default custom one.
    let receiver = Receiver::start();
    sandbox
        .whk()
        .args(["replay", "1", "--secret", secret, "--store", &store])
        .args(["--to", &receiver.url("/")])
        .assert()
        .success();
    let sent = &receiver.wait_for(1, WAIT)[0];
    let fresh = sent
        .header("x-acme-time")
        .expect("the stored timestamp header");
    assert_eq!(sent.header("x-acme-sig"), Some(&*sign(fresh, &sent.body)));
    let lines = sent
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("x-acme-sig"))
        .count();
    assert_eq!(
        lines, 1,
        "the recorded signature is dropped: {:?}",
        sent.headers
    );
    // The default custom scheme would have signed into its own header instead.
    assert_eq!(
        sent.header("x-webhook-signature"),
        None,
        "{:?}",
        sent.headers
    );
    assert_eq!(sent.body, body);
}

#[test]
fn a_rejected_unibo_delivery_never_shows_either_token_in_its_errors() {
    let sandbox = Sandbox::new();
    sandbox.write("whk.toml", format!("[secrets]\nunibo = \"{API_KEY}\"\n"));
    let store = sandbox.path().join("events.db").display().to_string();
    let mut listener =
        sandbox.listen(&["--provider", "unibo", "--json", "--ui", "--store", &store]);
    let wrong = "sk_live_wrong_token_9876543210zz";
    let body = br#"{"request_id":"req_bad","event_type":"PRIZE_PAYOUT_CREATED"}"#;
    let no_word = headers(&[("authorization", API_KEY)]);
    let bad = headers(&[("authorization", &format!("Bearer {wrong}"))]);
    let mut shown = String::new();
    for h in [&bad, &no_word] {
        let answer = post(listener.addr, "/", h, body);
        assert_eq!(answer.status, 401, "{}", answer.text());
        shown += &answer.text();
        shown += &listener.next_json().to_string();
    }
    for path in ["/_whk/api/deliveries/1", "/_whk/api/deliveries/2"] {
        shown += &get(listener.addr, path).text();
    }
    listener.terminate();
    listener.wait_exit(WAIT).expect("listener stops");
    shown += &listener.stderr();
    for seq in ["1", "2"] {
        let out = sandbox
            .whk()
            .args(["events", "show", seq, "--explain", "--store", &store])
            .output()
            .unwrap();
        shown += &String::from_utf8_lossy(&out.stdout);
        shown += &String::from_utf8_lossy(&out.stderr);
    }
    assert!(shown.contains("…(redacted)"), "{shown}");
    assert_no_key("rejections", &shown);
    assert!(
        !shown.contains(&wrong[8..]),
        "the sent token is shown:\n{shown}"
    );
}
