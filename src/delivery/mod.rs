//! Outgoing deliveries: what `whk send`, `whk replay` and the inspector's
//! replay button put on the wire, and how they are attempted.
//!
//! An [`Outgoing`] is one event ready to go: body bytes, base headers, and the
//! provider and secret that sign it. [`deliver`] sends it the way the provider
//! would: one attempt, then retries on the provider's schedule with the same
//! event id and a fresh signature each time, then any duplicates. Every attempt
//! is reported to an [`Observer`], so the command line prints lines and JSON and
//! the inspector renders the same events. Building events lives in [`build`],
//! schedules in [`schedule`], load mode in [`load`] and replay in [`replay`].

pub mod build;
mod h1;
pub mod handshake;
pub mod load;
pub mod replay;
pub mod schedule;

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{json, Value};

use crate::http::headers::{is_field_value, is_token};
use crate::http::Headers;
use crate::payload::FieldSource;
use crate::providers::Provider;
use crate::signing::{Message, Secret, SecretError};

pub use schedule::Plan;

/// Why a delivery could not even be attempted (a usage error: exit 2).
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("invalid target URL '{url}': {reason}; e.g. http://127.0.0.1:3000/webhooks")]
    InvalidUrl { url: String, reason: String },
    #[error("invalid header '{name}': {reason}")]
    InvalidHeader { name: String, reason: String },
    #[error("cannot sign for {provider}")]
    Secret {
        provider: String,
        #[source]
        source: SecretError,
    },
}

/// Whether an attempt gets fresh signature headers or goes out as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signing {
    /// Sign every attempt (a fresh timestamp where the scheme has one).
    Sign,
    /// Send the base headers unchanged, old signature included (`replay --verbatim`).
    Verbatim,
}

/// One event, ready to be sent any number of times.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub provider: Provider,
    secret: Secret,
    pub method: reqwest::Method,
    pub url: reqwest::Url,
    /// The event's id: kept by retries, duplicates and replays. `None` when
    /// the provider keeps ids in the body and this body has none.
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    pub body: Bytes,
    /// Everything but the signature, validated once.
    headers: HeaderMap,
    /// The provider's id header when the scheme does not write it itself
    /// (GitHub's X-GitHub-Delivery): set per event, so load mode can vary it.
    id_header: Option<HeaderName>,
    pub signing: Signing,
    /// The recorded delivery this replays.
    pub seq: Option<u64>,
    /// The URL URL-signed schemes sign, when it is not `url`.
    signed_url: Option<String>,
}

/// What signing one attempt adds to its event (see [`Outgoing::sign`]).
#[derive(Debug, Clone)]
pub struct Signed {
    /// Where to post it, when the scheme signs the URL (else the event's).
    pub url: Option<reqwest::Url>,
    /// The id and signature headers, checked to be valid on the wire.
    pub headers: Headers,
    /// The body with its signature, when the scheme signs inside it
    /// (Mailgun, Adyen); else the body goes as it was.
    pub body: Option<Vec<u8>>,
}

