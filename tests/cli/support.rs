//! Test support: a sandboxed `whk` command, a spawned listener, and an
//! in-process HTTP receiver on port 0 that records what it is sent.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A throw-away home: `WHK_HOME` and the working directory both point into a
/// temp dir, so no test reads or writes a real config or store.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// `whk` with a clean, deterministic environment.
    pub fn whk(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("whk").expect("whk binary");
        self.configure(cmd.env_clear_whk());
        cmd
    }

    /// The same, as a `std::process::Command` for long-running children.
    pub fn whk_std(&self) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("whk"));
        for var in ENV_TO_CLEAR {
            cmd.env_remove(var);
        }
        cmd.env("WHK_HOME", self.home())
            .env("NO_COLOR", "1")
            .current_dir(self.path());
        cmd
    }

    fn configure<'a>(&self, cmd: &'a mut assert_cmd::Command) -> &'a mut assert_cmd::Command {
        cmd.env("WHK_HOME", self.home())
            .env("NO_COLOR", "1")
            .current_dir(self.path())
            .timeout(Duration::from_secs(60))
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, contents).expect("write test file");
        path
    }

    /// `whk events export` of `store` (the default store when `None`), parsed;
    /// the export must succeed.
    pub fn export(&self, store: Option<&Path>) -> Vec<serde_json::Value> {
        let mut cmd = self.whk();
        cmd.args(["events", "export"]);
        if let Some(store) = store {
            cmd.arg("--store").arg(store);
        }
        let out = cmd.output().expect("run whk events export");
        assert!(
            out.status.success(),
            "events export failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        json_lines(&out.stdout)
    }

    /// Starts `whk listen --port 0 <args>` and waits for its address.
    pub fn listen(&self, args: &[&str]) -> Listener {
        let mut command = self.whk_std();
        command.args(["listen", "--port", "0"]).args(args);
        Listener::spawn(command)
    }
}

impl Listener {
    /// Starts a prepared `whk listen` command and waits for its address.
    pub fn spawn(mut command: Command) -> Listener {
        let json = command.get_args().any(|arg| arg == "--json");
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn whk listen");
        let stderr = child.stderr.take().expect("stderr");
        let stdout = child.stdout.take().expect("stdout");
        let (addr, stderr_lines, stderr_reader) = wait_for_address(stderr);
        let mut listener = Listener {
            child,
            addr,
            stdout: Some(BufReader::new(stdout)),
            stderr_lines,
            stderr_reader: Some(stderr_reader),
            listening: None,
        };
        if json {
            // The first NDJSON line says where it listens; deliveries follow.
            let first = listener.next_json();
            assert_eq!(
                first["listening"],
                format!("http://{addr}/"),
                "the first --json line is the listening record: {first}"
            );
            listener.listening = Some(first);
        }
        listener
    }
}

const ENV_TO_CLEAR: [&str; 5] = ["WHK_SECRET", "WHK_PROVIDER", "WHK_HOME", "CI", "COLUMNS"];

trait ClearWhkEnv {
    fn env_clear_whk(&mut self) -> &mut Self;
}

impl ClearWhkEnv for assert_cmd::Command {
    fn env_clear_whk(&mut self) -> &mut Self {
        for var in ENV_TO_CLEAR {
            self.env_remove(var);
        }
        self
    }
}

