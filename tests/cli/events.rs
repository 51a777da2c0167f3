//! Tests of `whk events`: list, show, export and save read what a real
//! `whk listen` recorded.

use std::time::Duration;

use serde_json::Value;

use crate::support::{
    assert_matches_delivery_schema, json_lines, post, standard_delivery, Sandbox,
};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// Records three deliveries (one a duplicate, one rejected) with a listener
/// on `store`, and returns what the listener printed for them.
fn record_some(sandbox: &Sandbox, store: &str) -> Vec<Value> {
    let mut listener = sandbox.listen(&[
        "--json",
        "--secret",
        SECRET,
        "--store",
        store,
        "--max-events",
        "2",
    ]);
    let (h, body) = standard_delivery(SECRET, "msg_1", "invoice.paid");
    assert_eq!(post(listener.addr, "/a", &h, &body).status, 200);
    assert_eq!(post(listener.addr, "/b", &[], b"\x00raw").status, 401);
    assert_eq!(post(listener.addr, "/c", &h, &body).status, 200);
    let status = listener
        .wait_exit(Duration::from_secs(30))
        .expect("listener exits after 2");
    assert_eq!(
        status.code(),
        Some(1),
        "a rejection in a scripted run: {}",
        listener.stderr()
    );
    listener.rest_json()
}

