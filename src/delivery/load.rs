//! Load mode: N distinct signed events, C in flight, optionally capped at R
//! per second; latency in an HdrHistogram.
//!
//! Built for throughput: the body is rendered once and each request only
//! splices in its id and signs; C worker tasks pull request numbers from one
//! atomic counter and keep their own statistics, merged at the end, so
//! workers share nothing hot but that counter. See [`run`] for the transport.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use hdrhistogram::Histogram;
use reqwest::header::HeaderValue;
use serde_json::{json, Value};

use super::build::BodyTemplate;
use super::{h1, Outgoing, Signed};
use crate::clock::unix_now;

#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub count: u64,
    pub concurrency: usize,
    /// Event loops for a plain-HTTP target; `None` picks (see [`event_loops`]).
    pub threads: Option<usize>,
    /// Requests per second, at most.
    pub rate: Option<f64>,
    /// How long one request may take.
    pub timeout: Duration,
}

/// What a load run did.
#[derive(Debug, Clone)]
pub struct LoadReport {
    pub sent: u64,
    pub succeeded: u64,
    /// Every status received, succeeded or not.
    pub statuses: BTreeMap<u16, u64>,
    /// Requests that got no answer, by reason.
    pub errors: BTreeMap<String, u64>,
    pub elapsed: Duration,
    /// Microseconds, answered requests only.
    pub latency: Histogram<u64>,
    success: crate::providers::Success,
}

impl LoadReport {
    fn new(success: crate::providers::Success) -> Self {
        LoadReport {
            sent: 0,
            succeeded: 0,
            statuses: BTreeMap::new(),
            errors: BTreeMap::new(),
            elapsed: Duration::ZERO,
            // One microsecond to an hour, three significant digits.
            latency: Histogram::new_with_bounds(1, 3_600_000_000, 3)
                .expect("valid histogram bounds"),
            success,
        }
    }

    fn merge(&mut self, other: LoadReport) {
        self.sent += other.sent;
        self.succeeded += other.succeeded;
        for (status, n) in other.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
        for (error, n) in other.errors {
            *self.errors.entry(error).or_default() += n;
        }
        // Same bounds on both sides, so adding cannot fail.
        let _ = self.latency.add(&other.latency);
    }

    /// Counts one request: its status and latency, or why it got no answer.
    fn record(&mut self, outcome: Result<u16, String>, latency: Duration) {
        self.sent += 1;
        match outcome {
            Ok(status) => {
                self.latency
                    .saturating_record(latency.as_micros().max(1) as u64);
                *self.statuses.entry(status).or_default() += 1;
                if self.success.accepts(status) {
                    self.succeeded += 1;
                }
            }
            Err(reason) => *self.errors.entry(reason).or_default() += 1,
        }
    }

    pub fn failed(&self) -> u64 {
        self.sent - self.succeeded
    }

    /// Statuses the provider would not count as delivered.
    pub fn failed_statuses(&self) -> impl Iterator<Item = (u16, u64)> + '_ {
        self.statuses
            .iter()
            .filter(|(status, _)| !self.success.accepts(**status))
            .map(|(s, n)| (*s, *n))
    }

    pub fn requests_per_second(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.sent as f64 / secs
        } else {
            0.0
        }
    }

    /// Latency at `quantile` (0..=1), in milliseconds.
    pub fn latency_ms(&self, quantile: f64) -> f64 {
        self.latency.value_at_quantile(quantile) as f64 / 1e3
    }

    pub fn max_latency_ms(&self) -> f64 {
        self.latency.max() as f64 / 1e3
    }

    /// The `--json` summary.
    pub fn to_json(&self) -> Value {
        let by_status = |it: &mut dyn Iterator<Item = (u16, u64)>| -> Value {
            it.map(|(s, n)| (s.to_string(), json!(n)))
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
        let round = |ms: f64| (ms * 1e3).round() / 1e3;
        json!({
            "sent": self.sent,
            "succeeded": self.succeeded,
            "failed": self.failed(),
            "statuses": by_status(&mut self.statuses.iter().map(|(s, n)| (*s, *n))),
            "failed_by_status": by_status(&mut self.failed_statuses()),
            "errors": self.errors,
            "duration_s": round(self.elapsed.as_secs_f64()),
            "requests_per_second": (self.requests_per_second() * 10.0).round() / 10.0,
            "latency_ms": if self.latency.is_empty() { Value::Null } else { json!({
                "p50": round(self.latency_ms(0.5)),
                "p90": round(self.latency_ms(0.9)),
                "p99": round(self.latency_ms(0.99)),
                "max": round(self.max_latency_ms()),
                "mean": round(self.latency.mean() / 1e3),
            })},
        })
    }
}

