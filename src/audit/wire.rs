//! The audit's HTTP/1.1 client: requests written on a tokio `TcpStream` by
//! hand, the answer's status line read with `httparse`.
//!
//! Why not reqwest, as `whk send` uses: three cases need control below it.
//! `header-case` sends header names in a letter case of its own (reqwest and
//! hyper write every name lowercase, and hyper 1's `preserve_header_case`
//! only replays a case map it recorded itself, which callers cannot build);
//! `oversized-body` must hear a 413 sent before the 10 MiB body was read, and
//! tell a refused body (the connection closed mid-body) from a crash; and
//! every timing runs to the status line, which is what a provider's timeout
//! measures. The framing is a request line, headers, `Content-Length` and
//! `Connection: close`: a few dozen lines, with nothing left to interpret.
//!
//! Plain `http://` only: an audit targets the app on the developer's machine
//! or in CI, before any TLS terminator.

use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::AuditError;

/// Where the requests go, parsed once.
#[derive(Debug, Clone)]
pub struct Target {
    pub url: String,
    host: String,
    port: u16,
    /// `host:port` as the Host header carries it.
    authority: String,
    /// Path and query.
    path: String,
}

impl Target {
    pub fn parse(url: &str) -> Result<Target, AuditError> {
        let invalid = |reason: String| AuditError::Url {
            url: url.to_string(),
            reason,
        };
        let parsed = reqwest::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
        if parsed.scheme() != "http" {
            return Err(invalid(format!(
                "whk audit speaks plain http to the app it checks, not '{}'; audit the app behind the TLS terminator, e.g. http://localhost:8080/webhooks",
                parsed.scheme()
            )));
        }
        let host = parsed
            .host_str()
            .ok_or_else(|| invalid("it has no host".into()))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let port = parsed.port_or_known_default().unwrap_or(80);
        let authority = match parsed.port() {
            Some(port) => format!("{}:{port}", parsed.host_str().unwrap_or_default()),
            None => parsed.host_str().unwrap_or_default().to_string(),
        };
        let mut path = parsed.path().to_string();
        if let Some(query) = parsed.query() {
            path.push('?');
            path.push_str(query);
        }
        Ok(Target {
            url: url.to_string(),
            host,
            port,
            authority,
            path,
        })
    }

    /// Whether anything accepts connections there at all.
    pub async fn reachable(&self, timeout: Duration) -> Result<(), String> {
        match tokio::time::timeout(timeout, self.connect()).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(err)) => Err(crate::http::describe_error(&err, &self.url)),
            Err(_) => Err(format!(
                "no connection to {} within {} s",
                self.url,
                timeout.as_secs()
            )),
        }
    }

    async fn connect(&self) -> std::io::Result<TcpStream> {
        let stream = TcpStream::connect((self.host.as_str(), self.port)).await?;
        stream.set_nodelay(true)?;
        Ok(stream)
    }
}

/// One request as it goes on the wire: header names exactly as given.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: &'static str,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

impl Request {
    pub fn post(headers: Vec<(String, String)>, body: impl Into<Bytes>) -> Request {
        Request {
            method: "POST",
            headers,
            body: body.into(),
        }
    }