/// One attempt's request, signed: where it goes, its headers and its body.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub url: reqwest::Url,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Outgoing {
    /// Builds an event; fails on an invalid URL, an unusable header or a
    /// secret the scheme cannot sign with, so sending never does.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        provider: Provider,
        secret: Secret,
        method: reqwest::Method,
        url: &str,
        event_id: Option<String>,
        event_type: Option<String>,
        body: Bytes,
        headers: &Headers,
        signing: Signing,
    ) -> Result<Outgoing, DeliveryError> {
        let url = parse_url(url)?;
        let headers = header_map(headers)?;
        let id_header = match (signing, provider.id) {
            (Signing::Sign, FieldSource::Header(name))
                if !scheme_writes(&provider, &secret, name)? =>
            {
                Some(header_name(name)?)
            }
            (Signing::Sign, _) => {
                // Still check the secret, so a bad one is a usage error up front.
                scheme_writes(&provider, &secret, "")?;
                None
            }
            (Signing::Verbatim, _) => None,
        };
        Ok(Outgoing {
            provider,
            secret,
            method,
            url,
            event_id,
            event_type,
            body,
            headers,
            id_header,
            signing,
            seq: None,
            signed_url: None,
        })
    }

    /// The id a scheme signs with: the event's, or none at all (a scheme
    /// that signs ids is a header-id scheme, which always has one).
    pub fn id(&self) -> &str {
        self.event_id.as_deref().unwrap_or_default()
    }

    /// The URL signed for schemes that sign it, when it is not the target
    /// (`send --url`: a tunnel's public URL in front of the target).
    pub fn with_signed_url(mut self, url: Option<String>) -> Outgoing {
        self.signed_url = url;
        self
    }

    /// The event's own headers: everything but what signing adds.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// What signing this event with another id and body (load mode) at
    /// `timestamp` adds to it: the body with its signature when the scheme
    /// signs inside it, the URL when it signs the query, and the id and
    /// signature headers, which replace any of the event's own by that name.
    pub fn sign(&self, id: &str, body: &[u8], timestamp: i64) -> Result<Signed, String> {
        let mut headers = Headers::new();
        if self.signing != Signing::Sign {
            return Ok(Signed {
                url: None,
                headers,
                body: None,
            });
        }
        if let Some(name) = &self.id_header {
            headers.push(name.as_str(), header_value(name.as_str(), id)?);
        }
        let scheme = &self.provider.scheme;
        let message = Message {
            method: self.method.as_str(),
            ..Message::post(id, timestamp, body)
        };
        let signed_body = match scheme.sign_body(&self.secret, &message) {
            Some(signed) => Some(signed.map_err(|e| e.to_string())?),
            None => None,
        };
        let body = signed_body.as_deref().unwrap_or(body);
        let (url, signed_url) = if scheme.signs_url() {
            let url = scheme.url_for(self.url.as_str(), body);
            let signed = match &self.signed_url {
                Some(signed) => scheme.url_for(signed, body),
                None => url.clone(),
            };
            let url = parse_url(&url).map_err(|e| e.to_string())?;
            (Some(url), Some(signed))
        } else {
            (None, None)
        };
        let message = Message {
            method: self.method.as_str(),
            ..Message::post(id, timestamp, body)
                .to(Some(signed_url.as_deref().unwrap_or(self.url.as_str())))
        };
        let signed = scheme
            .sign(&self.secret, &message)
            .map_err(|e| e.to_string())?;
        for (name, value) in signed.iter() {
            if !is_token(name) {
                return Err(format!("header name '{name}' is not a valid HTTP token"));
            }
            header_value(name, value)?;
        }
        headers.extend(signed);
        Ok(Signed {
            url,
            headers,
            body: signed_body,
        })
    }

    /// The request for this event with another id and body, signed at
    /// `timestamp`: [`Outgoing::sign`] applied over the event's headers.
    pub fn prepare(&self, id: &str, body: Bytes, timestamp: i64) -> Result<Prepared, String> {
        let signed = self.sign(id, &body, timestamp)?;
        // Sized for what signing adds: a clone is full, and inserting into
        // a full map rehashes it.
        let mut headers = HeaderMap::with_capacity(self.headers.len() + signed.headers.len() + 1);
        headers.extend(self.headers.clone());
        for (name, value) in signed.headers.iter() {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| e.to_string())?;
            let value = HeaderValue::from_str(value).map_err(|e| e.to_string())?;
            headers.insert(name, value);
        }
        Ok(Prepared {
            url: signed.url.unwrap_or_else(|| self.url.clone()),
            headers,
            body: signed.body.map_or(body, Bytes::from),
        })
    }

    /// The request as it goes on the wire when signed at `timestamp`.
    pub fn wire(&self, timestamp: i64) -> Result<Vec<u8>, String> {
        let prepared = self.prepare(self.id(), self.body.clone(), timestamp)?;
        Ok(crate::http::wire::render(
            self.method.as_str(),
            &prepared.url,
            &prepared.headers,
            &prepared.body,
        ))
    }

    /// The request for this event with another id and body, signed at `timestamp`.
    pub fn request_with(
        &self,
        client: &reqwest::Client,
        id: &str,
        body: Bytes,
        timestamp: i64,
    ) -> Result<reqwest::RequestBuilder, String> {
        let prepared = self.prepare(id, body, timestamp)?;
        Ok(client
            .request(self.method.clone(), prepared.url)
            .headers(prepared.headers)
            .body(prepared.body))
    }

    fn request(
        &self,
        client: &reqwest::Client,
        timestamp: i64,
    ) -> Result<reqwest::RequestBuilder, String> {
        self.request_with(client, self.id(), self.body.clone(), timestamp)
    }
}

