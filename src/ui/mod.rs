//! The inspector (`whk listen --ui`): a page embedded in the binary that lists
//! the listener's deliveries live, shows one in detail and replays it, and the
//! small API behind it, all under `/_whk/`:
//!
//! - `GET /_whk/`: the page ([`PAGE`], self-contained: no CDN, no build step);
//! - `GET /_whk/api/deliveries?limit=200`: the newest records, oldest first;
//! - `GET /_whk/api/deliveries/SEQ`: one record with the signature doctor's
//!   diagnosis, the default replay target and the raw body;
//! - `GET /_whk/api/deliveries/SEQ/curl`: a curl command with fresh signature headers;
//! - `POST /_whk/api/deliveries/SEQ/replay`: `{"to": url|null, "verbatim": bool}`,
//!   through the same code as `whk replay` ([`crate::delivery::replay`]);
//! - `GET /_whk/api/stream`: server-sent events, one summary (the record
//!   without headers and body) per recorded delivery, pushed as it is
//!   committed (no polling); `?after=SEQ` or `Last-Event-ID` first catches up
//!   from the store.
//!
//! Reads use their own connection to the event store, so the page never waits
//! for the writer and the delivery path does no work for it: the listener's
//! sink thread hands each recorded delivery's summary to [`LiveFeed`]. The
//! listener mounts the inspector as [`Pages`] and knows nothing else of it. Bound to loopback, the inspector answers only requests addressed
//! to a loopback name (no DNS rebinding); bound beyond it, every request needs
//! the token printed at start.

// Early answers travel as `Err(Reply)`: a response is ~150 bytes, once per
// inspector request, never on the delivery path.
#![allow(clippy::result_large_err)]

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Either, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderName, HeaderValue};
use hyper::{Method, Request, Response, StatusCode, Uri};
use serde_json::{json, Value};
use subtle::ConstantTimeEq;
use tokio::sync::{broadcast, mpsc, watch};

use crate::config::Config;
use crate::delivery::replay::{self, ReplayError, ReplayRequest, Selection};
use crate::delivery::{self, Attempt, AttemptResult, Observer, Outgoing, Plan};
use crate::feed::{ListenEvent, Sink};
use crate::http::curl;
use crate::http::server::{
    is_reserved, text_reply, Answering, ChunkStream, Pages, Reply, RESERVED_PREFIX,
};
use crate::http::{Headers, Redactor};
use crate::providers::Provider;
use crate::signing::{doctor, Credential, Secret, Verdict};
use crate::store::{Filter, Store, StoreError, StoredDelivery};

/// The page, embedded at build time.
pub const PAGE: &str = include_str!("index.html");

/// The header (or `token` query parameter) carrying the access token.
pub const TOKEN_HEADER: &str = "x-whk-token";

