//! The receiving side of `whk listen`: an HTTP server (hyper on tokio) that
//! verifies each delivery with the provider's scheme, records it durably
//! (group commit, see [`recorder`]), marks duplicates, optionally relays it
//! to the app being built ([`forward`]) or fails on purpose ([`simulate`]),
//! and publishes what happened to the sinks it was given ([`crate::feed`];
//! [`print`] has the terminal's).
//!
//! The order for every delivery is: read the body (bounded), verify, decide
//! the answer (forwarding if configured), commit the row, then answer. A 2xx
//! is never sent for a row that is not committed.
//!
//! Paths under `/_whk/` are never deliveries: they are reserved for whk's own
//! pages, which whoever starts the listener mounts as [`Pages`] (the
//! inspector); the receiver only routes to them.

pub mod forward;
pub mod goal;
pub mod print;
pub mod recorder;
pub mod simulate;

use std::convert::Infallible;
use std::net::{SocketAddr, ToSocketAddrs};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures_util::FutureExt;
use http_body_util::{BodyExt, Either, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::sync::Notify;

use crate::clock::Clock;
use crate::contract::Contract;
use crate::feed::{ListenEvent, Sink, Stop, Tally, APP_ANSWER_SHOWN};
use crate::http::server::{is_reserved, text, Pages, Plain, Reply, RESERVED_PREFIX};
use crate::http::{sender_url, Headers};
use crate::payload::schema::SchemaCheck;
use crate::payload::EventInfo;
use crate::providers::handshake::{self, Inbound, Keys, Recognised};
use crate::providers::Provider;
use crate::signing::doctor::{self, Suspect};
use crate::signing::{Finding, Secret, Severity, TimePolicy, Verdict, Verification};
use crate::store::{ForwardOutcome, NewDelivery, Store};

use forward::{Forwarder, Relayed};
use goal::Goal;
use recorder::{Committed, Recorder, Writer};
use simulate::Simulation;

/// The largest rejected body the doctor examines on the delivery path: its
/// work is bounded (a few dozen HMACs over the body), and a flood of large
/// bad requests must not become a flood of hashing.
const DOCTOR_LIMIT: usize = 64 * 1024;

/// Answers 200 while the listener serves; never a delivery, never recorded.
pub const HEALTH_PATH: &str = "/_whk/health";

/// How long a client may take to send a body before it gets 408.
const BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a stopping listener waits for deliveries in flight.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// Everything that decides how deliveries are handled.
pub struct Settings {
    pub provider: Provider,
    /// `None` records without verifying (`--skip-verify`).
    pub secret: Option<Secret>,
    /// Accepted timestamp skew in seconds; `None` accepts any age.
    pub tolerance: Option<u64>,
    pub max_body: usize,
    /// Accept deliveries on this path only.
    pub path: Option<String>,
    pub simulation: Simulation,
    pub forwarder: Option<Arc<Forwarder>>,
    pub goal: Goal,
    /// Where "now" comes from: arrival times and timestamp tolerance.
    pub clock: Clock,
    /// Stop on Ctrl-C or SIGTERM (a listener run in-process may leave
    /// signals to its host).
    pub stop_on_signals: bool,
    /// Other providers' signature headers, for the doctor to recognise a
    /// sender that uses another scheme.
    pub suspects: Vec<Suspect<'static>>,
    /// Check each payload against its schema (`--validate`); `None` does not.
    pub validation: Option<Validation>,
    /// The public URL senders post to (`--public-url`), for schemes that
    /// sign the URL; `None` rebuilds it from each request.
    pub public_url: Option<String>,
    /// The token Meta's subscription handshake must carry (`--verify-token`).
    pub verify_token: Option<Secret>,
    /// `--provider auto`: the providers a delivery may come from, each with
    /// its own secret. Empty when the provider is fixed.
    pub senders: Vec<Sender>,
}

/// A provider `--provider auto` recognises, with the secret it signs with.
pub struct Sender {
    pub provider: &'static Provider,
    pub secret: Secret,
}

/// How payloads are checked against their schemas.
pub struct Validation {
    pub contract: Arc<Contract>,
    /// Answer 422 to a payload that breaks its schema (`--reject-invalid`);
    /// otherwise the result is only recorded.
    pub reject_invalid: bool,
}

/// What the listener is given to show and serve besides deliveries.
#[derive(Default)]
pub struct Mounts {
    /// Every event goes to each of these.
    pub sinks: Vec<Box<dyn Sink>>,
    /// Pages under the reserved prefix (the inspector), on the listener's
    /// port or on the port [`Server::bind_pages`] bound.
    pub pages: Option<Arc<dyn Pages>>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    #[error("port {port} on {host} is already in use (another 'whk listen'?); pick another with --port, or --port 0 for a free one")]
    InUse { host: String, port: u16 },
    #[error("cannot resolve --host '{host}': {reason}")]
    Host { host: String, reason: String },
    #[error("cannot listen on {addr}: {source}")]
    Io {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("cannot start the listener's writer thread: {0}")]
    Thread(#[source] std::io::Error),
}

/// A bound, not yet serving, listener.
pub struct Server {
    runtime: tokio::runtime::Runtime,
    listener: tokio::net::TcpListener,
    addr: SocketAddr,
    /// A port for the mounted pages alone (`--ui-port`), when they have one.
    pages_port: Option<tokio::net::TcpListener>,
}

/// How a listener run ended.
#[derive(Debug, Clone)]
pub struct Report {
    pub tally: Tally,
    pub stopped: Stop,
    /// Why the event-store writer died, if it did (the listener then
    /// stopped: nothing more could be recorded).
    pub writer_failed: Option<String>,
}

impl Server {
    /// Binds `host:port` (port 0 picks a free one).
    pub fn bind(host: &str, port: u16) -> Result<Server, BindError> {
        let addr = (host, port)
            .to_socket_addrs()
            .map_err(|e| BindError::Host {
                host: host.to_string(),
                reason: e.to_string(),
            })?
            .next()
            .ok_or_else(|| BindError::Host {
                host: host.to_string(),
                reason: "it has no address".to_string(),
            })?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("whk-listen")
            .build()
            .map_err(BindError::Runtime)?;
        let listener = listen_on(&runtime, addr, host, port)?;
        let addr = listener
            .local_addr()
            .map_err(|source| BindError::Io { addr, source })?;
        Ok(Server {
            runtime,
            listener,
            addr,
            pages_port: None,
        })
    }

    /// Binds `port` on the same address for the mounted pages alone
    /// (`--ui-port`) and returns the address bound.
    pub fn bind_pages(&mut self, port: u16) -> Result<SocketAddr, BindError> {
        let wanted = SocketAddr::new(self.addr.ip(), port);
        let host = self.addr.ip().to_string();
        let listener = listen_on(&self.runtime, wanted, &host, port)?;
        let addr = listener.local_addr().map_err(|source| BindError::Io {
            addr: wanted,
            source,
        })?;
        self.pages_port = Some(listener);
        Ok(addr)
    }

    /// The address actually bound (the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until the goal is reached, the timeout passes, or Ctrl-C /
    /// SIGTERM; then stops accepting, lets deliveries in flight finish,
    /// commits everything queued, tells the sinks, and reports.
    pub fn run(
        self,
        settings: Settings,
        store: Store,
        mounts: Mounts,
    ) -> Result<Report, BindError> {
        let Server {
            runtime,
            listener,
            addr,
            pages_port,
        } = self;
        let stop = Arc::new(Notify::new());
        let goal = settings.goal.clone();
        let (recorder, writer) =
            Writer::start(store, mounts.sinks, goal.clone(), Arc::clone(&stop))
                .map_err(BindError::Thread)?;
        let provider = match settings.senders.as_slice() {
            [] => settings.provider.name.to_string(),
            senders => {
                let names: Vec<&str> = senders.iter().map(|s| s.provider.name).collect();
                format!("auto ({})", names.join(", "))
            }
        };
        recorder.publish(ListenEvent::Listening {
            url: format!("http://{addr}/"),
            provider,
        });
        let pages_here = mounts.pages.is_some() && pages_port.is_none();
        let state = Arc::new(State {
            custom_scheme: custom_params(&settings.provider),
            settings,
            recorder,
            pages: mounts.pages,
            pages_here,
        });
        let stopped = runtime.block_on(serve(listener, pages_port, state, stop, goal.timeout));
        // Connections still open after the drain are dropped here, and with
        // them the last handles on the writer's queue.
        runtime.shutdown_timeout(Duration::from_secs(1));
        let (tally, writer_failed) = writer.finish(stopped);
        Ok(Report {
            tally,
            stopped,
            writer_failed,
        })
    }
}

/// Binds a listening socket on `addr` (`host` and `port` as asked, for messages).
fn listen_on(
    runtime: &tokio::runtime::Runtime,
    addr: SocketAddr,
    host: &str,
    port: u16,
) -> Result<tokio::net::TcpListener, BindError> {
    let listener = runtime.block_on(async {
        let socket = if addr.is_ipv4() {
            tokio::net::TcpSocket::new_v4()
        } else {
            tokio::net::TcpSocket::new_v6()
        }?;
        socket.set_reuseaddr(true)?;
        socket.bind(addr)?;
        socket.listen(1024)
    });
    listener.map_err(|source| match source.kind() {
        std::io::ErrorKind::AddrInUse => BindError::InUse {
            host: host.to_string(),
            port,
        },
        _ => BindError::Io { addr, source },
    })
}

/// The shared state of every connection.
struct State {
    settings: Settings,
    recorder: Recorder,
    pages: Option<Arc<dyn Pages>>,
    /// Whether the pages answer on the listener's port.
    pages_here: bool,
    /// The provider's scheme parameters, when `custom`, stored with each
    /// delivery (made once: the settings do not change while serving).
    custom_scheme: Option<String>,
}

async fn serve(
    listener: tokio::net::TcpListener,
    pages_port: Option<tokio::net::TcpListener>,
    state: Arc<State>,
    stop: Arc<Notify>,
    timeout: Option<Duration>,
) -> Stop {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30));
    builder.http2().timer(TokioTimer::new());
    let graceful = GracefulShutdown::new();
    let deadline = async {
        match timeout {
            Some(limit) => tokio::time::sleep(limit).await,
            None => std::future::pending().await,
        }
    };
    // Created once, outside the loop: a signal listener re-created per
    // iteration could miss a SIGTERM that lands between two of them.
    let signals = state.settings.stop_on_signals;
    let signal = stop_signal(signals);
    tokio::pin!(deadline, signal);
    let stopped = loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Some(stream) = accepted_stream(accepted).await else { continue };
                let state = Arc::clone(&state);
                let service = hyper::service::service_fn(move |req| route(Arc::clone(&state), req));
                let connection = builder.serve_connection(TokioIo::new(stream), service).into_owned();
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            }
            accepted = accept_if_any(pages_port.as_ref()) => {
                let Some(stream) = accepted_stream(accepted).await else { continue };
                let Some(pages) = state.pages.clone() else { continue };
                let service = hyper::service::service_fn(move |req| {
                    let pages = Arc::clone(&pages);
                    async move { Ok::<_, Infallible>(pages.serve_own_port(req).await) }
                });
                let connection = builder.serve_connection(TokioIo::new(stream), service).into_owned();
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            }
            () = stop.notified() => break Stop::Done,
            () = &mut deadline => break Stop::Timeout,
            () = &mut signal => break Stop::Signal,
        }
    };
    drop(listener);
    drop(pages_port);
    // Live views would hold their connections open through the whole drain.
    if let Some(pages) = &state.pages {
        pages.close();
    }
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN_TIMEOUT) => {}
        // A second Ctrl-C stops waiting for a forward target on a breakpoint.
        () = stop_signal(signals) => {}
    }
    stopped
}