/// Whether the scheme itself writes header `name` (Standard Webhooks writes
/// webhook-id; GitHub's scheme does not write X-GitHub-Delivery). Signing a
/// probe also proves the secret is usable.
fn scheme_writes(provider: &Provider, secret: &Secret, name: &str) -> Result<bool, DeliveryError> {
    let probe = Message::post("probe", 0, b"");
    let signed = provider
        .scheme
        .sign(secret, &probe)
        .map_err(|source| DeliveryError::Secret {
            provider: provider.name.to_string(),
            source,
        })?;
    Ok(signed.get(name).is_some())
}

pub fn parse_url(url: &str) -> Result<reqwest::Url, DeliveryError> {
    let invalid = |reason: String| DeliveryError::InvalidUrl {
        url: url.to_string(),
        reason,
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid(format!(
            "scheme '{}' is not http or https",
            parsed.scheme()
        )));
    }
    Ok(parsed)
}

/// `value` when it may go on the wire as header `name`'s. The value is not
/// repeated in the error: a bearer scheme's header value is the secret.
fn header_value<'v>(name: &str, value: &'v str) -> Result<&'v str, String> {
    if is_field_value(value) {
        Ok(value)
    } else {
        Err(format!(
            "the value of header {name} has a control character, which HTTP does not allow"
        ))
    }
}

fn header_name(name: &str) -> Result<HeaderName, DeliveryError> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|e| DeliveryError::InvalidHeader {
        name: name.to_string(),
        reason: e.to_string(),
    })
}

/// Headers as reqwest wants them; repeated names are kept.
pub fn header_map(headers: &Headers) -> Result<HeaderMap, DeliveryError> {
    let mut map = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers.iter() {
        let value = HeaderValue::from_str(value).map_err(|e| DeliveryError::InvalidHeader {
            name: name.to_string(),
            reason: e.to_string(),
        })?;
        map.append(header_name(name)?, value);
    }
    Ok(map)
}

/// What came back from one attempt.
#[derive(Debug, Clone)]
pub enum AttemptResult {
    Status {
        status: u16,
        body: Bytes,
    },
    /// No answer: the one-line reason (refused, DNS, TLS, timeout...).
    Error(String),
}

/// One attempt at delivering one copy of an event.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub seq: Option<u64>,
    /// 0 for the delivery itself, n for the nth duplicate.
    pub copy: u32,
    /// 1-based, per copy.
    pub number: u32,
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    pub provider: &'static str,
    pub url: String,
    /// The unix time the attempt was signed at.
    pub timestamp: i64,
    pub latency: Duration,
    pub response: AttemptResult,
    /// Whether the provider would count this as delivered.
    pub success: bool,
    /// Whether another attempt of this copy follows.
    pub will_retry: bool,
}

impl Attempt {
    pub fn status(&self) -> Option<u16> {
        match self.response {
            AttemptResult::Status { status, .. } => Some(status),
            AttemptResult::Error(_) => None,
        }
    }

