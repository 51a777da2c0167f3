//! Relaying deliveries to the app being built: `--forward-to URL`, else the
//! `[[route]]` table of whk.toml (first match wins, a route may fan out to
//! several targets).
//!
//! A delivery is relayed as received: same method, the original headers
//! (hop-by-hop ones aside) and the raw body byte for byte. A target is the URL
//! the delivery goes to, as in Stripe CLI and smee: the request's query string
//! is appended, its path is not, unless asked for: `{path}` in the target
//! stands for the request's path, and a route with `keep_path = true` appends
//! what follows its path prefix. The app's answer becomes the answer to the
//! sender, so the sender's retry logic exercises the app.

use std::time::{Duration, Instant};

use bytes::Bytes;
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::Method;

use crate::config::Route;
use crate::payload::normalize_event_name;
use crate::store::ForwardOutcome;

/// A forward target or route that cannot work.
#[derive(Debug, thiserror::Error)]
pub enum ForwardError {
    #[error(
        "invalid forward target '{url}': {reason}; expected e.g. http://localhost:8080/webhooks"
    )]
    BadUrl { url: String, reason: String },
    #[error("cannot build the HTTP client: {0}")]
    Client(#[from] reqwest::Error),
}

/// Stands for the request's path in a target URL.
pub const PATH_PLACEHOLDER: &str = "{path}";

/// Where one delivery goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The configured URL up to any request path it takes in: a forwarded
    /// request must stay under it.
    pub base: String,
    pub url: String,
}

/// What the app answered.
#[derive(Debug, Clone)]
pub struct AppAnswer {
    pub status: u16,
    pub content_type: Option<HeaderValue>,
    pub body: Bytes,
}

/// The result of relaying to one target.
#[derive(Debug, Clone)]
pub struct Relayed {
    pub outcome: ForwardOutcome,
    /// `None` when the target could not be reached.
    pub answer: Option<AppAnswer>,
}

pub struct Forwarder {
    client: reqwest::Client,
    rules: Rules,
}

enum Rules {
    /// `--forward-to`: everything goes there.
    Fixed(String),
    Routes(Vec<Route>),
}

impl Forwarder {
    /// `None` when there is nothing to forward to. `timeout` of `None` waits forever.
    pub fn new(
        forward_to: Option<&str>,
        routes: &[Route],
        timeout: Option<Duration>,
    ) -> Result<Option<Forwarder>, ForwardError> {
        let rules = match forward_to {
            Some(url) => {
                check_url(url)?;
                Rules::Fixed(url.to_string())
            }
            None if routes.is_empty() => return Ok(None),
            None => {
                for url in routes.iter().flat_map(|r| &r.to) {
                    check_url(url)?;
                }
                Rules::Routes(routes.to_vec())
            }
        };
        Ok(Some(Forwarder {
            client: crate::http::client(timeout)?,
            rules,
        }))
    }

    /// One line for the start banner.
    pub fn describe(&self) -> String {
        match &self.rules {
            Rules::Fixed(url) => format!("forwarding verified deliveries to {url}"),
            Rules::Routes(routes) => format!(
                "forwarding by {} route{} from whk.toml",
                routes.len(),
                if routes.len() == 1 { "" } else { "s" }
            ),
        }
    }