/// Accepts on `listener`, or waits forever when there is none.
async fn accept_if_any(
    listener: Option<&tokio::net::TcpListener>,
) -> std::io::Result<(tokio::net::TcpStream, SocketAddr)> {
    match listener {
        Some(listener) => listener.accept().await,
        None => std::future::pending().await,
    }
}

/// The accepted connection, ready to serve; `None` (after a short back-off)
/// when accepting failed.
async fn accepted_stream(
    accepted: std::io::Result<(tokio::net::TcpStream, SocketAddr)>,
) -> Option<tokio::net::TcpStream> {
    match accepted {
        Ok((stream, _)) => {
            let _ = stream.set_nodelay(true);
            Some(stream)
        }
        Err(_) => {
            // Out of file descriptors and the like: back off instead of
            // spinning, keep serving the open ones.
            tokio::time::sleep(Duration::from_millis(50)).await;
            None
        }
    }
}

/// [`shutdown_signal`] when the listener stops on signals, else never.
async fn stop_signal(enabled: bool) {
    if enabled {
        shutdown_signal().await
    } else {
        std::future::pending().await
    }
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Dispatches a request: whk's own pages under [`RESERVED_PREFIX`] (when
/// mounted here), every other path is a delivery.
async fn route(state: Arc<State>, req: Request<Incoming>) -> Result<Reply, Infallible> {
    if req.uri().path() == HEALTH_PATH {
        // Readiness for scripts and orchestrators, with or without --ui.
        return Ok(text(StatusCode::OK, "ok\n".into()).map(Either::Left));
    }
    if is_reserved(req.uri().path()) {
        if let (true, Some(pages)) = (state.pages_here, &state.pages) {
            return Ok(Arc::clone(pages).serve(req).await);
        }
        let hint = if state.pages.is_some() {
            "the inspector has its own port (--ui-port)"
        } else {
            "start the listener with --ui for the inspector"
        };
        return Ok(text(
            StatusCode::NOT_FOUND,
            format!("whk: {RESERVED_PREFIX} is reserved for whk's own pages ({hint}); deliveries go to any other path\n"),
        )
        .map(Either::Left));
    }
    Ok(receive(state, req).await.map(Either::Left))
}

/// What a delivery gets answered, decided before it is recorded.
enum Decision {
    /// Why, and the doctor's most likely cause.
    Rejected {
        reason: String,
        hint: Option<String>,
    },
    /// The payload breaks its schema and `--reject-invalid` asked for 422.
    Invalid(String),
    Simulated(simulate::SimulatedFailure),
    FixedStatus(u16),
    /// The app's answer (or 502 when it could not be reached).
    Forwarded(Box<Relayed>),
    Accepted,
    /// Handling it panicked: answered 500, recorded.
    Bug(String),
    /// It was forwarded here by this very listener (a forwarding loop).
    Loop,
    /// A handshake, answered by the listener itself.
    Handshake(handshake::Answer),
    /// A handshake the listener will not answer as asked (Meta's verify
    /// token does not match): the status and why.
    HandshakeRefused {
        status: u16,
        reason: String,
    },
}

impl Decision {
    fn status(&self) -> u16 {
        match self {
            Decision::Rejected { .. } => 401,
            Decision::Invalid(_) => 422,
            Decision::Simulated(_) => 500,
            Decision::FixedStatus(code) => *code,
            Decision::Forwarded(relayed) => relayed.answer.as_ref().map_or(502, |a| a.status),
            Decision::Accepted => 200,
            Decision::Bug(_) => 500,
            Decision::Loop => 508,
            Decision::Handshake(answer) => answer.status,
            Decision::HandshakeRefused { status, .. } => *status,
        }
    }
}

async fn receive(state: Arc<State>, req: Request<Incoming>) -> Plain {
    let received_at = state.settings.clock.now();
    let settings = &state.settings;
    if req.method() != Method::POST && !is_get_handshake(settings, &req) {
        let mut reply = text(
            StatusCode::METHOD_NOT_ALLOWED,
            format!(
                "whk: {} is not a webhook delivery; send POST\n",
                req.method()
            ),
        );
        reply
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        refused(&state, &req, reply.status());
        return reply;
    }
    if let Some(only) = &settings.path {
        if req.uri().path().trim_end_matches('/') != only.trim_end_matches('/') {
            let reply = text(
                StatusCode::NOT_FOUND,
                format!(
                    "whk: nothing listens on {}; this listener takes deliveries on {only} only (--path)\n",
                    req.uri().path()
                ),
            );
            refused(&state, &req, reply.status());
            return reply;
        }
    }
    let path = target_as_sent(req.uri());
    let (parts, body) = req.into_parts();
    let headers = Headers::from(&parts.headers);

    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let declared_too_big = declared.is_some_and(|len| len > settings.max_body as u64);
    let body = if declared_too_big {
        None
    } else {
        match tokio::time::timeout(
            BODY_TIMEOUT,
            Limited::new(body, settings.max_body).collect(),
        )
        .await
        {
            Err(_) => {
                return text(
                    StatusCode::REQUEST_TIMEOUT,
                    format!(
                        "whk: the body did not arrive within {}s\n",
                        BODY_TIMEOUT.as_secs()
                    ),
                )
            }
            Ok(Ok(collected)) => Some(collected.to_bytes()),
            Ok(Err(err)) if err.is::<http_body_util::LengthLimitError>() => None,
            Ok(Err(err)) => {
                return text(
                    StatusCode::BAD_REQUEST,
                    format!("whk: cannot read the body: {err}\n"),
                );
            }
        }
    };
    let Some(body) = body else {
        return too_big(&state, received_at, &parts.method, path, headers, declared).await;
    };
    let request = Received {
        received_at,
        method: parts.method,
        path,
        raw_headers: parts.headers,
        headers,
        body,
    };
    if settings.forwarder.is_none() {
        // Nothing here waits long: if the sender hangs up, a delivery already
        // queued is still committed by the writer.
        return process(state, request).await;
    }
    // Forwarding can wait long (a target on a breakpoint); in its own task a
    // sender hanging up cannot cancel the delivery before it is recorded.
    match tokio::spawn(process(Arc::clone(&state), request)).await {
        Ok(reply) => reply,
        Err(_) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "whk: internal error while handling the delivery\n".into(),
        ),
    }
}