/// Records the page loads when it asks for no particular number.
const HISTORY: u64 = 200;
/// The most records one history request returns.
const MAX_HISTORY: u64 = 1000;
/// Records read from the store per step when a stream catches up.
const CATCH_UP: u64 = 256;
/// Summaries kept for slow live views before they lag (and catch up from the store).
const FEED: usize = 1024;
/// A comment line this often lets a stream notice a closed browser tab.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// The largest replay request body accepted.
const MAX_REQUEST: usize = 64 * 1024;
/// How long a replay request body may take to arrive.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Why the inspector cannot start.
#[derive(Debug, thiserror::Error)]
pub enum InspectorError {
    #[error("no randomness available for the inspector's access token: {0}")]
    Random(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Where a replay goes unless the user types another URL: the forward
/// target for a delivery's path and type, if the listener forwards.
pub type ReplayTarget = Box<dyn Fn(&str, Option<&str>) -> Option<String> + Send + Sync>;

/// What the inspector needs to know about the listener it shows.
pub struct Setup<'a> {
    pub store_path: &'a Path,
    /// For replays: secrets of other providers and the default target.
    pub config: Config,
    /// Bound beyond loopback: every request then needs a fresh random token.
    pub exposed: bool,
    /// The listener's provider, secret and tolerance, for the doctor.
    pub provider: Provider,
    pub secret: Option<Secret>,
    pub tolerance: Option<u64>,
    /// How credential headers are shown (the listener's `--reveal-secrets`).
    pub redactor: Redactor,
    pub replay_target: ReplayTarget,
}

/// The inspector's state, shared by every request.
pub struct Inspector {
    /// A reading connection of its own (WAL: readers never block the writer).
    store: Mutex<Store>,
    config: Config,
    /// Required on every request when the listener is reachable beyond loopback.
    token: Option<String>,
    /// Set when the listener stops, so live streams end instead of holding the drain.
    closing: watch::Sender<bool>,
    /// One server-sent event per recorded delivery, fed by [`LiveFeed`].
    feed: broadcast::Sender<Live>,
    provider: Provider,
    secret: Option<Secret>,
    tolerance: Option<u64>,
    redactor: Redactor,
    replay_target: ReplayTarget,
}

/// A delivery's summary, ready to send as a server-sent event.
#[derive(Debug, Clone)]
struct Live {
    seq: u64,
    event: Bytes,
}

/// The sink that feeds the inspector's live streams from the listener.
pub struct LiveFeed(broadcast::Sender<Live>);

impl Sink for LiveFeed {
    fn handle(&mut self, event: &ListenEvent) -> std::io::Result<()> {
        if let ListenEvent::Recorded(stored) | ListenEvent::Handshake { stored, .. } = event {
            if self.0.receiver_count() > 0 {
                let _ = self.0.send(Live {
                    seq: stored.seq,
                    event: event_chunk(stored),
                });
            }
        }
        Ok(())
    }
}

impl Inspector {
    /// Opens a reading connection to the store.
    pub fn new(setup: Setup) -> Result<Self, InspectorError> {
        let token = if setup.exposed {
            let mut bytes = [0u8; 16];
            getrandom::fill(&mut bytes).map_err(|e| InspectorError::Random(e.to_string()))?;
            Some(hex::encode(bytes))
        } else {
            None
        };
        Ok(Inspector {
            store: Mutex::new(Store::open(setup.store_path)?),
            config: setup.config,
            token,
            closing: watch::channel(false).0,
            feed: broadcast::channel(FEED).0,
            provider: setup.provider,
            secret: setup.secret,
            tolerance: setup.tolerance,
            redactor: setup.redactor,
            replay_target: setup.replay_target,
        })
    }

    /// The sink to mount on the listener so live streams see its deliveries.
    pub fn live_feed(&self) -> LiveFeed {
        LiveFeed(self.feed.clone())
    }

    /// The page's address on `addr`, with the token when one is needed.
    pub fn url(&self, addr: SocketAddr) -> String {
        match &self.token {
            Some(token) => format!("http://{addr}{RESERVED_PREFIX}?token={token}"),
            None => format!("http://{addr}{RESERVED_PREFIX}"),
        }
    }