    /// Drops every header called `name`, whatever its case.
    pub fn remove(&mut self, name: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// Replaces the value of header `name` (added when missing).
    pub fn set(&mut self, name: &str, value: String) {
        self.remove(name);
        self.headers.push((name.to_string(), value));
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn head(&self, target: &Target) -> Vec<u8> {
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {}\r\n",
            self.method, target.path, target.authority
        );
        for (name, value) in &self.headers {
            // Framing is this writer's: the body below is the whole body.
            if ["host", "content-length", "connection", "transfer-encoding"]
                .iter()
                .any(|framing| name.eq_ignore_ascii_case(framing))
            {
                continue;
            }
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !(self.method == "GET" && self.body.is_empty()) {
            head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        head.push_str("Connection: close\r\n\r\n");
        head.into_bytes()
    }
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Status(u16),
    /// The connection closed or was reset before any answer.
    Closed,
    /// Nothing within the timeout.
    TimedOut,
    /// No connection, or an answer that is not HTTP.
    Failed(String),
}

/// One request's answer and how long it took to arrive.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub answer: Answer,
    /// To the status line (or to the failure, or the timeout).
    pub elapsed: Duration,
}

impl Exchange {
    pub fn status(&self) -> Option<u16> {
        match self.answer {
            Answer::Status(status) => Some(status),
            _ => None,
        }
    }
}

/// Sends `request` on a fresh connection and waits up to `timeout` for the
/// status line. The body is written while the answer is read, so an early
/// answer (413 before the body) is heard.
pub async fn send(target: &Target, request: &Request, timeout: Duration) -> Exchange {
    let started = Instant::now();
    let answer = tokio::time::timeout(timeout, exchange(target, request))
        .await
        .unwrap_or(Answer::TimedOut);
    Exchange {
        answer,
        elapsed: started.elapsed(),
    }
}

async fn exchange(target: &Target, request: &Request) -> Answer {
    let stream = match target.connect().await {
        Ok(stream) => stream,
        Err(err) => return Answer::Failed(crate::http::describe_error(&err, &target.url)),
    };
    let (mut reader, mut writer) = stream.into_split();
    let head = request.head(target);
    let body = request.body.clone();
    // The write half is kept until the answer is read: dropping it would
    // half-close the connection, which some servers take as a hang-up. The
    // guard ends the writer with the exchange, also when the timeout drops
    // this future, so a server that never reads cannot keep a 10 MiB write alive.
    let _writing = AbortOnDrop(tokio::spawn(async move {
        let _ = async {
            writer.write_all(&head).await?;
            writer.write_all(&body).await?;
            writer.flush().await
        }
        .await;
        writer
    }));
    read_status(&mut reader).await
}

struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Reads until the response head is complete and returns its status.
async fn read_status(reader: &mut tokio::net::tcp::OwnedReadHalf) -> Answer {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        match reader.read(&mut chunk).await {
            Ok(0) => return Answer::Closed,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(err) if is_reset(&err) => return Answer::Closed,
            Err(err) => return Answer::Failed(format!("reading the answer failed: {err}")),
        }
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut response = httparse::Response::new(&mut headers);
        match response.parse(&buffer) {
            // 1xx are interim answers (100 Continue): the real one follows.
            Ok(httparse::Status::Complete(used)) if response.code.is_some_and(|c| c < 200) => {
                buffer.drain(..used);
            }
            Ok(httparse::Status::Complete(_)) => {
                return Answer::Status(response.code.unwrap_or_default())
            }
            Ok(httparse::Status::Partial) if buffer.len() > 64 * 1024 => {
                return Answer::Failed("the answer's head is over 64 KiB".into())
            }
            Ok(httparse::Status::Partial) => {}
            Err(err) => return Answer::Failed(format!("the answer is not HTTP/1.1: {err}")),
        }
    }
}

fn is_reset(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        std::io::ErrorKind::ConnectionReset
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::BrokenPipe
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_keep_path_query_and_port() {
        let target = Target::parse("http://localhost:8080/hooks/izi?tenant=a").unwrap();
        assert_eq!(target.path, "/hooks/izi?tenant=a");
        assert_eq!(target.authority, "localhost:8080");
        assert_eq!(target.port, 8080);
        assert_eq!(Target::parse("http://[::1]/").unwrap().host, "::1");
        let err = Target::parse("https://example.com/")
            .unwrap_err()
            .to_string();
        assert!(err.contains("plain http"), "{err}");
        assert!(Target::parse("not a url").is_err());
    }

    #[test]
    fn the_head_keeps_header_case_and_owns_the_framing() {
        let target = Target::parse("http://127.0.0.1:3000/x").unwrap();
        let request = Request::post(
            vec![
                ("X-IZI-SIGNATURE".into(), "ab".into()),
                ("content-length".into(), "999".into()),
            ],
            "{}",
        );
        let head = String::from_utf8(request.head(&target)).unwrap();
        assert_eq!(
            head,
            "POST /x HTTP/1.1\r\nHost: 127.0.0.1:3000\r\nX-IZI-SIGNATURE: ab\r\nContent-Length: 2\r\nConnection: close\r\n\r\n"
        );
    }
}