    /// The `--json` record of an attempt.
    pub fn to_json(&self) -> Value {
        let mut record = json!({
            "event_id": self.event_id,
            "event_type": self.event_type,
            "provider": self.provider,
            "url": self.url,
            "copy": self.copy,
            "attempt": self.number,
            "timestamp": self.timestamp,
            "latency_ms": (self.latency.as_secs_f64() * 1e6).round() / 1e3,
            "success": self.success,
            "will_retry": self.will_retry,
        });
        if let Some(seq) = self.seq {
            record["seq"] = json!(seq);
        }
        match &self.response {
            AttemptResult::Status { status, body } => {
                record["status"] = json!(status);
                record["response_size"] = json!(body.len());
                record["response_body"] = json!(String::from_utf8_lossy(body));
            }
            AttemptResult::Error(error) => {
                record["status"] = Value::Null;
                record["error"] = json!(error);
            }
        }
        record
    }
}

/// Receives every attempt as it happens (printing, a progress bar, a UI).
pub trait Observer: Send + Sync {
    fn attempt(&self, attempt: &Attempt);

    /// A wait before retrying `failed`; the returned guard lives for the wait
    /// (a countdown can clear itself when dropped).
    fn waiting(&self, _failed: &Attempt, _wait: Duration) -> Box<dyn Send> {
        Box::new(())
    }

    /// Whether [`Observer::request`] wants each request (rendering costs).
    fn shows_requests(&self) -> bool {
        false
    }

    /// The request about to be sent, as it goes on the wire.
    fn request(&self, _wire: &[u8]) {}
}

/// Sends one request and reads the whole answer.
async fn attempt_once(
    client: &reqwest::Client,
    outgoing: &Outgoing,
    timestamp: i64,
) -> (Duration, AttemptResult) {
    let started = Instant::now();
    let request = match outgoing.request(client, timestamp) {
        Ok(request) => request,
        Err(reason) => return (started.elapsed(), AttemptResult::Error(reason)),
    };
    let url = outgoing.url.as_str();
    let response = match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            match crate::http::read_capped(response, crate::http::ANSWER_KEPT).await {
                Ok(body) => AttemptResult::Status {
                    status,
                    body: body.kept,
                },
                Err(err) => AttemptResult::Error(crate::http::describe_error(&err, url)),
            }
        }
        Err(err) => AttemptResult::Error(crate::http::describe_error(&err, url)),
    };
    (started.elapsed(), response)
}

/// Delivers `outgoing` as the provider would: each copy (the event and `plan.duplicates`
/// more, all with the same id) is attempted, then retried after each of
/// `plan.waits` until one attempt succeeds. Returns whether every copy was delivered.
pub async fn deliver(
    client: &reqwest::Client,
    outgoing: &Outgoing,
    plan: &Plan,
    observer: &dyn Observer,
) -> bool {
    let mut all_delivered = true;
    for copy in 0..=plan.duplicates {
        let mut waits = plan.waits.iter();
        let mut number = 1;
        loop {
            let timestamp = crate::clock::unix_now();
            if observer.shows_requests() {
                if let Ok(wire) = outgoing.wire(timestamp) {
                    observer.request(&wire);
                }
            }
            let (latency, response) = attempt_once(client, outgoing, timestamp).await;
            let success = matches!(response, AttemptResult::Status { status, .. } if outgoing.provider.success.accepts(status));
            let next_wait = if success { None } else { waits.next().copied() };
            let attempt = Attempt {
                seq: outgoing.seq,
                copy,
                number,
                event_id: outgoing.event_id.clone(),
                event_type: outgoing.event_type.clone(),
                provider: outgoing.provider.name,
                url: outgoing.url.to_string(),
                timestamp,
                latency,
                response,
                success,
                will_retry: next_wait.is_some(),
            };
            observer.attempt(&attempt);
            let Some(wait) = next_wait else {
                all_delivered &= success;
                break;
            };
            let _countdown = observer.waiting(&attempt, wait);
            tokio::time::sleep(wait).await;
            number += 1;
        }
    }
    all_delivered
}

/// How many events were delivered and how many were not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub delivered: u64,
    pub failed: u64,
}

