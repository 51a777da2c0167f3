//! The URL a sender posted to, rebuilt on the receiving side for schemes
//! that sign it (Twilio, Square, HubSpot): the sender signed the public URL
//! it was given, which behind a tunnel or a TLS-terminating proxy is not the
//! one the listener sees.
//!
//! In order: the public URL the user gave (`--public-url`), else what a
//! proxy says in `X-Forwarded-Proto` / `X-Forwarded-Host` /
//! `X-Forwarded-Port`, else the request itself (`http://` + `Host` + the
//! target). Forwarded headers are whatever the client wrote: they only pick
//! the URL a signature is checked against, never skip the check, and
//! `--public-url` ignores them.

use super::Headers;

/// The first value of a possibly comma-separated forwarded header, as
/// proxies append theirs (`https, http`): the first is the client-facing one.
fn first_forwarded<'h>(headers: &'h Headers, name: &str) -> Option<&'h str> {
    let value = headers.get(name)?.split(',').next()?.trim();
    (!value.is_empty() && !value.contains(['/', ' ', '?', '#', '@'])).then_some(value)
}

/// `public` (scheme, host and port, and a path prefix a proxy strips),
/// followed by the request's `target` (path and query as sent).
pub fn join(public: &str, target: &str) -> String {
    let base = public.trim_end_matches('/');
    if target.starts_with('/') {
        format!("{base}{target}")
    } else {
        format!("{base}/{target}")
    }
}

/// The URL the sender of a request with `headers` and `target` (path and
/// query as sent) posted to, or `None` when nothing says which host it was.
pub fn rebuild(public: Option<&str>, headers: &Headers, target: &str) -> Option<String> {
    if target.contains("://") {
        // An absolute-form target (a request through a forward proxy) is the URL.
        return Some(target.to_string());
    }
    if let Some(public) = public {
        return Some(join(public, target));
    }
    let proto = first_forwarded(headers, "X-Forwarded-Proto").map(str::to_ascii_lowercase);
    let forwarded_host = first_forwarded(headers, "X-Forwarded-Host");
    let host = forwarded_host.or_else(|| first_forwarded(headers, "Host"))?;
    let scheme = proto.unwrap_or_else(|| "http".to_string());
    let host = match first_forwarded(headers, "X-Forwarded-Port") {
        // A port is added only for a forwarded host without one, and only when
        // it is not the scheme's default (which senders leave out).
        Some(port) if forwarded_host.is_some() && !has_port(host) => {
            let default = matches!((scheme.as_str(), port), ("https", "443") | ("http", "80"));
            if default || port.parse::<u16>().is_err() {
                host.to_string()
            } else {
                format!("{host}:{port}")
            }
        }
        _ => host.to_string(),
    };
    Some(join(&format!("{scheme}://{host}"), target))
}

fn has_port(host: &str) -> bool {
    match host.rfind(']') {
        Some(end) => host[end + 1..].starts_with(':'),
        None => host.contains(':'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_itself_is_plain_http_to_its_host() {
        let h = Headers::from_pairs(&[("Host", "127.0.0.1:3000")]);
        assert_eq!(
            rebuild(None, &h, "/hook?a=1&b=2").as_deref(),
            Some("http://127.0.0.1:3000/hook?a=1&b=2")
        );
        assert_eq!(rebuild(None, &Headers::new(), "/hook"), None);
        assert_eq!(
            rebuild(None, &h, "http://other.example/x").as_deref(),
            Some("http://other.example/x")
        );
    }

    #[test]
    fn a_proxy_says_what_the_sender_saw() {
        let h = Headers::from_pairs(&[
            ("Host", "127.0.0.1:3000"),
            ("X-Forwarded-Proto", "https, http"),
            ("X-Forwarded-Host", "abc.ngrok.app"),
        ]);
        assert_eq!(
            rebuild(None, &h, "/hook").as_deref(),
            Some("https://abc.ngrok.app/hook")
        );
        let proto_only =
            Headers::from_pairs(&[("Host", "app.example"), ("X-Forwarded-Proto", "HTTPS")]);
        assert_eq!(
            rebuild(None, &proto_only, "/").as_deref(),
            Some("https://app.example/")
        );
        let with_port = Headers::from_pairs(&[
            ("X-Forwarded-Proto", "https"),
            ("X-Forwarded-Host", "app.example"),
            ("X-Forwarded-Port", "8443"),
        ]);
        assert_eq!(
            rebuild(None, &with_port, "/x").as_deref(),
            Some("https://app.example:8443/x")
        );
        let default_port = Headers::from_pairs(&[
            ("X-Forwarded-Proto", "https"),
            ("X-Forwarded-Host", "app.example"),
            ("X-Forwarded-Port", "443"),
        ]);
        assert_eq!(
            rebuild(None, &default_port, "/x").as_deref(),
            Some("https://app.example/x")
        );
        let junk = Headers::from_pairs(&[("Host", "h.example"), ("X-Forwarded-Host", "evil/path")]);
        assert_eq!(
            rebuild(None, &junk, "/x").as_deref(),
            Some("http://h.example/x")
        );
    }

    #[test]
    fn a_public_url_wins_and_keeps_its_prefix() {
        let h = Headers::from_pairs(&[("Host", "127.0.0.1:3000"), ("X-Forwarded-Host", "proxy")]);
        assert_eq!(
            rebuild(Some("https://abc.ngrok.app"), &h, "/hook?x=1").as_deref(),
            Some("https://abc.ngrok.app/hook?x=1")
        );
        assert_eq!(
            rebuild(Some("https://example.com/base/"), &h, "/hook").as_deref(),
            Some("https://example.com/base/hook")
        );
    }
}
