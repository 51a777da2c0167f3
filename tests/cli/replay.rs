//! Tests of `whk replay`: a store seeded as `whk listen` records deliveries,
//! replayed to a test receiver; fresh signatures are checked with the
//! independent oracles of the send tests.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::Value;
use whk::http::Headers;
use whk::signing::{Verdict, Verification};
use whk::store::{NewDelivery, Store};

use super::send::{check_signature, HMAC_SECRET, STD_SECRET};
use crate::support::{oracle, Receiver, Reply, Sandbox};

/// A delivery as `whk listen` would have recorded it, signed long ago.
fn recorded(
    provider: &str,
    event_type: &str,
    id: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> NewDelivery {
    NewDelivery {
        received_at: SystemTime::now(),
        method: "POST".into(),
        path: "/hooks".into(),
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect::<Headers>(),
        body: body.as_bytes().to_vec(),
        provider: provider.into(),
        verification: Verification::new(Verdict::Verified),
        event_id: Some(id.into()),
        event_type: Some(event_type.into()),
        status: 200,
        forward: None,
        schema: None,
        declared_size: None,
        custom_scheme: None,
        handshake: None,
    }
}

const OLD_TS: &str = "1614265330";

fn standard_delivery() -> NewDelivery {
    let body = r#"{"type":"user.created","data":{"id":"u1"}}"#;
    let signature = oracle::standard(STD_SECRET, "msg_replay1", OLD_TS, body.as_bytes());
    recorded(
        "standard",
        "user.created",
        "msg_replay1",
        &[
            ("Host", "127.0.0.1:3000"),
            ("Content-Type", "application/json"),
            ("Content-Length", &body.len().to_string()),
            ("webhook-id", "msg_replay1"),
            ("webhook-timestamp", OLD_TS),
            ("webhook-signature", &signature),
            ("X-Tenant", "acme"),
        ],
        body,
    )
}

fn izi_delivery(event_type: &str, id: &str) -> NewDelivery {
    let body = format!(r#"{{"id":"{id}","type":"{event_type}","data":{{"cost":150}}}}"#);
    recorded(
        "izi",
        event_type,
        id,
        &[
            ("Content-Type", "application/json"),
            ("X-IZI-Signature", "0000"),
        ],
        &body,
    )
}

/// A sandbox whose whk.toml holds the secrets the deliveries were received with.
fn sandbox_with_store(deliveries: &[NewDelivery]) -> (Sandbox, PathBuf) {
    let sandbox = Sandbox::new();
    sandbox.write(
        "whk.toml",
        format!("[secrets]\nstandard = \"{STD_SECRET}\"\nizi = \"{HMAC_SECRET}\"\ngithub = \"{HMAC_SECRET}\"\n"),
    );
    let path = sandbox.path().join("events.db");
    let mut store = Store::open(&path).unwrap();
    if !deliveries.is_empty() {
        store.insert_batch(deliveries).unwrap();
    }
    (sandbox, path)
}

fn replay(
    sandbox: &Sandbox,
    store: &Path,
    receiver: &Receiver,
    args: &[&str],
) -> assert_cmd::assert::Assert {
    sandbox
        .whk()
        .arg("replay")
        .args(args)
        .args([
            "--store",
            store.to_str().unwrap(),
            "--to",
            &receiver.url("/replayed"),
        ])
        .assert()
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn replay_keeps_the_id_and_resigns_with_a_fresh_timestamp() {
    let (sandbox, store) = sandbox_with_store(&[standard_delivery()]);
    let receiver = Receiver::start();
    let before = now();
    let out = replay(&sandbox, &store, &receiver, &["1", "--json"]).code(0);
    let lines: Vec<Value> = String::from_utf8_lossy(&out.get_output().stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["seq"], 1);
    assert_eq!(lines[0]["event_id"], "msg_replay1");
    let got = receiver.wait_for(1, Duration::from_secs(5));
    let request = &got[0];
    assert_eq!(request.path, "/replayed");
    assert_eq!(request.body, standard_delivery().body, "body byte for byte");
    assert_eq!(
        request.header("webhook-id"),
        Some("msg_replay1"),
        "same event id"
    );
    let ts = check_signature("standard", STD_SECRET, request)
        .unwrap()
        .unwrap();
    assert!(ts >= before && ts <= now() + 1, "fresh timestamp, got {ts}");
    assert_eq!(
        request.header("X-Tenant"),
        Some("acme"),
        "recorded headers kept"
    );
    let hosts = request
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("host"))
        .count();
    assert_eq!(hosts, 1, "the recorded Host is not replayed");
    assert_eq!(request.header("host").unwrap(), receiver.addr.to_string());
    let signatures = request
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("webhook-signature"))
        .count();
    assert_eq!(signatures, 1, "the stale signature is replaced");
}

#[test]
fn verbatim_sends_the_recorded_headers_unchanged() {
    let (sandbox, store) = sandbox_with_store(&[standard_delivery()]);
    let receiver = Receiver::start();
    replay(&sandbox, &store, &receiver, &["--last", "--verbatim"]).code(0);
    let request = &receiver.wait_for(1, Duration::from_secs(5))[0];
    let original = standard_delivery();
    for name in [
        "webhook-id",
        "webhook-timestamp",
        "webhook-signature",
        "X-Tenant",
        "Content-Type",
    ] {
        assert_eq!(request.header(name), original.headers.get(name), "{name}");
    }
    assert_eq!(request.header("webhook-timestamp"), Some(OLD_TS));
    assert_eq!(request.body, original.body);
    // Still the original, valid-but-stale signature.
    assert_eq!(
        check_signature("standard", STD_SECRET, request).unwrap(),
        Some(1614265330)
    );
    assert_eq!(request.header("host").unwrap(), receiver.addr.to_string());
}

#[test]
fn filters_pick_the_deliveries() {
    let mut old = izi_delivery("SESSION_ENDED", "evt_old");
    old.received_at = SystemTime::now() - Duration::from_secs(2 * 3600);
    let github_body = r#"{"ref":"refs/heads/main"}"#;
    let github = recorded(
        "github",
        "push",
        "d-1",
        &[
            ("X-GitHub-Event", "push"),
            ("X-GitHub-Delivery", "d-1"),
            ("X-Hub-Signature-256", "sha256=00"),
        ],
        github_body,
    );
    let (sandbox, store) = sandbox_with_store(&[
        old,
        izi_delivery("SESSION_ENDED", "evt_a"),
        izi_delivery("SHIFT_OPENED", "evt_b"),
        github,
    ]);
    let ids = |receiver: &Receiver, n: usize| -> Vec<String> {
        let mut ids: Vec<String> = receiver
            .wait_for(n, Duration::from_secs(5))
            .iter()
            .map(|r| {
                serde_json::from_slice::<Value>(&r.body).unwrap()["id"]
                    .as_str()
                    .unwrap_or("github")
                    .to_string()
            })
            .collect();
        ids.sort();
        ids
    };

    let receiver = Receiver::start();
    replay(
        &sandbox,
        &store,
        &receiver,
        &["--all", "--type", "session_ended"],
    )
    .code(0);
    assert_eq!(ids(&receiver, 2), ["evt_a", "evt_old"]);

    let receiver = Receiver::start();
    replay(
        &sandbox,
        &store,
        &receiver,
        &["--all", "--type", "SESSION_ENDED", "--since", "1h"],
    )
    .code(0);
    assert_eq!(ids(&receiver, 1), ["evt_a"]);

    let receiver = Receiver::start();
    replay(
        &sandbox,
        &store,
        &receiver,
        &["--all", "--provider", "izi", "--concurrency", "2"],
    )
    .code(0);
    let got = receiver.wait_for(3, Duration::from_secs(5));
    assert_eq!(got.len(), 3);
    for request in &got {
        check_signature("izi", HMAC_SECRET, request).unwrap();
    }

    let receiver = Receiver::start();
    replay(&sandbox, &store, &receiver, &["--last"]).code(0);
    let got = receiver.wait_for(1, Duration::from_secs(5));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].body, github_body.as_bytes());
    assert_eq!(got[0].header("X-GitHub-Delivery"), Some("d-1"));
    assert_eq!(got[0].header("X-GitHub-Event"), Some("push"));
    check_signature("github", HMAC_SECRET, &got[0]).unwrap();

    // Let the last request land, then check nothing else came.
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(receiver.received().len(), 1);
}