/// Reads the listener's stderr until it prints `listening on http://ADDR/`,
/// then keeps collecting stderr lines in the background.
fn wait_for_address(
    stderr: ChildStderr,
) -> (
    SocketAddr,
    Arc<Mutex<Vec<String>>>,
    std::thread::JoinHandle<()>,
) {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let collected = Arc::clone(&lines);
    let reader = std::thread::spawn(move || {
        let mut sent = false;
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if !sent {
                if let Some(addr) = parse_listening_line(&line) {
                    let _ = tx.send(addr);
                    sent = true;
                }
            }
            collected.lock().unwrap().push(line);
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|_| {
            panic!(
                "listener printed no address; stderr: {:?}",
                lines.lock().unwrap()
            )
        });
    (addr, lines, reader)
}

fn parse_listening_line(line: &str) -> Option<SocketAddr> {
    let rest = line.split("listening on http://").nth(1)?;
    rest.split('/').next()?.parse().ok()
}

/// A running `whk listen`; killed when dropped.
pub struct Listener {
    pub child: Child,
    pub addr: SocketAddr,
    pub stdout: Option<BufReader<ChildStdout>>,
    pub stderr_lines: Arc<Mutex<Vec<String>>>,
    /// Collects `stderr_lines` until the listener closes its stderr.
    stderr_reader: Option<std::thread::JoinHandle<()>>,
    /// The `{"listening": ...}` record a `--json` listener prints first.
    pub listening: Option<serde_json::Value>,
}

impl Listener {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Reads one NDJSON line from stdout (the listener must run with --json).
    pub fn next_json(&mut self) -> serde_json::Value {
        let mut line = String::new();
        let stdout = self.stdout.as_mut().expect("stdout taken");
        stdout.read_line(&mut line).expect("read listener stdout");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line:?}"))
    }

    /// Waits for the process to exit on its own, up to `limit`.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Its last words may still be in the pipe: read them before
                // a test looks at stderr().
                while self
                    .stderr_reader
                    .as_ref()
                    .is_some_and(|reader| !reader.is_finished())
                    && Instant::now() < deadline
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    pub fn stderr(&self) -> String {
        self.stderr_lines.lock().unwrap().join("\n")
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How the receiver answers: a queue of planned responses, then `fallback`.
#[derive(Debug, Clone)]
pub enum Reply {
    Status(u16),
    /// Answer after a delay.
    Slow(u16, Duration),
    /// Close the connection without answering.
    Hangup,
    /// Write the status line, headers promising a body, half of that body,
    /// then close: a server that resets mid-response.
    Partial(u16),
}

/// An HTTP/1.1 server on 127.0.0.1:0 in its own thread, recording requests.
/// Built on std only, so it is independent of the code under test.
pub struct Receiver {
    pub addr: SocketAddr,
    pub requests: Arc<Mutex<Vec<Received>>>,
    plan: Arc<Mutex<VecDeque<Reply>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

impl Receiver {
    pub fn start() -> Self {
        Self::with_plan(Vec::new())
    }

    /// Answers the first requests as planned, the rest with 200.
    pub fn with_plan(plan: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind receiver");
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let plan = Arc::new(Mutex::new(VecDeque::from(plan)));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (reqs, pl, st) = (Arc::clone(&requests), Arc::clone(&plan), Arc::clone(&stop));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if st.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (reqs, pl) = (Arc::clone(&reqs), Arc::clone(&pl));
                std::thread::spawn(move || serve_connection(stream, reqs, pl));
            }
        });
        Receiver {
            addr,
            requests,
            plan,
            stop,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn received(&self) -> Vec<Received> {
        self.requests.lock().unwrap().clone()
    }

    /// Waits until at least `n` requests arrived, up to `limit`.
    pub fn wait_for(&self, n: usize, limit: Duration) -> Vec<Received> {
        let deadline = Instant::now() + limit;
        loop {
            let got = self.received();
            if got.len() >= n || Instant::now() > deadline {
                return got;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        // Wake the accept loop so the thread ends.
        let _ = std::net::TcpStream::connect(self.addr);
    }
}

fn serve_connection(
    stream: std::net::TcpStream,
    requests: Arc<Mutex<Vec<Received>>>,
    plan: Arc<Mutex<VecDeque<Reply>>>,
) {
    use std::io::{Read, Write};
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        match reader.read_line(&mut request_line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_string();
        let path = parts.next().unwrap_or_default().to_string();
        let mut headers = Vec::new();
        let mut content_length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                let (name, value) = (name.trim().to_string(), value.trim().to_string());
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.parse().unwrap_or(0);
                }
                headers.push((name, value));
            }
        }
        let mut body = vec![0; content_length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        requests.lock().unwrap().push(Received {
            method,
            path,
            headers,
            body,
            at: Instant::now(),
        });
        let reply = plan
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or(Reply::Status(200));
        let status = match reply {
            Reply::Hangup => return,
            Reply::Partial(status) => {
                let _ = writer.write_all(
                    format!("HTTP/1.1 {status} X\r\ncontent-length: 100\r\n\r\n{{\"half\":")
                        .as_bytes(),
                );
                return;
            }
            Reply::Slow(status, delay) => {
                std::thread::sleep(delay);
                status
            }
            Reply::Status(status) => status,
        };
        let body = format!("{{\"status\":{status}}}");
        let response = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

/// An HTTP response read off the wire by [`http_request`].
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request over a fresh std `TcpStream` (`Connection: close`),
/// independent of the HTTP stacks under test.
pub fn http_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> std::io::Result<HttpResponse> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw)
}

/// A GET that must get an answer.
pub fn get(addr: SocketAddr, path: &str) -> HttpResponse {
    http_request(addr, "GET", path, &[], b"")
        .unwrap_or_else(|e| panic!("GET {path} from {addr}: {e}"))
}

/// A signed POST that must get an answer.
pub fn post(
    addr: SocketAddr,
    path: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> HttpResponse {
    http_request(addr, "POST", path, headers, body)
        .unwrap_or_else(|e| panic!("POST {path} to {addr}: {e}"))
}

fn parse_response(raw: &[u8]) -> std::io::Result<HttpResponse> {
    parse_one_response(raw).map(|(response, _)| response)
}

/// Every complete response in `raw`, in order (pipelined answers).
pub fn parse_responses(mut raw: &[u8]) -> Vec<HttpResponse> {
    let mut responses = Vec::new();
    while let Ok((response, used)) = parse_one_response(raw) {
        responses.push(response);
        raw = &raw[used..];
    }
    responses
}

/// The first response in `raw` and how many bytes it took; without a
/// Content-Length the body runs to the end.
fn parse_one_response(raw: &[u8]) -> std::io::Result<(HttpResponse, usize)> {
    let invalid =
        |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| invalid("no end of headers in the response"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| invalid("no status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let rest = &raw[split + 4..];
    let len = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .map_or(rest.len(), |len| len.min(rest.len()));
    let response = HttpResponse {
        status,
        headers,
        body: rest[..len].to_vec(),
    };
    Ok((response, split + 4 + len))
}

/// How [`exchange_raw`] ends its side of the connection once the bytes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Keep writing side open; the request itself asks for `Connection: close`.
    Open,
    /// Shut the writing side down (a client that gives up mid-request).
    HalfClose,
}

/// Writes `bytes` as they are (from another thread, so a server that answers
/// before reading everything is still heard) and returns every response read
/// until the server closes the connection, at most `limit` later. An empty list
/// means the connection closed without an answer.
pub fn exchange_raw(
    addr: SocketAddr,
    bytes: Vec<u8>,
    ending: Ending,
    limit: Duration,
) -> std::io::Result<Vec<HttpResponse>> {
    use std::io::{Read, Write};
    let stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(limit))?;
    let mut writer = stream.try_clone()?;
    let written = std::thread::spawn(move || {
        // The server may refuse early and close: a failed write is its answer.
        if writer.write_all(&bytes).is_ok() && ending == Ending::HalfClose {
            let _ = writer.shutdown(std::net::Shutdown::Write);
        }
    });
    let mut raw = Vec::new();
    let mut reader = stream;
    let mut chunk = [0; 16 * 1024];
    let deadline = Instant::now() + limit;
    let outcome = loop {
        match reader.read(&mut chunk) {
            Ok(0) => break Ok(()),
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
            // A reset after the answer (the server closed with our bytes
            // unread) still leaves the answer read so far.
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break Ok(()),
            Err(e) => break Err(e),
        }
        if Instant::now() > deadline {
            break Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the server kept the connection open",
            ));
        }
    };
    let _ = reader.shutdown(std::net::Shutdown::Both);
    let _ = written.join();
    outcome.map(|()| parse_responses(&raw))
}

/// One keep-alive HTTP/1.1 connection for many requests in turn.
pub struct KeepAlive {
    reader: BufReader<std::net::TcpStream>,
    writer: std::net::TcpStream,
}

impl KeepAlive {
    pub fn connect(addr: SocketAddr) -> std::io::Result<KeepAlive> {
        let writer = std::net::TcpStream::connect(addr)?;
        writer.set_read_timeout(Some(Duration::from_secs(60)))?;
        writer.set_nodelay(true)?;
        Ok(KeepAlive {
            reader: BufReader::new(writer.try_clone()?),
            writer,
        })
    }

    /// Sends one POST and reads its answer (which must carry a Content-Length).
    pub fn post(
        &mut self,
        path: &str,
        headers: &[(String, String)],
        body: &[u8],
    ) -> std::io::Result<HttpResponse> {
        use std::io::{Read, Write};
        let mut request = format!(
            "POST {path} HTTP/1.1\r\nhost: test\r\ncontent-length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        let mut bytes = request.into_bytes();
        bytes.extend_from_slice(body);
        self.writer.write_all(&bytes)?;
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            let mut line = Vec::new();
            if self.reader.read_until(b'\n', &mut line)? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            head.extend_from_slice(&line);
        }
        let (mut response, _) = parse_one_response(&head)?;
        let len = response
            .header("content-length")
            .and_then(|v| v.parse::<usize>().ok())
            .ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, "no content-length")
            })?;
        response.body = vec![0; len];
        self.reader.read_exact(&mut response.body)?;
        Ok(response)
    }
}