    /// `Err` with the answer when the request may not be served.
    fn admit(&self, req: &Request<Incoming>) -> Result<(), Reply> {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .or_else(|| req.uri().authority().map(|a| a.as_str()));
        match &self.token {
            Some(token) => {
                let given = req
                    .headers()
                    .get(TOKEN_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
                    .or_else(|| query_param(req.uri(), "token"))
                    .unwrap_or_default();
                if !bool::from(given.as_bytes().ct_eq(token.as_bytes())) {
                    return Err(text(
                        StatusCode::UNAUTHORIZED,
                        "whk: the inspector needs the token printed when the listener started: \
                         open the URL it printed (with ?token=...) or send the X-Whk-Token header\n"
                            .into(),
                    ));
                }
            }
            None => {
                if let Some(host) = host.filter(|h| !is_loopback_name(h)) {
                    return Err(text(
                        StatusCode::FORBIDDEN,
                        format!(
                            "whk: the inspector answers only requests to a loopback address, not Host '{host}'; \
                             open http://127.0.0.1:PORT{RESERVED_PREFIX} (or listen with --host to expose it with a token)\n"
                        ),
                    ));
                }
            }
        }
        if req.method() == Method::POST {
            // A page from another site may send a form here, but not with
            // this origin and not as JSON without the browser asking first.
            let origin = req
                .headers()
                .get(header::ORIGIN)
                .and_then(|v| v.to_str().ok());
            if let (Some(origin), Some(host)) = (origin, host) {
                if origin != format!("http://{host}") {
                    return Err(text(
                        StatusCode::FORBIDDEN,
                        format!("whk: requests from the page at {origin} are not accepted\n"),
                    ));
                }
            }
            let json = req
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.trim_start().starts_with("application/json"));
            if !json {
                return Err(text(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "whk: send the request as Content-Type: application/json\n".into(),
                ));
            }
        }
        Ok(())
    }
}

/// `localhost`, `*.localhost` or a loopback IP, with or without a port.
fn is_loopback_name(authority: &str) -> bool {
    let name = match authority.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl Pages for Inspector {
    fn serve(self: Arc<Self>, req: Request<Incoming>) -> Answering {
        Box::pin(async move { handle(&self, req).await })
    }

    /// On its own port (`--ui-port`): the pages, and `/` sends the browser to them.
    fn serve_own_port(self: Arc<Self>, req: Request<Incoming>) -> Answering {
        Box::pin(async move {
            let path = req.uri().path();
            if is_reserved(path) {
                return handle(&self, req).await;
            }
            if path == "/" {
                return redirect(req.uri());
            }
            text(
                StatusCode::NOT_FOUND,
                format!(
                    "whk: this port serves the inspector only, at {RESERVED_PREFIX}; deliveries go to the listener's port\n"
                ),
            )
        })
    }

    /// Ends every live stream (the listener is stopping).
    fn close(&self) {
        self.closing.send_replace(true);
    }
}

/// Serves a request under [`RESERVED_PREFIX`].
async fn handle(inspector: &Arc<Inspector>, req: Request<Incoming>) -> Reply {
    if let Err(refusal) = inspector.admit(&req) {
        return refusal;
    }
    let path = req.uri().path();
    let rest = path
        .strip_prefix(RESERVED_PREFIX.trim_end_matches('/'))
        .unwrap_or_default();
    let parts: Vec<&str> = rest.split('/').skip(1).collect();
    let method = req.method().clone();
    let allow = |allowed: &'static str, ok: bool| {
        (!ok).then(|| {
            let mut reply = text(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("whk: {method} is not allowed here; use {allowed}\n"),
            );
            reply
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(allowed));
            reply
        })
    };
    let readable = method == Method::GET || method == Method::HEAD;
    match parts.as_slice() {
        [] => redirect(req.uri()),
        [""] => allow("GET, HEAD", readable).unwrap_or_else(page),
        ["api", "deliveries"] => match allow("GET", readable) {
            Some(refusal) => refusal,
            None => history(inspector, req.uri()).await,
        },
        ["api", "stream"] => match allow("GET", readable) {
            Some(refusal) => refusal,
            None => stream(inspector, &req).await,
        },
        ["api", "deliveries", seq, action @ ..] => {
            let Ok(seq) = seq.parse::<u64>() else {
                return not_found(format!(
                    "no delivery '{seq}': sequence numbers are whole numbers"
                ));
            };
            match action {
                [] => allow("GET", readable).unwrap_or(detail(inspector, seq).await),
                ["curl"] => match allow("GET", readable) {
                    Some(refusal) => refusal,
                    None => curl_command(inspector, seq, req.uri()).await,
                },
                ["replay"] => match allow("POST", method == Method::POST) {
                    Some(refusal) => refusal,
                    None => replay_request(inspector, seq, req).await,
                },
                _ => not_found(format!("nothing at {path}")),
            }
        }
        _ => not_found(format!("nothing at {path}")),
    }
}

fn page() -> Reply {
    let mut reply = Response::new(Either::Left(Full::new(Bytes::from_static(PAGE.as_bytes()))));
    let headers = reply.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        // The page loads nothing from anywhere: scripts and styles are inline.
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
             connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
             frame-ancestors 'none'",
        ),
        // The address may carry the token.
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    reply
}

/// `/_whk` (or `/` on the inspector's port) to `/_whk/`, keeping the query.
fn redirect(uri: &Uri) -> Reply {
    let location = match uri.query() {
        Some(query) => format!("{RESERVED_PREFIX}?{query}"),
        None => RESERVED_PREFIX.to_string(),
    };
    let mut reply = text(
        StatusCode::PERMANENT_REDIRECT,
        format!("whk: the inspector is at {RESERVED_PREFIX}\n"),
    );
    if let Ok(location) = HeaderValue::from_str(&location) {
        reply.headers_mut().insert(header::LOCATION, location);
    }
    reply
}

