//! Tests of `whk providers`: the table, one preset in detail, and JSON.

use predicates::prelude::*;

use crate::support::Sandbox;

#[test]
fn table_lists_every_preset() {
    let out = Sandbox::new().whk().arg("providers").assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    for name in whk::providers::names() {
        assert!(text.contains(name), "{name} missing from:\n{text}");
    }
}

#[test]
fn show_gives_the_seed_document_facts() {
    let s = Sandbox::new();
    s.whk()
        .args(["providers", "show", "izi"])
        .assert()
        .success()
        .stdout(predicate::str::contains("X-IZI-Signature"))
        .stdout(predicate::str::contains("30s, 5m, 30m, 2h, 24h"))
        .stdout(predicate::str::contains("exactly 200 within 5s"))
        .stdout(predicate::str::contains("PAYMENT_RECEIVED"));
    let out = s
        .whk()
        .args(["providers", "show", "irisync", "--json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        json["retry_waits_seconds"],
        serde_json::json!([300, 1500, 5400, 10800, 18000])
    );
    assert_eq!(json["events"].as_array().unwrap().len(), 12);
    assert_eq!(json["timestamp_header"], "X-IriSync-Timestamp");
    s.whk()
        .args(["providers", "show", "zotlo", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"signature_header\": null"));
}

#[test]
fn unknown_provider_suggests_the_closest() {
    Sandbox::new()
        .whk()
        .args(["providers", "show", "shopfy"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean shopify?"));
}

#[test]
fn json_lists_all_presets() {
    let out = Sandbox::new()
        .whk()
        .args(["providers", "--json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, whk::providers::names());
}

#[test]
fn every_provider_file_matches_the_committed_format_schema() {
    let schema = include_str!("../../schema/provider.schema.json");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("providers");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let file: toml::Table = toml::from_str(&text).unwrap();
        let json = serde_json::to_value(&file).unwrap();
        if let Some(violation) = crate::support::schema_violation(schema, &json) {
            panic!(
                "{} breaks schema/provider.schema.json: {violation}",
                path.display()
            );
        }
        files += 1;
    }
    assert!(files >= 40, "{files} provider files");
    // The schema can fail: a file without its scheme does.
    let broken = serde_json::json!({"name": "x", "title": "X"});
    assert!(crate::support::schema_violation(schema, &broken).is_some());
}

const ACME: &str = r#"
name = "acme"
aliases = ["acme_corp"]
title = "Acme Webhooks"
source = "https://acme.example/docs/webhooks"
assumptions = ["everything about Acme is made up for this test"]
timeout = "10s"
success = "2xx"
id = { header = "X-Acme-Delivery" }
event_type = { body = "kind" }
id_format = { prefix = "dlv_" }
retry = { delays = ["1m", "10m"] }
headers = { "Content-Type" = "application/json" }

[scheme]
kind = "hmac"
signature_header = "X-Acme-Signature"
encoding = "base64"
prefix = "acme1="
template = "{timestamp}|{body}"
timestamp_header = "X-Acme-Timestamp"

[catalog.test_event]
type = "ping"
description = "A test ping"
body = '{"kind": "ping", "at": "{{now}}"}'

[[catalog.events]]
type = "anvil.dropped"
description = "An anvil was dropped"
body = '{"kind": "anvil.dropped", "weight_kg": 500, "target": null}'
"#;

#[test]
fn a_users_provider_file_is_listed_shown_sent_and_verified() {
    let s = Sandbox::new();
    let dir = s.home().join("providers");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("acme.toml");
    std::fs::write(&file, ACME).unwrap();

    let table = s.whk().arg("providers").assert().success();
    let table = String::from_utf8_lossy(&table.get_output().stdout).to_string();
    assert!(
        table.contains("acme") && table.contains("X-Acme-Signature"),
        "{table}"
    );
    let shown = s
        .whk()
        .args(["providers", "show", "acme_corp"])
        .assert()
        .success();
    let shown = String::from_utf8_lossy(&shown.get_output().stdout).to_string();
    assert!(
        shown.contains(&file.display().to_string()),
        "origin: {shown}"
    );
    assert!(
        shown.contains("anvil.dropped") && shown.contains("made up"),
        "{shown}"
    );

    let mut listener = s.listen(&["--json", "-p", "acme", "--secret", "acme-secret"]);
    s.whk()
        .args([
            "send",
            "anvil.dropped",
            "-p",
            "acme",
            "--secret",
            "acme-secret",
        ])
        .args(["--to", &listener.url("/"), "--quiet"])
        .assert()
        .code(0);
    let record = listener.next_json();
    assert_eq!(record["verdict"], "verified", "{record}");
    assert_eq!(record["event_type"], "anvil.dropped", "{record}");
    let id = record["event_id"].as_str().unwrap();
    assert!(id.starts_with("dlv_"), "{record}");
    // The signature follows the file's template, checked independently.
    let headers = &record["headers"];
    let ts = headers["x-acme-timestamp"].as_str().unwrap();
    let body = serde_json::to_string(&record["body"]).unwrap();
    let mac =
        crate::support::oracle::hmac_sha256(b"acme-secret", format!("{ts}|{body}").as_bytes());
    assert_eq!(
        headers["x-acme-signature"],
        format!("acme1={}", crate::support::oracle::b64(&mac)),
        "{record}"
    );
}

#[test]
fn a_project_file_takes_a_built_in_ones_place() {
    let s = Sandbox::new();
    let dir = s.path().join(".whk").join("providers");
    std::fs::create_dir_all(&dir).unwrap();
    let github = ACME
        .replace("name = \"acme\"", "name = \"github\"")
        .replace("aliases = [\"acme_corp\"]", "aliases = []");
    std::fs::write(dir.join("github.toml"), github).unwrap();
    let out = s
        .whk()
        .args(["providers", "show", "github", "--json"])
        .assert()
        .success();
    let shown: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(shown["signature_header"], "X-Acme-Signature");
    assert!(
        shown["origin"].as_str().unwrap().ends_with("github.toml"),
        "{shown}"
    );
}

#[test]
fn a_broken_provider_file_names_its_file_line_and_fault() {
    let s = Sandbox::new();
    let dir = s.home().join("providers");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("acme.toml"),
        ACME.replace("\"10s\"", "\"ten seconds\""),
    )
    .unwrap();
    s.whk()
        .arg("providers")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "acme.toml:7: timeout 'ten seconds' is not a duration",
        ));
    std::fs::write(
        dir.join("acme.toml"),
        ACME.replace("kind = \"hmac\"", "kind = \"hmca\""),
    )
    .unwrap();
    s.whk()
        .args([
            "send",
            "-p",
            "acme",
            "--secret",
            "x",
            "--to",
            "http://127.0.0.1:9/",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown scheme kind 'hmca'"));
    std::fs::write(
        dir.join("acme.toml"),
        ACME.replace("name = \"acme\"", "name = \"acme2\""),
    )
    .unwrap();
    s.whk()
        .arg("providers")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "must match the file name 'acme.toml'",
        ));
}