/// Whether a request that is not a POST is one of the provider's GET
/// handshakes (Meta's hub.challenge, Dropbox's challenge), which are answered
/// rather than refused.
fn is_get_handshake(settings: &Settings, req: &Request<Incoming>) -> bool {
    let headers = Headers::new();
    let inbound = Inbound {
        method: req.method().as_str(),
        query: req.uri().query(),
        headers: &headers,
        body: b"",
    };
    get_handshake(settings, &inbound).is_some()
}

/// The GET handshake `inbound` is, and the first provider listening here
/// (the fixed one, or one of `--provider auto`'s) that makes it.
fn get_handshake<'s>(
    settings: &'s Settings,
    inbound: &Inbound,
) -> Option<(&'s Provider, Recognised)> {
    if inbound.method.eq_ignore_ascii_case("POST") {
        return None;
    }
    std::iter::once(&settings.provider)
        .chain(settings.senders.iter().map(|s| s.provider))
        .find_map(|provider| Some((provider, handshake::detect(provider.handshakes, inbound)?)))
}

/// The secret `provider` is verified with here.
fn secret_of<'s>(settings: &'s Settings, provider: &Provider) -> Option<&'s Secret> {
    match settings
        .senders
        .iter()
        .find(|s| s.provider.name == provider.name)
    {
        Some(sender) => Some(&sender.secret),
        None => settings.secret.as_ref(),
    }
}

