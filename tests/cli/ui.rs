//! `whk listen --ui`: the inspector's API over real HTTP (history, detail with
//! the doctor's diagnosis, curl, replay through `whk replay`'s code, the live
//! stream, the token beyond loopback, its own port), and the page itself in
//! headless Chromium driven over WebDriver.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::{
    get, headers, http_request, oracle, HttpResponse, Listener, Receiver, Sandbox,
};

const SECRET: &str = "ui-test-secret-Zq9x";
const LIMIT: Duration = Duration::from_secs(20);

/// Starts `whk listen --ui` (IZI, known secret) and returns it with the
/// inspector URL it printed.
fn listen_ui(sandbox: &Sandbox, extra: &[&str]) -> (Listener, String) {
    let mut args = vec!["--ui", "--provider", "izi", "--secret", SECRET, "--json"];
    args.extend_from_slice(extra);
    let listener = sandbox.listen(&args);
    let line = listener
        .wait_stderr("inspector: http://", LIMIT)
        .unwrap_or_else(|| panic!("no inspector line; stderr: {}", listener.stderr()));
    let url = line
        .split("inspector: ")
        .nth(1)
        .expect("inspector URL")
        .trim()
        .to_string();
    (listener, url)
}

/// `host:port` of an inspector URL, reached through 127.0.0.1 (it may be bound to 0.0.0.0).
fn loopback(url: &str) -> SocketAddr {
    let authority = url.trim_start_matches("http://").split('/').next().unwrap();
    let port = authority
        .rsplit(':')
        .next()
        .unwrap()
        .parse::<u16>()
        .unwrap();
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// Sends one IZI event with `whk send` signed with `secret`; returns its exit success.
fn send(sandbox: &Sandbox, listener: &Listener, event: &str, secret: &str) -> bool {
    sandbox
        .whk()
        .args(["send", event, "--provider", "izi", "--secret", secret])
        .args(["--to", &listener.url("/hooks/izi")])
        .output()
        .expect("run whk send")
        .status
        .success()
}

fn get_json(addr: SocketAddr, path: &str) -> Value {
    let response = get(addr, path);
    assert_eq!(response.status, 200, "GET {path}: {}", response.text());
    serde_json::from_slice(&response.body)
        .unwrap_or_else(|e| panic!("GET {path} is not JSON ({e}): {}", response.text()))
}

fn post_json(addr: SocketAddr, path: &str, body: &Value) -> HttpResponse {
    http_request(
        addr,
        "POST",
        path,
        &headers(&[("content-type", "application/json")]),
        body.to_string().as_bytes(),
    )
    .unwrap_or_else(|e| panic!("POST {path}: {e}"))
}

fn izi_signature(secret: &str, body: &[u8]) -> String {
    oracle::hex(&oracle::hmac_sha256(secret.as_bytes(), body))
}

#[test]
fn history_is_served_oldest_first_and_outlives_the_listener() {
    let sandbox = Sandbox::new();
    let (listener, url) = listen_ui(&sandbox, &[]);
    assert_eq!(url, format!("http://{}/_whk/", listener.addr));
    assert!(send(&sandbox, &listener, "SESSION_STARTED", SECRET));
    assert!(!send(&sandbox, &listener, "SESSION_ENDED", "wrong"));

    let list = get_json(listener.addr, "/_whk/api/deliveries?limit=200");
    let list = list.as_array().expect("an array");
    let seqs: Vec<u64> = list.iter().map(|d| d["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, [1, 2]);
    assert_eq!(list[0]["verified"], true);
    assert_eq!(list[0]["event_type"], "SESSION_STARTED");
    assert_eq!(list[1]["verified"], false);
    assert_eq!(list[1]["status"], 401);
    let newest = get_json(listener.addr, "/_whk/api/deliveries?limit=1");
    assert_eq!(newest[0]["seq"], 2);
    assert_eq!(
        get(listener.addr, "/_whk/api/deliveries?limit=zero").status,
        400
    );
    drop(listener);

    // A restarted listener shows the same history.
    let (again, _) = listen_ui(&sandbox, &[]);
    let list = get_json(again.addr, "/_whk/api/deliveries");
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[1]["event_type"], "SESSION_ENDED");
}

#[test]
fn the_page_is_embedded_and_self_contained() {
    let sandbox = Sandbox::new();
    let (listener, _) = listen_ui(&sandbox, &[]);
    let page = get(listener.addr, "/_whk/");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(page.text().contains("<title>whk inspector</title>"));
    // Nothing is fetched from elsewhere: no external scripts, styles or fonts.
    assert!(!page.text().contains("src=\"http"), "external resource");
    assert!(!page.text().contains("href=\"http"), "external resource");
    let csp = page.header("content-security-policy").expect("a CSP");
    assert!(csp.contains("default-src 'none'"), "{csp}");

    let bare = get(listener.addr, "/_whk");
    assert_eq!(bare.status, 308);
    assert_eq!(bare.header("location"), Some("/_whk/"));
    assert_eq!(get(listener.addr, "/_whk/api/nothing").status, 404);
    assert_eq!(get(listener.addr, "/_whk/api/deliveries/9").status, 404);
    // The inspector's paths are never recorded as deliveries.
    assert_eq!(
        get_json(listener.addr, "/_whk/api/deliveries")
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn detail_explains_a_rejected_delivery_without_the_secret() {
    let sandbox = Sandbox::new();
    let (listener, _) = listen_ui(&sandbox, &[]);
    assert!(send(&sandbox, &listener, "SESSION_ENDED", SECRET));
    assert!(!send(&sandbox, &listener, "SESSION_ENDED", "wrong"));

    let good = get_json(listener.addr, "/_whk/api/deliveries/1");
    assert_eq!(good["verified"], true);
    assert_eq!(good["diagnosis"], json!([]));

    let response = get(listener.addr, "/_whk/api/deliveries/2");
    assert_eq!(response.status, 200);
    assert!(
        !response.text().contains(SECRET),
        "the secret leaked: {}",
        response.text()
    );
    let bad: Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(bad["verified"], false);
    let raw = bad["raw_body"].as_str().expect("raw body as text");
    let received = bad["headers"]["x-izi-signature"].as_str().unwrap();
    assert_eq!(received, izi_signature("wrong", raw.as_bytes()));
    let expected = izi_signature(SECRET, raw.as_bytes());
    let diagnosis: Vec<&str> = bad["diagnosis"]
        .as_array()
        .expect("a diagnosis")
        .iter()
        .map(|line| line.as_str().unwrap())
        .collect();
    let line = |prefix: &str| {
        diagnosis
            .iter()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no '{prefix}' line in {diagnosis:?}"))
            .to_string()
    };
    // Which header, and the expected and received signature prefixes only.
    assert!(line("expected X-IZI-Signature: ").contains(&expected[..16]));
    assert!(!line("expected X-IZI-Signature: ").contains(&expected));
    assert!(line("received X-IZI-Signature: ").contains(&received[..16]));
    assert!(diagnosis.iter().any(|l| l.contains("different secret")));
    // The same diagnosis, typed: stable codes with severities.
    let doctor = bad["doctor"].as_array().expect("typed findings");
    assert!(
        doctor
            .iter()
            .any(|f| f["code"] == "different_secret" && f["severity"] == "warning"),
        "{doctor:?}"
    );
    assert!(doctor
        .iter()
        .any(|f| f["code"] == "expected_signature" && f["severity"] == "info"));
    assert_eq!(good["doctor"], json!([]));
    // The body, exactly as received, for the raw view.
    assert_eq!(serde_json::from_str::<Value>(raw).unwrap(), bad["body"]);
}

#[test]
fn replay_goes_through_the_replay_path_resigned_or_verbatim() {
    let sandbox = Sandbox::new();
    let receiver = Receiver::start();
    let (listener, _) = listen_ui(&sandbox, &[]);
    assert!(!send(&sandbox, &listener, "BALANCE_TOPPED_UP", "wrong"));
    let recorded = get_json(listener.addr, "/_whk/api/deliveries/1");
    let body = recorded["raw_body"].as_str().unwrap().as_bytes().to_vec();
    let old_signature = recorded["headers"]["x-izi-signature"].as_str().unwrap();

    // Re-signed: the listener's secret, the same bytes and event.
    let target = receiver.url("/replayed?x=1");
    let answer = post_json(
        listener.addr,
        "/_whk/api/deliveries/1/replay",
        &json!({"to": target, "verbatim": false}),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    let result: Value = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!(result["ok"], true, "{result}");
    assert_eq!(result["status"], 200);
    assert_eq!(result["target"], target);
    assert_eq!(result["error"], Value::Null);
    assert!(result["latency_ms"].as_f64().is_some());
    let got = receiver.wait_for(1, LIMIT);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].path, "/replayed?x=1");
    assert_eq!(got[0].body, body);
    assert_eq!(
        got[0].header("x-izi-signature"),
        Some(izi_signature(SECRET, &body).as_str())
    );

    // Verbatim: the recorded headers unchanged, old signature and all.
    let answer = post_json(
        listener.addr,
        "/_whk/api/deliveries/1/replay",
        &json!({"to": receiver.url("/verbatim"), "verbatim": true}),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    let got = receiver.wait_for(2, LIMIT);
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].header("x-izi-signature"), Some(old_signature));
    assert_eq!(got[1].body, body);

    // An unreachable target is an answer, not an error of the endpoint.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_url = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    let result: Value = serde_json::from_slice(
        &post_json(
            listener.addr,
            "/_whk/api/deliveries/1/replay",
            &json!({"to": closed_url}),
        )
        .body,
    )
    .unwrap();
    assert_eq!(result["ok"], false);
    assert_eq!(result["status"], Value::Null);
    assert!(
        result["error"].as_str().unwrap().contains("refused"),
        "{result}"
    );

    // Bad requests.
    let bad_url = post_json(
        listener.addr,
        "/_whk/api/deliveries/1/replay",
        &json!({"to": "ftp://nowhere/"}),
    );
    assert_eq!(bad_url.status, 422);
    assert!(
        bad_url.text().contains("ftp://nowhere/"),
        "{}",
        bad_url.text()
    );
    let missing = post_json(listener.addr, "/_whk/api/deliveries/7/replay", &json!({}));
    assert_eq!(missing.status, 404);
    // Not JSON (what a form on another site could send) or another origin: refused.
    let form = http_request(
        listener.addr,
        "POST",
        "/_whk/api/deliveries/1/replay",
        &headers(&[("content-type", "text/plain")]),
        br#"{"to":"http://127.0.0.1:9/"}"#,
    )
    .unwrap();
    assert_eq!(form.status, 415);
    let foreign = http_request(
        listener.addr,
        "POST",
        "/_whk/api/deliveries/1/replay",
        &headers(&[
            ("content-type", "application/json"),
            ("origin", "http://evil.example"),
        ]),
        b"{}",
    )
    .unwrap();
    assert_eq!(foreign.status, 403);
    assert_eq!(
        receiver.received().len(),
        2,
        "refused requests sent nothing"
    );
}

#[test]
fn curl_command_carries_a_fresh_signature() {
    let sandbox = Sandbox::new();
    let (listener, _) = listen_ui(&sandbox, &[]);
    assert!(!send(&sandbox, &listener, "SESSION_PAUSED", "wrong"));
    let recorded = get_json(listener.addr, "/_whk/api/deliveries/1");
    let body = recorded["raw_body"].as_str().unwrap();

    let response = get(
        listener.addr,
        "/_whk/api/deliveries/1/curl?to=http%3A%2F%2F127.0.0.1%3A9%2Fhook",
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert!(response
        .header("content-type")
        .unwrap()
        .starts_with("text/plain"));
    let command = response.text();
    assert!(
        command.starts_with("curl -sS -X POST 'http://127.0.0.1:9/hook' "),
        "{command}"
    );
    let signature = format!(
        "-H 'x-izi-signature: {}'",
        izi_signature(SECRET, body.as_bytes())
    );
    assert!(command.contains(&signature), "{command}");
    assert!(
        command.contains("-H 'content-type: application/json'"),
        "{command}"
    );
    assert!(
        command
            .trim_end()
            .ends_with(&format!("--data-binary '{body}'")),
        "{command}"
    );
    assert!(!command.contains(SECRET));
}

/// Opens the event stream; returns a reader positioned after the response head.
fn open_stream(addr: SocketAddr, query: &str) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(LIMIT)).unwrap();
    write!(
        stream,
        "GET /_whk/api/stream{query} HTTP/1.1\r\nhost: {addr}\r\naccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).unwrap();
    assert!(status.contains(" 200 "), "{status}");
    let mut event_stream = false;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
        event_stream |= line
            .to_ascii_lowercase()
            .starts_with("content-type: text/event-stream");
    }
    assert!(event_stream, "not an event stream");
    reader
}