/// Sends `options.count` events made from `prototype` (its provider, secret,
/// target and headers) and `template` (a fresh id spliced in per event).
/// `progress` counts finished requests, for a progress bar or a UI.
///
/// Plain-HTTP targets are driven the way wrk drives them: one event loop per
/// core (a single-threaded runtime on its own thread, so a request never
/// hops threads) and one keep-alive HTTP/1.1 connection per worker, so
/// workers never wait on a shared pool. HTTPS targets go through `client`'s
/// pool on the caller's runtime, which negotiates HTTP/2 when offered.
pub async fn run(
    client: &reqwest::Client,
    prototype: Arc<Outgoing>,
    template: Arc<BodyTemplate>,
    options: LoadOptions,
    progress: Arc<AtomicU64>,
) -> Result<LoadReport, LoadError> {
    let shared = Shared {
        prototype,
        template,
        next: Arc::new(AtomicU64::new(0)),
        progress,
        started: Instant::now(),
        options,
    };
    let workers = options.concurrency.clamp(1, options.count.max(1) as usize);
    let mut total = LoadReport::new(shared.prototype.provider.success);
    match Direct::for_url(&shared.prototype.url, options.timeout).map(Arc::new) {
        Some(direct) => {
            let threads = options
                .threads
                .unwrap_or_else(|| event_loops(direct.is_local()))
                .min(workers);
            let mut results = Vec::with_capacity(threads);
            for thread in 0..threads {
                // Spread the workers evenly: the first `workers % threads` threads get one more.
                let share = workers / threads + usize::from(thread < workers % threads);
                let (done, result) = tokio::sync::oneshot::channel();
                let (shared, direct) = (shared.clone(), Arc::clone(&direct));
                let spawned = std::thread::Builder::new()
                    .name(format!("whk-load-{thread}"))
                    .spawn(move || {
                        let runtime = match tokio::runtime::Builder::new_current_thread()
                            .enable_all()
                            .build()
                        {
                            Ok(runtime) => runtime,
                            Err(err) => {
                                let _ = done.send(Err(LoadError::Runtime(err)));
                                return;
                            }
                        };
                        let report = runtime.block_on(async {
                            let transports = (0..share).map(|_| Transport::Direct {
                                target: Arc::clone(&direct),
                                connection: None,
                                body: Vec::new(),
                            });
                            run_workers(&shared, transports.collect()).await
                        });
                        let _ = done.send(Ok(report));
                    });
                // A share nobody sends would silently shrink the run: fail instead.
                spawned.map_err(LoadError::Thread)?;
                results.push(result);
            }
            for result in results {
                match result.await {
                    Ok(report) => total.merge(report?),
                    Err(_) => return Err(LoadError::Died),
                }
            }
        }
        None => {
            let transports = (0..workers)
                .map(|_| Transport::Pooled(client.clone()))
                .collect();
            total.merge(run_workers(&shared, transports).await);
        }
    }
    total.elapsed = shared.started.elapsed();
    Ok(total)
}