/// `GET api/deliveries`: the newest records (`?limit=`, default 200), oldest first.
async fn history(inspector: &Arc<Inspector>, uri: &Uri) -> Reply {
    let limit = match query_param(uri, "limit") {
        None => HISTORY,
        Some(text) => match text.parse::<u64>() {
            Ok(limit) if limit > 0 => limit.min(MAX_HISTORY),
            _ => {
                return json_reply(
                    StatusCode::BAD_REQUEST,
                    &json!({"error": format!("invalid limit '{text}': expected a whole number from 1 to {MAX_HISTORY}")}),
                )
            }
        },
    };
    match read(inspector, move |store| {
        store.list(&Filter::default(), Some(limit))
    })
    .await
    .and_then(stored)
    {
        Ok(list) => {
            let records: Vec<_> = list
                .iter()
                .map(|stored| stored.record(&inspector.redactor))
                .collect();
            json_body(
                StatusCode::OK,
                serde_json::to_vec(&records).unwrap_or_else(|_| b"[]".to_vec()),
            )
        }
        Err(reply) => reply,
    }
}

/// `GET api/deliveries/SEQ`: the record, why it was rejected, where a replay goes.
async fn detail(inspector: &Arc<Inspector>, seq: u64) -> Reply {
    let stored = match read(inspector, move |store| store.get(seq))
        .await
        .and_then(stored)
    {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(format!("no recorded delivery #{seq}")),
        Err(reply) => return reply,
    };
    let mut record = stored.to_json(&inspector.redactor);
    // The doctor's findings, typed, and as the sentences the page shows.
    let doctor = diagnosis(inspector, &stored);
    record["diagnosis"] = json!(doctor.hints().chain(doctor.details()).collect::<Vec<_>>());
    record["doctor"] = json!(doctor.findings);
    record["default_target"] = json!(default_target(inspector, &stored));
    record["raw_body"] = json!(std::str::from_utf8(&stored.delivery.body).ok());
    json_reply(StatusCode::OK, &record)
}

/// For a rejected delivery, the signature doctor's account of why, re-run with
/// the listener's secret on the recorded request at the time it arrived:
/// findings first, then which header, expected and received signature
/// prefixes, timestamp skew. Never the secret. Empty for anything else.
fn diagnosis(inspector: &Inspector, stored: &StoredDelivery) -> doctor::Diagnosis {
    let recorded = &stored.delivery;
    // A body over the limit was not kept; there is nothing to re-check.
    let body_kept = recorded.status != StatusCode::PAYLOAD_TOO_LARGE.as_u16();
    let Some(secret) = inspector.secret.as_ref() else {
        return doctor::Diagnosis::default();
    };
    if recorded.verification.verdict != Verdict::Rejected
        || !body_kept
        || !recorded
            .provider
            .eq_ignore_ascii_case(inspector.provider.name)
    {
        return doctor::Diagnosis::default();
    }
    stored
        .rediagnose(&inspector.provider.scheme, secret, inspector.tolerance, &[])
        .map(|(_, diagnosis)| diagnosis)
        .unwrap_or_default()
}

/// Where a replay goes unless another URL is typed in: the forward target of
/// this delivery, else the configured target.
fn default_target(inspector: &Inspector, stored: &StoredDelivery) -> String {
    let recorded = &stored.delivery;
    (inspector.replay_target)(&recorded.path, recorded.event_type.as_deref())
        .unwrap_or_else(|| inspector.config.target(None).value)
}

