//! Tests of `whk sign` and `whk verify`: the published vectors, round trips
//! through the binary for every provider, and every way verification fails.

use predicates::prelude::*;

use crate::support::{oracle, Sandbox};

const GITHUB_SECRET: &str = "It's a Secret to Everybody";
const STD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const STD_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const STD_TS: &str = "1614265330";
const STD_BODY: &str = r#"{"test": 2432232314}"#;
const STD_SIG: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
const SLACK_SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
const SLACK_BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

fn sign_stdout(sandbox: &Sandbox, args: &[&str], body: &str) -> String {
    let out = sandbox
        .whk()
        .arg("sign")
        .args(args)
        .write_stdin(body)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn github_vectors() {
    let s = Sandbox::new();
    for (secret, body, expected) in [
        (
            GITHUB_SECRET,
            "Hello, World!",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        ),
        (
            "mysecret",
            r#"{"foo":"bar"}"#,
            "sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3",
        ),
    ] {
        let out = sign_stdout(&s, &["--provider", "github", "--secret", secret], body);
        assert_eq!(out, format!("X-Hub-Signature-256: {expected}\n"));
        s.whk()
            .args([
                "verify",
                "--provider",
                "github",
                "--secret",
                secret,
                "--signature",
                expected,
            ])
            .write_stdin(body)
            .assert()
            .code(0);
    }
}

#[test]
fn standard_webhooks_vectors() {
    let s = Sandbox::new();
    let out = sign_stdout(
        &s,
        &[
            "--secret",
            STD_SECRET,
            "--id",
            STD_ID,
            "--timestamp",
            STD_TS,
        ],
        STD_BODY,
    );
    assert_eq!(
        out,
        format!(
            "webhook-id: {STD_ID}\nwebhook-timestamp: {STD_TS}\nwebhook-signature: {STD_SIG}\n"
        )
    );
    let verify = |signature: &str| {
        s.whk()
            .args(["verify", "--secret", STD_SECRET, "--now", STD_TS])
            .args(["-H", &format!("webhook-id: {STD_ID}")])
            .args(["-H", &format!("webhook-timestamp: {STD_TS}")])
            .args(["--signature", signature])
            .write_stdin(STD_BODY)
            .assert()
    };
    verify(STD_SIG).code(0);
    let tampered = STD_SIG.replace("1OE=", "1OA=");
    verify(&tampered).code(1).stderr(predicate::str::contains(
        "no signature in webhook-signature matches",
    ));
    // Key rotation: several signatures in one header, any match verifies.
    verify(&format!("v1,Zm9vYmFy {STD_SIG} v1a,ignored")).code(0);

    let out = sign_stdout(
        &s,
        &[
            "--secret",
            "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
            "--id",
            "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
            "--timestamp",
            "1649367553",
        ],
        r#"{"email":"test@example.com","username":"test_user"}"#,
    );
    assert!(
        out.ends_with("webhook-signature: v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=\n"),
        "{out}"
    );
}

#[test]
fn standard_secret_without_padding_or_prefix_still_works() {
    let s = Sandbox::new();
    for secret in [
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS",
        "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    ] {
        let headers = sign_stdout(&s, &["--secret", secret], "body");
        let file = s.write("headers.txt", &headers);
        s.whk()
            .args(["verify", "--secret", secret, "--headers-from"])
            .arg(&file)
            .write_stdin("body")
            .assert()
            .code(0);
    }
}

#[test]
fn empty_or_undecodable_secret_is_a_usage_error() {
    let s = Sandbox::new();
    for (secret, says) in [
        ("whsec_", "empty"),
        ("whsec_***", "not valid base64"),
        ("", "empty"),
    ] {
        s.whk()
            .args(["sign", "--secret", secret])
            .write_stdin("x")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    s.whk()
        .args(["verify", "--secret", "whsec_***", "--signature", "v1,AAAA"])
        .args(["-H", "webhook-id: a", "-H", "webhook-timestamp: 1"])
        .write_stdin("x")
        .assert()
        .code(2);
}

#[test]
fn slack_vector() {
    let s = Sandbox::new();
    let expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    let out = sign_stdout(
        &s,
        &[
            "--provider",
            "slack",
            "--secret",
            SLACK_SECRET,
            "--timestamp",
            "1531420618",
        ],
        SLACK_BODY,
    );
    assert!(
        out.contains(&format!("X-Slack-Signature: {expected}")),
        "{out}"
    );
    s.whk()
        .args([
            "verify",
            "--provider",
            "slack",
            "--secret",
            SLACK_SECRET,
            "--now",
            "1531420700",
        ])
        .args([
            "-H",
            "X-Slack-Request-Timestamp: 1531420618",
            "--signature",
            expected,
        ])
        .write_stdin(SLACK_BODY)
        .assert()
        .code(0);
}

/// Signatures of the schemes without published vectors, checked against an
/// HMAC computed here from each provider's documentation.
#[test]
fn signatures_match_an_independent_oracle() {
    let s = Sandbox::new();
    let body = r#"{"id":"evt_1","type":"SESSION_ENDED"}"#;
    let secret = "s3cr3t";
    let ts = "1700000000";
    let hex = |content: &[u8], key: &str| hex::encode(oracle::hmac_sha256(key.as_bytes(), content));
    let cases = [
        (
            "izi",
            format!("X-IZI-Signature: {}", hex(body.as_bytes(), secret)),
        ),
        (
            "irisync",
            format!(
                "X-IriSync-Signature: {}",
                hex(format!("{ts}.{body}").as_bytes(), secret)
            ),
        ),
        (
            "shopify",
            format!(
                "X-Shopify-Hmac-Sha256: {}",
                oracle::b64(&oracle::hmac_sha256(secret.as_bytes(), body.as_bytes()))
            ),
        ),
        (
            "stripe",
            format!(
                "Stripe-Signature: t={ts},v1={}",
                hex(format!("{ts}.{body}").as_bytes(), secret)
            ),
        ),
        ("unibo", format!("Authorization: Bearer {secret}")),
    ];
    for (provider, line) in cases {
        let out = sign_stdout(
            &s,
            &[
                "--provider",
                provider,
                "--secret",
                secret,
                "--timestamp",
                ts,
            ],
            body,
        );
        assert!(out.lines().any(|l| l == line), "{provider}: {out}");
    }
    // Stripe keys the HMAC with the whole secret, whsec_ prefix included.
    let whsec = "whsec_abc";
    let out = sign_stdout(
        &s,
        &["--provider", "stripe", "--secret", whsec, "--timestamp", ts],
        body,
    );
    assert!(
        out.contains(&hex(format!("{ts}.{body}").as_bytes(), whsec)),
        "{out}"
    );
    // Zotlo signs nothing.
    assert_eq!(sign_stdout(&s, &["--provider", "zotlo"], body), "");
}

#[test]
fn stripe_accepts_any_v1_and_ignores_v0() {
    let s = Sandbox::new();
    let (secret, ts, body) = ("whsec_k", "1700000000", "{}");
    let good = hex::encode(oracle::hmac_sha256(
        secret.as_bytes(),
        format!("{ts}.{body}").as_bytes(),
    ));
    let header = format!("t={ts},v0=deadbeef,v1=00ff,v1={good},x=1");
    s.whk()
        .args([
            "verify",
            "--provider",
            "stripe",
            "--secret",
            secret,
            "--now",
            ts,
            "--signature",
            &header,
        ])
        .write_stdin(body)
        .assert()
        .code(0);
    s.whk()
        .args([
            "verify",
            "--provider",
            "stripe",
            "--secret",
            secret,
            "--now",
            ts,
        ])
        .args(["--signature", &format!("t={ts},v0={good}")])
        .write_stdin(body)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no v1=<signature>"));
}

#[test]
fn stale_and_future_timestamps_fail_with_the_skew() {
    let s = Sandbox::new();
    let headers = sign_stdout(&s, &["--secret", STD_SECRET, "--timestamp", "1000000"], "x");
    let file = s.write("h.txt", &headers);
    let verify = |now: &str| {
        s.whk()
            .args(["verify", "--secret", STD_SECRET, "--headers-from"])
            .arg(&file)
            .args(["--now", now])
            .write_stdin("x")
            .assert()
    };
    verify("1000400")
        .code(1)
        .stderr(predicate::str::contains("400s old"));
    verify("999000")
        .code(1)
        .stderr(predicate::str::contains("1000s in the future"));
    verify("1000299").code(0);
    s.whk()
        .args([
            "verify",
            "--secret",
            STD_SECRET,
            "--tolerance",
            "5000",
            "--now",
            "1004000",
            "--headers-from",
        ])
        .arg(&file)
        .write_stdin("x")
        .assert()
        .code(0);
}

#[test]
fn malformed_and_missing_headers_say_which() {
    let s = Sandbox::new();
    let cases: [(&[&str], &str); 6] = [
        (&[], "missing webhook-signature header"),
        (
            &["-H", "webhook-signature: v1,AAAA"],
            "missing webhook-id header",
        ),
        (
            &["-H", "webhook-id: a", "-H", "webhook-signature: v1,AAAA"],
            "missing webhook-timestamp",
        ),
        (
            &[
                "-H",
                "webhook-id: a",
                "-H",
                "webhook-timestamp: soon",
                "-H",
                "webhook-signature: v1,AAAA",
            ],
            "is not a unix time",
        ),
        (
            &[
                "-H",
                "webhook-id: a",
                "-H",
                "webhook-timestamp: 1",
                "-H",
                "webhook-signature: garbage",
            ],
            "malformed webhook-signature",
        ),
        (
            &[
                "-H",
                "webhook-id: a",
                "-H",
                "webhook-timestamp: 1",
                "-H",
                "webhook-signature: v1,***",
            ],
            "is not base64",
        ),
    ];
    for (headers, says) in cases {
        s.whk()
            .args(["verify", "--secret", STD_SECRET])
            .args(headers)
            .write_stdin("x")
            .assert()
            .code(1)
            .stderr(predicate::str::contains(says));
    }
    s.whk()
        .args(["verify", "--secret", STD_SECRET, "-H", "no colon here"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected 'Name: value'"));
    s.whk()
        .args([
            "verify",
            "--provider",
            "github",
            "--secret",
            "k",
            "--signature",
            "md5=abc",
        ])
        .write_stdin("x")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "expected 'sha256=<hex signature>'",
        ));
}

#[test]
fn empty_bodies_sign_and_verify() {
    let s = Sandbox::new();
    let headers = sign_stdout(&s, &["--provider", "github", "--secret", "k"], "");
    let expected = hex::encode(oracle::hmac_sha256(b"k", b""));
    assert_eq!(headers, format!("X-Hub-Signature-256: sha256={expected}\n"));
    let file = s.write("h", &headers);
    s.whk()
        .args([
            "verify",
            "--provider",
            "github",
            "--secret",
            "k",
            "--headers-from",
        ])
        .arg(&file)
        .write_stdin("")
        .assert()
        .code(0);
}

#[test]
fn usage_errors_exit_2() {
    let s = Sandbox::new();
    s.whk()
        .args(["sign", "--provider", "githb", "--secret", "k"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean github?"));
    s.whk()
        .args(["sign", "--provider", "github"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no signing secret for github"));
    s.whk()
        .args(["sign", "--format", "curl", "--secret", "k"])
        .write_stdin("x")
        .assert()
        .code(2);
    s.whk().args(["verify", "--bogus"]).assert().code(2);
    s.whk()
        .args(["sign", "--secret", "k", "missing-file.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing-file.json"));
    s.whk()
        .args([
            "sign",
            "--provider",
            "izi",
            "--template",
            "{body}",
            "--secret",
            "k",
        ])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("need --provider custom"));
}

#[test]
fn secrets_from_file_and_env_never_echo() {
    let s = Sandbox::new();
    let secret = "supersecretvalue12345";
    let file = s.write("secret.txt", format!("{secret}\n"));
    let from_file = sign_stdout(
        &s,
        &["--provider", "izi", "--secret-file", file.to_str().unwrap()],
        "x",
    );
    let out = s
        .whk()
        .args(["sign", "--provider", "izi"])
        .env("WHK_SECRET", secret)
        .write_stdin("x")
        .assert()
        .success();
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout), from_file);
    let out = s
        .whk()
        .args([
            "verify",
            "--provider",
            "izi",
            "--explain",
            "--signature",
            "00",
        ])
        .env("WHK_SECRET", secret)
        .write_stdin("x")
        .assert()
        .code(1);
    let output = out.get_output();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(all.contains("explain:"), "{all}");
    assert!(!all.contains("secretvalue"), "secret leaked: {all}");
}

#[test]
fn quiet_verify_prints_nothing() {
    let s = Sandbox::new();
    s.whk()
        .args([
            "verify",
            "-q",
            "--provider",
            "github",
            "--secret",
            "k",
            "--signature",
            "sha256=00",
        ])
        .write_stdin("x")
        .assert()
        .code(1)
        .stdout("")
        .stderr("");
}

#[test]
fn the_doctor_names_re_serialised_bodies_and_wrong_secret_forms() {
    let s = Sandbox::new();
    // Signs `signed` with `signing_secret`, verifies `received` with
    // `verifying_secret`: it must fail, and stderr is returned for the checks.
    let doctor = |signed: &str, signing_secret: &str, received: &str, verifying_secret: &str| {
        let headers = sign_stdout(
            &s,
            &["--provider", "github", "--secret", signing_secret],
            signed,
        );
        let file = s.write("doctor.headers", &headers);
        s.whk()
            .args([
                "verify",
                "--provider",
                "github",
                "--secret",
                verifying_secret,
            ])
            .args(["--explain", "--headers-from"])
            .arg(&file)
            .write_stdin(received.to_string())
            .assert()
            .code(1)
    };
    let signed_body = "{\"a\": 1,\n \"b\": [true]}\n";
    doctor(
        signed_body,
        "whsec_abc",
        signed_body.trim_end(),
        "whsec_abc",
    )
    .stderr(predicate::str::contains("trailing newline"));
    doctor(
        signed_body,
        "whsec_abc",
        &signed_body.replace('\n', "\r\n"),
        "whsec_abc",
    )
    .stderr(predicate::str::contains("CRLF"));
    // The sender signed the pretty body; a framework re-serialised it compactly.
    let pretty = "{\n  \"a\": 1,\n  \"b\": [\n    true\n  ]\n}";
    doctor(pretty, "k", r#"{"a":1,"b":[true]}"#, "k")
        .stderr(predicate::str::contains("pretty-printed JSON"));
    doctor(r#"{"a":1,"b":2}"#, "k", r#"{"b":2,"a":1}"#, "k")
        .stderr(predicate::str::contains("keys in another order"));
    // A whsec_ secret for a scheme that uses secrets raw.
    doctor(signed_body, "whsec_abc", signed_body, "whsec_other")
        .stderr(predicate::str::contains("Standard Webhooks secret"))
        .stderr(predicate::str::contains(
            "expected X-Hub-Signature-256: sha256=",
        ))
        .stderr(predicate::str::contains("signed content"));
}

#[test]
fn sign_formats() {
    let s = Sandbox::new();
    let out = sign_stdout(
        &s,
        &["--provider", "github", "--secret", "k", "--format", "json"],
        "x",
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let expected = hex::encode(oracle::hmac_sha256(b"k", b"x"));
    assert_eq!(json["X-Hub-Signature-256"], format!("sha256={expected}"));
    let body = s.write("b.json", "x");
    let out = s
        .whk()
        .args([
            "sign",
            "--provider",
            "github",
            "--secret",
            "k",
            "--format",
            "curl",
            "--to",
            "http://h/x",
        ])
        .arg(&body)
        .assert()
        .success();
    let curl = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(curl.starts_with("curl -sS -X POST 'http://h/x'"), "{curl}");
    assert!(
        curl.contains(&format!("-H 'X-Hub-Signature-256: sha256={expected}'")),
        "{curl}"
    );
    assert!(curl.contains("--data-binary '@"), "{curl}");
}

#[test]
fn bodies_are_hashed_as_raw_bytes() {
    let s = Sandbox::new();
    // Invalid UTF-8, CRLF and no trailing newline must all survive untouched.
    let body: &[u8] = b"\xff\xfe{\"a\":1}\r\n\x00";
    let file = s.write("raw.bin", body);
    let out = s
        .whk()
        .args(["sign", "--provider", "izi", "--secret", "k"])
        .arg(&file)
        .assert()
        .success();
    let expected = hex::encode(oracle::hmac_sha256(b"k", body));
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout),
        format!("X-IZI-Signature: {expected}\n")
    );
}

#[test]
fn custom_scheme_from_flags() {
    let s = Sandbox::new();
    let args = [
        "--provider",
        "custom",
        "--secret",
        "k",
        "--algorithm",
        "sha512",
        "--encoding",
        "base64",
        "--signature-header",
        "X-Sig",
        "--signature-prefix",
        "s=",
        "--template",
        "{id}:{timestamp}:{body}",
        "--id-header",
        "X-Id",
        "--timestamp-header",
        "X-Ts",
    ];
    let out = sign_stdout(
        &s,
        &[&args[..], &["--id", "m1", "--timestamp", "42"]].concat(),
        "payload",
    );
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha512>::new_from_slice(b"k").unwrap();
    mac.update(b"m1:42:payload");
    let expected = oracle::b64(&mac.finalize().into_bytes());
    assert_eq!(out, format!("X-Id: m1\nX-Ts: 42\nX-Sig: s={expected}\n"));
    let file = s.write("h", &out);
    s.whk()
        .arg("verify")
        .args(args)
        .args(["--now", "50", "--headers-from"])
        .arg(&file)
        .write_stdin("payload")
        .assert()
        .code(0);
    s.whk()
        .args([
            "sign",
            "--provider",
            "custom",
            "--secret",
            "k",
            "--template",
            "{timestamp}",
        ])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("must contain {body} exactly once"));
}
