//! A request exactly as whk puts it on the wire, as HTTP/1.1 text: what
//! `send --dry-run` prints instead of sending and `send -v` prints before
//! each attempt. It includes what the HTTP client adds by itself (Host,
//! User-Agent, Accept, Content-Length), so nothing on the wire is missing
//! from the picture.

use reqwest::header::{HeaderMap, ACCEPT, CONTENT_LENGTH, HOST, USER_AGENT};

/// The user agent of every request whk sends (unless a provider sets its own).
pub const WHK_USER_AGENT: &str = concat!("whk/", env!("CARGO_PKG_VERSION"));

/// `method url` with `headers` and `body`, as the client sends it.
pub fn render(method: &str, url: &reqwest::Url, headers: &HeaderMap, body: &[u8]) -> Vec<u8> {
    let target = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    };
    let mut out = format!("{method} {target} HTTP/1.1\r\n").into_bytes();
    let mut line = |name: &str, value: &[u8]| {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.extend_from_slice(b"\r\n");
    };
    if !headers.contains_key(HOST) {
        let host = match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_string(),
            (None, _) => String::new(),
        };
        line(HOST.as_str(), host.as_bytes());
    }
    for (name, value) in headers {
        line(name.as_str(), value.as_bytes());
    }
    if !headers.contains_key(USER_AGENT) {
        line(USER_AGENT.as_str(), WHK_USER_AGENT.as_bytes());
    }
    if !headers.contains_key(ACCEPT) {
        line(ACCEPT.as_str(), b"*/*");
    }
    line(CONTENT_LENGTH.as_str(), body.len().to_string().as_bytes());
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn the_request_line_headers_and_raw_body_are_all_there() {
        let url = reqwest::Url::parse("http://127.0.0.1:8080/hooks?x=1").unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-izi-signature", HeaderValue::from_static("ab12"));
        let body = b"{\"a\":1}\xff";
        let wire = render("POST", &url, &headers, body);
        let (head, rest) =
            wire.split_at(wire.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4);
        let head = std::str::from_utf8(head).unwrap();
        assert!(
            head.starts_with("POST /hooks?x=1 HTTP/1.1\r\nhost: 127.0.0.1:8080\r\n"),
            "{head}"
        );
        assert!(head.contains("x-izi-signature: ab12\r\n"));
        assert!(head.contains(&format!("user-agent: {WHK_USER_AGENT}\r\n")));
        assert!(head.contains("content-length: 8\r\n"));
        assert_eq!(rest, body);
    }
}