/// The next `event: delivery` record on the stream (chunked framing lines are skipped).
fn next_delivery(reader: &mut BufReader<TcpStream>) -> Value {
    let deadline = Instant::now() + LIMIT;
    let mut event = String::new();
    while Instant::now() < deadline {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        let line = line.trim_end();
        if let Some(name) = line.strip_prefix("event: ") {
            event = name.to_string();
        } else if let Some(data) = line.strip_prefix("data: ") {
            assert_eq!(event, "delivery");
            return serde_json::from_str(data).expect("JSON data");
        }
    }
    panic!("no delivery event on the stream within {LIMIT:?}");
}

#[test]
fn stream_pushes_each_delivery_as_it_is_recorded() {
    let sandbox = Sandbox::new();
    let (listener, _) = listen_ui(&sandbox, &[]);
    assert!(send(&sandbox, &listener, "SHIFT_OPENED", SECRET));

    // From now on: the delivery already recorded is not repeated.
    let mut live = open_stream(listener.addr, "");
    assert!(!send(&sandbox, &listener, "SHIFT_CLOSED", "wrong"));
    let record = next_delivery(&mut live);
    assert_eq!(record["seq"], 2);
    assert_eq!(record["event_type"], "SHIFT_CLOSED");
    assert_eq!(record["verified"], false);
    assert!(send(&sandbox, &listener, "ORDER_CREATED", SECRET));
    let record = next_delivery(&mut live);
    assert_eq!(record["seq"], 3);
    assert_eq!(record["verified"], true);

    // Resuming after #1 first catches up from the store, then goes on live.
    let mut resumed = open_stream(listener.addr, "?after=1");
    assert_eq!(next_delivery(&mut resumed)["seq"], 2);
    assert_eq!(next_delivery(&mut resumed)["seq"], 3);
    assert!(send(&sandbox, &listener, "PAYMENT_RECEIVED", SECRET));
    assert_eq!(next_delivery(&mut resumed)["seq"], 4);
    assert_eq!(next_delivery(&mut live)["seq"], 4);
}

