//! `whk audit`: checks the other end. Sends the deliveries a provider sends,
//! and the ones an attacker or a flaky network would, to the receiver a
//! developer is building, and judges each answer against what a correct
//! receiver does.
//!
//! The cases are data ([`cases::CASES`]: a name, what is sent, what a correct
//! receiver answers, when it applies, and one small async function), so a new
//! case is a few lines. Events are built and signed with the same code as
//! `whk send` ([`crate::delivery::build::Blueprint`], [`Outgoing`]); only the
//! bytes on the wire are this module's ([`wire`]). [`run`] goes through the
//! cases in order and [`report`] renders the result as a table, JSON or JUnit.

pub mod cases;
pub mod report;
pub mod wire;

use std::sync::Mutex;
use std::time::Duration;

use bytes::Bytes;

use crate::clock::unix_now;
use crate::delivery::build::{Blueprint, BuildError};
use crate::delivery::Outgoing;
use crate::http::Headers;
use crate::payload::FieldSource;
use crate::providers::Provider;
use crate::signing::{Scheme, Secret};

pub use cases::{Case, CASES};
use wire::{Exchange, Request, Target};

/// Why an audit could not start (a usage error, exit 2).
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("invalid target URL '{url}': {reason}")]
    Url { url: String, reason: String },
    #[error(
        "cannot reach the target: {0}; start your app (or check the URL) and run the audit again"
    )]
    Unreachable(String),
    #[error("unknown case '{name}' in {flag}; {}the cases are: {}",
        match suggestion { Some(s) => format!("did you mean {s}? "), None => String::new() },
        case_names().collect::<Vec<_>>().join(", "))]
    UnknownCase {
        name: String,
        flag: &'static str,
        suggestion: Option<&'static str>,
    },
    #[error("--only and --skip leave no case to run")]
    NothingToRun,
    #[error("cannot build the deliveries")]
    Build(#[from] BuildError),
}

/// What to audit and with what.
pub struct Settings {
    pub provider: Provider,
    pub secret: Secret,
    /// A secret of the right form that is not `secret`.
    pub wrong_secret: Secret,
    pub url: String,
    pub blueprint: Blueprint,
    /// `-H` headers, on every request.
    pub extra: Headers,
    /// Case names to run (empty: all) and to leave out.
    pub only: Vec<String>,
    pub skip: Vec<String>,
    /// The verify token the app expects in Meta's subscription handshake.
    pub verify_token: Option<Secret>,
}

/// How a case went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Fail,
    Warn,
    Skip,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Warn => "warn",
            Verdict::Skip => "skip",
        }
    }
}

/// A case's verdict and the one sentence that goes with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    pub verdict: Verdict,
    pub detail: Option<String>,
}

impl Judged {
    pub fn pass() -> Judged {
        Judged {
            verdict: Verdict::Pass,
            detail: None,
        }
    }

    pub fn pass_noting(detail: impl Into<String>) -> Judged {
        Judged {
            verdict: Verdict::Pass,
            detail: Some(detail.into()),
        }
    }

    pub fn fail(detail: impl Into<String>) -> Judged {
        Judged {
            verdict: Verdict::Fail,
            detail: Some(detail.into()),
        }
    }

    pub fn warn(detail: impl Into<String>) -> Judged {
        Judged {
            verdict: Verdict::Warn,
            detail: Some(detail.into()),
        }
    }
}

/// What one case observed: the answer it judged, and its verdict.
#[derive(Debug, Clone)]
pub struct Observed {
    pub status: Option<u16>,
    pub elapsed: Option<Duration>,
    /// The answer in words: `401`, `no answer within 5 s`, `20 × 200`.
    pub got: String,
    pub judged: Judged,
}

/// One row of the report.
#[derive(Debug, Clone)]
pub struct CaseReport {
    pub name: &'static str,
    pub sent: String,
    pub expect: String,
    pub observed: Observed,
}