/// The outgoing event a replay of `seq` to `to` (else the default target) sends,
/// made exactly as `whk replay` makes it.
async fn prepare(
    inspector: &Arc<Inspector>,
    seq: u64,
    to: Option<String>,
    verbatim: bool,
) -> Result<(Outgoing, String), Reply> {
    let selected = read(inspector, move |store| {
        replay::select(store, &Selection::Seqs(vec![seq]), &Filter::default())
    })
    .await?;
    let stored = match selected {
        Ok(mut found) if !found.is_empty() => found.swap_remove(0),
        Ok(_) | Err(ReplayError::UnknownSeq { .. } | ReplayError::EmptyStore(_)) => {
            return Err(not_found(format!("no recorded delivery #{seq}")))
        }
        Err(err) => return Err(server_error(err.to_string())),
    };
    let target = to
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| default_target(inspector, &stored));
    let request = ReplayRequest {
        selection: Selection::Seqs(vec![seq]),
        filter: Filter::default(),
        target: target.clone(),
        verbatim,
        provider: None,
        // The secret this listener verifies with, for its own provider's
        // deliveries (it may come from a flag the configuration does not know).
        // Of a key pair it holds only the public half, which cannot sign: the
        // replay then reads the signing key from the configuration, as
        // `whk replay` does.
        secret: inspector.secret.clone().filter(|_| {
            stored
                .delivery
                .provider
                .eq_ignore_ascii_case(inspector.provider.name)
                && inspector.provider.scheme.credential() != Credential::KeyPair
        }),
    };
    match replay::prepare(&stored, &inspector.config, &request) {
        Ok(outgoing) => Ok((outgoing, target)),
        Err(err) => Err(json_reply(
            StatusCode::UNPROCESSABLE_ENTITY,
            &json!({"ok": false, "status": null, "latency_ms": null, "error": err.to_string(), "target": target}),
        )),
    }
}

/// `GET api/deliveries/SEQ/curl[?to=URL&verbatim=1]`: the replay as a curl
/// command, signed now.
async fn curl_command(inspector: &Arc<Inspector>, seq: u64, uri: &Uri) -> Reply {
    let verbatim = query_param(uri, "verbatim").is_some_and(|v| v == "1" || v == "true");
    let (outgoing, _) = match prepare(inspector, seq, query_param(uri, "to"), verbatim).await {
        Ok(prepared) => prepared,
        Err(reply) => return reply,
    };
    // Signed as sent: a body-signed scheme rewrites the body, Twilio a JSON body's URL.
    let signed = match outgoing.prepare(
        outgoing.id(),
        outgoing.body.clone(),
        crate::clock::unix_now(),
    ) {
        Ok(signed) => signed,
        Err(reason) => return server_error(format!("cannot sign delivery #{seq}: {reason}")),
    };
    let headers = Headers::from(&signed.headers);
    let shown = inspector.redactor.within(&headers).headers(&headers);
    let command = curl::command(
        outgoing.method.as_str(),
        signed.url.as_str(),
        &shown,
        curl::Data::Inline(&signed.body),
    );
    let note = if shown == headers {
        ""
    } else {
        "# credential headers are redacted; start the listener with --reveal-secrets for a runnable command\n"
    };
    text(StatusCode::OK, format!("{note}{command}\n"))
}

/// The body of a replay request.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplayAsk {
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    verbatim: bool,
}

/// Keeps the last attempt of a replay.
#[derive(Default)]
struct LastAttempt(Mutex<Option<Attempt>>);

impl Observer for LastAttempt {
    fn attempt(&self, attempt: &Attempt) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(attempt.clone());
    }
}

/// `POST api/deliveries/SEQ/replay`: delivers the recorded event again (once,
/// no retries) and answers `{ok, status, latency_ms, error, target}`.
async fn replay_request(inspector: &Arc<Inspector>, seq: u64, req: Request<Incoming>) -> Reply {
    let body = match tokio::time::timeout(
        REQUEST_TIMEOUT,
        Limited::new(req.into_body(), MAX_REQUEST).collect(),
    )
    .await
    {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(err)) => return bad_request(format!("cannot read the request: {err}")),
        Err(_) => return bad_request("the request body did not arrive in time".into()),
    };
    let ask: ReplayAsk = if body.iter().all(u8::is_ascii_whitespace) {
        ReplayAsk::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(ask) => ask,
            Err(err) => {
                return bad_request(format!(
                    "invalid replay request: {err}; expected {{\"to\": URL or null, \"verbatim\": true or false}}"
                ))
            }
        }
    };
    let (outgoing, target) = match prepare(inspector, seq, ask.to, ask.verbatim).await {
        Ok(prepared) => prepared,
        Err(reply) => return reply,
    };
    let timeout = outgoing.provider.timeout;
    let client = match crate::http::client(Some(timeout)) {
        Ok(client) => client,
        Err(err) => return server_error(format!("cannot create the HTTP client: {err}")),
    };
    let last = LastAttempt::default();
    delivery::deliver(&client, &outgoing, &Plan::default(), &last).await;
    let attempt = last.0.into_inner().unwrap_or_else(|p| p.into_inner());
    let Some(attempt) = attempt else {
        return server_error(format!("delivery #{seq} was not attempted"));
    };
    let error = match &attempt.response {
        AttemptResult::Error(reason) => Some(reason.clone()),
        AttemptResult::Status { .. } if !attempt.success => Some(format!(
            "{} answered {}",
            target,
            attempt.status().unwrap_or_default()
        )),
        AttemptResult::Status { .. } => None,
    };
    json_reply(
        StatusCode::OK,
        &json!({
            "ok": attempt.success,
            "status": attempt.status(),
            "latency_ms": (attempt.latency.as_secs_f64() * 1e6).round() / 1e3,
            "error": error,
            "target": target,
        }),
    )
}