#[test]
fn provider_and_secret_override_with_seqs() {
    let (sandbox, store) = sandbox_with_store(&[izi_delivery("SESSION_ENDED", "evt_x")]);
    let receiver = Receiver::start();
    replay(
        &sandbox,
        &store,
        &receiver,
        &["1", "--provider", "irisync", "--secret", "other-secret"],
    )
    .code(0);
    let request = &receiver.wait_for(1, Duration::from_secs(5))[0];
    let ts = check_signature("irisync", "other-secret", request)
        .unwrap()
        .unwrap();
    assert!(ts >= now() - 5);
    assert_eq!(
        request.header("X-IZI-Signature"),
        None,
        "the recorded provider's signature is dropped"
    );
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["id"], "evt_x");
}

#[test]
fn replay_retries_and_reports_failure() {
    let (sandbox, store) = sandbox_with_store(&[izi_delivery("SESSION_ENDED", "evt_r")]);
    let receiver = Receiver::with_plan(vec![Reply::Status(500)]);
    replay(
        &sandbox,
        &store,
        &receiver,
        &["1", "--retry", "--schedule", "10ms"],
    )
    .code(0);
    let got = receiver.wait_for(2, Duration::from_secs(5));
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].body, got[1].body);

    let receiver = Receiver::with_plan(vec![Reply::Status(500), Reply::Status(500)]);
    replay(
        &sandbox,
        &store,
        &receiver,
        &["1", "--retry", "--schedule", "10ms"],
    )
    .code(1)
    .stderr(predicates::str::contains("500"));
}