impl CaseReport {
    pub fn verdict(&self) -> Verdict {
        self.observed.judged.verdict
    }
}

/// The whole audit.
#[derive(Debug, Clone)]
pub struct Report {
    pub target: String,
    pub provider: &'static str,
    pub cases: Vec<CaseReport>,
}

impl Report {
    pub fn count(&self, verdict: Verdict) -> usize {
        self.cases.iter().filter(|c| c.verdict() == verdict).count()
    }
}

pub fn case_names() -> impl Iterator<Item = &'static str> {
    CASES.iter().map(|c| c.name)
}

/// The cases `only` and `skip` select, in the table's order.
pub fn select(only: &[String], skip: &[String]) -> Result<Vec<&'static Case>, AuditError> {
    let check = |names: &[String], flag: &'static str| -> Result<(), AuditError> {
        for name in names {
            if !CASES.iter().any(|c| c.name == name.trim()) {
                return Err(AuditError::UnknownCase {
                    name: name.clone(),
                    flag,
                    suggestion: case_names()
                        .map(|n| (strsim::jaro_winkler(name, n), n))
                        .filter(|(score, _)| *score > 0.75)
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                        .map(|(_, n)| n),
                });
            }
        }
        Ok(())
    };
    check(only, "--only")?;
    check(skip, "--skip")?;
    let named = |names: &[String], case: &Case| names.iter().any(|n| n.trim() == case.name);
    let selected: Vec<&Case> = CASES
        .iter()
        .filter(|case| only.is_empty() || named(only, case))
        .filter(|case| !named(skip, case))
        .collect();
    if selected.is_empty() {
        return Err(AuditError::NothingToRun);
    }
    Ok(selected)
}

/// Everything a case needs: the event, the secrets, the target, and the
/// timings earlier cases left for `slow-answer`.
pub struct Kit {
    pub provider: Provider,
    secret: Secret,
    wrong_secret: Secret,
    pub target: Target,
    blueprint: Blueprint,
    extra: Headers,
    /// How long the provider waits for an answer.
    pub timeout: Duration,
    timings: Mutex<Vec<(&'static str, Duration)>>,
    verify_token: Option<Secret>,
}

/// One event: its id and body, before signing.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub body: Vec<u8>,
}

impl Kit {
    pub fn new(settings: Settings) -> Result<Kit, AuditError> {
        let kit = Kit {
            timeout: settings.provider.timeout,
            target: Target::parse(&settings.url)?,
            provider: settings.provider,
            secret: settings.secret,
            wrong_secret: settings.wrong_secret,
            blueprint: settings.blueprint,
            extra: settings.extra,
            timings: Mutex::new(Vec::new()),
            verify_token: settings.verify_token,
        };
        // Any building error shows now, as a usage error, not as a failed case.
        let event = kit.event()?;
        kit.sign(&kit.secret, &event, unix_now())?;
        Ok(kit)
    }

    pub fn scheme(&self) -> &Scheme {
        &self.provider.scheme
    }

    /// A fresh event: new id, body rendered from the catalog or `--data`.
    pub fn event(&self) -> Result<Event, BuildError> {
        let generated = self.provider.id_format.generate();
        let body = self.blueprint.render(&generated)?;
        Ok(Event {
            // A body without an id where the provider keeps one still gets
            // a label for the cases about ids.
            id: self
                .blueprint
                .event_id(&body, &generated)
                .unwrap_or(generated),
            body,
        })
    }

    /// The event as a POST signed with the right secret at `timestamp`.
    pub fn signed(&self, event: &Event, timestamp: i64) -> Result<Request, BuildError> {
        self.sign(&self.secret, event, timestamp)
    }

    /// The same, signed with a secret that is not the receiver's.
    pub fn signed_wrong(&self, event: &Event, timestamp: i64) -> Result<Request, BuildError> {
        self.sign(&self.wrong_secret, event, timestamp)
    }