/// `GET api/stream`: every delivery recorded from now on (after `?after=SEQ`
/// or `Last-Event-ID`, caught up from the store), as it is committed.
async fn stream(inspector: &Arc<Inspector>, req: &Request<Incoming>) -> Reply {
    let resume = req
        .headers()
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| query_param(req.uri(), "after"));
    let after = match resume.map(|text| text.trim().parse::<u64>().map_err(|_| text)) {
        None => None,
        Some(Ok(seq)) => Some(seq),
        Some(Err(text)) => {
            return bad_request(format!(
                "invalid after '{text}': expected the sequence number of the last delivery seen"
            ))
        }
    };
    // Subscribe before reading the store: nothing committed in between is lost.
    let mut live = inspector.feed.subscribe();
    let floor = match after {
        Some(seq) => seq,
        None => match read(inspector, |store| store.last()).await.and_then(stored) {
            Ok(last) => last.map_or(0, |d| d.seq),
            Err(reply) => return reply,
        },
    };
    let mut closing = inspector.closing.subscribe();
    let (chunks, body) = ChunkStream::channel(16);
    let inspector = Arc::clone(inspector);
    tokio::spawn(async move {
        let mut last = floor;
        if *closing.borrow_and_update()
            || chunks
                .send(Bytes::from_static(b"retry: 2000\n\n"))
                .await
                .is_err()
        {
            return;
        }
        if after.is_some() && !catch_up(&inspector, &mut last, &chunks).await {
            return;
        }
        let mut keepalive =
            tokio::time::interval_at(tokio::time::Instant::now() + KEEPALIVE, KEEPALIVE);
        loop {
            let chunk = tokio::select! {
                received = live.recv() => match received {
                    Ok(live) if live.seq > last => {
                        last = live.seq;
                        live.event
                    }
                    Ok(_) => continue,
                    // Too slow a reader: what it missed is in the store.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        if catch_up(&inspector, &mut last, &chunks).await { continue } else { return }
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                _ = keepalive.tick() => Bytes::from_static(b": keepalive\n\n"),
                _ = closing.changed() => return,
            };
            if chunks.send(chunk).await.is_err() {
                return;
            }
        }
    });
    let mut reply = Response::new(Either::Right(body));
    let headers = reply.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        HeaderName::from_static("x-accel-buffering"),
        HeaderValue::from_static("no"),
    );
    reply
}

/// Sends what the store holds after `last`; false when the browser went away.
async fn catch_up(
    inspector: &Arc<Inspector>,
    last: &mut u64,
    chunks: &mpsc::Sender<Bytes>,
) -> bool {
    loop {
        let from = *last;
        let Ok(Ok(batch)) = read(inspector, move |store| store.after(from, CATCH_UP)).await else {
            // The store failed to read: carry on with what arrives live.
            return true;
        };
        for stored in &batch {
            *last = stored.seq;
            if chunks.send(event_chunk(stored)).await.is_err() {
                return false;
            }
        }
        if (batch.len() as u64) < CATCH_UP {
            return true;
        }
    }
}

/// One server-sent event for a recorded delivery: its summary on one line,
/// without headers or body, so a tab that lags pins little memory.
fn event_chunk(stored: &StoredDelivery) -> Bytes {
    let mut chunk = format!("id: {}\nevent: delivery\ndata: ", stored.seq).into_bytes();
    if serde_json::to_writer(&mut chunk, &stored.summary()).is_err() {
        chunk.extend_from_slice(b"{}");
    }
    chunk.extend_from_slice(b"\n\n");
    Bytes::from(chunk)
}

