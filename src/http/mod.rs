//! HTTP plumbing shared by every command that talks HTTP: the outgoing client
//! (send, replay, listen's forwarding), the error wording for failed
//! requests, [`curl`] commands, the [`Headers`] type and how credentials in
//! them are shown ([`redact`]), and the reply types of
//! whk's own answers ([`server`]). The receiving server itself lives in
//! `receiver`; this is a leaf and imports nothing of whk.

pub mod curl;
pub mod headers;
pub mod redact;
pub mod sender_url;
pub mod server;
pub mod wire;

pub use headers::{is_hop_by_hop, Headers};
pub use redact::Redactor;

use std::time::Duration;

/// A pooled client for outgoing deliveries. `timeout` of `None` waits forever
/// (a developer sitting on a breakpoint in the forwarded-to app).
pub fn client(timeout: Option<Duration>) -> reqwest::Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .user_agent(wire::WHK_USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(256)
        .tcp_nodelay(true);
    if let Some(timeout) = timeout {
        builder = builder.timeout(timeout);
    }
    builder.build()
}

/// How much of an answer whk keeps (forward targets, send and replay
/// targets); the rest is read, so the connection can be reused, and counted.
pub const ANSWER_KEPT: usize = 1024 * 1024;

/// An answer's body, kept up to a limit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capped {
    /// The first bytes, at most the limit.
    pub kept: bytes::Bytes,
    /// Every byte the answer had, kept or not.
    pub total: u64,
}

impl Capped {
    pub fn truncated(&self) -> bool {
        self.total > self.kept.len() as u64
    }
}

/// Reads `response` to the end, keeping at most `limit` bytes of it: a target
/// answering gigabytes cannot grow whk's memory.
pub async fn read_capped(mut response: reqwest::Response, limit: usize) -> reqwest::Result<Capped> {
    let mut kept = bytes::BytesMut::new();
    let mut total = 0u64;
    while let Some(chunk) = response.chunk().await? {
        total += chunk.len() as u64;
        let room = limit.saturating_sub(kept.len());
        kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }
    Ok(Capped {
        kept: kept.freeze(),
        total,
    })
}

/// Reads `response` to the end and keeps nothing (the connection goes back to the pool).
pub async fn drain(mut response: reqwest::Response) -> reqwest::Result<u64> {
    let mut total = 0u64;
    while let Some(chunk) = response.chunk().await? {
        total += chunk.len() as u64;
    }
    Ok(total)
}

/// One line saying why a request failed, in words a developer can act on:
/// connection refused, DNS failure, TLS failure and timeouts each read
/// differently. Takes reqwest's errors and the raw hyper/io errors of load
/// mode's direct connections alike, and classifies by the errors' kinds
/// (reqwest's and hyper's predicates, `io::ErrorKind` down the source
/// chain), never by the words of their messages.
pub fn describe_error(err: &(dyn std::error::Error + 'static), url: &str) -> String {
    let reqwest = err.downcast_ref::<reqwest::Error>();
    let io_kinds: Vec<std::io::ErrorKind> = causes(err)
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .map(std::io::Error::kind)
        .collect();
    let hyper_timeout = causes(err)
        .filter_map(|cause| cause.downcast_ref::<hyper::Error>())
        .any(hyper::Error::is_timeout);
    use std::io::ErrorKind;
    if reqwest.is_some_and(reqwest::Error::is_timeout)
        || hyper_timeout
        || io_kinds.contains(&ErrorKind::TimedOut)
    {
        return format!("timed out waiting for {url}");
    }
    if io_kinds.contains(&ErrorKind::ConnectionRefused) {
        return format!("connection refused by {url}: is the server running on that port?");
    }
    if reqwest.is_some_and(reqwest::Error::is_builder) {
        return format!("invalid URL '{url}': {}", last_cause(err));
    }
    let connecting = reqwest.is_some_and(reqwest::Error::is_connect);
    if connecting && !resolves(url) {
        return format!("cannot resolve the host of {url} (DNS lookup failed)");
    }
    // rustls reports a failed handshake as invalid data on the connection.
    if connecting && url.starts_with("https:") && io_kinds.contains(&ErrorKind::InvalidData) {
        return format!("TLS handshake with {url} failed: {}", last_cause(err));
    }
    if connecting {
        return format!("cannot connect to {url}: {}", last_cause(err));
    }
    format!("request to {url} failed: {}", last_cause(err))
}

/// `err` and every error under it.
fn causes<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(err), |cause| cause.source())
}

/// Whether the host of `url` resolves (an IP address always does).
fn resolves(url: &str) -> bool {
    use std::net::ToSocketAddrs;
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return false;
    };
    let (Some(host), Some(port)) = (parsed.host_str(), parsed.port_or_known_default()) else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.parse::<std::net::IpAddr>().is_ok()
        || (host, port)
            .to_socket_addrs()
            .is_ok_and(|mut a| a.next().is_some())
}

fn last_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut last: &dyn std::error::Error = err;
    while let Some(cause) = last.source() {
        last = cause;
    }
    last.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_told_apart_by_kind() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(describe_error(&refused, "http://127.0.0.1:9/").starts_with("connection refused"));
        let timed_out = std::io::Error::new(std::io::ErrorKind::TimedOut, "whatever words");
        assert!(describe_error(&timed_out, "http://h/").starts_with("timed out"));
        // Words alone decide nothing: a message saying "connection refused" is not one.
        let worded = std::io::Error::other("Connection refused (said the message)");
        assert!(describe_error(&worded, "http://h/").starts_with("request to http://h/ failed"));

        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = closed.local_addr().unwrap().port();
        drop(closed);
        let client = client(Some(Duration::from_secs(5))).unwrap();
        let (refused, unresolvable) = runtime.block_on(async {
            let refused = client
                .get(format!("http://127.0.0.1:{port}/"))
                .send()
                .await
                .unwrap_err();
            let dns = client
                .get("http://no-such-host.invalid/")
                .send()
                .await
                .unwrap_err();
            (refused, dns)
        });
        let text = describe_error(&refused, "http://127.0.0.1/");
        assert!(text.starts_with("connection refused"), "{text}");
        let text = describe_error(&unresolvable, "http://no-such-host.invalid/");
        assert!(text.starts_with("cannot resolve"), "{text}");
    }

    #[test]
    fn an_answer_is_kept_up_to_the_limit_and_the_rest_counted() {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let total = 3 * ANSWER_KEPT + 17;
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = [0u8; 1024];
            let _ = stream.read(&mut request);
            let head =
                format!("HTTP/1.1 200 OK\r\ncontent-length: {total}\r\nconnection: close\r\n\r\n");
            stream.write_all(head.as_bytes()).unwrap();
            let chunk = vec![b'x'; 64 * 1024];
            let mut left = total;
            while left > 0 {
                let n = left.min(chunk.len());
                stream.write_all(&chunk[..n]).unwrap();
                left -= n;
            }
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let capped = runtime.block_on(async {
            let response = client(Some(Duration::from_secs(20)))
                .unwrap()
                .get(format!("http://{addr}/"))
                .send()
                .await
                .unwrap();
            read_capped(response, ANSWER_KEPT).await.unwrap()
        });
        server.join().unwrap();
        assert_eq!(capped.kept.len(), ANSWER_KEPT);
        assert_eq!(capped.total, total as u64);
        assert!(capped.truncated());
    }
}