    /// A fresh event, correctly signed now: what the provider sends.
    pub fn valid(&self) -> Result<Request, BuildError> {
        self.signed(&self.event()?, unix_now())
    }

    /// Signs through the same [`Outgoing`] `whk send` uses, so the provider's
    /// headers, id header and signature are exactly what `send` puts out.
    fn sign(&self, secret: &Secret, event: &Event, timestamp: i64) -> Result<Request, BuildError> {
        let outgoing: Outgoing = self.blueprint.outgoing(
            secret.clone(),
            &self.target.url,
            Some(event.id.clone()),
            event.body.clone(),
            &self.extra,
        )?;
        // A scheme that signs inside the body (Mailgun, Adyen) changes it.
        let prepared = outgoing
            .prepare(&event.id, Bytes::from(event.body.clone()), timestamp)
            .map_err(|reason| {
                BuildError::Delivery(crate::delivery::DeliveryError::InvalidHeader {
                    name: "signature".into(),
                    reason,
                })
            })?;
        let headers = prepared
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        Ok(Request::post(headers, prepared.body))
    }

    /// The headers the scheme signs with: signature, timestamp, id.
    pub fn signature_headers(&self) -> Vec<String> {
        let scheme = self.scheme();
        let mut names: Vec<String> = [scheme.signature_header(), scheme.timestamp_header()]
            .into_iter()
            .flatten()
            .map(str::to_string)
            .collect();
        if let FieldSource::Header(name) = self.provider.id {
            names.push(name.to_string());
        }
        names
    }

    pub async fn send(&self, request: &Request) -> Exchange {
        wire::send(&self.target, request, self.timeout).await
    }

    /// Sends and remembers the time taken, for `slow-answer`.
    pub async fn send_timed(&self, case: &'static str, request: &Request) -> Exchange {
        let exchange = self.send(request).await;
        self.record_time(case, exchange.elapsed);
        exchange
    }

    pub fn record_time(&self, case: &'static str, elapsed: Duration) {
        if let Ok(mut timings) = self.timings.lock() {
            timings.push((case, elapsed));
        }
    }

    pub fn timings(&self) -> Vec<(&'static str, Duration)> {
        self.timings.lock().map(|t| t.clone()).unwrap_or_default()
    }

    /// `IZI's 5 s timeout`.
    pub fn timeout_phrase(&self) -> String {
        format!(
            "{}'s {} timeout",
            self.provider.title,
            format_elapsed(self.timeout)
        )
    }
}

/// `0.4 ms`, `3 ms`, `1.2 s`, `5 s`.
pub fn format_elapsed(elapsed: Duration) -> String {
    let ms = elapsed.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else if elapsed.subsec_millis() == 0 {
        format!("{} s", elapsed.as_secs())
    } else {
        format!("{:.1} s", ms / 1e3)
    }
}

/// Runs the selected cases one after the other (a case may send several
/// requests at once, as `burst` does) and collects the report. `starting`
/// hears each case's name as it begins (a progress line).
pub async fn run(
    kit: &Kit,
    selected: &[&'static Case],
    starting: &dyn Fn(&'static str),
) -> Result<Report, AuditError> {
    kit.target
        .reachable(kit.timeout)
        .await
        .map_err(AuditError::Unreachable)?;
    let mut cases = Vec::with_capacity(selected.len());
    for case in selected {
        starting(case.name);
        let observed = match (case.applies)(kit) {
            Err(reason) => Observed {
                status: None,
                elapsed: None,
                got: "not sent".into(),
                judged: Judged {
                    verdict: Verdict::Skip,
                    detail: Some(reason),
                },
            },
            Ok(()) => (case.run)(kit).await,
        };
        cases.push(CaseReport {
            name: case.name,
            sent: cases::describe(case.sent, kit),
            expect: cases::describe(case.expect, kit),
            observed,
        });
    }
    Ok(Report {
        target: kit.target.url.clone(),
        provider: kit.provider.name,
        cases,
    })
}
