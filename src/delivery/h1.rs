//! One keep-alive HTTP/1.1 client connection for load mode.
//!
//! Load mode sends the same request shape tens of thousands of times a
//! second, and hyper's client (a dispatch task, a channel and a callback per
//! request) was about a quarter of the load thread. Here a request is written
//! with one write and its answer read with `httparse`, body framing included
//! (length, chunked, or to the close), so the connection can carry the next.

use std::io::Write;

use reqwest::header::{HeaderMap, CONTENT_LENGTH, HOST};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::http::Headers;

/// The most header lines an answer may carry.
const MAX_HEADERS: usize = 100;

/// Why an exchange failed.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("the connection closed before the answer was complete")]
    Closed,
    #[error("the answer is not HTTP/1.1: {0}")]
    Malformed(String),
}

/// One request, borrowed from its event: see [`Connection::exchange`].
#[derive(Clone, Copy)]
pub struct Request<'r> {
    pub method: &'r str,
    /// Origin form: path and query.
    pub target: &'r str,
    pub host: &'r [u8],
    pub headers: &'r HeaderMap,
    pub overrides: &'r Headers,
    pub body: &'r [u8],
}

pub struct Connection {
    stream: TcpStream,
    /// Bytes read and not consumed yet.
    read: Vec<u8>,
    /// The request being written, kept for its capacity.
    write: Vec<u8>,
    /// False once the server said it closes, or an answer ran to the close.
    reusable: bool,
}

/// How an answer's body ends.
enum Framing {
    Empty,
    Length(usize),
    Chunked,
    UntilClose,
}

impl Connection {
    pub async fn open(address: &str) -> std::io::Result<Connection> {
        let stream = TcpStream::connect(address).await?;
        let _ = stream.set_nodelay(true);
        Ok(Connection {
            stream,
            read: Vec::with_capacity(8 * 1024),
            write: Vec::with_capacity(4 * 1024),
            reusable: true,
        })
    }

    pub fn is_reusable(&self) -> bool {
        self.reusable
    }

    /// Sends one request and reads its answer to the end; returns the
    /// status. The request carries `headers` with `overrides` written over
    /// them (a name in both is sent once, as in `overrides`); `host`
    /// replaces any Host, and the length is the body's.
    pub async fn exchange(&mut self, request: Request<'_>) -> Result<u16, ExchangeError> {
        let method = request.method;
        self.render(request);
        if let Err(err) = self.stream.write_all(&self.write).await {
            self.reusable = false;
            return Err(err.into());
        }
        let answer = self.read_answer(method == "HEAD").await;
        if answer.is_err() {
            self.reusable = false;
        }
        answer
    }

    /// Writes `request` into the write buffer: rendered directly, without a
    /// header map per request, since load mode renders tens of thousands a second.
    fn render(&mut self, request: Request<'_>) {
        let Request {
            method,
            target,
            host,
            headers,
            overrides,
            body,
        } = request;
        let out = &mut self.write;
        out.clear();
        let mut line = |parts: &[&[u8]]| {
            for part in parts {
                out.extend_from_slice(part);
            }
            out.extend_from_slice(b"\r\n");
        };
        line(&[method.as_bytes(), b" ", target.as_bytes(), b" HTTP/1.1"]);
        line(&[b"host: ", host]);
        for (name, value) in headers {
            if name == HOST || name == CONTENT_LENGTH || overrides.get(name.as_str()).is_some() {
                continue;
            }
            line(&[name.as_str().as_bytes(), b": ", value.as_bytes()]);
        }
        for (name, value) in overrides.iter() {
            if name.eq_ignore_ascii_case(HOST.as_str())
                || name.eq_ignore_ascii_case(CONTENT_LENGTH.as_str())
            {
                continue;
            }
            line(&[name.as_bytes(), b": ", value.as_bytes()]);
        }
        // Writing into a Vec cannot fail.
        let _ = write!(out, "content-length: {}\r\n\r\n", body.len());
        out.extend_from_slice(body);
    }