/// NDJSON output (stdout of `--json` commands), one value per line.
pub fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("output line is not JSON ({e}): {line:?}"))
        })
        .collect()
}

/// The current unix time in seconds.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Header pairs from `&str` tuples.
pub fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

/// Panics unless `record` matches the committed NDJSON contract.
pub fn assert_matches_delivery_schema(record: &serde_json::Value) {
    if let Some(err) = delivery_schema_violation(record) {
        panic!("record does not match the schema: {err}\n{record}");
    }
}

/// Why `record` breaks the committed NDJSON contract,
/// `schema/delivery.schema.json` (formats asserted); `None` when it holds.
pub fn delivery_schema_violation(record: &serde_json::Value) -> Option<String> {
    schema_violation(include_str!("../../schema/delivery.schema.json"), record)
}

/// Why `record` breaks the JSON Schema `schema`; `None` when it holds.
pub fn schema_violation(schema: &str, record: &serde_json::Value) -> Option<String> {
    let schema: serde_json::Value = serde_json::from_str(schema).expect("schema is JSON");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler.add_resource("urn:whk:delivery", schema).unwrap();
    let index = compiler
        .compile("urn:whk:delivery", &mut schemas)
        .expect("schema compiles");
    schemas
        .validate(record, index)
        .err()
        .map(|err| format!("{err:#}"))
}