#[test]
fn a_stopping_listener_ends_its_streams() {
    let sandbox = Sandbox::new();
    let (mut listener, _) = listen_ui(&sandbox, &[]);
    let _stream = open_stream(listener.addr, "");
    listener.terminate();
    // An open inspector must not hold the shutdown for the whole drain (10 s).
    let status = listener.wait_exit(Duration::from_secs(8));
    assert!(
        status.is_some(),
        "the listener did not stop with a live stream open"
    );
}

#[test]
fn beyond_loopback_every_request_needs_the_printed_token() {
    let sandbox = Sandbox::new();
    let (_listener, url) = listen_ui(&sandbox, &["--host", "0.0.0.0"]);
    let token = url
        .split("?token=")
        .nth(1)
        .unwrap_or_else(|| panic!("no token in {url}"))
        .to_string();
    assert!(token.len() >= 32, "{token}");
    let addr = loopback(&url);

    let refused = get(addr, "/_whk/api/deliveries");
    assert_eq!(refused.status, 401);
    assert!(!refused.text().contains(&token));
    assert_eq!(get(addr, "/_whk/").status, 401);
    assert_eq!(get(addr, "/_whk/api/deliveries?token=nope").status, 401);
    assert_eq!(
        get(addr, &format!("/_whk/api/deliveries?token={token}")).status,
        200
    );
    let by_header = http_request(
        addr,
        "GET",
        "/_whk/api/deliveries",
        &headers(&[("x-whk-token", &token)]),
        b"",
    )
    .unwrap();
    assert_eq!(by_header.status, 200);
    assert_eq!(get(addr, &format!("/_whk/?token={token}")).status, 200);
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(LIMIT)).unwrap();
    write!(
        stream,
        "GET /_whk/api/stream HTTP/1.1\r\nhost: {addr}\r\n\r\n"
    )
    .unwrap();
    let mut status = String::new();
    BufReader::new(stream).read_line(&mut status).unwrap();
    assert!(status.contains(" 401 "), "{status}");
}