    async fn read_answer(&mut self, head_request: bool) -> Result<u16, ExchangeError> {
        loop {
            let parsed = {
                let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
                let mut response = httparse::Response::new(&mut headers);
                match response.parse(&self.read) {
                    Ok(httparse::Status::Complete(length)) => {
                        let status = response.code.unwrap_or_default();
                        let closes = response.version == Some(0)
                            || has_token(response.headers, "connection", "close");
                        Some((
                            length,
                            status,
                            framing(response.headers, status, head_request)?,
                            closes,
                        ))
                    }
                    Ok(httparse::Status::Partial) => None,
                    Err(err) => return Err(ExchangeError::Malformed(err.to_string())),
                }
            };
            let Some((length, status, framing, closes)) = parsed else {
                self.fill().await?;
                continue;
            };
            self.read.drain(..length);
            // An interim answer (100 Continue) precedes the real one.
            if (100..200).contains(&status) && status != 101 {
                continue;
            }
            self.skip_body(framing).await?;
            // After 101 the connection speaks another protocol.
            if closes || status == 101 {
                self.reusable = false;
            }
            return Ok(status);
        }
    }

    /// Reads more of the answer; the peer closing here cuts it short.
    async fn fill(&mut self) -> Result<(), ExchangeError> {
        self.read.reserve(8 * 1024);
        match self.stream.read_buf(&mut self.read).await? {
            0 => Err(ExchangeError::Closed),
            _ => Ok(()),
        }
    }

    async fn skip(&mut self, mut left: usize) -> Result<(), ExchangeError> {
        loop {
            let taken = left.min(self.read.len());
            self.read.drain(..taken);
            left -= taken;
            if left == 0 {
                return Ok(());
            }
            self.fill().await?;
        }
    }

    async fn skip_body(&mut self, framing: Framing) -> Result<(), ExchangeError> {
        match framing {
            Framing::Empty => Ok(()),
            Framing::Length(length) => self.skip(length).await,
            Framing::Chunked => loop {
                match httparse::parse_chunk_size(&self.read) {
                    Ok(httparse::Status::Complete((consumed, 0))) => {
                        self.read.drain(..consumed);
                        return self.skip_trailers().await;
                    }
                    Ok(httparse::Status::Complete((consumed, size))) => {
                        self.read.drain(..consumed);
                        let size = usize::try_from(size)
                            .map_err(|_| ExchangeError::Malformed("a chunk too large".into()))?;
                        // The chunk and the CRLF after it.
                        self.skip(size + 2).await?;
                    }
                    Ok(httparse::Status::Partial) => self.fill().await?,
                    Err(_) => return Err(ExchangeError::Malformed("a bad chunk size".into())),
                }
            },
            Framing::UntilClose => {
                self.reusable = false;
                loop {
                    self.read.clear();
                    match self.fill().await {
                        Ok(()) => {}
                        Err(ExchangeError::Closed) => return Ok(()),
                        Err(err) => return Err(err),
                    }
                }
            }
        }
    }

    /// Skips the trailer lines after the last chunk, up to the empty line.
    async fn skip_trailers(&mut self) -> Result<(), ExchangeError> {
        loop {
            match self.read.windows(2).position(|pair| pair == b"\r\n") {
                Some(0) => {
                    self.read.drain(..2);
                    return Ok(());
                }
                Some(end) => {
                    self.read.drain(..end + 2);
                }
                None => self.fill().await?,
            }
        }
    }
}

fn header<'h>(headers: &'h [httparse::Header<'h>], name: &str) -> Option<&'h [u8]> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value)
}

/// Whether header `name` lists `token` (comma-separated, any case).
fn has_token(headers: &[httparse::Header<'_>], name: &str, token: &str) -> bool {
    headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case(name))
        .flat_map(|h| h.value.split(|&b| b == b','))
        .any(|item| item.trim_ascii().eq_ignore_ascii_case(token.as_bytes()))
}