/// A Standard Webhooks delivery of `event_type` with id `id`, signed with the oracle.
pub fn standard_delivery(
    secret: &str,
    id: &str,
    event_type: &str,
) -> (Vec<(String, String)>, Vec<u8>) {
    let body =
        format!(r#"{{"type":"{event_type}","timestamp":"2024-05-01T12:00:00Z","data":{{"n":1}}}}"#)
            .into_bytes();
    let ts = unix_now().to_string();
    let signature = oracle::standard(secret, id, &ts, &body);
    let headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("webhook-id".to_string(), id.to_string()),
        ("webhook-timestamp".to_string(), ts),
        ("webhook-signature".to_string(), signature),
    ];
    (headers, body)
}

impl Listener {
    /// Waits until a stderr line contains `needle`, up to `limit`; returns that line.
    pub fn wait_stderr(&self, needle: &str, limit: Duration) -> Option<String> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(line) = self
                .stderr_lines
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.contains(needle))
            {
                return Some(line.clone());
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Sends SIGTERM (through kill(1): the tests take no libc dependency).
    pub fn terminate(&self) {
        self.signal("TERM");
    }

    /// Sends signal `name` (`TERM`, `INT`, ...) to the listener.
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Reads stdout away in the background, so printing never holds the
    /// listener back when the test checks the store instead.
    pub fn drain_stdout(&mut self) {
        use std::io::Read;
        if let Some(mut stdout) = self.stdout.take() {
            std::thread::spawn(move || {
                let mut sink = [0; 64 * 1024];
                while matches!(stdout.read(&mut sink), Ok(n) if n > 0) {}
            });
        }
    }

    /// Whether the process is still running (it has not crashed or exited).
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_none()
    }

    /// Everything left on stdout, once the process has exited.
    pub fn rest_text(&mut self) -> String {
        use std::io::Read;
        let mut text = String::new();
        if let Some(stdout) = self.stdout.as_mut() {
            stdout
                .read_to_string(&mut text)
                .expect("read listener stdout");
        }
        text
    }

    /// Everything left on stdout, once the process has exited, as NDJSON values.
    pub fn rest_json(&mut self) -> Vec<serde_json::Value> {
        use std::io::Read;
        let mut text = String::new();
        if let Some(stdout) = self.stdout.as_mut() {
            stdout
                .read_to_string(&mut text)
                .expect("read listener stdout");
        }
        text.lines()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line:?}"))
            })
            .collect()
    }
}