/// Why a load run could not send its share of requests.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot start a load-mode event loop: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("cannot start a load-mode thread: {0}")]
    Thread(#[source] std::io::Error),
    #[error("a load-mode event loop stopped before sending its share of requests")]
    Died,
}

/// Event loops for a plain-HTTP target when `--threads` is not given: a
/// target on this machine needs cores to answer, so it gets half of them (as
/// `wrk -t` would be chosen next to the server); a remote one gets every core.
pub fn event_loops(target_is_local: bool) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if target_is_local {
        (cores / 2).max(1)
    } else {
        cores
    }
}

/// What every worker of a run shares.
#[derive(Clone)]
struct Shared {
    prototype: Arc<Outgoing>,
    template: Arc<BodyTemplate>,
    /// The number of the next request to send.
    next: Arc<AtomicU64>,
    progress: Arc<AtomicU64>,
    started: Instant,
    options: LoadOptions,
}

/// The most request numbers a worker claims at once. Claiming one per
/// request made the shared counter's cache line bounce between the event
/// loops' cores on every request.
const CLAIM: u64 = 16;

/// Runs one worker task per transport on the current runtime until every
/// request is taken, and returns their statistics.
async fn run_workers(shared: &Shared, transports: Vec<Transport>) -> LoadReport {
    let count = shared.options.count;
    // Small runs and paced ones claim one at a time, so every worker gets
    // requests and none holds numbers that are due while it is busy.
    let claim = match shared.options.rate {
        Some(_) => 1,
        None => (count / (transports.len().max(1) as u64 * 8)).clamp(1, CLAIM),
    };
    // One report for all workers of this event loop: with one each, 64
    // histograms of ~190 KB missed the cache on nearly every record.
    let report = Arc::new(Mutex::new(LoadReport::new(
        shared.prototype.provider.success,
    )));
    let mut tasks = tokio::task::JoinSet::new();
    for mut transport in transports {
        let (shared, report) = (shared.clone(), Arc::clone(&report));
        tasks.spawn(async move {
            let mut claimed = 0..0;
            // Progress moves a claim at a time too, for the same reason.
            let mut unreported = 0;
            loop {
                let Some(n) = claimed.next() else {
                    shared.progress.fetch_add(unreported, Ordering::Relaxed);
                    unreported = 0;
                    let start = shared.next.fetch_add(claim, Ordering::Relaxed);
                    if start >= count {
                        break;
                    }
                    claimed = start..(start + claim).min(count);
                    continue;
                };
                if let Some(rate) = shared.options.rate {
                    let due = shared.started + Duration::from_secs_f64(n as f64 / rate);
                    tokio::time::sleep_until(due.into()).await;
                }
                let started = Instant::now();
                let outcome =
                    one_request(&mut transport, &shared.prototype, &shared.template).await;
                let latency = started.elapsed();
                report
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .record(outcome, latency);
                unreported += 1;
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    // Every worker has ended, so none holds the report any more.
    match Arc::try_unwrap(report) {
        Ok(mutex) => mutex.into_inner().unwrap_or_else(PoisonError::into_inner),
        Err(report) => report
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone(),
    }
}

/// How a worker reaches the target.
enum Transport {
    Pooled(reqwest::Client),
    Direct {
        target: Arc<Direct>,
        connection: Option<h1::Connection>,
        /// The body being sent, kept for its capacity.
        body: Vec<u8>,
    },
}

/// A plain-HTTP target, parsed once.
struct Direct {
    /// `host:port` to connect to.
    address: String,
    host: HeaderValue,
    /// Origin-form request target: path and query.
    path: String,
    url: String,
    timeout: Duration,
}

impl Direct {
    fn for_url(url: &reqwest::Url, timeout: Duration) -> Option<Direct> {
        if url.scheme() != "http" {
            return None;
        }
        let host = url.host_str()?;
        let port = url.port_or_known_default()?;
        let authority = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        Some(Direct {
            address: format!("{host}:{port}"),
            host: HeaderValue::from_str(&authority).ok()?,
            path: origin_form(url),
            url: url.to_string(),
            timeout,
        })
    }

    /// Whether the target is this machine (loopback, `localhost`).
    fn is_local(&self) -> bool {
        let host = self
            .address
            .rsplit_once(':')
            .map_or(&*self.address, |(h, _)| h);
        let host = host.trim_start_matches('[').trim_end_matches(']');
        host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }

    /// Sends on this worker's connection, (re)connecting when it is closed.
    async fn send(
        &self,
        slot: &mut Option<h1::Connection>,
        prototype: &Outgoing,
        body: &[u8],
        signed: Signed,
    ) -> Result<u16, String> {
        let describe =
            |err: &(dyn std::error::Error + 'static)| crate::http::describe_error(err, &self.url);
        if slot.as_ref().is_none_or(|c| !c.is_reusable()) {
            *slot = Some(
                h1::Connection::open(&self.address)
                    .await
                    .map_err(|err| describe(&err))?,
            );
        }
        let Some(connection) = slot.as_mut() else {
            return Err(format!("cannot connect to {}", self.url));
        };
        // A URL-signed scheme (Twilio's bodySHA256) signs its own query.
        let signed_target = signed.url.as_ref().map(origin_form);
        connection
            .exchange(h1::Request {
                method: prototype.method.as_str(),
                target: signed_target.as_deref().unwrap_or(&self.path),
                host: self.host.as_bytes(),
                headers: prototype.headers(),
                overrides: &signed.headers,
                body: signed.body.as_deref().unwrap_or(body),
            })
            .await
            .map_err(|err| describe(&err))
    }
}

/// The request target a URL is sent with: its path and query.
fn origin_form(url: &reqwest::Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    }
}

/// Sends one event with a fresh id: its status, or why there was none.
async fn one_request(
    transport: &mut Transport,
    prototype: &Outgoing,
    template: &BodyTemplate,
) -> Result<u16, String> {
    let id = prototype.provider.id_format.generate();
    match transport {
        Transport::Direct {
            target,
            connection,
            body,
        } => {
            template.write_with_id(&id, body);
            // Signed whole: a body-signed scheme (Mailgun, Adyen) signs
            // inside the body, a URL-signed one in the query.
            let signed = prototype.sign(&id, body, unix_now())?;
            let send = target.send(connection, prototype, body, signed);
            match tokio::time::timeout(target.timeout, send).await {
                Ok(result) => result,
                Err(_) => {
                    // The answer may still arrive on this connection: start afresh.
                    *connection = None;
                    Err(format!("timed out waiting for {}", target.url))
                }
            }
        }
        Transport::Pooled(client) => pooled(client, prototype, &id, template.with_id(&id)).await,
    }
}

async fn pooled(
    client: &reqwest::Client,
    prototype: &Outgoing,
    id: &str,
    body: Bytes,
) -> Result<u16, String> {
    let request = prototype.request_with(client, id, body, unix_now())?;
    let describe = |err: reqwest::Error| crate::http::describe_error(&err, prototype.url.as_str());
    let response = request.send().await.map_err(describe)?;
    let status = response.status().as_u16();
    // Read the body to the end so the connection goes back to the pool.
    crate::http::drain(response).await.map_err(describe)?;
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn direct(url: &str) -> Direct {
        Direct::for_url(&url.parse().unwrap(), Duration::from_secs(1)).unwrap()
    }

    #[test]
    fn a_target_on_this_machine_leaves_cores_to_it() {
        for local in [
            "http://127.0.0.1:3000/",
            "http://localhost/x",
            "http://[::1]:80/",
        ] {
            assert!(direct(local).is_local(), "{local}");
        }
        assert!(!direct("http://example.com:3000/").is_local());
        assert!(!direct("http://10.0.0.7/").is_local());
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(event_loops(false), cores);
        assert_eq!(event_loops(true), (cores / 2).max(1));
    }
}