#[test]
fn on_loopback_only_loopback_names_are_answered() {
    let sandbox = Sandbox::new();
    let (listener, url) = listen_ui(&sandbox, &[]);
    assert!(!url.contains("token"), "{url}");
    // A name that resolved to 127.0.0.1 (DNS rebinding) is not a loopback name.
    let mut stream = TcpStream::connect(listener.addr).unwrap();
    stream.set_read_timeout(Some(LIMIT)).unwrap();
    write!(
        stream,
        "GET /_whk/api/deliveries HTTP/1.1\r\nhost: attacker.example:{}\r\nconnection: close\r\n\r\n",
        listener.addr.port()
    )
    .unwrap();
    let mut status = String::new();
    BufReader::new(stream).read_line(&mut status).unwrap();
    assert!(status.contains(" 403 "), "{status}");
    assert_eq!(get(listener.addr, "/_whk/api/deliveries").status, 200);
}

#[test]
fn ui_port_serves_the_inspector_apart_from_deliveries() {
    let sandbox = Sandbox::new();
    let (listener, url) = listen_ui(&sandbox, &["--ui-port", "0"]);
    let inspector = loopback(&url);
    assert_ne!(inspector.port(), listener.addr.port());
    assert!(send(&sandbox, &listener, "CLIENT_REGISTERED", SECRET));
    let list = get_json(inspector, "/_whk/api/deliveries");
    assert_eq!(list[0]["event_type"], "CLIENT_REGISTERED");
    let root = get(inspector, "/");
    assert_eq!(root.status, 308);
    assert_eq!(root.header("location"), Some("/_whk/"));
    assert_eq!(get(inspector, "/hooks").status, 404);
    // The listener's own port keeps /_whk/ reserved, and says where to look.
    let reserved = get(listener.addr, "/_whk/");
    assert_eq!(reserved.status, 404);
    assert!(reserved.text().contains("--ui-port"), "{}", reserved.text());
}