    /// Where a delivery to `path_and_query` of `event_type` goes (none when no route matches).
    pub fn targets(&self, path_and_query: &str, event_type: Option<&str>) -> Vec<Target> {
        let (path, query) = match path_and_query.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (path_and_query, None),
        };
        match &self.rules {
            Rules::Fixed(base) => vec![target(base, path, None, query)],
            Rules::Routes(routes) => routes
                .iter()
                .find_map(|route| route_rest(route, path, event_type).map(|rest| (route, rest)))
                .map(|(route, rest)| {
                    let appended = route.keep_path.then_some(rest);
                    route
                        .to
                        .iter()
                        .map(|base| target(base, path, appended, query))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// Relays the delivery to one target.
    pub async fn relay(
        &self,
        target: &Target,
        method: &Method,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Relayed {
        if !stays_under(&target.base, &target.url) {
            return Relayed {
                outcome: ForwardOutcome {
                    target: target.url.clone(),
                    status: None,
                    latency_ms: 0,
                    error: Some(format!(
                        "not forwarded: the request path climbs out of {} ('..' segments)",
                        target.base
                    )),
                },
                answer: None,
            };
        }
        let mut relayed_headers = headers.clone();
        for name in crate::http::headers::HOP_BY_HOP {
            relayed_headers.remove(name);
        }
        let started = Instant::now();
        let result = self
            .client
            .request(method.clone(), &target.url)
            .headers(relayed_headers)
            .body(body)
            .send()
            .await;
        let result = match result {
            Ok(response) => {
                let status = response.status().as_u16();
                let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
                response.bytes().await.map(|body| AppAnswer {
                    status,
                    content_type,
                    body,
                })
            }
            Err(err) => Err(err),
        };
        let latency_ms = started.elapsed().as_millis() as u64;
        match result {
            Ok(answer) => Relayed {
                outcome: ForwardOutcome {
                    target: target.url.clone(),
                    status: Some(answer.status),
                    latency_ms,
                    error: None,
                },
                answer: Some(answer),
            },
            Err(err) => Relayed {
                outcome: ForwardOutcome {
                    target: target.url.clone(),
                    status: None,
                    latency_ms,
                    error: Some(format!(
                        "forward failed: {}",
                        crate::http::describe_error(&err, &target.url)
                    )),
                },
                answer: None,
            },
        }
    }
}

fn check_url(url: &str) -> Result<(), ForwardError> {
    let bad = |reason: &str| ForwardError::BadUrl {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    // `{path}` is filled per request; any path will do to check the rest.
    let parsed = reqwest::Url::parse(&url.replace(PATH_PLACEHOLDER, "/"))
        .map_err(|e| bad(&e.to_string()))?;
    match parsed.scheme() {
        "http" | "https" if parsed.host().is_some() => Ok(()),
        "http" | "https" => Err(bad("it has no host")),
        other => Err(bad(&format!("scheme '{other}' is not http or https"))),
    }
}

/// The part of `path` left after the route's path prefix, when the route matches.
fn route_rest<'p>(route: &Route, path: &'p str, event_type: Option<&str>) -> Option<&'p str> {
    if let Some(want) = &route.event_type {
        let got = normalize_event_name(event_type?);
        let matched = match want.strip_suffix('*') {
            Some(prefix) => got.starts_with(&normalize_event_name(prefix)),
            None => got == normalize_event_name(want),
        };
        if !matched {
            return None;
        }
    }
    match &route.path {
        None => Some(path),
        Some(prefix) => {
            let prefix = prefix.trim_end_matches('*').trim_end_matches('/');
            let rest = path.strip_prefix(prefix)?;
            // `/izi` matches `/izi` and `/izi/x`, not `/izips`.
            (rest.is_empty() || rest.starts_with('/')).then_some(rest)
        }
    }
}

/// Whether `url`, once the HTTP client has parsed it (resolving `..`, `%2e%2e`
/// and `\\` as URL parsers do), is still `base` or under its path: a delivery
/// to `/../admin` must not reach the app's `/admin` when whk forwards to `/hooks`.
fn stays_under(base: &str, url: &str) -> bool {
    let (Ok(base), Ok(url)) = (reqwest::Url::parse(base), reqwest::Url::parse(url)) else {
        return false;
    };
    let prefix = base.path().trim_end_matches('/');
    url.origin() == base.origin()
        && url
            .path()
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The URL for a request to `path` (and `query`): `configured` as given,
/// with `{path}` replaced by the request's path, or `appended` after it (a
/// route's `keep_path`); the query always follows. A bare `/` appends nothing.
fn target(configured: &str, path: &str, appended: Option<&str>, query: Option<&str>) -> Target {
    let (mut url, base) = match configured.split_once(PATH_PLACEHOLDER) {
        Some((before, _)) => (
            configured.replace(PATH_PLACEHOLDER, if path.is_empty() { "/" } else { path }),
            before.to_string(),
        ),
        None => match appended.filter(|rest| !rest.is_empty() && *rest != "/") {
            Some(rest) => (
                format!("{}{rest}", configured.trim_end_matches('/')),
                configured.to_string(),
            ),
            None => (configured.to_string(), configured.to_string()),
        },
    };
    if let Some(query) = query {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(query);
    }
    Target { base, url }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(path: Option<&str>, event_type: Option<&str>, to: &[&str]) -> Route {
        Route {
            path: path.map(Into::into),
            event_type: event_type.map(Into::into),
            to: to.iter().map(|s| s.to_string()).collect(),
            keep_path: false,
        }
    }

    fn urls(f: &Forwarder, path: &str, event_type: Option<&str>) -> Vec<String> {
        f.targets(path, event_type)
            .into_iter()
            .map(|t| t.url)
            .collect()
    }

    #[test]
    fn forward_to_is_used_as_given_with_the_query_appended() {
        let f = Forwarder::new(Some("http://127.0.0.1:8080/izi/events"), &[], None)
            .unwrap()
            .unwrap();
        assert_eq!(
            urls(&f, "/izi/events?a=1", None),
            ["http://127.0.0.1:8080/izi/events?a=1"]
        );
        assert_eq!(urls(&f, "/", None), ["http://127.0.0.1:8080/izi/events"]);
        let with_query = Forwarder::new(Some("http://a/hook?tenant=x"), &[], None)
            .unwrap()
            .unwrap();
        assert_eq!(
            urls(&with_query, "/p?b=2", None),
            ["http://a/hook?tenant=x&b=2"]
        );
    }

    #[test]
    fn path_placeholder_takes_the_request_path() {
        let f = Forwarder::new(Some("http://127.0.0.1:8080/app{path}"), &[], None)
            .unwrap()
            .unwrap();
        assert_eq!(
            urls(&f, "/hooks/x?a=1", None),
            ["http://127.0.0.1:8080/app/hooks/x?a=1"]
        );
        assert_eq!(urls(&f, "/", None), ["http://127.0.0.1:8080/app/"]);
        let climbing = f.targets("/../admin", None).remove(0);
        assert_eq!(climbing.base, "http://127.0.0.1:8080/app");
        assert!(!stays_under(&climbing.base, &climbing.url));
    }

    #[test]
    fn dot_segments_cannot_climb_out_of_the_base() {
        let base = "http://127.0.0.1:8080/api/hooks";
        for inside in ["/a/./b", "/a/../b", "/", "?q=..", "/%2e%2e-not-a-segment"] {
            let url = target(base, inside, Some(inside), None).url;
            assert!(stays_under(base, &url), "{inside}");
        }
        for outside in [
            "/../admin",
            "/a/../../x",
            "/%2E%2e/admin",
            "/.%2e/x",
            "/..\\x",
            "/../hooksx",
        ] {
            let url = target(base, outside, Some(outside), None).url;
            assert!(!stays_under(base, &url), "{outside}");
        }
        assert!(stays_under("http://a/", "http://a/../../etc/passwd"));
    }

    #[test]
    fn routes_match_in_order_and_fan_out() {
        let kept = Route {
            keep_path: true,
            ..route(Some("/other"), Some("x.y"), &["http://d/"])
        };
        let routes = [
            route(Some("/izi/*"), None, &["http://a/izi/events"]),
            route(None, Some("SESSION_*"), &["http://b/", "http://c/s{path}"]),
            kept,
        ];
        let f = Forwarder::new(None, &routes, None).unwrap().unwrap();
        assert_eq!(
            urls(&f, "/izi/events?q", Some("SESSION_ENDED")),
            ["http://a/izi/events?q"]
        );
        assert_eq!(
            urls(&f, "/izips", Some("session-started")),
            ["http://b/", "http://c/s/izips"]
        );
        // keep_path: what follows the route's prefix is appended.
        assert_eq!(urls(&f, "/other/1", Some("X_Y")), ["http://d/1"]);
        assert!(urls(&f, "/other/1", Some("z")).is_empty());
        assert!(urls(&f, "/x", None).is_empty());
    }

    #[test]
    fn bad_targets_are_refused_up_front() {
        assert!(Forwarder::new(Some("localhost:8080"), &[], None).is_err());
        assert!(Forwarder::new(None, &[route(None, None, &["ftp://x/"])], None).is_err());
        assert!(Forwarder::new(None, &[], None).unwrap().is_none());
    }
}