/// Runs `f` on the inspector's store connection, off the async threads.
async fn read<T: Send + 'static>(
    inspector: &Arc<Inspector>,
    f: impl FnOnce(&Store) -> T + Send + 'static,
) -> Result<T, Reply> {
    let inspector = Arc::clone(inspector);
    let joined = tokio::task::spawn_blocking(move || {
        let store = inspector.store.lock().unwrap_or_else(|p| p.into_inner());
        f(&store)
    })
    .await;
    match joined {
        Ok(result) => Ok(result),
        Err(err) => Err(server_error(format!(
            "reading the event store failed: {err}"
        ))),
    }
}

/// A store failure as the answer.
fn stored<T>(result: Result<T, StoreError>) -> Result<T, Reply> {
    result.map_err(|err| server_error(err.to_string()))
}

fn query_param(uri: &Uri, name: &str) -> Option<String> {
    let query = uri.query()?;
    // The URL parser decodes the query the way browsers encode it.
    let url = reqwest::Url::parse(&format!("http://query.invalid/?{query}")).ok()?;
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

fn text(status: StatusCode, body: String) -> Reply {
    text_reply(status, body)
}

fn json_reply(status: StatusCode, value: &Value) -> Reply {
    json_body(status, value.to_string().into_bytes())
}

fn json_body(status: StatusCode, body: Vec<u8>) -> Reply {
    let mut reply = Response::new(Either::Left(Full::new(Bytes::from(body))));
    *reply.status_mut() = status;
    reply.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    reply
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    reply
}

fn not_found(message: String) -> Reply {
    json_reply(StatusCode::NOT_FOUND, &json!({ "error": message }))
}

fn bad_request(message: String) -> Reply {
    json_reply(StatusCode::BAD_REQUEST, &json!({ "error": message }))
}

fn server_error(message: String) -> Reply {
    json_reply(
        StatusCode::INTERNAL_SERVER_ERROR,
        &json!({ "error": message }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::Verification;
    use std::time::UNIX_EPOCH;

    #[test]
    fn loopback_names() {
        for local in [
            "127.0.0.1:3000",
            "127.0.0.1",
            "localhost:80",
            "LOCALHOST",
            "app.localhost:1",
            "[::1]:3000",
        ] {
            assert!(is_loopback_name(local), "{local}");
        }
        for remote in [
            "evil.example:3000",
            "10.0.0.2:3000",
            "[::2]:80",
            "localhost.evil.example",
        ] {
            assert!(!is_loopback_name(remote), "{remote}");
        }
    }

    #[test]
    fn query_params_are_decoded() {
        let uri: Uri = "/_whk/api/x?to=http%3A%2F%2Fa%2Fb%3Fc%3D1&limit=5"
            .parse()
            .unwrap();
        assert_eq!(query_param(&uri, "to").unwrap(), "http://a/b?c=1");
        assert_eq!(query_param(&uri, "limit").unwrap(), "5");
        assert_eq!(query_param(&uri, "token"), None);
    }

    #[test]
    fn events_are_one_json_line_of_summary() {
        let stored = StoredDelivery {
            seq: 4,
            duplicate_of: None,
            delivery: crate::store::NewDelivery {
                received_at: UNIX_EPOCH,
                method: "POST".into(),
                path: "/".into(),
                headers: Headers::new(),
                body: b"{\"a\":\"line\\nbreak\"}".to_vec(),
                provider: "izi".into(),
                verification: Verification::new(Verdict::Skipped),
                event_id: None,
                event_type: None,
                status: 200,
                forward: None,
                schema: None,
                declared_size: None,
                custom_scheme: None,
                handshake: None,
            },
        };
        let text = String::from_utf8(event_chunk(&stored).to_vec()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "id: 4");
        assert_eq!(lines[1], "event: delivery");
        let data: Value = serde_json::from_str(lines[2].strip_prefix("data: ").unwrap()).unwrap();
        // A summary: fields and size, never the headers or the body.
        assert_eq!(data["seq"], 4);
        assert_eq!(data["size"], 19);
        assert_eq!(data["verdict"], "skipped");
        assert!(
            data.get("body").is_none() && data.get("headers").is_none(),
            "{data}"
        );
        assert!(text.ends_with("\n\n"));
    }
}