/// Delivers many events, `concurrency` at a time, each with [`deliver`].
/// Delivers events as they arrive on `events`, at most `concurrency` at
/// once: a task is spawned only when a slot is free, so however many events
/// the stream holds, memory holds `concurrency` in flight plus the channel's
/// few waiting (`replay --all` over a large store).
pub async fn deliver_stream(
    client: &reqwest::Client,
    mut events: tokio::sync::mpsc::Receiver<Outgoing>,
    plan: &Plan,
    concurrency: usize,
    observer: Arc<dyn Observer>,
) -> Totals {
    let semaphore = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    let mut totals = Totals::default();
    let count = |totals: &mut Totals, result: Result<bool, tokio::task::JoinError>| match result {
        Ok(true) => totals.delivered += 1,
        _ => totals.failed += 1,
    };
    while let Some(outgoing) = events.recv().await {
        let Ok(permit) = Arc::clone(&semaphore).acquire_owned().await else {
            break;
        };
        while let Some(done) = tasks.try_join_next() {
            count(&mut totals, done);
        }
        let (client, plan, observer) = (client.clone(), plan.clone(), Arc::clone(&observer));
        tasks.spawn(async move {
            let _permit = permit;
            deliver(&client, &outgoing, &plan, observer.as_ref()).await
        });
    }
    while let Some(done) = tasks.join_next().await {
        count(&mut totals, done);
    }
    totals
}

/// [`deliver_stream`] over events already in memory (replays by sequence number).
pub async fn deliver_all(
    client: &reqwest::Client,
    events: Vec<Outgoing>,
    plan: &Plan,
    concurrency: usize,
    observer: Arc<dyn Observer>,
) -> Totals {
    let (queue, stream) = tokio::sync::mpsc::channel(events.len().max(1));
    for outgoing in events {
        // The channel holds them all: sending cannot wait or fail.
        let _ = queue.try_send(outgoing);
    }
    drop(queue);
    deliver_stream(client, stream, plan, concurrency, observer).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outgoing(provider: &str, secret: &str, headers: &Headers) -> Outgoing {
        let provider = crate::providers::find(provider).unwrap().clone();
        let body = Bytes::from_static(b"{}");
        let (id, url) = (Some("id_1".to_string()), "http://127.0.0.1:9/hook");
        let secret = Secret::new(secret);
        Outgoing::new(
            provider,
            secret,
            reqwest::Method::POST,
            url,
            id,
            None,
            body,
            headers,
            Signing::Sign,
        )
        .unwrap()
    }

    #[test]
    fn a_header_value_http_does_not_allow_is_refused_without_being_shown() {
        // GitLab's header carries the secret itself.
        let event = outgoing("gitlab", "glpat-line\nbreak", &Headers::new());
        let err = event.sign("id_1", b"{}", 0).unwrap_err();
        assert!(err.to_ascii_lowercase().contains("x-gitlab-token"), "{err}");
        assert!(!err.contains("glpat"), "{err}");
        let event = outgoing("github", "s3cret", &Headers::new());
        let err = event.sign("bad\rid", b"{}", 0).unwrap_err();
        assert!(err.contains("x-github-delivery"), "{err}");
    }

    #[test]
    fn what_signing_adds_replaces_the_events_own_headers() {
        let own = Headers::from_pairs(&[
            ("X-Hub-Signature-256", "sha256=stale"),
            ("X-GitHub-Delivery", "old"),
            ("X-GitHub-Event", "push"),
        ]);
        let event = outgoing("github", "s3cret", &own);
        let prepared = event.prepare("id_2", Bytes::from_static(b"{}"), 0).unwrap();
        let values = |name: &str| {
            prepared
                .headers
                .get_all(name)
                .iter()
                .map(|v| v.to_str().unwrap().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(values("x-github-delivery"), ["id_2"]);
        assert_eq!(values("x-github-event"), ["push"]);
        let signature = values("x-hub-signature-256");
        assert_eq!(signature.len(), 1);
        assert_ne!(signature[0], "sha256=stale");
        assert_eq!(prepared.url.as_str(), "http://127.0.0.1:9/hook");
    }
}