/// The request target as recorded: path and query for the usual origin form
/// (`/hook?x=1`); any other form (absolute `http://h/x`, or a target without
/// its leading slash, which hyper reads as an authority) exactly as sent,
/// never rewritten to `/`.
fn target_as_sent(uri: &hyper::Uri) -> String {
    match uri.path_and_query() {
        Some(origin) if uri.scheme().is_none() && uri.authority().is_none() => {
            origin.as_str().to_string()
        }
        _ => uri.to_string(),
    }
}

/// Verifies a delivery; a rejection also carries the doctor's most likely
/// cause, where the sender's developer looks (the record, the listener's
/// line, the 401 body), for bodies small enough to examine on this path.
fn verify(
    settings: &Settings,
    target: &str,
    provider: &Provider,
    secret: Option<&Secret>,
    headers: &Headers,
    body: &[u8],
    received_at: SystemTime,
) -> Verification {
    let Some(secret) = secret else {
        return Verification::new(Verdict::Skipped);
    };
    let scheme = &provider.scheme;
    let policy = TimePolicy {
        now: crate::clock::unix_seconds(received_at),
        tolerance: settings.tolerance,
    };
    // Only URL-signed schemes need the URL the sender saw.
    let url = scheme
        .signs_url()
        .then(|| sender_url::rebuild(settings.public_url.as_deref(), headers, target))
        .flatten();
    let request = crate::signing::Request::post(headers, body).at(url.as_deref());
    match scheme.verdict(secret, &request, policy) {
        Ok(verdict) => Verification::new(verdict),
        Err(error) => {
            let mut rejected = Verification::rejected(Finding::from(&error));
            if body.len() <= DOCTOR_LIMIT {
                let diagnosis = doctor::diagnose_among(
                    scheme,
                    secret,
                    &request,
                    policy,
                    &error,
                    &settings.suspects,
                );
                rejected.findings.extend(diagnosis.first_hint().cloned());
            }
            rejected
        }
    }
}