#[test]
fn unknown_seq_and_empty_store_exit_2() {
    let (sandbox, store) = sandbox_with_store(&[izi_delivery("SESSION_ENDED", "evt_1")]);
    let receiver = Receiver::start();
    replay(&sandbox, &store, &receiver, &["1", "42"])
        .code(2)
        .stderr(predicates::str::contains("#42"));
    assert!(
        receiver.received().is_empty(),
        "nothing is sent when a seq is unknown"
    );
    replay(&sandbox, &store, &receiver, &["--all", "--type", "NOPE"])
        .code(2)
        .stderr(predicates::str::contains("matches"));

    let (sandbox, store) = sandbox_with_store(&[]);
    replay(&sandbox, &store, &receiver, &["--last"])
        .code(2)
        .stderr(predicates::str::contains("empty"));
    let missing = sandbox.path().join("nowhere.db");
    replay(&sandbox, &missing, &receiver, &["1"])
        .code(2)
        .stderr(predicates::str::contains("no event store"));
    assert!(
        !missing.exists(),
        "a missing store is not created by replay"
    );
}

#[test]
fn missing_secret_is_a_usage_error_unless_verbatim() {
    let sandbox = Sandbox::new();
    let store = sandbox.path().join("events.db");
    Store::open(&store)
        .unwrap()
        .insert_batch(&[izi_delivery("SESSION_ENDED", "evt_s")])
        .unwrap();
    let receiver = Receiver::start();
    replay(&sandbox, &store, &receiver, &["1"])
        .code(2)
        .stderr(predicates::str::contains("--verbatim"));
    replay(&sandbox, &store, &receiver, &["1", "--verbatim"]).code(0);
    assert_eq!(receiver.wait_for(1, Duration::from_secs(5)).len(), 1);
}

/// `whk listen` records a stale delivery (rejected), then receives its
/// replays: re-signed it verifies and is marked a duplicate of nothing (the
/// original was rejected); replayed again it is a duplicate of the first
/// replay; `--verbatim` carries the stale signature and is rejected again.
#[test]
fn replays_into_whk_listen_resigned_and_verbatim() {
    let s = Sandbox::new();
    let store = s.path().join("listen.db");
    let store_arg = store.to_str().unwrap();
    let mut listener = s.listen(&["--json", "--secret", STD_SECRET, "--store", store_arg]);

    // Signed 1000 s ago with the right secret: outside the 300 s tolerance.
    let body = br#"{"type":"invoice.paid","timestamp":"2024-05-01T12:00:00Z","data":{"n":1}}"#;
    let stale = (now() - 1000).to_string();
    let headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("webhook-id".to_string(), "msg_replay_1".to_string()),
        ("webhook-timestamp".to_string(), stale.clone()),
        (
            "webhook-signature".to_string(),
            oracle::standard(STD_SECRET, "msg_replay_1", &stale, body),
        ),
    ];
    let first = crate::support::post(listener.addr, "/hooks", &headers, body);
    assert_eq!(first.status, 401, "{}", first.text());
    let original = listener.next_json();
    assert_eq!(original["verified"], false);
    assert_eq!(original["seq"], 1);

    let target = listener.url("/hooks");
    let replay_to_listener = |extra: &[&str]| {
        s.whk()
            .args(["replay", "1", "--secret", STD_SECRET, "--store", store_arg])
            .args(["--to", &target])
            .args(extra)
            .assert()
    };
    replay_to_listener(&[]).code(0);
    let resigned = listener.next_json();
    assert_eq!(resigned["verified"], true, "{resigned}");
    assert_eq!(resigned["event_id"], "msg_replay_1");
    assert_eq!(resigned["duplicate"], false);
    let fresh: i64 = resigned["headers"]["webhook-timestamp"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(fresh > now() - 60, "replay was not re-signed: {resigned}");
    assert_eq!(
        resigned["body"],
        serde_json::from_slice::<Value>(body).unwrap()
    );

    replay_to_listener(&[]).code(0);
    let again = listener.next_json();
    assert_eq!(again["verified"], true);
    assert_eq!(again["duplicate_of"], resigned["seq"]);

    replay_to_listener(&["--verbatim"]).code(1);
    let verbatim = listener.next_json();
    assert_eq!(verbatim["verified"], false);
    assert_eq!(verbatim["headers"]["webhook-timestamp"], stale.as_str());
    assert!(
        verbatim["reason"].as_str().unwrap().contains("old"),
        "{verbatim}"
    );
}

#[test]
fn dry_run_prints_each_request_as_it_would_go_and_sends_nothing() {
    let (sandbox, store) = sandbox_with_store(&[izi_delivery("SESSION_ENDED", "evt_dry")]);
    let receiver = Receiver::start();
    let out = replay(&sandbox, &store, &receiver, &["1", "--dry-run"]).code(0);
    let request = crate::wire::parse_request(&out.get_output().stdout);
    assert_eq!(request.path, "/replayed");
    assert_eq!(request.body, izi_delivery("SESSION_ENDED", "evt_dry").body);
    check_signature("izi", HMAC_SECRET, &request).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert!(receiver.received().is_empty(), "a dry run sends nothing");
}