/// How the body of an answer with `status` ends (RFC 9112, section 6.3).
fn framing(
    headers: &[httparse::Header<'_>],
    status: u16,
    head_request: bool,
) -> Result<Framing, ExchangeError> {
    if head_request || status == 204 || status == 304 || (100..200).contains(&status) {
        return Ok(Framing::Empty);
    }
    if has_token(headers, "transfer-encoding", "chunked") {
        return Ok(Framing::Chunked);
    }
    match header(headers, "content-length") {
        Some(value) => std::str::from_utf8(value)
            .ok()
            .and_then(|text| text.trim().parse().ok())
            .map(Framing::Length)
            .ok_or_else(|| ExchangeError::Malformed("a bad Content-Length".into())),
        None => Ok(Framing::UntilClose),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    /// A server that answers each request on one connection with the next
    /// of `answers`, written as given, then closes.
    async fn serve(answers: Vec<&'static [u8]>) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap().to_string();
        tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut seen = Vec::new();
            for answer in answers {
                // Read up to the end of this request (no body is sent below).
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    let mut chunk = [0u8; 1024];
                    let n = stream.read(&mut chunk).await.unwrap();
                    if n == 0 {
                        return;
                    }
                    seen.extend_from_slice(&chunk[..n]);
                }
                seen.clear();
                stream.write_all(answer).await.unwrap();
            }
        });
        address
    }

    async fn get(connection: &mut Connection) -> Result<u16, ExchangeError> {
        connection
            .exchange(Request {
                method: "GET",
                target: "/",
                host: b"example.test",
                headers: &HeaderMap::new(),
                overrides: &Headers::new(),
                body: b"",
            })
            .await
    }

    #[tokio::test]
    async fn answers_of_every_framing_are_read_to_their_end() {
        let address = serve(vec![
            b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello",
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nTrailer: 1\r\n\r\n",
            b"HTTP/1.1 204 No Content\r\n\r\n",
            b"HTTP/1.1 500 Internal Server Error\r\nconnection: keep-alive, Close\r\ncontent-length: 0\r\n\r\n",
        ])
        .await;
        let mut connection = Connection::open(&address).await.unwrap();
        assert_eq!(get(&mut connection).await.unwrap(), 200);
        assert_eq!(get(&mut connection).await.unwrap(), 201);
        assert_eq!(get(&mut connection).await.unwrap(), 204);
        assert!(connection.is_reusable());
        assert_eq!(get(&mut connection).await.unwrap(), 500);
        assert!(!connection.is_reusable(), "the server said it closes");
    }

    #[tokio::test]
    async fn a_body_to_the_close_is_read_and_the_connection_retired() {
        let address = serve(vec![b"HTTP/1.1 200 OK\r\n\r\nall of it"]).await;
        let mut connection = Connection::open(&address).await.unwrap();
        assert_eq!(get(&mut connection).await.unwrap(), 200);
        assert!(!connection.is_reusable());
    }

    #[tokio::test]
    async fn a_cut_or_garbled_answer_is_an_error() {
        let address = serve(vec![b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nshort"]).await;
        let mut connection = Connection::open(&address).await.unwrap();
        assert!(matches!(
            get(&mut connection).await,
            Err(ExchangeError::Closed)
        ));
        let address = serve(vec![b"SMTP ready\r\n\r\n"]).await;
        let mut connection = Connection::open(&address).await.unwrap();
        assert!(matches!(
            get(&mut connection).await,
            Err(ExchangeError::Malformed(_))
        ));
    }

    #[test]
    fn the_request_is_one_buffer_with_its_length_and_our_host() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let written = runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let address = listener.local_addr().unwrap().to_string();
            let mut connection = Connection::open(&address).await.unwrap();
            let mut headers = HeaderMap::new();
            headers.insert("x-hub-signature-256", "sha256=stale".parse().unwrap());
            headers.insert("x-github-event", "push".parse().unwrap());
            headers.insert(HOST, "ignored.test".parse().unwrap());
            headers.insert(CONTENT_LENGTH, "99".parse().unwrap());
            let overrides = Headers::from_pairs(&[
                ("X-Hub-Signature-256", "sha256=00"),
                ("Content-Length", "98"),
            ]);
            connection.render(Request {
                method: "POST",
                target: "/hooks?a=1",
                host: b"127.0.0.1:9",
                headers: &headers,
                overrides: &overrides,
                body: b"{}",
            });
            String::from_utf8(connection.write.clone()).unwrap()
        });
        assert_eq!(
            written,
            "POST /hooks?a=1 HTTP/1.1\r\nhost: 127.0.0.1:9\r\nx-github-event: push\r\n\
             X-Hub-Signature-256: sha256=00\r\ncontent-length: 2\r\n\r\n{}"
        );
    }
}
