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