/// Which provider sent a delivery, and its verification. With a fixed
/// provider, that one; with `--provider auto`, the sender whose signature
/// header the request carries and whose secret verifies it (several
/// providers share a header: Svix, Clerk and Resend, say), else the first
/// whose header it carries, rejected with that one's reasons.
fn identify<'s>(
    settings: &'s Settings,
    target: &str,
    headers: &Headers,
    body: &[u8],
    received_at: SystemTime,
) -> (&'s Provider, Verification) {
    if settings.senders.is_empty() {
        let verification = verify(
            settings,
            target,
            &settings.provider,
            settings.secret.as_ref(),
            headers,
            body,
            received_at,
        );
        return (&settings.provider, verification);
    }
    let mut first_rejection = None;
    for sender in candidates(settings, headers) {
        let verification = verify(
            settings,
            target,
            sender.provider,
            Some(&sender.secret),
            headers,
            body,
            received_at,
        );
        if verification.verdict != Verdict::Rejected {
            return (sender.provider, verification);
        }
        first_rejection.get_or_insert((sender.provider, verification));
    }
    first_rejection.unwrap_or_else(|| {
        let names: Vec<&str> = settings.senders.iter().map(|s| s.provider.name).collect();
        (
            &settings.provider,
            Verification::rejected(Finding::new(
                "unknown_sender",
                Severity::Error,
                format!(
                    "no signature header of a configured provider ({}): add the sender's secret to [secrets] in whk.toml",
                    names.join(", ")
                ),
            )),
        )
    })
}

/// The senders whose signature header `headers` carry.
fn candidates<'s>(
    settings: &'s Settings,
    headers: &'s Headers,
) -> impl Iterator<Item = &'s Sender> {
    settings.senders.iter().filter(|sender| {
        sender
            .provider
            .scheme
            .signature_header()
            .is_some_and(|name| headers.get(name).is_some())
    })
}

/// The provider a delivery is recorded under before its body is read.
fn sender_of<'s>(settings: &'s Settings, headers: &Headers) -> &'s Provider {
    match candidates(settings, headers).next() {
        Some(sender) => sender.provider,
        None => &settings.provider,
    }
}

/// Tells the sinks about a request answered without being recorded.
fn refused(state: &State, req: &Request<Incoming>, status: StatusCode) {
    state.recorder.publish(ListenEvent::Refused {
        method: req.method().to_string(),
        path: target_as_sent(req.uri()),
        status: status.as_u16(),
    });
}

/// Records a delivery whose body exceeds the limit (without the body) and refuses it.
async fn too_big(
    state: &State,
    received_at: SystemTime,
    method: &Method,
    path: String,
    headers: Headers,
    declared: Option<u64>,
) -> Plain {
    let reason = match declared {
        Some(size) => format!(
            "body of {size} bytes is larger than the {} limit (--max-body)",
            print::human_size(state.settings.max_body)
        ),
        None => format!(
            "body larger than the {} limit (--max-body)",
            print::human_size(state.settings.max_body)
        ),
    };
    let provider = sender_of(&state.settings, &headers).name.to_string();
    let delivery = NewDelivery {
        received_at,
        method: method.as_str().to_string(),
        path,
        headers,
        provider,
        body: Vec::new(),
        verification: Verification::rejected(Finding::new(
            "body_too_large",
            Severity::Error,
            reason.clone(),
        )),
        event_id: None,
        event_type: None,
        status: 413,
        forward: None,
        schema: None,
        declared_size: declared,
        custom_scheme: state.custom_scheme.clone(),
        handshake: None,
    };
    match state.recorder.record(delivery, None).await {
        Ok(_) => text(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("whk: rejected: {reason}\n"),
        ),
        Err(err) => unrecorded(&err),
    }
}

/// A delivery as read off the connection.
struct Received {
    received_at: SystemTime,
    method: Method,
    /// Path and query.
    path: String,
    raw_headers: HeaderMap,
    headers: Headers,
    body: Bytes,
}

/// What handling a delivery concluded, before it is recorded.
struct Handled {
    provider: &'static str,
    verification: Verification,
    id: Option<String>,
    event_type: Option<String>,
    decision: Decision,
    forward: Option<ForwardOutcome>,
    schema: Option<SchemaCheck>,
    /// The handshake it was, answered by the listener itself.
    handshake: Option<handshake::Handshake>,
}

