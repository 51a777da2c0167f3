//! HTTP plumbing shared by every command that talks HTTP: the outgoing client
//! (send, replay, listen's forwarding), the error wording for failed
//! requests, [`curl`] commands, the [`Headers`] type, and the reply types of
//! whk's own answers ([`server`]). The receiving server itself lives in
//! `receiver`; this is a leaf and imports nothing of whk.

pub mod curl;
pub mod headers;
pub mod server;
pub mod wire;

pub use headers::{is_hop_by_hop, Headers};

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

/// One line saying why a request failed, in words a developer can act on:
/// connection refused, DNS failure, TLS failure and timeouts each read
/// differently. Takes reqwest's errors and the raw hyper/io errors of load
/// mode's direct connections alike.
pub fn describe_error(err: &(dyn std::error::Error + 'static), url: &str) -> String {
    let chain = error_chain(err);
    let reqwest = err.downcast_ref::<reqwest::Error>();
    if reqwest.is_some_and(reqwest::Error::is_timeout) {
        return format!("timed out waiting for {url}");
    }
    if chain.contains("Connection refused") || chain.contains("connection refused") {
        return format!("connection refused by {url}: is the server running on that port?");
    }
    if chain.contains("dns error") || chain.contains("failed to lookup address") {
        return format!("cannot resolve the host of {url} (DNS lookup failed)");
    }
    if chain.contains("certificate") || chain.contains("tls") || chain.contains("TLS") {
        return format!("TLS handshake with {url} failed: {}", last_cause(err));
    }
    if reqwest.is_some_and(reqwest::Error::is_connect) {
        return format!("cannot connect to {url}: {}", last_cause(err));
    }
    if reqwest.is_some_and(reqwest::Error::is_builder) {
        return format!("invalid URL '{url}': {}", last_cause(err));
    }
    format!("request to {url} failed: {}", last_cause(err))
}

fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn last_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut last: &dyn std::error::Error = err;
    while let Some(cause) = last.source() {
        last = cause;
    }
    last.to_string()
}
