//! What goes on the wire, seen before or while it goes: `--dry-run`, `-v`,
//! `--data` bodies reported as they are, `sign --format curl` with the body
//! on standard input, and `sign` for a provider that signs nothing.

use std::time::{Duration, Instant};

use crate::send::{check_signature, HMAC_SECRET};
use crate::support::{Received, Receiver, Sandbox};

const WAIT: Duration = Duration::from_secs(30);

/// Splits a printed HTTP/1.1 request into what a receiver would have seen.
pub fn parse_request(printed: &[u8]) -> Received {
    let end = printed
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a blank line after the headers");
    let head = std::str::from_utf8(&printed[..end]).expect("text headers");
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap().split(' ');
    let (method, path) = (request_line.next().unwrap(), request_line.next().unwrap());
    assert_eq!(request_line.next(), Some("HTTP/1.1"));
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(": ").expect("Name: value");
            (name.to_string(), value.to_string())
        })
        .collect();
    let mut body = printed[end + 4..].to_vec();
    // --dry-run ends its output with one newline after the body.
    assert_eq!(body.pop(), Some(b'\n'));
    Received {
        method: method.into(),
        path: path.into(),
        headers,
        body,
        at: Instant::now(),
    }
}

#[test]
fn dry_run_prints_the_exact_signed_request_and_sends_nothing() {
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
            "--dry-run",
        ])
        .args(["--to", &app.url("/izi/events?x=1"), "-H", "X-Tenant: acme"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let request = parse_request(&out.stdout);
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/izi/events?x=1")
    );
    assert_eq!(request.header("x-tenant"), Some("acme"));
    assert_eq!(
        request.header("content-length"),
        Some(request.body.len().to_string().as_str())
    );
    // The signature printed is the one IZI's document describes, over the body printed.
    check_signature("izi", HMAC_SECRET, &request).unwrap();
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["type"], "SESSION_ENDED");
    std::thread::sleep(Duration::from_millis(200));
    assert!(app.received().is_empty(), "a dry run sends nothing");
}

#[test]
fn verbose_send_shows_the_request_it_sends() {
    let sandbox = Sandbox::new();
    let app = Receiver::start();
    let out = sandbox
        .whk()
        .args([
            "send",
            "SESSION_STARTED",
            "-p",
            "izi",
            "--secret",
            HMAC_SECRET,
            "-v",
        ])
        .args(["--to", &app.url("/hook")])
        .output()
        .unwrap();
    assert!(out.status.success());
    let got = app.wait_for(1, WAIT);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("> POST /hook HTTP/1.1"), "{stderr}");
    let signature = got[0].header("x-izi-signature").unwrap();
    assert!(
        stderr.contains(&format!("> x-izi-signature: {signature}")),
        "{stderr}"
    );
    assert!(
        stderr.contains(std::str::from_utf8(&got[0].body).unwrap()),
        "the body: {stderr}"
    );
}

#[test]
fn data_bodies_go_as_given_and_report_what_they_carry() {
    let sandbox = Sandbox::new();
    let app = Receiver::start();
    // No id and no type in an IZI body: reported as such, not as the event named.
    let bare = sandbox.write("bare.json", br#"{"data":{"n":1}}"#);
    let out = sandbox
        .whk()
        .args([
            "send",
            "SESSION_ENDED",
            "-p",
            "izi",
            "--secret",
            HMAC_SECRET,
        ])
        .args(["--data", bare.to_str().unwrap(), "--to", &app.url("/")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(line.contains("(no type) (no id)"), "{line}");
    assert!(!line.contains("SESSION_ENDED"), "{line}");

    // Bytes that are not UTF-8 are sent byte for byte, signed as they are.
    let raw: &[u8] = b"\xff\xfe{\"id\":\"evt_raw\"}";
    let binary = sandbox.write("raw.bin", raw);
    sandbox
        .whk()
        .args([
            "send",
            "-p",
            "izi",
            "--secret",
            HMAC_SECRET,
            "--data",
            binary.to_str().unwrap(),
        ])
        .args(["--to", &app.url("/")])
        .assert()
        .success();
    let got = app.wait_for(2, WAIT);
    assert_eq!(got[1].body, raw);
    check_signature("izi", HMAC_SECRET, &got[1]).unwrap();
}

#[test]
fn sign_as_curl_embeds_a_body_read_from_standard_input() {
    let sandbox = Sandbox::new();
    let app = Receiver::start();
    let body = br#"{"id":"evt_curl","type":"SESSION_ENDED"}"#;
    let out = sandbox
        .whk()
        .args([
            "sign",
            "-p",
            "izi",
            "--secret",
            HMAC_SECRET,
            "--format",
            "curl",
        ])
        .args(["--to", &app.url("/curl")])
        .write_stdin(body.to_vec())
        .output()
        .unwrap();
    assert!(out.status.success());
    let command = String::from_utf8(out.stdout).unwrap();
    assert!(
        command.contains(std::str::from_utf8(body).unwrap()),
        "{command}"
    );
    // Run it: the app gets the body, correctly signed.
    let ran = std::process::Command::new("sh")
        .args(["-c", &command])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let got = app.wait_for(1, WAIT);
    assert_eq!(got[0].body, body);
    check_signature("izi", HMAC_SECRET, &got[0]).unwrap();
}

#[test]
fn sign_for_a_provider_that_does_not_sign_says_so_and_prints_no_headers() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .whk()
        .args(["sign", "-p", "zotlo"])
        .write_stdin(b"{}".to_vec())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("does not sign"), "{stderr}");
}