/// Independent oracles: HMACs computed here from the providers' specs with
/// the `hmac`/`sha2` crates directly, never through whk's signer.
pub mod oracle {
    use base64::Engine;
    use hmac::{Hmac, Mac};
    use sha2::Sha256;

    pub fn hmac_sha256(key: &[u8], content: &[u8]) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
        mac.update(content);
        mac.finalize().into_bytes().to_vec()
    }

    pub fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    /// Standard Webhooks: key is the base64 after `whsec_`.
    pub fn standard(secret: &str, id: &str, timestamp: &str, body: &[u8]) -> String {
        let key = base64::engine::general_purpose::STANDARD
            .decode(secret.trim_start_matches("whsec_"))
            .unwrap();
        let content = [format!("{id}.{timestamp}.").as_bytes(), body].concat();
        format!("v1,{}", b64(&hmac_sha256(&key, &content)))
    }

    pub fn hex(bytes: &[u8]) -> String {
        hex::encode(bytes)
    }

    /// GitHub: `sha256=<hex HMAC-SHA256 of the body>`, key = whole secret.
    pub fn github(secret: &str, body: &[u8]) -> String {
        format!("sha256={}", hex(&hmac_sha256(secret.as_bytes(), body)))
    }

    /// Slack: `v0=<hex HMAC-SHA256 of "v0:<ts>:<body>">`, key = whole secret.
    pub fn slack(secret: &str, timestamp: &str, body: &[u8]) -> String {
        let content = [format!("v0:{timestamp}:").as_bytes(), body].concat();
        format!("v0={}", hex(&hmac_sha256(secret.as_bytes(), &content)))
    }

    /// Stripe: `t=<ts>,v1=<hex HMAC-SHA256 of "<ts>.<body>">`, key = whole secret.
    pub fn stripe(secret: &str, timestamp: &str, body: &[u8]) -> String {
        let content = [format!("{timestamp}.").as_bytes(), body].concat();
        format!(
            "t={timestamp},v1={}",
            hex(&hmac_sha256(secret.as_bytes(), &content))
        )
    }
}

/// Generated files committed to the repository (help snapshots, man pages,
/// completions): compared with what the binary generates now, rewritten when
/// `WHK_UPDATE_SNAPSHOTS=1`.
pub mod snapshot {
    use std::path::Path;

    pub const UPDATE_VAR: &str = "WHK_UPDATE_SNAPSHOTS";

    /// Compares `actual` with a committed file, or rewrites it when
    /// WHK_UPDATE_SNAPSHOTS=1. Returns a description of a mismatch.
    pub fn check(path: &Path, actual: &str) -> Option<String> {
        if std::env::var_os(UPDATE_VAR).is_some_and(|v| v == "1") {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, actual).unwrap();
            return None;
        }
        match std::fs::read_to_string(path) {
            Ok(expected) if expected == actual => None,
            Ok(expected) => {
                let line = expected
                    .lines()
                    .zip(actual.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
                Some(format!(
                    "{} differs from the output, first at line {}:\n  committed: {:?}\n  now:       {:?}",
                    path.display(),
                    line + 1,
                    expected.lines().nth(line).unwrap_or("<end>"),
                    actual.lines().nth(line).unwrap_or("<end>"),
                ))
            }
            Err(_) => Some(format!("{} is missing", path.display())),
        }
    }

    pub fn fail_on(mismatches: Vec<String>) {
        assert!(
            mismatches.is_empty(),
            "{}\n\nIf the change is intended, regenerate with:\n  {UPDATE_VAR}=1 cargo test --test cli\nand commit the result.",
            mismatches.join("\n")
        );
    }

    /// Files in `dir` that no generated output corresponds to any more.
    pub fn stale(dir: &Path, expected: &[String]) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().to_string())
            .filter(|name| !expected.contains(name))
            .map(|name| {
                format!(
                    "{} has no command any more; delete it",
                    dir.join(name).display()
                )
            })
            .collect()
    }
}