async fn process(state: Arc<State>, request: Received) -> Plain {
    // A bug (a panic) while handling one delivery costs that delivery only:
    // it is answered 500 and recorded with what went wrong, and the listener
    // keeps serving everyone else.
    let handled = match AssertUnwindSafe(handle(&state, &request))
        .catch_unwind()
        .await
    {
        Ok(handled) => handled,
        Err(panic) => {
            let message = bug_message(&*panic);
            Handled {
                provider: sender_of(&state.settings, &request.headers).name,
                verification: Verification {
                    verdict: Verdict::Skipped,
                    findings: vec![Finding::new(
                        "internal_error",
                        Severity::Error,
                        message.clone(),
                    )],
                },
                id: None,
                event_type: None,
                decision: Decision::Bug(message),
                forward: None,
                schema: None,
                handshake: None,
            }
        }
    };
    let Received {
        received_at,
        method,
        mut path,
        headers,
        body,
        ..
    } = request;
    let Handled {
        provider,
        verification,
        id,
        event_type,
        decision,
        forward,
        schema,
        handshake,
    } = handled;
    if let Some(kind) = handshake {
        path = kind.recorded_target(&path);
    }
    let app_answer = match &decision {
        Decision::Forwarded(relayed) => relayed.answer.as_ref().map(|a| {
            String::from_utf8_lossy(&a.body[..a.body.len().min(APP_ANSWER_SHOWN)]).into_owned()
        }),
        _ => None,
    };
    let delivery = NewDelivery {
        received_at,
        method: method.as_str().to_string(),
        path,
        headers,
        body: Vec::from(body),
        provider: provider.to_string(),
        verification,
        event_id: id,
        event_type,
        status: decision.status(),
        forward,
        schema,
        declared_size: None,
        custom_scheme: state.custom_scheme.clone(),
        handshake: handshake.map(|kind| kind.name().to_string()),
    };
    let committed = match state.recorder.record(delivery, app_answer).await {
        Ok(committed) => committed,
        Err(err) => return unrecorded(&err),
    };
    if let Some(delay) = state.settings.simulation.delay {
        tokio::time::sleep(delay).await;
    }
    answer(decision, committed)
}

/// Verifies, inspects and decides the answer (forwarding if configured).
async fn handle(state: &Arc<State>, request: &Received) -> Handled {
    let settings = &state.settings;
    let Received {
        received_at,
        method,
        path,
        raw_headers,
        headers,
        body,
    } = request;
    #[cfg(test)]
    if headers.get(tests::PANIC_HEADER) == Some("handler") {
        panic!("test-only trigger: a bug while handling a delivery");
    }
    let inbound = Inbound {
        method: method.as_str(),
        query: path.split_once('?').map(|(_, query)| query),
        headers,
        body,
    };
    // A GET handshake carries no signature to tell its sender by: the first
    // provider that makes it answers it (Meta's three share one).
    if let Some((provider, found)) = get_handshake(settings, &inbound) {
        let unsigned = Verification::new(Verdict::Unsigned);
        return answer_handshake(settings, provider, found, unsigned, headers, body);
    }
    let (provider, verification) = identify(settings, path, headers, body, *received_at);
    if let Some(found) = handshake::detect(provider.handshakes, &inbound) {
        return answer_handshake(settings, provider, found, verification, headers, body);
    }
    let EventInfo { id, event_type, .. } =
        EventInfo::inspect(provider.id, provider.event_type, headers, body);

    // A rejected delivery is not worth checking: it is not the provider's.
    let schema = match &settings.validation {
        Some(validation) if verification.verdict != Verdict::Rejected => Some(
            SchemaCheck::from_violations(validation.contract.assess(event_type.as_deref(), body)),
        ),
        _ => None,
    };
    let reject_invalid = settings
        .validation
        .as_ref()
        .is_some_and(|v| v.reject_invalid);

    let mut forward = None;
    let looped = settings
        .forwarder
        .as_ref()
        .is_some_and(|f| f.looped(headers));
    let decision = if looped {
        Decision::Loop
    } else if let Some(rejected) = rejection(&verification) {
        rejected
    } else if let Some(check) = schema.as_ref().filter(|c| reject_invalid && !c.valid) {
        Decision::Invalid(check.errors.iter().map(|e| format!("  {e}\n")).collect())
    } else if let Some(failure) = settings.simulation.attempt(id.as_deref(), body) {
        Decision::Simulated(failure)
    } else {
        let relayed = match &settings.forwarder {
            Some(_) => {
                relay_all(
                    state,
                    path,
                    event_type.as_deref(),
                    method,
                    raw_headers,
                    body,
                )
                .await
            }
            None => None,
        };
        forward = relayed.as_ref().map(|r| r.outcome.clone());
        match (settings.simulation.status, relayed) {
            (Some(code), _) => Decision::FixedStatus(code),
            (None, Some(relayed)) => Decision::Forwarded(Box::new(relayed)),
            (None, None) => Decision::Accepted,
        }
    };
    Handled {
        provider: provider.name,
        verification,
        id,
        event_type,
        decision,
        forward,
        schema,
        handshake: None,
    }
}

