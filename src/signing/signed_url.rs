//! The URL a URL-signed scheme covers (Twilio, Square, HubSpot), and the
//! URLs a sender may have signed instead of the one the receiver rebuilt:
//! the other scheme, another host, the default port written out or left off.
//!
//! Behind a tunnel or a TLS-terminating proxy the receiver sees
//! `http://127.0.0.1:3000/hook` where the sender signed
//! `https://abc.ngrok.app/hook`; these candidates are what the doctor tries.

use url::{Position, Url};

/// How a candidate URL differs from the one verified against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlChange {
    /// `http` where `https` was signed, or the reverse.
    OtherScheme,
    /// A host from the request's `Host` or `X-Forwarded-Host` header.
    OtherHost,
    /// The default port (`:443`, `:80`) written out.
    DefaultPortAdded,
    /// An explicit default port left off.
    DefaultPortRemoved,
}

impl UrlChange {
    /// A stable snake_case name for findings.
    pub fn code(self) -> &'static str {
        match self {
            UrlChange::OtherScheme => "url_other_scheme",
            UrlChange::OtherHost => "url_other_host",
            UrlChange::DefaultPortAdded => "url_default_port_added",
            UrlChange::DefaultPortRemoved => "url_default_port_removed",
        }
    }
}

/// The default port of a URL scheme the web uses.
fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "https" => Some(443),
        "http" => Some(80),
        _ => None,
    }
}

/// `url` with its default port written out (`https://h/x` -> `https://h:443/x`),
/// when it has none. Twilio's own validators accept both spellings.
pub fn with_default_port(url: &str) -> Option<String> {
    let parsed = Url::parse(url).ok()?;
    let port = default_port(parsed.scheme())?;
    if authority_has_port(url) {
        return None;
    }
    Some(format!(
        "{}:{port}{}",
        &parsed[..Position::AfterHost],
        &parsed[Position::BeforePath..]
    ))
}

/// `url` without its default port written out (`https://h:443/x` ->
/// `https://h/x`); `None` for any other port, which makes another URL.
pub fn without_default_port(url: &str) -> Option<String> {
    let parsed = Url::parse(url).ok()?;
    // The `url` crate drops a default port while parsing, so a port in the
    // text that it did not keep is the default one.
    if !authority_has_port(url) || parsed.port().is_some() {
        return None;
    }
    Some(format!(
        "{}{}",
        &parsed[..Position::AfterHost],
        &parsed[Position::BeforePath..]
    ))
}

/// Whether the URL as written has a `:port` after its host (the `url` crate
/// forgets a default port, so the text is read).
fn authority_has_port(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    // An IPv6 literal's colons are inside its brackets.
    let after_host = match host_port.rfind(']') {
        Some(end) => &host_port[end + 1..],
        None => host_port,
    };
    after_host.contains(':')
}

/// The URLs a sender plausibly signed instead of `url`, each with how it
/// differs, without duplicates and without `url` itself. `hosts` are host
/// values the request carried (`Host`, `X-Forwarded-Host`).
pub fn candidates(url: &str, hosts: &[&str]) -> Vec<(UrlChange, String)> {
    let mut out: Vec<(UrlChange, String)> = Vec::new();
    let mut add = |change: UrlChange, candidate: String| {
        if candidate != url && !out.iter().any(|(_, seen)| *seen == candidate) {
            out.push((change, candidate));
        }
    };
    let Ok(parsed) = Url::parse(url) else {
        return out;
    };
    let other_scheme = match parsed.scheme() {
        "https" => Some("http"),
        "http" => Some("https"),
        _ => None,
    };
    let path_and_query = &parsed[Position::BeforePath..];
    let host_and_port = {
        let start = parsed[..Position::BeforeHost].len();
        let end = parsed[..Position::AfterPort].len();
        parsed.as_str()[start..end].to_string()
    };
    if let Some(other) = other_scheme {
        // Without the port first: a proxy's public side is on the default one.
        let host = parsed.host_str().unwrap_or("");
        let host = if host.contains(':') {
            format!("[{host}]")
        } else {
            host.to_string()
        };
        add(
            UrlChange::OtherScheme,
            format!("{other}://{host}{path_and_query}"),
        );
        add(
            UrlChange::OtherScheme,
            format!("{other}://{host_and_port}{path_and_query}"),
        );
    }
    for host in hosts {
        let host = host.trim();
        if host.is_empty() || host.contains(['/', '?', '#', '@', ' ']) {
            continue;
        }
        add(
            UrlChange::OtherHost,
            format!("{}://{host}{path_and_query}", parsed.scheme()),
        );
        if let Some(other) = other_scheme {
            add(
                UrlChange::OtherHost,
                format!("{other}://{host}{path_and_query}"),
            );
        }
    }
    if let Some(with) = with_default_port(url) {
        add(UrlChange::DefaultPortAdded, with);
    }
    if let Some(without) = without_default_port(url) {
        add(UrlChange::DefaultPortRemoved, without);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ports_are_added_and_removed_as_written() {
        assert_eq!(
            with_default_port("https://mycompany.com/myapp.php?foo=1&bar=2").as_deref(),
            Some("https://mycompany.com:443/myapp.php?foo=1&bar=2")
        );
        assert_eq!(
            with_default_port("http://user:pw@h.example/x").as_deref(),
            Some("http://user:pw@h.example:80/x")
        );
        assert_eq!(with_default_port("https://h.example:8443/x"), None);
        assert_eq!(
            without_default_port("https://h.example:443/x?a=1").as_deref(),
            Some("https://h.example/x?a=1")
        );
        assert_eq!(
            without_default_port("http://[::1]:80/x").as_deref(),
            Some("http://[::1]/x")
        );
        assert_eq!(without_default_port("http://[::1]:8080/x"), None);
        assert_eq!(without_default_port("http://[::1]/x"), None);
        assert_eq!(with_default_port("not a url"), None);
    }

    #[test]
    fn candidates_cover_scheme_host_and_port() {
        let found = candidates(
            "http://127.0.0.1:3000/hook?x=1",
            &["abc.ngrok.app", "127.0.0.1:3000"],
        );
        let urls: Vec<&str> = found.iter().map(|(_, url)| url.as_str()).collect();
        assert!(urls.contains(&"https://127.0.0.1/hook?x=1"), "{urls:?}");
        assert!(
            urls.contains(&"https://127.0.0.1:3000/hook?x=1"),
            "{urls:?}"
        );
        assert!(urls.contains(&"https://abc.ngrok.app/hook?x=1"), "{urls:?}");
        assert!(urls.contains(&"http://abc.ngrok.app/hook?x=1"), "{urls:?}");
        assert!(!urls.contains(&"http://127.0.0.1:3000/hook?x=1"));
        let mut unique = urls.clone();
        unique.dedup();
        assert_eq!(unique.len(), urls.len());
        assert!(found
            .iter()
            .any(|(change, url)| *change == UrlChange::OtherHost
                && url == "https://abc.ngrok.app/hook?x=1"));

        let found = candidates("https://h.example:443/x", &[]);
        assert!(found.contains(&(
            UrlChange::DefaultPortRemoved,
            "https://h.example/x".to_string()
        )));
        let found = candidates("https://h.example/x", &[]);
        assert!(found.contains(&(
            UrlChange::DefaultPortAdded,
            "https://h.example:443/x".to_string()
        )));
        assert!(found.contains(&(UrlChange::OtherScheme, "http://h.example/x".to_string())));
    }
}