// ---------------------------------------------------------------- browser

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A chromedriver process, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts chromedriver on a free port; `None` (after a loud SKIP) when
/// Chromium is not installed and this is not CI.
fn chromedriver() -> Option<Driver> {
    let installed =
        std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists();
    if !installed {
        assert!(
            std::env::var_os("CI").is_none(),
            "{CHROMIUM} or {CHROMEDRIVER} is missing; .ci/run installs them (apt-get install chromium chromium-driver)"
        );
        eprintln!(
            "SKIP inspector browser test: {CHROMIUM} or {CHROMEDRIVER} is missing \
             (apt-get install chromium chromium-driver to run it)"
        );
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver {
        child,
        port,
        _profile: tempfile::tempdir().unwrap(),
    };
    let deadline = Instant::now() + LIMIT;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(driver)
}

/// Where the screenshot goes: `target/ui-test/`.
fn output_dir() -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .join("ui-test");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn inspector_page_in_headless_chromium() {
    let Some(driver) = chromedriver() else {
        return;
    };
    let sandbox = Sandbox::new();
    let receiver = Receiver::start();
    // --validate: each row also says whether its payload matches its schema.
    let (listener, url) = listen_ui(&sandbox, &["--validate"]);
    // Recorded before the page opens: it comes from the history.
    assert!(send(&sandbox, &listener, "SESSION_STARTED", SECRET));

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = runtime.block_on(async {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--window-size=1440,900",
                    format!("--user-data-dir={}", driver._profile.path().display()),
                ],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        fantoccini::ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .expect("a WebDriver session")
    });
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runtime.block_on(browse(&client, &sandbox, &listener, &receiver, &url))
    }));
    // Closing the session ends Chromium, whatever happened.
    let _ = runtime.block_on(client.close());
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