/// The answer to a delivery that failed verification: its reason, with the
/// first warning as a hint; `None` when it did not fail.
fn rejection(verification: &Verification) -> Option<Decision> {
    let reason = verification.reason()?;
    let hint = verification
        .findings
        .iter()
        .find(|f| f.severity == Severity::Warning);
    Some(Decision::Rejected {
        reason: reason.to_string(),
        hint: hint.map(|h| h.message.clone()),
    })
}

/// Answers a handshake by itself: a signed one (a POST) only once it
/// verifies like any delivery, so the answer follows verification; never
/// forwarded, simulated or checked against a schema.
fn answer_handshake(
    settings: &Settings,
    provider: &Provider,
    found: Recognised,
    mut verification: Verification,
    headers: &Headers,
    body: &[u8],
) -> Handled {
    let kind = found.kind;
    let keys = Keys {
        secret: secret_of(settings, provider),
        verify_token: settings.verify_token.as_ref().map(Secret::expose),
    };
    let decision = if let Some(rejected) = rejection(&verification) {
        rejected
    } else {
        match kind.answer(&found, keys) {
            Ok(answer) => {
                if answer.authenticated {
                    verification = Verification::new(Verdict::Verified);
                }
                Decision::Handshake(answer)
            }
            Err(refusal) => {
                verification = Verification::rejected(Finding::new(
                    refusal.code,
                    Severity::Error,
                    refusal.reason.clone(),
                ));
                Decision::HandshakeRefused {
                    status: refusal.status,
                    reason: refusal.reason,
                }
            }
        }
    };
    let id = EventInfo::inspect(provider.id, provider.event_type, headers, body).id;
    Handled {
        provider: provider.name,
        verification,
        id,
        event_type: Some(kind.name().to_string()),
        decision,
        forward: None,
        schema: None,
        handshake: Some(kind),
    }
}

/// A `custom` provider's scheme parameters, stored with each delivery so a
/// replay re-signs it with the scheme it arrived with.
fn custom_params(provider: &Provider) -> Option<String> {
    let scheme = provider.scheme.downcast::<crate::signing::HmacScheme>()?;
    (provider.name == "custom").then(|| scheme.to_params())
}

/// What a panic says, as a message that asks for a bug report.
pub(crate) fn bug_message(panic: &(dyn std::any::Any + Send)) -> String {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "an unknown panic".to_string());
    format!("internal error in whk ({what}); {REPORT_BUG}")
}

/// Where a bug gets reported.
pub(crate) const REPORT_BUG: &str =
    "this is a bug in whk: please report it on whk's issue tracker with this message and 'whk --version'";

fn answer(decision: Decision, committed: Committed) -> Plain {
    let status = StatusCode::from_u16(decision.status()).unwrap_or(StatusCode::BAD_GATEWAY);
    let recorded = match committed.duplicate_of {
        Some(first) => format!("recorded as #{} (duplicate of #{first})", committed.seq),
        None => format!("recorded as #{}", committed.seq),
    };
    match decision {
        Decision::Rejected { reason, hint } => {
            let hint = hint.map_or_else(String::new, |hint| format!("hint: {hint}\n"));
            text(
                status,
                format!("whk: rejected: {reason}; {recorded}\n{hint}"),
            )
        }
        Decision::Invalid(violations) => text(
            status,
            format!("whk: rejected: the payload breaks its schema (--reject-invalid); {recorded}\n{violations}"),
        ),
        Decision::Simulated(f) => text(
            status,
            format!(
                "whk: simulated failure {} of {} for this event (--fail-first); {recorded}\n",
                f.attempt, f.of
            ),
        ),
        Decision::FixedStatus(code) => text(
            status,
            format!("whk: answering {code} as asked (--status); {recorded}\n"),
        ),
        Decision::Accepted => text(status, format!("ok: {recorded}\n")),
        Decision::Bug(message) => text(status, format!("whk: {message}; {recorded}\n")),
        Decision::Loop => text(
            status,
            format!(
                "whk: not forwarded again: this listener already forwarded this delivery ({} header), so a forward target leads back to it; {recorded}\n",
                forward::HOP_HEADER
            ),
        ),
        Decision::Handshake(answer) => {
            let mut response = Response::new(Full::new(Bytes::from(answer.body)));
            *response.status_mut() = status;
            for (name, value) in answer.headers {
                response
                    .headers_mut()
                    .insert(name, HeaderValue::from_static(value));
            }
            response
        }
        Decision::HandshakeRefused { reason, .. } => text(
            status,
            format!("whk: refused the handshake: {reason}; {recorded}\n"),
        ),
        Decision::Forwarded(relayed) => match relayed.answer {
            Some(app) => {
                let mut response = Response::new(Full::new(app.body));
                *response.status_mut() = status;
                if let Some(content_type) = app.content_type {
                    response
                        .headers_mut()
                        .insert(header::CONTENT_TYPE, content_type);
                }
                response
            }
            None => text(
                status,
                format!(
                    "whk: {}; {recorded}\n",
                    relayed.outcome.error.unwrap_or_default()
                ),
            ),
        },
    }
}