#[test]
fn list_json_and_export_print_what_listen_printed() {
    let sandbox = Sandbox::new();
    let printed = record_some(&sandbox, "events.db");
    assert_eq!(printed.len(), 3);

    let list = sandbox
        .whk()
        .args(["events", "--store", "events.db", "list", "--json"])
        .output()
        .unwrap();
    assert!(list.status.success());
    assert_eq!(
        json_lines(&list.stdout),
        printed,
        "same records, same fields"
    );
    let export = sandbox
        .whk()
        .args([
            "events",
            "export",
            "--format",
            "ndjson",
            "--store",
            "events.db",
        ])
        .output()
        .unwrap();
    assert_eq!(json_lines(&export.stdout), printed);

    // `events list --json` with filters, against the same store.
    let list = |filters: &[&str]| {
        let out = sandbox
            .whk()
            .args(["events", "list", "--json", "--store", "events.db"])
            .args(filters)
            .output()
            .unwrap();
        json_lines(&out.stdout)
    };
    let newest = list(&["--limit", "1"]);
    assert_eq!(newest.len(), 1);
    assert_eq!(newest[0]["seq"], 3);
    assert_eq!(newest[0]["duplicate_of"], 1);

    let seqs: Vec<u64> = list(&["--type", "INVOICE.PAID"])
        .iter()
        .map(|r| r["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, [1, 3]);
    assert!(list(&["--provider", "github"]).is_empty());
    assert_eq!(list(&["--since", "1h"]).len(), 3);
    assert!(list(&["--since", "2999-01-01T00:00:00Z"]).is_empty());
    let bad = sandbox
        .whk()
        .args(["events", "list", "--since", "yesterday-ish"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn list_prints_a_table_of_the_recorded_deliveries() {
    let sandbox = Sandbox::new();
    // The default store, under WHK_HOME.
    let mut listener = sandbox.listen(&["--json", "--secret", SECRET, "--max-events", "1"]);
    let (h, body) = standard_delivery(SECRET, "msg_table", "order.created");
    post(listener.addr, "/", &h, &body);
    listener.wait_exit(Duration::from_secs(30)).expect("exits");
    let out = sandbox.whk().args(["events", "list"]).output().unwrap();
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    for column in [
        "#",
        "time",
        "provider",
        "type",
        "event id",
        "verified",
        "duplicate",
        "status",
    ] {
        assert!(table.contains(column), "column {column}: {table}");
    }
    for cell in ["standard", "order.created", "msg_table", "yes", "200"] {
        assert!(table.contains(cell), "{cell}: {table}");
    }
}

#[test]
fn show_prints_headers_and_the_pretty_body() {
    let sandbox = Sandbox::new();
    record_some(&sandbox, "e.db");
    let out = sandbox
        .whk()
        .args(["events", "show", "1", "--store", "e.db"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("#1") && text.contains("invoice.paid"),
        "{text}"
    );
    assert!(text.contains("webhook-id: msg_1"), "headers: {text}");
    assert!(
        text.contains("\"type\": \"invoice.paid\""),
        "pretty body: {text}"
    );

    let json = sandbox
        .whk()
        .args(["events", "show", "2", "--json", "--store", "e.db"])
        .output()
        .unwrap();
    let record = &json_lines(&json.stdout)[0];
    assert_eq!(record["verified"], false);
    assert_eq!(record["body_base64"], "AHJhdw==");

    let missing = sandbox
        .whk()
        .args(["events", "show", "99", "--store", "e.db"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("#99"));
}

#[test]
fn save_writes_the_raw_body_as_a_fixture() {
    let sandbox = Sandbox::new();
    record_some(&sandbox, "e.db");
    let out = sandbox
        .whk()
        .args(["events", "save", "2", "fixture.bin", "--store", "e.db"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(sandbox.path().join("fixture.bin")).unwrap(),
        b"\x00raw"
    );
    let (_, body) = standard_delivery(SECRET, "msg_1", "invoice.paid");
    sandbox
        .whk()
        .args(["events", "save", "1", "one.json", "--store", "e.db"])
        .assert()
        .success();
    let saved = std::fs::read(sandbox.path().join("one.json")).unwrap();
    // Same shape as sent (the timestamp field inside is fixed by the helper).
    assert_eq!(saved, body);
}

#[test]
fn an_empty_or_missing_store_is_not_an_error_to_list() {
    let sandbox = Sandbox::new();
    let out = sandbox.whk().args(["events", "list"]).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no deliveries recorded yet"));
    assert!(
        !sandbox.home().join("events.db").exists(),
        "listing does not create a store"
    );
    let show = sandbox
        .whk()
        .args(["events", "show", "1"])
        .output()
        .unwrap();
    assert_eq!(show.status.code(), Some(2));
    // A store named by hand that is not there is an error, not an empty history.
    let missing = sandbox
        .whk()
        .args(["events", "list", "--store", "typo/events.db"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.starts_with("error: no event store at typo/events.db"),
        "{stderr}"
    );
}

#[test]
fn a_store_written_by_whk_0_1_0_is_upgraded_and_read() {
    let sandbox = Sandbox::new();
    let store = sandbox.write(
        "old.db",
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/store-0.1.0.db"
        ))
        .unwrap(),
    );
    let store = store.to_str().unwrap();
    let out = sandbox
        .whk()
        .args(["events", "list", "--json", "--store", store])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = json_lines(&out.stdout);
    let verdicts: Vec<&str> = records
        .iter()
        .map(|r| r["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(
        verdicts,
        ["verified", "verified", "rejected", "rejected", "rejected"]
    );
    assert_eq!(records[1]["duplicate_of"], 1);
    // The old fields read as they did, and the reason became a finding.
    assert_eq!(records[2]["verified"], false);
    assert_eq!(records[2]["findings"][0]["message"], records[2]["reason"]);
    assert_eq!(records[3]["findings"][0]["code"], "body_too_large");
    for record in &records {
        assert_matches_delivery_schema(record);
    }

    // A listener on the upgraded store numbers on from the old rows.
    let mut listener = sandbox.listen(&["--json", "--secret", SECRET, "--store", store]);
    let (h, body) = standard_delivery(SECRET, "msg_new", "invoice.paid");
    assert_eq!(post(listener.addr, "/", &h, &body).status, 200);
    let record = listener.next_json();
    assert_eq!(record["seq"], 6);
    assert_eq!(record["verdict"], "verified");
}