async fn browse(
    client: &fantoccini::Client,
    sandbox: &Sandbox,
    listener: &Listener,
    receiver: &Receiver,
    url: &str,
) {
    use fantoccini::Locator;
    let wait = |css: &'static str| async move {
        client
            .wait()
            .at_most(LIMIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css} on the page within {LIMIT:?}: {e}"))
    };
    client.goto(url).await.expect("open the inspector");
    wait("tr[data-seq='1']").await;
    wait("#live.on").await;
    // A reload would lose this: rows below must arrive live.
    client
        .execute("window.whkNoReload = true;", vec![])
        .await
        .unwrap();

    assert!(send(sandbox, listener, "SESSION_ENDED", SECRET));
    assert!(!send(sandbox, listener, "BALANCE_TOPPED_UP", "wrong"));
    assert!(send(sandbox, listener, "PAYMENT_RECEIVED", SECRET));
    let good = wait("tr[data-seq='2'] [data-verdict]").await;
    assert_eq!(good.text().await.unwrap(), "verified");
    let bad = wait("tr[data-seq='3'] [data-verdict]").await;
    assert_eq!(bad.text().await.unwrap(), "rejected");
    wait("tr[data-seq='4']").await;
    let first = client
        .find(Locator::Css("tr[data-seq='1'] [data-verdict]"))
        .await
        .unwrap();
    assert_eq!(first.text().await.unwrap(), "verified");
    let still = client
        .execute("return window.whkNoReload === true;", vec![])
        .await
        .unwrap();
    assert_eq!(still, json!(true), "the page reloaded");

    // Detail of the rejected one: verdict, diagnosis, headers and body.
    client
        .find(Locator::Css("tr[data-seq='3']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let verdict = wait("#detail-verdict").await;
    assert_eq!(verdict.text().await.unwrap(), "rejected");
    let recorded = get_json(listener.addr, "/_whk/api/deliveries/3");
    let detail = client
        .find(Locator::Css("#detail"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(detail.contains("expected X-IZI-Signature"), "{detail}");
    assert!(!detail.contains("null"), "placeholders rendered: {detail}");
    let headers = client
        .find(Locator::Css("#headers"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(headers.contains("x-izi-signature"), "{headers}");
    let received = recorded["headers"]["x-izi-signature"].as_str().unwrap();
    assert!(headers.contains(received), "{headers}");
    let raw = client
        .find(Locator::Css("#raw-body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(raw, recorded["raw_body"].as_str().unwrap());
    let tree = client
        .find(Locator::Css("#body-tree"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(tree.contains("\"BALANCE_TOPPED_UP\""), "{tree}");

    let shot = client.screenshot().await.expect("a screenshot");
    let path = output_dir().join("inspector.png");
    std::fs::write(&path, &shot).unwrap();
    eprintln!("inspector screenshot: {}", path.display());

    // Replay the rejected delivery, re-signed, to the URL typed in.
    let target = receiver.url("/from-the-page");
    let input = client.find(Locator::Css("#replay-to")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(&target).await.unwrap();
    client
        .find(Locator::Css("#replay"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let got = receiver.wait_for(1, LIMIT);
    assert_eq!(got.len(), 1, "the replay button delivered nothing");
    let body = recorded["raw_body"].as_str().unwrap().as_bytes();
    assert_eq!(got[0].path, "/from-the-page");
    assert_eq!(got[0].body, body);
    assert_eq!(
        got[0].header("x-izi-signature"),
        Some(izi_signature(SECRET, body).as_str())
    );
    let shown = shown_output(client, "\"ok\": true").await;
    assert!(shown.contains(&target), "{shown}");

    // Copy as curl: the same target, signed afresh.
    client
        .find(Locator::Css("#copy-curl"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let command = shown_output(client, "curl -sS").await;
    assert!(command.contains(&format!("'{target}'")), "{command}");
    let signature = format!("x-izi-signature: {}", izi_signature(SECRET, body));
    assert!(command.contains(&signature), "{command}");

    // The schema check: a badge per checked row, the violations in the detail.
    let valid = wait("tr[data-seq='2'] [data-schema]").await;
    assert_eq!(valid.text().await.unwrap(), "schema ✓");
    assert!(
        client
            .find(Locator::Css("tr[data-seq='3'] [data-schema]"))
            .await
            .is_err(),
        "a rejected delivery is not checked"
    );
    let broken = sandbox
        .whk()
        .args([
            "send",
            "SESSION_ENDED",
            "--provider",
            "izi",
            "--secret",
            SECRET,
        ])
        .args([
            "--set",
            "data.cost=\"free\"",
            "--to",
            &listener.url("/hooks/izi"),
        ])
        .output()
        .unwrap();
    assert!(broken.status.success());
    let invalid = wait("tr[data-seq='5'] [data-schema='invalid']").await;
    assert_eq!(invalid.text().await.unwrap(), "schema ✗ 1");
    client
        .find(Locator::Css("tr[data-seq='5']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let deadline = Instant::now() + LIMIT;
    let detail = loop {
        let text = client
            .find(Locator::Css("#detail"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if text.contains("breaks its schema") || Instant::now() > deadline {
            break text;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(detail.contains("breaks its schema"), "{detail}");
    assert!(
        detail.contains("/data/cost")
            && detail.contains("wrong type (expected number, got string \"free\")"),
        "{detail}"
    );
    let shot = client.screenshot().await.expect("a screenshot");
    std::fs::write(output_dir().join("inspector-schema.png"), &shot).unwrap();
}

/// Waits for the actions' output to contain `needle`; returns it.
async fn shown_output(client: &fantoccini::Client, needle: &str) -> String {
    let deadline = Instant::now() + LIMIT;
    loop {
        let shown = client
            .find(fantoccini::Locator::Css("#action-output"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if shown.contains(needle) {
            return shown;
        }
        assert!(
            Instant::now() < deadline,
            "no '{needle}' in the actions' output: {shown:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
