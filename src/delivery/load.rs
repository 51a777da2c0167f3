//! Load mode: N distinct signed events, C in flight, optionally capped at R
//! per second, over one pooled client; latency in an HdrHistogram.
//!
//! Built for throughput: the body is rendered once and each request only
//! splices in its id; C worker tasks on the multi-threaded runtime pull
//! request numbers from one atomic counter and keep their own statistics,
//! merged at the end, so workers share nothing hot but that counter.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use serde_json::{json, Value};

use super::build::BodyTemplate;
use super::{unix_now, Outgoing};

#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub count: u64,
    pub concurrency: usize,
    /// Requests per second, at most.
    pub rate: Option<f64>,
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
            "latency_ms": {
                "p50": round(self.latency_ms(0.5)),
                "p90": round(self.latency_ms(0.9)),
                "p99": round(self.latency_ms(0.99)),
                "max": round(self.max_latency_ms()),
                "mean": round(self.latency.mean() / 1e3),
            },
        })
    }
}

/// Sends `options.count` events made from `prototype` (its provider, secret,
/// target and headers) and `template` (a fresh id spliced in per event).
/// `progress` counts finished requests, for a progress bar or a UI.
pub async fn run(
    client: &reqwest::Client,
    prototype: Arc<Outgoing>,
    template: Arc<BodyTemplate>,
    options: LoadOptions,
    progress: Arc<AtomicU64>,
) -> LoadReport {
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let workers = options.concurrency.clamp(1, options.count.max(1) as usize);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..workers {
        let (client, prototype, template, next, progress) = (
            client.clone(),
            Arc::clone(&prototype),
            Arc::clone(&template),
            Arc::clone(&next),
            Arc::clone(&progress),
        );
        tasks.spawn(async move {
            let mut report = LoadReport::new(prototype.provider.success);
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= options.count {
                    break;
                }
                if let Some(rate) = options.rate {
                    let due = started + Duration::from_secs_f64(n as f64 / rate);
                    tokio::time::sleep_until(due.into()).await;
                }
                one_request(&client, &prototype, &template, &mut report).await;
                progress.fetch_add(1, Ordering::Relaxed);
            }
            report
        });
    }
    let mut total = LoadReport::new(prototype.provider.success);
    while let Some(done) = tasks.join_next().await {
        if let Ok(report) = done {
            total.merge(report);
        }
    }
    total.elapsed = started.elapsed();
    total
}

async fn one_request(
    client: &reqwest::Client,
    prototype: &Outgoing,
    template: &BodyTemplate,
    report: &mut LoadReport,
) {
    let id = prototype.provider.id_format.generate();
    let body = template.with_id(&id);
    report.sent += 1;
    let started = Instant::now();
    let request = match prototype.request_with(client, &id, body, unix_now()) {
        Ok(request) => request,
        Err(reason) => {
            *report.errors.entry(reason).or_default() += 1;
            return;
        }
    };
    let outcome = match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            // Read the body to the end so the connection goes back to the pool.
            response.bytes().await.map(|_| status)
        }
        Err(err) => Err(err),
    };
    match outcome {
        Ok(status) => {
            report
                .latency
                .saturating_record(started.elapsed().as_micros().max(1) as u64);
            *report.statuses.entry(status).or_default() += 1;
            if prototype.provider.success.accepts(status) {
                report.succeeded += 1;
            }
        }
        Err(err) => {
            let reason = crate::http::describe_error(&err, prototype.url.as_str());
            *report.errors.entry(reason).or_default() += 1;
        }
    }
}