/// Relays to every target of the delivery, all at once. `None` when no
/// target matches; otherwise the first unreachable target's result if one
/// was unreachable, else the first target's.
async fn relay_all(
    state: &Arc<State>,
    path: &str,
    event_type: Option<&str>,
    method: &Method,
    headers: &HeaderMap,
    body: &Bytes,
) -> Option<Relayed> {
    let forwarder = state.settings.forwarder.as_ref()?;
    let mut targets = forwarder.targets(path, event_type);
    let mut results = match targets.len() {
        0 => return None,
        1 => vec![
            forwarder
                .relay(&targets[0], method, headers, body.clone())
                .await,
        ],
        _ => {
            let tasks: Vec<_> = targets
                .drain(..)
                .map(|target| {
                    let (forwarder, method, headers, body) = (
                        Arc::clone(forwarder),
                        method.clone(),
                        headers.clone(),
                        body.clone(),
                    );
                    tokio::spawn(
                        async move { forwarder.relay(&target, &method, &headers, body).await },
                    )
                })
                .collect();
            let mut results = Vec::with_capacity(tasks.len());
            for task in tasks {
                if let Ok(relayed) = task.await {
                    results.push(relayed);
                }
            }
            results
        }
    };
    if results.is_empty() {
        return None;
    }
    let chosen = results.iter().position(|r| r.answer.is_none()).unwrap_or(0);
    Some(results.swap_remove(chosen))
}

fn unrecorded(err: &recorder::RecordError) -> Plain {
    text(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("whk: cannot record the delivery, so it is not accepted: {err}\n"),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;

    use super::*;
    use crate::store::Filter;

    /// The test-only trigger: `handler` panics while handling the delivery,
    /// `writer` panics in the writer thread. Compiled only under `cfg(test)`.
    pub(crate) const PANIC_HEADER: &str = "x-whk-test-panic";

    fn settings(max_events: Option<u64>) -> Settings {
        Settings {
            provider: crate::providers::find("standard").unwrap().clone(),
            secret: None,
            tolerance: None,
            max_body: 1024 * 1024,
            path: None,
            simulation: Simulation::new(None, 0, None),
            forwarder: None,
            goal: Goal {
                max_events,
                expect: Vec::new(),
                timeout: Some(Duration::from_secs(20)),
                fail_fast: false,
                expect_valid: false,
            },
            clock: Clock::System,
            stop_on_signals: false,
            suspects: Vec::new(),
            public_url: None,
            validation: None,
            verify_token: None,
            senders: Vec::new(),
        }
    }

    /// One POST over a plain socket; the status and body of the answer.
    fn post(addr: SocketAddr, trigger: Option<&str>) -> (u16, String) {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let body = r#"{"type":"test-event"}"#;
        let extra = trigger.map_or(String::new(), |t| format!("{PANIC_HEADER}: {t}\r\n"));
        write!(
            stream,
            "POST /hook HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-type: application/json\r\n{extra}content-length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut raw = String::new();
        let _ = stream.read_to_string(&mut raw);
        let status = raw
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, raw)
    }

    #[test]
    fn a_panic_while_handling_one_delivery_costs_only_that_delivery() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.db");
        let server = Server::bind("127.0.0.1", 0).unwrap();
        let addr = server.local_addr();
        let store = Store::open(&path).unwrap();
        let running = std::thread::spawn(move || {
            server
                .run(settings(Some(1)), store, Mounts::default())
                .unwrap()
        });
        let (status, answer) = post(addr, Some("handler"));
        assert_eq!(status, 500, "{answer}");
        assert!(answer.contains("bug in whk"), "{answer}");
        assert!(answer.contains("recorded as #1"), "{answer}");
        let (status, answer) = post(addr, None);
        assert_eq!(status, 200, "the listener keeps serving: {answer}");
        let report = running.join().unwrap();
        assert_eq!(report.stopped, Stop::Done);
        assert!(report.writer_failed.is_none());
        assert_eq!(report.tally.received, 2);

        let rows = Store::open(&path)
            .unwrap()
            .list(&Filter::default(), None)
            .unwrap();
        assert_eq!(rows.len(), 2);
        let bug = &rows[0].delivery;
        assert_eq!(bug.status, 500);
        assert_eq!(bug.verification.findings[0].code, "internal_error");
        assert!(bug.verification.findings[0]
            .message
            .contains("test-only trigger"));
        assert_eq!(bug.body, br#"{"type":"test-event"}"#);
        assert_eq!(rows[1].delivery.status, 200);
    }

    #[test]
    fn a_dead_writer_stops_the_listener_loudly() {
        let dir = tempfile::tempdir().unwrap();
        let server = Server::bind("127.0.0.1", 0).unwrap();
        let addr = server.local_addr();
        let store = Store::open(&dir.path().join("events.db")).unwrap();
        let running = std::thread::spawn(move || {
            server
                .run(settings(None), store, Mounts::default())
                .unwrap()
        });
        let (status, answer) = post(addr, Some("writer"));
        assert_eq!(status, 503, "{answer}");
        assert!(answer.contains("writer stopped"), "{answer}");
        // It stops on its own, well before its 20 s timeout.
        let report = running.join().unwrap();
        assert_eq!(report.stopped, Stop::Done);
        let why = report
            .writer_failed
            .expect("the writer's death is reported");
        assert!(why.contains("test-only trigger"), "{why}");
    }
}
